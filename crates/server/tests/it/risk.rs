//! A chain's risk report: node figures checked against counts made here from the stored
//! memberships, computed over the caller's scope only; roles, 404 outside the scope, parameters.

use std::collections::{HashMap, HashSet};

use axum::http::{Method, StatusCode};
use server::auth::Role;

use crate::support::{Fixture, app, bearer, fixture, send, sqlite, table_column};

/// Local (home-province) member firms of each node of `chain` that `role` sees.
async fn local_members(
    store: &store::Store,
    fixture: &Fixture,
    chain: &str,
    role: Role,
) -> HashMap<String, usize> {
    let local: HashSet<i64> = fixture
        .enterprises
        .iter()
        .filter(|e| e.province_code == 140000 && fixture.sees(role, e))
        .map(|e| e.id)
        .collect();
    let mut members: HashMap<String, HashSet<i64>> = HashMap::new();
    for m in store.membership_rows().await.unwrap() {
        if m.chain == chain && local.contains(&m.enterprise_id) {
            members
                .entry(m.node.clone())
                .or_default()
                .insert(m.enterprise_id);
        }
    }
    members.into_iter().map(|(n, s)| (n, s.len())).collect()
}

#[tokio::test]
async fn node_figures_count_the_members_in_scope() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let uri = format!("/api/chains/{}/risk", fixture.chain);
    let mut totals = HashMap::new();
    for role in [Role::Administrator, Role::RegionBureau, Role::ChainOffice] {
        let auth = bearer(&fixture.accounts[&role].token);
        let reply = send(&app, Method::GET, &uri, &auth, None).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: {}",
            role.as_str(),
            reply.body
        );
        let report = reply.json();
        for name in ["findings", "nodes", "systemic"] {
            assert!(report[name]["columns"].is_array(), "{name}");
        }
        let want = local_members(&demo.store, &fixture, &fixture.chain, role).await;
        let nodes = &report["nodes"];
        let codes = table_column(nodes, "node_code");
        let counts = table_column(nodes, "local_firms");
        assert_eq!(codes.len(), 12, "every node of the chain");
        let mut total = 0;
        for (code, count) in codes.iter().zip(counts) {
            let expected = want.get(code.as_str().unwrap()).copied().unwrap_or(0);
            assert_eq!(
                count.as_f64(),
                Some(expected as f64),
                "{} node {code}",
                role.as_str()
            );
            total += expected;
        }
        // Systemic firms are members the caller may see.
        let visible: HashSet<&str> = fixture
            .enterprises
            .iter()
            .filter(|e| fixture.sees(role, e))
            .map(|e| e.uscc.as_str())
            .collect();
        for uscc in table_column(&report["systemic"], "uscc") {
            assert!(
                visible.contains(uscc.as_str().unwrap()),
                "{}",
                role.as_str()
            );
        }
        totals.insert(role, total);
    }
    assert!(totals[&Role::RegionBureau] < totals[&Role::Administrator]);
    assert_eq!(totals[&Role::ChainOffice], totals[&Role::Administrator]);
}

#[tokio::test]
async fn roles_scope_and_parameters() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let uri = format!("/api/chains/{}/risk", fixture.chain);
    for role in [Role::Department, Role::Enterprise, Role::Viewer] {
        let auth = bearer(&fixture.accounts[&role].token);
        let reply = send(&app, Method::GET, &uri, &auth, None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", role.as_str());
    }
    let office = bearer(&fixture.accounts[&Role::ChainOffice].token);
    let other = format!("/api/chains/{}/risk", fixture.other_chain);
    let reply = send(&app, Method::GET, &other, &office, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let reply = send(&app, Method::GET, "/api/chains/SX-99/risk", &admin, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    for (query, field) in [("top=0", "top"), ("top=x", "query"), ("lang=de", "lang")] {
        let reply = send(&app, Method::GET, &format!("{uri}?{query}"), &admin, None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.json()["field"], field, "{query}");
    }
    let reply = send(
        &app,
        Method::GET,
        &format!("{uri}?top=3&lang=en"),
        &admin,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json()["systemic"]["rows"].as_array().unwrap().len() <= 3);
}
