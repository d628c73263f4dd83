//! Operation monitoring (产业链运行监测): rollups of an indicator by chain, node, segment, region,
//! park…, graded warnings, and progress toward targets, as `analytics::table::Table`s.
//!
//! The monitoring inputs of the whole province come from the in-memory [`crate::engine_cache`];
//! for a caller whose scope is narrower they are first restricted to the enterprises in its scope
//! (`MonitoringData::restricted`), so that every total, count and growth rate covers those
//! enterprises only. Results naming individual enterprises (rollups by enterprise, enterprise
//! warnings) are audited with those enterprises as subjects.

use std::collections::HashSet;
use std::sync::Arc;

use analytics::monitoring::{self, MonitoringData};
use analytics::table::Table;
use axum::extract::State;
use axum::response::Response;
use model::{Period, RegionCode, RegionLevel};
use monitor::{RollupSpec, Subject, WarningRules, standard};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_MONITORING;
use crate::api::engine::{blocking, subjects};
use crate::audit::{AuditNote, audited};
use crate::auth::{Permission, Principal, Scope};
use crate::request::{MAX_LIMIT, Query, chinese};
use crate::{ApiError, AppState, now, today};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rollup))
        .routes(routes!(warnings))
        .routes(routes!(targets))
}

/// Dimensions a rollup may cross (codes of `monitor::standard` plus the key-chain total).
const DIMENSIONS: [&str; 12] = [
    standard::CHAIN,
    standard::NODE,
    standard::SEGMENT,
    standard::PROVINCE,
    standard::CITY,
    standard::COUNTY,
    standard::PARK,
    standard::TOWN,
    standard::TITLE,
    standard::SIZE,
    standard::ENTERPRISE,
    monitoring::KEY_CHAINS,
];

/// The monitoring inputs restricted to the enterprises in `scope` (the cached province-wide data
/// itself for a caller who sees everything).
pub(crate) async fn scoped_monitoring(
    state: &AppState,
    scope: &Scope,
) -> Result<Arc<MonitoringData>, ApiError> {
    let titles_on = today(now());
    let all = state.engines.monitoring(&state.store, &titles_on).await?;
    if scope.enterprises.is_everything() {
        return Ok(all);
    }
    // Kept per scope as well, so that polling dashboards do not copy the panels every time.
    let key = format!("{titles_on}|{:?}", scope.enterprises);
    state
        .engines
        .scoped_monitoring(&key, || async {
            let ids: HashSet<i64> = state
                .store
                .enterprise_ids_in(&scope.enterprises)
                .await?
                .into_iter()
                .collect();
            blocking(move || Ok(all.restricted(|id| ids.contains(&id))?)).await
        })
        .await
}

fn period(field: &str, text: Option<&str>) -> Result<Option<Period>, ApiError> {
    text.map(|t| {
        t.parse::<Period>().map_err(|e| {
            ApiError::invalid(
                field,
                format!("{field} 须为 YYYY-MM 格式的报告期：{e}"),
                format!("{field} must be a reporting period YYYY-MM: {e}"),
            )
        })
    })
    .transpose()
}

fn region(text: Option<&str>) -> Result<Option<RegionCode>, ApiError> {
    text.map(|r| {
        RegionCode::parse(r).map_err(|e| {
            ApiError::invalid(
                "region",
                format!("地区代码有误：{e}"),
                format!("Invalid region code: {e}"),
            )
        })
    })
    .transpose()
}

/// The frame dimension holding a region's code.
fn region_dimension(region: RegionCode) -> &'static str {
    match region.level() {
        RegionLevel::Province => standard::PROVINCE,
        RegionLevel::City => standard::CITY,
        RegionLevel::County => standard::COUNTY,
    }
}

/// Checks a chain filter against the chains the caller may see (an unknown chain and one
/// outside the scope answer alike).
async fn chain_filter(
    state: &AppState,
    scope: &Scope,
    chain: Option<String>,
) -> Result<Option<String>, ApiError> {
    let Some(chain) = chain else {
        return Ok(None);
    };
    match state
        .store
        .chain_by_code(&scope.enterprises, &chain)
        .await?
    {
        Some(_) => Ok(Some(chain)),
        None => Err(ApiError::invalid(
            "chain",
            "没有这个产业链",
            "No such chain",
        )),
    }
}

/// `(dimension, label)` restrictions from the chain and region filters.
fn within(chain: Option<&str>, region: Option<RegionCode>) -> Vec<(String, String)> {
    let mut within = Vec::new();
    if let Some(chain) = chain {
        within.push((standard::CHAIN.to_owned(), chain.to_owned()));
    }
    if let Some(region) = region {
        within.push((region_dimension(region).to_owned(), region.to_string()));
    }
    within
}

/// Whether every `(dimension, label)` names a label the frame knows; a filter naming a label
/// nobody holds selects nobody.
fn labels_known(data: &MonitoringData, within: &[(String, String)]) -> bool {
    within.iter().all(|(dimension, label)| {
        data.monitor
            .frame()
            .dimension(dimension)
            .is_ok_and(|(_, d)| d.labels().iter().any(|l| l == label))
    })
}

/// The response: a table, audited when it carries enterprise-level figures.
fn respond(table: Table, enterprise_column: Option<&str>) -> Response {
    match enterprise_column {
        Some(key) => {
            let subjects = subjects(&table, key);
            let rows = table.rows.len() as i64;
            audited(
                axum::Json(table),
                AuditNote {
                    subjects,
                    rows,
                    ..Default::default()
                },
            )
        }
        None => axum::response::IntoResponse::into_response(axum::Json(table)),
    }
}

/// What to roll up.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollupQuery {
    /// Indicator code (e.g. `output_value`, `electricity`, `profit_margin`); every indicator when
    /// omitted.
    pub indicator: Option<String>,
    /// Dimensions to cross, comma-separated: `chain` (default), `node`, `segment`, `province`,
    /// `city`, `county`, `park`, `town`, `title`, `size`, `enterprise`, `key_chains`.
    pub by: Option<String>,
    /// Reporting period `YYYY-MM` (`YYYY-02` is 1–2月); the latest when neither it nor
    /// `from`/`to` is given.
    pub period: Option<String>,
    /// First period of a range (inclusive; instead of `period`).
    pub from: Option<String>,
    /// Last period of a range (inclusive; instead of `period`).
    pub to: Option<String>,
    /// Only enterprises of this chain (and, when rolling up by node, only its nodes).
    pub chain: Option<String>,
    /// Only enterprises in this region (GB/T 2260 province, city or county code) or below.
    pub region: Option<String>,
    /// Only 规模以上 enterprises.
    pub above_size: Option<bool>,
    /// Language of names in the table: `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// Figures of one indicator (or all) by a dimension: 当月, 累计, their 同比, 环比 and the
/// reporting and comparable enterprise counts, computed over the enterprises in the caller's
/// scope only; one row per group, indicator and period.
#[utoipa::path(
    get,
    path = "/monitoring/rollup",
    tag = TAG_MONITORING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_analyses"))),
    params(RollupQuery),
    responses((status = 200, description = "The rollup (rollup_table)", body = Table))
)]
async fn rollup(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<RollupQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadAnalyses)?;
    let chinese = chinese(query.lang.as_deref())?;
    let by: Vec<String> = query
        .by
        .as_deref()
        .unwrap_or(standard::CHAIN)
        .split(',')
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    let mut seen = HashSet::new();
    for d in &by {
        if !DIMENSIONS.contains(&d.as_str()) || !seen.insert(d.clone()) {
            return Err(ApiError::invalid(
                "by",
                format!("by 须为不重复的维度：{}", DIMENSIONS.join("、")),
                format!(
                    "by must list distinct dimensions of: {}",
                    DIMENSIONS.join(", ")
                ),
            ));
        }
    }
    let single = period("period", query.period.as_deref())?;
    let from = period("from", query.from.as_deref())?;
    let to = period("to", query.to.as_deref())?;
    if single.is_some() && (from.is_some() || to.is_some()) {
        return Err(ApiError::invalid(
            "period",
            "period 与 from/to 只能给一种",
            "Give either period or from/to, not both",
        ));
    }
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(ApiError::invalid(
            "from",
            "from 不能晚于 to",
            "from must not be after to",
        ));
    }
    let region = region(query.region.as_deref())?;
    let scope = principal.scope();
    let chain = chain_filter(&state, scope, query.chain).await?;
    let data = scoped_monitoring(&state, scope).await?;
    if let Some(indicator) = &query.indicator
        && data.monitor.measure(indicator).is_err()
    {
        return Err(ApiError::invalid(
            "indicator",
            "没有这个指标",
            "No such indicator",
        ));
    }
    let mut spec = RollupSpec::by(&by.iter().map(String::as_str).collect::<Vec<_>>());
    spec.measures = query.indicator.into_iter().collect();
    spec.above_designated_size_only = query.above_size.unwrap_or(false);
    spec.within = within(chain.as_deref(), region);
    let names_enterprises = by.iter().any(|d| d == standard::ENTERPRISE);
    let table = blocking(move || {
        if !labels_known(&data, &spec.within) {
            // Nobody holds the label: run over nobody so that the columns are still named.
            let nobody = data.restricted(|_| false)?;
            spec.within.clear();
            let rollup = nobody.monitor.rollup(&spec)?;
            return Ok(monitoring::rollup_table(&nobody, &rollup, &[], chinese));
        }
        let axis = data.monitor.axis();
        let periods: Vec<Period> = match (single, from, to) {
            (None, None, None) => vec![axis.last()],
            (Some(p), _, _) => vec![p],
            (None, from, to) => axis
                .periods()
                .filter(|p| from.is_none_or(|f| *p >= f) && to.is_none_or(|t| *p <= t))
                .collect(),
        };
        let rollup = data.monitor.rollup(&spec)?;
        if periods.is_empty() {
            // A range outside the data: the columns, no rows (an empty list would mean "all").
            let mut table = monitoring::rollup_table(&data, &rollup, &[], chinese);
            table.rows.clear();
            return Ok(table);
        }
        Ok(monitoring::rollup_table(&data, &rollup, &periods, chinese))
    })
    .await?;
    Ok(respond(
        table,
        names_enterprises.then_some("enterprise_code"),
    ))
}

/// Which warnings.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningQuery {
    /// `enterprise` (default) or a group dimension (`chain`, `node`, `segment`, `city`,
    /// `county`, `park`, `town`…).
    pub level: Option<String>,
    /// Period evaluated (`YYYY-MM`); the latest when omitted.
    pub at: Option<String>,
    /// Only enterprises (or groups) of this chain.
    pub chain: Option<String>,
    /// Only enterprises (or groups) in this region or below.
    pub region: Option<String>,
    /// Most warnings returned, reddest first: 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// Graded warnings (预警: blue, orange, red) with the rule that fired and its figures, reddest
/// first, computed over the enterprises in the caller's scope only.
#[utoipa::path(
    get,
    path = "/monitoring/warnings",
    tag = TAG_MONITORING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_analyses"))),
    params(WarningQuery),
    responses((status = 200, description = "The warnings (warning_table)", body = Table))
)]
async fn warnings(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<WarningQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadAnalyses)?;
    let chinese = chinese(query.lang.as_deref())?;
    let level = query
        .level
        .unwrap_or_else(|| standard::ENTERPRISE.to_owned());
    if !DIMENSIONS.contains(&level.as_str()) {
        return Err(ApiError::invalid(
            "level",
            format!("level 须为 {} 之一", DIMENSIONS.join("、")),
            format!("level must be one of {}", DIMENSIONS.join(", ")),
        ));
    }
    let at = period("at", query.at.as_deref())?;
    let limit = query.limit.unwrap_or(crate::request::DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("limit 须在 1 到 {MAX_LIMIT} 之间"),
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let region = region(query.region.as_deref())?;
    let scope = principal.scope();
    let chain = chain_filter(&state, scope, query.chain).await?;
    let data = scoped_monitoring(&state, scope).await?;
    let enterprise_level = level == standard::ENTERPRISE;
    let table = blocking(move || {
        let rules = WarningRules::builtin()?;
        let at = at.unwrap_or_else(|| data.monitor.axis().last());
        let within = within(chain.as_deref(), region);
        let found = if !labels_known(&data, &within) {
            Vec::new()
        } else if enterprise_level {
            let frame = data.monitor.frame();
            let keys: Vec<(usize, u32)> = within
                .iter()
                .filter_map(|(d, l)| {
                    let (position, dimension) = frame.dimension(d).ok()?;
                    let key = dimension.labels().iter().position(|x| x == l)?;
                    Some((position, key as u32))
                })
                .collect();
            monitor::evaluate_enterprises(&data.monitor, &rules, at)?
                .into_iter()
                .filter(|w| match &w.subject {
                    Subject::Enterprise { index, .. } => keys.iter().all(|&(d, k)| {
                        frame.dimensions()[d]
                            .keys_of(*index as usize)
                            .binary_search(&k)
                            .is_ok()
                    }),
                    Subject::Group { .. } => true,
                })
                .collect()
        } else {
            let mut spec = RollupSpec::by(&[level.as_str()]);
            spec.within = within;
            let rollup = data.monitor.rollup(&spec)?;
            monitor::evaluate_groups(&rollup, &rules, at)?
        };
        let mut table = monitoring::warning_table(&data, &found, chinese);
        table.rows.truncate(limit as usize);
        Ok(table)
    })
    .await?;
    Ok(respond(table, enterprise_level.then_some("subject_code")))
}

/// Whose targets.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    /// Only this chain's targets; otherwise every chain the caller may see and the MIIT 2027
    /// targets.
    pub chain: Option<String>,
    /// `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// Progress toward the chains' annual targets (链长制) and the MIIT 2027 targets, with figures
/// computed over the enterprises in the caller's scope only.
#[utoipa::path(
    get,
    path = "/monitoring/targets",
    tag = TAG_MONITORING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_analyses"))),
    params(TargetQuery),
    responses((status = 200, description = "Target progress (target_table)", body = Table))
)]
async fn targets(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<TargetQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadAnalyses)?;
    let chinese = chinese(query.lang.as_deref())?;
    let scope = principal.scope();
    let only = chain_filter(&state, scope, query.chain).await?;
    let mut stored = Vec::new();
    for chain in state.store.list_chain_summaries(&scope.enterprises).await? {
        if only.as_ref().is_none_or(|c| *c == chain.code) {
            stored.extend(state.store.chain_targets(&chain.code).await?);
        }
    }
    let data = scoped_monitoring(&state, scope).await?;
    let with_miit = only.is_none();
    let table = blocking(move || {
        let items = monitoring::target_progress(&data, &stored, with_miit, chinese)?;
        Ok(monitoring::target_table(&items, chinese))
    })
    .await?;
    Ok(respond(table, None))
}
