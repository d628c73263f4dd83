//! Request conventions shared by every endpoint: extractors whose rejections use the API's error
//! shape, pagination (`limit`/`offset`, at most [`MAX_LIMIT`]) and the page envelope with `total`.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ApiError;

/// Query string parameters; a malformed one answers 400 `invalid_parameter`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e| {
                ApiError::invalid(
                    "query",
                    format!("查询参数有误：{}", e.body_text()),
                    format!("Invalid query parameters: {}", e.body_text()),
                )
            })
    }
}

/// Path parameters; a malformed one answers 400 `invalid_parameter`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Path(p.0))
            .map_err(|e| {
                ApiError::invalid(
                    "path",
                    format!("路径参数有误：{}", e.body_text()),
                    format!("Invalid path parameter: {}", e.body_text()),
                )
            })
    }
}

/// A JSON body; a malformed one answers 400 `invalid_body`-style `invalid_parameter`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|j| Json(j.0))
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    return ApiError::payload_too_large();
                }
                ApiError::invalid(
                    "body",
                    format!("请求体有误：{}", e.body_text()),
                    format!("Invalid request body: {}", e.body_text()),
                )
            })
    }
}

/// Rows per page when `limit` is not given.
pub const DEFAULT_LIMIT: i64 = 50;
/// The most rows one page may hold.
pub const MAX_LIMIT: i64 = 500;

/// `lang`: `zh` (default) or `en`; true for Chinese.
pub fn chinese(lang: Option<&str>) -> Result<bool, ApiError> {
    match lang.unwrap_or("zh") {
        "zh" => Ok(true),
        "en" => Ok(false),
        _ => Err(ApiError::invalid(
            "lang",
            "lang 只能是 zh 或 en",
            "lang must be zh or en",
        )),
    }
}

/// `limit` and `offset` of a paginated list.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pagination {
    /// Rows per page, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

impl Pagination {
    /// `(limit, offset)` after checking their ranges.
    pub fn checked(self) -> Result<(i64, i64), ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid(
                "limit",
                format!("limit 须在 1 到 {MAX_LIMIT} 之间"),
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let offset = self.offset.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::invalid(
                "offset",
                "offset 不能为负数",
                "offset must not be negative",
            ));
        }
        Ok((limit, offset))
    }
}

/// One page of a list: `total` rows match (within the caller's scope), `items` holds at most
/// `limit` of them starting at `offset`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    /// Converts a store page item by item.
    pub fn from_store<U>(page: store::Page<U>, convert: impl FnMut(U) -> T) -> Self {
        Page {
            total: page.total,
            offset: page.offset,
            limit: page.limit,
            items: page.items.into_iter().map(convert).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_defaults_and_bounds() {
        assert_eq!(Pagination::default().checked().unwrap(), (50, 0));
        let too_many = Pagination {
            limit: Some(501),
            offset: None,
        };
        assert_eq!(
            too_many.checked().unwrap_err().field.as_deref(),
            Some("limit")
        );
        let negative = Pagination {
            limit: None,
            offset: Some(-1),
        };
        assert_eq!(
            negative.checked().unwrap_err().field.as_deref(),
            Some("offset")
        );
    }
}
