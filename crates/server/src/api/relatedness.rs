//! Relatedness (产业关联): industries to attract to a county, city or park, and candidate
//! enterprises outside the province for a chain's missing (缺链) and weak (弱链) nodes.
//!
//! Both compare every place of the province (RCA, relatedness density, complexity) and look at
//! enterprises outside it, so they cannot be computed over a narrower scope without changing
//! what they mean; they need `read_province_analyses` (administrators and province analysts,
//! whose scope is the whole province). The location × industry table is kept in memory per
//! location level ([`crate::engine_cache`]). Investment targets name enterprises, so that read
//! is audited with them as subjects.

use analytics::AnalyticsError;
use analytics::relatedness::{self, LocationLevel, TargetSpec};
use analytics::table::Table;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use model::{RegionCode, RegionLevel};
use relate::{RecommendOptions, Strategy};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::engine::{blocking, subjects};
use crate::api::{TAG_CHAINS, TAG_RELATEDNESS};
use crate::audit::{AuditNote, audited};
use crate::auth::{Permission, Principal};
use crate::request::chinese;
use crate::request::{Path, Query};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recommendations))
        .routes(routes!(investment_targets))
}

fn location_error(error: AnalyticsError) -> ApiError {
    match error {
        AnalyticsError::UnknownLocation { .. } => ApiError::not_found("地点", "location"),
        AnalyticsError::UnknownChain { .. } => ApiError::not_found("产业链", "chain"),
        AnalyticsError::NoData { .. } => ApiError::not_found("数据", "data"),
        e => e.into(),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationQuery {
    /// A county or city (GB/T 2260 code); give this or `park`.
    pub region: Option<String>,
    /// A park (its code, e.g. P140101); give this or `region`.
    pub park: Option<String>,
    /// Strategy profile: `nearby` (就近延伸, default), `ladder` (攀升价值链) or `long_jumps`
    /// (战略跃迁).
    pub profile: Option<String>,
    /// Industries returned, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub top: Option<usize>,
    /// Accepted for symmetry with the other engine endpoints (the table names both languages).
    pub lang: Option<String>,
}

/// Industries a county, city or park lacks, ranked under a strategy profile and each explained
/// by the related industries it has (relatedness density, PCI, COG).
#[utoipa::path(
    get,
    path = "/recommendations",
    tag = TAG_RELATEDNESS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_province_analyses"))),
    params(RecommendationQuery),
    responses((status = 200, description = "Recommended industries (recommendation_table)", body = Table))
)]
async fn recommendations(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<RecommendationQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadProvinceAnalyses)?;
    chinese(query.lang.as_deref())?;
    let (level, code) = match (query.region, query.park) {
        (Some(region), None) => {
            let code = RegionCode::parse(&region).map_err(|e| {
                ApiError::invalid(
                    "region",
                    format!("地区代码有误：{e}"),
                    format!("Invalid region code: {e}"),
                )
            })?;
            let level = match code.level() {
                RegionLevel::County => LocationLevel::County,
                RegionLevel::City => LocationLevel::City,
                RegionLevel::Province => {
                    return Err(ApiError::invalid(
                        "region",
                        "请给出县区或地市代码",
                        "Give a county or city code",
                    ));
                }
            };
            (level, code.to_string())
        }
        (None, Some(park)) => (LocationLevel::Park, park),
        _ => {
            return Err(ApiError::invalid(
                "region",
                "请给出 region（县区或地市）或 park 之一",
                "Give exactly one of region (county or city) and park",
            ));
        }
    };
    let strategy = match query.profile.as_deref().unwrap_or("nearby") {
        "nearby" => Strategy::NearbyOpportunities,
        "ladder" => Strategy::ClimbComplexityLadder,
        "long_jumps" => Strategy::LongJumps,
        _ => {
            return Err(ApiError::invalid(
                "profile",
                "profile 只能是 nearby、ladder 或 long_jumps",
                "profile must be nearby, ladder or long_jumps",
            ));
        }
    };
    let top = query.top.unwrap_or(20);
    if !(1..=100).contains(&top) {
        return Err(ApiError::invalid(
            "top",
            "top 须在 1 到 100 之间",
            "top must be between 1 and 100",
        ));
    }
    let data = state
        .engines
        .relatedness(&state.store, level)
        .await
        .map_err(location_error)?;
    let table = blocking(move || {
        let options = RecommendOptions {
            strategy,
            top,
            ..RecommendOptions::default()
        };
        let rec = data.recommend(&code, &options).map_err(location_error)?;
        Ok(relatedness::tables::recommendation_table(&rec))
    })
    .await?;
    Ok(axum::Json(table).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    /// Candidates per node, 1 to 50 (default as the engine's).
    #[param(minimum = 1, maximum = 50)]
    pub top: Option<usize>,
    /// `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// Candidate enterprises outside the province for the chain's missing and weak nodes, ranked
/// by size, relevance and existing links, with the parks that fit them.
#[utoipa::path(
    get,
    path = "/chains/{code}/investment-targets",
    tag = TAG_CHAINS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_province_analyses"))),
    params(("code" = String, Path, description = "Chain code, e.g. SX-01"), TargetQuery),
    responses((status = 200, description = "Candidates by node (target_table)", body = Table))
)]
async fn investment_targets(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
    Query(query): Query<TargetQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadProvinceAnalyses)?;
    let chinese = chinese(query.lang.as_deref())?;
    let mut spec = TargetSpec::new(&code);
    if let Some(top) = query.top {
        if !(1..=50).contains(&top) {
            return Err(ApiError::invalid(
                "top",
                "top 须在 1 到 50 之间",
                "top must be between 1 and 50",
            ));
        }
        spec.options.top_candidates = top;
    }
    state
        .store
        .chain_by_code(&principal.scope().enterprises, &code)
        .await?
        .ok_or_else(|| ApiError::not_found("产业链", "chain"))?;
    let data = state
        .engines
        .relatedness(&state.store, LocationLevel::County)
        .await
        .map_err(location_error)?;
    let targets = relatedness::chain_targets(&state.store, &data, &spec)
        .await
        .map_err(location_error)?;
    let table = relatedness::tables::target_table(&targets, chinese);
    let named = subjects(&table, "uscc");
    let rows = table.rows.len() as i64;
    Ok(audited(
        axum::Json(table),
        AuditNote {
            subjects: named,
            rows,
            ..Default::default()
        },
    ))
}
