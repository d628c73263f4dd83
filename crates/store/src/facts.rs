//! Enterprise facts (see migration 0004): named values per enterprise, upserted by name.

use model::{Id, Uscc};

use crate::bulk::{Value, insert_rows};
use crate::{Store, StoreError, Transaction, on_pool};

/// One fact of one enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub uscc: Uscc,
    /// A facts-table column name, e.g. `total_assets_2025`, `ip_class1`, `land_area_mu`.
    pub fact: String,
    pub value: String,
    pub source: Option<String>,
}

impl Store {
    /// Inserts or replaces facts by (enterprise, name). The enterprises must exist.
    pub async fn upsert_facts(
        &self,
        tx: &mut Transaction,
        facts: &[Fact],
        batch: Option<Id>,
    ) -> Result<u64, StoreError> {
        let ids = self.enterprise_ids(tx).await?;
        let mut values = Vec::with_capacity(facts.len() * 5);
        for f in facts {
            let id = *ids
                .get(f.uscc.as_str())
                .ok_or_else(|| StoreError::NotFound {
                    what: "enterprise",
                    key: f.uscc.to_string(),
                })?;
            values.extend([
                Value::Int(id),
                Value::Text(f.fact.clone()),
                Value::Text(f.value.clone()),
                Value::OptText(f.source.clone()),
                Value::OptInt(batch),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO enterprise_fact (enterprise_id, fact, value, source, batch_id) VALUES",
            "ON CONFLICT (enterprise_id, fact) DO UPDATE SET value = excluded.value, source = excluded.source, \
             batch_id = excluded.batch_id",
            5,
            &values,
        )
        .await
    }

    /// Every fact with its enterprise's USCC, in USCC and name order (for exports).
    pub async fn list_facts(&self) -> Result<Vec<Fact>, StoreError> {
        let rows: Vec<(String, String, String, Option<String>)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.uscc, f.fact, f.value, f.source FROM enterprise_fact f \
                 JOIN enterprise e ON e.id = f.enterprise_id ORDER BY e.uscc, f.fact",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(uscc, fact, value, source)| {
                Ok(Fact {
                    uscc: Uscc::parse(&uscc).map_err(|e| StoreError::corrupt("USCC", &uscc, e))?,
                    fact,
                    value,
                    source,
                })
            })
            .collect()
    }

    /// Every fact as (enterprise id, name, value), in enterprise order.
    pub async fn fact_rows(&self) -> Result<Vec<(Id, String, String)>, StoreError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT enterprise_id, fact, value FROM enterprise_fact ORDER BY enterprise_id, fact")
                .fetch_all(pool)
                .await?
        }))
    }

    /// One enterprise's facts by name.
    pub async fn enterprise_facts(
        &self,
        enterprise: Id,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT fact, value FROM enterprise_fact WHERE enterprise_id = $1 ORDER BY fact")
                .bind(enterprise)
                .fetch_all(pool)
                .await?
        }))
    }
}
