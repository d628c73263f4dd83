//! Integration tests of the rules crate: band edges, conditions, direct routes, worked examples,
//! version selection, missing data, gaps, rule files, screening and pipelines.

// Test helpers outside `#[test]` functions unwrap too: a panic is the failure report here.
#![allow(clippy::unwrap_used)]

mod bands;
mod common;
mod conditions;
mod files;
mod gaps;
mod missing;
mod properties;
mod routes;
mod screening;
mod versions;
mod worked;
