//! Integration tests of the `chainchief` binary (one test binary: link time dominates).

mod evaluate;
mod monitor;
mod relate;
mod rules;
mod support;
