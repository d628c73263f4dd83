//! Enterprises: upsert by USCC, id lookup for importers, filtered and paginated lists.

use std::collections::HashMap;

use model::{Enterprise, Id, IndustryCode, RegionCode, SizeClass, Uscc};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::bulk::{Value, bind_values, insert_rows};
use crate::places::{region_values, stored_region};
use crate::scope::{Conditions, EnterpriseScope, region_column};
use crate::{Store, StoreError, Transaction, on_pool};

/// What to list. Every field narrows the result; `None` means no restriction.
#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    /// What the caller may see at all (applied before anything else).
    pub scope: EnterpriseScope,
    /// The region or any region below it.
    pub region: Option<RegionCode>,
    /// Industry code prefix (a 大类 matches all its 中类 and 小类).
    pub industry: Option<IndustryCode>,
    /// Member of any node of this chain.
    pub chain: Option<String>,
    pub size_class: Option<SizeClass>,
    pub above_designated_size: Option<bool>,
    pub park: Option<String>,
    /// Part of the name or the USCC.
    pub search: Option<String>,
    /// Order of the list (name by default); ties are broken by USCC.
    pub sort: EnterpriseSort,
    pub descending: bool,
}

/// The orders an enterprise list can take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnterpriseSort {
    #[default]
    Name,
    Uscc,
    Region,
    Industry,
    Founded,
}

impl EnterpriseSort {
    fn column(self) -> &'static str {
        match self {
            EnterpriseSort::Name => "e.name",
            EnterpriseSort::Uscc => "e.uscc",
            EnterpriseSort::Region => "e.region_code",
            EnterpriseSort::Industry => "e.industry_code",
            EnterpriseSort::Founded => "e.founded",
        }
    }
}

/// One page of a list plus the total number of matching rows.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub items: Vec<T>,
}

/// An enterprise as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseRow {
    pub id: Id,
    pub uscc: Uscc,
    pub name: String,
    pub region: RegionCode,
    pub region_name: &'static str,
    pub industry: IndustryCode,
    pub industry_name: &'static str,
    pub size_class: SizeClass,
    pub above_designated_size: bool,
    pub park: Option<String>,
    pub founded: Option<u16>,
}

type Row = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    bool,
    Option<String>,
    Option<i64>,
);

const SELECT_ROW: &str = "SELECT e.id, e.uscc, e.name, e.region_code, e.industry_code, e.size_class, \
     e.above_designated_size, p.code, e.founded FROM enterprise e LEFT JOIN park p ON p.id = e.park_id";

fn decode(row: Row) -> Result<EnterpriseRow, StoreError> {
    let uscc = Uscc::parse(&row.1).map_err(|e| StoreError::corrupt("USCC", &row.1, e))?;
    let region = stored_region(row.3)?;
    let industry =
        IndustryCode::parse(&row.4).map_err(|e| StoreError::corrupt("industry code", &row.4, e))?;
    let size_class = SizeClass::parse(&row.5)
        .ok_or_else(|| StoreError::corrupt("size class", &row.5, "unknown"))?;
    Ok(EnterpriseRow {
        id: row.0,
        uscc,
        name: row.2,
        region,
        region_name: region.name(),
        industry,
        industry_name: industry.name(),
        size_class,
        above_designated_size: row.6,
        park: row.7,
        founded: row.8.and_then(|f| u16::try_from(f).ok()),
    })
}

/// `WHERE …` with `$N` placeholders, and the values to bind in order.
fn where_clause(filter: &EnterpriseFilter) -> Conditions {
    let mut conditions = Conditions::default();
    filter.scope.push_conditions(&mut conditions);
    if let Some(region) = filter.region {
        conditions.push(
            &format!("{} = ?", region_column(region)),
            vec![Value::Int(i64::from(region.as_u32()))],
        );
    }
    if let Some(industry) = filter.industry {
        conditions.push(
            "e.industry_code LIKE ?",
            vec![Value::Text(format!("{}%", industry.as_str()))],
        );
    }
    if let Some(chain) = &filter.chain {
        conditions.push(
            "e.id IN (SELECT m.enterprise_id FROM membership m JOIN chain_node n ON n.id = m.node_id \
             JOIN chain c ON c.id = n.chain_id WHERE c.code = ?)",
            vec![Value::Text(chain.clone())],
        );
    }
    if let Some(size_class) = filter.size_class {
        conditions.push(
            "e.size_class = ?",
            vec![Value::Text(size_class.as_str().into())],
        );
    }
    if let Some(flag) = filter.above_designated_size {
        conditions.push("e.above_designated_size = ?", vec![Value::Bool(flag)]);
    }
    if let Some(park) = &filter.park {
        conditions.push("p.code = ?", vec![Value::Text(park.clone())]);
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!("%{}%", search.replace(['%', '_'], ""));
        conditions.push(
            "(e.name LIKE ? OR e.uscc LIKE UPPER(?))",
            vec![Value::Text(pattern.clone()), Value::Text(pattern)],
        );
    }
    conditions
}

impl Store {
    /// Inserts or updates enterprises by USCC. Their `park` codes must exist already.
    pub async fn upsert_enterprises(
        &self,
        tx: &mut Transaction,
        enterprises: &[Enterprise],
        batch: Option<Id>,
    ) -> Result<u64, StoreError> {
        let parks = self.code_ids_in(tx, "SELECT code, id FROM park").await?;
        let mut values = Vec::with_capacity(enterprises.len() * 11);
        for e in enterprises {
            let park = match &e.park {
                Some(code) => Some(*parks.get(code).ok_or_else(|| StoreError::NotFound {
                    what: "park",
                    key: code.clone(),
                })?),
                None => None,
            };
            let [region, city, province] = region_values(e.region);
            values.extend([
                Value::Text(e.uscc.to_string()),
                Value::Text(e.name.clone()),
                region,
                city,
                province,
                Value::Text(e.industry.as_str().to_owned()),
                Value::Text(e.size_class.as_str().to_owned()),
                Value::Bool(e.above_designated_size),
                Value::OptInt(park),
                Value::OptInt(e.founded.map(i64::from)),
                Value::OptInt(batch),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO enterprise (uscc, name, region_code, city_code, province_code, industry_code, size_class, \
             above_designated_size, park_id, founded, batch_id) VALUES",
            "ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, \
             city_code = excluded.city_code, province_code = excluded.province_code, \
             industry_code = excluded.industry_code, size_class = excluded.size_class, \
             above_designated_size = excluded.above_designated_size, park_id = excluded.park_id, \
             founded = excluded.founded, batch_id = excluded.batch_id",
            11,
            &values,
        )
        .await
    }

    /// USCC → id for every stored enterprise (importers resolve natural keys with it).
    pub async fn enterprise_ids(
        &self,
        tx: &mut Transaction,
    ) -> Result<HashMap<String, Id>, StoreError> {
        self.code_ids_in(tx, "SELECT uscc, id FROM enterprise")
            .await
    }

    /// The enterprise with this USCC, or `None` when there is none or it is outside `scope`
    /// (the two are indistinguishable on purpose).
    pub async fn enterprise_by_uscc(
        &self,
        scope: &EnterpriseScope,
        uscc: &Uscc,
    ) -> Result<Option<EnterpriseRow>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.push("e.uscc = ?", vec![Value::Text(uscc.to_string())]);
        scope.push_conditions(&mut conditions);
        let sql = format!("{SELECT_ROW}{}", conditions.where_clause());
        let row: Option<Row> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &conditions.values).fetch_optional(pool).await?
        });
        row.map(decode).transpose()
    }

    /// Ids of every enterprise inside `scope` (engines restrict their inputs to these before
    /// computing anything for a scoped caller).
    pub async fn enterprise_ids_in(&self, scope: &EnterpriseScope) -> Result<Vec<Id>, StoreError> {
        let mut conditions = Conditions::default();
        scope.push_conditions(&mut conditions);
        let sql = format!(
            "SELECT e.id FROM enterprise e{} ORDER BY e.id",
            conditions.where_clause()
        );
        let rows: Vec<(i64,)> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &conditions.values).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Enterprises inside `scope` registered in `region` or below it: the total, and the count
    /// per next-lower region code (cities of a province, counties of a city; none below a
    /// county).
    pub async fn enterprise_counts_in_region(
        &self,
        scope: &EnterpriseScope,
        region: RegionCode,
    ) -> Result<(i64, Vec<(i64, i64)>), StoreError> {
        let mut conditions = Conditions::default();
        conditions.push(
            &format!("{} = ?", region_column(region)),
            vec![Value::Int(i64::from(region.as_u32()))],
        );
        scope.push_conditions(&mut conditions);
        let clause = conditions.where_clause();
        let child = match region.level() {
            model::RegionLevel::Province => "e.city_code",
            model::RegionLevel::City | model::RegionLevel::County => "e.region_code",
        };
        let total_sql = format!("SELECT COUNT(*) FROM enterprise e{clause}");
        let child_sql = format!(
            "SELECT {child}, COUNT(*) FROM enterprise e{clause} AND {child} IS NOT NULL \
             GROUP BY {child} ORDER BY {child}"
        );
        let values = &conditions.values;
        let (total, children): ((i64,), Vec<(i64, i64)>) = on_pool!(self, pool => {
            let total = bind_values!(sqlx::query_as(AssertSqlSafe(total_sql)), values).fetch_one(pool).await?;
            let children = bind_values!(sqlx::query_as(AssertSqlSafe(child_sql)), values).fetch_all(pool).await?;
            (total, children)
        });
        Ok((total.0, children))
    }

    /// A page of enterprises matching `filter`, ordered by name then USCC.
    pub async fn list_enterprises(
        &self,
        filter: &EnterpriseFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Page<EnterpriseRow>, StoreError> {
        let conditions = where_clause(filter);
        let clause = conditions.where_clause();
        let values = &conditions.values;
        let count_sql = format!(
            "SELECT COUNT(*) FROM enterprise e LEFT JOIN park p ON p.id = e.park_id{clause}"
        );
        let n = conditions.used();
        let direction = if filter.descending { "DESC" } else { "ASC" };
        let list_sql = format!(
            "{SELECT_ROW}{clause} ORDER BY {} {direction}, e.uscc {direction} LIMIT ${} OFFSET ${}",
            filter.sort.column(),
            n + 1,
            n + 2
        );
        let mut list_values = values.clone();
        list_values.extend([Value::Int(limit), Value::Int(offset)]);
        let (total, rows): ((i64,), Vec<Row>) = on_pool!(self, pool => {
            let total = bind_values!(sqlx::query_as(AssertSqlSafe(count_sql)), values).fetch_one(pool).await?;
            let rows = bind_values!(sqlx::query_as(AssertSqlSafe(list_sql)), &list_values).fetch_all(pool).await?;
            (total, rows)
        });
        Ok(Page {
            total: total.0,
            offset,
            limit,
            items: rows.into_iter().map(decode).collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_number_their_placeholders_in_order() {
        let filter = EnterpriseFilter {
            region: Some(RegionCode::parse("140100").unwrap()),
            chain: Some("SX-01".into()),
            search: Some("钢".into()),
            ..Default::default()
        };
        let conditions = where_clause(&filter);
        let clause = conditions.where_clause();
        assert!(clause.contains("e.city_code = $1"), "{clause}");
        assert!(clause.contains("c.code = $2"), "{clause}");
        assert!(
            clause.contains("LIKE $3 OR e.uscc LIKE UPPER($4)"),
            "{clause}"
        );
        assert_eq!(conditions.values.len(), 4);
    }
}
