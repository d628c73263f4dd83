//! The server driven through its router, on a small demo province in a temporary SQLite file.

#![allow(clippy::unwrap_used)] // test helpers: a failure should stop the test where it happens

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::{AppState, router};
use store::Store;
use tower::ServiceExt;

struct Demo {
    store: Store,
    path: std::path::PathBuf,
}

impl Drop for Demo {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

async fn demo() -> Demo {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path =
        std::env::temp_dir().join(format!("cc_server_test_{}_{n}.sqlite", std::process::id()));
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    let province = demo::Province::generate(demo::Size::Small, demo::DEFAULT_SEED).unwrap();
    demo::load::load(&store, &province, &|_, _, _| {})
        .await
        .unwrap();
    Demo { store, path }
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn health_chains_and_the_page() {
    let demo = demo().await;
    let app = router(AppState {
        store: demo.store.clone(),
    });

    let (status, body) = get(&app, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["database"], "ok");

    let (status, body) = get(&app, "/api/chains").await;
    assert_eq!(status, StatusCode::OK);
    let chains: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(chains.len(), 16);
    let steel = chains.iter().find(|c| c["code"] == "SX-01").unwrap();
    assert_eq!(steel["name"], "特钢材料");
    assert_eq!(steel["node_count"], 12);
    assert!(steel["enterprise_count"].as_i64().unwrap() > 50);
    assert!(steel["chain_master_count"].as_i64().unwrap() >= 1);

    let (status, page) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("特钢材料") && page.contains("<td class=n>12</td>"),
        "{page}"
    );

    let (status, _) = get(&app, "/api/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn health_says_when_the_database_is_gone() {
    let demo = demo().await;
    let app = router(AppState {
        store: demo.store.clone(),
    });
    demo.store.close().await;
    let (status, body) = get(&app, "/api/health").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("unavailable"));
    let (status, body) = get(&app, "/api/chains").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body.contains("database_unavailable") && body.contains("数据库"),
        "{body}"
    );
}
