//! One error shape for every endpoint: a stable code, a message in Chinese and in English, and
//! the field at fault when there is one.
//!
//! Messages never carry data the caller may not see: an object outside the caller's scope is
//! answered exactly like a missing one (`not_found`), whatever the reason.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `not_found`, `invalid_parameter`, `forbidden`.
    pub code: &'static str,
    pub message_zh: String,
    pub message_en: String,
    /// The request field at fault (query parameter, body field), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    fn new(
        status: StatusCode,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            message_zh: zh.into(),
            message_en: en.into(),
            field: None,
        }
    }

    /// The object does not exist, or the caller may not see it (indistinguishable on purpose).
    pub fn not_found(what_zh: &str, what_en: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what_zh}不存在"),
            format!("{what_en} not found"),
        )
    }

    /// A request value broke a rule; `field` names it.
    pub fn invalid(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError {
            field: Some(field.to_owned()),
            ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", zh, en)
        }
    }

    pub fn unauthenticated() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "请先登录，或提供有效的访问令牌",
            "Sign in, or present a valid bearer token",
        )
    }

    pub fn login_failed() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "login_failed",
            "用户名或密码错误，或账户已被锁定",
            "Wrong username or password, or the account is locked",
        )
    }

    /// The caller's role may not use this endpoint at all (says nothing about any object).
    pub fn forbidden() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "当前角色无权使用此功能",
            "Your role may not use this function",
        )
    }

    pub fn csrf_failed() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "缺少或错误的 X-CSRF-Token 请求头",
            "Missing or wrong X-CSRF-Token header",
        )
    }

    pub fn read_only_token() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only_token",
            "该访问令牌只能读取数据",
            "This token may only read",
        )
    }

    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "conflict", zh, en)
    }

    pub fn too_many_requests() -> Self {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "请求过于频繁，请稍后再试",
            "Too many requests; please slow down",
        )
    }

    /// The database did not answer: say so, without internals.
    pub fn unavailable() -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "数据库暂时不可用，请稍后重试",
            "The database is temporarily unavailable; please retry shortly",
        )
    }

    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "服务器内部错误，已记录",
            "Internal server error; it has been logged",
        )
    }

    pub fn timeout() -> Self {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "请求处理超时",
            "The request took too long",
        )
    }

    pub fn payload_too_large() -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "请求体过大",
            "The request body is too large",
        )
    }
}

impl From<store::StoreError> for ApiError {
    fn from(error: store::StoreError) -> Self {
        // Details go to the log, not to the client.
        if error.is_unavailable() {
            tracing::warn!(%error, "database unavailable");
            ApiError::unavailable()
        } else {
            tracing::error!(%error, "store error");
            ApiError::internal()
        }
    }
}

impl From<analytics::AnalyticsError> for ApiError {
    fn from(error: analytics::AnalyticsError) -> Self {
        use analytics::AnalyticsError as E;
        match error {
            E::Store(error) => error.into(),
            // Handlers check what the caller named before calling an engine; what is left is a
            // fault in the stored data or the engine, whose details go to the log only.
            error => {
                tracing::error!(%error, "engine error");
                ApiError::internal()
            }
        }
    }
}

impl From<monitor::MonitorError> for ApiError {
    fn from(error: monitor::MonitorError) -> Self {
        tracing::error!(%error, "monitoring engine error");
        ApiError::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}
