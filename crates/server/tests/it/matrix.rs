//! The authorisation matrix: every operation of the OpenAPI document × every role (and no
//! credential) × an object inside and one outside the role's scope, on SQLite and PostgreSQL.
//!
//! Expectations come from the document and the role table, not from a hand-kept list: no
//! credential → 401 (unless the operation is public); a role without the operation's
//! `x-permission` → 403; inside → 2xx; outside → 404, exactly like a missing object. Every
//! response is also searched for the USCC of every enterprise outside the role's scope: none may
//! appear, not in a list, a count's neighbourhood, an error message or a profile.

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use server::auth::{Permission, Role};
use store::Store;

use crate::support::{Fixture, PASSWORD, app, bearer, fixture, postgres, send, send_raw, sqlite};

#[derive(Debug, Clone)]
struct Operation {
    method: Method,
    path: String,
    permission: String,
    public: bool,
}

/// Every operation in the served document.
fn operations(document: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let method: Method = method.to_uppercase().parse().expect("HTTP method");
            let permission = operation["x-permission"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no x-permission"))
                .to_owned();
            let public = operation["security"].as_array().is_some_and(|s| {
                s.iter()
                    .all(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            operations.push(Operation {
                method,
                path: path.clone(),
                permission,
                public,
            });
        }
    }
    operations
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Inside,
    Outside,
}

/// A valid USCC that no demo enterprise has.
fn unknown_uscc() -> String {
    model::Uscc::assemble(b'9', b'1', "140100", b"MA0Y9999")
        .unwrap()
        .to_string()
}

struct Matrix<'a> {
    fixture: &'a Fixture,
    runs: usize,
}

impl Matrix<'_> {
    /// The value of path parameter `name` for `role` on `side`.
    fn fill(&self, name: &str, role: Option<Role>, side: Side, method: &Method) -> String {
        let f = self.fixture;
        let role = role.unwrap_or(Role::Viewer);
        match (name, side) {
            ("code", Side::Inside) => f.chain.clone(),
            ("code", Side::Outside) if role == Role::ChainOffice => f.other_chain.clone(),
            ("code", Side::Outside) => "SX-99".to_owned(),
            ("uscc", side) => {
                let (inside, outside) = f.sample(role);
                let pick = if side == Side::Inside {
                    inside
                } else {
                    outside
                };
                pick.unwrap_or_else(unknown_uscc)
            }
            ("indicator", _) => "output_value".to_owned(),
            ("id", Side::Outside) => "999999".to_owned(),
            ("id", Side::Inside) => match method {
                // Users: an account nobody uses for requests; tokens and grants: spares, so that
                // revoking them does not cut later runs off.
                &Method::DELETE => "{spare}".to_owned(),
                _ => "{own}".to_owned(),
            },
            (other, _) => panic!(
                "the matrix has no value for path parameter {{{other}}}: add one to Matrix::fill"
            ),
        }
    }

    /// The `{code}` of a region: a region bureau's own city inside, another city outside; for
    /// every other role (which sees regions whatever its scope) a code no region has outside.
    fn region(&self, name: &str, role: Option<Role>, side: Side) -> String {
        assert_eq!(
            name, "code",
            "add region path parameter {{{name}}} to Matrix::region"
        );
        match (side, role) {
            (Side::Inside, _) => self.fixture.city.clone(),
            (Side::Outside, Some(Role::RegionBureau)) => "140200".to_owned(),
            (Side::Outside, _) => "149999".to_owned(),
        }
    }

    /// The concrete `{id}` for an operation, by resource.
    fn id(&self, path: &str, placeholder: &str, role: Option<Role>) -> String {
        let f = self.fixture;
        let spare = placeholder == "{spare}";
        if path.starts_with("/api/users/") {
            f.accounts[&Role::Viewer].id.to_string()
        } else if path.starts_with("/api/tokens/") {
            f.spare_token.to_string()
        } else if path.starts_with("/api/grants/") {
            if spare || role != Some(Role::Department) {
                f.other_grant.to_string()
            } else {
                f.grant.to_string()
            }
        } else if path.starts_with("/api/evaluations/") {
            f.evaluation.to_string()
        } else {
            panic!("the matrix does not know which {{id}} to use for {path}: add it to Matrix::id")
        }
    }

    fn uri(&self, operation: &Operation, role: Option<Role>, side: Side) -> String {
        let mut uri = String::new();
        let mut rest = operation.path.as_str();
        while let Some(open) = rest.find('{') {
            uri.push_str(&rest[..open]);
            let close = rest[open..].find('}').expect("closing brace") + open;
            let name = &rest[open + 1..close];
            let value = if operation.path.starts_with("/api/regions/") {
                self.region(name, role, side)
            } else {
                self.fill(name, role, side, &operation.method)
            };
            if value.starts_with('{') {
                uri.push_str(&self.id(&operation.path, &value, role));
            } else {
                uri.push_str(&value);
            }
            rest = &rest[close + 1..];
        }
        uri.push_str(rest);
        if operation.path == "/api/recommendations" {
            // A location is required: a county of the fixture's city.
            let county = self
                .fixture
                .enterprises
                .iter()
                .find(|e| e.city_code == Some(140100) && e.region_code != 140100)
                .map(|e| e.region_code)
                .expect("a county of the city");
            return format!("{uri}?region={county}");
        }
        uri.push_str(Matrix::query(operation));
        uri
    }

    /// Required query parameters of an operation (writes that can be dry runs are).
    fn query(operation: &Operation) -> &'static str {
        match (&operation.method, operation.path.as_str()) {
            (&Method::POST, "/api/imports") => "?kind=parks&dry_run=true&filename=matrix.csv",
            (&Method::GET, "/api/imports/template") => "?kind=parks",
            _ => "",
        }
    }

    /// A valid body for a write operation.
    fn body(&mut self, operation: &Operation, role: Option<Role>) -> Option<Value> {
        self.runs += 1;
        let n = self.runs;
        let f = self.fixture;
        match (&operation.method, operation.path.as_str()) {
            (&Method::GET | &Method::DELETE, _) => None,
            (&Method::POST, "/api/session") => Some(json!({
                "username": f.accounts[&role.unwrap_or(Role::Viewer)].username,
                "password": PASSWORD,
            })),
            (&Method::POST, "/api/users") => Some(json!({
                "username": format!("matrix_{n}"),
                "role": "viewer",
                "password": PASSWORD,
            })),
            (&Method::PATCH, "/api/users/{id}") => Some(json!({"disabled": false})),
            (&Method::POST, "/api/tokens") => Some(json!({
                "username": f.accounts[&Role::Viewer].username,
                "name": format!("matrix {n}"),
            })),
            (&Method::POST, "/api/grants") => Some(json!({
                "grantee_kind": "department",
                "grantee": "省发改委",
                "dataset": "enterprise_registry",
                "fields": ["industry"],
                "regions": ["140200"],
                "purpose": "矩阵测试",
                "valid_until": "2099-12-31",
            })),
            // A file: sent as it is (see `run_matrix`), validated and not written (dry run).
            (&Method::POST, "/api/imports") => Some(Value::String(
                "code,name,region,level\nP-140100-97,矩阵测试园区,140100,省级\n".to_owned(),
            )),
            (method, path) => {
                panic!("the matrix has no sample body for {method} {path}: add one to Matrix::body")
            }
        }
    }
}

/// USCCs `role` must never receive.
fn hidden(fixture: &Fixture, role: Role, counterparts: &HashSet<String>) -> Vec<String> {
    fixture
        .enterprises
        .iter()
        .filter(|e| !fixture.sees(role, e))
        // An enterprise's own supply links name its counterparts, by design.
        .filter(|e| role != Role::Enterprise || !counterparts.contains(&e.uscc))
        .map(|e| e.uscc.clone())
        .collect()
}

async fn counterparts_of_own(store: &Store, fixture: &Fixture) -> HashSet<String> {
    let own = fixture
        .enterprises
        .iter()
        .find(|e| e.uscc == fixture.own_uscc)
        .unwrap();
    let links = store.supply_link_columns(demo::LINK_YEAR).await.unwrap();
    let ids: HashSet<i64> = links
        .suppliers
        .iter()
        .zip(&links.customers)
        .filter_map(|(s, c)| {
            if *s == own.id {
                Some(*c)
            } else if *c == own.id {
                Some(*s)
            } else {
                None
            }
        })
        .collect();
    fixture
        .enterprises
        .iter()
        .filter(|e| ids.contains(&e.id))
        .map(|e| e.uscc.clone())
        .collect()
}

fn allowed(role: Role, operation: &Operation) -> bool {
    match operation.permission.as_str() {
        "public" | "signed_in" => true,
        name => role.may(Permission::parse(name).unwrap_or_else(|| {
            panic!(
                "{} {} names unknown x-permission {name}",
                operation.method, operation.path
            )
        })),
    }
}

async fn run_matrix(store: &Store, fixture: &Fixture) -> usize {
    let app = app(store);
    let document: Value = serde_json::from_str(
        &send(&app, Method::GET, "/api/openapi.json", &[], None)
            .await
            .body,
    )
    .unwrap();
    let operations = operations(&document);
    assert!(operations.len() >= 20, "{} operations", operations.len());
    let counterparts = counterparts_of_own(store, fixture).await;
    let mut matrix = Matrix { fixture, runs: 0 };
    let mut checked = 0;
    let mut failures = Vec::new();
    let roles = std::iter::once(None).chain(Role::ALL.into_iter().map(Some));
    for role in roles {
        let auth = role.map_or_else(Vec::new, |r| bearer(&fixture.accounts[&r].token));
        let hidden = role.map_or_else(Vec::new, |r| hidden(fixture, r, &counterparts));
        for operation in &operations {
            let sides: &[Side] = if operation.path.contains('{') {
                &[Side::Inside, Side::Outside]
            } else {
                &[Side::Inside]
            };
            for &side in sides {
                let uri = matrix.uri(operation, role, side);
                let body = matrix.body(operation, role);
                let reply = match body {
                    Some(Value::String(file)) => {
                        let method = operation.method.clone();
                        send_raw(&app, method, &uri, &auth, "text/csv", file.into_bytes()).await
                    }
                    body => send(&app, operation.method.clone(), &uri, &auth, body).await,
                };
                checked += 1;
                let label = format!(
                    "{} {uri} as {} ({side:?})",
                    operation.method,
                    role.map_or("anonymous", |r| r.as_str())
                );
                let ok = match role {
                    None if operation.public => reply.status != StatusCode::UNAUTHORIZED,
                    None => reply.status == StatusCode::UNAUTHORIZED,
                    Some(r) if !allowed(r, operation) => reply.status == StatusCode::FORBIDDEN,
                    // A role that sees no enterprise has no inside object: inside reads as missing.
                    Some(r)
                        if side == Side::Inside
                            && operation.path.contains("{uscc}")
                            && fixture.sample(r).0.is_none() =>
                    {
                        reply.status == StatusCode::NOT_FOUND
                    }
                    Some(_) if side == Side::Inside => reply.status.is_success(),
                    Some(_) => reply.status == StatusCode::NOT_FOUND,
                };
                if !ok {
                    failures.push(format!(
                        "{label}: {} {}",
                        reply.status,
                        reply.body.chars().take(120).collect::<String>()
                    ));
                }
                if let Some(leak) = hidden.iter().find(|u| reply.body.contains(u.as_str())) {
                    failures.push(format!(
                        "{label}: the response names out-of-scope enterprise {leak}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    checked
}

/// Totals and chain counts equal what each role may see, counted independently of the SQL.
async fn totals_match_scope(store: &Store, fixture: &Fixture) {
    let app = app(store);
    for role in Role::ALL {
        if !role.may(Permission::ReadEnterprises) {
            continue;
        }
        let auth = bearer(&fixture.accounts[&role].token);
        let expected = fixture
            .enterprises
            .iter()
            .filter(|e| fixture.sees(role, e))
            .count() as i64;
        let reply = send(&app, Method::GET, "/api/enterprises?limit=1", &auth, None).await;
        assert_eq!(reply.json()["total"], expected, "{} total", role.as_str());
        let members: HashSet<i64> = fixture
            .memberships
            .iter()
            .filter(|(c, _)| *c == fixture.chain)
            .map(|(_, id)| *id)
            .collect();
        let expected = fixture
            .enterprises
            .iter()
            .filter(|e| members.contains(&e.id) && fixture.sees(role, e))
            .count() as i64;
        let chains = send(&app, Method::GET, "/api/chains", &auth, None)
            .await
            .json();
        let chain = chains
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == fixture.chain.as_str())
            .unwrap();
        assert_eq!(
            chain["enterprise_count"],
            expected,
            "{} chain count",
            role.as_str()
        );
    }
}

#[tokio::test]
async fn every_endpoint_every_role_inside_and_outside_scope_on_sqlite() {
    let demo = sqlite().await;
    let fixture = fixture(&demo.store).await;
    let checked = run_matrix(&demo.store, &fixture).await;
    eprintln!("authorisation matrix: {checked} requests checked on SQLite");
    totals_match_scope(&demo.store, &fixture).await;
}

#[tokio::test]
async fn every_endpoint_every_role_inside_and_outside_scope_on_postgres() {
    let Some(demo) = postgres().await else {
        return;
    };
    let fixture = fixture(&demo.store).await;
    let checked = run_matrix(&demo.store, &fixture).await;
    eprintln!("authorisation matrix: {checked} requests checked on PostgreSQL");
    totals_match_scope(&demo.store, &fixture).await;
}
