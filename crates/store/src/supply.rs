//! The supply network: supplier → customer links per year.

use model::{Id, SupplyLink};

use crate::bulk::{Value, insert_rows};
use crate::{Store, StoreError, Transaction, on_pool};

/// One year's links as parallel columns (enterprise ids), the input of the network engines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupplyLinkColumns {
    pub suppliers: Vec<Id>,
    pub customers: Vec<Id>,
    pub values: Vec<f64>,
}

impl Store {
    /// Inserts or updates links by (supplier, customer, year). Both enterprises must exist.
    pub async fn upsert_supply_links(
        &self,
        tx: &mut Transaction,
        links: &[SupplyLink],
        batch: Option<Id>,
    ) -> Result<u64, StoreError> {
        let ids = self.enterprise_ids(tx).await?;
        let id = |uscc: &model::Uscc| {
            ids.get(uscc.as_str())
                .copied()
                .ok_or_else(|| StoreError::NotFound {
                    what: "enterprise",
                    key: uscc.to_string(),
                })
        };
        let mut values = Vec::with_capacity(links.len() * 6);
        for link in links {
            values.extend([
                Value::Int(id(&link.supplier)?),
                Value::Int(id(&link.customer)?),
                Value::Int(i64::from(link.year)),
                Value::Float(link.value),
                Value::OptText(link.product.clone()),
                Value::OptInt(batch),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO supply_link (supplier_id, customer_id, year, value, product, batch_id) VALUES",
            "ON CONFLICT (supplier_id, customer_id, year) DO UPDATE SET value = excluded.value, \
             product = excluded.product, batch_id = excluded.batch_id",
            6,
            &values,
        )
        .await
    }

    /// All links of `year` as columns, ordered by supplier then customer.
    pub async fn supply_link_columns(&self, year: u16) -> Result<SupplyLinkColumns, StoreError> {
        let rows: Vec<(i64, i64, f64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT supplier_id, customer_id, value FROM supply_link WHERE year = $1 \
                 ORDER BY supplier_id, customer_id",
            )
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        let mut columns = SupplyLinkColumns::default();
        for (supplier, customer, value) in rows {
            columns.suppliers.push(supplier);
            columns.customers.push(customer);
            columns.values.push(value);
        }
        Ok(columns)
    }

    /// The years that have supply links, oldest first.
    pub async fn supply_link_years(&self) -> Result<Vec<u16>, StoreError> {
        let rows: Vec<(i64,)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT DISTINCT year FROM supply_link ORDER BY year")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(year,)| u16::try_from(year).map_err(|e| StoreError::corrupt("year", year, e)))
            .collect()
    }
}
