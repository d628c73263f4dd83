//! Imports through the API: a bad file's report names the bad row and column and writes nothing;
//! a good file writes exactly its rows; a dry run writes nothing; the history and the template.
//! Expectations are the parks table read straight from the store.

use axum::http::{Method, StatusCode, header};
use serde_json::Value;
use server::auth::Role;

use crate::support::{app, bearer, fixture, send, send_raw, sqlite, table_column};

const GOOD: &str = "code,name,region,level,available_land_ha\n\
                    P-140100-91,测试园区甲,140100,省级,12.5\n\
                    P-140100-92,测试园区乙,140100,市级,\n";

/// Row 3 of the sheet (header = row 1) has a region code that does not exist, in column C.
const BAD: &str = "code,name,region,level\n\
                   P-140100-93,测试园区丙,140100,省级\n\
                   P-140100-94,测试园区丁,99999x,省级\n";

async fn park_codes(store: &store::Store) -> Vec<String> {
    let mut codes: Vec<String> = store
        .list_parks()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn a_good_file_writes_exactly_its_rows_and_a_dry_run_nothing() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let analyst = bearer(&fixture.accounts[&Role::ProvinceAnalyst].token);
    let before = park_codes(&demo.store).await;

    let dry = send_raw(
        &app,
        Method::POST,
        "/api/imports?kind=parks&dry_run=true&filename=parks.csv",
        &analyst,
        "text/csv",
        GOOD.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    let dry = dry.json();
    assert_eq!(dry["outcome"], "dry_run");
    assert_eq!(dry["batch"], Value::Null);
    assert_eq!(dry["rows_read"], 2);
    assert_eq!(dry["rows_accepted"], 2);
    assert_eq!(dry["issues"]["rows"].as_array().unwrap().len(), 0);
    assert_eq!(
        park_codes(&demo.store).await,
        before,
        "a dry run writes nothing"
    );

    let reply = send_raw(
        &app,
        Method::POST,
        "/api/imports?kind=parks&filename=parks.csv",
        &analyst,
        "text/csv",
        GOOD.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["outcome"], "committed");
    assert_eq!(report["rows_accepted"], 2);
    assert_eq!(report["rows_rejected"], 0);
    assert_eq!(report["batch"]["status"], "committed");
    assert_eq!(report["batch"]["source"], "parks.csv");
    assert_eq!(
        report["batch"]["actor"],
        fixture.accounts[&Role::ProvinceAnalyst].username.as_str()
    );
    let mut expected = before.clone();
    expected.extend(["P-140100-91".to_owned(), "P-140100-92".to_owned()]);
    expected.sort();
    assert_eq!(park_codes(&demo.store).await, expected);
    let parks = demo.store.list_parks().await.unwrap();
    let first = parks.iter().find(|p| p.code == "P-140100-91").unwrap();
    assert_eq!(first.name, "测试园区甲");
    assert_eq!(first.available_land_ha, Some(12.5));

    // The history lists the batch first; the write is in the audit trail.
    let history = send(&app, Method::GET, "/api/imports?limit=1", &analyst, None)
        .await
        .json();
    assert_eq!(history["items"][0]["id"], report["batch"]["id"]);
    assert_eq!(history["limit"], 1);
    assert!(history["total"].as_i64().unwrap() >= 1);
    let trail = demo
        .store
        .list_audit(&Default::default(), 20, 0)
        .await
        .unwrap();
    assert!(
        trail
            .items
            .iter()
            .any(|e| e.record.action == "POST /api/imports"
                && e.record.outcome == "200"
                && e.record.actor == fixture.accounts[&Role::ProvinceAnalyst].username)
    );
}

#[tokio::test]
async fn a_bad_file_is_reported_row_and_column_and_nothing_is_written() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let before = park_codes(&demo.store).await;
    let reply = send_raw(
        &app,
        Method::POST,
        "/api/imports?kind=parks&filename=bad.csv",
        &admin,
        "text/csv",
        BAD.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["outcome"], "rejected");
    assert_eq!(report["rows_read"], 2);
    assert_eq!(report["rows_rejected"], 1);
    assert_eq!(report["batch"]["status"], "rejected");
    let issues = &report["issues"];
    let errors: Vec<usize> = table_column(issues, "severity")
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == "error")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(errors.len(), 1, "{issues}");
    let i = errors[0];
    assert_eq!(table_column(issues, "row")[i].as_f64(), Some(3.0));
    assert_eq!(table_column(issues, "column")[i], "C");
    assert_eq!(table_column(issues, "header")[i], "region");
    assert_eq!(table_column(issues, "value")[i], "99999x");
    assert!(
        !table_column(issues, "message")[i]
            .as_str()
            .unwrap()
            .is_empty()
    );
    // Not even the good row.
    assert_eq!(park_codes(&demo.store).await, before);
}

#[tokio::test]
async fn parameters_are_checked_after_the_role() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let bureau = bearer(&fixture.accounts[&Role::RegionBureau].token);
    let upload =
        |uri: &'static str, auth: Vec<(header::HeaderName, String)>, body: &'static str| {
            let app = app.clone();
            async move {
                send_raw(
                    &app,
                    Method::POST,
                    uri,
                    &auth,
                    "text/csv",
                    body.as_bytes().to_vec(),
                )
                .await
            }
        };
    // A role that may not import is refused before anything else is looked at.
    let refused = upload("/api/imports?kind=nonsense", bureau.clone(), GOOD).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    for (uri, field) in [
        ("/api/imports", "kind"),
        ("/api/imports?kind=nonsense", "kind"),
        ("/api/imports?kind=parks&dry_run=maybe", "dry_run"),
        ("/api/imports?kind=observations&year=20x5", "year"),
    ] {
        let reply = upload(uri, admin.clone(), GOOD).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(reply.json()["code"], "invalid_parameter");
        assert_eq!(reply.json()["field"], field, "{uri}");
    }
    let empty = upload("/api/imports?kind=parks", admin.clone(), "").await;
    assert_eq!(empty.json()["field"], "body");

    // Bigger than the 1 MiB of other routes, within the import limit: read, then refused as a
    // file (not as a request).
    let mut big = String::from("code,name,region,level\n");
    while big.len() < (3 << 20) {
        big.push_str("P-140100-95,测试园区戊,140100,省级\n");
    }
    let reply = send_raw(
        &app,
        Method::POST,
        "/api/imports?kind=parks&dry_run=true",
        &admin,
        "text/csv",
        big.into_bytes(),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        &reply.body[..200.min(reply.body.len())]
    );
    assert_ne!(reply.json()["outcome"], "committed");

    // Over the import limit: 413 in the API's error shape.
    let huge = vec![b'a'; server::api::imports::BODY_LIMIT + 1];
    let reply = send_raw(
        &app,
        Method::POST,
        "/api/imports?kind=parks",
        &admin,
        "text/csv",
        huge,
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["code"], "payload_too_large");
}

#[tokio::test]
async fn the_template_is_an_xlsx_workbook() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let app = app(&demo.store);
    let admin = bearer(&fixture.accounts[&Role::Administrator].token);
    let request = axum::http::Request::builder()
        .uri("/api/imports/template?kind=observations")
        .header(header::AUTHORIZATION, &admin[0].1)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
    assert!(bytes.len() > 1000);
    let missing = send(&app, Method::GET, "/api/imports/template", &admin, None).await;
    assert_eq!(missing.json()["field"], "kind");
}

#[tokio::test]
async fn the_engine_endpoints_are_documented_with_parameters_and_bodies() {
    let demo = sqlite().await;
    let app = app(&demo.store);
    let document = send(&app, Method::GET, "/api/openapi.json", &[], None)
        .await
        .json();
    let paths = &document["paths"];
    let params = |path: &str, method: &str| -> Vec<String> {
        paths[path][method]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path} has no parameters"))
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let upload = &paths["/api/imports"]["post"];
    let content = upload["requestBody"]["content"].as_object().unwrap();
    assert!(content.contains_key("text/csv"));
    assert!(
        content.contains_key("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert_eq!(upload["x-permission"], "import_data");
    for name in ["kind", "dry_run", "filename", "sheet", "year"] {
        assert!(
            params("/api/imports", "post").contains(&name.to_owned()),
            "{name}"
        );
    }
    for name in ["limit", "offset"] {
        assert!(params("/api/imports", "get").contains(&name.to_owned()));
        assert!(params("/api/evaluations", "get").contains(&name.to_owned()));
    }
    assert!(params("/api/imports/template", "get").contains(&"kind".to_owned()));
    for name in [
        "title", "chain", "region", "verdict", "date", "lang", "limit", "offset",
    ] {
        assert!(
            params("/api/eligibility", "get").contains(&name.to_owned()),
            "{name}"
        );
    }
    assert!(params("/api/enterprises/{uscc}/eligibility", "get").contains(&"uscc".to_owned()));
    assert!(params("/api/evaluations/{id}", "get").contains(&"id".to_owned()));
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for schema in [
        "Table",
        "Column",
        "ImportReport",
        "EvaluationRun",
        "EvaluationResult",
        "ScreeningPage",
        "EnterpriseEligibility",
    ] {
        assert!(schemas.contains_key(schema), "{schema}");
    }
}
