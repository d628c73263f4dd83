//! The store's contract, run against every backend: SQLite always, PostgreSQL when
//! `CHAINCHIEF_TEST_POSTGRES_URL` names a server (the project's test command starts a throw-away
//! cluster and sets it; with `CHAINCHIEF_REQUIRE_POSTGRES=1` its absence is a failure).

mod access;
mod constraints;
mod evaluations;
mod fixtures;
mod imports;
mod repositories;

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Backend, Store, on_pool};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty database on one backend; the SQLite file is removed on drop.
pub(crate) struct TestDb {
    pub store: Store,
    path: Option<std::path::PathBuf>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

fn unique_name() -> String {
    format!(
        "cc_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("{}.sqlite", unique_name()));
    let store = Store::open(path.to_str().unwrap())
        .await
        .expect("open sqlite");
    TestDb {
        store,
        path: Some(path),
    }
}

async fn postgres(admin_url: &str) -> TestDb {
    let name = unique_name();
    let admin = sqlx::PgPool::connect(admin_url)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create db");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
    let store = Store::open(&format!("{base}/{name}"))
        .await
        .expect("open postgres");
    TestDb { store, path: None }
}

/// One fresh database per available backend.
pub(crate) async fn backends() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    match std::env::var("CHAINCHIEF_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => dbs.push(postgres(&url).await),
        _ if std::env::var("CHAINCHIEF_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("CHAINCHIEF_REQUIRE_POSTGRES=1 but CHAINCHIEF_TEST_POSTGRES_URL is not set")
        }
        _ => eprintln!(
            "PostgreSQL not configured (CHAINCHIEF_TEST_POSTGRES_URL): store tests ran on SQLite only"
        ),
    }
    dbs
}

/// Runs raw SQL (tests only: they check what the schema itself refuses).
pub(crate) async fn execute(store: &Store, sql: &str) -> Result<u64, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    on_pool!(store, pool => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()))
}

#[test]
fn sqlite_urls_and_plain_paths() {
    use crate::sqlite_path;
    assert_eq!(sqlite_path("sqlite:data/x.sqlite"), Some("data/x.sqlite"));
    assert_eq!(sqlite_path("sqlite:///tmp/x.sqlite"), Some("/tmp/x.sqlite"));
    assert_eq!(sqlite_path("chainchief.sqlite"), Some("chainchief.sqlite"));
    assert_eq!(sqlite_path("mysql://host/db"), None);
}

#[tokio::test]
async fn opening_twice_is_idempotent_and_reference_tables_are_full() {
    for db in backends().await {
        let store = &db.store;
        let counts: (i64, i64) = on_pool!(store, pool => {
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM region), (SELECT COUNT(*) FROM industry)")
                .fetch_one(pool)
                .await
                .unwrap()
        });
        assert_eq!(counts.0, model::RegionCode::all().len() as i64);
        assert_eq!(counts.1, model::IndustryCode::all().count() as i64);
        if store.backend() == Backend::Sqlite {
            let path = db.path.as_ref().unwrap().to_str().unwrap();
            let again = Store::open(path).await.expect("reopen");
            again.ping().await.unwrap();
        }
    }
}
