//! `chainchief rules …`: screen enterprises (a facts table, or the database) for tiered-cultivation
//! titles and chain roles, explain one enterprise, list the cultivation pipelines, list the rule
//! sets in use.
//!
//! XLSX input and output will come with the importer; tables are printed or written as CSV
//! (`--out`) until then.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use analytics::eligibility::{self, EligibilityData, Scope};
use anyhow::{Context, bail};
use clap::{ArgGroup, Args, Subcommand};
use model::{RegionCode, TitleKind, Uscc};
use rules::{
    Date, EnterpriseFacts, Evaluator, FactsTable, Lang, PipelineOptions, RuleBook, Verdict,
};

use super::shared::{self, DatabaseArgs, TableOutput};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Screen enterprises (a facts table, or the database) for one title or all titles: one row
    /// per enterprise and title, with verdict, score, missing data and gaps.
    Screen(ScreenArgs),
    /// Explain one stored enterprise: per title the verdict, the score by group and indicator,
    /// the direct route, the gaps with amounts and the missing facts; where derived facts came
    /// from.
    Explain(ExplainArgs),
    /// Cultivation pipelines (梯度培育) over the database: qualifies but holds no title, within
    /// reach of the next tier, titles expiring soon, holders that no longer meet the rules.
    Pipeline(PipelineArgs),
    /// List the rule sets (shipped and loaded) with their source, dates and markers.
    List(ListArgs),
}

/// The rules and the day they are applied on.
#[derive(Debug, Args)]
pub struct RuleOptions {
    /// Evaluation date, YYYY-MM-DD (default: today). The rules in force that day are used.
    #[arg(long)]
    date: Option<String>,
    /// Extra rule files (rule sets or provincial overlays), loaded in order after the shipped ones;
    /// a file with a shipped id replaces it.
    #[arg(long = "rules", value_name = "FILE")]
    rule_files: Vec<PathBuf>,
}

/// Which stored enterprises.
#[derive(Debug, Args)]
pub struct StoreScope {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Only the members of this chain (e.g. SX-01); the chain's region evaluates.
    #[arg(long)]
    chain: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["input", "from_store"])))]
pub struct ScreenArgs {
    /// Title code (innovative_sme, specialised_sme, little_giant, single_champion, chain_master,
    /// chain_core), its Chinese name, or `all` for every title with rules in force.
    #[arg(long)]
    title: String,
    #[command(flatten)]
    rules: RuleOptions,
    /// With --input: the evaluating authority (GB/T 2260 code or prefix, e.g. 14 for Shanxi), whose
    /// provincial rules (chain-masters, 特色化 overlays) apply; national rules only when omitted.
    /// With --from-store: the enterprises of this region (a six-digit code such as 140100), which
    /// also evaluates.
    #[arg(long)]
    region: Option<String>,
    /// Facts table: UTF-8 CSV with a header row (layout in crates/rules/FACTS_TABLE.md).
    #[arg(long)]
    input: Option<PathBuf>,
    /// Screen the enterprises in the database (the home province's, unless --chain or --region
    /// narrow it), with facts assembled from filings, designations, supply links and monthly
    /// reports.
    #[arg(long)]
    from_store: bool,
    #[command(flatten)]
    scope: StoreScope,
    /// Only rows with this verdict: qualifies, does_not_qualify or cannot_tell (the summary still
    /// counts all).
    #[arg(long)]
    verdict: Option<String>,
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The enterprise's unified social credit code.
    #[arg(long)]
    uscc: String,
    /// One title (code or Chinese name); every title with rules in force when omitted.
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    rules: RuleOptions,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Titles lapsing within this many days count as expiring.
    #[arg(long, default_value_t = 180)]
    within_days: i64,
    /// Print the whole explanation as JSON (what the API serves) instead of a table.
    #[arg(long, conflicts_with = "out")]
    json: bool,
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Args)]
pub struct PipelineArgs {
    #[command(flatten)]
    rules: RuleOptions,
    /// "Expiring soon": titles lapsing within this many days.
    #[arg(long, default_value_t = 180)]
    within_days: i64,
    /// One title's pipelines (code or Chinese name); every title with rules in force when omitted.
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    scope: StoreScope,
    /// Only the enterprises of this region (a six-digit GB/T 2260 code), which also evaluates.
    #[arg(long)]
    region: Option<String>,
    /// Print the number of enterprises per stage and title instead of the enterprises.
    #[arg(long)]
    counts: bool,
    #[command(flatten)]
    output: TableOutput,
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
        RulesCommand::Explain(args) => explain(args),
        RulesCommand::Pipeline(args) => pipeline(args),
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

impl RuleOptions {
    fn date(&self) -> anyhow::Result<Date> {
        let text = self.date.clone().unwrap_or_else(shared::today);
        Date::parse(&text).with_context(|| format!("--date {text}"))
    }
}

fn lang(output: &TableOutput) -> Lang {
    if output.chinese() { Lang::Zh } else { Lang::En }
}

/// `all` (every title in force), or one title.
fn titles(text: Option<&str>, evaluator: &Evaluator<'_>) -> anyhow::Result<Vec<TitleKind>> {
    let titles = match text {
        None | Some("all") => eligibility::titles_in_force(evaluator),
        Some(text) => vec![
            TitleKind::parse(text)
                .with_context(|| format!("--title {text}: not a title code (or use `all`)"))?,
        ],
    };
    if titles.is_empty() {
        bail!("no rule set is in force on {}", evaluator.date());
    }
    Ok(titles)
}

fn region_code(text: &str) -> anyhow::Result<RegionCode> {
    RegionCode::parse(text).with_context(|| {
        format!("--region {text}: use a six-digit GB/T 2260 code, e.g. 140000 or 140100")
    })
}

fn verdict(text: &str) -> anyhow::Result<Verdict> {
    [
        Verdict::Qualifies,
        Verdict::DoesNotQualify,
        Verdict::CannotTell,
    ]
    .into_iter()
    .find(|v| v.as_str() == text || v.label().zh == text)
    .with_context(|| format!("--verdict {text}: use qualifies, does_not_qualify or cannot_tell"))
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

/// Loads the stored enterprises of a scope; returns them with the authority and the seconds
/// the load took (from the query to the assembled facts).
fn load_scope(
    scope: &StoreScope,
    region: Option<&str>,
) -> anyhow::Result<(EligibilityData, Option<RegionCode>, f64)> {
    let wanted = Scope {
        chain: scope.chain.clone(),
        region: region.map(region_code).transpose()?,
    };
    let url = scope.database.database_url.as_str();
    shared::runtime()?.block_on(async {
        let store = shared::open_store(url).await?;
        let started = Instant::now();
        let resolved = wanted.resolve(&store).await?;
        let data = eligibility::load(&store, &resolved.filter)
            .await
            .context("could not load the enterprise facts")?;
        let seconds = started.elapsed().as_secs_f64();
        store.close().await;
        warn_unreadable(&data);
        Ok((data, resolved.authority, seconds))
    })
}

fn warn_unreadable(data: &EligibilityData) {
    if let Some(first) = data.unreadable.first() {
        eprintln!(
            "warning: {} stored facts could not be read and count as unknown (first: {} {} = {:?}: {})",
            data.unreadable.len(),
            first.uscc,
            first.fact,
            first.value,
            first.reason
        );
    }
}

fn screen(args: ScreenArgs) -> anyhow::Result<()> {
    let lang = lang(&args.output);
    let date = args.rules.date()?;
    let book = load_book(&args.rules.rule_files)?;
    let verdict = args.verdict.as_deref().map(verdict).transpose()?;
    let (facts, evaluator, loaded) = if let Some(path) = &args.input {
        if args.scope.chain.is_some() {
            bail!("--chain needs --from-store: a facts table has no chains");
        }
        let mut evaluator = Evaluator::new(&book, date);
        if let Some(region) = &args.region {
            evaluator = evaluator.for_region(region.clone());
        }
        (read_facts(path)?, evaluator, None)
    } else {
        let (data, authority, seconds) = load_scope(&args.scope, args.region.as_deref())?;
        let evaluator = eligibility::evaluator(&book, date, authority);
        (data.facts, evaluator, Some(seconds))
    };
    let titles = titles(Some(args.title.as_str()), &evaluator)?;
    let started = Instant::now();
    let screening = eligibility::screen(&facts, &evaluator, &titles, verdict, lang)?;
    let screened = started.elapsed().as_secs_f64();
    args.output.emit(&screening.table)?;

    let total = |count: fn(&eligibility::VerdictCounts) -> usize| -> usize {
        screening.counts.iter().map(count).sum()
    };
    let timing = match loaded {
        Some(loaded) => format!(" (loaded in {loaded:.2} s, screened in {screened:.2} s)"),
        None => format!(" (screened in {screened:.2} s)"),
    };
    eprintln!(
        "{} enterprises × {} titles on {date}: {} qualify, {} do not, {} cannot tell{timing}",
        facts.len(),
        titles.len(),
        total(|c| c.qualifies),
        total(|c| c.does_not_qualify),
        total(|c| c.cannot_tell),
    );
    Ok(())
}

fn explain(args: ExplainArgs) -> anyhow::Result<()> {
    let uscc = Uscc::parse(&args.uscc).with_context(|| format!("--uscc {}", args.uscc))?;
    let date = args.rules.date()?;
    let book = load_book(&args.rules.rule_files)?;
    let data = shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let data = eligibility::load_enterprise(&store, &uscc)
            .await
            .context("could not load the enterprise's facts")?;
        store.close().await;
        anyhow::Ok(data)
    })?;
    let Some(data) = data else {
        bail!("--uscc {uscc}: no such enterprise in the database");
    };
    warn_unreadable(&data);
    let authority = data
        .facts
        .first()
        .and_then(eligibility::enterprise_authority);
    let evaluator = eligibility::evaluator(&book, date, authority);
    let titles = titles(args.title.as_deref(), &evaluator)?;
    let options = PipelineOptions {
        expiring_within_days: args.within_days,
        ..PipelineOptions::default()
    };
    let explanation = eligibility::explain(&data, 0, &evaluator, &titles, &options)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&explanation)?);
        return Ok(());
    }
    args.output.emit(&eligibility::explanation_table(
        &explanation,
        lang(&args.output),
    ))
}

fn pipeline(args: PipelineArgs) -> anyhow::Result<()> {
    let lang = lang(&args.output);
    let date = args.rules.date()?;
    let book = load_book(&args.rules.rule_files)?;
    let (data, authority, _) = load_scope(&args.scope, args.region.as_deref())?;
    let evaluator = eligibility::evaluator(&book, date, authority);
    let titles = titles(args.title.as_deref(), &evaluator)?;
    let options = PipelineOptions {
        expiring_within_days: args.within_days,
        ..PipelineOptions::default()
    };
    let pipelines = eligibility::pipelines(&data.facts, &evaluator, &titles, &options, lang);
    if args.counts {
        return args
            .output
            .emit(&eligibility::stage_count_table(&pipelines.counts, lang));
    }
    args.output.emit(&pipelines.table)?;
    eprintln!(
        "{} enterprises on {date}: {} pipeline entries",
        data.len(),
        pipelines.table.rows.len()
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
