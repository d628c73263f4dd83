//! Eligibility (梯度培育, 链主, 链核): screening the enterprises in the caller's scope for a title,
//! and one enterprise's eligibility explained.
//!
//! The screening loads only the enterprises in the caller's scope (the scope is part of the
//! store's enterprise filter), so verdicts, counts and totals never involve anything else. The
//! rules read an enterprise's filed facts (revenue, R&D, patents…), which no sharing grant gives:
//! departments and external viewers may not use these endpoints. One enterprise's explanation is
//! a read of enterprise data and is recorded in the audit trail with it as the subject.

use std::sync::OnceLock;

use analytics::eligibility::{self, VerdictCounts};
use analytics::table::Table;
use axum::extract::State;
use axum::response::Response;
use model::{RegionCode, TitleKind, Uscc};
use rules::{Date, Evaluator, Lang, PipelineOptions, RuleBook, Verdict};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_ELIGIBILITY;
use crate::api::evaluations::engine_error;
use crate::audit::{AuditNote, audited};
use crate::auth::{Permission, Principal};
use crate::request::{Pagination, Path, Query};
use crate::{ApiError, AppState, now, today};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(screening))
        .routes(routes!(enterprise_eligibility))
}

/// The shipped rule sets, parsed once.
fn book() -> Result<&'static RuleBook, ApiError> {
    static BOOK: OnceLock<Option<RuleBook>> = OnceLock::new();
    BOOK.get_or_init(|| {
        RuleBook::builtin()
            .map_err(|e| tracing::error!(error = %e, "the shipped rule sets do not load"))
            .ok()
    })
    .as_ref()
    .ok_or_else(ApiError::internal)
}

fn parse_lang(text: Option<&str>) -> Result<Lang, ApiError> {
    match text {
        None => Ok(Lang::Zh),
        Some(text) => Lang::parse(text).ok_or_else(|| {
            ApiError::invalid("lang", "lang 只能是 zh 或 en", "lang must be zh or en")
        }),
    }
}

fn parse_date(text: Option<&str>) -> Result<Date, ApiError> {
    let text = text.map_or_else(|| today(now()), str::to_owned);
    Date::parse(&text).map_err(|e| {
        ApiError::invalid(
            "date",
            format!("日期有误（应为 YYYY-MM-DD）：{e}"),
            format!("Invalid date (YYYY-MM-DD): {e}"),
        )
    })
}

/// `all` or absent: every title with a rule set in force; otherwise one title code.
fn parse_titles(text: Option<&str>, evaluator: &Evaluator<'_>) -> Result<Vec<TitleKind>, ApiError> {
    let titles = match text.map(str::trim) {
        None | Some("") | Some("all") => eligibility::titles_in_force(evaluator),
        Some(text) => vec![TitleKind::parse(text).ok_or_else(|| {
            ApiError::invalid(
                "title",
                "title 应为称号代码（innovative_sme、specialised_sme、little_giant、single_champion、high_tech、chain_master、chain_core）或 all",
                "title must be a title code (innovative_sme, specialised_sme, little_giant, single_champion, high_tech, chain_master, chain_core) or all",
            )
        })?],
    };
    if titles.is_empty() {
        return Err(ApiError::invalid(
            "date",
            "该日期没有有效的认定规则",
            "No rule set is in force on that date",
        ));
    }
    // A title without a rule set in force for this date and authority cannot be screened.
    let in_force = eligibility::titles_in_force(evaluator);
    if let Some(missing) = titles.iter().find(|t| !in_force.contains(t)) {
        return Err(ApiError::invalid(
            "title",
            format!("{} 在该日期没有有效的认定规则", missing.as_str()),
            format!("{} has no rule set in force on that date", missing.as_str()),
        ));
    }
    Ok(titles)
}

/// Filters of a screening.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScreeningQuery {
    /// Title code (`innovative_sme`, `specialised_sme`, `little_giant`, `single_champion`,
    /// `high_tech`, `chain_master`, `chain_core`) or `all` (default: every title in force).
    pub title: Option<String>,
    /// Members of this chain only (its region's rules apply).
    pub chain: Option<String>,
    /// GB/T 2260 code: enterprises of this region or below (its province's rules apply).
    pub region: Option<String>,
    /// Rows of one verdict only: `qualifies`, `does_not_qualify` or `cannot_tell` (counts
    /// still cover every enterprise screened).
    pub verdict: Option<String>,
    /// Date the rules are applied on (YYYY-MM-DD, default today).
    pub date: Option<String>,
    /// Language of the cell texts: `zh` (default) or `en`.
    pub lang: Option<String>,
    /// Rows per page, 1 to 500 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// Rows to skip (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
}

/// The shared [`Pagination`] check, on the text of `limit` and `offset`: they are read as text
/// so that a value that is not a number is refused naming its own field (as an out-of-range one
/// is), not the whole query string.
fn page_bounds(limit: Option<&str>, offset: Option<&str>) -> Result<(i64, i64), ApiError> {
    // Not a number: a value the range check refuses (limit 0, offset -1), same field and message.
    let number = |text: &str, refused: i64| text.trim().parse::<i64>().unwrap_or(refused);
    Pagination {
        limit: limit.map(|text| number(text, 0)),
        offset: offset.map(|text| number(text, -1)),
    }
    .checked()
}

/// Verdicts of one title over every enterprise screened.
#[derive(Debug, Serialize, ToSchema)]
pub struct TitleCounts {
    pub title: String,
    pub qualifies: usize,
    pub does_not_qualify: usize,
    pub cannot_tell: usize,
}

impl From<&VerdictCounts> for TitleCounts {
    fn from(c: &VerdictCounts) -> Self {
        TitleCounts {
            title: c.title.as_str().to_owned(),
            qualifies: c.qualifies,
            does_not_qualify: c.does_not_qualify,
            cannot_tell: c.cannot_tell,
        }
    }
}

/// A screening: one page of rows (enterprise × title: verdict, score, route, gaps…) as a result
/// table, with the total and the verdict counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScreeningPage {
    /// The columns of `rules::SCREEN_COLUMNS`.
    pub columns: Vec<analytics::table::Column>,
    /// This page's rows.
    pub rows: Vec<Vec<analytics::table::Cell>>,
    /// Rows matching (after the verdict filter), within the caller's scope.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    /// Enterprises screened (all in the caller's scope).
    pub enterprises: usize,
    pub date: String,
    /// The evaluating authority's region (whose provincial rule sets apply), if any.
    pub authority: Option<String>,
    pub titles: Vec<String>,
    /// Per title, over every enterprise screened.
    pub counts: Vec<TitleCounts>,
}

/// Screens the enterprises in the caller's scope for a title (or every title in force).
#[utoipa::path(
    get,
    path = "/eligibility",
    tag = TAG_ELIGIBILITY,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_eligibility"))),
    params(ScreeningQuery),
    responses((status = 200, description = "One page of the screening", body = ScreeningPage))
)]
async fn screening(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<ScreeningQuery>,
) -> Result<axum::Json<ScreeningPage>, ApiError> {
    principal.require(Permission::ReadEligibility)?;
    let scope = &principal.scope().enterprises;
    let lang = parse_lang(query.lang.as_deref())?;
    let date = parse_date(query.date.as_deref())?;
    let (limit, offset) = page_bounds(query.limit.as_deref(), query.offset.as_deref())?;
    let region = query
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            RegionCode::parse(r).map_err(|e| {
                ApiError::invalid(
                    "region",
                    format!("地区代码有误：{e}"),
                    format!("Invalid region code: {e}"),
                )
            })
        })
        .transpose()?;
    let verdict = query
        .verdict
        .as_deref()
        .map(|text| {
            [
                Verdict::Qualifies,
                Verdict::DoesNotQualify,
                Verdict::CannotTell,
            ]
            .into_iter()
            .find(|v| v.as_str() == text.trim())
            .ok_or_else(|| {
                ApiError::invalid(
                    "verdict",
                    "verdict 只能是 qualifies、does_not_qualify 或 cannot_tell",
                    "verdict must be qualifies, does_not_qualify or cannot_tell",
                )
            })
        })
        .transpose()?;
    let chain = query
        .chain
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if let Some(code) = &chain {
        // A chain the caller may not see answers like a missing one.
        state
            .store
            .chain_by_code(scope, code)
            .await?
            .ok_or_else(|| ApiError::not_found("产业链", "chain"))?;
    }
    let wanted = eligibility::Scope { chain, region };
    let mut resolved = wanted.resolve(&state.store).await.map_err(engine_error)?;
    // Only the enterprises in the caller's scope are loaded and screened.
    resolved.filter.scope = scope.clone();
    let data = eligibility::load(&state.store, &resolved.filter)
        .await
        .map_err(engine_error)?;
    let book = book()?;
    let evaluator = resolved.evaluator(book, date);
    let titles = parse_titles(query.title.as_deref(), &evaluator)?;
    let screened = eligibility::screen(&data.facts, &evaluator, &titles, verdict, lang)
        .map_err(engine_error)?;
    let total = screened.table.rows.len() as i64;
    let rows = screened
        .table
        .rows
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    Ok(axum::Json(ScreeningPage {
        columns: screened.table.columns,
        rows,
        total,
        offset,
        limit,
        enterprises: data.len(),
        date: date.to_string(),
        authority: resolved.authority.map(|r| r.to_string()),
        titles: titles.iter().map(|t| t.as_str().to_owned()).collect(),
        counts: screened.counts.iter().map(TitleCounts::from).collect(),
    }))
}

/// Options of one enterprise's explanation.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplainQuery {
    /// Title code or `all` (default: every title in force).
    pub title: Option<String>,
    /// Date the rules are applied on (YYYY-MM-DD, default today).
    pub date: Option<String>,
    /// Language of the cell texts: `zh` (default) or `en`.
    pub lang: Option<String>,
}

/// One enterprise's eligibility: the explanation table (title, part, item, outcome, detail) and
/// the verdict of each title.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseEligibility {
    pub columns: Vec<analytics::table::Column>,
    pub rows: Vec<Vec<analytics::table::Cell>>,
    pub uscc: String,
    pub name: Option<String>,
    pub date: String,
    pub authority: Option<String>,
    pub verdicts: Vec<TitleVerdict>,
    /// Cultivation pipelines the enterprise is in (stage, title, valid_until, days_left).
    #[schema(value_type = Vec<Object>)]
    pub pipelines: Vec<eligibility::PipelineMark>,
}

/// A title's verdict for the enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct TitleVerdict {
    pub title: String,
    /// `qualifies`, `does_not_qualify` or `cannot_tell`.
    pub verdict: String,
}

/// One enterprise's eligibility explained: every title's verdict, score, route, gaps and the
/// facts it lacks.
#[utoipa::path(
    get,
    path = "/enterprises/{uscc}/eligibility",
    tag = TAG_ELIGIBILITY,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_eligibility"))),
    params(("uscc" = String, Path, description = "统一社会信用代码"), ExplainQuery),
    responses((status = 200, description = "The explanation", body = EnterpriseEligibility))
)]
async fn enterprise_eligibility(
    State(state): State<AppState>,
    principal: Principal,
    Path(uscc): Path<String>,
    Query(query): Query<ExplainQuery>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadEligibility)?;
    let not_found = || ApiError::not_found("企业", "enterprise");
    let uscc = Uscc::parse(&uscc).map_err(|_| not_found())?;
    let lang = parse_lang(query.lang.as_deref())?;
    let date = parse_date(query.date.as_deref())?;
    // Scope first: an enterprise outside it answers like a missing one.
    state
        .store
        .enterprise_by_uscc(&principal.scope().enterprises, &uscc)
        .await?
        .ok_or_else(not_found)?;
    let data = eligibility::load_enterprise(&state.store, &uscc)
        .await
        .map_err(engine_error)?
        .ok_or_else(not_found)?;
    let authority = data
        .facts
        .first()
        .and_then(eligibility::enterprise_authority);
    let book = book()?;
    let evaluator = eligibility::evaluator(book, date, authority);
    let titles = parse_titles(query.title.as_deref(), &evaluator)?;
    let explanation =
        eligibility::explain(&data, 0, &evaluator, &titles, &PipelineOptions::default())
            .map_err(engine_error)?;
    let Table { columns, rows } = eligibility::explanation_table(&explanation, lang);
    let body = EnterpriseEligibility {
        columns,
        rows,
        uscc: uscc.to_string(),
        name: explanation.name.clone(),
        date: date.to_string(),
        authority: explanation.authority.clone(),
        verdicts: explanation
            .evaluations
            .iter()
            .map(|e| TitleVerdict {
                title: e.title.as_str().to_owned(),
                verdict: e.verdict.as_str().to_owned(),
            })
            .collect(),
        pipelines: explanation.pipelines.clone(),
    };
    let note = AuditNote {
        subjects: vec![uscc.to_string()],
        rows: 1,
        detail: "eligibility".into(),
        ..AuditNote::default()
    };
    Ok(audited(axum::Json(body), note))
}
