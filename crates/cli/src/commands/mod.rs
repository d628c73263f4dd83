//! One module per subcommand (or group of subcommands), plus what they share.

pub mod demo;
pub mod init;
pub mod serve;
pub mod evaluate;
pub mod version;

mod shared;
