//! chainchief's HTTP server: the JSON API under `/api` (documented at `/api/openapi.json`,
//! generated from the handlers) and the browser UI at every other path (crates/webui).
//!
//! Layers, outermost first: security headers → rate limit → body-size limit and timeout →
//! authentication (credential → [`auth::Principal`]) → audit trail → handler. Handlers take a
//! `Principal`, check the role with `require`, and call the store with the principal's
//! [`auth::Scope`]; crates/server/API.md says how to add one.
//!
//! Architecture invariants: handlers never speak SQL; the server checks scope before it loads a
//! row (the store applies the scope inside its queries), and an object outside the caller's scope
//! answers exactly like a missing one.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use store::Store;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub mod accounts;
pub mod api;
pub mod audit;
pub mod auth;
pub mod engine_cache;
mod error;
mod hardening;
pub mod request;
pub mod response_cache;
mod ui;

pub use error::ApiError;
pub use hardening::CONTENT_SECURITY_POLICY;

/// Settings a deployment may change.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark the session cookie `Secure` and send HSTS: set when clients reach the server over
    /// TLS (through a terminating proxy).
    pub secure_cookies: bool,
    /// Lifetime of a browser session.
    pub session_seconds: i64,
    /// Requests per second per client address, on average, and the burst allowed.
    pub rate_per_second: u32,
    pub rate_burst: u32,
    /// Largest request body accepted (bytes).
    pub body_limit: usize,
    /// Longest a request may take.
    pub request_timeout: Duration,
    /// Consecutive failed logins that lock an account, and for how long.
    pub lock_after_failures: i64,
    pub lock_seconds: i64,
    /// Failed logins from one address within `lock_seconds` after which it must wait.
    pub failures_per_address: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            session_seconds: 8 * 3600,
            rate_per_second: 50,
            rate_burst: 200,
            body_limit: 1 << 20,
            request_timeout: Duration::from_secs(30),
            lock_after_failures: 5,
            lock_seconds: 15 * 60,
            failures_per_address: 20,
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub principals: Arc<auth::PrincipalCache>,
    /// Bodies of hot reads, keyed by scope and query (see [`response_cache`]).
    pub responses: Arc<response_cache::ResponseCache>,
    /// Engine inputs loaded from the store, kept until a write (see [`engine_cache`]).
    pub engines: Arc<engine_cache::EngineCache>,
    limiter: Arc<hardening::RateLimiter>,
    openapi: Arc<String>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState::with_config(store, Config::default())
    }

    pub fn with_config(store: Store, config: Config) -> Self {
        let limiter = hardening::RateLimiter::new(config.rate_per_second, config.rate_burst);
        AppState {
            store,
            config: Arc::new(config),
            principals: Default::default(),
            responses: Default::default(),
            engines: Default::default(),
            limiter: Arc::new(limiter),
            openapi: Arc::new(api::openapi_json()),
        }
    }
}

/// Unix seconds now (the server is the imperative shell: it reads the clock, engines never do).
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The ISO date (UTC) of a Unix time.
pub fn today(unix_seconds: i64) -> String {
    model::time::iso_utc(unix_seconds)[..10].to_owned()
}

/// Loads the province-wide monitoring inputs in the background as the server starts, so that the
/// first dashboard does not wait for them (about 10 s on the 20,000-enterprise demo). A failure
/// is only logged: the first request that needs the data tries again.
fn preload_monitoring(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let titles_on = today(now());
        if let Err(error) = state.engines.monitoring(&state.store, &titles_on).await {
            tracing::warn!(%error, "could not preload the monitoring data");
        }
    });
}

/// The whole application as a router (tests drive it without a socket).
pub fn router(state: AppState) -> Router {
    let (api, _) = api::routes().split_for_parts();
    let api = api
        .layer(from_fn_with_state(state.clone(), audit::record))
        .layer(from_fn_with_state(state.clone(), auth::authenticate));
    Router::new()
        .fallback(ui::serve)
        .nest("/api", api)
        .layer(from_fn(hardening::error_bodies))
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        // The outer cap admits an import upload; every extractor keeps `body_limit`
        // (DefaultBodyLimit) and the upload reads its body itself up to imports::BODY_LIMIT.
        .layer(RequestBodyLimitLayer::new(
            state.config.body_limit.max(api::imports::BODY_LIMIT),
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(from_fn_with_state(state.clone(), hardening::rate_limit))
        .layer(from_fn_with_state(
            state.clone(),
            hardening::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` completes. `on_ready` receives the bound address (port 0 picks one).
pub async fn serve(
    state: AppState,
    address: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    on_ready(listener.local_addr()?);
    preload_monitoring(&state);
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
