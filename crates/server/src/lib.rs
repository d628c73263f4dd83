//! chainchief's HTTP server: the JSON API under `/api` and the pages users open in a browser.
//!
//! Architecture invariant: handlers only parse requests, call the store and the engines, and shape
//! responses; they never speak SQL. Long work belongs in jobs, not in request handlers.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use store::Store;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

mod api;
mod error;
mod page;

pub use error::ApiError;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
}

/// The whole application as a router (tests drive it without a socket).
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(page::chains))
        .nest("/api", api::routes())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
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
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
