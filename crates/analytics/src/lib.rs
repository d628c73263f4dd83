//! The loaders between the store and the pure engines: each module reads what one engine needs
//! from the store, builds its columnar inputs, and keeps the names that turn engine labels back
//! into things people recognise (chain names, region names, enterprise names). The server and the
//! CLI both go through here, so a figure is computed the same way wherever it is shown.
//!
//! Architecture invariant: no SQL (that is the store's), no arithmetic on the figures themselves
//! (that is the engines'); only loading, indexing and naming.

pub mod eligibility;
pub mod evaluation;
pub mod monitoring;
pub mod relatedness;
pub mod risk;
pub mod table;

/// Why engine inputs could not be built from the store.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Monitor(#[from] monitor::MonitorError),
    #[error(transparent)]
    Rules(#[from] rules::RuleError),
    #[error("no chain has the code {code:?}")]
    UnknownChain { code: String },
    #[error(transparent)]
    Evaluation(#[from] evaluation::EvaluationError),
    #[error(
        "the database holds no observations yet: import some (chainchief import observations …) or load the demo"
    )]
    NoObservations,
    #[error("stored value {value:?} is invalid: {reason}")]
    Corrupt { value: String, reason: String },
    #[error("{what} {key:?} is not in the database")]
    NotFound { what: &'static str, key: String },
    #[error(transparent)]
    Network(#[from] ::risk::NetworkError),
    #[error(transparent)]
    Esri(#[from] ::risk::EsriError),
    #[error(transparent)]
    Scenario(#[from] ::risk::scenario::ScenarioError),
    #[error(transparent)]
    ChainReport(#[from] ::risk::structure::ChainReportError),
    #[error(
        "no supply links are stored{}: import some (chainchief import links …) or load the demo",
        year.map_or(String::new(), |y| format!(" for {y}"))
    )]
    NoSupplyLinks { year: Option<u16> },
    #[error(
        "enterprise {uscc}: industry {industry} is not in the essentiality matrix, nor is any level above it; the matrix must cover every industry in the database"
    )]
    UnmappedIndustry { uscc: String, industry: String },
    #[error("the scenario shocks no enterprise: {what}")]
    EmptyScenario { what: String },
    #[error("capacity {value} is outside [0, 1): 0 shuts a firm down, 0.5 keeps half its output")]
    BadCapacity { value: f64 },
    #[error(transparent)]
    Relate(#[from] relate::RelateError),
    #[error(transparent)]
    Structure(#[from] ::risk::structure::StructureError),
    #[error("no local enterprise reported {indicator} in {year}")]
    NoData { indicator: String, year: u16 },
    #[error("{what} {value:?}: {rule}")]
    Invalid {
        what: &'static str,
        value: String,
        rule: String,
    },
    #[error("{level} {code}: {reason}")]
    UnknownLocation {
        level: &'static str,
        code: String,
        reason: String,
    },
    #[error("reference table row {row}: {reason}")]
    Reference { row: usize, reason: String },
}
