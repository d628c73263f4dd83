//! Browser sessions: sign in (POST), who am I (GET), sign out (DELETE).
//!
//! A session is a random 256-bit value in the `cc_session` cookie (HttpOnly, SameSite=Strict,
//! Secure when the deployment says clients use TLS); the database keeps only its SHA-256. Each
//! session has its own CSRF token, returned here, that state-changing requests repeat in the
//! `X-CSRF-Token` header. Logins are throttled per address and lock an account after repeated
//! failures.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_SYSTEM;
use crate::audit::{AuditNote, audited};
use crate::auth::{ClientIp, Credential, Principal, SESSION_COOKIE, cookie, secret};
use crate::request::Json;
use crate::{ApiError, AppState, now};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login, current, logout))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Login {
    pub username: String,
    pub password: String,
}

/// The signed-in caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub username: String,
    pub display_name: String,
    /// Role (administrator, province_analyst, chain_office, region_bureau, department,
    /// park_office, enterprise, viewer).
    pub role: String,
    pub role_zh: String,
    /// Send this as `X-CSRF-Token` on POST, PATCH and DELETE (sessions only).
    pub csrf_token: Option<String>,
    /// Unix seconds when the session ends (sessions only).
    pub expires_at: Option<i64>,
    /// Region, chains, park, enterprise or department the account is bound to.
    pub region: Option<String>,
    pub chains: Vec<String>,
    pub park: Option<String>,
    pub uscc: Option<String>,
    pub department: Option<String>,
}

fn view(principal: &Principal) -> SessionView {
    let (csrf_token, expires_at) = match &principal.credential {
        Credential::Session {
            csrf_token,
            expires_at,
        } => (Some(csrf_token.clone()), Some(*expires_at)),
        Credential::Token { .. } => (None, None),
    };
    let account = &principal.account;
    SessionView {
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        role: principal.role.as_str().to_owned(),
        role_zh: principal.role.label_zh().to_owned(),
        csrf_token,
        expires_at,
        region: account.region.map(|r| r.to_string()),
        chains: account.chains.clone(),
        park: account.park.clone(),
        uscc: account.uscc.map(|u| u.to_string()),
        department: account.department.clone(),
    }
}

/// A password hash that no password matches, verified when the username is unknown so that a
/// wrong username takes as long as a wrong password.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Hk4u2GmJ0qyXyRvRrMPLpN7ZXkc1QXbXyZC3Nwa0tY";

/// Sign in with a username and password; sets the session cookie.
#[utoipa::path(
    post,
    path = "/session",
    tag = TAG_SYSTEM,
    security(()),
    extensions(("x-permission" = json!("public"))),
    request_body = Login,
    responses(
        (status = 200, description = "Signed in; the cookie is set", body = SessionView),
        (status = 401, description = "Wrong username or password, or the account is locked", body = ApiError)
    )
)]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(login): Json<Login>,
) -> Result<Response, ApiError> {
    let config = &state.config;
    let at = now();
    let note = |outcome: &str| AuditNote {
        actor: Some(login.username.chars().take(64).collect()),
        detail: format!("login {outcome}"),
        ..Default::default()
    };
    if state
        .store
        .failed_logins_from(&ip, at - config.lock_seconds)
        .await?
        >= config.failures_per_address
    {
        return Ok(audited(ApiError::too_many_requests(), note("throttled")));
    }
    let found = state.store.account_credentials(&login.username).await?;
    let password = login.password.clone();
    let stored = found
        .as_ref()
        .map_or_else(|| DECOY_HASH.to_owned(), |(_, hash)| hash.clone());
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || secret::verify_password(&password, &stored))
        .await
        .map_err(|_| ApiError::internal())?;
    let usable = found
        .as_ref()
        .filter(|(a, _)| !a.disabled && a.locked_until.is_none_or(|until| until <= at));
    let Some((account, _)) = usable.filter(|_| matches) else {
        state
            .store
            .record_login(
                &login.username,
                &ip,
                at,
                false,
                config.lock_after_failures,
                config.lock_seconds,
            )
            .await?;
        return Ok(audited(ApiError::login_failed(), note("failed")));
    };
    state
        .store
        .record_login(
            &login.username,
            &ip,
            at,
            true,
            config.lock_after_failures,
            config.lock_seconds,
        )
        .await?;
    let session = secret::random_hex(32)?;
    let csrf = secret::random_hex(32)?;
    let expires_at = at + config.session_seconds;
    state
        .store
        .create_session(
            &secret::digest(&session),
            account.id,
            &csrf,
            at,
            expires_at,
            &ip,
        )
        .await?;
    let principal = state
        .principals
        .by_session(&state.store, &session, at)
        .await?
        .ok_or_else(ApiError::internal)?;
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        config.session_seconds
    );
    let mut response = axum::Json(view(&principal)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| ApiError::internal())?,
    );
    Ok(audited(response, note("ok")))
}

/// The signed-in caller (session or token).
#[utoipa::path(
    get,
    path = "/session",
    tag = TAG_SYSTEM,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("signed_in"))),
    responses((status = 200, description = "The caller", body = SessionView))
)]
async fn current(principal: Principal) -> axum::Json<SessionView> {
    axum::Json(view(&principal))
}

/// Sign out: ends the session and clears the cookie.
#[utoipa::path(
    delete,
    path = "/session",
    tag = TAG_SYSTEM,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("signed_in"))),
    responses((status = 204, description = "Signed out"))
)]
async fn logout(
    State(state): State<AppState>,
    _principal: Principal,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(session) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(&secret::digest(session)).await?;
        state.principals.clear();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("cc_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}
