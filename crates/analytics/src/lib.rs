//! The loaders between the store and the pure engines: each module reads what one engine needs
//! from the store, builds its columnar inputs, and keeps the names that turn engine labels back
//! into things people recognise (chain names, region names, enterprise names). The server and the
//! CLI both go through here, so a figure is computed the same way wherever it is shown.
//!
//! Architecture invariant: no SQL (that is the store's), no arithmetic on the figures themselves
//! (that is the engines'); only loading, indexing and naming.

pub mod monitoring;
pub mod relatedness;
pub mod table;

/// Why engine inputs could not be built from the store.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Monitor(#[from] monitor::MonitorError),
    #[error(
        "the database holds no observations yet: import some (chainchief import observations …) or load the demo"
    )]
    NoObservations,
    #[error("stored value {value:?} is invalid: {reason}")]
    Corrupt { value: String, reason: String },
    #[error(transparent)]
    Relate(#[from] relate::RelateError),
    #[error(transparent)]
    Network(#[from] risk::NetworkError),
    #[error(transparent)]
    Structure(#[from] risk::structure::StructureError),
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
    #[error("no chain {0:?} in the database")]
    UnknownChain(String),
    #[error("reference table row {row}: {reason}")]
    Reference { row: usize, reason: String },
}
