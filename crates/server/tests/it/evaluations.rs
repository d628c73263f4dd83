//! Stored evaluation runs through the API, checked against the run's stored results read as
//! plain JSON from the store (not through the analytics types the handler uses).

use axum::http::{Method, StatusCode};
use serde_json::Value;
use server::auth::Role;

use crate::support::{
    EVALUATED_FRAMEWORK, EVALUATED_YEAR, app, bearer, fixture, get_ok, send, sqlite, table_column,
};

#[tokio::test]
async fn runs_are_listed_and_one_run_shows_its_stored_results() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let analyst = bearer(&fixture.accounts[&Role::ProvinceAnalyst].token);

    let list = send(&app, Method::GET, "/api/evaluations", &analyst, None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = list.json();
    assert_eq!(list["total"], 1);
    let run = &list["items"][0];
    assert_eq!(run["id"], fixture.evaluation);
    assert_eq!(run["framework"], EVALUATED_FRAMEWORK);
    assert_eq!(run["year"], EVALUATED_YEAR);
    assert_eq!(run["actor"], "test");
    assert!(run["title"].as_str().unwrap().ends_with(" 2025"));
    let empty = send(
        &app,
        Method::GET,
        "/api/evaluations?offset=1",
        &analyst,
        None,
    )
    .await
    .json();
    assert_eq!(empty["total"], 1);
    assert_eq!(empty["items"].as_array().unwrap().len(), 0);

    // What the store holds, read as JSON.
    let (_, row) = demo
        .store
        .evaluation_run(fixture.evaluation)
        .await
        .unwrap()
        .unwrap();
    let results: Value = serde_json::from_str(&row.results).unwrap();
    let units = results["units"].as_array().unwrap();
    assert_eq!(run["subjects"], row.units);

    let reply = get_ok(
        &app,
        &format!("/api/evaluations/{}", fixture.evaluation),
        &analyst,
    )
    .await;
    let result = reply.json();
    assert_eq!(result["run"]["id"], fixture.evaluation);
    let ranking = &result["ranking"];
    let codes: Vec<&Value> = units.iter().map(|u| &u["code"]).collect();
    assert_eq!(
        table_column(ranking, "code"),
        codes,
        "best first, as stored"
    );
    for (cell, unit) in table_column(ranking, "score").iter().zip(units) {
        match (cell.as_f64(), unit["score"].as_f64()) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9),
            (a, b) => assert_eq!(a, b),
        }
    }
    for (cell, unit) in table_column(ranking, "rank").iter().zip(units) {
        assert_eq!(cell.as_f64(), unit["rank"].as_f64());
    }
    // Grades: the stored counts, then those without a score; together every unit.
    let counted: f64 = table_column(&result["grades"], "units")
        .iter()
        .map(|v| v.as_f64().unwrap())
        .sum();
    let not_evaluated = results["not_evaluated"].as_array().unwrap().len() as u64;
    let graded: u64 = results["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["units"].as_u64().unwrap())
        .sum();
    let unscored = results["unscored"].as_u64().unwrap();
    assert_eq!(counted as u64, graded + unscored + not_evaluated);
    for grade in results["grades"].as_array().unwrap() {
        let i = table_column(&result["grades"], "grade")
            .iter()
            .position(|g| **g == grade["label"])
            .unwrap();
        assert_eq!(
            table_column(&result["grades"], "units")[i].as_f64(),
            grade["units"].as_f64()
        );
    }
    // Explanations: one row per unit and indicator it has a contribution for.
    let contributions: usize = units
        .iter()
        .map(|u| u["contributions"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        result["explanations"]["rows"].as_array().unwrap().len(),
        contributions
    );
    assert!(result["intervals"]["columns"].as_array().unwrap().len() >= 4);

    let missing = send(&app, Method::GET, "/api/evaluations/999999", &analyst, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = send(&app, Method::GET, "/api/evaluations/abc", &analyst, None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = send(
        &app,
        Method::GET,
        "/api/evaluations?limit=0",
        &analyst,
        None,
    )
    .await;
    assert_eq!(bad.json()["field"], "limit");
    // Runs are computed over the whole province: scoped roles may not read them.
    let bureau = bearer(&fixture.accounts[&Role::RegionBureau].token);
    let refused = send(&app, Method::GET, "/api/evaluations", &bureau, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
