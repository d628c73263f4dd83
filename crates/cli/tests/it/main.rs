//! Integration tests of the `chainchief` binary (one test binary: link time dominates).

#![allow(clippy::unwrap_used)] // a failed step should stop the test where it happens

mod access;
mod evaluate;
mod ingest;
mod monitor;
mod relate;
mod risk;

mod rules;
mod schemathesis;
mod support;
