//! Observations (indicator values per enterprise and reporting period) and the columnar loads the
//! engines consume.

use std::collections::BTreeSet;

use model::{Id, Period, Uscc};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::bulk::{Value, bind_values, insert_rows};
use crate::{Store, StoreError, Transaction, on_pool, on_tx};

/// Observation rows per bulk round of a merge: bounded memory whatever the batch size.
const MERGE_CHUNK: usize = 200_000;

/// What a revision-aware merge did to each incoming value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeCounts {
    /// New (enterprise, indicator, period) values.
    pub inserted: u64,
    /// Values that differed from the stored one: the old value went to `observation_revision`.
    pub revised: u64,
    /// Values equal to the stored one: nothing written.
    pub unchanged: u64,
}

/// Which observations to list. `None` means no restriction.
#[derive(Debug, Clone, Default)]
pub struct ObservationFilter {
    pub indicator: Option<String>,
    pub from: Option<Period>,
    pub to: Option<Period>,
    /// Enterprises in this region or below it.
    pub region: Option<model::RegionCode>,
    /// Enterprises that are members of any node of this chain.
    pub chain: Option<String>,
}

/// One stored value as exports show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationRow {
    pub uscc: Uscc,
    pub enterprise: String,
    pub indicator: String,
    pub period: Period,
    pub value: f64,
    pub revision: i64,
}

/// One entry of a value's history: the value it had at `revision`, the batch that wrote it and
/// the batch that replaced it (`None` for the current value).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationVersion {
    pub revision: i64,
    pub value: f64,
    pub batch: Option<Id>,
    pub replaced_by: Option<Id>,
}

fn observation_values(rows: &[(Id, Id, Period, f64)], batch: Option<Id>) -> Vec<Value> {
    rows.iter()
        .flat_map(|&(enterprise, indicator, period, value)| {
            [
                Value::Int(enterprise),
                Value::Int(indicator),
                Value::Int(i64::from(period.key())),
                Value::Float(value),
                Value::OptInt(batch),
            ]
        })
        .collect()
}

/// The values of one indicator as parallel columns, ordered by period then enterprise id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObservationColumns {
    pub enterprise_ids: Vec<Id>,
    /// `Period::key()` values (YYYYMM, YYYY02 = 1–2月).
    pub periods: Vec<i32>,
    pub values: Vec<f64>,
}

impl ObservationColumns {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Each enterprise's annual figure of one indicator, as parallel columns in enterprise id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnualValues {
    pub enterprise_ids: Vec<Id>,
    pub values: Vec<f64>,
    /// Reporting periods behind each value (11 for a full year: 1–2月 is one period).
    pub periods: Vec<u32>,
}

impl AnnualValues {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl Store {
    /// Appends new observations `(enterprise id, indicator id, period, value)`; a value that is
    /// already stored makes the whole transaction fail. Importers that may revise values use the
    /// revision-aware path instead.
    pub async fn insert_observations(
        &self,
        tx: &mut Transaction,
        rows: &[(Id, Id, Period, f64)],
        batch: Option<Id>,
    ) -> Result<u64, StoreError> {
        let values = observation_values(rows, batch);
        insert_rows(
            tx,
            "INSERT INTO observation (enterprise_id, indicator_id, period, value, batch_id) VALUES",
            "",
            5,
            &values,
        )
        .await
    }

    /// Writes `rows` `(enterprise id, indicator id, period, value)` under `batch`, keeping history:
    /// a new key is inserted; a changed value bumps `observation.revision` and its old value goes
    /// to `observation_revision` with `replaced_by = batch`; an equal value writes nothing. The
    /// rows must not repeat a key.
    ///
    /// Values of (indicator, period) pairs that hold nothing yet are appended directly (the common
    /// first import); the others are staged in a temporary table and merged with three set-based
    /// statements, so a re-import costs a few joins rather than a query per row.
    pub async fn merge_observations(
        &self,
        tx: &mut Transaction,
        rows: &[(Id, Id, Period, f64)],
        batch: Id,
    ) -> Result<MergeCounts, StoreError> {
        let pairs: BTreeSet<(Id, i32)> = rows.iter().map(|r| (r.1, r.2.key())).collect();
        let mut occupied = BTreeSet::new();
        for &(indicator, period) in &pairs {
            let found: Option<(i64,)> = on_tx!(tx, conn => {
                sqlx::query_as(
                    "SELECT enterprise_id FROM observation WHERE indicator_id = $1 AND period = $2 LIMIT 1",
                )
                .bind(indicator)
                .bind(i64::from(period))
                .fetch_optional(conn)
                .await?
            });
            if found.is_some() {
                occupied.insert((indicator, period));
            }
        }
        type Rows = Vec<(Id, Id, Period, f64)>;
        let (mut merge, mut fresh): (Rows, Rows) = rows
            .iter()
            .partition(|r| occupied.contains(&(r.1, r.2.key())));
        // In primary-key order (indicator, period, enterprise), inserts append to the clustered
        // B-tree and the merge joins probe it in order: several times faster than file order.
        let key = |r: &(Id, Id, Period, f64)| (r.1, r.2, r.0);
        merge.sort_unstable_by_key(key);
        fresh.sort_unstable_by_key(key);
        let mut counts = MergeCounts::default();
        // A large batch on SQLite: a page cache big enough for the whole transaction, so that
        // dirty pages are not spilled to the WAL and rewritten before the commit (the pool's
        // default is 64 MiB; restored below, the connection goes back to the pool).
        let big = matches!(tx, Transaction::Sqlite(_)) && rows.len() > MERGE_CHUNK;
        if big {
            on_tx!(tx, conn => sqlx::query("PRAGMA cache_size = -1048576").execute(conn).await.map(|_| ())?);
        }
        let merged = self
            .merge_sorted(tx, &merge, &fresh, batch, &mut counts)
            .await;
        if big {
            on_tx!(tx, conn => sqlx::query("PRAGMA cache_size = -65536").execute(conn).await.map(|_| ())?);
        }
        merged?;
        Ok(counts)
    }

    /// The two paths of [`Store::merge_observations`]: `fresh` rows appended, `merge` rows staged
    /// and merged.
    async fn merge_sorted(
        &self,
        tx: &mut Transaction,
        merge: &[(Id, Id, Period, f64)],
        fresh: &[(Id, Id, Period, f64)],
        batch: Id,
        counts: &mut MergeCounts,
    ) -> Result<(), StoreError> {
        for chunk in fresh.chunks(MERGE_CHUNK) {
            counts.inserted += self.insert_observations(tx, chunk, Some(batch)).await?;
        }
        if merge.is_empty() {
            return Ok(());
        }
        on_tx!(tx, conn => {
            sqlx::query(
                "CREATE TEMP TABLE IF NOT EXISTS observation_stage (enterprise_id BIGINT NOT NULL, \
                 indicator_id BIGINT NOT NULL, period BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL)",
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM observation_stage").execute(conn).await.map(|_| ())?
        });
        for chunk in merge.chunks(MERGE_CHUNK) {
            let values: Vec<Value> = chunk
                .iter()
                .flat_map(|&(enterprise, indicator, period, value)| {
                    [
                        Value::Int(enterprise),
                        Value::Int(indicator),
                        Value::Int(i64::from(period.key())),
                        Value::Float(value),
                    ]
                })
                .collect();
            insert_rows(
                tx,
                "INSERT INTO observation_stage (enterprise_id, indicator_id, period, value) VALUES",
                "",
                4,
                &values,
            )
            .await?;
        }
        const SAME_KEY: &str = "s.indicator_id = o.indicator_id AND s.period = o.period \
             AND s.enterprise_id = o.enterprise_id";
        let history = format!(
            "INSERT INTO observation_revision (enterprise_id, indicator_id, period, revision, value, \
             batch_id, replaced_by) SELECT o.enterprise_id, o.indicator_id, o.period, o.revision, o.value, \
             o.batch_id, $1 FROM observation o JOIN observation_stage s ON {SAME_KEY} WHERE o.value <> s.value"
        );
        let revise = "UPDATE observation SET value = s.value, revision = observation.revision + 1, \
             batch_id = $1 FROM observation_stage s WHERE s.indicator_id = observation.indicator_id \
             AND s.period = observation.period AND s.enterprise_id = observation.enterprise_id \
             AND observation.value <> s.value";
        let insert = format!(
            "INSERT INTO observation (enterprise_id, indicator_id, period, value, batch_id) \
             SELECT s.enterprise_id, s.indicator_id, s.period, s.value, $1 FROM observation_stage s \
             WHERE NOT EXISTS (SELECT 1 FROM observation o WHERE {SAME_KEY})"
        );
        let (revised, inserted) = on_tx!(tx, conn => {
            sqlx::query(AssertSqlSafe(history)).bind(batch).execute(&mut *conn).await?;
            let revised = sqlx::query(revise).bind(batch).execute(&mut *conn).await?.rows_affected();
            let inserted = sqlx::query(AssertSqlSafe(insert)).bind(batch).execute(&mut *conn).await?.rows_affected();
            sqlx::query("DELETE FROM observation_stage").execute(conn).await?;
            (revised, inserted)
        });
        counts.revised += revised;
        counts.inserted += inserted;
        counts.unchanged += merge.len() as u64 - revised - inserted;
        Ok(())
    }

    /// Every version of one value, oldest first (the current value last).
    pub async fn observation_history(
        &self,
        uscc: &Uscc,
        indicator: &str,
        period: Period,
    ) -> Result<Vec<ObservationVersion>, StoreError> {
        let rows: Vec<(i64, f64, Option<i64>, Option<i64>)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT r.revision, r.value, r.batch_id, r.replaced_by FROM observation_revision r \
                 JOIN enterprise e ON e.id = r.enterprise_id JOIN indicator i ON i.id = r.indicator_id \
                 WHERE e.uscc = $1 AND i.code = $2 AND r.period = $3 \
                 UNION ALL SELECT o.revision, o.value, o.batch_id, NULL FROM observation o \
                 JOIN enterprise e ON e.id = o.enterprise_id JOIN indicator i ON i.id = o.indicator_id \
                 WHERE e.uscc = $1 AND i.code = $2 AND o.period = $3 ORDER BY 1",
            )
            .bind(uscc.as_str())
            .bind(indicator)
            .bind(i64::from(period.key()))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(revision, value, batch, replaced_by)| ObservationVersion {
                revision,
                value,
                batch,
                replaced_by,
            })
            .collect())
    }

    /// Stored values matching `filter`, ordered by indicator, period and USCC (for exports).
    pub async fn list_observations(
        &self,
        filter: &ObservationFilter,
    ) -> Result<Vec<ObservationRow>, StoreError> {
        let mut conditions = Vec::new();
        let mut values = Vec::new();
        if let Some(indicator) = &filter.indicator {
            values.push(Value::Text(indicator.clone()));
            conditions.push(format!("i.code = ${}", values.len()));
        }
        if let Some(from) = filter.from {
            values.push(Value::Int(i64::from(from.key())));
            conditions.push(format!("o.period >= ${}", values.len()));
        }
        if let Some(to) = filter.to {
            values.push(Value::Int(i64::from(to.key())));
            conditions.push(format!("o.period <= ${}", values.len()));
        }
        if let Some(region) = filter.region {
            values.push(Value::Int(i64::from(region.as_u32())));
            conditions.push(format!(
                "{} = ${}",
                crate::scope::region_column(region),
                values.len()
            ));
        }
        if let Some(chain) = &filter.chain {
            values.push(Value::Text(chain.clone()));
            conditions.push(format!(
                "e.id IN (SELECT m.enterprise_id FROM membership m JOIN chain_node n ON n.id = m.node_id \
                 JOIN chain c ON c.id = n.chain_id WHERE c.code = ${})",
                values.len()
            ));
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT e.uscc, e.name, i.code, o.period, o.value, o.revision FROM observation o \
             JOIN enterprise e ON e.id = o.enterprise_id JOIN indicator i ON i.id = o.indicator_id{clause} \
             ORDER BY i.code, o.period, e.uscc"
        );
        let rows: Vec<(String, String, String, i64, f64, i64)> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &values).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ObservationRow {
                    uscc: Uscc::parse(&r.0).map_err(|e| StoreError::corrupt("USCC", &r.0, e))?,
                    enterprise: r.1,
                    indicator: r.2,
                    period: Period::from_key(r.3)
                        .map_err(|e| StoreError::corrupt("period", r.3, e))?,
                    value: r.4,
                    revision: r.5,
                })
            })
            .collect()
    }

    /// All values of `indicator` in `[from, to]` as columns.
    pub async fn observation_columns(
        &self,
        indicator: &str,
        from: Period,
        to: Period,
    ) -> Result<ObservationColumns, StoreError> {
        let rows: Vec<(i64, i64, f64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT o.enterprise_id, o.period, o.value FROM observation o \
                 JOIN indicator i ON i.id = o.indicator_id \
                 WHERE i.code = $1 AND o.period BETWEEN $2 AND $3 ORDER BY o.period, o.enterprise_id",
            )
            .bind(indicator)
            .bind(i64::from(from.key()))
            .bind(i64::from(to.key()))
            .fetch_all(pool)
            .await?
        });
        let mut columns = ObservationColumns {
            enterprise_ids: Vec::with_capacity(rows.len()),
            periods: Vec::with_capacity(rows.len()),
            values: Vec::with_capacity(rows.len()),
        };
        for (enterprise, period, value) in rows {
            columns.enterprise_ids.push(enterprise);
            columns
                .periods
                .push(i32::try_from(period).map_err(|e| StoreError::corrupt("period", period, e))?);
            columns.values.push(value);
        }
        Ok(columns)
    }

    /// Each enterprise's figure of `indicator` for calendar `year` from its monthly reports: the
    /// sum over the year's reporting periods, or their mean for an indicator that aggregates as
    /// a stock or a mean (employees: the average headcount over the periods reported, not their
    /// sum). Enterprises with no report in the year are absent.
    pub async fn annual_values(
        &self,
        indicator: &str,
        year: u16,
    ) -> Result<AnnualValues, StoreError> {
        let rows: Vec<(i64, f64, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT o.enterprise_id, \
                 CASE WHEN i.aggregation IN ('stock', 'mean') THEN AVG(o.value) ELSE SUM(o.value) END, \
                 COUNT(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id \
                 WHERE i.code = $1 AND o.period BETWEEN $2 AND $3 \
                 GROUP BY o.enterprise_id, i.aggregation ORDER BY o.enterprise_id",
            )
            .bind(indicator)
            .bind(i64::from(year) * 100 + 1)
            .bind(i64::from(year) * 100 + 12)
            .fetch_all(pool)
            .await?
        });
        let mut out = AnnualValues {
            enterprise_ids: Vec::with_capacity(rows.len()),
            values: Vec::with_capacity(rows.len()),
            periods: Vec::with_capacity(rows.len()),
        };
        for (enterprise, value, periods) in rows {
            out.enterprise_ids.push(enterprise);
            out.values.push(value);
            out.periods.push(
                u32::try_from(periods)
                    .map_err(|e| StoreError::corrupt("period count", periods, e))?,
            );
        }
        Ok(out)
    }

    /// The first and last reporting periods with any observation.
    pub async fn observation_period_range(&self) -> Result<Option<(Period, Period)>, StoreError> {
        // Per indicator, MIN and MAX are two seeks on the primary key (indicator_id, period, …);
        // over the whole table they would be a full scan.
        let row: (Option<i64>, Option<i64>) = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT MIN((SELECT MIN(o.period) FROM observation o WHERE o.indicator_id = i.id)), \
                 MAX((SELECT MAX(o.period) FROM observation o WHERE o.indicator_id = i.id)) FROM indicator i",
            )
            .fetch_one(pool)
            .await?
        });
        match row {
            (Some(first), Some(last)) => {
                let period =
                    |key| Period::from_key(key).map_err(|e| StoreError::corrupt("period", key, e));
                Ok(Some((period(first)?, period(last)?)))
            }
            _ => Ok(None),
        }
    }

    /// One enterprise's series of one indicator, oldest first, from `from` to `to` inclusive
    /// (`None` leaves that end open).
    pub async fn enterprise_series(
        &self,
        enterprise: Id,
        indicator: &str,
        from: Option<Period>,
        to: Option<Period>,
    ) -> Result<Vec<(Period, f64)>, StoreError> {
        let from = from.map_or(0, |p| i64::from(p.key()));
        let to = to.map_or(i64::MAX, |p| i64::from(p.key()));
        let rows: Vec<(i64, f64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT o.period, o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id \
                 WHERE o.enterprise_id = $1 AND i.code = $2 AND o.period BETWEEN $3 AND $4 ORDER BY o.period",
            )
            .bind(enterprise)
            .bind(indicator)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(key, value)| {
                Ok((
                    Period::from_key(key).map_err(|e| StoreError::corrupt("period", key, e))?,
                    value,
                ))
            })
            .collect()
    }
}
