//! `chainchief rules …`: screen a facts table for tiered-cultivation titles and chain roles, and
//! list the rule sets in use.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use model::TitleKind;
use rules::{
    Cell, Date, EnterpriseFacts, Evaluator, FactsTable, Lang, RuleBook, SCREEN_COLUMNS, Verdict,
    screen_table,
};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Screen every enterprise of a facts table for one title or all titles: one output row per
    /// enterprise and title, with verdict, score, missing data and gaps.
    Screen(ScreenArgs),
    /// List the rule sets (shipped and loaded) with their source, dates and markers.
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// Title code (innovative_sme, specialised_sme, little_giant, single_champion, chain_master,
    /// chain_core), its Chinese name, or `all` for every title with rules in force.
    #[arg(long)]
    title: String,
    /// Evaluation date, YYYY-MM-DD (default: today). The rules in force that day are used.
    #[arg(long)]
    date: Option<String>,
    /// Region of the evaluating authority (GB/T 2260 code or prefix, e.g. 14 for Shanxi): its
    /// provincial rules (chain-masters, 特色化 overlays) apply. National rules only when omitted.
    #[arg(long)]
    region: Option<String>,
    /// Facts table: UTF-8 CSV with a header row (layout in crates/rules/FACTS_TABLE.md).
    #[arg(long)]
    input: PathBuf,
    /// Output CSV, one row per enterprise and title.
    #[arg(long)]
    out: PathBuf,
    /// Language of the output headers and messages: zh or en.
    #[arg(long, default_value = "zh")]
    lang: String,
    /// Extra rule files (rule sets or provincial overlays), loaded in order after the shipped ones;
    /// a file with a shipped id replaces it.
    #[arg(long = "rules", value_name = "FILE")]
    rule_files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the rule sets in force on this date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Extra rule files to load first, as for `screen`.
    #[arg(long = "rules", value_name = "FILE")]
    rule_files: Vec<PathBuf>,
}

pub fn run(command: RulesCommand) -> anyhow::Result<()> {
    match command {
        RulesCommand::Screen(args) => screen(args),
        RulesCommand::List(args) => list(args),
    }
}

fn load_book(files: &[PathBuf]) -> anyhow::Result<RuleBook> {
    let mut book = RuleBook::builtin().context("the shipped rule files")?;
    for path in files {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read rule file {}", path.display()))?;
        book.load(&text, &path.display().to_string())?;
    }
    Ok(book)
}

fn parse_date(text: Option<&str>) -> anyhow::Result<Date> {
    match text {
        Some(text) => Ok(Date::parse(text)?),
        None => {
            let seconds = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .context("the system clock is before 1970")?
                .as_secs();
            Ok(Date::from_days_since_epoch(
                i64::try_from(seconds / 86_400).unwrap_or(i64::MAX),
            ))
        }
    }
}

/// Reads a facts table; errors name the file, the line and the column.
fn read_facts(path: &Path) -> anyhow::Result<Vec<EnterpriseFacts>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header", path.display()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let table = FactsTable::from_header(&header)
        .with_context(|| format!("{}: line 1 (header)", path.display()))?;
    let mut facts = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{}: malformed CSV", path.display()))?;
        let line = record.position().map_or(0, |position| position.line());
        let cells: Vec<&str> = record.iter().collect();
        facts.push(
            table
                .read_row(&cells)
                .with_context(|| format!("{}: line {line}", path.display()))?,
        );
    }
    Ok(facts)
}

fn screen(args: ScreenArgs) -> anyhow::Result<()> {
    let lang =
        Lang::parse(&args.lang).with_context(|| format!("--lang {}: use zh or en", args.lang))?;
    let date = parse_date(args.date.as_deref())?;
    let book = load_book(&args.rule_files)?;
    let region = args.region.as_deref();
    let titles =
        if args.title == "all" {
            book.titles_in_force(date, region)
        } else {
            vec![TitleKind::parse(&args.title).with_context(|| {
                format!("--title {}: not a title code (or use `all`)", args.title)
            })?]
        };
    if titles.is_empty() {
        bail!("no rule set is in force on {date}");
    }
    let facts = read_facts(&args.input)?;
    let mut evaluator = Evaluator::new(&book, date);
    if let Some(region) = region {
        evaluator = evaluator.for_region(region);
    }
    let rows = screen_table(&evaluator, &facts, &titles, lang)?;

    let mut writer = csv::Writer::from_path(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    writer.write_record(SCREEN_COLUMNS.iter().map(|column| column.header(lang)))?;
    for row in &rows {
        writer.write_record(row.iter().map(Cell::to_text))?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let verdict_column = SCREEN_COLUMNS
        .iter()
        .position(|column| column.key == "verdict")
        .context("the screening table has a verdict column")?;
    let count = |verdict: Verdict| {
        let label = Cell::Text(verdict.label().get(lang).to_owned());
        rows.iter()
            .filter(|row| row[verdict_column] == label)
            .count()
    };
    eprintln!(
        "{} enterprises × {} titles on {date}: {} qualify, {} do not, {} cannot tell → {}",
        facts.len(),
        titles.len(),
        count(Verdict::Qualifies),
        count(Verdict::DoesNotQualify),
        count(Verdict::CannotTell),
        args.out.display()
    );
    Ok(())
}

fn list(args: ListArgs) -> anyhow::Result<()> {
    let book = load_book(&args.rule_files)?;
    let date = args.date.as_deref().map(Date::parse).transpose()?;
    for set in book
        .sets()
        .iter()
        .filter(|set| date.is_none_or(|date| set.in_force_on(date)))
    {
        let until = set
            .in_force_until
            .map_or_else(|| "…".to_owned(), |until| until.to_string());
        let mut markers = Vec::new();
        if set.unverified {
            markers.push("UNVERIFIED");
        }
        if set.dates_approximate {
            markers.push("dates approximate");
        }
        println!(
            "{:<30} {:<16} {:<9} {} – {:<10} {}{} [{}]{}",
            set.id,
            set.title.as_str(),
            set.jurisdiction.to_string(),
            set.in_force_from,
            until,
            set.document,
            set.document_number
                .as_deref()
                .map(|number| format!(" {number}"))
                .unwrap_or_default(),
            set.origin,
            if markers.is_empty() {
                String::new()
            } else {
                format!(" ({})", markers.join(", "))
            }
        );
    }
    Ok(())
}
