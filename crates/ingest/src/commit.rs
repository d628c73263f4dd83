//! Writing a validated file as one import batch: everything in one transaction, or (when
//! anything was wrong) nothing but a `rejected` batch record in a small transaction of its own,
//! so that the batch history shows every attempt.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use model::Id;
use store::{BatchStatus, Store, StoreError, StoredKeys, Transaction};

use crate::kind::Kind;
use crate::parse::{Parsed, parse};
use crate::records::Records;
use crate::report::{Report, Written};
use crate::{ImportOptions, ImportOutcome, IngestError, Outcome};

fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    model::time::iso_utc(seconds)
}

/// See [`crate::import_bytes`].
pub async fn import_bytes(
    store: &Store,
    kind: Kind,
    file_name: &str,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<ImportOutcome, IngestError> {
    let started = now();
    let keys = Arc::new(store.stored_keys().await?);
    let parsed = {
        let keys = Arc::clone(&keys);
        let name = file_name.to_owned();
        let options = options.clone();
        // Reading and validating is CPU work: keep it off the async worker threads.
        tokio::task::spawn_blocking(move || parse(kind, &name, &bytes, &keys, &options))
            .await
            .map_err(|e| IngestError::Worker(e.to_string()))?
    };
    let Parsed {
        records,
        mut report,
    } = parsed;
    if report.is_rejected() || options.dry_run {
        let batch = if options.dry_run {
            None
        } else {
            Some(record_rejected(store, kind, &report, &started, options).await?)
        };
        let outcome = if report.is_rejected() {
            Outcome::Rejected
        } else {
            Outcome::DryRun
        };
        return Ok(ImportOutcome {
            outcome,
            batch,
            report,
        });
    }
    match write(store, kind, &records, &keys, &mut report, &started, options).await {
        Ok(batch) => Ok(ImportOutcome {
            outcome: Outcome::Committed,
            batch: Some(batch),
            report,
        }),
        Err(IngestError::Store(error))
            if error.is_constraint_violation() || matches!(error, StoreError::NotFound { .. }) =>
        {
            // Validation passed but the database said no (a row removed meanwhile, a
            // constraint the checks above do not know): nothing was written.
            report.written = None;
            report.database_error = Some(error.to_string());
            let batch = record_rejected(store, kind, &report, &started, options).await?;
            Ok(ImportOutcome {
                outcome: Outcome::Rejected,
                batch: Some(batch),
                report,
            })
        }
        Err(other) => Err(other),
    }
}

async fn record_rejected(
    store: &Store,
    kind: Kind,
    report: &Report,
    started: &str,
    options: &ImportOptions,
) -> Result<Id, IngestError> {
    let mut tx = store.begin().await?;
    let batch = store
        .begin_batch(
            &mut tx,
            kind.as_str(),
            &report.file_name,
            started,
            options.actor.as_deref(),
        )
        .await?;
    store
        .describe_batch(&mut tx, batch, Some(&report.sha256), &report.detail())
        .await?;
    store
        .finish_batch(
            &mut tx,
            batch,
            BatchStatus::Rejected,
            report.rows_read as i64,
            report.rows_accepted as i64,
            report.rows_rejected as i64,
            &now(),
        )
        .await?;
    tx.commit().await?;
    Ok(batch)
}

/// New and already stored natural keys among `keys`.
fn split_counts<'a>(keys: impl Iterator<Item = &'a str>, stored: impl Fn(&str) -> bool) -> Written {
    let mut written = Written::default();
    for key in keys {
        if stored(key) {
            written.updated += 1;
        } else {
            written.inserted += 1;
        }
    }
    written
}

async fn write(
    store: &Store,
    kind: Kind,
    records: &Records,
    keys: &StoredKeys,
    report: &mut Report,
    started: &str,
    options: &ImportOptions,
) -> Result<Id, IngestError> {
    let progress = |done: u64, total: u64| {
        if let Some(p) = &options.progress {
            p("write", done, total);
        }
    };
    let total = records.len() as u64;
    progress(0, total);
    let mut tx = store.begin().await?;
    let batch = store
        .begin_batch(
            &mut tx,
            kind.as_str(),
            &report.file_name,
            started,
            options.actor.as_deref(),
        )
        .await?;
    let written = write_records(store, &mut tx, records, keys, batch).await?;
    report.written = Some(written);
    store
        .describe_batch(&mut tx, batch, Some(&report.sha256), &report.detail())
        .await?;
    store
        .finish_batch(
            &mut tx,
            batch,
            BatchStatus::Committed,
            report.rows_read as i64,
            report.rows_accepted as i64,
            report.rows_rejected as i64,
            &now(),
        )
        .await?;
    if options.abort_before_commit {
        // Fault injection for the crash-safety tests: everything is written, then the
        // transaction is dropped as a crash would drop it.
        drop(tx);
        report.written = None;
        return Err(IngestError::Aborted);
    }
    tx.commit().await?;
    progress(total, total);
    Ok(batch)
}

async fn write_records(
    store: &Store,
    tx: &mut Transaction,
    records: &Records,
    keys: &StoredKeys,
    batch: Id,
) -> Result<Written, IngestError> {
    Ok(match records {
        Records::Parks(parks) => {
            store.upsert_parks(tx, parks).await?;
            split_counts(parks.iter().map(|p| p.code.as_str()), |k| {
                keys.parks.contains(k)
            })
        }
        Records::Towns(towns) => {
            store.upsert_towns(tx, towns).await?;
            split_counts(towns.iter().map(|t| t.code.as_str()), |k| {
                keys.towns.contains(k)
            })
        }
        Records::Indicators(indicators) => {
            store.upsert_indicators(tx, indicators).await?;
            split_counts(indicators.iter().map(|i| i.code.as_str()), |k| {
                keys.indicators.contains_key(k)
            })
        }
        Records::Enterprises(enterprises) => {
            store
                .upsert_enterprises(tx, enterprises, Some(batch))
                .await?;
            split_counts(enterprises.iter().map(|e| e.uscc.as_str()), |k| {
                keys.enterprises.contains_key(k)
            })
        }
        Records::Chains(chains) => {
            store.upsert_chains(tx, chains).await?;
            split_counts(chains.iter().map(|c| c.code.as_str()), |k| {
                keys.chains.contains(k)
            })
        }
        Records::ChainNodes(nodes) => {
            store.upsert_chain_maps(tx, nodes, &[]).await?;
            let mut written = Written::default();
            for node in nodes {
                if keys
                    .nodes
                    .contains(&(node.chain.clone(), node.code.clone()))
                {
                    written.updated += 1;
                } else {
                    written.inserted += 1;
                }
            }
            written
        }
        Records::NodeRelations(relations) => {
            store.upsert_chain_maps(tx, &[], relations).await?;
            Written {
                upserted: relations.len() as u64,
                ..Written::default()
            }
        }
        Records::Memberships(memberships) => Written {
            upserted: store
                .upsert_memberships(tx, memberships, Some(batch))
                .await?,
            ..Written::default()
        },
        Records::Designations(designations) => {
            let (inserted, updated) = store
                .upsert_designations(tx, designations, Some(batch))
                .await?;
            Written {
                inserted,
                updated,
                ..Written::default()
            }
        }
        Records::SupplyLinks(links) => Written {
            upserted: store.upsert_supply_links(tx, links, Some(batch)).await?,
            ..Written::default()
        },
        Records::Facts(facts) => Written {
            upserted: store.upsert_facts(tx, facts, Some(batch)).await?,
            ..Written::default()
        },
        Records::Observations(rows) => {
            let counts = store.merge_observations(tx, rows, batch).await?;
            Written {
                inserted: counts.inserted,
                revised: counts.revised,
                unchanged: counts.unchanged,
                ..Written::default()
            }
        }
    })
}
