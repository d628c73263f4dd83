//! The loaders on a small demo province in a temporary SQLite file.

#![allow(clippy::unwrap_used)] // test helpers: a failure should stop the test where it happens

mod eligibility;
mod evaluation;
mod monitoring;
mod relatedness;
mod risk;

use store::Store;

#[derive(Debug)]
pub struct Demo {
    pub store: Store,
    pub province: demo::Province,
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

pub async fn demo() -> Demo {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!(
        "cc_analytics_test_{}_{n}.sqlite",
        std::process::id()
    ));
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    let province = demo::Province::generate(demo::Size::Small, demo::DEFAULT_SEED).unwrap();
    demo::load::load(&store, &province, &|_, _, _| {})
        .await
        .unwrap();
    Demo {
        store,
        province,
        path,
    }
}
