//! Evaluations (跟踪评价): stored runs of the composite-indicator frameworks, and one run's results
//! (ranking, grades, explanations, indicators) as result tables.
//!
//! A run scores units over the whole province (chains, cities, counties, towns, parks or
//! enterprises) and its results are computed from every enterprise, so only roles whose scope is
//! the whole province read them ([`Permission::ReadEvaluations`]); a scoped view would have to be
//! a run over the scope, which is not offered here. Runs are started with `chainchief evaluate run
//! --store` (see crates/server/API.md for why there is no POST).

use analytics::evaluation::{self, tables};
use analytics::table::Table;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use store::EvaluationRunSummary;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_EVALUATIONS;
use crate::auth::{Permission, Principal};
use crate::request::{Page, Pagination, Path, Query, chinese};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_runs))
        .routes(routes!(show_run))
}

/// An engine failure as the API answers it: the database's own errors keep their meaning
/// (503 when it is away); anything else is logged and answers 500.
pub(crate) fn engine_error(error: analytics::AnalyticsError) -> ApiError {
    match error {
        analytics::AnalyticsError::Store(e) => ApiError::from(e),
        other => {
            tracing::error!(error = %other, "engine failed");
            ApiError::internal()
        }
    }
}

/// A stored evaluation run.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationRun {
    pub id: i64,
    /// Framework id, e.g. `key-chain-development`.
    pub framework: String,
    pub framework_version: String,
    /// The framework's name and the year, e.g. `重点产业链发展评价 2025`.
    pub title: String,
    pub title_en: String,
    /// `chain`, `region`, `town`, `park` or `enterprise`.
    pub unit_kind: String,
    pub year: u16,
    pub created_at: String,
    /// Units evaluated.
    pub subjects: i64,
    pub actor: Option<String>,
    pub engine: String,
    /// SHA-256 of the input snapshot and of the results (reproducibility).
    pub input_digest: String,
    pub result_digest: String,
}

impl EvaluationRun {
    fn of(run: EvaluationRunSummary) -> Self {
        let (zh, en) = evaluation::shipped(&run.framework_id).map_or_else(
            |_| (run.framework_id.clone(), run.framework_id.clone()),
            |f| (f.name_zh, f.name_en),
        );
        EvaluationRun {
            title: format!("{zh} {}", run.year),
            title_en: format!("{en} {}", run.year),
            id: run.id,
            framework: run.framework_id,
            framework_version: run.framework_version,
            unit_kind: run.unit_kind,
            year: run.year,
            created_at: run.created_at,
            subjects: run.units,
            actor: run.actor,
            engine: run.engine,
            input_digest: run.input_digest,
            result_digest: run.result_digest,
        }
    }
}

/// Stored evaluation runs, newest first.
#[utoipa::path(
    get,
    path = "/evaluations",
    tag = TAG_EVALUATIONS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_evaluations"))),
    params(Pagination),
    responses((status = 200, description = "Stored runs", body = Page<EvaluationRun>))
)]
async fn list_runs(
    State(state): State<AppState>,
    principal: Principal,
    Query(page): Query<Pagination>,
) -> Result<Json<Page<EvaluationRun>>, ApiError> {
    principal.require(Permission::ReadEvaluations)?;
    let (limit, offset) = page.checked()?;
    // Runs are few (one per framework and year, re-runs kept): listed whole, paged here.
    let runs = state.store.list_evaluation_runs(None).await?;
    let total = runs.len() as i64;
    let items = runs
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(EvaluationRun::of)
        .collect();
    Ok(Json(Page {
        total,
        offset,
        limit,
        items,
    }))
}

/// One run's results.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationResult {
    pub run: EvaluationRun,
    /// First and last reporting period the data covered (`YYYY-MM`).
    pub periods: [String; 2],
    /// Units best first: rank, code, name, score, grade, largest lift and drag, missing data.
    pub ranking: Table,
    /// Units per grade (and those without a score or not evaluated): grade, units, share.
    pub grades: Table,
    /// Per unit and indicator: value, normalised value, mean unit, effective weight, points.
    pub explanations: Table,
    /// The framework's indicators: weight, source, used or dropped and why.
    pub indicators: Table,
    /// Rank intervals from an uncertainty analysis (code, name, nominal, mean, median, q05,
    /// q95). Not computed inside a request: empty unless a stored analysis exists
    /// (`chainchief evaluate sensitivity` computes one).
    pub intervals: Table,
    pub warnings: Vec<String>,
}

/// Language of the cell texts.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// The rank-interval table, without rows.
fn empty_intervals() -> Table {
    Table {
        columns: tables::rank_interval_columns(),
        rows: Vec::new(),
    }
}

/// One stored run: ranking, grade distribution, explanations and indicators.
#[utoipa::path(
    get,
    path = "/evaluations/{id}",
    tag = TAG_EVALUATIONS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_evaluations"))),
    params(("id" = i64, Path, description = "Run id"), LangQuery),
    responses((status = 200, description = "The run and its results", body = EvaluationResult))
)]
async fn show_run(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    Query(query): Query<LangQuery>,
) -> Result<Json<EvaluationResult>, ApiError> {
    principal.require(Permission::ReadEvaluations)?;
    let chinese = chinese(query.lang.as_deref().map(str::trim))?;
    let not_found = || ApiError::not_found("评价结果", "evaluation run");
    let summary = state
        .store
        .list_evaluation_runs(None)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(not_found)?;
    let stored = evaluation::stored_run(&state.store, id)
        .await
        .map_err(|e| match e {
            analytics::AnalyticsError::Evaluation(evaluation::EvaluationError::RunNotFound(_)) => {
                not_found()
            }
            other => engine_error(other),
        })?;
    let report = &stored.report;
    Ok(Json(EvaluationResult {
        run: EvaluationRun::of(summary),
        periods: report.periods.clone(),
        ranking: tables::ranking_table(report, chinese),
        grades: tables::grade_table(report, chinese),
        explanations: tables::explanation_table(report, None, chinese),
        indicators: tables::indicator_table(report, chinese),
        intervals: empty_intervals(),
        warnings: report.warnings.clone(),
    }))
}
