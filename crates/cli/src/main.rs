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
    /// Make a demo province (modelled on Shanxi), load it and serve it at http://127.0.0.1:8080.
    Demo(commands::demo::DemoArgs),
    /// Serve the web UI and the API over a database.
    Serve(commands::serve::ServeArgs),
    /// Create a database or bring its schema up to date.
    Init(commands::init::InitArgs),
    /// Print version, build and reference-data information.
    Version,
    /// Composite indicators and their sensitivity analysis (COINr semantics).
    Evaluate {
        #[command(subcommand)]
        command: commands::evaluate::EvaluateCommand,
    },
    /// Eligibility rules for tiered titles and chain roles: screen enterprises, list rule sets.
    Rules {
        #[command(subcommand)]
        command: commands::rules::RulesCommand,
    },
    /// Operation monitoring: rollups with 当月/累计 and 同比, contributions, warnings, targets.
    Monitor {
        #[command(subcommand)]
        command: commands::monitor::MonitorCommand,
    },
    /// Specialisation, complexity and relatedness of a location × industry table.
    Relate(commands::relate::RelateArgs),
    /// Risk assessment: chain risk reports, what-if scenarios and ESRI rankings over the
    /// database; ESRI and input-output linkages from your own files.
    Risk(commands::risk::RiskArgs),
    /// Import a CSV or XLSX file (validated row by row; all or nothing).
    Import(commands::ingest::ImportArgs),
    /// Write the XLSX import template of a kind.
    Template(commands::ingest::TemplateArgs),
    /// Export a stored list as XLSX or CSV.
    Export(commands::ingest::ExportArgs),
    /// Accounts: add users bound to their role's scope, list them.
    User {
        #[command(subcommand)]
        command: commands::user::UserCommand,
    },
    /// Bearer tokens for machine clients.
    Token {
        #[command(subcommand)]
        command: commands::token::TokenCommand,
    },
    /// The audit trail: verify its hash chain, export it as CSV.
    Audit {
        #[command(subcommand)]
        command: commands::audit::AuditCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => commands::demo::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Version => commands::version::run(),
        Command::Evaluate { command } => commands::evaluate::run_command(command),
        Command::Rules { command } => commands::rules::run(command),
        Command::Monitor { command } => commands::monitor::run(command),
        Command::Relate(args) => commands::relate::run(args),
        Command::Risk(args) => commands::risk::run(args),
        Command::Import(args) => commands::ingest::import(args),
        Command::Template(args) => commands::ingest::template(args),
        Command::Export(args) => commands::ingest::export(args),
        Command::User { command } => commands::user::run(command),
        Command::Token { command } => commands::token::run(command),
        Command::Audit { command } => commands::audit::run(command),
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
