//! Risk assessment (产业链风险评估) on stored data: the loader that builds the `risk` engine's
//! inputs from the store (the supply network of a year over dense enterprise indices, each
//! firm's industry mapped to the essentiality matrix, every chain map with its memberships), and
//! what runs on them — a chain's risk report with its most systemic firms, ESRI rankings,
//! what-if scenarios — with tables for people to read.
//!
//! A handler or a command loads once ([`load`], async) and then computes (plain functions over
//! [`RiskData`], returning serde-serialisable results).

mod chain;
mod load;
mod scenario;
mod systemic;
mod tables;

pub use chain::{ChainRisk, Explanation, chain_input, chain_report, finding_firm, finding_node};
pub use load::{
    MatrixSource, RiskChain, RiskData, RiskFirm, RiskNode, load, load_within, matrix_row,
};
pub use scenario::{
    FirmOutcome, GroupOutcome, GroupingOutcome, ScenarioOutcome, ScenarioSpec, ShockTarget,
    scenario,
};
pub use systemic::{SystemicEntry, scope_firms, systemic};
pub use tables::{
    findings_table, nodes_table, report_systemic_table, scenario_groups_table, scenario_hits_table,
    scenario_summary_table, systemic_table,
};
