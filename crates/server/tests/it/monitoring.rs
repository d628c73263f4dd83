//! Operation monitoring: figures checked against sums computed here from the stored observations,
//! scope restricting the engine's inputs (a region bureau's chain total covers its region only),
//! parameter validation, roles, and the in-memory cache of the monitoring inputs.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::Value;
use server::auth::Role;
use server::engine_cache::EngineCache;

use crate::support::{Fixture, app, bearer, fixture, get_ok, send, sqlite, table_column};

/// The row of a table whose `key` column holds `value`, as a map column → cell.
fn row<'a>(table: &'a Value, key: &str, value: &str) -> HashMap<String, &'a Value> {
    let keys: Vec<String> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_owned())
        .collect();
    let i = keys.iter().position(|k| k == key).unwrap();
    let row = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[i] == value)
        .unwrap_or_else(|| panic!("no row with {key} = {value}: {table}"));
    keys.into_iter()
        .zip(row.as_array().unwrap().iter())
        .collect()
}

/// Expected 当月, reporting count and 当月同比 of `indicator` at `period` (a key, YYYYMM) over the
/// enterprises `members` (ids), computed from the stored observations.
struct Expected {
    month: f64,
    reporting: usize,
    yoy: f64,
}

async fn expected(
    store: &store::Store,
    indicator: &str,
    period: i32,
    members: &HashSet<i64>,
) -> Expected {
    let (first, last) = store.observation_period_range().await.unwrap().unwrap();
    let columns = store
        .observation_columns(indicator, first, last)
        .await
        .unwrap();
    let mut now = HashMap::new();
    let mut before = HashMap::new();
    for ((id, p), v) in columns
        .enterprise_ids
        .iter()
        .zip(&columns.periods)
        .zip(&columns.values)
    {
        if !members.contains(id) {
            continue;
        }
        if *p == period {
            now.insert(*id, *v);
        } else if *p == period - 100 {
            before.insert(*id, *v);
        }
    }
    let month = now.values().sum();
    let (mut current, mut base) = (0.0, 0.0);
    for (id, v) in &now {
        if let Some(b) = before.get(id) {
            current += v;
            base += b;
        }
    }
    Expected {
        month,
        reporting: now.len(),
        yoy: (current - base) / f64::abs(base),
    }
}

fn close(got: &Value, want: f64) -> bool {
    got.as_f64()
        .is_some_and(|g| (g - want).abs() <= 1e-9 * want.abs().max(1.0))
}

fn members_of(fixture: &Fixture, chain: &str, role: Role) -> HashSet<i64> {
    let members: HashSet<i64> = fixture
        .memberships
        .iter()
        .filter(|(c, _)| c == chain)
        .map(|(_, id)| *id)
        .collect();
    fixture
        .enterprises
        .iter()
        .filter(|e| members.contains(&e.id) && fixture.sees(role, e))
        .map(|e| e.id)
        .collect()
}

#[tokio::test]
async fn rollups_add_up_the_stored_observations_within_the_callers_scope() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let (_, last) = demo
        .store
        .observation_period_range()
        .await
        .unwrap()
        .unwrap();
    let latest = last.to_string();
    let key: i32 = latest.replace('-', "").parse().unwrap();

    let mut totals = HashMap::new();
    for role in [
        Role::Administrator,
        Role::RegionBureau,
        Role::ChainOffice,
        Role::ParkOffice,
    ] {
        let auth = bearer(&fixture.accounts[&role].token);
        let reply = get_ok(
            &app,
            "/api/monitoring/rollup?by=chain&indicator=output_value",
            &auth,
        )
        .await;
        let table = reply.json();
        assert!(
            table_column(&table, "period")
                .iter()
                .all(|p| **p == *latest),
            "the latest period only"
        );
        let members = members_of(&fixture, &fixture.chain, role);
        let want = expected(&demo.store, "output_value", key, &members).await;
        totals.insert(role, want.month);
        if want.reporting == 0 {
            // Nobody in scope reported for the chain: no row (and nothing from outside).
            assert!(
                !table_column(&table, "chain_code").contains(&&Value::from(fixture.chain.clone()))
            );
            continue;
        }
        let steel = row(&table, "chain_code", &fixture.chain);
        assert!(
            close(steel["month"], want.month),
            "{}: month {} ≠ {}",
            role.as_str(),
            steel["month"],
            want.month
        );
        assert_eq!(
            steel["reporting"].as_f64(),
            Some(want.reporting as f64),
            "{}",
            role.as_str()
        );
        assert!(
            close(steel["month_yoy"], want.yoy),
            "{}: y/y {} ≠ {}",
            role.as_str(),
            steel["month_yoy"],
            want.yoy
        );
        // A chain office sees its chain only.
        if role == Role::ChainOffice {
            assert!(
                table_column(&table, "chain_code")
                    .iter()
                    .all(|c| **c == *fixture.chain)
            );
        }
    }
    // The region bureau's chain total is its region's part, not the province's.
    assert!(totals[&Role::RegionBureau] < totals[&Role::Administrator]);
    assert!(totals[&Role::RegionBureau] > 0.0);

    // A province analyst filtering on the region gets the region bureau's figure.
    let analyst = bearer(&fixture.accounts[&Role::ProvinceAnalyst].token);
    let reply = get_ok(
        &app,
        &format!(
            "/api/monitoring/rollup?by=chain&indicator=output_value&region={}&lang=en",
            fixture.city
        ),
        &analyst,
    )
    .await;
    let table = reply.json();
    assert!(close(
        row(&table, "chain_code", &fixture.chain)["month"],
        totals[&Role::RegionBureau]
    ));
    assert_eq!(
        row(&table, "chain_code", &fixture.chain)["indicator"],
        "gross industrial output value"
    );

    // A range gives one row per period; by=node within a chain gives that chain's nodes only.
    let reply = get_ok(
        &app,
        &format!(
            "/api/monitoring/rollup?by=node&indicator=output_value&chain={}&from={}-02&to={latest}",
            fixture.chain,
            last.year()
        ),
        &analyst,
    )
    .await;
    let table = reply.json();
    let periods: HashSet<String> = table_column(&table, "period")
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert!(periods.len() > 1 && periods.contains(&latest));
    assert!(table_column(&table, "node_code").iter().all(|n| {
        n.as_str()
            .unwrap()
            .starts_with(&format!("{}/", fixture.chain))
    }));
}

#[tokio::test]
async fn warnings_of_a_scoped_caller_are_those_of_its_enterprises() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let bureau = bearer(&fixture.accounts[&Role::RegionBureau].token);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let subjects = |table: &Value| -> HashSet<String> {
        table_column(table, "subject_code")
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let reply = get_ok(&app, "/api/monitoring/warnings?limit=500", &bureau).await;
    let mine = subjects(&reply.json());
    let in_city: HashSet<String> = fixture
        .enterprises
        .iter()
        .filter(|e| fixture.sees(Role::RegionBureau, e))
        .map(|e| e.uscc.clone())
        .collect();
    assert!(
        !mine.is_empty(),
        "the demo has warnings in {}",
        fixture.city
    );
    assert!(mine.is_subset(&in_city));
    // Enterprise warnings depend on each enterprise's own figures: the administrator filtering
    // on the region sees the same ones.
    let reply = send(
        &app,
        Method::GET,
        &format!("/api/monitoring/warnings?limit=500&region={}", fixture.city),
        &admin,
        None,
    )
    .await;
    assert_eq!(subjects(&reply.json()), mine);
    let reply = send(
        &app,
        Method::GET,
        "/api/monitoring/warnings?limit=2",
        &admin,
        None,
    )
    .await;
    assert_eq!(reply.json()["rows"].as_array().unwrap().len(), 2);
    // Group-level warnings answer as well.
    get_ok(&app, "/api/monitoring/warnings?level=chain", &admin).await;
    // The read of enterprise-level warnings is in the trail with its subjects.
    let trail = demo
        .store
        .list_audit(
            &store::AuditFilter {
                subject: mine.iter().next().cloned(),
                ..Default::default()
            },
            50,
            0,
        )
        .await
        .unwrap();
    assert!(
        trail
            .items
            .iter()
            .any(|e| e.record.action == "GET /api/monitoring/warnings")
    );
}

#[tokio::test]
async fn targets_roles_and_parameters() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let office = bearer(&fixture.accounts[&Role::ChainOffice].token);

    let reply = get_ok(&app, "/api/monitoring/targets", &admin).await;
    assert!(!reply.json()["rows"].as_array().unwrap().is_empty());
    let reply = get_ok(&app, "/api/monitoring/targets?lang=en", &office).await;
    let table = reply.json();
    for name in table_column(&table, "target") {
        let name = name.as_str().unwrap();
        assert!(
            name.starts_with(&format!("{} ", fixture.chain)) || !name.contains("SX-"),
            "{name}"
        );
    }
    // Another chain is unknown to a chain office, like a missing one.
    let reply = send(
        &app,
        Method::GET,
        &format!("/api/monitoring/targets?chain={}", fixture.other_chain),
        &office,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["field"], "chain");

    for role in [Role::Department, Role::Enterprise, Role::Viewer] {
        let auth = bearer(&fixture.accounts[&role].token);
        for path in [
            "/api/monitoring/rollup",
            "/api/monitoring/warnings",
            "/api/monitoring/targets",
        ] {
            let reply = send(&app, Method::GET, path, &auth, None).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{path} {}",
                role.as_str()
            );
        }
    }

    for (query, field) in [
        ("/api/monitoring/rollup?by=colour", "by"),
        ("/api/monitoring/rollup?by=chain,chain", "by"),
        ("/api/monitoring/rollup?period=2024-13", "period"),
        (
            "/api/monitoring/rollup?period=2024-03&from=2024-02",
            "period",
        ),
        ("/api/monitoring/rollup?from=2025-03&to=2024-03", "from"),
        ("/api/monitoring/rollup?indicator=nothing", "indicator"),
        ("/api/monitoring/rollup?region=99", "region"),
        ("/api/monitoring/rollup?chain=SX-99", "chain"),
        ("/api/monitoring/rollup?lang=fr", "lang"),
        ("/api/monitoring/warnings?limit=0", "limit"),
        ("/api/monitoring/warnings?level=colour", "level"),
        ("/api/monitoring/warnings?at=soon", "at"),
    ] {
        let reply = send(&app, Method::GET, query, &admin, None).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.body
        );
        let error = reply.json();
        assert_eq!(error["code"], "invalid_parameter", "{query}");
        assert_eq!(error["field"], field, "{query}");
    }
}

#[tokio::test]
async fn monitoring_inputs_load_once_until_cleared() {
    let demo = sqlite().await;
    let cache = Arc::new(EngineCache::default());
    let (a, b) = tokio::join!(
        cache.monitoring(&demo.store, "2026-01-01"),
        cache.monitoring(&demo.store, "2026-01-01")
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(Arc::ptr_eq(&a, &b), "concurrent requests share one load");
    let again = cache.monitoring(&demo.store, "2026-01-01").await.unwrap();
    assert!(Arc::ptr_eq(&a, &again));
    cache.clear();
    let fresh = cache.monitoring(&demo.store, "2026-01-01").await.unwrap();
    assert!(!Arc::ptr_eq(&a, &fresh), "a write forces a new load");
    let next_day = cache.monitoring(&demo.store, "2026-01-02").await.unwrap();
    assert!(
        !Arc::ptr_eq(&fresh, &next_day),
        "titles are those of the day"
    );
}

/// Figures come from the cached inputs until a write through the API clears them.
#[tokio::test]
async fn a_write_through_the_api_reloads_the_monitoring_inputs() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let (_, last) = demo
        .store
        .observation_period_range()
        .await
        .unwrap()
        .unwrap();
    let uri = format!("/api/monitoring/rollup?by=chain&indicator=output_value&period={last}");
    let month = |table: &Value| {
        row(table, "chain_code", &fixture.chain)["month"]
            .as_f64()
            .unwrap()
    };
    let before = month(&send(&app, Method::GET, &uri, &admin, None).await.json());

    // A member of the chain that did not report in the latest period reports now, written
    // straight to the database (as another process would).
    let key: i32 = last.to_string().replace('-', "").parse().unwrap();
    let columns = demo
        .store
        .observation_columns("output_value", last, last)
        .await
        .unwrap();
    let reported: HashSet<i64> = columns
        .enterprise_ids
        .iter()
        .zip(&columns.periods)
        .filter(|(_, p)| **p == key)
        .map(|(id, _)| *id)
        .collect();
    let silent = members_of(&fixture, &fixture.chain, Role::Administrator)
        .into_iter()
        .find(|id| !reported.contains(id))
        .expect("a member that did not report");
    let keys = demo.store.stored_keys().await.unwrap();
    let indicator = keys.indicators["output_value"].0;
    let mut tx = demo.store.begin().await.unwrap();
    demo.store
        .insert_observations(&mut tx, &[(silent, indicator, last, 1_000_000.0)], None)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let cached = month(&send(&app, Method::GET, &uri, &admin, None).await.json());
    assert_eq!(cached, before, "served from the loaded inputs");
    // Any successful write through the API clears them.
    let reply = send(
        &app,
        Method::POST,
        "/api/tokens",
        &admin,
        Some(serde_json::json!({
            "username": fixture.accounts[&Role::Viewer].username,
            "name": "reload",
        })),
    )
    .await;
    assert!(reply.status.is_success(), "{}", reply.body);
    let after = month(&send(&app, Method::GET, &uri, &admin, None).await.json());
    assert!(
        (after - before - 1_000_000.0).abs() < 1e-6,
        "{before} → {after}"
    );
}

/// The pages discover the engine endpoints and their parameters in the document.
#[tokio::test]
async fn the_document_describes_the_engine_endpoints() {
    let doc: Value = serde_json::from_str(&server::api::openapi().to_json().unwrap()).unwrap();
    let table = &doc["components"]["schemas"]["Table"];
    assert_eq!(table["required"], serde_json::json!(["columns", "rows"]));
    for (path, parameters) in [
        (
            "/api/monitoring/rollup",
            &[
                "indicator",
                "by",
                "period",
                "from",
                "to",
                "chain",
                "region",
                "lang",
            ][..],
        ),
        (
            "/api/monitoring/warnings",
            &["level", "at", "chain", "region", "limit"][..],
        ),
        ("/api/monitoring/targets", &["chain", "lang"][..]),
        ("/api/chains/{code}/risk", &["code", "top", "lang"][..]),
        ("/api/chains/{code}/leaders", &["code"][..]),
        ("/api/regions/{code}", &["code"][..]),
        (
            "/api/chains/{code}/investment-targets",
            &["code", "top"][..],
        ),
        (
            "/api/recommendations",
            &["region", "park", "profile", "top"][..],
        ),
    ] {
        let operation = &doc["paths"][path]["get"];
        let names: Vec<&str> = operation["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} is not in the document"))
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for name in parameters {
            assert!(names.contains(name), "{path} lacks {name}: {names:?}");
        }
        assert!(operation["responses"]["200"].is_object(), "{path}");
        assert!(operation["responses"]["403"].is_object(), "{path}");
    }
}
