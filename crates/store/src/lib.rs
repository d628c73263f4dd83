//! Persistence for chainchief: one schema and one repository API over two backends, SQLite (the
//! default: one file, WAL) and PostgreSQL (multi-user deployments).
//!
//! Every query is written once, with `$N` placeholders that both backends accept, and runs on
//! whichever pool the [`Store`] holds (see [`on_pool!`]); only the DDL differs, so each backend has
//! its own migrations folder. Repositories are grouped by concern in the modules below.
//!
//! Architecture invariant: this is the only crate that speaks SQL. It validates nothing the model
//! types do not already guarantee, but the schema refuses unknown region and industry codes,
//! duplicate natural keys and impossible periods on its own.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

mod access;
mod audit;
mod batches;
mod bulk;
mod chains;
mod enterprises;
mod evaluations;
mod facts;
mod frames;
mod indicators;
mod keys;
mod migrations;
mod observations;
mod places;
mod profile;
mod reference;
mod scope;
mod sharing;
mod supply;
mod supply_totals;
#[cfg(test)]
mod tests;

pub use access::{Account, NewAccount, TokenInfo};
pub use audit::{AuditEvent, AuditFilter, AuditRecord, AuditVerdict, audit_hash};
pub use batches::{BatchStatus, ImportBatch};
pub use bulk::Value;
pub use chains::{ChainLeaderRow, ChainSummary, MembershipListing, StoredChain, StoredNode};
pub use enterprises::{EnterpriseFilter, EnterpriseRow, EnterpriseSort, Page};
pub use evaluations::{EvaluationRunRow, EvaluationRunSummary};
pub use facts::Fact;
pub use frames::{EnterpriseAttributes, MembershipRow, TitleRow};
pub use keys::StoredKeys;
pub use observations::{
    AnnualValues, MergeCounts, ObservationColumns, ObservationFilter, ObservationRow,
    ObservationVersion,
};
pub use profile::{DesignationEntry, MembershipEntry, SupplyEntry, SupplySide};
pub use scope::EnterpriseScope;
pub use sharing::{Grant, GrantUsage, NewGrant};
pub use supply::{SupplyLinkColumns, SupplyLinkRow};
pub use supply_totals::{ChainPurchaseTotals, EnterpriseSupplyTotals};

/// The database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool, once per backend. The body is written
/// once and compiled twice, so a query cannot drift between SQLite and PostgreSQL.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// A transaction on either backend. Dropping it without [`Transaction::commit`] rolls it back, so
/// an error (or a crash) in the middle of a batch leaves the database as it was.
#[derive(Debug)]
pub enum Transaction {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection, once per backend.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::Transaction::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::Transaction::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

impl Transaction {
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Transaction::Sqlite(tx) => tx.commit().await?,
            Transaction::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL {url:?} is neither sqlite:… nor postgres://…")]
    UnsupportedUrl { url: String },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{what} {key:?} does not exist")]
    NotFound { what: &'static str, key: String },
    #[error("stored {what} {value:?} is invalid: {reason}")]
    Corrupt {
        what: &'static str,
        value: String,
        reason: String,
    },
}

impl StoreError {
    pub(crate) fn corrupt(what: &'static str, value: impl ToString, reason: impl ToString) -> Self {
        StoreError::Corrupt {
            what,
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    /// True when the database did not answer (pool exhausted or closed, connection lost, SQLite
    /// busy past its timeout): a caller may retry later, nothing was wrong with the request.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::WorkerCrashed,
            ) => true,
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), after the busy timeout.
            StoreError::Database(sqlx::Error::Database(e)) => {
                matches!(e.code().as_deref(), Some("5" | "6"))
            }
            _ => false,
        }
    }

    /// True when the database refused a write because it broke a constraint (duplicate natural
    /// key, unknown code, failed check).
    pub fn is_constraint_violation(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => {
                e.kind() != sqlx::error::ErrorKind::Other
            }
            _ => false,
        }
    }
}

/// Handle to the database; cheap to clone (it holds a connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// Serialises audit appends inside this process (see the `audit` module).
    audit_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    ///
    /// `url` is `sqlite:PATH` (or a plain file path) for SQLite, `postgres://…` for PostgreSQL.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // A safety net: no statement holds a connection (and its locks) for more than five
            // minutes, whatever went wrong; bulk loads are chunked well below that.
            let options = PgConnectOptions::from_str(url)?.options([("statement_timeout", "300s")]);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Store::with_pool(Pool::Postgres(pool))
        } else if let Some(path) = sqlite_path(url) {
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // WAL with NORMAL is durable across application crashes; a power cut may lose
                // the last transactions but never corrupts the file.
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Store::with_pool(Pool::Sqlite(pool))
        } else {
            return Err(StoreError::UnsupportedUrl {
                url: url.to_owned(),
            });
        };
        store.migrate().await?;
        reference::sync(&store).await?;
        Ok(store)
    }

    fn with_pool(pool: Pool) -> Self {
        Store {
            pool,
            audit_lock: Default::default(),
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a transaction; see [`Transaction`].
    pub async fn begin(&self) -> Result<Transaction, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Transaction::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => Transaction::Postgres(pool.begin().await?),
        })
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => migrations::sqlite().run(pool).await?,
            Pool::Postgres(pool) => migrations::postgres().run(pool).await?,
        }
        Ok(())
    }

    /// Checks that the database answers (used by the health endpoint).
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Runs a two-column `SELECT code, id …` inside `tx` and returns the map code → id.
    pub(crate) async fn code_ids_in(
        &self,
        tx: &mut Transaction,
        sql: &'static str,
    ) -> Result<std::collections::HashMap<String, model::Id>, StoreError> {
        let rows: Vec<(String, i64)> =
            on_tx!(tx, conn => sqlx::query_as(sql).fetch_all(conn).await?);
        Ok(rows.into_iter().collect())
    }

    /// Closes every connection; pending writes are finished first.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await);
    }
}

/// Creates an empty database `name` on the PostgreSQL server at `admin_url` (for test harnesses
/// and provisioning scripts; `name` must be a plain identifier).
pub async fn create_postgres_database(admin_url: &str, name: &str) -> Result<(), StoreError> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::UnsupportedUrl {
            url: format!("{admin_url} (database name {name:?})"),
        });
    }
    let admin = PgPool::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await?;
    admin.close().await;
    Ok(())
}

/// The file path of a SQLite URL, or `None` when `url` names another database.
fn sqlite_path(url: &str) -> Option<&str> {
    if let Some(rest) = url.strip_prefix("sqlite://") {
        Some(rest)
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        Some(rest)
    } else if url.contains("://") {
        None
    } else {
        Some(url)
    }
}
