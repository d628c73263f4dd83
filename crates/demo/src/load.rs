//! Writes a province into a store, in one transaction: a failure or a kill leaves the database
//! as it was.

use std::time::{SystemTime, UNIX_EPOCH};

use model::{Id, Period, SupplyLink};
use store::{BatchStatus, Store};

use crate::{DemoError, LINK_YEAR, Province, Size};

/// The batch kind the demo's rows are recorded under.
pub const BATCH_KIND: &str = "demo";

/// Observation rows per insert round (bounded memory whatever the size).
const OBSERVATION_CHUNK: usize = 200_000;

/// Reports progress: the stage's name, units done, units in the stage.
pub type Progress<'a> = &'a (dyn Fn(&str, u64, u64) + Sync);

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadSummary {
    pub enterprises: u64,
    pub memberships: u64,
    pub supply_links: u64,
    pub observations: u64,
    pub designations: u64,
    pub facts: u64,
}

fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    model::time::iso_utc(seconds)
}

/// True when a demo province has already been committed to this store.
pub async fn is_loaded(store: &Store) -> Result<bool, DemoError> {
    Ok(store.latest_committed_batch(BATCH_KIND).await?.is_some())
}

pub async fn load(
    store: &Store,
    province: &Province,
    progress: Progress<'_>,
) -> Result<LoadSummary, DemoError> {
    if province.size == Size::National {
        return Err(DemoError::TooLargeToLoad {
            size: province.size.as_str(),
        });
    }
    let population = &province.population;
    let mut summary = LoadSummary::default();
    let mut tx = store.begin().await?;
    let source = format!(
        "chainchief demo --size {} --seed {}",
        province.size.as_str(),
        province.seed
    );
    let batch = store
        .begin_batch(&mut tx, BATCH_KIND, &source, &now(), Some("demo"))
        .await?;

    progress("reference", 0, 1);
    store.upsert_parks(&mut tx, &population.parks).await?;
    store.upsert_towns(&mut tx, &population.towns).await?;
    let indicator_ids = store
        .upsert_indicators(&mut tx, &province.indicators)
        .await?;
    summary.enterprises = store
        .upsert_enterprises(&mut tx, &population.enterprises, Some(batch))
        .await?;
    store.upsert_chains(&mut tx, &population.chains).await?;
    store
        .upsert_chain_maps(&mut tx, &population.nodes, &population.relations)
        .await?;
    summary.memberships = store
        .upsert_memberships(&mut tx, &population.memberships, Some(batch))
        .await?;
    summary.designations = store
        .insert_designations(&mut tx, &province.designations, Some(batch))
        .await?;
    store
        .upsert_chain_targets(&mut tx, &province.targets)
        .await?;
    let facts: Vec<store::Fact> = (0..population.enterprises.len())
        .flat_map(|i| province.facts_of(i))
        .collect();
    summary.facts = store.upsert_facts(&mut tx, &facts, Some(batch)).await?;
    drop(facts);
    progress("reference", 1, 1);

    let n = population.enterprises.len() as u64;
    let mut links = Vec::new();
    for (customer, enterprise) in population.enterprises.iter().enumerate() {
        for (supplier, value) in province.links_of(customer) {
            links.push(SupplyLink {
                supplier: population.enterprises[supplier].uscc,
                customer: enterprise.uscc,
                year: LINK_YEAR,
                value,
                product: None,
            });
        }
        if customer % 1000 == 0 {
            progress("supply links", customer as u64, n);
        }
    }
    summary.supply_links = store
        .upsert_supply_links(&mut tx, &links, Some(batch))
        .await?;
    drop(links);
    progress("supply links", n, n);

    let enterprise_ids = store.enterprise_ids(&mut tx).await?;
    let indicator_id: Vec<Id> = crate::INDICATORS
        .iter()
        .map(|(code, ..)| indicator_ids[*code])
        .collect();
    let mut rows: Vec<(Id, Id, Period, f64)> = Vec::with_capacity(OBSERVATION_CHUNK + 400);
    for (index, enterprise) in population.enterprises.iter().enumerate() {
        let id = enterprise_ids[enterprise.uscc.as_str()];
        rows.extend(
            province
                .observations_of(index)
                .into_iter()
                .map(|(i, p, v)| (id, indicator_id[i], p, v)),
        );
        if rows.len() >= OBSERVATION_CHUNK {
            summary.observations += store
                .insert_observations(&mut tx, &rows, Some(batch))
                .await?;
            rows.clear();
            progress("observations", index as u64, n);
        }
    }
    summary.observations += store
        .insert_observations(&mut tx, &rows, Some(batch))
        .await?;
    progress("observations", n, n);

    let written =
        (summary.enterprises + summary.memberships + summary.supply_links + summary.observations)
            as i64;
    store
        .finish_batch(
            &mut tx,
            batch,
            BatchStatus::Committed,
            written,
            written,
            0,
            &now(),
        )
        .await?;
    tx.commit().await?;
    Ok(summary)
}
