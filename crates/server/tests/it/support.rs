//! A demo province in a database, one account per role with a token each, and a client that
//! drives the router without a socket.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;
use server::accounts::{AccountSpec, create_account, create_token};
use server::auth::Role;
use server::{AppState, Config, router};
use store::{EnterpriseAttributes, NewGrant, Store};
use tower::ServiceExt;

pub const PASSWORD: &str = "test-password-123";

/// A database holding the small demo province; SQLite files are removed on drop.
pub struct Demo {
    pub store: Store,
    path: Option<std::path::PathBuf>,
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    )
}

/// The demo province, loaded once into a template file that each test copies (tests run as
/// separate processes under nextest; the template is written under a temporary name and renamed,
/// so concurrent first runs are safe).
async fn template() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("cc_server_demo_template_v2.sqlite");
    if path.exists() {
        return path;
    }
    let scratch = dir.join(format!("{}.sqlite", unique("cc_server_demo_build")));
    let store = Store::open(scratch.to_str().unwrap()).await.unwrap();
    load_demo(&store).await;
    // One file: closing folds the WAL in before the copy.
    store.close().await;
    let _ = std::fs::remove_file(format!("{}-wal", scratch.display()));
    let _ = std::fs::remove_file(format!("{}-shm", scratch.display()));
    std::fs::rename(&scratch, &path).unwrap();
    path
}

async fn load_demo(store: &Store) {
    let province = demo::Province::generate(demo::Size::Small, demo::DEFAULT_SEED).unwrap();
    demo::load::load(store, &province, &|_, _, _| {})
        .await
        .unwrap();
    // One stored evaluation run (a framework over the key chains), for the evaluation endpoints.
    let framework = analytics::evaluation::shipped(EVALUATED_FRAMEWORK).unwrap();
    let input = analytics::evaluation::load(store, &framework, EVALUATED_YEAR)
        .await
        .unwrap();
    let done = analytics::evaluation::run(input, None).unwrap();
    analytics::evaluation::store_run(store, &done, Some("test"), "2026-01-02T03:04:05Z")
        .await
        .unwrap();
}

/// The framework and year of the run stored with the demo.
pub const EVALUATED_FRAMEWORK: &str = "key-chain-development";
pub const EVALUATED_YEAR: u16 = 2025;

/// The demo on SQLite (a copy of the template).
pub async fn sqlite() -> Demo {
    let template = template().await;
    let path = std::env::temp_dir().join(format!("{}.sqlite", unique("cc_server_test")));
    std::fs::copy(&template, &path).unwrap();
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    Demo {
        store,
        path: Some(path),
    }
}

/// The demo on PostgreSQL when `CHAINCHIEF_TEST_POSTGRES_URL` is set (a fresh database).
pub async fn postgres() -> Option<Demo> {
    let url = match std::env::var("CHAINCHIEF_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ if std::env::var("CHAINCHIEF_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("CHAINCHIEF_REQUIRE_POSTGRES=1 but CHAINCHIEF_TEST_POSTGRES_URL is not set")
        }
        _ => {
            eprintln!("PostgreSQL not configured (CHAINCHIEF_TEST_POSTGRES_URL): SQLite only");
            return None;
        }
    };
    let name = unique("cc_server_test");
    store::create_postgres_database(&url, &name).await.unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    let store = Store::open(&format!("{base}/{name}")).await.unwrap();
    load_demo(&store).await;
    Some(Demo { store, path: None })
}

/// Objects inside and outside each role's scope.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub accounts: HashMap<Role, Account>,
    /// Every enterprise of the demo.
    pub enterprises: Vec<EnterpriseAttributes>,
    /// (chain code, enterprise id) memberships.
    pub memberships: Vec<(String, i64)>,
    pub park: String,
    pub own_uscc: String,
    pub department: String,
    pub city: String,
    pub chain: String,
    pub other_chain: String,
    /// A grant to the department (another department's grant is `other_grant`).
    pub grant: i64,
    pub other_grant: i64,
    /// Admin-created objects for `{id}` paths.
    pub spare_token: i64,
    /// The stored evaluation run.
    pub evaluation: i64,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub username: String,
    /// A write-scoped bearer token.
    pub token: String,
}

pub async fn fixture(store: &Store) -> Fixture {
    let enterprises = store.enterprise_attributes().await.unwrap();
    let memberships: Vec<(String, i64)> = store
        .membership_rows()
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.chain, m.enterprise_id))
        .collect();
    let city = "140100".to_owned();
    let chain = "SX-01".to_owned();
    let other_chain = "SX-02".to_owned();
    let park = enterprises
        .iter()
        .find_map(|e| e.park.clone())
        .expect("a demo enterprise in a park");
    let own = enterprises
        .iter()
        .find(|e| e.city_code == Some(140100))
        .unwrap()
        .clone();
    let department = "省统计局".to_owned();
    let mut accounts = HashMap::new();
    for role in Role::ALL {
        let mut spec = AccountSpec {
            username: format!("{}_user", role.as_str()),
            role: Some(role),
            password: Some(PASSWORD.to_owned()),
            ..Default::default()
        };
        match role {
            Role::RegionBureau => spec.region = Some(model::RegionCode::parse(&city).unwrap()),
            Role::ChainOffice => spec.chains = vec![chain.clone()],
            Role::ParkOffice => spec.park = Some(park.clone()),
            Role::Enterprise => spec.uscc = Some(model::Uscc::parse(&own.uscc).unwrap()),
            Role::Department => spec.department = Some(department.clone()),
            _ => {}
        }
        let (id, _) = create_account(store, &spec).await.unwrap();
        let (_, token) = create_token(store, id, "test", true, 30).await.unwrap();
        accounts.insert(
            role,
            Account {
                id,
                username: spec.username,
                token,
            },
        );
    }
    let grant = |department: &str, dataset: &str| NewGrant {
        grantee_kind: "department".into(),
        grantee: department.into(),
        dataset: dataset.into(),
        fields: vec![],
        regions: vec![model::RegionCode::parse(&city).unwrap()],
        period_from: None,
        period_to: None,
        purpose: "测试".into(),
        valid_until: "2099-12-31".into(),
        created_by: "test".into(),
    };
    let now = server::now();
    let mut first = 0;
    for dataset in ["enterprise_registry", "indicator_series", "supply_links"] {
        let id = store
            .create_grant(&grant(&department, dataset), now)
            .await
            .unwrap();
        if first == 0 {
            first = id;
        }
    }
    let other_grant = store
        .create_grant(&grant("省税务局", "enterprise_registry"), now)
        .await
        .unwrap();
    let admin = accounts[&Role::Administrator].id;
    let (spare_token, _) = create_token(store, admin, "spare", false, 30)
        .await
        .unwrap();
    let evaluation = store.list_evaluation_runs(None).await.unwrap()[0].id;
    Fixture {
        evaluation,
        accounts,
        enterprises,
        memberships,
        park,
        own_uscc: own.uscc.clone(),
        department,
        city,
        chain,
        other_chain,
        grant: first,
        other_grant,
        spare_token,
    }
}

impl Fixture {
    /// Whether `role` may see enterprise `e` (computed here, independently of the store's SQL).
    pub fn sees(&self, role: Role, e: &EnterpriseAttributes) -> bool {
        match role {
            Role::Administrator | Role::ProvinceAnalyst => true,
            Role::RegionBureau | Role::Department => e.city_code == Some(140100),
            Role::ChainOffice => self
                .memberships
                .iter()
                .any(|(c, id)| *c == self.chain && *id == e.id),
            Role::ParkOffice => e.park.as_deref() == Some(self.park.as_str()),
            Role::Enterprise => e.uscc == self.own_uscc,
            Role::Viewer => false,
        }
    }

    /// An enterprise `role` sees and one it does not (`None` when it sees none or all).
    pub fn sample(&self, role: Role) -> (Option<String>, Option<String>) {
        let inside = self.enterprises.iter().find(|e| self.sees(role, e));
        let outside = self.enterprises.iter().find(|e| !self.sees(role, e));
        (
            inside.map(|e| e.uscc.clone()),
            outside.map(|e| e.uscc.clone()),
        )
    }
}

/// The app under test with generous rate limits (tests send many requests from one address).
pub fn app(store: &Store) -> axum::Router {
    let config = Config {
        rate_per_second: 100_000,
        rate_burst: 100_000,
        ..Config::default()
    };
    router(AppState::with_config(store.clone(), config))
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Sends one request; `auth` is extra headers (a bearer token, a cookie and CSRF token).
pub async fn send(
    app: &axum::Router,
    method: Method,
    uri: &str,
    auth: &[(header::HeaderName, String)],
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in auth {
        request = request.header(name, value);
    }
    let request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    reply(app, request).await
}

/// Runs `request` through the app and reads the whole reply.
async fn reply(app: &axum::Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 26)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        // Binary bodies (XLSX templates) read lossily: only text is searched.
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A GET that must answer 200 (the body is shown when it does not).
pub async fn get_ok(app: &axum::Router, uri: &str, auth: &[(header::HeaderName, String)]) -> Reply {
    let reply = send(app, Method::GET, uri, auth, None).await;
    assert_eq!(reply.status, StatusCode::OK, "GET {uri}: {}", reply.body);
    reply
}

/// Sends `body` as it is (a file upload) with `content_type`.
pub async fn send_raw(
    app: &axum::Router,
    method: Method,
    uri: &str,
    auth: &[(header::HeaderName, String)],
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type);
    for (name, value) in auth {
        request = request.header(name, value);
    }
    reply(app, request.body(Body::from(body)).unwrap()).await
}

pub fn bearer(token: &str) -> Vec<(header::HeaderName, String)> {
    vec![(header::AUTHORIZATION, format!("Bearer {token}"))]
}

/// Signs in; returns the cookie header value and the CSRF token.
pub async fn login(
    app: &axum::Router,
    username: &str,
    password: &str,
) -> (Reply, Option<(String, String)>) {
    let reply = send(
        app,
        Method::POST,
        "/api/session",
        &[],
        Some(serde_json::json!({"username": username, "password": password})),
    )
    .await;
    let session = reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let csrf = (reply.status == StatusCode::OK)
        .then(|| reply.json()["csrf_token"].as_str().map(str::to_owned))
        .flatten();
    let pair = session.zip(csrf);
    (reply, pair)
}

/// The cells of column `key` of a result table in a JSON response
/// (`{columns: [{key, …}], rows: [[cell…]]}`).
pub fn table_column<'a>(table: &'a Value, key: &str) -> Vec<&'a Value> {
    let i = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no column {key}: {table}"));
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| &row[i])
        .collect()
}
