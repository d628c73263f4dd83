//! `chainchief evaluate …`: composite indicators and their sensitivity analysis for analysts with
//! their own data, in COINr's table layout (data.csv + meta.csv as in COINr's ASEM example).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use evaluate::table::{self, Meta};
use evaluate::{
    Aggregation, Analysis, Assumption, Dataset, Design, Imputation, Methods, Normalisation, Stage,
    Treatment, Weighting, analyse, parse_assumptions, run,
};

#[derive(Debug, Subcommand)]
pub enum EvaluateCommand {
    /// Build a composite indicator: treat, normalise, impute, weight, aggregate; write one stage.
    Composite(Box<CompositeArgs>),
    /// Uncertainty and sensitivity analysis: first-order and total indices per assumption, rank
    /// statistics per unit.
    Sensitivity(Box<SensitivityArgs>),
}

#[derive(Debug, Args)]
pub struct Inputs {
    /// Indicator data, one row per unit: `uCode`, group columns, indicator columns (`NA` = missing).
    #[arg(long)]
    data: PathBuf,
    /// Indicator metadata: `iCode`, `Parent`, `Level`, `Weight`, `Direction`, `Type` (+ `Target`).
    #[arg(long)]
    meta: PathBuf,
}

/// The nominal methods; the defaults are COINr's.
#[derive(Debug, Args)]
pub struct MethodArgs {
    /// Outlier treatment: none, coinr (winsorise up to 5 points, else log) or coinr:WINMAX.
    #[arg(long, default_value = "coinr")]
    treat: String,
    /// Normalisation: minmax:L,U | zscore[:M,S] | rank | borda | prank | dist-max | frac-max |
    /// dist-target[:cap] | goalposts:L,U,S | none.
    #[arg(long, default_value = "minmax:0,100")]
    normalise: String,
    /// Imputation: none | mean | median | group-mean:COLUMN | group-median:COLUMN.
    #[arg(long, default_value = "none")]
    impute: String,
    /// Weights: meta (the Weight column) | equal | pca | entropy.
    #[arg(long, default_value = "meta")]
    weights: String,
    /// Aggregation: amean | gmean | hmean | copeland | topsis.
    #[arg(long, default_value = "amean")]
    aggregate: String,
}

impl MethodArgs {
    fn methods(&self) -> Result<Methods> {
        Ok(Methods {
            treat: self.treat.parse::<Treatment>().context("--treat")?,
            normalise: self
                .normalise
                .parse::<Normalisation>()
                .context("--normalise")?,
            impute: self.impute.parse::<Imputation>().context("--impute")?,
            weights: self.weights.parse::<Weighting>().context("--weights")?,
            aggregate: self
                .aggregate
                .parse::<Aggregation>()
                .context("--aggregate")?,
        })
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StageArg {
    Imputed,
    Treated,
    Normalised,
    Aggregated,
}

#[derive(Debug, Args)]
pub struct CompositeArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    methods: MethodArgs,
    /// Which stage to write.
    #[arg(long, value_enum, default_value = "aggregated")]
    stage: StageArg,
    /// Output CSV: `uCode`, then one column per indicator or aggregate, 17 significant digits.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DesignArg {
    Sensitivity,
    Uncertainty,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    methods: MethodArgs,
    /// An uncertain assumption, repeatable: treat=none|coinr, normalise=minmax:1,100|zscore:10,2,
    /// impute=…, weights=meta|equal, aggregate=amean|gmean, exclude=none|CODE|CODE+CODE,
    /// noise=LEVEL:FACTOR[,LEVEL:FACTOR]/SETS, weight:CODE=LOWER..UPPER.
    #[arg(long = "vary", value_name = "SPEC")]
    vary: Vec<String>,
    /// A TOML file of `[[assumption]]` tables (added after the --vary ones).
    #[arg(long)]
    assumptions: Option<PathBuf>,
    /// Sample size N: N(d + 2) runs for a sensitivity analysis, N for an uncertainty analysis.
    #[arg(long, default_value_t = 1000)]
    n: usize,
    /// Seed of the SplitMix64 sample (same seed, same numbers).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// sensitivity: N(d + 2) runs, indices and rank statistics; uncertainty: N runs, rank
    /// statistics only.
    #[arg(long, value_enum, default_value = "sensitivity")]
    design: DesignArg,
    /// Code whose ranks are followed (default: the index).
    #[arg(long)]
    target: Option<String>,
    /// Output CSV of Si and STi per assumption (sensitivity design only).
    #[arg(long)]
    out_indices: Option<PathBuf>,
    /// Output CSV of rank statistics per unit: nominal, mean, median, 5 % and 95 % rank.
    #[arg(long)]
    out_ranks: PathBuf,
}

pub fn run_command(command: EvaluateCommand) -> Result<()> {
    match command {
        EvaluateCommand::Composite(args) => composite(&args),
        EvaluateCommand::Sensitivity(args) => sensitivity(&args),
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn load(inputs: &Inputs) -> Result<(Meta, Dataset)> {
    let (meta_text, data_text) = (read(&inputs.meta)?, read(&inputs.data)?);
    // Name the file whose table broke a rule (the error itself names row and column).
    let meta =
        table::parse_meta(&meta_text).with_context(|| format!("{}", inputs.meta.display()))?;
    let data = table::parse_data(&data_text, &meta.indicator_codes(), &meta.groups)
        .with_context(|| format!("{}", inputs.data.display()))?;
    Ok((meta, data))
}

fn composite(args: &CompositeArgs) -> Result<()> {
    let (meta, data) = load(&args.inputs)?;
    let results = run(&data, &meta.hierarchy, &args.methods.methods()?)?;
    for w in &results.warnings {
        eprintln!("warning: {w}");
    }
    let stage = match args.stage {
        StageArg::Imputed => Stage::Imputed,
        StageArg::Treated => Stage::Treated,
        StageArg::Normalised => Stage::Normalised,
        StageArg::Aggregated => Stage::Aggregated,
    };
    let (codes, values) = results.stage(stage);
    write(&args.out, &table::write_wide(&results.units, codes, values))
}

fn sensitivity(args: &SensitivityArgs) -> Result<()> {
    let (meta, data) = load(&args.inputs)?;
    let mut assumptions: Vec<Assumption> = args
        .vary
        .iter()
        .map(|v| {
            v.parse::<Assumption>()
                .with_context(|| format!("--vary {v}"))
        })
        .collect::<Result<_>>()?;
    if let Some(path) = &args.assumptions {
        assumptions.extend(
            parse_assumptions(&read(path)?).with_context(|| format!("{}", path.display()))?,
        );
    }
    if assumptions.is_empty() {
        bail!("no assumptions: give --vary SPEC or --assumptions FILE");
    }
    let design = match args.design {
        DesignArg::Sensitivity => Design::Sensitivity,
        DesignArg::Uncertainty => Design::Uncertainty,
    };
    if design == Design::Uncertainty && args.out_indices.is_some() {
        bail!("--out-indices needs --design sensitivity (an uncertainty analysis has no indices)");
    }
    let spec = Analysis {
        design,
        n: args.n,
        seed: args.seed,
        target: args.target.clone(),
        assumptions,
    };
    let total = match design {
        Design::Sensitivity => args.n * (spec.assumptions.len() + 2),
        Design::Uncertainty => args.n,
    };
    let bar = std::io::stderr()
        .is_terminal()
        .then(|| indicatif::ProgressBar::new(total as u64));
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let started = Instant::now();
    let result = analyse(
        &data,
        &meta.hierarchy,
        &args.methods.methods()?,
        &spec,
        &tick,
    )?;
    let seconds = started.elapsed().as_secs_f64();
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    println!(
        "{} runs in {seconds:.3} s ({:.0} runs/s), {} failed",
        result.runs,
        result.runs as f64 / seconds,
        result.failures.len()
    );
    if let Some((run, why)) = result.failures.first() {
        eprintln!("warning: run {run} failed: {why}");
    }
    let f = table::format_number;
    if let Some(path) = &args.out_indices {
        let mut text = String::from("assumption,Si,STi\n");
        for i in &result.indices {
            text.push_str(&format!("{},{},{}\n", i.name, f(i.first_order), f(i.total)));
        }
        write(path, &text)?;
    }
    let mut text = String::from("uCode,Nominal,Mean,Median,Q5,Q95\n");
    for s in &result.rank_stats {
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            s.unit,
            f(s.nominal),
            f(s.mean),
            f(s.median),
            f(s.q05),
            f(s.q95)
        ));
    }
    write(&args.out_ranks, &text)
}
