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
//! rows filtered from province-wide results. Risk inputs (the supply network and the ESRI model)
//! cannot be cut down after loading, so they are loaded per scope, already restricted
//! (`analytics::risk::load_within`), and kept under the scope's key (at most [`RISK_SCOPES`]),
//! with the same single-flight, invalidation and TTL.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use analytics::AnalyticsError;
use analytics::monitoring::{self, MonitoringData};
use analytics::risk::RiskData;
use model::Id;
use store::Store;
use tokio::sync::OnceCell;

/// How long loaded data is used before the store is read again, writes aside.
pub const TTL: Duration = Duration::from_secs(15 * 60);

/// Scopes whose risk inputs are kept at once; past that the risk entries start again empty.
pub const RISK_SCOPES: usize = 16;

type Slot = Arc<OnceCell<Arc<MonitoringData>>>;
type RiskSlot = Arc<OnceCell<Arc<RiskData>>>;

#[derive(Debug)]
struct Generation {
    loaded_at: Instant,
    titles_on: String,
    slot: Slot,
}

#[derive(Debug, Default)]
pub struct EngineCache {
    monitoring: Mutex<Option<Generation>>,
    risk: Mutex<HashMap<String, (Instant, RiskSlot)>>,
}

impl EngineCache {
    /// Forgets the loaded data (after a write).
    pub fn clear(&self) {
        if let Ok(mut monitoring) = self.monitoring.lock() {
            *monitoring = None;
        }
        if let Ok(mut risk) = self.risk.lock() {
            risk.clear();
        }
    }

    fn risk_slot(&self, key: &str) -> RiskSlot {
        let Ok(mut entries) = self.risk.lock() else {
            return RiskSlot::default();
        };
        if let Some((at, slot)) = entries.get(key)
            && at.elapsed() < TTL
        {
            return slot.clone();
        }
        if entries.len() >= RISK_SCOPES {
            entries.clear();
        }
        let slot = RiskSlot::default();
        entries.insert(key.to_owned(), (Instant::now(), slot.clone()));
        slot
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
        let slot = self.risk_slot(key);
        let data = slot
            .get_or_try_init(|| async {
                let started = Instant::now();
                let data = analytics::risk::load_within(store, None, None, keep).await?;
                tracing::info!(
                    firms = data.firms.len(),
                    seconds = started.elapsed().as_secs_f64(),
                    "risk data loaded"
                );
                Ok::<_, AnalyticsError>(Arc::new(data))
            })
            .await?;
        Ok(data.clone())
    }

    fn slot(&self, titles_on: &str) -> Slot {
        let Ok(mut monitoring) = self.monitoring.lock() else {
            return Slot::default();
        };
        if let Some(generation) = monitoring.as_ref()
            && generation.titles_on == titles_on
            && generation.loaded_at.elapsed() < TTL
        {
            return generation.slot.clone();
        }
        let slot = Slot::default();
        *monitoring = Some(Generation {
            loaded_at: Instant::now(),
            titles_on: titles_on.to_owned(),
            slot: slot.clone(),
        });
        slot
    }

    /// The monitoring inputs of the whole province, with titles held on `titles_on` (an ISO
    /// date), loaded at most once per generation however many requests ask at the same time.
    /// A failed load is not kept: the next request tries again.
    pub async fn monitoring(
        &self,
        store: &Store,
        titles_on: &str,
    ) -> Result<Arc<MonitoringData>, AnalyticsError> {
        let slot = self.slot(titles_on);
        let data = slot
            .get_or_try_init(|| async {
                let started = Instant::now();
                let data = monitoring::load(store, titles_on).await?;
                tracing::info!(
                    enterprises = data.enterprises.len(),
                    seconds = started.elapsed().as_secs_f64(),
                    "monitoring data loaded"
                );
                Ok::<_, AnalyticsError>(Arc::new(data))
            })
            .await?;
        Ok(data.clone())
    }
}
