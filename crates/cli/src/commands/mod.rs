//! One module per subcommand (or group of subcommands).

pub mod evaluate;
pub mod version;
