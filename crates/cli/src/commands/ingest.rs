//! `chainchief import`, `chainchief template` and `chainchief export`: spreadsheets in and out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use ingest::table::Headers;
use ingest::{ImportOptions, Kind, Outcome};

use super::shared::{self, DatabaseArgs, StageProgress};

fn kind(text: &str) -> Result<Kind, String> {
    Kind::parse(text).ok_or_else(|| format!("unknown kind {text:?}; one of: {}", Kind::names()))
}

/// Import a CSV or XLSX file: validate every row, then write all of it in one transaction or
/// nothing (the attempt is recorded as a rejected batch). Exits non-zero when rejected.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds: parks, towns, indicators, enterprises, chains, chain_nodes,
    /// node_relations, memberships, designations, supply_links, observations or facts (filed
    /// facts, one row per enterprise and fact; Chinese labels such as 企业 work too).
    #[arg(value_parser = kind)]
    kind: Kind,
    /// The file: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16, detected) or XLSX.
    file: PathBuf,
    /// Worksheet to read (XLSX); default: the first visible one.
    #[arg(long)]
    sheet: Option<String>,
    /// Validate and report only; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the report of every bad row here: .xlsx or .csv (UTF-8 with BOM).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Read January and February as calendar months and combine them into 1–2月 (flows are
    /// added, stocks take February). Without it January alone is refused (NBS reports 1–2月).
    #[arg(long)]
    combine_jan_feb: bool,
    /// Observations with one column per month: the indicator of every value (code or name).
    #[arg(long)]
    indicator: Option<String>,
    /// Observations with one column per indicator: the period of every value (2025-03, 2025年3月…).
    #[arg(long)]
    period: Option<String>,
    /// Unit of values when neither the cell, a unit column nor the header gives one (万元, 万千瓦时…).
    #[arg(long)]
    unit: Option<String>,
    /// Year of periods written without one (3月, 1-2月).
    #[arg(long)]
    year: Option<u16>,
    /// Who imports (recorded with the batch).
    #[arg(long, env = "USER")]
    actor: Option<String>,
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn import(args: ImportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.file.display().to_string());
    let progress = Arc::new(StageProgress::new());
    let bar = Arc::clone(&progress);
    let options = ImportOptions {
        sheet: args.sheet,
        dry_run: args.dry_run,
        combine_jan_feb: args.combine_jan_feb,
        indicator: args.indicator,
        period: args.period,
        unit: args.unit,
        year: args.year,
        actor: args.actor,
        progress: Some(Arc::new(move |stage: &str, done: u64, total: u64| {
            bar.update(stage, done, total)
        })),
        ..ImportOptions::default()
    };
    shared::init_logging("warn");
    let outcome = shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let outcome = ingest::import_bytes(&store, args.kind, &file_name, bytes, &options)
            .await
            .with_context(|| format!("could not import {}", args.file.display()))?;
        store.close().await;
        anyhow::Ok(outcome)
    })?;
    progress.finish();
    eprint!("{}", outcome.report.summary());
    if let Some(path) = &args.report {
        write_report(&outcome.report, path)?;
        eprintln!("报告 report: {}", path.display());
    }
    match outcome.outcome {
        Outcome::Committed => {
            eprintln!(
                "已导入 committed as batch {}",
                outcome.batch.unwrap_or_default()
            );
            Ok(())
        }
        Outcome::DryRun => {
            eprintln!("校验通过，未写入 valid; nothing written (--dry-run)");
            Ok(())
        }
        Outcome::Rejected => {
            let first = outcome
                .report
                .issues_of(ingest::Severity::Error)
                .next()
                .map(|i| {
                    format!(
                        "; first: row {} column {} ({}): {}",
                        i.row,
                        i.column_letter(),
                        i.column_name,
                        i.message_en()
                    )
                })
                .unwrap_or_default();
            bail!(
                "{}: batch rejected, nothing written ({}){first}",
                args.file.display(),
                outcome.report.detail()
            )
        }
    }
}

fn write_report(report: &ingest::Report, path: &Path) -> anyhow::Result<()> {
    let bytes = if is_csv(path) {
        report.to_csv()
    } else {
        report.to_xlsx()
    }
    .with_context(|| format!("could not write the report {}", path.display()))?;
    std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Write the import template of a kind: an XLSX with the expected headers (Chinese and English),
/// units, a note on every column and an example sheet.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Kind of file the template is for (see `chainchief import --help`).
    #[arg(value_parser = kind)]
    kind: Kind,
    /// Where to write it; default: 导入模板-<kind>.xlsx in the current directory.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn template(args: TemplateArgs) -> anyhow::Result<()> {
    let path = args
        .out
        .unwrap_or_else(|| PathBuf::from(format!("导入模板-{}.xlsx", args.kind.as_str())));
    let bytes = ingest::template::template(args.kind).context("could not build the template")?;
    std::fs::write(&path, bytes).with_context(|| format!("could not write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Xlsx,
    Csv,
}

/// Export a stored list as XLSX (Chinese headers, number formats, frozen header) or CSV (UTF-8
/// with BOM). Exports import back as they are.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export: enterprises, chains, chain_nodes, node_relations, memberships,
    /// supply_links, observations, parks, towns, indicators, designations, facts.
    #[arg(value_parser = kind)]
    what: Kind,
    /// File format; default: from the extension of --out, else xlsx.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Where to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Only enterprises (and their observations, parks, towns) in this region or below it
    /// (GB/T 2260 code, e.g. 140100).
    #[arg(long)]
    region: Option<String>,
    /// Only members of this chain (enterprises, observations), or this chain's nodes and
    /// memberships (chain code, e.g. SX-01).
    #[arg(long)]
    chain: Option<String>,
    /// Observations of this indicator only (code).
    #[arg(long)]
    indicator: Option<String>,
    /// Observations from this period (2025-03, 2025年3月).
    #[arg(long)]
    from: Option<String>,
    /// Observations up to this period.
    #[arg(long)]
    to: Option<String>,
    /// Supply links of this year.
    #[arg(long)]
    year: Option<u16>,
    #[command(flatten)]
    database: DatabaseArgs,
}

fn period(text: Option<&str>, what: &str) -> anyhow::Result<Option<model::Period>> {
    let Some(text) = text else { return Ok(None) };
    let stated = ingest::cell::period_of(&ingest::cell::Cell::Text(text), None)
        .map_err(|e| anyhow::anyhow!("{what} {text:?}: {e}"))?
        .ok_or_else(|| anyhow::anyhow!("{what} is blank"))?;
    Ok(Some(
        stated
            .period()
            .with_context(|| format!("{what} {text:?}"))?,
    ))
}

pub fn export(args: ExportArgs) -> anyhow::Result<()> {
    let filter = ingest::export::ExportFilter {
        region: args
            .region
            .as_deref()
            .map(model::RegionCode::parse)
            .transpose()
            .context("--region")?,
        chain: args.chain.clone(),
        indicator: args.indicator.clone(),
        from: period(args.from.as_deref(), "--from")?,
        to: period(args.to.as_deref(), "--to")?,
        year: args.year,
    };
    let csv = match args.format {
        Some(FormatArg::Csv) => true,
        Some(FormatArg::Xlsx) => false,
        None => is_csv(&args.out),
    };
    shared::init_logging("warn");
    let table = shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let table = ingest::export::table_of(&store, args.what, &filter)
            .await
            .with_context(|| format!("could not read the {} to export", args.what))?;
        store.close().await;
        anyhow::Ok(table)
    })?;
    let bytes = if csv {
        let mut out = Vec::new();
        table.write_csv(&mut out, Headers::Zh).map(|()| out)
    } else {
        ingest::table::workbook(&[&table], Headers::Zh)
    }
    .with_context(|| format!("could not write {}", args.out.display()))?;
    std::fs::write(&args.out, bytes)
        .with_context(|| format!("could not write {}", args.out.display()))?;
    eprintln!("wrote {} rows to {}", table.rows.len(), args.out.display());
    Ok(())
}
