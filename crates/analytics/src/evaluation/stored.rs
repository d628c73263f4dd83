//! Stored runs: a run is kept with the framework as run (TOML), its methods, parameters, the
//! dataset itself and the engine's record (JSON), so that a published score can be re-run from
//! the store bit for bit, whatever was imported since.

use evaluate::{Dataset, Framework, Reproduction, RunRecord};
use model::Id;
use serde::{Deserialize, Serialize};
use store::{EvaluationRunRow, Store};

use super::EvaluationError;
use super::load::DroppedIndicator;
use super::report::{EvaluationReport, EvaluationRun};
use crate::AnalyticsError;

/// The parameters of a run besides its methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunParameters {
    pub year: u16,
    /// First and last reporting period of the year the data covered.
    pub periods: [String; 2],
    /// Indicators left out for lack of data, with why.
    pub dropped: Vec<DroppedIndicator>,
    /// The methods were an analyst's, not the framework's own.
    pub methods_overridden: bool,
    pub warnings: Vec<String>,
}

/// A run read back from the store.
#[derive(Debug, Clone)]
pub struct StoredRun {
    pub id: Id,
    pub created_at: String,
    pub actor: Option<String>,
    /// The framework as run (without the dropped indicators).
    pub framework: Framework,
    pub dataset: Dataset,
    pub record: RunRecord,
    pub parameters: RunParameters,
    pub report: EvaluationReport,
}

impl StoredRun {
    /// Display names of the dataset's units.
    pub fn names(&self) -> Vec<String> {
        self.dataset
            .units()
            .iter()
            .map(|code| {
                self.report
                    .units
                    .iter()
                    .find(|u| &u.code == code)
                    .map_or_else(|| code.clone(), |u| u.name.clone())
            })
            .collect()
    }
}

fn json<T: Serialize>(value: &T) -> Result<String, AnalyticsError> {
    serde_json::to_string(value).map_err(|e| AnalyticsError::Corrupt {
        value: "evaluation run".into(),
        reason: e.to_string(),
    })
}

/// Stores `run`; returns its id. `created_at` is an ISO 8601 UTC time, `actor` who ran it.
pub async fn store_run(
    store: &Store,
    run: &EvaluationRun,
    actor: Option<&str>,
    created_at: &str,
) -> Result<Id, AnalyticsError> {
    let record = &run.evaluation.record;
    let parameters = RunParameters {
        year: run.input.year,
        periods: run.report.periods.clone(),
        dropped: run.input.dropped.clone(),
        methods_overridden: run.methods != run.effective.methods,
        warnings: run.report.warnings.clone(),
    };
    let row = EvaluationRunRow {
        framework_id: run.effective.id.clone(),
        framework_version: run.effective.version.clone(),
        framework_digest: record.framework_digest.clone(),
        framework: run.effective.to_toml()?,
        unit_kind: run.effective.unit_kind.clone(),
        year: run.input.year,
        methods: json(&run.methods)?,
        parameters: json(&parameters)?,
        units: run.input.dataset.n_units() as i64,
        input_digest: record.input_digest.clone(),
        input_snapshot: json(&run.input.dataset)?,
        result_digest: record.result_digest.clone(),
        results: json(&run.report)?,
        record: json(record)?,
        engine: record.engine.clone(),
        created_at: created_at.to_owned(),
        actor: actor.map(str::to_owned),
    };
    Ok(store.insert_evaluation_run(&row).await?)
}

fn read<T: for<'de> Deserialize<'de>>(
    id: Id,
    what: &'static str,
    text: &str,
) -> Result<T, AnalyticsError> {
    serde_json::from_str(text).map_err(|e| {
        EvaluationError::StoredRun {
            id,
            what,
            reason: e.to_string(),
        }
        .into()
    })
}

/// Reads run `id` back.
pub async fn stored_run(store: &Store, id: Id) -> Result<StoredRun, AnalyticsError> {
    let (id, row) = store
        .evaluation_run(id)
        .await?
        .ok_or(EvaluationError::RunNotFound(id))?;
    let framework =
        Framework::from_toml(&row.framework).map_err(|e| EvaluationError::StoredRun {
            id,
            what: "the framework",
            reason: e.to_string(),
        })?;
    Ok(StoredRun {
        id,
        framework,
        dataset: read(id, "the input snapshot", &row.input_snapshot)?,
        record: read(id, "the run record", &row.record)?,
        parameters: read(id, "the parameters", &row.parameters)?,
        report: read(id, "the results", &row.results)?,
        created_at: row.created_at,
        actor: row.actor,
    })
}

/// Re-runs a stored run from its own snapshot; `identical` says whether engine, framework, input
/// and every result came out bit for bit the same.
pub fn reproduce(run: &StoredRun) -> Result<Reproduction, AnalyticsError> {
    Ok(evaluate::reproduce(
        &run.record,
        &run.framework,
        &run.dataset,
    )?)
}
