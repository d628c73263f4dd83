//! Composite indicators from an analyst's own files, in COINr's table layout (data.csv +
//! meta.csv as in COINr's ASEM example).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use evaluate::table::{self, Meta};
use evaluate::{Dataset, Methods, Stage, run};

use super::{MethodArgs, read, write};

#[derive(Debug, Args)]
pub struct Inputs {
    /// Indicator data, one row per unit: `uCode`, group columns, indicator columns (`NA` = missing).
    #[arg(long)]
    pub data: PathBuf,
    /// Indicator metadata: `iCode`, `Parent`, `Level`, `Weight`, `Direction`, `Type` (+ `Target`).
    #[arg(long)]
    pub meta: PathBuf,
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

/// Reads the iMeta and iData files.
pub fn load(data: &std::path::Path, meta: &std::path::Path) -> Result<(Meta, Dataset)> {
    let (meta_text, data_text) = (read(meta)?, read(data)?);
    // Name the file whose table broke a rule (the error itself names row and column).
    let parsed = table::parse_meta(&meta_text).with_context(|| format!("{}", meta.display()))?;
    let dataset = table::parse_data(&data_text, &parsed.indicator_codes(), &parsed.groups)
        .with_context(|| format!("{}", data.display()))?;
    Ok((parsed, dataset))
}

pub fn composite(args: &CompositeArgs) -> Result<()> {
    let (meta, data) = load(&args.inputs.data, &args.inputs.meta)?;
    let results = run(
        &data,
        &meta.hierarchy,
        &args.methods.over(&Methods::coinr())?,
    )?;
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
