//! Integration tests of the importer (one test binary: link time dominates on 2 cores).

mod batches;
mod common;
mod corpus;
mod layouts;
mod roundtrip;
