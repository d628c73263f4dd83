//! `chainchief evaluate …`: composite indicators. Analysts with their own data use COINr's table
//! layout (`composite`, `sensitivity --data --meta`); on the database, shipped or user
//! frameworks run for a year (`run`), runs are stored and read back (`runs`, `show`,
//! `reproduce`), ranks are put under sensitivity analysis (`sensitivity --framework`), and
//! frameworks are listed or imported from Excel (`framework`).

mod files;
mod frameworks;
mod sensitivity;
mod stored;

use std::path::Path;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use evaluate::{Aggregation, Framework, Imputation, Methods, Normalisation, Treatment, Weighting};

#[derive(Debug, Subcommand)]
pub enum EvaluateCommand {
    /// Build a composite indicator from your files: treat, normalise, impute, weight, aggregate;
    /// write one stage.
    Composite(Box<files::CompositeArgs>),
    /// Uncertainty and sensitivity analysis (your files, a framework on the database, or a
    /// stored run): first-order and total indices per assumption, rank intervals per unit.
    Sensitivity(Box<sensitivity::SensitivityArgs>),
    /// Run a shipped or user framework on the database for one year: ranking with grades and
    /// explanations; --store keeps the run.
    Run(Box<stored::RunArgs>),
    /// List the stored evaluation runs, newest first.
    Runs(stored::RunsArgs),
    /// A stored run: ranking, explanations, grade distribution or indicators.
    Show(Box<stored::ShowArgs>),
    /// Re-run a stored run from its own input snapshot and say whether it comes out identical.
    Reproduce(stored::ReproduceArgs),
    /// Evaluation frameworks: list the shipped ones, import one from an Excel workbook.
    Framework {
        #[command(subcommand)]
        command: frameworks::FrameworkCommand,
    },
}

pub fn run_command(command: EvaluateCommand) -> Result<()> {
    match command {
        EvaluateCommand::Composite(args) => files::composite(&args),
        EvaluateCommand::Sensitivity(args) => sensitivity::run(&args),
        EvaluateCommand::Run(args) => stored::run(&args),
        EvaluateCommand::Runs(args) => stored::runs(&args),
        EvaluateCommand::Show(args) => stored::show(&args),
        EvaluateCommand::Reproduce(args) => stored::reproduce(&args),
        EvaluateCommand::Framework { command } => frameworks::run(command),
    }
}

/// Methods of each step; when omitted, COINr's defaults for your files, the framework's own on
/// the database.
#[derive(Debug, Args)]
pub struct MethodArgs {
    /// Outlier treatment: none, coinr (winsorise up to 5 points, else log) or coinr:WINMAX
    /// [default: coinr, or the framework's].
    #[arg(long)]
    treat: Option<String>,
    /// Normalisation: minmax:L,U | zscore[:M,S] | rank | borda | prank | dist-max | frac-max |
    /// dist-target[:cap] | goalposts:L,U,S | none [default: minmax:0,100, or the framework's].
    #[arg(long)]
    normalise: Option<String>,
    /// Imputation: none | mean | median | group-mean:COLUMN | group-median:COLUMN [default: none,
    /// or the framework's].
    #[arg(long)]
    impute: Option<String>,
    /// Weights: meta (the declared weights) | equal | pca | entropy [default: meta, or the
    /// framework's].
    #[arg(long)]
    weights: Option<String>,
    /// Aggregation: amean | gmean | hmean | copeland | topsis [default: amean, or the
    /// framework's].
    #[arg(long)]
    aggregate: Option<String>,
}

impl MethodArgs {
    /// `base` with the methods given on the command line.
    fn over(&self, base: &Methods) -> Result<Methods> {
        fn or<T: std::str::FromStr<Err = evaluate::EvalError>>(
            arg: &Option<String>,
            flag: &str,
            base: T,
        ) -> Result<T> {
            match arg {
                Some(text) => text.parse().with_context(|| flag.to_owned()),
                None => Ok(base),
            }
        }
        Ok(Methods {
            treat: or::<Treatment>(&self.treat, "--treat", base.treat)?,
            normalise: or::<Normalisation>(&self.normalise, "--normalise", base.normalise)?,
            impute: or::<Imputation>(&self.impute, "--impute", base.impute.clone())?,
            weights: or::<Weighting>(&self.weights, "--weights", base.weights.clone())?,
            aggregate: or::<Aggregation>(&self.aggregate, "--aggregate", base.aggregate)?,
        })
    }

    /// True when any method was given.
    fn any(&self) -> bool {
        [
            &self.treat,
            &self.normalise,
            &self.impute,
            &self.weights,
            &self.aggregate,
        ]
        .iter()
        .any(|m| m.is_some())
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// A shipped framework by id, or a framework file (TOML).
fn framework(id_or_file: &str) -> Result<Framework> {
    let path = Path::new(id_or_file);
    if path.exists() || id_or_file.ends_with(".toml") {
        let text = read(path)?;
        return Framework::from_toml(&text).with_context(|| path.display().to_string());
    }
    analytics::evaluation::shipped(id_or_file).with_context(|| {
        let ids: Vec<String> = evaluate::framework::defaults()
            .map(|all| all.into_iter().map(|f| f.id).collect())
            .unwrap_or_default();
        format!(
            "--framework {id_or_file}: not a file; shipped frameworks are {}",
            ids.join(", ")
        )
    })
}
