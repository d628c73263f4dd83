//! Recommendations and investment targets: recommended industries are ones the county does not
//! specialise in (RCA < 1, computed here from the stored observations), candidates are
//! enterprises outside the province; only roles whose scope is the whole province may ask.

use std::collections::{HashMap, HashSet};

use axum::http::{Method, StatusCode};
use server::auth::Role;

use crate::support::{app, bearer, fixture, get_ok, send, sqlite, table_column};

#[tokio::test]
async fn recommended_industries_are_ones_the_county_does_not_specialise_in() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let analyst = bearer(&fixture.accounts[&Role::ProvinceAnalyst].token);
    let county = fixture
        .enterprises
        .iter()
        .find(|e| e.city_code == Some(140100) && e.region_code != 140100)
        .unwrap()
        .region_code;

    // RCA of every (county, industry) from the year's output, local enterprises only.
    let year = analytics::relatedness::table_year(&demo.store, None)
        .await
        .unwrap();
    let (first, last) = demo
        .store
        .observation_period_range()
        .await
        .unwrap()
        .unwrap();
    let columns = demo
        .store
        .observation_columns("output_value", first, last)
        .await
        .unwrap();
    let by_id: HashMap<i64, _> = fixture.enterprises.iter().map(|e| (e.id, e)).collect();
    let mut x: HashMap<(i64, String), f64> = HashMap::new();
    for ((id, p), v) in columns
        .enterprise_ids
        .iter()
        .zip(&columns.periods)
        .zip(&columns.values)
    {
        let e = by_id[id];
        if p / 100 == i32::from(year) && e.province_code == 140000 {
            *x.entry((e.region_code, e.industry_code.clone()))
                .or_default() += v;
        }
    }
    let total: f64 = x.values().sum();
    let mut of_place: HashMap<i64, f64> = HashMap::new();
    let mut of_industry: HashMap<String, f64> = HashMap::new();
    for ((c, i), v) in &x {
        *of_place.entry(*c).or_default() += v;
        *of_industry.entry(i.clone()).or_default() += v;
    }
    let rca = |i: &str| {
        let v = x.get(&(county, i.to_owned())).copied().unwrap_or(0.0);
        (v / of_place[&county]) / (of_industry.get(i).copied().unwrap_or(f64::NAN) / total)
    };

    let reply = get_ok(
        &app,
        &format!("/api/recommendations?region={county}&top=10"),
        &analyst,
    )
    .await;
    let table = reply.json();
    let industries = table_column(&table, "industry");
    assert!(!industries.is_empty() && industries.len() <= 10);
    for industry in &industries {
        let industry = industry.as_str().unwrap();
        assert!(rca(industry) < 1.0, "{industry}: RCA {}", rca(industry));
    }
    // Another profile ranks differently but draws from the same absent industries.
    let reply = get_ok(
        &app,
        &format!("/api/recommendations?region={county}&profile=long_jumps"),
        &analyst,
    )
    .await;
    for industry in table_column(&reply.json(), "industry") {
        assert!(rca(industry.as_str().unwrap()) < 1.0);
    }

    for (query, field) in [
        ("", "region"),
        ("?region=140100&park=P1", "region"),
        ("?region=140000", "region"),
        ("?region=nonsense", "region"),
        (&*format!("?region={county}&profile=bold"), "profile"),
        (&*format!("?region={county}&top=0"), "top"),
    ] {
        let reply = send(
            &app,
            Method::GET,
            &format!("/api/recommendations{query}"),
            &analyst,
            None,
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.body
        );
        assert_eq!(reply.json()["field"], field, "{query}");
    }
    let reply = send(
        &app,
        Method::GET,
        "/api/recommendations?park=NO-SUCH-PARK",
        &analyst,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}

#[tokio::test]
async fn investment_targets_are_enterprises_outside_the_province() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let outside: HashSet<&str> = fixture
        .enterprises
        .iter()
        .filter(|e| e.province_code != 140000)
        .map(|e| e.uscc.as_str())
        .collect();
    let everything = store::EnterpriseScope::everything();
    let mut named = 0;
    for chain in demo.store.list_chain_summaries(&everything).await.unwrap() {
        let uri = format!("/api/chains/{}/investment-targets", chain.code);
        let reply = get_ok(&app, &uri, &admin).await;
        let table = reply.json();
        for uscc in table_column(&table, "uscc") {
            assert!(outside.contains(uscc.as_str().unwrap()), "{uscc}");
            named += 1;
        }
        let nodes: HashSet<String> = demo
            .store
            .chain_nodes(&everything, &chain.code)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.node.code)
            .collect();
        for node in table_column(&table, "node") {
            assert!(
                nodes.contains(node.as_str().unwrap()),
                "{} {node}",
                chain.code
            );
        }
    }
    assert!(
        named > 0,
        "some demo chain has gaps with candidates outside"
    );
    let uri = format!("/api/chains/{}/investment-targets", fixture.chain);
    let reply = send(
        &app,
        Method::GET,
        "/api/chains/SX-99/investment-targets",
        &admin,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = send(&app, Method::GET, &format!("{uri}?top=0"), &admin, None).await;
    assert_eq!(reply.json()["field"], "top");
    for role in [
        Role::ChainOffice,
        Role::RegionBureau,
        Role::ParkOffice,
        Role::Department,
        Role::Enterprise,
        Role::Viewer,
    ] {
        let auth = bearer(&fixture.accounts[&role].token);
        for path in [uri.as_str(), "/api/recommendations?region=140105"] {
            let reply = send(&app, Method::GET, path, &auth, None).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{path} {}",
                role.as_str()
            );
        }
    }
}
