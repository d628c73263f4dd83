//! `chainchief evaluate sensitivity`: uncertainty and sensitivity analysis on your files
//! (`--data --meta`), on a framework run on the database (`--framework --year`) or on a stored
//! run's own snapshot (`--run`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use analytics::evaluation::{self, RankInterval, SensitivityReport, tables};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use evaluate::{Analysis, Assumption, Design, Hierarchy, Methods, parse_assumptions};

use super::super::shared::{self, DatabaseArgs};
use super::{MethodArgs, files, read, write};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DesignArg {
    Sensitivity,
    Uncertainty,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Your indicator data (COINr iData layout); needs --meta.
    #[arg(long, requires = "meta", conflicts_with_all = ["framework", "run"])]
    data: Option<PathBuf>,
    /// Your indicator metadata (COINr iMeta layout); needs --data.
    #[arg(long, requires = "data")]
    meta: Option<PathBuf>,
    /// A shipped framework id or a framework file, run on the database; needs --year.
    #[arg(long, requires = "year", conflicts_with = "run")]
    framework: Option<String>,
    /// The year to evaluate (with --framework).
    #[arg(long)]
    year: Option<u16>,
    /// A stored run: analyse it on its own input snapshot.
    #[arg(long, value_name = "RUN_ID")]
    run: Option<i64>,
    #[command(flatten)]
    database: DatabaseArgs,
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
    /// Output CSV of Si and STi per assumption (sensitivity design only); printed when omitted.
    #[arg(long)]
    out_indices: Option<PathBuf>,
    /// Output CSV of rank statistics per unit: nominal, mean, median, 5 % and 95 % rank; printed
    /// when omitted.
    #[arg(long)]
    out_ranks: Option<PathBuf>,
    /// Printed tables in Chinese (zh) or English (en).
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    lang: String,
}

/// What the analysis runs on.
struct Subject {
    hierarchy: Hierarchy,
    dataset: evaluate::Dataset,
    names: Vec<String>,
    nominal: Methods,
}

fn subject(args: &SensitivityArgs) -> Result<Subject> {
    if let (Some(data), Some(meta)) = (&args.data, &args.meta) {
        let (meta, dataset) = files::load(data, meta)?;
        return Ok(Subject {
            names: dataset.units().to_vec(),
            nominal: args.methods.over(&Methods::coinr())?,
            hierarchy: meta.hierarchy,
            dataset,
        });
    }
    let url = &args.database.database_url;
    if let Some(id) = args.run {
        let stored = shared::runtime()?.block_on(async {
            let store = shared::open_store(url).await?;
            let stored = evaluation::stored_run(&store, id)
                .await
                .with_context(|| format!("evaluation run {id}"))?;
            store.close().await;
            anyhow::Ok(stored)
        })?;
        return Ok(Subject {
            names: stored.names(),
            nominal: args.methods.over(&stored.record.methods)?,
            hierarchy: stored.framework.hierarchy()?,
            dataset: stored.dataset,
        });
    }
    let (Some(id), Some(year)) = (&args.framework, args.year) else {
        bail!("say what to analyse: --data and --meta, --framework and --year, or --run RUN_ID");
    };
    let fw = super::framework(id)?;
    let done = shared::runtime()?.block_on(async {
        let store = shared::open_store(url).await?;
        let input = evaluation::load(&store, &fw, year)
            .await
            .with_context(|| format!("could not load {} for {year}", fw.id))?;
        store.close().await;
        anyhow::Ok(input)
    })?;
    for d in &done.dropped {
        eprintln!("note: {} has no data and is left out: {}", d.code, d.reason);
    }
    let dropped: Vec<String> = done.dropped.iter().map(|d| d.code.clone()).collect();
    let framework = done.framework.without(&dropped)?;
    Ok(Subject {
        nominal: args.methods.over(&framework.methods)?,
        names: done.names,
        dataset: done.dataset,
        hierarchy: framework.hierarchy()?,
    })
}

fn csv_ranks(ranks: &[RankInterval]) -> String {
    let f = |x: Option<f64>| x.map_or_else(|| "NA".to_owned(), evaluate::table::format_number);
    let mut text = String::from("uCode,Nominal,Mean,Median,Q5,Q95\n");
    for s in ranks {
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            s.code,
            f(s.nominal),
            f(s.mean),
            f(s.median),
            f(s.q05),
            f(s.q95)
        ));
    }
    text
}

pub fn run(args: &SensitivityArgs) -> Result<()> {
    let subject = subject(args)?;
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
    let report: SensitivityReport = evaluation::sensitivity(
        &subject.hierarchy,
        &subject.dataset,
        &subject.names,
        &subject.nominal,
        &spec,
        &tick,
    )?;
    let seconds = started.elapsed().as_secs_f64();
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    println!(
        "{} runs in {seconds:.3} s ({:.0} runs/s), {} failed",
        report.runs,
        report.runs as f64 / seconds,
        report.failures
    );
    if let Some((run, why)) = &report.first_failure {
        eprintln!("warning: run {run} failed: {why}");
    }
    let chinese = args.lang == "zh";
    let f = evaluate::table::format_number;
    match &args.out_indices {
        Some(path) => {
            let mut text = String::from("assumption,Si,STi\n");
            for i in &report.indices {
                text.push_str(&format!("{},{},{}\n", i.name, f(i.first_order), f(i.total)));
            }
            write(path, &text)?;
        }
        None if design == Design::Sensitivity => {
            print!(
                "{}",
                tables::sensitivity_index_table(&report).to_text(chinese)
            );
        }
        None => {}
    }
    match &args.out_ranks {
        Some(path) => write(path, &csv_ranks(&report.ranks)),
        None => {
            print!("{}", tables::rank_interval_table(&report).to_text(chinese));
            Ok(())
        }
    }
}
