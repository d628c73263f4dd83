//! Who is calling and what they may see.
//!
//! The `authenticate` middleware resolves the request's credential — the `cc_session` cookie of a
//! browser or an `Authorization: Bearer` token of a machine client — into a [`Principal`] (or
//! none) before any handler runs. Handlers take `Principal` as an extractor, which answers 401
//! without one, enforces CSRF on state-changing requests made with a session cookie and refuses
//! writes with read-only tokens. `Principal::require` checks the role table; `Principal::scope`
//! gives the [`Scope`] every store call must be made with.

mod cache;
mod role;
mod scope;
pub mod secret;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use store::Account;

pub use cache::PrincipalCache;
pub use role::{Permission, Role};
pub use scope::{Dataset, REGISTRY_FIELDS, Scope, SeriesAccess, SeriesWindow};

use crate::{ApiError, AppState, now};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "cc_session";
/// Header a browser sends the session's CSRF token in on POST, PUT, PATCH and DELETE.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the principal proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A browser session; state-changing requests must repeat its CSRF token in a header.
    Session { csrf_token: String, expires_at: i64 },
    /// A bearer token; `write` is false for read-only tokens.
    Token { id: i64, write: bool },
}

/// The signed-in caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub account: Account,
    pub role: Role,
    pub credential: Credential,
    scope: Arc<Scope>,
}

impl Principal {
    pub(crate) fn new(account: Account, role: Role, credential: Credential, scope: Scope) -> Self {
        Principal {
            account,
            role,
            credential,
            scope: Arc::new(scope),
        }
    }

    pub fn username(&self) -> &str {
        &self.account.username
    }

    /// 403 unless the role may use `permission` (see [`Role::may`]).
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.role.may(permission) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// What this principal may see; pass it (or what it builds) to every store call.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub fn token_id(&self) -> Option<i64> {
        match self.credential {
            Credential::Token { id, .. } => Some(id),
            Credential::Session { .. } => None,
        }
    }
}

/// The caller's address, for the audit trail and rate limits: the socket's peer address (a
/// reverse proxy's `X-Forwarded-For` is not trusted, as the server cannot know it is behind one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

pub(crate) fn client_ip(request: &Request) -> ClientIp {
    ClientIp(
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string()),
    )
}

/// What the middleware found; handlers read it through the [`Principal`] extractor.
#[derive(Debug, Clone)]
pub(crate) struct Authenticated(pub Option<Principal>);

/// The value of one cookie in the request's `Cookie` headers.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Resolves the credential into a principal and stores it in the request's extensions. A wrong
/// or expired credential is the same as none (the extractor answers 401); only an unreachable
/// database stops the request here (503).
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let ip = client_ip(&request);
    let headers = request.headers();
    let found = if let Some(token) = bearer(headers) {
        state.principals.by_token(&state.store, token, now()).await
    } else if let Some(session) = cookie(headers, SESSION_COOKIE) {
        state
            .principals
            .by_session(&state.store, session, now())
            .await
    } else {
        Ok(None)
    };
    match found {
        Ok(principal) => {
            request.extensions_mut().insert(Authenticated(principal));
            request.extensions_mut().insert(ip);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let principal = parts
            .extensions
            .get::<Authenticated>()
            .and_then(|a| a.0.clone())
            .ok_or_else(ApiError::unauthenticated)?;
        if !is_safe(&parts.method) {
            match &principal.credential {
                Credential::Session { csrf_token, .. } => {
                    let sent = parts
                        .headers
                        .get(CSRF_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    if !secret::constant_time_eq(sent, csrf_token) {
                        return Err(ApiError::csrf_failed());
                    }
                }
                Credential::Token { write: false, .. } => return Err(ApiError::read_only_token()),
                Credential::Token { write: true, .. } => {}
            }
        }
        Ok(principal)
    }
}

/// The principal when there is one (for pages and endpoints that also serve anonymous callers).
#[derive(Debug, Clone)]
pub struct MaybePrincipal(pub Option<Principal>);

impl<S: Send + Sync> FromRequestParts<S> for MaybePrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybePrincipal(
            parts
                .extensions
                .get::<Authenticated>()
                .and_then(|a| a.0.clone()),
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ClientIp>()
            .cloned()
            .unwrap_or_else(|| ClientIp("local".to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_bearer_tokens_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; cc_session=abc; b=2".parse().unwrap());
        headers.insert(header::AUTHORIZATION, "Bearer cc_123".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
        assert_eq!(bearer(&headers), Some("cc_123"));
    }
}
