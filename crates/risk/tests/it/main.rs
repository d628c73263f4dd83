//! Integration tests of the risk engine (one binary: link time dominates on 2 cores).

mod fixtures;
mod golden;
mod io_peer;
mod peer;
mod properties;
mod scenario;
mod structure;
