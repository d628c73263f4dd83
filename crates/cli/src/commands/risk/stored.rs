//! `chainchief risk report | scenario | systemic`: risk assessment (产业链风险评估) over the
//! database — a chain's findings and most systemic firms, what-if disruptions, ESRI rankings.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use ::risk::CascadeOptions;
use ::risk::structure::{Lang, RiskThresholds};
use analytics::risk::{self, RiskData, ScenarioSpec, ShockTarget};
use analytics::table::Table;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::{closure_progress, read_matrix};
use crate::commands::shared::{self, DatabaseArgs, TableOutput};

/// Options every risk command over the database takes.
#[derive(Debug, Args)]
pub struct StoredArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(flatten)]
    output: TableOutput,
    /// Year of the supply links (the latest stored year when omitted).
    #[arg(long)]
    year: Option<u16>,
    /// Essentiality matrix CSV in the layout `chainchief risk default-essentiality` writes, over
    /// GB/T 4754 codes of any level (a firm's class maps to the nearest level the matrix lists);
    /// the project's default over divisions (大类) when omitted.
    #[arg(long, value_name = "FILE")]
    essentiality: Option<PathBuf>,
    /// Turn off supplier replaceability within an industry (on in the published ESRI setup).
    #[arg(long)]
    no_replaceability: bool,
    /// Worker threads for the ESRI cascades (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

impl StoredArgs {
    fn lang(&self) -> Lang {
        if self.output.chinese() {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    fn options(&self) -> CascadeOptions {
        CascadeOptions {
            replaceability: !self.no_replaceability,
            ..CascadeOptions::default()
        }
    }

    /// Loads the network and chain maps, telling a person at a terminal what was loaded and how
    /// long it took (scripts get only the result, and errors as their one line).
    fn load(&self) -> anyhow::Result<RiskData> {
        let matrix = match &self.essentiality {
            Some(path) => Some((read_matrix(path)?, path.display().to_string())),
            None => None,
        };
        let started = Instant::now();
        let data = shared::runtime()?.block_on(async {
            let store = shared::open_store(&self.database.database_url).await?;
            let data = risk::load(&store, self.year, matrix)
                .await
                .context("could not load the supply network")?;
            store.close().await;
            anyhow::Ok(data)
        })?;
        if std::io::stderr().is_terminal() {
            eprintln!(
                "loaded {} enterprises, {} supply links ({}), {} chains in {:.2} s",
                data.firms.len(),
                data.network.links(),
                data.year,
                data.chains.len(),
                started.elapsed().as_secs_f64()
            );
        }
        Ok(data)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportPart {
    /// Every finding, explained.
    Findings,
    /// The figures of every node.
    Nodes,
    /// The chain's most systemic firms by ESRI.
    Systemic,
    /// Findings, nodes and systemic firms.
    All,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    common: StoredArgs,
    /// The chain's code, e.g. SX-01.
    #[arg(long)]
    chain: String,
    /// What to show; with --out and several parts, one CSV per part (FILE-findings.csv …).
    #[arg(long, value_enum, default_value = "all")]
    show: ReportPart,
    /// How many systemic firms, victims and suppliers to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).multiple(true)
    .args(["uscc", "region", "node", "outside_suppliers"])))]
pub struct ScenarioArgs {
    #[command(flatten)]
    common: StoredArgs,
    /// Shock this enterprise (unified social credit code; repeatable).
    #[arg(long)]
    uscc: Vec<String>,
    /// Shock every enterprise registered in this GB/T 2260 region or below it, e.g. a county
    /// under a flood (repeatable).
    #[arg(long, value_name = "CODE")]
    region: Vec<u32>,
    /// Shock every member of a chain node, e.g. SX-01/03 (repeatable).
    #[arg(long, value_name = "CHAIN/NODE")]
    node: Vec<String>,
    /// Shock every firm outside the province that sells to a firm inside it.
    #[arg(long)]
    outside_suppliers: bool,
    /// Capacity the shocked firms keep: 0 shuts them down, 0.5 halves their output.
    #[arg(long, default_value_t = 0.0)]
    capacity: f64,
    /// Groupings to show losses for.
    #[arg(long, value_delimiter = ',', default_value = "chain,city",
          value_parser = ["chain", "node", "city", "county"])]
    by: Vec<String>,
    /// How many of the firms hit hardest to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

#[derive(Debug, Args)]
pub struct SystemicArgs {
    #[command(flatten)]
    common: StoredArgs,
    /// Rank this chain's firms only (default: every firm in the network, a batch of one
    /// cascade per firm).
    #[arg(long)]
    chain: Option<String>,
    /// How many firms to list (0: all).
    #[arg(long, default_value_t = 20)]
    top: usize,
}

/// Prints each table under its heading, or writes them to `--out` (one file per table when
/// there are several: `report.csv` → `report-findings.csv`, …).
fn emit(output: &TableOutput, tables: &[(&str, &str, &str, Table)]) -> anyhow::Result<()> {
    let Some(out) = &output.out else {
        for (i, (_, zh, en, table)) in tables.iter().enumerate() {
            if i > 0 {
                println!();
            }
            println!("{}", if output.chinese() { zh } else { en });
            output.emit(table)?;
        }
        return Ok(());
    };
    if let [(_, _, _, table)] = tables {
        return output.emit(table);
    }
    let stem = out.with_extension("");
    let extension = out
        .extension()
        .map_or("csv".to_owned(), |e| e.to_string_lossy().into_owned());
    for (suffix, _, _, table) in tables {
        let path = PathBuf::from(format!("{}-{suffix}.{extension}", stem.display()));
        TableOutput {
            lang: output.lang.clone(),
            out: Some(path),
        }
        .emit(table)?;
    }
    Ok(())
}

pub fn report(args: ReportArgs) -> anyhow::Result<()> {
    let common = &args.common;
    let data = common.load()?;
    let thresholds = RiskThresholds {
        top: args.top,
        ..RiskThresholds::default()
    };
    let started = Instant::now();
    let chain = data.chain(&args.chain)?;
    let cascades = chain.firms().len();
    let result = risk::chain_report(
        &data,
        &args.chain,
        &thresholds,
        &common.options(),
        common.threads,
    )
    .with_context(|| format!("chain {}", args.chain))?;
    eprintln!(
        "report of {} ({} nodes, {} firms, one ESRI cascade each) in {:.2} s",
        args.chain,
        result.report.nodes.len(),
        cascades,
        started.elapsed().as_secs_f64()
    );
    let lang = common.lang();
    let mut tables = Vec::new();
    if matches!(args.show, ReportPart::Findings | ReportPart::All) {
        tables.push((
            "findings",
            "风险发现",
            "Findings",
            risk::findings_table(&result, lang),
        ));
    }
    if matches!(args.show, ReportPart::Nodes | ReportPart::All) {
        tables.push((
            "nodes",
            "环节指标",
            "Nodes",
            risk::nodes_table(&result, lang),
        ));
    }
    if matches!(args.show, ReportPart::Systemic | ReportPart::All) {
        tables.push((
            "systemic",
            "系统性风险企业（ESRI）",
            "Most systemic firms (ESRI)",
            risk::report_systemic_table(&result, lang),
        ));
    }
    emit(&common.output, &tables)
}

pub fn scenario(args: ScenarioArgs) -> anyhow::Result<()> {
    let mut targets: Vec<ShockTarget> = args
        .uscc
        .iter()
        .map(|uscc| ShockTarget::Firm { uscc: uscc.clone() })
        .collect();
    targets.extend(args.region.iter().map(|&code| ShockTarget::Region { code }));
    for label in &args.node {
        let Some(target) = ShockTarget::node(label) else {
            bail!("--node {label:?}: write it as CHAIN/NODE, e.g. SX-01/03");
        };
        targets.push(target);
    }
    if args.outside_suppliers {
        targets.push(ShockTarget::OutsideSuppliers);
    }
    let common = &args.common;
    let data = common.load()?;
    let spec = ScenarioSpec {
        targets,
        capacity: args.capacity,
        top: args.top,
    };
    let started = Instant::now();
    let outcome = risk::scenario(&data, &spec, &common.options())?;
    eprintln!(
        "scenario: {} firms shocked, cascade of {} steps in {:.2} s",
        outcome.shocked,
        outcome.iterations,
        started.elapsed().as_secs_f64()
    );
    let lang = common.lang();
    let mut tables = vec![(
        "summary",
        "情景结果",
        "Scenario outcome",
        risk::scenario_summary_table(&outcome),
    )];
    for grouping in &args.by {
        let (zh, en) = match grouping.as_str() {
            "chain" => ("按产业链损失", "Loss by chain"),
            "node" => ("按环节损失", "Loss by node"),
            "city" => ("按地市损失", "Loss by city"),
            _ => ("按县区损失", "Loss by county"),
        };
        if let Some(table) = risk::scenario_groups_table(&outcome, grouping) {
            tables.push((grouping.as_str(), zh, en, table));
        }
    }
    tables.push((
        "hardest-hit",
        "受影响最大的企业",
        "Firms hit hardest",
        risk::scenario_hits_table(&outcome, lang),
    ));
    emit(&common.output, &tables)
}

pub fn systemic(args: SystemicArgs) -> anyhow::Result<()> {
    let common = &args.common;
    let data = common.load()?;
    let firms = risk::scope_firms(&data, args.chain.as_deref())?;
    let bar = closure_progress(firms.len());
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let started = Instant::now();
    let mut entries = risk::systemic(
        &data,
        &firms,
        &common.options(),
        common.threads,
        Some(&tick),
    )?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    eprintln!(
        "{} ESRI cascades in {:.2} s",
        entries.len(),
        started.elapsed().as_secs_f64()
    );
    let stalled = entries.iter().filter(|e| !e.converged).count();
    if stalled > 0 {
        eprintln!("warning: {stalled} cascades stopped at the iteration limit before converging");
    }
    if args.top > 0 {
        entries.truncate(args.top);
    }
    common
        .output
        .emit(&risk::systemic_table(&entries, common.lang()))
}
