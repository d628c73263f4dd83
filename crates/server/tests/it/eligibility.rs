//! Eligibility through the API: the screening covers exactly the enterprises in the caller's
//! scope (counted from the fixture, independently of the store's SQL), filters and pages, and
//! one enterprise's explanation agrees with its screening row and is audited.

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use serde_json::Value;
use server::auth::Role;

use crate::support::{app, bearer, fixture, get_ok, send, sqlite, table_column};

const DATE: &str = "2026-06-30";

fn ids(table: &Value) -> HashSet<String> {
    table_column(table, "enterprise_id")
        .into_iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn screening_covers_exactly_the_callers_scope() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);

    // A region bureau: every enterprise of its city, nothing else.
    let bureau = bearer(&fixture.accounts[&Role::RegionBureau].token);
    let city: HashSet<String> = fixture
        .enterprises
        .iter()
        .filter(|e| e.city_code == Some(140100))
        .map(|e| e.uscc.clone())
        .collect();
    let uri = format!("/api/eligibility?title=specialised_sme&date={DATE}&lang=en&limit=500");
    let reply = get_ok(&app, &uri, &bureau).await;
    let mut page = reply.json();
    assert_eq!(page["enterprises"], city.len());
    assert_eq!(
        page["total"],
        city.len(),
        "one row per enterprise for one title"
    );
    let mut seen = ids(&page);
    let mut offset = 500;
    while offset < city.len() {
        page = send(
            &app,
            Method::GET,
            &format!("{uri}&offset={offset}"),
            &bureau,
            None,
        )
        .await
        .json();
        seen.extend(ids(&page));
        offset += 500;
    }
    assert_eq!(seen, city);
    assert!(
        table_column(&page, "title")
            .iter()
            .all(|t| *t == "specialised_sme")
    );

    // A chain office: exactly the members of its chain; another chain is not there for it.
    let office = bearer(&fixture.accounts[&Role::ChainOffice].token);
    let member_ids: HashSet<i64> = fixture
        .memberships
        .iter()
        .filter(|(c, _)| *c == fixture.chain)
        .map(|(_, id)| *id)
        .collect();
    let members: HashSet<String> = fixture
        .enterprises
        .iter()
        .filter(|e| member_ids.contains(&e.id))
        .map(|e| e.uscc.clone())
        .collect();
    assert!(members.len() <= 500);
    let page = send(
        &app,
        Method::GET,
        &format!("/api/eligibility?title=little_giant&date={DATE}&limit=500"),
        &office,
        None,
    )
    .await
    .json();
    assert_eq!(ids(&page), members);
    let other = send(
        &app,
        Method::GET,
        &format!("/api/eligibility?chain={}", fixture.other_chain),
        &office,
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // Verdict filter: the rows of one verdict, as many as the count says; counts cover all.
    let analyst = bearer(&fixture.accounts[&Role::ProvinceAnalyst].token);
    let all = send(
        &app,
        Method::GET,
        &format!("/api/eligibility?title=innovative_sme&region=140100&date={DATE}&limit=1"),
        &analyst,
        None,
    )
    .await
    .json();
    assert_eq!(all["enterprises"], city.len());
    let counts = &all["counts"][0];
    let sum = counts["qualifies"].as_u64().unwrap()
        + counts["does_not_qualify"].as_u64().unwrap()
        + counts["cannot_tell"].as_u64().unwrap();
    assert_eq!(sum as usize, city.len());
    let cannot = send(
        &app,
        Method::GET,
        &format!(
            "/api/eligibility?title=innovative_sme&region=140100&date={DATE}&verdict=cannot_tell&lang=en&limit=500"
        ),
        &analyst,
        None,
    )
    .await
    .json();
    assert_eq!(cannot["total"], counts["cannot_tell"]);
    assert!(
        table_column(&cannot, "verdict")
            .iter()
            .all(|v| *v == "cannot tell")
    );

    // Parameters are checked and named.
    for (query, field) in [
        ("title=nonsense", "title"),
        ("verdict=maybe", "verdict"),
        ("region=12", "region"),
        ("date=2026-13-01", "date"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("lang=fr", "lang"),
    ] {
        let reply = send(
            &app,
            Method::GET,
            &format!("/api/eligibility?{query}"),
            &analyst,
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.json()["field"], field, "{query}");
    }
    // Shared-data roles may not screen.
    let department = bearer(&fixture.accounts[&Role::Department].token);
    let refused = send(&app, Method::GET, "/api/eligibility", &department, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn one_enterprise_is_explained_like_its_screening_row_and_audited() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let own = bearer(&fixture.accounts[&Role::Enterprise].token);
    let uscc = &fixture.own_uscc;

    let screened = send(
        &app,
        Method::GET,
        &format!("/api/eligibility?date={DATE}&lang=en"),
        &own,
        None,
    )
    .await
    .json();
    assert_eq!(
        screened["enterprises"], 1,
        "an enterprise screens only itself"
    );
    let titles = table_column(&screened, "title");
    let verdicts = table_column(&screened, "verdict");

    let reply = get_ok(
        &app,
        &format!("/api/enterprises/{uscc}/eligibility?date={DATE}&lang=en"),
        &own,
    )
    .await;
    let explained = reply.json();
    assert_eq!(explained["uscc"], uscc.as_str());
    assert!(!explained["rows"].as_array().unwrap().is_empty());
    let verdict_of = |title: &str| -> String {
        let v = explained["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["title"] == title)
            .unwrap();
        v["verdict"].as_str().unwrap().replace('_', " ")
    };
    assert_eq!(
        titles.len(),
        explained["verdicts"].as_array().unwrap().len()
    );
    for (title, verdict) in titles.iter().zip(&verdicts) {
        assert_eq!(
            verdict_of(title.as_str().unwrap()),
            verdict.as_str().unwrap()
        );
    }

    // Another enterprise is not there for it; the read is in the trail with its subject.
    let (_, outside) = fixture.sample(Role::Enterprise);
    let other = send(
        &app,
        Method::GET,
        &format!("/api/enterprises/{}/eligibility", outside.unwrap()),
        &own,
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let trail = demo
        .store
        .list_audit(&Default::default(), 20, 0)
        .await
        .unwrap();
    assert!(trail.items.iter().any(|e| e.record.action
        == "GET /api/enterprises/{uscc}/eligibility"
        && e.record.subjects == vec![uscc.clone()]));
}
