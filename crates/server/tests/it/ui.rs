//! The browser UI served at every path outside /api: index.html for the application's routes,
//! hashed assets cached for a year, gzip, ETags, the CSP on the page, and the "not built" page
//! in a binary compiled without web/dist.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use tower::ServiceExt;

use crate::support::{app, sqlite};

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).map_or("", |v| v.to_str().unwrap())
    }
}

async fn get(
    app: &axum::Router,
    method: Method,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> Raw {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 26)
        .await
        .unwrap()
        .to_vec();
    Raw {
        status,
        headers,
        body,
    }
}

/// The `src` of the page's module script.
fn script_path(index: &str) -> String {
    let start = index
        .find("src=\"/assets/")
        .expect("a module script under /assets/")
        + 5;
    let end = start + index[start..].find('"').unwrap();
    index[start..end].to_owned()
}

#[tokio::test]
async fn pages_assets_and_caching() {
    let demo = sqlite().await;
    let app = app(&demo.store);

    let root = get(&app, Method::GET, "/", &[]).await;
    assert_eq!(root.status, StatusCode::OK);
    assert!(root.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(
        root.header(header::CONTENT_SECURITY_POLICY)
            .contains("script-src 'self'")
    );
    assert!(
        !root.text().contains("<script>"),
        "no inline script: the CSP forbids it"
    );

    // A client-side route is the same page; an unknown API path is the API's 404.
    let route = get(&app, Method::GET, "/chains/SX-01", &[]).await;
    assert_eq!(route.status, StatusCode::OK);
    assert_eq!(route.body, root.body);
    let api = get(&app, Method::GET, "/api/no-such-endpoint", &[]).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(
        api.text().contains("\"code\":\"not_found\""),
        "{}",
        api.text()
    );
    let post = get(&app, Method::POST, "/chains/SX-01", &[]).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);

    if !webui::built() {
        let page = root.text();
        assert!(
            page.contains("npm ci") && page.contains("尚未构建") && page.contains("was not built")
        );
        println!("web/dist was not built: checked the explanatory page only");
        return;
    }

    // index.html is revalidated (ETag → 304); hashed assets are immutable for a year.
    assert_eq!(root.header(header::CACHE_CONTROL), "no-cache");
    let etag = root.header(header::ETAG).to_owned();
    let again = get(&app, Method::GET, "/", &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());

    let script = script_path(&root.text());
    let plain = get(&app, Method::GET, &script, &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(
        plain
            .header(header::CONTENT_TYPE)
            .starts_with("text/javascript")
    );
    assert!(
        plain
            .header(header::CACHE_CONTROL)
            .contains("max-age=31536000")
    );
    assert!(plain.header(header::CACHE_CONTROL).contains("immutable"));
    assert_eq!(plain.header(header::CONTENT_ENCODING), "");

    let packed = get(
        &app,
        Method::GET,
        &script,
        &[(header::ACCEPT_ENCODING, "gzip, deflate, br")],
    )
    .await;
    assert_eq!(packed.status, StatusCode::OK);
    assert_eq!(packed.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(packed.header(header::VARY), "Accept-Encoding");
    assert!(packed.body.len() < plain.body.len() / 2);
    assert_eq!(&packed.body[..2], &[0x1f, 0x8b], "a gzip stream");

    // A missing file is a 404, not the page (a stale page asking for an old chunk).
    let missing = get(&app, Method::GET, "/assets/index-missing.js", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
