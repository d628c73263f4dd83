//! Integration tests of the monitor crate (one binary: link time dominates on small machines).

#[path = "../../examples/rollup_bench/bench_files.rs"]
#[allow(dead_code)]
mod bench_files;
mod peer_duckdb;
