//! Observations (indicator values per enterprise and reporting period) and the columnar loads the
//! engines consume.

use model::{Id, Period};

use crate::bulk::{Value, insert_rows};
use crate::{Store, StoreError, Transaction, on_pool};

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
        let values: Vec<Value> = rows
            .iter()
            .flat_map(|&(enterprise, indicator, period, value)| {
                [
                    Value::Int(enterprise),
                    Value::Int(indicator),
                    Value::Int(i64::from(period.key())),
                    Value::Float(value),
                    Value::OptInt(batch),
                ]
            })
            .collect();
        insert_rows(
            tx,
            "INSERT INTO observation (enterprise_id, indicator_id, period, value, batch_id) VALUES",
            "",
            5,
            &values,
        )
        .await
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

    /// One enterprise's series of one indicator, oldest first.
    pub async fn enterprise_series(
        &self,
        enterprise: Id,
        indicator: &str,
    ) -> Result<Vec<(Period, f64)>, StoreError> {
        let rows: Vec<(i64, f64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT o.period, o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id \
                 WHERE o.enterprise_id = $1 AND i.code = $2 ORDER BY o.period",
            )
            .bind(enterprise)
            .bind(indicator)
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
