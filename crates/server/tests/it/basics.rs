//! Health, the UI's page, the OpenAPI document, errors, security headers and an unreachable database.

use axum::http::{Method, StatusCode, header};
use server::auth::Role;

use crate::support::{app, bearer, fixture, get_ok, send, sqlite};

#[tokio::test]
async fn health_chains_page_and_document() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);

    let reply = send(&app, Method::GET, "/api/health", &[], None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["database"], "ok");

    let reply = get_ok(&app, "/api/chains", &admin).await;
    let chains = reply.json();
    let chains = chains.as_array().unwrap();
    assert_eq!(chains.len(), 16);
    let steel = chains.iter().find(|c| c["code"] == "SX-01").unwrap();
    assert_eq!(steel["name"], "特钢材料");
    assert_eq!(steel["node_count"], 12);
    assert!(steel["enterprise_count"].as_i64().unwrap() > 50);

    // Without a credential: 401 in the API's error shape.
    let reply = send(&app, Method::GET, "/api/chains", &[], None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let error = reply.json();
    assert_eq!(error["code"], "unauthenticated");
    assert!(error["message_zh"].as_str().unwrap().contains("登录"));

    // Every other path is the browser UI (tests/it/ui.rs).
    let reply = send(&app, Method::GET, "/", &[], None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("<html"));

    let reply = send(&app, Method::GET, "/api/openapi.json", &[], None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json();
    assert!(document["paths"]["/api/enterprises/{uscc}"]["get"].is_object());

    let reply = send(&app, Method::GET, "/api/nope", &admin, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    for name in [
        header::CONTENT_SECURITY_POLICY,
        header::X_CONTENT_TYPE_OPTIONS,
        header::X_FRAME_OPTIONS,
        header::REFERRER_POLICY,
    ] {
        assert!(reply.headers.contains_key(&name), "{name} missing");
    }
    assert!(
        reply.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn bad_parameters_name_their_field() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    for (uri, field) in [
        ("/api/enterprises?limit=501", "limit"),
        ("/api/enterprises?offset=-1", "offset"),
        ("/api/enterprises?region=999999", "region"),
        ("/api/enterprises?sort=secret", "sort"),
        ("/api/enterprises?size_class=huge", "size_class"),
        ("/api/enterprises?limit=abc", "query"),
    ] {
        let reply = send(&app, Method::GET, uri, &admin, None).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        assert_eq!(reply.json()["field"], field, "{uri}");
    }
}

#[tokio::test]
async fn an_unreachable_database_answers_503_with_a_bilingual_body() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    // Warm the credential cache, then lose the database.
    assert_eq!(
        send(&app, Method::GET, "/api/chains", &admin, None)
            .await
            .status,
        StatusCode::OK
    );
    demo.store.close().await;
    let reply = send(&app, Method::GET, "/api/health", &[], None).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.body.contains("unavailable"));
    // The overview was just cached: it keeps being served for a few seconds.
    let reply = send(&app, Method::GET, "/api/chains", &admin, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = send(&app, Method::GET, "/api/chains/SX-01", &admin, None).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        reply.body.contains("database_unavailable") && reply.body.contains("数据库"),
        "{}",
        reply.body
    );
    // A credential not yet cached needs the database too: still 503, not 401.
    let reply = send(
        &app,
        Method::GET,
        "/api/chains",
        &bearer("cc_unknown"),
        None,
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
}
