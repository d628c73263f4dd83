//! Integration tests of the `chainchief` binary: one module per subcommand group.

mod relate;
