//! Whole-table loads for the engines: every enterprise's attributes, memberships and titles as
//! plain rows, read once and turned into columnar engine inputs by the loaders.

use model::Id;

use crate::{Store, StoreError, on_pool};

/// One enterprise's attributes as the engines group by them.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseAttributes {
    pub id: Id,
    pub uscc: String,
    pub name: String,
    pub region_code: i64,
    pub city_code: Option<i64>,
    pub province_code: i64,
    pub industry_code: String,
    pub size_class: String,
    pub above_designated_size: bool,
    pub park: Option<String>,
}

/// An enterprise's membership of a chain node.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipRow {
    pub enterprise_id: Id,
    pub chain: String,
    pub node: String,
    pub segment: String,
    pub role: String,
}

/// A title or role an enterprise holds, with its validity (ISO dates).
#[derive(Debug, Clone, PartialEq)]
pub struct TitleRow {
    pub enterprise_id: Id,
    pub title: String,
    pub chain: Option<String>,
    pub status: String,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// The rule version it was granted under, e.g. `specialised-sme-2022`.
    pub rule_version: Option<String>,
}

impl Store {
    /// Every enterprise, in id order.
    pub async fn enterprise_attributes(&self) -> Result<Vec<EnterpriseAttributes>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            i64,
            Option<i64>,
            i64,
            String,
            String,
            bool,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.id, e.uscc, e.name, e.region_code, e.city_code, e.province_code, e.industry_code, \
                 e.size_class, e.above_designated_size, p.code FROM enterprise e \
                 LEFT JOIN park p ON p.id = e.park_id ORDER BY e.id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| EnterpriseAttributes {
                id: r.0,
                uscc: r.1,
                name: r.2,
                region_code: r.3,
                city_code: r.4,
                province_code: r.5,
                industry_code: r.6,
                size_class: r.7,
                above_designated_size: r.8,
                park: r.9,
            })
            .collect())
    }

    /// Every membership with its chain, node and segment.
    pub async fn membership_rows(&self) -> Result<Vec<MembershipRow>, StoreError> {
        let rows: Vec<(i64, String, String, String, String)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT m.enterprise_id, c.code, n.code, n.segment, m.role FROM membership m \
                 JOIN chain_node n ON n.id = m.node_id JOIN chain c ON c.id = n.chain_id \
                 ORDER BY m.enterprise_id, c.code, n.code",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| MembershipRow {
                enterprise_id: r.0,
                chain: r.1,
                node: r.2,
                segment: r.3,
                role: r.4,
            })
            .collect())
    }

    /// Every designation, in enterprise order.
    pub async fn title_rows(&self) -> Result<Vec<TitleRow>, StoreError> {
        type Row = (
            i64,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT d.enterprise_id, d.title, c.code, d.status, d.valid_from, d.valid_until, d.rule_version \
                 FROM designation d LEFT JOIN chain c ON c.id = d.chain_id ORDER BY d.enterprise_id, d.id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| TitleRow {
                enterprise_id: r.0,
                title: r.1,
                chain: r.2,
                status: r.3,
                valid_from: r.4,
                valid_until: r.5,
                rule_version: r.6,
            })
            .collect())
    }
}
