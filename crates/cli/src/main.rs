//! `chainchief`: a thin layer of argument parsing over the library crates. Each subcommand lives
//! in its own module under `commands/`; this file only routes and turns errors into one line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

/// chainchief — the service platform for key manufacturing industrial chains.
#[derive(Debug, Parser)]
#[command(name = "chainchief", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print version, build and reference-data information.
    Version,
    /// Risk assessment from your own files: ESRI, input-output linkages.
    Risk(commands::risk::RiskArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Version => commands::version::run(),
        Command::Risk(args) => commands::risk::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One clear line, no backtrace: `{:#}` joins the context chain with ": ".
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
