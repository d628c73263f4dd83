//! Enterprises: the filtered, sorted, paginated list; one enterprise's profile; its indicator
//! series; and who read its data.
//!
//! Every query runs with the caller's `EnterpriseScope`, so totals, pages and lookups only ever
//! see rows in scope. Reads of one enterprise's data, and every read through a sharing grant, are
//! recorded in the audit trail with the enterprises read as subjects.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use model::{IndustryCode, RegionCode, SizeClass, Uscc};
use serde::{Deserialize, Serialize};
use store::{
    AuditFilter, DesignationEntry, EnterpriseFilter, EnterpriseRow, EnterpriseSort,
    MembershipEntry, SupplySide,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_ENTERPRISES;
use crate::audit::{AuditNote, audited};
use crate::auth::{Permission, Principal, Scope};
use crate::request::{Page, Pagination, Path, Query};
use crate::response_cache::{json_response, to_bytes};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_enterprises))
        .routes(routes!(enterprise_profile))
        .routes(routes!(enterprise_series))
        .routes(routes!(access_log))
}

/// An enterprise as lists show it. Fields a sharing grant does not give are null.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseItem {
    /// 统一社会信用代码.
    pub uscc: String,
    pub name: String,
    /// GB/T 2260 code of its county (or city).
    pub region: Option<String>,
    pub region_name: Option<String>,
    /// GB/T 4754 code.
    pub industry: Option<String>,
    pub industry_name: Option<String>,
    /// `large`, `medium`, `small` or `micro`.
    pub size_class: Option<String>,
    /// 规上.
    pub above_designated_size: Option<bool>,
    /// Park code.
    pub park: Option<String>,
    pub founded: Option<u16>,
}

/// The row as the caller may see it (fields outside a grant are left out).
fn item(scope: &Scope, row: EnterpriseRow) -> EnterpriseItem {
    let show = |field: &str| scope.shows_field(field);
    EnterpriseItem {
        uscc: row.uscc.to_string(),
        name: row.name,
        region: show("region").then(|| row.region.to_string()),
        region_name: show("region").then(|| row.region_name.to_owned()),
        industry: show("industry").then(|| row.industry.as_str().to_owned()),
        industry_name: show("industry").then(|| row.industry_name.to_owned()),
        size_class: show("size_class").then(|| row.size_class.as_str().to_owned()),
        above_designated_size: show("above_designated_size").then_some(row.above_designated_size),
        park: row.park.filter(|_| show("park")),
        founded: row.founded.filter(|_| show("founded")),
    }
}

/// Filters and order of the enterprise list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnterpriseQuery {
    /// GB/T 2260 code: the region or anything below it.
    pub region: Option<String>,
    /// GB/T 4754 code prefix (a 大类 matches its 中类 and 小类).
    pub industry: Option<String>,
    /// Member of any node of this chain.
    pub chain: Option<String>,
    /// Park code.
    pub park: Option<String>,
    /// `large`, `medium`, `small` or `micro`.
    pub size_class: Option<String>,
    /// 规上 only (true) or below (false).
    pub above_designated_size: Option<bool>,
    /// Part of the name or the USCC.
    pub search: Option<String>,
    /// `name`, `uscc`, `region`, `industry` or `founded`; prefix `-` for descending.
    pub sort: Option<String>,
}

fn parse_sort(text: &str) -> Result<(EnterpriseSort, bool), ApiError> {
    let (descending, key) = match text.strip_prefix('-') {
        Some(key) => (true, key),
        None => (false, text),
    };
    let sort = match key {
        "name" => EnterpriseSort::Name,
        "uscc" => EnterpriseSort::Uscc,
        "region" => EnterpriseSort::Region,
        "industry" => EnterpriseSort::Industry,
        "founded" => EnterpriseSort::Founded,
        _ => {
            return Err(ApiError::invalid(
                "sort",
                "sort 只能是 name、uscc、region、industry 或 founded（前加 - 为降序）",
                "sort must be name, uscc, region, industry or founded (prefix - for descending)",
            ));
        }
    };
    Ok((sort, descending))
}

impl EnterpriseQuery {
    /// The store filter: the caller's scope plus the query's own restrictions.
    fn filter(self, scope: &Scope) -> Result<EnterpriseFilter, ApiError> {
        let region = self
            .region
            .map(|r| {
                RegionCode::parse(&r).map_err(|e| {
                    ApiError::invalid(
                        "region",
                        format!("地区代码有误：{e}"),
                        format!("Invalid region code: {e}"),
                    )
                })
            })
            .transpose()?;
        let industry = self
            .industry
            .map(|i| {
                IndustryCode::parse(&i).map_err(|e| {
                    ApiError::invalid(
                        "industry",
                        format!("行业代码有误：{e}"),
                        format!("Invalid industry code: {e}"),
                    )
                })
            })
            .transpose()?;
        let size_class = self
            .size_class
            .map(|s| {
                SizeClass::parse(&s).ok_or_else(|| {
                    ApiError::invalid(
                        "size_class",
                        "规模只能是 large、medium、small 或 micro",
                        "size_class must be large, medium, small or micro",
                    )
                })
            })
            .transpose()?;
        let (sort, descending) = self
            .sort
            .as_deref()
            .map_or(Ok((EnterpriseSort::Name, false)), parse_sort)?;
        // Filtering on a field the caller may not see would reveal it through the total.
        for (given, field) in [
            (region.is_some(), "region"),
            (industry.is_some(), "industry"),
            (size_class.is_some(), "size_class"),
            (
                self.above_designated_size.is_some(),
                "above_designated_size",
            ),
            (self.park.is_some(), "park"),
        ] {
            if given && !scope.shows_field(field) {
                return Err(ApiError::invalid(
                    field,
                    "数据共享授权不包含此字段，不能按它筛选",
                    "Your data-sharing grant does not include this field; it cannot be filtered on",
                ));
            }
        }
        let sort_field = match sort {
            EnterpriseSort::Region => Some("region"),
            EnterpriseSort::Industry => Some("industry"),
            EnterpriseSort::Founded => Some("founded"),
            EnterpriseSort::Name | EnterpriseSort::Uscc => None,
        };
        if sort_field.is_some_and(|f| !scope.shows_field(f)) {
            return Err(ApiError::invalid(
                "sort",
                "数据共享授权不包含此字段，不能按它排序",
                "Your data-sharing grant does not include this field; it cannot be sorted on",
            ));
        }
        Ok(EnterpriseFilter {
            scope: scope.enterprises.clone(),
            region,
            industry,
            chain: self.chain,
            size_class,
            above_designated_size: self.above_designated_size,
            park: self.park,
            search: self.search,
            sort,
            descending,
        })
    }
}

/// The note a shared-data read leaves in the audit trail.
fn shared_read(scope: &Scope, subjects: Vec<String>, rows: i64) -> AuditNote {
    AuditNote {
        subjects,
        grant: scope.grants.first().copied(),
        rows,
        ..Default::default()
    }
}

/// Enterprises within the caller's scope, filtered, sorted and paginated.
#[utoipa::path(
    get,
    path = "/enterprises",
    tag = TAG_ENTERPRISES,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_enterprises"))),
    params(EnterpriseQuery, Pagination),
    responses((status = 200, description = "One page of enterprises", body = Page<EnterpriseItem>))
)]
async fn list_enterprises(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<EnterpriseQuery>,
    Query(page): Query<Pagination>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadEnterprises)?;
    let (limit, offset) = page.checked()?;
    let scope = principal.scope();
    let filter = query.filter(scope)?;
    if !scope.is_shared() {
        // Not audited, so the same body may serve every caller with this scope and query.
        let key = format!(
            "enterprises|{:?}|{}",
            scope.enterprises,
            raw.unwrap_or_default()
        );
        let body = state
            .responses
            .get_or_compute(&key, || async {
                let rows = state.store.list_enterprises(&filter, limit, offset).await?;
                to_bytes(&Page::from_store(rows, |row| item(scope, row)))
            })
            .await?;
        return Ok(json_response(body));
    }
    let rows = state.store.list_enterprises(&filter, limit, offset).await?;
    let subjects: Vec<String> = rows.items.iter().map(|r| r.uscc.to_string()).collect();
    let n = subjects.len() as i64;
    let body = axum::Json(Page::from_store(rows, |row| item(scope, row)));
    Ok(audited(body, shared_read(scope, subjects, n)))
}

/// One enterprise with its chain memberships, designations and supply links.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseProfile {
    pub enterprise: EnterpriseItem,
    pub memberships: Vec<MembershipEntry>,
    pub designations: Vec<DesignationEntry>,
    /// Its suppliers (null when the caller may not read supply links); counterparts outside the
    /// caller's scope are only counted.
    pub suppliers: Option<SupplySide>,
    pub customers: Option<SupplySide>,
}

/// Named counterparts shown per side.
const SUPPLY_LIMIT: i64 = 100;

fn parse_uscc(text: &str) -> Result<Uscc, ApiError> {
    // A malformed code can name no enterprise: answer like any unknown one.
    Uscc::parse(text).map_err(|_| ApiError::not_found("企业", "enterprise"))
}

/// Loads the enterprise if it is inside the caller's scope (404 otherwise).
async fn visible(state: &AppState, scope: &Scope, uscc: &str) -> Result<EnterpriseRow, ApiError> {
    let uscc = parse_uscc(uscc)?;
    state
        .store
        .enterprise_by_uscc(&scope.enterprises, &uscc)
        .await?
        .ok_or_else(|| ApiError::not_found("企业", "enterprise"))
}

/// One enterprise's profile: registry row, memberships, designations, suppliers and customers.
#[utoipa::path(
    get,
    path = "/enterprises/{uscc}",
    tag = TAG_ENTERPRISES,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_enterprises"))),
    params(("uscc" = String, Path, description = "统一社会信用代码")),
    responses((status = 200, description = "The enterprise", body = EnterpriseProfile))
)]
async fn enterprise_profile(
    State(state): State<AppState>,
    principal: Principal,
    Path(uscc): Path<String>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadEnterprises)?;
    let scope = principal.scope();
    let row = visible(&state, scope, &uscc).await?;
    let (memberships, designations) = if scope.is_shared() {
        (Vec::new(), Vec::new())
    } else {
        (
            state.store.enterprise_memberships(row.id).await?,
            state.store.enterprise_designations(row.id).await?,
        )
    };
    let supply_grant = scope.supply_access(row.region);
    let (suppliers, customers) = match supply_grant {
        Some(_) => (
            Some(
                state
                    .store
                    .enterprise_supply(row.id, true, &scope.counterparts, SUPPLY_LIMIT)
                    .await?,
            ),
            Some(
                state
                    .store
                    .enterprise_supply(row.id, false, &scope.counterparts, SUPPLY_LIMIT)
                    .await?,
            ),
        ),
        None => (None, None),
    };
    let subject = row.uscc.to_string();
    let grant = supply_grant
        .flatten()
        .or_else(|| scope.grants.first().copied());
    let body = axum::Json(EnterpriseProfile {
        enterprise: item(scope, row),
        memberships,
        designations,
        suppliers,
        customers,
    });
    Ok(audited(
        body,
        AuditNote {
            subjects: vec![subject],
            grant: grant.filter(|_| scope.is_shared()),
            rows: 1,
            ..Default::default()
        },
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPoint {
    /// NBS reporting period `YYYY-MM` (`YYYY-02` is 1–2月 combined).
    pub period: String,
    pub value: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Series {
    pub uscc: String,
    pub indicator: String,
    pub points: Vec<SeriesPoint>,
}

/// One enterprise's values of one indicator, oldest first (a sharing grant limits the periods).
#[utoipa::path(
    get,
    path = "/enterprises/{uscc}/series/{indicator}",
    tag = TAG_ENTERPRISES,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_enterprises"))),
    params(
        ("uscc" = String, Path, description = "统一社会信用代码"),
        ("indicator" = String, Path, description = "Indicator code, e.g. output_value")
    ),
    responses((status = 200, description = "The series", body = Series))
)]
async fn enterprise_series(
    State(state): State<AppState>,
    principal: Principal,
    Path((uscc, indicator)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadEnterprises)?;
    let scope = principal.scope();
    let row = visible(&state, scope, &uscc).await?;
    let window = scope
        .series_access(row.region, &indicator)
        .ok_or_else(|| ApiError::not_found("指标数据", "series"))?;
    let known = state
        .store
        .list_indicators()
        .await?
        .iter()
        .any(|i| i.code == indicator);
    if !known {
        return Err(ApiError::not_found("指标", "indicator"));
    }
    let points = state
        .store
        .enterprise_series(row.id, &indicator, window.from, window.to)
        .await?;
    let rows = points.len() as i64;
    let body = axum::Json(Series {
        uscc: row.uscc.to_string(),
        indicator,
        points: points
            .into_iter()
            .map(|(period, value)| SeriesPoint {
                period: period.to_string(),
                value,
            })
            .collect(),
    });
    Ok(audited(
        body,
        AuditNote {
            subjects: vec![row.uscc.to_string()],
            grant: window.grant,
            rows,
            ..Default::default()
        },
    ))
}

/// One read of an enterprise's data, as the enterprise sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessEntry {
    /// ISO time (UTC).
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    /// HTTP status of the read.
    pub outcome: String,
    /// The sharing grant the read went through, if any.
    pub grant_id: Option<i64>,
}

/// Who read this enterprise's data, newest first (from the audit trail).
#[utoipa::path(
    get,
    path = "/enterprises/{uscc}/access-log",
    tag = TAG_ENTERPRISES,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_access_log"))),
    params(("uscc" = String, Path, description = "统一社会信用代码"), Pagination),
    responses((status = 200, description = "Reads of the enterprise's data", body = Page<AccessEntry>))
)]
async fn access_log(
    State(state): State<AppState>,
    principal: Principal,
    Path(uscc): Path<String>,
    Query(page): Query<Pagination>,
) -> Result<axum::Json<Page<AccessEntry>>, ApiError> {
    principal.require(Permission::ReadAccessLog)?;
    let (limit, offset) = page.checked()?;
    let row = visible(&state, principal.scope(), &uscc).await?;
    let filter = AuditFilter {
        subject: Some(row.uscc.to_string()),
        ..Default::default()
    };
    let events = state.store.list_audit(&filter, limit, offset).await?;
    Ok(axum::Json(Page::from_store(events, |e| AccessEntry {
        at: model::time::iso_utc(e.record.at),
        actor: e.record.actor,
        role: e.record.role,
        action: e.record.action,
        outcome: e.record.outcome,
        grant_id: e.record.grant_id,
    })))
}
