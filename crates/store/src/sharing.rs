//! Data-sharing grants (数据共享, Shanxi Regulation art. 10): a department or an external token
//! receives one dataset — some fields, some regions, a period range — for a stated purpose until
//! a date, and every use is counted per grant and day.

use model::{Id, Period, RegionCode};

use crate::enterprises::Page;
use crate::places::stored_region;
use crate::{Store, StoreError, on_pool};

/// A grant to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGrant {
    /// `department` or `token`.
    pub grantee_kind: String,
    /// The department's name, or the token's id as text.
    pub grantee: String,
    /// `enterprise_registry`, `indicator_series` or `supply_links`.
    pub dataset: String,
    /// Fields of the dataset (registry columns, or indicator codes); empty = all.
    pub fields: Vec<String>,
    /// Regions the grant covers (and everything below them); empty = none.
    pub regions: Vec<RegionCode>,
    pub period_from: Option<Period>,
    pub period_to: Option<Period>,
    pub purpose: String,
    /// ISO date, inclusive.
    pub valid_until: String,
    pub created_by: String,
}

/// A stored grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: Id,
    pub grant: NewGrant,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
}

/// Use of one grant on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantUsage {
    pub day: String,
    pub requests: i64,
    pub rows_read: i64,
}

type GrantRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
);

const GRANT_COLUMNS: &str = "id, grantee_kind, grantee, dataset, fields, regions, period_from, period_to, \
     purpose, valid_until, created_by, created_at, revoked_at, revoked_by";

fn split(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn decode(r: GrantRow) -> Result<Grant, StoreError> {
    let period = |key: Option<i64>| {
        key.map(|k| Period::from_key(k).map_err(|e| StoreError::corrupt("period", k, e)))
            .transpose()
    };
    let regions = split(&r.5)
        .iter()
        .map(|code| {
            code.parse::<i64>()
                .map_err(|e| StoreError::corrupt("region code", code, e))
                .and_then(stored_region)
        })
        .collect::<Result<_, _>>()?;
    Ok(Grant {
        id: r.0,
        grant: NewGrant {
            grantee_kind: r.1,
            grantee: r.2,
            dataset: r.3,
            fields: split(&r.4),
            regions,
            period_from: period(r.6)?,
            period_to: period(r.7)?,
            purpose: r.8,
            valid_until: r.9,
            created_by: r.10,
        },
        created_at: r.11,
        revoked_at: r.12,
        revoked_by: r.13,
    })
}

impl Store {
    pub async fn create_grant(&self, grant: &NewGrant, now: i64) -> Result<Id, StoreError> {
        let regions: Vec<String> = grant.regions.iter().map(|r| r.to_string()).collect();
        let id: (i64,) = on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO sharing_grant (grantee_kind, grantee, dataset, fields, regions, period_from, \
                 period_to, purpose, valid_until, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(&grant.grantee_kind)
            .bind(&grant.grantee)
            .bind(&grant.dataset)
            .bind(grant.fields.join(","))
            .bind(regions.join(","))
            .bind(grant.period_from.map(|p| i64::from(p.key())))
            .bind(grant.period_to.map(|p| i64::from(p.key())))
            .bind(&grant.purpose)
            .bind(&grant.valid_until)
            .bind(&grant.created_by)
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        Ok(id.0)
    }

    /// Grants, newest first; only those of one grantee when given.
    pub async fn list_grants(
        &self,
        grantee: Option<(&str, &str)>,
        limit: i64,
        offset: i64,
    ) -> Result<Page<Grant>, StoreError> {
        let (kind, name) = grantee.unwrap_or(("", ""));
        // An empty kind stands for "every grantee".
        let filter = "($1 = '' OR (grantee_kind = $1 AND grantee = $2))";
        let list_sql = format!(
            "SELECT {GRANT_COLUMNS} FROM sharing_grant WHERE {filter} ORDER BY id DESC LIMIT $3 OFFSET $4"
        );
        let count_sql = format!("SELECT COUNT(*) FROM sharing_grant WHERE {filter}");
        let (total, rows): ((i64,), Vec<GrantRow>) = on_pool!(self, pool => {
            let total = sqlx::query_as(sqlx::AssertSqlSafe(count_sql)).bind(kind).bind(name).fetch_one(pool).await?;
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(list_sql))
                .bind(kind)
                .bind(name)
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            (total, rows)
        });
        Ok(Page {
            total: total.0,
            offset,
            limit,
            items: rows.into_iter().map(decode).collect::<Result<_, _>>()?,
        })
    }

    pub async fn grant_by_id(&self, id: Id) -> Result<Option<Grant>, StoreError> {
        let sql = format!("SELECT {GRANT_COLUMNS} FROM sharing_grant WHERE id = $1");
        let row: Option<GrantRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        row.map(decode).transpose()
    }

    /// The grants in force on `today` (ISO date) for a department and/or a token.
    pub async fn active_grants(
        &self,
        department: Option<&str>,
        token: Option<Id>,
        today: &str,
    ) -> Result<Vec<Grant>, StoreError> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM sharing_grant WHERE revoked_at IS NULL AND valid_until >= $1 \
             AND ((grantee_kind = 'department' AND grantee = $2 AND $2 <> '') \
             OR (grantee_kind = 'token' AND grantee = $3 AND $3 <> '')) \
             ORDER BY id"
        );
        // Grantees are never empty (the server refuses that), so "" stands for "none".
        let department = department.unwrap_or("");
        let token = token.map_or_else(String::new, |t| t.to_string());
        let rows: Vec<GrantRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(today)
                .bind(department)
                .bind(token)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(decode).collect()
    }

    /// Revokes a grant; false when it does not exist or was already revoked.
    pub async fn revoke_grant(&self, id: Id, by: &str, now: i64) -> Result<bool, StoreError> {
        let changed = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE sharing_grant SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .bind(by)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(changed > 0)
    }

    /// Counts one request reading `rows` rows through `grant` on `day` (ISO date).
    pub async fn record_grant_use(
        &self,
        grant: Id,
        day: &str,
        rows: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO grant_usage (grant_id, day, requests, rows_read) VALUES ($1, $2, 1, $3) \
                 ON CONFLICT (grant_id, day) DO UPDATE SET requests = grant_usage.requests + 1, \
                 rows_read = grant_usage.rows_read + excluded.rows_read",
            )
            .bind(grant)
            .bind(day)
            .bind(rows)
            .execute(pool)
            .await
            .map(|_| ())?
        });
        Ok(())
    }

    /// A grant's use per day, oldest first.
    pub async fn grant_usage(&self, grant: Id) -> Result<Vec<GrantUsage>, StoreError> {
        let rows: Vec<(String, i64, i64)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT day, requests, rows_read FROM grant_usage WHERE grant_id = $1 ORDER BY day")
                .bind(grant)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(day, requests, rows_read)| GrantUsage {
                day,
                requests,
                rows_read,
            })
            .collect())
    }
}
