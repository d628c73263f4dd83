//! Integration tests of the `chainchief` binary (one test binary: link time dominates).

mod evaluate;
mod monitor;
mod relate;
mod risk;
mod rules;
mod support;
