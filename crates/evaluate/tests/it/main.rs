//! Integration tests of the evaluate engine (one binary: link time dominates on 2 cores).

mod fixtures;
mod frameworks;
mod golden;
mod peer;
mod sensitivity;
