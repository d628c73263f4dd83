//! Relatedness (承接产业转移, 产业链招商) on stored data: the location × industry table of one
//! year built from local enterprises' monthly reports, complexity and relatedness computed on it
//! by the `relate` engine, and what people act on — recommendations per county or park under a
//! strategy profile, the quadrant view, related and unrelated variety, the industry gradient
//! coefficient, and chain-gap investment targets with the parks that fit them.
//!
//! Flow: [`RelatednessData::load`] (store → table → `relate::Complexity`) then the views on it
//! ([`RelatednessData::recommend`], [`RelatednessData::quadrants`],
//! [`RelatednessData::variety`]) and [`chain_targets`]; [`gradient`] loads output and
//! employment on its own. Every result is a serde struct; [`tables`] turns them into
//! [`crate::table::Table`]s.
//!
//! # The national reference
//! Relatedness is measured best on the national problem (every county of China × every
//! GB/T 4754 class: which industries co-locate across the country), but a provincial platform
//! stores only its own province. A province should therefore obtain a national county × class
//! table of the same indicator and year (e.g. from the economic census or the statistics
//! bureau's enterprise extract: columns location = GB/T 2260 county code, industry = GB/T 4754
//! code, value in yuan) and pass it as [`ReferenceRow`]s: its own counties' rows are ignored
//! (the stored, more current figures stand for them), the other provinces' counties join the
//! table, and proximity, PCI and density then follow national patterns while recommendations
//! are still made for the province's own places. Without a reference the measures describe the
//! province alone, which with ~100 counties is a small sample.

mod gradient;
mod registry;
mod table;
pub mod tables;
mod targets;
mod views;

pub use gradient::{GradientRow, GradientSpec, GradientTable, gradient};
pub use registry::{LocationLevel, industry_at, table_year};
pub use table::{ReferenceRow, RelatednessData, TableSpec, industry_name};
pub use targets::{
    ChainTargets, GapTargets, ParkFitRow, SIZE_INDICATOR, SizeBasis, TargetRow, TargetSpec,
    chain_targets,
};
pub use views::{
    Place, QuadrantRow, QuadrantView, RecommendationRow, Recommendations, RelatedIndustry,
    VarietyRow, quadrant_name, strategy_name,
};
