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
//! The cache holds the whole province; callers with a narrower scope get a copy restricted to
//! their enterprises before anything is computed (see `api::monitoring`), never rows filtered
//! from province-wide results.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use analytics::AnalyticsError;
use analytics::monitoring::{self, MonitoringData};
use store::Store;
use tokio::sync::OnceCell;

/// How long loaded data is used before the store is read again, writes aside.
pub const TTL: Duration = Duration::from_secs(15 * 60);

type Slot = Arc<OnceCell<Arc<MonitoringData>>>;

#[derive(Debug)]
struct Generation {
    loaded_at: Instant,
    titles_on: String,
    slot: Slot,
}

#[derive(Debug, Default)]
pub struct EngineCache {
    monitoring: Mutex<Option<Generation>>,
}

impl EngineCache {
    /// Forgets the loaded data (after a write).
    pub fn clear(&self) {
        if let Ok(mut monitoring) = self.monitoring.lock() {
            *monitoring = None;
        }
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
