//! Monitoring (产业链运行监测) on stored data: the loader and the tables people read.

mod load;
mod tables;

pub use load::{EnterpriseKey, MonitoringData, load, node_label};
pub use tables::{contribution_table, rollup_table, series_table, target_table, warning_table};
