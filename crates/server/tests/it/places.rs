//! A chain's chain-masters and chain-cores, and a region with its sub-regions: lists and counts
//! checked against the stored memberships and registry, within each role's scope.

use std::collections::{BTreeSet, HashMap};

use axum::http::{Method, StatusCode};
use serde_json::Value;
use server::auth::Role;

use crate::support::{app, bearer, fixture, get_ok, send, sqlite};

fn usccs(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|l| l["uscc"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn leaders_are_the_stored_masters_and_cores_in_scope() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let memberships = demo.store.membership_rows().await.unwrap();
    let uri = format!("/api/chains/{}/leaders", fixture.chain);
    let mut sizes = HashMap::new();
    for role in [
        Role::Administrator,
        Role::RegionBureau,
        Role::ChainOffice,
        Role::Department,
        Role::Viewer,
    ] {
        let auth = bearer(&fixture.accounts[&role].token);
        let reply = get_ok(&app, &uri, &auth).await;
        let leaders = reply.json();
        for (key, stored_role) in [
            ("chain_masters", "chain_master"),
            ("chain_cores", "chain_core"),
        ] {
            let want: BTreeSet<String> = memberships
                .iter()
                .filter(|m| m.chain == fixture.chain && m.role == stored_role)
                .filter_map(|m| fixture.enterprises.iter().find(|e| e.id == m.enterprise_id))
                .filter(|e| fixture.sees(role, e))
                .map(|e| e.uscc.clone())
                .collect();
            assert_eq!(usccs(&leaders[key]), want, "{} {key}", role.as_str());
            sizes.insert((role, key), want.len());
        }
        if role == Role::Administrator {
            let first = &leaders["chain_masters"][0];
            assert!(first["node_name"].as_str().is_some_and(|n| !n.is_empty()));
            assert!(first["region_name"].as_str().is_some_and(|n| !n.is_empty()));
        }
    }
    assert!(sizes[&(Role::Administrator, "chain_masters")] > 0);
    assert!(sizes[&(Role::Administrator, "chain_cores")] > 0);
    assert_eq!(sizes[&(Role::Viewer, "chain_masters")], 0);
    let office = bearer(&fixture.accounts[&Role::ChainOffice].token);
    let other = format!("/api/chains/{}/leaders", fixture.other_chain);
    assert_eq!(
        send(&app, Method::GET, &other, &office, None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_region_counts_the_enterprises_in_scope_by_sub_region() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let members: BTreeSet<i64> = fixture
        .memberships
        .iter()
        .filter(|(c, _)| *c == fixture.chain)
        .map(|(_, id)| *id)
        .collect();
    for role in [Role::Administrator, Role::RegionBureau, Role::ChainOffice] {
        let auth = bearer(&fixture.accounts[&role].token);
        let reply = get_ok(&app, &format!("/api/regions/{}", fixture.city), &auth).await;
        let view = reply.json();
        assert_eq!(view["name"], "太原市");
        assert_eq!(view["level"], "city");
        assert_eq!(view["parent"], "140000");
        let seen: Vec<_> = fixture
            .enterprises
            .iter()
            .filter(|e| e.city_code == Some(140100) && fixture.sees(role, e))
            .collect();
        assert_eq!(
            view["enterprise_count"],
            seen.len() as i64,
            "{}",
            role.as_str()
        );
        let mut by_county: HashMap<String, i64> = HashMap::new();
        for e in &seen {
            *by_county.entry(e.region_code.to_string()).or_default() += 1;
        }
        let children = view["children"].as_array().unwrap();
        assert!(children.len() > 3);
        for child in children {
            let code = child["code"].as_str().unwrap();
            assert_eq!(
                child["enterprise_count"],
                by_county.get(code).copied().unwrap_or(0),
                "{} {code}",
                role.as_str()
            );
        }
        if role == Role::ChainOffice {
            assert!(seen.iter().all(|e| members.contains(&e.id)));
        }
    }
    // The province: cities with their counts; a region bureau's view ends at its city.
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let view = send(&app, Method::GET, "/api/regions/140000", &admin, None)
        .await
        .json();
    assert_eq!(
        view["enterprise_count"],
        fixture
            .enterprises
            .iter()
            .filter(|e| e.province_code == 140000)
            .count() as i64
    );
    let taiyuan = view["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "140100")
        .unwrap();
    assert_eq!(
        taiyuan["enterprise_count"],
        fixture
            .enterprises
            .iter()
            .filter(|e| e.city_code == Some(140100))
            .count() as i64
    );
    let bureau = bearer(&fixture.accounts[&Role::RegionBureau].token);
    for code in ["140000", "140200", "nonsense"] {
        let reply = send(
            &app,
            Method::GET,
            &format!("/api/regions/{code}"),
            &bureau,
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{code}");
    }
}
