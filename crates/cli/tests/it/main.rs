//! Integration tests of the `chainchief` binary (one test binary: link time dominates).

mod evaluate;
mod ingest;
mod rules;
