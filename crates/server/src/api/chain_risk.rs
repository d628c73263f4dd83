//! A chain's risk report (产业链风险评估): findings (gaps 缺链, weak links 弱链, single points of
//! failure, external dependency, concentration, chain-master dependency, systemic firms), the
//! figures of every node, and the most systemic member firms by ESRI.
//!
//! The report is computed over the caller's scope only: the risk inputs (enterprises, supply
//! links, memberships) are restricted to the enterprises in scope when they are loaded
//! (`analytics::risk::load_within`, kept per scope in [`crate::engine_cache`]). A chain the
//! caller may not see answers 404 like a missing one. The report names enterprises, so the read
//! is audited with them as subjects.

use std::collections::HashSet;

use ::risk::CascadeOptions;
use ::risk::structure::{Lang, RiskThresholds};
use analytics::AnalyticsError;
use analytics::risk as engine;
use analytics::table::Table;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_CHAINS;
use crate::api::engine::{blocking, subjects};
use crate::audit::{AuditNote, audited};
use crate::auth::{Permission, Principal};
use crate::request::chinese;
use crate::request::{Path, Query};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(chain_risk))
}

/// A chain's risk report as named tables.
#[derive(Debug, Serialize, ToSchema)]
pub struct RiskReport {
    /// One row per finding, in the report's order, explained (findings_table).
    pub findings: Table,
    /// Coverage, concentration and external dependency of every node (nodes_table).
    pub nodes: Table,
    /// The chain's most systemic member firms by ESRI (report_systemic_table).
    pub systemic: Table,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskQuery {
    /// Firms listed in rankings, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub top: Option<usize>,
    /// `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// The risk report of one chain, computed over the enterprises in the caller's scope, from the
/// latest year of stored supply links.
#[utoipa::path(
    get,
    path = "/chains/{code}/risk",
    tag = TAG_CHAINS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_analyses"))),
    params(("code" = String, Path, description = "Chain code, e.g. SX-01"), RiskQuery),
    responses((status = 200, description = "The report: findings, nodes, systemic", body = RiskReport))
)]
async fn chain_risk(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
    Query(query): Query<RiskQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadAnalyses)?;
    let lang = if chinese(query.lang.as_deref())? {
        Lang::Zh
    } else {
        Lang::En
    };
    let top = query.top.unwrap_or(RiskThresholds::default().top);
    if !(1..=100).contains(&top) {
        return Err(ApiError::invalid(
            "top",
            "top 须在 1 到 100 之间",
            "top must be between 1 and 100",
        ));
    }
    let scope = &principal.scope().enterprises;
    let not_found = || ApiError::not_found("产业链", "chain");
    state
        .store
        .chain_by_code(scope, &code)
        .await?
        .ok_or_else(not_found)?;
    let keep: Option<HashSet<i64>> = if scope.is_everything() {
        None
    } else {
        Some(
            state
                .store
                .enterprise_ids_in(scope)
                .await?
                .into_iter()
                .collect(),
        )
    };
    let key = format!("{scope:?}");
    let data = match state.engines.risk(&state.store, &key, keep.as_ref()).await {
        Ok(data) => data,
        Err(AnalyticsError::NoSupplyLinks { .. }) => {
            return Err(ApiError::not_found("供应链关系数据", "supply-link data"));
        }
        Err(e) => return Err(e.into()),
    };
    let report = blocking(move || {
        if data.chain(&code).is_err() {
            return Err(not_found());
        }
        let thresholds = RiskThresholds {
            top,
            ..RiskThresholds::default()
        };
        // One ESRI cascade per member firm, on one thread per core.
        let result =
            engine::chain_report(&data, &code, &thresholds, &CascadeOptions::default(), 0)?;
        Ok(RiskReport {
            findings: engine::findings_table(&result, lang),
            nodes: engine::nodes_table(&result, lang),
            systemic: engine::report_systemic_table(&result, lang),
        })
    })
    .await?;
    let mut named = subjects(&report.findings, "uscc");
    for uscc in subjects(&report.systemic, "uscc") {
        if !named.contains(&uscc) {
            named.push(uscc);
        }
    }
    let rows =
        (report.findings.rows.len() + report.nodes.rows.len() + report.systemic.rows.len()) as i64;
    Ok(audited(
        axum::Json(report),
        AuditNote {
            subjects: named,
            rows,
            ..Default::default()
        },
    ))
}
