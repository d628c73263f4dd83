//! The audit trail (administrators only): filtered reads and a verification of the hash chain.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use store::{AuditEvent, AuditFilter};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_AUDIT;
use crate::auth::{Permission, Principal};
use crate::request::{Page, Pagination, Query};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_events))
        .routes(routes!(verify))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Username.
    pub actor: Option<String>,
    /// Start of the action, e.g. `POST` or `GET /api/enterprises`.
    pub action: Option<String>,
    /// HTTP status, e.g. `403`.
    pub outcome: Option<String>,
    /// USCC of an enterprise whose data was read.
    pub subject: Option<String>,
    /// Unix seconds, inclusive.
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// Audit events, newest first.
#[utoipa::path(
    get,
    path = "/audit",
    tag = TAG_AUDIT,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_audit"))),
    params(AuditQuery, Pagination),
    responses((status = 200, description = "Events", body = Page<AuditEvent>))
)]
async fn list_events(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<AuditQuery>,
    Query(page): Query<Pagination>,
) -> Result<axum::Json<Page<AuditEvent>>, ApiError> {
    principal.require(Permission::ReadAudit)?;
    let (limit, offset) = page.checked()?;
    let filter = AuditFilter {
        actor: query.actor,
        action_prefix: query.action,
        outcome: query.outcome,
        subject: query.subject,
        since: query.since,
        until: query.until,
    };
    let events = state.store.list_audit(&filter, limit, offset).await?;
    Ok(axum::Json(Page::from_store(events, |e| e)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    /// Events read.
    pub checked: i64,
    /// True when every event matches its hash and its predecessor.
    pub intact: bool,
    /// The first event that does not, and why.
    pub first_broken: Option<i64>,
    pub reason: Option<String>,
}

/// Walks the hash chain and names the first changed, removed or inserted event.
#[utoipa::path(
    get,
    path = "/audit/verify",
    tag = TAG_AUDIT,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_audit"))),
    responses((status = 200, description = "The verdict", body = Verification))
)]
async fn verify(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<axum::Json<Verification>, ApiError> {
    principal.require(Permission::ReadAudit)?;
    let verdict = state.store.verify_audit_chain().await?;
    Ok(axum::Json(Verification {
        checked: verdict.checked,
        intact: verdict.first_broken.is_none(),
        first_broken: verdict.first_broken.as_ref().map(|b| b.0),
        reason: verdict.first_broken.map(|b| b.1),
    }))
}
