//! Data in and out of chainchief as spreadsheets: CSV and XLSX import with validation and
//! row-level reports in Chinese and English, import templates, and the table writer every export
//! uses.
//!
//! # Architecture
//!
//! ```text
//! bytes ─ source::read ─(rows of cells)→ header::HeaderFinder ─(layout)→ records::Reader ─→ Records + Report
//!          csv_reader / xlsx_reader            aliases, units, wide columns     row::Row, observations      (parse.rs)
//!                                                                                     │
//!                              commit: one transaction per batch, or a `rejected` batch record ─→ store
//! ```
//!
//! * Readers ([`csv_reader`], [`xlsx_reader`]) turn bytes into rows of [`cell::Cell`]s under hard
//!   [`Limits`]; what they will not read is a [`Refusal`], never a panic.
//! * [`parse`] validates every row of a file against the keys already stored and lists every
//!   problem as an [`report::Issue`]; it does no I/O, so the fuzz targets drive it directly.
//! * [`import_bytes`] is the whole import: validate everything first, then write the batch in one
//!   transaction, or write nothing and record the batch as rejected.
//! * [`table`] is the writer for any table handed to a user (XLSX and CSV), [`template`] and
//!   [`export`] build on it.
//!
//! Architecture invariant: the only I/O is the database, through `store` (no files, no clock
//! other than the batch timestamps); SQL lives in `store`.

pub mod cell;
mod commit;
pub mod csv_reader;
pub mod export;
pub mod header;
pub mod kind;
pub mod limits;
pub mod observations;
mod parse;
pub mod records;
pub mod refusal;
pub mod report;
mod row;
pub mod source;
pub mod table;
pub mod template;
pub mod unit;
pub mod xlsx_reader;

use std::sync::Arc;

use model::Id;
use serde::Serialize;

pub use kind::Kind;
pub use limits::Limits;
pub use parse::{Parsed, parse};
pub use refusal::Refusal;
pub use report::{Issue, Problem, Report, Severity, Written};

/// Reports progress: stage (`read`, `write`), units done, units in the stage.
pub type Progress = Arc<dyn Fn(&str, u64, u64) + Send + Sync>;

/// How to import a file. `Default` reads the first visible sheet and writes the batch.
#[derive(Clone, Default)]
pub struct ImportOptions {
    /// Worksheet to read (XLSX); the first visible one when `None`.
    pub sheet: Option<String>,
    /// Validate and report, write nothing (not even a batch record).
    pub dry_run: bool,
    /// Read January and February as calendar months and combine them into 1–2月 (see
    /// [`observations`]); otherwise January alone is refused under the NBS rule.
    pub combine_jan_feb: bool,
    /// Observations wide by period: the indicator of every value (code or name).
    pub indicator: Option<String>,
    /// Observations wide by indicator: the period of every value.
    pub period: Option<String>,
    /// Unit of values whose cell, row and header give none.
    pub unit: Option<String>,
    /// Year of periods written without one (`3月`, `1-2月`).
    pub year: Option<u16>,
    /// Who imports (recorded with the batch).
    pub actor: Option<String>,
    pub limits: Limits,
    pub progress: Option<Progress>,
    /// Fault injection for crash-safety tests: write the whole batch, then drop the transaction
    /// instead of committing it, as a crash would.
    #[doc(hidden)]
    pub abort_before_commit: bool,
}

impl std::fmt::Debug for ImportOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("sheet", &self.sheet)
            .field("dry_run", &self.dry_run)
            .field("combine_jan_feb", &self.combine_jan_feb)
            .field("indicator", &self.indicator)
            .field("period", &self.period)
            .field("unit", &self.unit)
            .field("year", &self.year)
            .field("actor", &self.actor)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// What happened to the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Written in one transaction.
    Committed,
    /// Refused or invalid: nothing written; the batch is recorded as rejected (unless dry run).
    Rejected,
    /// Valid; nothing written because of `dry_run`.
    DryRun,
}

/// The result of [`import_bytes`]: the outcome, the batch it was recorded under, and the report.
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub outcome: Outcome,
    /// The `import_batch` row (committed or rejected); `None` for a dry run.
    pub batch: Option<Id>,
    pub report: Report,
}

/// Failures that are not about the file: the database, the worker thread, an aborted test.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("the import worker failed: {0}")]
    Worker(String),
    #[error("the import was aborted before commit (fault injection)")]
    Aborted,
}

/// Imports one file (`bytes`, named `file_name`; the format comes from the content) of `kind`.
///
/// This is the entry point for the CLI and for the HTTP upload: validation runs on a blocking
/// thread; nothing is written unless every row is valid, and then the batch is one transaction.
/// A bad file is not an error: it comes back as [`Outcome::Rejected`] with the report (refusal or
/// every bad row), and the attempt is recorded in `import_batch`. Errors are for the database or
/// the runtime only.
///
/// ```no_run
/// # async fn handler(store: store::Store, bytes: Vec<u8>) -> Result<(), ingest::IngestError> {
/// let outcome = ingest::import_bytes(
///     &store,
///     ingest::Kind::Observations,
///     "2025年3月规上工业.xlsx",
///     bytes,
///     &ingest::ImportOptions::default(),
/// )
/// .await?;
/// let status = if outcome.outcome == ingest::Outcome::Committed { 200 } else { 422 };
/// let xlsx_report: Vec<u8> = outcome.report.to_xlsx().expect("in-memory workbook");
/// # let _ = (status, xlsx_report);
/// # Ok(()) }
/// ```
pub async fn import_bytes(
    store: &store::Store,
    kind: Kind,
    file_name: &str,
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<ImportOutcome, IngestError> {
    commit::import_bytes(store, kind, file_name, bytes, options).await
}
