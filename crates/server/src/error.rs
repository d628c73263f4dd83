//! One error shape for every endpoint: a stable code, a message in Chinese and in English, and
//! the field at fault when there is one.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub code: &'static str,
    pub message_zh: String,
    pub message_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn not_found(what_zh: &str, what_en: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message_zh: format!("{what_zh}不存在"),
            message_en: format!("{what_en} not found"),
            field: None,
        }
    }

    /// The database did not answer: say so, without internals.
    pub fn unavailable() -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "database_unavailable",
            message_zh: "数据库暂时不可用，请稍后重试".to_owned(),
            message_en: "The database is temporarily unavailable; please retry shortly".to_owned(),
            field: None,
        }
    }
}

impl From<store::StoreError> for ApiError {
    fn from(error: store::StoreError) -> Self {
        // Details go to the log, not to the client.
        tracing::error!(%error, "store error");
        ApiError::unavailable()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}
