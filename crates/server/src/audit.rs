//! The audit middleware: every state-changing request, and every read a handler marks as a read
//! of shared or enterprise data, leaves one event in the hash-chained trail (who, when, what,
//! from where, outcome).
//!
//! Writes are recorded whatever their outcome, so an endpoint cannot forget them. A read is
//! recorded when its handler attaches an [`AuditNote`] to the response (see [`audited`]); if that
//! record cannot be written the data is not sent (503), so no shared-data read goes unrecorded.

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use store::AuditRecord;

use crate::auth::{Authenticated, ClientIp};
use crate::{ApiError, AppState, now, today};

/// What a handler says about a read it served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditNote {
    /// USCCs of the enterprises whose data the response carries.
    pub subjects: Vec<String>,
    /// The sharing grant the read went through, if any.
    pub grant: Option<i64>,
    /// Rows returned (counted against the grant).
    pub rows: i64,
    /// Extra words for the trail (never secrets).
    pub detail: String,
    /// The actor when the middleware cannot know it (a login names its username).
    pub actor: Option<String>,
}

/// Attaches `note` to a response so that the middleware records the read.
pub fn audited(response: impl IntoResponse, note: AuditNote) -> Response {
    let mut response = response.into_response();
    response.extensions_mut().insert(note);
    response
}

/// Records the request in the audit trail after the handler ran.
pub(crate) async fn record(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let path = request.extensions().get::<MatchedPath>().map_or_else(
        || request.uri().path().to_owned(),
        |m| m.as_str().to_owned(),
    );
    let object = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or("").to_owned();
    let principal = request
        .extensions()
        .get::<Authenticated>()
        .and_then(|a| a.0.clone());
    let ip = request
        .extensions()
        .get::<ClientIp>()
        .map_or_else(|| "local".to_owned(), |ip| ip.0.clone());
    let response = next.run(request).await;
    if write && response.status().is_success() {
        // Cached reads may include what this write changed.
        state.responses.clear();
        state.engines.clear();
    }
    let note = response.extensions().get::<AuditNote>().cloned();
    if !write && note.is_none() {
        return response;
    }
    let note = note.unwrap_or_default();
    let (actor, role) = match (&note.actor, &principal) {
        (Some(actor), _) => (
            actor.clone(),
            principal.as_ref().map_or("", |p| p.role.as_str()),
        ),
        (None, Some(p)) => (p.username().to_owned(), p.role.as_str()),
        (None, None) => ("anonymous".to_owned(), ""),
    };
    let mut detail = note.detail.clone();
    if !query.is_empty() {
        if !detail.is_empty() {
            detail.push_str("; ");
        }
        detail.push_str("query: ");
        detail.push_str(&query);
    }
    let at = now();
    let event = AuditRecord {
        at,
        actor,
        role: role.to_owned(),
        action: format!("{method} {path}"),
        object,
        client_ip: ip,
        outcome: response.status().as_u16().to_string(),
        detail,
        grant_id: note.grant,
        subjects: note.subjects.clone(),
    };
    let stored = state.store.append_audit(&event).await;
    let counted = match (note.grant, &stored) {
        (Some(grant), Ok(_)) if response.status().is_success() => state
            .store
            .record_grant_use(grant, &today(at), note.rows)
            .await
            .map(|_| ()),
        _ => Ok(()),
    };
    match (stored, counted) {
        (Ok(_), Ok(())) => response,
        (Err(error), _) | (_, Err(error)) => {
            tracing::error!(%error, action = %event.action, "could not write the audit trail");
            if write {
                // The write happened; the client must know the trail may lack it.
                response
            } else {
                ApiError::from(error).into_response()
            }
        }
    }
}
