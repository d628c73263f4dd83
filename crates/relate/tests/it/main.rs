//! Integration tests of the relate engine: one binary, one module per concern.

mod common;
mod golden;
mod peer;
