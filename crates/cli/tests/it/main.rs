//! Integration tests of the `chainchief` binary (one test binary, one module per command group).

// Test helpers outside #[test] functions may unwrap too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod risk;
