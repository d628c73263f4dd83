//! One enterprise's profile beyond its row: chain memberships, designations, and its supply links
//! in and out, with counterparts outside the caller's scope folded into one anonymous total.

use model::{Id, Uscc};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::bulk::{Value, bind_values};
use crate::scope::{Conditions, EnterpriseScope};
use crate::{Store, StoreError, on_pool};

/// A membership as an enterprise's profile shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipEntry {
    pub chain: String,
    pub chain_name: String,
    pub node: String,
    pub node_name: String,
    pub role: String,
    pub evidence: String,
    pub source: String,
}

/// A designation as an enterprise's profile shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignationEntry {
    pub title: String,
    pub chain: Option<String>,
    pub status: String,
    pub rule_version: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub decision: Option<String>,
}

/// One supply link seen from one enterprise: the other side is named only when it is in scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplyEntry {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub counterpart: Uscc,
    pub counterpart_name: String,
    pub year: u16,
    pub value: f64,
    pub product: Option<String>,
}

/// The links on one side (suppliers or customers) of an enterprise.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplySide {
    /// Links whose counterpart the caller may see, largest first.
    pub visible: Vec<SupplyEntry>,
    /// Links to counterparts outside the caller's scope: only how many and their total value.
    pub hidden_count: i64,
    pub hidden_value: f64,
}

impl Store {
    pub async fn enterprise_memberships(
        &self,
        enterprise: Id,
    ) -> Result<Vec<MembershipEntry>, StoreError> {
        type Row = (String, String, String, String, String, String, String);
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.code, c.name, n.code, n.name, m.role, m.evidence, m.source FROM membership m \
                 JOIN chain_node n ON n.id = m.node_id JOIN chain c ON c.id = n.chain_id \
                 WHERE m.enterprise_id = $1 ORDER BY c.code, n.code",
            )
            .bind(enterprise)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| MembershipEntry {
                chain: r.0,
                chain_name: r.1,
                node: r.2,
                node_name: r.3,
                role: r.4,
                evidence: r.5,
                source: r.6,
            })
            .collect())
    }

    pub async fn enterprise_designations(
        &self,
        enterprise: Id,
    ) -> Result<Vec<DesignationEntry>, StoreError> {
        type Row = (
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT d.title, c.code, d.status, d.rule_version, d.valid_from, d.valid_until, d.decision \
                 FROM designation d LEFT JOIN chain c ON c.id = d.chain_id WHERE d.enterprise_id = $1 \
                 ORDER BY d.id",
            )
            .bind(enterprise)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| DesignationEntry {
                title: r.0,
                chain: r.1,
                status: r.2,
                rule_version: r.3,
                valid_from: r.4,
                valid_until: r.5,
                decision: r.6,
            })
            .collect())
    }

    /// The suppliers (`incoming`) or customers of `enterprise`, naming only counterparts inside
    /// `counterparts`; at most `limit` named links, largest value first.
    pub async fn enterprise_supply(
        &self,
        enterprise: Id,
        incoming: bool,
        counterparts: &EnterpriseScope,
        limit: i64,
    ) -> Result<SupplySide, StoreError> {
        let (own, other) = if incoming {
            ("customer_id", "supplier_id")
        } else {
            ("supplier_id", "customer_id")
        };
        let mut scope = Conditions::after(1);
        counterparts.push_conditions(&mut scope);
        let inside = if scope.where_clause().is_empty() {
            "TRUE".to_owned()
        } else {
            scope
                .where_clause()
                .trim_start_matches(" WHERE ")
                .to_owned()
        };
        let mut values = vec![Value::Int(enterprise)];
        values.extend(scope.values.iter().cloned());
        let visible_sql = format!(
            "SELECT e.uscc, e.name, l.year, l.value, l.product FROM supply_link l \
             JOIN enterprise e ON e.id = l.{other} WHERE l.{own} = $1 AND ({inside}) \
             ORDER BY l.value DESC, e.uscc LIMIT {limit}"
        );
        let hidden_sql = format!(
            "SELECT COUNT(*), COALESCE(SUM(l.value), 0.0) FROM supply_link l \
             JOIN enterprise e ON e.id = l.{other} WHERE l.{own} = $1 AND NOT COALESCE(({inside}), FALSE)"
        );
        type Row = (String, String, i64, f64, Option<String>);
        let (rows, hidden): (Vec<Row>, (i64, f64)) = on_pool!(self, pool => {
            let rows = bind_values!(sqlx::query_as(AssertSqlSafe(visible_sql)), &values).fetch_all(pool).await?;
            let hidden = bind_values!(sqlx::query_as(AssertSqlSafe(hidden_sql)), &values).fetch_one(pool).await?;
            (rows, hidden)
        });
        let visible = rows
            .into_iter()
            .map(|r| {
                Ok(SupplyEntry {
                    counterpart: Uscc::parse(&r.0)
                        .map_err(|e| StoreError::corrupt("USCC", &r.0, e))?,
                    counterpart_name: r.1,
                    year: u16::try_from(r.2).map_err(|e| StoreError::corrupt("year", r.2, e))?,
                    value: r.3,
                    product: r.4,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(SupplySide {
            visible,
            hidden_count: hidden.0,
            hidden_value: hidden.1,
        })
    }
}
