//! Data-sharing grants (数据共享, Shanxi Regulation art. 10): administrators give a department or
//! an external token one dataset — fields, regions, a period range — for a purpose until a date,
//! and revoke it; every use is counted per grant. A department sees its own grants.

use axum::extract::State;
use axum::http::StatusCode;
use model::{Period, RegionCode};
use serde::{Deserialize, Serialize};
use store::{Grant as StoredGrant, NewGrant};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_SHARING;
use crate::auth::{Dataset, Permission, Principal, REGISTRY_FIELDS, Role};
use crate::request::{Json, Page, Pagination, Path, Query};
use crate::{ApiError, AppState, now, today};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_grants, add_grant))
        .routes(routes!(grant_detail, revoke_grant))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Grant {
    pub id: i64,
    /// `department` or `token`.
    pub grantee_kind: String,
    /// Department name, or token id.
    pub grantee: String,
    /// `enterprise_registry`, `indicator_series` or `supply_links`.
    pub dataset: String,
    /// Registry columns or indicator codes (empty: all).
    pub fields: Vec<String>,
    /// GB/T 2260 codes; each covers the regions below it.
    pub regions: Vec<String>,
    /// First and last reporting periods (`YYYY-MM`), when limited.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub purpose: String,
    /// Last day of validity (ISO date).
    pub valid_until: String,
    pub created_by: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
    /// In force today.
    pub active: bool,
}

impl From<StoredGrant> for Grant {
    fn from(g: StoredGrant) -> Self {
        let active = g.revoked_at.is_none() && g.grant.valid_until >= today(now());
        Grant {
            id: g.id,
            active,
            regions: g.grant.regions.iter().map(|r| r.to_string()).collect(),
            period_from: g.grant.period_from.map(|p| p.to_string()),
            period_to: g.grant.period_to.map(|p| p.to_string()),
            created_at: model::time::iso_utc(g.created_at),
            revoked_at: g.revoked_at.map(model::time::iso_utc),
            grantee_kind: g.grant.grantee_kind,
            grantee: g.grant.grantee,
            dataset: g.grant.dataset,
            fields: g.grant.fields,
            purpose: g.grant.purpose,
            valid_until: g.grant.valid_until,
            created_by: g.grant.created_by,
            revoked_by: g.revoked_by,
        }
    }
}

/// The grantee a principal may see grants of: `None` = every grant.
fn own_grantee(principal: &Principal) -> Option<(String, String)> {
    match principal.role {
        Role::Department => Some((
            "department".to_owned(),
            principal.account.department.clone().unwrap_or_default(),
        )),
        _ => None,
    }
}

/// Sharing grants, newest first (a department sees only its own).
#[utoipa::path(
    get,
    path = "/grants",
    tag = TAG_SHARING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_grants"))),
    params(Pagination),
    responses((status = 200, description = "Grants", body = Page<Grant>))
)]
async fn list_grants(
    State(state): State<AppState>,
    principal: Principal,
    Query(page): Query<Pagination>,
) -> Result<axum::Json<Page<Grant>>, ApiError> {
    principal.require(Permission::ReadGrants)?;
    let (limit, offset) = page.checked()?;
    let grantee = own_grantee(&principal);
    let grants = state
        .store
        .list_grants(
            grantee.as_ref().map(|(k, g)| (k.as_str(), g.as_str())),
            limit,
            offset,
        )
        .await?;
    Ok(axum::Json(Page::from_store(grants, Grant::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGrantBody {
    /// `department` or `token`.
    #[schema(pattern = "^(department|token)$")]
    pub grantee_kind: String,
    /// Department name, or token id.
    pub grantee: String,
    /// `enterprise_registry`, `indicator_series` or `supply_links`.
    #[schema(pattern = "^(enterprise_registry|indicator_series|supply_links)$")]
    pub dataset: String,
    /// Registry columns (region, industry, size_class, above_designated_size, park, founded) or
    /// indicator codes; empty for all.
    #[serde(default)]
    pub fields: Vec<String>,
    /// At least one GB/T 2260 code.
    #[schema(min_items = 1)]
    pub regions: Vec<String>,
    /// `YYYY-MM` reporting periods bounding indicator series.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub period_from: Option<String>,
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub period_to: Option<String>,
    pub purpose: String,
    /// Last day of validity (ISO date `YYYY-MM-DD`).
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub valid_until: String,
}

fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&text[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&text[8..10].parse::<u8>().unwrap_or(0))
}

async fn check(state: &AppState, body: NewGrantBody, by: &str) -> Result<NewGrant, ApiError> {
    let kind = body.grantee_kind.as_str();
    if !matches!(kind, "department" | "token") {
        return Err(ApiError::invalid(
            "grantee_kind",
            "被授权方只能是 department 或 token",
            "grantee_kind must be department or token",
        ));
    }
    let grantee = body.grantee.trim().to_owned();
    if grantee.is_empty() || grantee.len() > 100 {
        return Err(ApiError::invalid(
            "grantee",
            "须指定被授权方",
            "grantee is required",
        ));
    }
    if kind == "token" {
        let id = grantee.parse::<i64>().map_err(|_| {
            ApiError::invalid(
                "grantee",
                "令牌编号须为整数",
                "a token grantee is the token's id",
            )
        })?;
        state
            .store
            .token_by_id(id)
            .await?
            .ok_or_else(|| ApiError::invalid("grantee", "令牌不存在", "no such token"))?;
    }
    let dataset = Dataset::parse(&body.dataset).ok_or_else(|| {
        ApiError::invalid(
            "dataset",
            "数据集只能是 enterprise_registry、indicator_series 或 supply_links",
            "dataset must be enterprise_registry, indicator_series or supply_links",
        )
    })?;
    match dataset {
        Dataset::EnterpriseRegistry => {
            if let Some(field) = body
                .fields
                .iter()
                .find(|f| !REGISTRY_FIELDS.contains(&f.as_str()))
            {
                return Err(ApiError::invalid(
                    "fields",
                    format!("名录没有字段 {field}"),
                    format!("the registry has no field {field}"),
                ));
            }
        }
        Dataset::IndicatorSeries => {
            let indicators = state.store.list_indicators().await?;
            if let Some(field) = body
                .fields
                .iter()
                .find(|f| !indicators.iter().any(|i| &i.code == *f))
            {
                return Err(ApiError::invalid(
                    "fields",
                    format!("指标 {field} 不存在"),
                    format!("indicator {field} does not exist"),
                ));
            }
        }
        Dataset::SupplyLinks => {
            if !body.fields.is_empty() {
                return Err(ApiError::invalid(
                    "fields",
                    "供应链关系数据集不分字段",
                    "the supply_links dataset has no fields",
                ));
            }
        }
    }
    if body.regions.is_empty() {
        return Err(ApiError::invalid(
            "regions",
            "须至少指定一个地区",
            "at least one region is required",
        ));
    }
    let regions = body
        .regions
        .iter()
        .map(|r| RegionCode::parse(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            ApiError::invalid(
                "regions",
                format!("地区代码有误：{e}"),
                format!("Invalid region code: {e}"),
            )
        })?;
    let period = |text: Option<String>, field: &str| {
        text.map(|t| Period::parse(&t)).transpose().map_err(|e| {
            ApiError::invalid(
                field,
                format!("报告期有误：{e}"),
                format!("Invalid period: {e}"),
            )
        })
    };
    let period_from = period(body.period_from, "period_from")?;
    let period_to = period(body.period_to, "period_to")?;
    if let (Some(from), Some(to)) = (period_from, period_to)
        && from > to
    {
        return Err(ApiError::invalid(
            "period_to",
            "结束期早于开始期",
            "period_to is before period_from",
        ));
    }
    if body.purpose.trim().is_empty() {
        return Err(ApiError::invalid(
            "purpose",
            "须说明用途",
            "purpose is required",
        ));
    }
    if !is_iso_date(&body.valid_until) {
        return Err(ApiError::invalid(
            "valid_until",
            "有效期须为 YYYY-MM-DD",
            "valid_until must be YYYY-MM-DD",
        ));
    }
    Ok(NewGrant {
        grantee_kind: kind.to_owned(),
        grantee,
        dataset: dataset.as_str().to_owned(),
        fields: body.fields,
        regions,
        period_from,
        period_to,
        purpose: body.purpose.trim().to_owned(),
        valid_until: body.valid_until,
        created_by: by.to_owned(),
    })
}

/// Gives a department or a token one dataset for a purpose until a date.
#[utoipa::path(
    post,
    path = "/grants",
    tag = TAG_SHARING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_grants"))),
    request_body = NewGrantBody,
    responses((status = 201, description = "Created", body = Grant))
)]
async fn add_grant(
    State(state): State<AppState>,
    principal: Principal,
    Json(body): Json<NewGrantBody>,
) -> Result<(StatusCode, axum::Json<Grant>), ApiError> {
    principal.require(Permission::ManageGrants)?;
    let grant = check(&state, body, principal.username()).await?;
    let id = state.store.create_grant(&grant, now()).await?;
    state.principals.clear();
    let stored = state
        .store
        .grant_by_id(id)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok((StatusCode::CREATED, axum::Json(Grant::from(stored))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Usage {
    /// ISO date.
    pub day: String,
    pub requests: i64,
    pub rows_read: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GrantDetail {
    pub grant: Grant,
    /// Use per day, oldest first.
    pub usage: Vec<Usage>,
}

/// Loads a grant the principal may see (404 for another department's grant).
async fn visible_grant(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<StoredGrant, ApiError> {
    let grant = state
        .store
        .grant_by_id(id)
        .await?
        .filter(|g| {
            own_grantee(principal)
                .is_none_or(|(kind, name)| g.grant.grantee_kind == kind && g.grant.grantee == name)
        })
        .ok_or_else(|| ApiError::not_found("共享授权", "grant"))?;
    Ok(grant)
}

/// One grant with its use per day.
#[utoipa::path(
    get,
    path = "/grants/{id}",
    tag = TAG_SHARING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_grants"))),
    params(("id" = i64, Path, description = "Grant id")),
    responses((status = 200, description = "The grant", body = GrantDetail))
)]
async fn grant_detail(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<axum::Json<GrantDetail>, ApiError> {
    principal.require(Permission::ReadGrants)?;
    let grant = visible_grant(&state, &principal, id).await?;
    let usage = state.store.grant_usage(id).await?;
    Ok(axum::Json(GrantDetail {
        grant: Grant::from(grant),
        usage: usage
            .into_iter()
            .map(|u| Usage {
                day: u.day,
                requests: u.requests,
                rows_read: u.rows_read,
            })
            .collect(),
    }))
}

/// Revokes a grant at once.
#[utoipa::path(
    delete,
    path = "/grants/{id}",
    tag = TAG_SHARING,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_grants"))),
    params(("id" = i64, Path, description = "Grant id")),
    responses((status = 204, description = "Revoked"))
)]
async fn revoke_grant(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    principal.require(Permission::ManageGrants)?;
    if !state
        .store
        .revoke_grant(id, principal.username(), now())
        .await?
    {
        return Err(ApiError::not_found("有效共享授权", "active grant"));
    }
    state.principals.clear();
    Ok(StatusCode::NO_CONTENT)
}
