//! `evaluate`: composite indicators — the evaluations, assessments and designations that
//! provincial regulations ask for — built the way the OECD/JRC Handbook (2008) and the JRC's COINr
//! 1.1.14 build them, number for number.
//!
//! A run takes a [`Dataset`] (units × indicators), a [`Hierarchy`] (indicators under aggregates,
//! with weights and directions) and [`Methods`] (one method per step) and returns [`Results`]:
//! imputed, treated and normalised values, every aggregate, ranks. On top of a run sit grades with
//! their explanation ([`grade`], [`explain`]), uncertainty and sensitivity analysis
//! ([`sensitivity`]), evaluation frameworks as versioned, user-editable data ([`framework`],
//! read from and written to spreadsheet rows by [`sheet`]), the arithmetic a framework's sources
//! declare, so that store loaders only find figures ([`source`]), and the record that makes a
//! stored run reproducible ([`record`]).
//!
//! Architecture invariant: this crate does no I/O — text in, values out; the caller reads and
//! writes files — holds no clock, and starts no threads except rayon's pool when sensitivity
//! analysis is asked for.

pub mod aggregate;
pub mod dataset;
mod eigen;
pub mod error;
pub mod explain;
pub mod framework;
pub mod grade;
pub mod hierarchy;
pub mod impute;
pub mod normalise;
pub mod pipeline;
pub mod record;
pub mod sample;
pub mod sensitivity;
pub mod sheet;
pub mod source;
mod stats;
mod syntax;
pub mod table;
pub mod treat;
pub mod weights;

pub use aggregate::Aggregation;
pub use dataset::{Dataset, GroupColumn, Matrix};
pub use error::{EvalError, Result};
pub use explain::{Contribution, Explanation, contributions, explain};
pub use framework::{AggregateSpec, Framework, IndicatorSpec, Rollup, Source};
pub use grade::{Band, GradeBasis, Grading};
pub use hierarchy::{Hierarchy, Node};
pub use impute::Imputation;
pub use normalise::Normalisation;
pub use pipeline::{Methods, Results, Stage, Variation, run, run_varied};
pub use record::{ENGINE, Evaluation, Reproduction, RunRecord, reproduce, run_framework};
pub use sample::{Design, SplitMix64};
pub use sensitivity::{
    Analysis, AnalysisResult, Assumption, AssumptionKind, LevelNoise, RankStats, SensitivityIndex,
    analyse, parse_assumptions,
};
pub use stats::rank_descending;
pub use treat::{Treatment, TreatmentOutcome};
pub use weights::Weighting;
