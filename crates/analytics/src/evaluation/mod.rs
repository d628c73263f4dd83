//! Evaluations on stored data (跟踪评价, annual assessments, designations): a framework of the
//! `evaluate` engine — a shipped default or a user's file — run for one year on what the store
//! holds, its results named and explained, stored with everything needed to reproduce them, and
//! its ranks put under sensitivity analysis.
//!
//! - [`load`] builds the framework's dataset: its units (key chains, cities, professional towns,
//!   chain-masters, local enterprises …, see `units`) and one column per indicator, found through
//!   the indicator's source (`sources`): monthly figures rolled up by the monitoring engine
//!   (growth on its comparable set), filed facts, register flags, designations, the year's supply
//!   links, the chain map. An indicator no unit has data for — the store does not hold it yet, or
//!   not for this year — is listed in [`EvaluationInput::dropped`] with the reason, never
//!   invented; a unit without an indicator the framework marks `required` (a land area for
//!   per-mu benefit) is listed in [`EvaluationInput::not_evaluated`] instead of being scored on
//!   the rest.
//! - [`run`] runs the engine on the framework without the dropped indicators
//!   (`Framework::without`: their weight goes to their siblings) and returns an
//!   [`EvaluationReport`]: score, rank, grade, dimension scores, missing indicators and the
//!   contribution of each indicator for every unit.
//! - [`store_run`] keeps the run (framework as run, methods, parameters, the dataset itself,
//!   results, the engine's record); [`stored_run`] and [`reproduce`] read it back and re-run it
//!   bit for bit.
//! - [`sensitivity`] gives per-assumption indices and per-unit rank intervals.
//!
//! The tables front ends print are in [`tables`].

mod load;
mod report;
mod sensitivity;
mod sources;
mod stored;
pub mod tables;
mod units;

pub use load::{DroppedIndicator, EvaluationInput, UnitNotEvaluated, load};
pub use report::{
    EvaluationReport, EvaluationRun, GradeCount, IndicatorReport, NodeScore, UnitContribution,
    UnitResult, run,
};
pub use sensitivity::{RankInterval, SensitivityReport, sensitivity};
pub use stored::{RunParameters, StoredRun, reproduce, store_run, stored_run};

use crate::AnalyticsError;

/// Why an evaluation could not be run or read back.
#[derive(Debug, thiserror::Error)]
pub enum EvaluationError {
    #[error(transparent)]
    Engine(#[from] evaluate::EvalError),
    #[error(
        "unit_kind {kind:?} with unit_set {set:?} is not a set of units the store loader knows (see crates/evaluate/frameworks/README.md, \"Units\")"
    )]
    UnitSet { kind: String, set: Option<String> },
    #[error(
        "the data covers {first} to {last}: {year} has no reporting periods from 1–2月 on, so it cannot be evaluated"
    )]
    YearNotCovered {
        year: u16,
        first: String,
        last: String,
    },
    #[error("framework {framework} has no units to evaluate in {year}")]
    NoUnits { framework: String, year: u16 },
    #[error("no indicator of {framework} has data for {year}: {reasons}")]
    NothingToScore {
        framework: String,
        year: u16,
        reasons: String,
    },
    #[error("no shipped framework has the id {0:?}")]
    UnknownFramework(String),
    #[error("evaluation run {0} does not exist")]
    RunNotFound(model::Id),
    #[error("stored evaluation run {id}: {what} cannot be read: {reason}")]
    StoredRun {
        id: model::Id,
        what: &'static str,
        reason: String,
    },
}

impl From<evaluate::EvalError> for AnalyticsError {
    fn from(e: evaluate::EvalError) -> Self {
        AnalyticsError::Evaluation(EvaluationError::Engine(e))
    }
}

/// A shipped default framework by id (`per-mu-benefit`, `chain-master-annual` …).
pub fn shipped(id: &str) -> Result<evaluate::Framework, AnalyticsError> {
    evaluate::framework::defaults()?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| EvaluationError::UnknownFramework(id.to_owned()).into())
}
