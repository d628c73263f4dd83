//! Logins, session cookies and CSRF, bearer tokens (scope, expiry, revocation), throttling and
//! lockout.

use axum::http::{Method, StatusCode, header};
use serde_json::json;
use server::auth::{CSRF_HEADER, Role};

use crate::support::{PASSWORD, app, bearer, fixture, login, send, sqlite};

#[tokio::test]
async fn a_session_cookie_is_hardened_and_writes_need_its_csrf_token() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = &fixture.accounts[&Role::Administrator].username;

    let (reply, session) = login(&app, admin, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cookie = reply.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "no TLS in this test: {cookie}");
    assert!(!reply.body.contains(PASSWORD));
    let (cookie, csrf) = session.unwrap();

    let with_cookie = vec![(header::COOKIE, cookie.clone())];
    let reply = send(&app, Method::GET, "/api/session", &with_cookie, None).await;
    assert_eq!(reply.json()["role"], "administrator");
    assert_eq!(reply.json()["csrf_token"], csrf.as_str());

    let new_user = json!({"username": "csrf_check", "role": "viewer", "password": PASSWORD});
    let reply = send(
        &app,
        Method::POST,
        "/api/users",
        &with_cookie,
        Some(new_user.clone()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["code"], "csrf_failed");
    let wrong = vec![
        (header::COOKIE, cookie.clone()),
        (CSRF_HEADER.parse().unwrap(), "0".repeat(64)),
    ];
    let reply = send(
        &app,
        Method::POST,
        "/api/users",
        &wrong,
        Some(new_user.clone()),
    )
    .await;
    assert_eq!(reply.json()["code"], "csrf_failed");
    let right = vec![
        (header::COOKIE, cookie.clone()),
        (CSRF_HEADER.parse().unwrap(), csrf.clone()),
    ];
    let reply = send(&app, Method::POST, "/api/users", &right, Some(new_user)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(
        reply.json()["password"].is_null(),
        "a given password is not echoed"
    );

    // Signing out ends the session server-side.
    let reply = send(&app, Method::DELETE, "/api/session", &right, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(
        reply.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let reply = send(&app, Method::GET, "/api/session", &with_cookie, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let config = server::Config {
        secure_cookies: true,
        ..Default::default()
    };
    let app = server::router(server::AppState::with_config(demo.store.clone(), config));
    let (reply, _) = login(&app, &fixture.accounts[&Role::Viewer].username, PASSWORD).await;
    assert!(
        reply.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
    assert!(
        reply
            .headers
            .contains_key(header::STRICT_TRANSPORT_SECURITY)
    );
}

#[tokio::test]
async fn tokens_are_scoped_expire_and_can_be_revoked() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);

    let reply = send(
        &app,
        Method::POST,
        "/api/tokens",
        &admin,
        Some(json!({"username": fixture.accounts[&Role::Administrator].username, "name": "read only"})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let created = reply.json();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("cc_") && secret.len() == 67);
    let id = created["token"]["id"].as_i64().unwrap();
    let read_only = bearer(&secret);
    assert_eq!(
        send(&app, Method::GET, "/api/users", &read_only, None)
            .await
            .status,
        StatusCode::OK
    );
    let reply = send(
        &app,
        Method::POST,
        "/api/users",
        &read_only,
        Some(json!({"username": "x", "role": "viewer"})),
    )
    .await;
    assert_eq!(reply.json()["code"], "read_only_token");
    // The secret is never listed.
    let listed = send(&app, Method::GET, "/api/tokens", &admin, None).await;
    assert!(!listed.body.contains(&secret));
    assert_eq!(
        send(
            &app,
            Method::DELETE,
            &format!("/api/tokens/{id}"),
            &admin,
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&app, Method::GET, "/api/users", &read_only, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // An expired token is no credential.
    let expired = "cc_expired_token_for_the_test";
    demo.store
        .create_token(
            fixture.accounts[&Role::Administrator].id,
            "old",
            &server::auth::secret::digest(expired),
            "write",
            0,
            1,
        )
        .await
        .unwrap();
    assert_eq!(
        send(&app, Method::GET, "/api/users", &bearer(expired), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // A disabled account's tokens stop working.
    let viewer = &fixture.accounts[&Role::Viewer];
    let reply = send(
        &app,
        Method::PATCH,
        &format!("/api/users/{}", viewer.id),
        &admin,
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(reply.json()["disabled"], true);
    assert_eq!(
        send(
            &app,
            Method::GET,
            "/api/chains",
            &bearer(&viewer.token),
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn failed_logins_lock_the_account_and_throttle_the_address() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let analyst = &fixture.accounts[&Role::ProvinceAnalyst].username;
    for _ in 0..5 {
        let (reply, _) = login(&app, analyst, "wrong password!").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["code"], "login_failed");
    }
    // Locked: even the right password is refused, with the same answer.
    let (reply, session) = login(&app, analyst, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(session.is_none());
    // An unknown username answers exactly like a wrong password.
    let (unknown, _) = login(&app, "nobody", PASSWORD).await;
    assert_eq!(unknown.body, reply.body);
    // An administrator's new password lifts the lock.
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let id = fixture.accounts[&Role::ProvinceAnalyst].id;
    let new_password = "another-password-456";
    let reply = send(
        &app,
        Method::PATCH,
        &format!("/api/users/{id}"),
        &admin,
        Some(json!({"password": new_password})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        login(&app, analyst, new_password).await.0.status,
        StatusCode::OK
    );
    // Twenty failures from one address within the window: that address must wait.
    for _ in 0..14 {
        login(&app, "nobody", "x").await;
    }
    let (reply, _) = login(&app, analyst, new_password).await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.body
    );
    // Passwords never reach the audit trail.
    let events = demo
        .store
        .list_audit(&Default::default(), 500, 0)
        .await
        .unwrap();
    assert!(
        events
            .items
            .iter()
            .any(|e| e.record.detail.contains("login failed"))
    );
    assert!(
        events
            .items
            .iter()
            .all(|e| !format!("{e:?}").contains(new_password)
                && !format!("{e:?}").contains(PASSWORD))
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429() {
    let demo = sqlite().await;
    let config = server::Config {
        rate_per_second: 1,
        rate_burst: 3,
        ..Default::default()
    };
    let app = server::router(server::AppState::with_config(demo.store.clone(), config));
    let statuses: Vec<StatusCode> = {
        let mut statuses = Vec::new();
        for _ in 0..5 {
            statuses.push(
                send(&app, Method::GET, "/api/health", &[], None)
                    .await
                    .status,
            );
        }
        statuses
    };
    assert_eq!(statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let huge = json!({"username": "x".repeat(2 << 20), "role": "viewer"});
    let reply = send(&app, Method::POST, "/api/users", &admin, Some(huge)).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body.chars().take(200).collect::<String>()
    );
    assert_eq!(reply.json()["code"], "payload_too_large");
}
