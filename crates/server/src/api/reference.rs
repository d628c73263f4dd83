//! Reference lists: parks, professional towns and indicator definitions (public to every signed-in
//! role), and import batches (province staff only).

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use store::ImportBatch;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_REFERENCE;
use crate::auth::{Permission, Principal};
use crate::request::{Page, Pagination, Query};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_parks))
        .routes(routes!(list_towns))
        .routes(routes!(list_indicators))
        .routes(routes!(list_batches))
}

/// A development zone or industrial park.
#[derive(Debug, Serialize, ToSchema)]
pub struct Park {
    pub code: String,
    pub name: String,
    pub region: String,
    pub region_name: String,
    /// 国家级 / 省级 …
    pub level: String,
    pub available_land_ha: Option<f64>,
    pub standard_factory_m2: Option<f64>,
}

/// Parks and development zones.
#[utoipa::path(
    get,
    path = "/parks",
    tag = TAG_REFERENCE,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_public"))),
    responses((status = 200, description = "Parks", body = Vec<Park>))
)]
async fn list_parks(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<Vec<Park>>, ApiError> {
    principal.require(Permission::ReadPublic)?;
    let parks = state.store.list_parks().await?;
    Ok(Json(
        parks
            .into_iter()
            .map(|p| Park {
                region: p.region.to_string(),
                region_name: p.region.name().to_owned(),
                code: p.code,
                name: p.name,
                level: p.level,
                available_land_ha: p.available_land_ha,
                standard_factory_m2: p.standard_factory_m2,
            })
            .collect(),
    ))
}

/// A professional town (专业镇).
#[derive(Debug, Serialize, ToSchema)]
pub struct Town {
    pub code: String,
    pub name: String,
    pub region: String,
    pub region_name: String,
    /// province / city / county tier of the designation.
    pub tier: String,
    pub field: String,
    pub industries: Vec<String>,
    pub designated: Option<String>,
    pub batch: Option<u16>,
    pub note: Option<String>,
}

/// Designated professional towns.
#[utoipa::path(
    get,
    path = "/towns",
    tag = TAG_REFERENCE,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_public"))),
    responses((status = 200, description = "Professional towns", body = Vec<Town>))
)]
async fn list_towns(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<Vec<Town>>, ApiError> {
    principal.require(Permission::ReadPublic)?;
    let towns = state.store.list_towns().await?;
    Ok(Json(
        towns
            .into_iter()
            .map(|t| Town {
                region: t.region.to_string(),
                region_name: t.region.name().to_owned(),
                industries: t.industries.iter().map(|i| i.as_str().to_owned()).collect(),
                code: t.code,
                name: t.name,
                tier: t.tier,
                field: t.field,
                designated: t.designated,
                batch: t.batch,
                note: t.note,
            })
            .collect(),
    ))
}

/// An indicator definition.
#[derive(Debug, Serialize, ToSchema)]
pub struct Indicator {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    /// `monthly`, `quarterly` or `annual`.
    pub frequency: String,
    /// `sum`, `mean`, `ratio` or `stock`.
    pub aggregation: String,
    pub comparable_price: bool,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
}

/// Indicator definitions.
#[utoipa::path(
    get,
    path = "/indicators",
    tag = TAG_REFERENCE,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_public"))),
    responses((status = 200, description = "Indicators", body = Vec<Indicator>))
)]
async fn list_indicators(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<Vec<Indicator>>, ApiError> {
    principal.require(Permission::ReadPublic)?;
    let indicators = state.store.list_indicators().await?;
    Ok(Json(
        indicators
            .into_iter()
            .map(|i| Indicator {
                frequency: i.frequency.as_str().to_owned(),
                aggregation: i.aggregation.as_str().to_owned(),
                code: i.code,
                name_zh: i.name_zh,
                name_en: i.name_en,
                unit: i.unit,
                comparable_price: i.comparable_price,
                numerator: i.numerator,
                denominator: i.denominator,
            })
            .collect(),
    ))
}

/// Import batches, newest first.
#[utoipa::path(
    get,
    path = "/batches",
    tag = TAG_REFERENCE,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_batches"))),
    params(Pagination),
    responses((status = 200, description = "Import batches", body = Page<ImportBatch>))
)]
async fn list_batches(
    State(state): State<AppState>,
    principal: Principal,
    Query(page): Query<Pagination>,
) -> Result<Json<Page<ImportBatch>>, ApiError> {
    principal.require(Permission::ReadBatches)?;
    let (limit, offset) = page.checked()?;
    let page = state.store.list_batches(limit, offset).await?;
    Ok(Json(Page::from_store(page, |b| b)))
}
