//! One module per subcommand (or group of subcommands), plus what they share.

pub mod audit;
pub mod demo;
pub mod evaluate;
pub mod ingest;
pub mod init;
pub mod monitor;
pub mod relate;
pub mod risk;
pub mod rules;
pub mod serve;
pub mod token;
pub mod user;
pub mod version;

mod shared;
