//! Monitoring (产业链运行监测) on stored data: the loader and the tables people read.

mod load;
mod tables;
mod targets;

pub use load::{
    EnterpriseKey, KEY_CHAIN_MEMBERS, KEY_CHAINS, MonitoringData, load, load_with, node_label,
};
pub use tables::{contribution_table, rollup_table, series_table, target_table, warning_table};
pub use targets::target_progress;
