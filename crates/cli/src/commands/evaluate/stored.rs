//! Frameworks on the database: `evaluate run` (and `--store`), `evaluate runs`, `evaluate show`,
//! `evaluate reproduce`.

use analytics::evaluation::{self, EvaluationReport, tables};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};

use super::super::shared::{self, DatabaseArgs, TableOutput};
use super::MethodArgs;

/// Which table to show of a run.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum View {
    /// Units best first: rank, score, grade, largest lift and drag, missing data.
    Ranking,
    /// Per unit and indicator: value, normalised value, mean unit, effective weight, points.
    Explanations,
    /// Units per grade.
    Grades,
    /// The framework's indicators: weight, source, used or dropped (and why).
    Indicators,
}

#[derive(Debug, Args)]
pub struct ViewArgs {
    /// What to show.
    #[arg(long, value_enum, default_value = "ranking")]
    view: View,
    /// With --view explanations: only this unit (its code: chain code, region code, USCC …).
    #[arg(long)]
    unit: Option<String>,
    #[command(flatten)]
    output: TableOutput,
}

impl ViewArgs {
    fn emit(&self, report: &EvaluationReport) -> Result<()> {
        let chinese = self.output.chinese();
        if let Some(unit) = &self.unit
            && !report.units.iter().any(|u| &u.code == unit)
        {
            bail!("--unit {unit}: no such unit in this run");
        }
        let table = match self.view {
            View::Ranking => tables::ranking_table(report, chinese),
            View::Explanations => tables::explanation_table(report, self.unit.as_deref(), chinese),
            View::Grades => tables::grade_table(report, chinese),
            View::Indicators => tables::indicator_table(report, chinese),
        };
        self.output.emit(&table)
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A shipped framework id (chainchief evaluate framework list) or a framework file (TOML).
    #[arg(long)]
    framework: String,
    /// The year to evaluate (its reporting periods, supply links, facts and designations).
    #[arg(long)]
    year: u16,
    /// Store the run (framework, methods, input snapshot, results) and print its id.
    #[arg(long)]
    store: bool,
    /// Who ran it, recorded with a stored run.
    #[arg(long, env = "CHAINCHIEF_ACTOR")]
    actor: Option<String>,
    #[command(flatten)]
    methods: MethodArgs,
    #[command(flatten)]
    view: ViewArgs,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// The lines an analyst reads before a table (on stderr, so tables stay clean for scripts).
fn describe(report: &EvaluationReport) {
    eprintln!(
        "{} {} ({}) · {} · {}–{} · {} units, {} without a score",
        report.framework_id,
        report.framework_version,
        report.name_zh,
        report.year,
        report.periods[0],
        report.periods[1],
        report.units.len(),
        report.unscored
    );
    for i in report.indicators.iter().filter(|i| i.dropped.is_some()) {
        eprintln!(
            "note: {} ({}) has no data and is left out: {}",
            i.code,
            i.name_zh,
            i.dropped.as_deref().unwrap_or_default()
        );
    }
    if let Some(first) = report.not_evaluated.first() {
        eprintln!(
            "note: {} units are not evaluated for lack of a required indicator (e.g. {} {} lacks {})",
            report.not_evaluated.len(),
            first.code,
            first.name,
            first.lacks.join(", ")
        );
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
}

pub fn run(args: &RunArgs) -> Result<()> {
    let fw = super::framework(&args.framework)?;
    let methods = args
        .methods
        .any()
        .then(|| args.methods.over(&fw.methods))
        .transpose()?;
    let (done, id) = shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let input = evaluation::load(&store, &fw, args.year)
            .await
            .with_context(|| format!("could not load {} for {}", fw.id, args.year))?;
        let done = evaluation::run(input, methods.as_ref())
            .with_context(|| format!("could not run {} for {}", fw.id, args.year))?;
        let id = if args.store {
            Some(
                evaluation::store_run(&store, &done, args.actor.as_deref(), &shared::now())
                    .await
                    .context("could not store the run")?,
            )
        } else {
            None
        };
        store.close().await;
        anyhow::Ok((done, id))
    })?;
    describe(&done.report);
    args.view.emit(&done.report)?;
    if let Some(id) = id {
        println!("stored run {id}");
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct RunsArgs {
    /// Only runs of this framework id.
    #[arg(long)]
    framework: Option<String>,
    #[command(flatten)]
    output: TableOutput,
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn runs(args: &RunsArgs) -> Result<()> {
    let runs = shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let runs = store
            .list_evaluation_runs(args.framework.as_deref())
            .await
            .context("could not list the evaluation runs")?;
        store.close().await;
        anyhow::Ok(runs)
    })?;
    args.output.emit(&tables::runs_table(&runs))
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The run's id (chainchief evaluate runs).
    run_id: i64,
    #[command(flatten)]
    view: ViewArgs,
    #[command(flatten)]
    database: DatabaseArgs,
}

fn stored(url: &str, id: i64) -> Result<evaluation::StoredRun> {
    shared::runtime()?.block_on(async {
        let store = shared::open_store(url).await?;
        let run = evaluation::stored_run(&store, id).await?;
        store.close().await;
        anyhow::Ok(run)
    })
}

/// The first 16 hex digits of a digest.
fn short(digest: &str) -> &str {
    digest.get(..16).unwrap_or(digest)
}

pub fn show(args: &ShowArgs) -> Result<()> {
    let run = stored(&args.database.database_url, args.run_id)?;
    eprintln!(
        "run {} · stored {} by {} · {} · input {} · results {}",
        run.id,
        run.created_at,
        run.actor.as_deref().unwrap_or("-"),
        run.record.engine,
        short(&run.record.input_digest),
        short(&run.record.result_digest)
    );
    describe(&run.report);
    args.view.emit(&run.report)
}

#[derive(Debug, Args)]
pub struct ReproduceArgs {
    /// The run's id (chainchief evaluate runs).
    run_id: i64,
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn reproduce(args: &ReproduceArgs) -> Result<()> {
    let run = stored(&args.database.database_url, args.run_id)?;
    let again = evaluation::reproduce(&run)?;
    let what = format!(
        "run {} ({} {}, {})",
        run.id, run.record.framework_id, run.record.framework_version, run.parameters.year
    );
    if again.identical {
        println!("{what}: identical (engine, framework, input and every result bit for bit)");
        return Ok(());
    }
    let mut differs = Vec::new();
    if !again.engine_matches {
        differs.push(format!(
            "engine {} now, {} then",
            again.record.engine, run.record.engine
        ));
    }
    if !again.framework_matches {
        differs.push("framework content".to_owned());
    }
    if !again.input_matches {
        differs.push("input snapshot".to_owned());
    }
    if differs.is_empty() {
        differs.push("results".to_owned());
    }
    bail!("{what}: not identical: {} differ", differs.join(", "))
}
