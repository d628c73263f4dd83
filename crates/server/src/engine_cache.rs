//! Engine inputs kept in memory between requests.
//!
//! Loading the monitoring frame and panels from the store takes about 10 s on the 20k-enterprise
//! demo, far too long for a request, so the server loads [`MonitoringData`] once and keeps it:
//!
//! - **single-flight**: concurrent requests that find no loaded data wait for one load (a
//!   `tokio::sync::OnceCell` per generation) instead of each starting their own;
//! - **invalidated by writes**: every successful write through the API clears it (the audit
//!   middleware calls [`EngineCache::clear`] next to the response cache's), so the next request
//!   loads again; a load that was already running when the write happened finishes into the old
//!   generation, which nobody asks for any more;
//! - **bounded staleness**: imports made by other processes (the CLI) show after at most [`TTL`],
//!   and the titles a rollup counts are those held on the day it was loaded (a new day reloads).
//!
//! The monitoring entry holds the whole province; callers with a narrower scope get a copy
//! restricted to their enterprises before anything is computed (see `api::monitoring`), never
//! rows filtered from province-wide results; each scope's copy is kept too (same rules). Risk
//! inputs (the supply network and the ESRI model)
//! cannot be cut down after loading, so they are loaded per scope, already restricted
//! (`analytics::risk::load_within`), and kept under the scope's key (at most [`SCOPES_KEPT`]),
//! with the same single-flight, invalidation and TTL. The relatedness table (every place ×
//! industry of the province) is kept per location level.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use analytics::AnalyticsError;
use analytics::monitoring::{self, MonitoringData};
use analytics::relatedness::{LocationLevel, RelatednessData, TableSpec};
use analytics::risk::RiskData;
use model::Id;
use store::Store;
use tokio::sync::OnceCell;

/// How long loaded data is used before the store is read again, writes aside.
pub const TTL: Duration = Duration::from_secs(15 * 60);

/// Scopes whose inputs (risk, restricted monitoring) are kept at once; past that those entries
/// start again empty.
pub const SCOPES_KEPT: usize = 16;

type KeyedSlot<T> = Arc<OnceCell<Arc<T>>>;

/// Loaded values by key, each loaded once per generation (single-flight), dropped after [`TTL`]
/// or when cleared; past `capacity` keys it starts again empty.
#[derive(Debug)]
struct Keyed<T> {
    capacity: usize,
    entries: Mutex<HashMap<String, (Instant, KeyedSlot<T>)>>,
}

impl<T> Keyed<T> {
    fn new(capacity: usize) -> Self {
        Keyed {
            capacity,
            entries: Mutex::default(),
        }
    }

    fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    async fn get<F, Fut, E>(&self, key: &str, load: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let slot = {
            let Ok(mut entries) = self.entries.lock() else {
                return load().await.map(Arc::new);
            };
            match entries.get(key) {
                Some((at, slot)) if at.elapsed() < TTL => slot.clone(),
                _ => {
                    if entries.len() >= self.capacity {
                        entries.clear();
                    }
                    let slot = Arc::new(OnceCell::new());
                    entries.insert(key.to_owned(), (Instant::now(), slot.clone()));
                    slot
                }
            }
        };
        let value = slot
            .get_or_try_init(|| async { load().await.map(Arc::new) })
            .await?;
        Ok(value.clone())
    }
}

#[derive(Debug)]
pub struct EngineCache {
    /// The province's monitoring inputs, under the date its titles are held on: one entry (a new
    /// day replaces it).
    monitoring: Keyed<MonitoringData>,
    /// Monitoring inputs restricted to one scope, by scope (see `api::monitoring`).
    scoped_monitoring: Keyed<MonitoringData>,
    risk: Keyed<RiskData>,
    relatedness: Keyed<RelatednessData>,
}

impl Default for EngineCache {
    fn default() -> Self {
        EngineCache {
            monitoring: Keyed::new(1),
            scoped_monitoring: Keyed::new(SCOPES_KEPT),
            risk: Keyed::new(SCOPES_KEPT),
            relatedness: Keyed::new(4),
        }
    }
}

impl EngineCache {
    /// Forgets the loaded data (after a write).
    pub fn clear(&self) {
        self.monitoring.clear();
        self.scoped_monitoring.clear();
        self.risk.clear();
        self.relatedness.clear();
    }

    /// Monitoring inputs restricted to one scope, kept under `key` (the scope and the titles'
    /// date) and made by `restrict` at most once per key and generation.
    pub async fn scoped_monitoring<F, Fut, E>(
        &self,
        key: &str,
        restrict: F,
    ) -> Result<Arc<MonitoringData>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<MonitoringData, E>>,
    {
        self.scoped_monitoring.get(key, restrict).await
    }

    /// The risk inputs of the latest supply-link year over the enterprises `keep` names (every
    /// enterprise when `None`), kept under `key` (the caller's scope), loaded at most once per
    /// key and generation.
    pub async fn risk(
        &self,
        store: &Store,
        key: &str,
        keep: Option<&HashSet<Id>>,
    ) -> Result<Arc<RiskData>, AnalyticsError> {
        self.risk
            .get(key, || async {
                let started = Instant::now();
                let data = analytics::risk::load_within(store, None, None, keep).await?;
                tracing::info!(
                    firms = data.firms.len(),
                    seconds = started.elapsed().as_secs_f64(),
                    "risk data loaded"
                );
                Ok(data)
            })
            .await
    }

    /// The province's location × industry table at `level` (the latest complete year, the
    /// default indicator and engine options), loaded at most once per level and generation.
    pub async fn relatedness(
        &self,
        store: &Store,
        level: LocationLevel,
    ) -> Result<Arc<RelatednessData>, AnalyticsError> {
        self.relatedness
            .get(level.as_str(), || async {
                let spec = TableSpec {
                    locations: level,
                    ..TableSpec::default()
                };
                RelatednessData::load(store, &spec, &[]).await
            })
            .await
    }

    /// The monitoring inputs of the whole province, with titles held on `titles_on` (an ISO
    /// date), loaded at most once per generation however many requests ask at the same time.
    /// A failed load is not kept: the next request tries again.
    pub async fn monitoring(
        &self,
        store: &Store,
        titles_on: &str,
    ) -> Result<Arc<MonitoringData>, AnalyticsError> {
        self.monitoring
            .get(titles_on, || async {
                let started = Instant::now();
                let data = monitoring::load(store, titles_on).await?;
                tracing::info!(
                    enterprises = data.enterprises.len(),
                    seconds = started.elapsed().as_secs_f64(),
                    "monitoring data loaded"
                );
                Ok(data)
            })
            .await
    }
}
