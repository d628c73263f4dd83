//! `chainchief demo`: make the demo province, load it, and serve it.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::shared::{self, ListenArgs, ServerArgs, StageProgress};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SizeArg {
    /// About 2,000 enterprises.
    Small,
    /// About 20,000 enterprises and 100,000 supply links.
    Medium,
    /// About 500,000 enterprises and 5 million links; only with --out.
    National,
}

impl From<SizeArg> for demo::Size {
    fn from(size: SizeArg) -> Self {
        match size {
            SizeArg::Small => demo::Size::Small,
            SizeArg::Medium => demo::Size::Medium,
            SizeArg::National => demo::Size::National,
        }
    }
}

/// Creates a synthetic province modelled on Shanxi (real cities and counties, its 16 key chains,
/// fictional enterprises), loads it into a database and serves it in the browser.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How big a province to make.
    #[arg(long, value_enum, default_value = "medium")]
    size: SizeArg,
    /// Random seed: the same seed always gives the same province.
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    seed: u64,
    /// Database for the demo (kept apart from real data): a SQLite file or a postgres:// URL.
    #[arg(
        long,
        env = "CHAINCHIEF_DEMO_DATABASE_URL",
        default_value = "chainchief-demo.sqlite"
    )]
    database_url: String,
    /// Start from an empty database: deletes the demo SQLite file first.
    #[arg(long)]
    fresh: bool,
    /// Load the province and exit instead of serving it.
    #[arg(long)]
    no_serve: bool,
    /// Write the province as CSV files into this directory instead of loading it (the national
    /// size must be written this way).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write the demo accounts (one per role) with their passwords as JSON to this file.
    #[arg(long, value_name = "FILE")]
    accounts_file: Option<PathBuf>,
    #[command(flatten)]
    listen: ListenArgs,
    #[command(flatten)]
    server: ServerArgs,
}

pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    let size = demo::Size::from(args.size);
    if let Some(dir) = &args.out {
        return export(size, args.seed, dir);
    }
    if size == demo::Size::National {
        bail!("the national province is for benchmarks: write it to files with --out DIR");
    }
    shared::init_logging("warn");
    shared::runtime()?.block_on(async {
        if args.fresh {
            remove_sqlite_files(&args.database_url)?;
        }
        let store = shared::open_store(&args.database_url).await?;
        if demo::load::is_loaded(&store).await? {
            eprintln!(
                "the demo province is already in {} (use --fresh to make it again)",
                shared::redact(&args.database_url)
            );
        } else {
            let started = Instant::now();
            eprintln!("generating the {} province (seed {})…", size.as_str(), args.seed);
            let province = demo::Province::generate(size, args.seed)?;
            let progress = StageProgress::new();
            let summary = demo::load::load(&store, &province, &|stage, done, total| progress.update(stage, done, total))
                .await
                .context("could not load the demo province")?;
            progress.finish();
            eprintln!(
                "loaded {} enterprises, {} chain memberships, {} supply links, {} observations and {} enterprise facts into {} in {:.1} s",
                summary.enterprises,
                summary.memberships,
                summary.supply_links,
                summary.observations,
                summary.facts,
                shared::redact(&args.database_url),
                started.elapsed().as_secs_f64()
            );
        }
        super::user::demo_accounts(&store, args.accounts_file.as_deref()).await?;
        if args.no_serve {
            store.close().await;
            return Ok(());
        }
        shared::serve(store, args.listen.listen, args.server.config()).await
    })
}

fn export(size: demo::Size, seed: u64, dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let started = Instant::now();
    eprintln!("generating the {} province (seed {})…", size.as_str(), seed);
    let province = demo::Province::generate(size, seed)?;
    let progress = StageProgress::new();
    demo::export::export(&province, dir, &|stage, done, total| {
        progress.update(stage, done, total)
    })?;
    progress.finish();
    eprintln!(
        "wrote {} to {} in {:.1} s",
        demo::export::FILES.join(", "),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Removes a SQLite database and its WAL files; refuses for other databases.
fn remove_sqlite_files(url: &str) -> anyhow::Result<()> {
    if url.contains("://") && !url.starts_with("sqlite://") {
        bail!(
            "--fresh only deletes SQLite files; empty the database {} yourself",
            shared::redact(url)
        );
    }
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{path}{suffix}");
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("could not delete {file}")),
        }
    }
    Ok(())
}
