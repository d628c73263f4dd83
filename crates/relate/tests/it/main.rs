//! Integration tests of the relate engine: one binary, one module per concern.

// Helpers outside #[test] functions panic on a broken fixture or generator by design.
#![allow(clippy::unwrap_used)]

mod common;
mod degenerate;
mod golden;
mod peer;
mod properties;
mod recommend;
mod reference;
