//! Import batches: every write that comes from a file or the demo belongs to one, so every stored
//! value can be traced to where it came from.

use model::Id;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::enterprises::Page;
use crate::{Store, StoreError, Transaction, on_pool, on_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BatchStatus {
    Running,
    Committed,
    Rejected,
}

impl BatchStatus {
    fn as_str(self) -> &'static str {
        match self {
            BatchStatus::Running => "running",
            BatchStatus::Committed => "committed",
            BatchStatus::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "running" => Ok(BatchStatus::Running),
            "committed" => Ok(BatchStatus::Committed),
            "rejected" => Ok(BatchStatus::Rejected),
            other => Err(StoreError::corrupt("batch status", other, "unknown status")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportBatch {
    pub id: Id,
    pub kind: String,
    pub source: String,
    pub status: BatchStatus,
    pub rows_read: i64,
    pub rows_accepted: i64,
    pub rows_rejected: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub actor: Option<String>,
    /// SHA-256 of the imported file (hex), when the batch came from a file.
    pub sha256: Option<String>,
    /// The outcome in a few words: counts by reason for a rejected batch, inserted / revised /
    /// unchanged for a committed one.
    pub detail: Option<String>,
}

type BatchTuple = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

const SELECT_BATCH: &str = "SELECT id, kind, source, status, rows_read, rows_accepted, rows_rejected, \
     started_at, finished_at, actor, sha256, detail FROM import_batch";

fn decode(r: BatchTuple) -> Result<ImportBatch, StoreError> {
    Ok(ImportBatch {
        id: r.0,
        kind: r.1,
        source: r.2,
        status: BatchStatus::parse(&r.3)?,
        rows_read: r.4,
        rows_accepted: r.5,
        rows_rejected: r.6,
        started_at: r.7,
        finished_at: r.8,
        actor: r.9,
        sha256: r.10,
        detail: r.11,
    })
}

impl Store {
    /// Opens a batch inside `tx`; it only becomes visible if the transaction commits.
    pub async fn begin_batch(
        &self,
        tx: &mut Transaction,
        kind: &str,
        source: &str,
        started_at: &str,
        actor: Option<&str>,
    ) -> Result<Id, StoreError> {
        let id: (i64,) = on_tx!(tx, conn => {
            sqlx::query_as(
                "INSERT INTO import_batch (kind, source, status, started_at, actor) \
                 VALUES ($1, $2, 'running', $3, $4) RETURNING id",
            )
            .bind(kind)
            .bind(source)
            .bind(started_at)
            .bind(actor)
            .fetch_one(conn)
            .await?
        });
        Ok(id.0)
    }

    /// Records the outcome of a batch inside `tx`.
    #[allow(clippy::too_many_arguments)]
    pub async fn finish_batch(
        &self,
        tx: &mut Transaction,
        id: Id,
        status: BatchStatus,
        rows_read: i64,
        rows_accepted: i64,
        rows_rejected: i64,
        finished_at: &str,
    ) -> Result<(), StoreError> {
        on_tx!(tx, conn => {
            sqlx::query(
                "UPDATE import_batch SET status = $2, rows_read = $3, rows_accepted = $4, \
                 rows_rejected = $5, finished_at = $6 WHERE id = $1",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(rows_read)
            .bind(rows_accepted)
            .bind(rows_rejected)
            .bind(finished_at)
            .execute(conn)
            .await
            .map(|_| ())?
        });
        Ok(())
    }

    /// Records the file fingerprint and the outcome in words of batch `id` inside `tx`.
    pub async fn describe_batch(
        &self,
        tx: &mut Transaction,
        id: Id,
        sha256: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        on_tx!(tx, conn => {
            sqlx::query("UPDATE import_batch SET sha256 = $2, detail = $3 WHERE id = $1")
                .bind(id)
                .bind(sha256)
                .bind(detail)
                .execute(conn)
                .await
                .map(|_| ())?
        });
        Ok(())
    }

    /// One batch by id.
    pub async fn batch(&self, id: Id) -> Result<Option<ImportBatch>, StoreError> {
        let sql = format!("{SELECT_BATCH} WHERE id = $1");
        let row: Option<BatchTuple> = on_pool!(self, pool => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        row.map(decode).transpose()
    }

    /// The most recent committed batch of `kind`, if any.
    pub async fn latest_committed_batch(
        &self,
        kind: &str,
    ) -> Result<Option<ImportBatch>, StoreError> {
        let sql = format!(
            "{SELECT_BATCH} WHERE kind = $1 AND status = 'committed' ORDER BY id DESC LIMIT 1"
        );
        let row: Option<BatchTuple> = on_pool!(self, pool => {
            sqlx::query_as(AssertSqlSafe(sql))
            .bind(kind)
            .fetch_optional(pool)
            .await?
        });
        row.map(decode).transpose()
    }

    /// The most recent batches first.
    pub async fn list_batches(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<Page<ImportBatch>, StoreError> {
        let sql = format!("{SELECT_BATCH} ORDER BY id DESC LIMIT $1 OFFSET $2");
        let (total, rows): ((i64,), Vec<BatchTuple>) = on_pool!(self, pool => {
            let total = sqlx::query_as("SELECT COUNT(*) FROM import_batch").fetch_one(pool).await?;
            let rows = sqlx::query_as(AssertSqlSafe(sql))
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
}
