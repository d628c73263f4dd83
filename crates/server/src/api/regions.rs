//! Regions (GB/T 2260): one region with its sub-regions and the number of enterprises in the
//! caller's scope registered in each.
//!
//! Region names are public; the counts are computed in SQL with the caller's scope applied. A
//! region bureau sees its own region and the regions below it (another answers 404 like an
//! unknown code); under a sharing grant that does not include the region field every count is
//! 0, since counts by region would reveal it.

use axum::Json;
use axum::extract::State;
use model::{RegionCode, RegionLevel};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_REFERENCE;
use crate::auth::{Permission, Principal};
use crate::request::Path;
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(region))
}

/// A sub-region with the enterprises in the caller's scope registered in it or below it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionChild {
    pub code: String,
    pub name: String,
    /// `province`, `city` or `county`.
    pub level: String,
    pub enterprise_count: i64,
}

/// A region, its parent and its sub-regions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    pub code: String,
    pub name: String,
    /// `province`, `city` or `county`.
    pub level: String,
    pub parent: Option<String>,
    pub parent_name: Option<String>,
    /// Sub-regions (cities of a province, counties of a city), with counts in scope.
    pub children: Vec<RegionChild>,
    /// Enterprises in the caller's scope registered in the region or below it.
    pub enterprise_count: i64,
}

fn level(region: RegionCode) -> &'static str {
    match region.level() {
        RegionLevel::Province => "province",
        RegionLevel::City => "city",
        RegionLevel::County => "county",
    }
}

/// One region with its sub-regions and the enterprise counts within the caller's scope.
#[utoipa::path(
    get,
    path = "/regions/{code}",
    tag = TAG_REFERENCE,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_public"))),
    params(("code" = String, Path, description = "GB/T 2260 code, e.g. 140100")),
    responses((status = 200, description = "The region", body = RegionView))
)]
async fn region(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
) -> Result<Json<RegionView>, ApiError> {
    principal.require(Permission::ReadPublic)?;
    let not_found = || ApiError::not_found("地区", "region");
    let region = RegionCode::parse(&code).map_err(|_| not_found())?;
    let scope = principal.scope();
    // A region bureau's view ends at its own region.
    if let Some(regions) = &scope.enterprises.regions
        && !scope.is_shared()
        && !regions.iter().any(|r| region.is_within(*r))
    {
        return Err(not_found());
    }
    // Counting by region would reveal the region of enterprises whose region a sharing grant
    // does not give: such a caller counts no enterprise.
    let counted = if scope.shows_field("region") {
        scope.enterprises.clone()
    } else {
        store::EnterpriseScope::nothing()
    };
    let (total, counts) = state
        .store
        .enterprise_counts_in_region(&counted, region)
        .await?;
    let children = region
        .children()
        .map(|child| RegionChild {
            code: child.to_string(),
            name: child.name().to_owned(),
            level: level(child).to_owned(),
            enterprise_count: counts
                .iter()
                .find(|(c, _)| *c == i64::from(child.as_u32()))
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    Ok(Json(RegionView {
        code: region.to_string(),
        name: region.name().to_owned(),
        level: level(region).to_owned(),
        parent: region.parent().map(|p| p.to_string()),
        parent_name: region.parent().map(|p| p.name().to_owned()),
        children,
        enterprise_count: total,
    }))
}
