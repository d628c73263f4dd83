//! Short-lived cache of the JSON bodies of hot, scope-keyed reads (the chain overview and the
//! first pages of enterprise lists), so that dashboards polling them cost one query per key and
//! period, not one per request.
//!
//! Keys always include the caller's scope, so a body is only ever served to callers who may see
//! all of it. Every successful write through the API clears the cache; changes made by other
//! processes show within [`TTL`]. Concurrent misses of one key wait for a single computation.
//! Reads that must be audited (shared data) are never cached.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::OnceCell;

use crate::ApiError;

/// How long a body is served without asking the database again.
pub const TTL: Duration = Duration::from_secs(5);
/// Keys kept at most; past that the cache starts again empty.
const CAPACITY: usize = 4_096;

type Slot = Arc<OnceCell<Bytes>>;

#[derive(Debug, Default)]
pub struct ResponseCache {
    entries: Mutex<HashMap<String, (Instant, Slot)>>,
}

impl ResponseCache {
    /// Forgets everything (after a write).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    fn slot(&self, key: &str) -> Slot {
        let now = Instant::now();
        let Ok(mut entries) = self.entries.lock() else {
            return Slot::default();
        };
        if let Some((at, slot)) = entries.get(key)
            && now.duration_since(*at) < TTL
        {
            return slot.clone();
        }
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        let slot = Slot::default();
        entries.insert(key.to_owned(), (now, slot.clone()));
        slot
    }

    /// The cached body for `key`, or the one `compute` makes (errors are not cached).
    pub async fn get_or_compute<F, Fut>(&self, key: &str, compute: F) -> Result<Bytes, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Bytes, ApiError>>,
    {
        let slot = self.slot(key);
        let body = slot.get_or_try_init(compute).await?;
        Ok(body.clone())
    }
}

/// A JSON body from a cached one.
pub fn json_response(body: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Serialises a value for the cache.
pub fn to_bytes(value: &impl serde::Serialize) -> Result<Bytes, ApiError> {
    serde_json::to_vec(value).map(Bytes::from).map_err(|e| {
        tracing::error!(%e, "could not serialise a response");
        ApiError::internal()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn computes_once_per_key_until_cleared() {
        let cache = ResponseCache::default();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let compute = || async {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Bytes::from_static(b"[]"))
        };
        cache.get_or_compute("a", compute).await.unwrap();
        cache.get_or_compute("a", compute).await.unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
        cache.get_or_compute("b", compute).await.unwrap();
        cache.clear();
        cache.get_or_compute("a", compute).await.unwrap();
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 3);
        let failed = cache
            .get_or_compute("c", || async { Err(ApiError::unavailable()) })
            .await;
        assert!(failed.is_err());
        assert_eq!(cache.get_or_compute("c", compute).await.unwrap(), "[]");
    }
}
