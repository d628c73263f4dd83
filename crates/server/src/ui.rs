//! The browser UI at every path outside `/api`: the files of web/dist that the `webui` crate
//! compiled in, and index.html for the application's own routes (`/chains/SX-01` is a page of
//! the single-page application, not a file). Hashed assets are cached for a year, index.html is
//! revalidated on every load (ETag), and gzip copies go to browsers that accept them. A binary
//! built without the UI answers every page with `webui::NOT_BUILT_PAGE`.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use webui::Asset;

use crate::ApiError;

/// The router's fallback: anything no API route matched.
pub(crate) async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found("接口", "endpoint").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(index) = webui::index() else {
        return Html(webui::NOT_BUILT_PAGE).into_response();
    };
    match webui::asset(path) {
        Some(asset) => file(asset, &headers),
        None if webui::looks_like_file(path) => StatusCode::NOT_FOUND.into_response(),
        None => file(index, &headers),
    }
}

fn file(asset: &'static Asset, request: &HeaderMap) -> Response {
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == asset.etag));
    let gzip = asset.gzip.filter(|_| {
        request
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(webui::accepts_gzip)
    });
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(gzip.unwrap_or(asset.body)))
    };
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_TYPE, asset.content_type);
    set(headers, header::CACHE_CONTROL, webui::cache_control(asset));
    set(headers, header::ETAG, asset.etag);
    if asset.gzip.is_some() {
        set(headers, header::VARY, "Accept-Encoding");
    }
    if gzip.is_some() && !fresh {
        set(headers, header::CONTENT_ENCODING, "gzip");
    }
    response
}
