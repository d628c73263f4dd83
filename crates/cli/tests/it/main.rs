//! Integration tests of the `chainchief` binary.

mod rules;
