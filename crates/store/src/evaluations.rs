//! Evaluation runs (see migration 0005): each published score with the framework, methods,
//! parameters and input snapshot it was computed from. The texts (TOML, JSON) are prepared by
//! the analytics layer and kept verbatim, so a run reads back byte for byte on either backend.

use model::Id;
use serde::Serialize;
use sqlx::Row;

use crate::{Store, StoreError, on_pool};

/// Everything stored about one run.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationRunRow {
    pub framework_id: String,
    pub framework_version: String,
    /// SHA-256 of the framework as run.
    pub framework_digest: String,
    /// The framework as run, TOML.
    pub framework: String,
    pub unit_kind: String,
    pub year: u16,
    /// The methods of each step, JSON.
    pub methods: String,
    /// Other parameters of the run (dropped indicators, periods covered …), JSON.
    pub parameters: String,
    pub units: i64,
    pub input_digest: String,
    /// The dataset the engine ran on, JSON.
    pub input_snapshot: String,
    pub result_digest: String,
    /// Scores, ranks, grades and explanations, JSON.
    pub results: String,
    /// The engine's run record, JSON.
    pub record: String,
    pub engine: String,
    /// ISO 8601 UTC.
    pub created_at: String,
    pub actor: Option<String>,
}

/// A run as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationRunSummary {
    pub id: Id,
    pub framework_id: String,
    pub framework_version: String,
    pub framework_digest: String,
    pub unit_kind: String,
    pub year: u16,
    pub units: i64,
    pub input_digest: String,
    pub result_digest: String,
    pub engine: String,
    pub created_at: String,
    pub actor: Option<String>,
}

const SUMMARY_COLUMNS: &str = "id, framework_id, framework_version, framework_digest, unit_kind, \
     year, units, input_digest, result_digest, engine, created_at, actor";

type SummaryTuple = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn year(y: i64) -> Result<u16, StoreError> {
    u16::try_from(y).map_err(|e| StoreError::corrupt("evaluation year", y, e))
}

fn summary(r: SummaryTuple) -> Result<EvaluationRunSummary, StoreError> {
    Ok(EvaluationRunSummary {
        id: r.0,
        framework_id: r.1,
        framework_version: r.2,
        framework_digest: r.3,
        unit_kind: r.4,
        year: year(r.5)?,
        units: r.6,
        input_digest: r.7,
        result_digest: r.8,
        engine: r.9,
        created_at: r.10,
        actor: r.11,
    })
}

impl Store {
    /// Stores a run; returns its id.
    pub async fn insert_evaluation_run(&self, run: &EvaluationRunRow) -> Result<Id, StoreError> {
        let id: (i64,) = on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO evaluation_run (framework_id, framework_version, framework_digest, framework, \
                 unit_kind, year, methods, parameters, units, input_digest, input_snapshot, result_digest, \
                 results, record, engine, created_at, actor) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
            )
            .bind(&run.framework_id)
            .bind(&run.framework_version)
            .bind(&run.framework_digest)
            .bind(&run.framework)
            .bind(&run.unit_kind)
            .bind(i64::from(run.year))
            .bind(&run.methods)
            .bind(&run.parameters)
            .bind(run.units)
            .bind(&run.input_digest)
            .bind(&run.input_snapshot)
            .bind(&run.result_digest)
            .bind(&run.results)
            .bind(&run.record)
            .bind(&run.engine)
            .bind(&run.created_at)
            .bind(&run.actor)
            .fetch_one(pool)
            .await?
        });
        Ok(id.0)
    }

    /// Stored runs, newest first; only those of `framework` when given.
    pub async fn list_evaluation_runs(
        &self,
        framework: Option<&str>,
    ) -> Result<Vec<EvaluationRunSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM evaluation_run \
             WHERE ($1 IS NULL OR framework_id = $1) ORDER BY id DESC"
        );
        let rows: Vec<SummaryTuple> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(framework)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(summary).collect()
    }

    /// One stored run, whole.
    pub async fn evaluation_run(
        &self,
        id: Id,
    ) -> Result<Option<(Id, EvaluationRunRow)>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, framework, methods, parameters, input_snapshot, results, record \
             FROM evaluation_run WHERE id = $1"
        );
        let row = on_pool!(self, pool => {
            let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await? else {
                return Ok(None);
            };
            let text = |column: &str| row.try_get::<String, _>(column);
            let head: SummaryTuple = sqlx::FromRow::from_row(&row)?;
            (
                head,
                [
                    text("framework")?,
                    text("methods")?,
                    text("parameters")?,
                    text("input_snapshot")?,
                    text("results")?,
                    text("record")?,
                ],
            )
        });
        let (
            head,
            [
                framework,
                methods,
                parameters,
                input_snapshot,
                results,
                record,
            ],
        ) = row;
        let head = summary(head)?;
        Ok(Some((
            head.id,
            EvaluationRunRow {
                framework_id: head.framework_id,
                framework_version: head.framework_version,
                framework_digest: head.framework_digest,
                framework,
                unit_kind: head.unit_kind,
                year: head.year,
                methods,
                parameters,
                units: head.units,
                input_digest: head.input_digest,
                input_snapshot,
                result_digest: head.result_digest,
                results,
                record,
                engine: head.engine,
                created_at: head.created_at,
                actor: head.actor,
            },
        )))
    }
}
