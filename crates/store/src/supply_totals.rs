//! Yearly supply totals, summed by the database: what each enterprise and each chain bought
//! through the year's supply links (all of it, and from suppliers in the buyer's own province),
//! and how many distinct partners in its own province each enterprise traded with. Assessments
//! read these (in-province procurement, partner firms of a chain-master, local supply share).

use model::Id;

use crate::{Store, StoreError, on_pool};

/// One enterprise's supply relations in a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnterpriseSupplyTotals {
    pub enterprise_id: Id,
    /// Value bought through the year's links (0 when the enterprise only sold).
    pub purchases: f64,
    /// Of which from suppliers registered in the enterprise's own province.
    pub local_purchases: f64,
    /// Distinct suppliers and customers registered in the enterprise's own province.
    pub local_partners: i64,
}

/// What a chain's member enterprises bought in a year (a link counts once per chain).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainPurchaseTotals {
    pub chain: String,
    pub purchases: f64,
    pub local_purchases: f64,
}

/// What a buyer `c` bought through links `l` from suppliers `s`: all of it, then from its own
/// province; the query goes on with joins and `WHERE`.
macro_rules! purchases_from {
    () => {
        "SUM(l.value), SUM(CASE WHEN s.province_code = c.province_code THEN l.value ELSE 0.0 END) \
         FROM supply_link l JOIN enterprise s ON s.id = l.supplier_id \
         JOIN enterprise c ON c.id = l.customer_id"
    };
}

impl Store {
    /// Every enterprise with a supply link in `year`, in id order.
    pub async fn enterprise_supply_totals(
        &self,
        year: u16,
    ) -> Result<Vec<EnterpriseSupplyTotals>, StoreError> {
        let year = i64::from(year);
        let purchases: Vec<(i64, f64, f64)> = on_pool!(self, pool => {
            sqlx::query_as(
                concat!(
                    "SELECT l.customer_id, ",
                    purchases_from!(),
                    " WHERE l.year = $1 GROUP BY l.customer_id"
                ),
            )
            .bind(year)
            .fetch_all(pool)
            .await?
        });
        let partners: Vec<(i64, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT p.enterprise_id, \
                 COUNT(DISTINCT CASE WHEN a.province_code = b.province_code THEN p.partner_id END) \
                 FROM (SELECT customer_id AS enterprise_id, supplier_id AS partner_id FROM supply_link WHERE year = $1 \
                       UNION SELECT supplier_id, customer_id FROM supply_link WHERE year = $1) p \
                 JOIN enterprise a ON a.id = p.enterprise_id JOIN enterprise b ON b.id = p.partner_id \
                 GROUP BY p.enterprise_id",
            )
            .bind(year)
            .fetch_all(pool)
            .await?
        });
        let bought: std::collections::HashMap<i64, (f64, f64)> = purchases
            .into_iter()
            .map(|(id, all, local)| (id, (all, local)))
            .collect();
        let mut totals: Vec<EnterpriseSupplyTotals> = partners
            .into_iter()
            .map(|(id, local_partners)| {
                let (purchases, local_purchases) = bought.get(&id).copied().unwrap_or((0.0, 0.0));
                EnterpriseSupplyTotals {
                    enterprise_id: id,
                    purchases,
                    local_purchases,
                    local_partners,
                }
            })
            .collect();
        totals.sort_by_key(|t| t.enterprise_id);
        Ok(totals)
    }

    /// Every chain whose members bought through supply links in `year`, in code order.
    pub async fn chain_purchase_totals(
        &self,
        year: u16,
    ) -> Result<Vec<ChainPurchaseTotals>, StoreError> {
        let rows: Vec<(String, f64, f64)> = on_pool!(self, pool => {
            sqlx::query_as(
                concat!(
                    "SELECT ch.code, ",
                    purchases_from!(),
                    " JOIN (SELECT DISTINCT n.chain_id, m.enterprise_id FROM membership m \
                       JOIN chain_node n ON n.id = m.node_id) cm ON cm.enterprise_id = l.customer_id \
                     JOIN chain ch ON ch.id = cm.chain_id \
                     WHERE l.year = $1 GROUP BY ch.code ORDER BY ch.code"
                ),
            )
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(chain, purchases, local_purchases)| ChainPurchaseTotals {
                chain,
                purchases,
                local_purchases,
            })
            .collect())
    }
}
