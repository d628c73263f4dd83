//! Integration tests of the risk engine (one binary: link time dominates on 2 cores).

// Test helpers outside #[test] functions may unwrap too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod fixtures;
mod golden;
mod io_peer;
mod peer;
mod properties;
mod scenario;
mod structure;
