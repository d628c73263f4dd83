//! The audit trail through the API, and data sharing: what a grant shows, its usage, revocation,
//! and an enterprise seeing who read its data.

use axum::http::{Method, StatusCode};
use serde_json::json;
use server::auth::Role;

use crate::support::{app, bearer, fixture, send, sqlite};

#[tokio::test]
async fn writes_and_enterprise_reads_are_recorded_in_a_chain_that_verifies() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let analyst = bearer(&fixture.accounts[&Role::ProvinceAnalyst].token);
    let bureau = bearer(&fixture.accounts[&Role::RegionBureau].token);

    // A refused write is recorded with its outcome.
    let reply = send(
        &app,
        Method::POST,
        "/api/users",
        &analyst,
        Some(json!({"username": "u", "role": "viewer"})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // A read of one enterprise's data names the enterprise.
    let (inside, _) = fixture.sample(Role::RegionBureau);
    let uscc = inside.unwrap();
    let reply = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{uscc}"),
        &bureau,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    // Lists by province staff are not shared-data reads.
    send(&app, Method::GET, "/api/enterprises", &analyst, None).await;

    let events = send(&app, Method::GET, "/api/audit?limit=10", &admin, None)
        .await
        .json();
    let items = events["items"].as_array().unwrap();
    let refused = items
        .iter()
        .find(|e| e["action"] == "POST /api/users")
        .unwrap();
    assert_eq!(
        refused["actor"],
        fixture.accounts[&Role::ProvinceAnalyst].username.as_str()
    );
    assert_eq!(refused["outcome"], "403");
    assert_eq!(refused["client_ip"], "local");
    let read = items
        .iter()
        .find(|e| e["action"] == "GET /api/enterprises/{uscc}")
        .unwrap();
    assert_eq!(read["subjects"][0], uscc.as_str());
    assert_eq!(read["role"], "region_bureau");
    assert!(!items.iter().any(|e| e["action"] == "GET /api/enterprises"));

    // The enterprise sees who read it; another enterprise's log is not there for it.
    let own = bearer(&fixture.accounts[&Role::Enterprise].token);
    let own_uscc = &fixture.own_uscc;
    send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{own_uscc}"),
        &bureau,
        None,
    )
    .await;
    let log = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{own_uscc}/access-log"),
        &own,
        None,
    )
    .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let log = log.json();
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["actor"] == fixture.accounts[&Role::RegionBureau].username.as_str())
    );
    let (_, outside) = fixture.sample(Role::Enterprise);
    let other = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{}/access-log", outside.unwrap()),
        &own,
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    let verdict = send(&app, Method::GET, "/api/audit/verify", &admin, None)
        .await
        .json();
    assert_eq!(verdict["intact"], true, "{verdict}");
    assert!(verdict["checked"].as_i64().unwrap() >= 3, "{verdict}");
}

#[tokio::test]
async fn a_department_sees_only_its_grants_fields_regions_and_periods() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let department = bearer(&fixture.accounts[&Role::Department].token);

    // Replace the fixture's all-field grants by one registry grant with one field and one
    // series grant with one indicator over one year.
    for grant in fixture.grant..fixture.grant + 3 {
        let reply = send(
            &app,
            Method::DELETE,
            &format!("/api/grants/{grant}"),
            &admin,
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    let reply = send(&app, Method::GET, "/api/enterprises", &department, None).await;
    assert_eq!(reply.json()["total"], 0, "revoked grants give nothing");
    for body in [
        json!({"grantee_kind": "department", "grantee": fixture.department, "dataset": "enterprise_registry",
               "fields": ["industry"], "regions": [fixture.city], "purpose": "工业统计", "valid_until": "2099-12-31"}),
        json!({"grantee_kind": "department", "grantee": fixture.department, "dataset": "indicator_series",
               "fields": ["electricity"], "regions": [fixture.city], "period_from": "2025-02", "period_to": "2025-12",
               "purpose": "用电监测", "valid_until": "2099-12-31"}),
    ] {
        let reply = send(&app, Method::POST, "/api/grants", &admin, Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    let reply = send(
        &app,
        Method::GET,
        "/api/enterprises?limit=5",
        &department,
        None,
    )
    .await;
    let page = reply.json();
    assert!(page["total"].as_i64().unwrap() > 0);
    let first = &page["items"][0];
    assert!(first["industry"].is_string());
    assert!(
        first["region"].is_null() && first["size_class"].is_null(),
        "{first}"
    );
    // Filtering on a field outside the grant would leak it through the total.
    let reply = send(
        &app,
        Method::GET,
        "/api/enterprises?size_class=small",
        &department,
        None,
    )
    .await;
    assert_eq!(reply.json()["field"], "size_class");
    let uscc = first["uscc"].as_str().unwrap();
    let series = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{uscc}/series/electricity"),
        &department,
        None,
    )
    .await;
    assert_eq!(series.status, StatusCode::OK, "{}", series.body);
    let points = series.json()["points"].as_array().unwrap().clone();
    assert!(!points.is_empty());
    assert!(
        points
            .iter()
            .all(|p| p["period"].as_str().unwrap().starts_with("2025-")),
        "{points:?}"
    );
    let other = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{uscc}/series/output_value"),
        &department,
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let profile = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{uscc}"),
        &department,
        None,
    )
    .await
    .json();
    assert!(profile["suppliers"].is_null(), "no supply-link grant");

    // Usage is counted per grant and the department sees its own grants only.
    let grants = send(&app, Method::GET, "/api/grants", &department, None)
        .await
        .json();
    let items = grants["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .all(|g| g["grantee"] == fixture.department.as_str())
    );
    let registry = items
        .iter()
        .find(|g| g["dataset"] == "enterprise_registry" && g["active"] == true)
        .unwrap();
    let detail = send(
        &app,
        Method::GET,
        &format!("/api/grants/{}", registry["id"]),
        &department,
        None,
    )
    .await
    .json();
    assert!(
        detail["usage"][0]["requests"].as_i64().unwrap() >= 1,
        "{detail}"
    );
    let other = send(
        &app,
        Method::GET,
        &format!("/api/grants/{}", fixture.other_grant),
        &department,
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // Shared reads are in the trail with their grant.
    let events = demo
        .store
        .list_audit(&Default::default(), 100, 0)
        .await
        .unwrap();
    assert!(events.items.iter().any(|e| e.record.grant_id.is_some()
        && e.record.actor == fixture.accounts[&Role::Department].username));
}

#[tokio::test]
async fn an_external_token_gets_exactly_its_grant() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    // A viewer account stands for the external party; its token gets a grant of its own.
    let viewer = &fixture.accounts[&Role::Viewer];
    let reply = send(
        &app,
        Method::POST,
        "/api/tokens",
        &admin,
        Some(json!({"username": viewer.username, "name": "电力公司接口"})),
    )
    .await;
    let created = reply.json();
    let token = bearer(created["secret"].as_str().unwrap());
    let before = send(&app, Method::GET, "/api/enterprises", &token, None)
        .await
        .json();
    assert_eq!(
        before["total"], 0,
        "a viewer sees no enterprise without a grant"
    );
    let grant = json!({"grantee_kind": "token", "grantee": created["token"]["id"].to_string(), "dataset": "enterprise_registry",
                       "regions": ["140200"], "purpose": "用电对账", "valid_until": "2099-12-31"});
    let reply = send(&app, Method::POST, "/api/grants", &admin, Some(grant)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let after = send(
        &app,
        Method::GET,
        "/api/enterprises?limit=500",
        &token,
        None,
    )
    .await
    .json();
    let items = after["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|e| e["region"].as_str().unwrap().starts_with("1402")),
        "Datong only"
    );
    // The account's other credentials do not carry the token's grant.
    let other = send(
        &app,
        Method::GET,
        "/api/enterprises",
        &bearer(&viewer.token),
        None,
    )
    .await
    .json();
    assert_eq!(other["total"], 0);
    let chains = send(&app, Method::GET, "/api/chains", &token, None)
        .await
        .json();
    let datong: i64 = chains
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["enterprise_count"].as_i64().unwrap())
        .sum();
    assert!(datong > 0, "chain counts now include Datong's members");
}
