//! Integration tests of the importer (one test binary: link time dominates on 2 cores).

#![allow(clippy::unwrap_used)] // test helpers: a failure should stop the test where it happens

mod batches;
mod common;
mod corpus;
mod layouts;
mod properties;
mod roundtrip;
