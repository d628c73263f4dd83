//! `chainchief monitor`: operation monitoring (产业链运行监测) over the database — rollups with
//! 当月/累计 and their 同比, contributions to growth, graded warnings, enterprise series, target
//! progress.

use std::path::PathBuf;

use analytics::monitoring::{self, MonitoringData};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use model::Period;
use monitor::{GrowthBasis, RollupSpec, WarningRules};

use super::shared::{self, DatabaseArgs, TableOutput};

#[derive(Debug, Subcommand)]
pub enum MonitorCommand {
    /// Figures by chain, node, segment, region, park, town, title or size class, and their
    /// combinations (e.g. --by chain,city).
    Rollup(RollupArgs),
    /// 贡献率 and 拉动 of each child group to its parent's growth (e.g. cities within chains).
    Contributions(ContributionArgs),
    /// Graded warnings (blue, orange, red) for enterprises or groups, with the rule and figures.
    Warnings(WarningArgs),
    /// One enterprise's monthly series of every indicator.
    Series(SeriesArgs),
    /// Progress toward chain targets and the MIIT 2027 targets.
    Targets(TargetArgs),
}

/// Options every monitor subcommand takes.
#[derive(Debug, Args)]
pub struct Common {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(flatten)]
    output: TableOutput,
    /// Titles held on this date count for the title dimension (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    titles_on: Option<String>,
}

#[derive(Debug, Args)]
pub struct RollupArgs {
    #[command(flatten)]
    common: Common,
    /// Dimensions to cross: chain, node, segment, province, city, county, park, town, title, size.
    #[arg(long, value_delimiter = ',', default_value = "chain")]
    by: Vec<String>,
    /// Indicators (codes, e.g. output_value,electricity,profit_margin); all when omitted.
    #[arg(long, value_delimiter = ',')]
    indicator: Vec<String>,
    /// Reporting period (YYYY-MM; YYYY-02 is 1–2月); the latest when omitted.
    #[arg(long)]
    period: Option<Period>,
    /// Every period instead of one.
    #[arg(long, conflicts_with = "period")]
    all_periods: bool,
    /// Only 规模以上 enterprises (营业收入 ≥ 20 million yuan).
    #[arg(long)]
    above_size: bool,
    /// Restrict to one group, e.g. chain=SX-01 or city=140100 (repeatable).
    #[arg(long, value_name = "DIMENSION=LABEL")]
    within: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ContributionArgs {
    #[command(flatten)]
    common: Common,
    /// Parent dimensions (e.g. chain).
    #[arg(long, value_delimiter = ',', default_value = "chain")]
    parent: Vec<String>,
    /// The child dimension added under the parent (e.g. city).
    #[arg(long, default_value = "city")]
    child: String,
    /// An additive indicator.
    #[arg(long, default_value = "output_value")]
    indicator: String,
    #[arg(long)]
    period: Option<Period>,
    /// Explain 累计同比 instead of 当月同比.
    #[arg(long)]
    year_to_date: bool,
    #[arg(long)]
    above_size: bool,
}

#[derive(Debug, Args)]
pub struct WarningArgs {
    #[command(flatten)]
    common: Common,
    /// enterprise, or a group dimension (chain, node, city, county, park, town …).
    #[arg(long, default_value = "enterprise")]
    level: String,
    /// Period evaluated (the latest when omitted).
    #[arg(long)]
    at: Option<Period>,
    /// A rules file in the layout of crates/monitor/rules/warnings.csv instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SeriesArgs {
    #[command(flatten)]
    common: Common,
    /// The enterprise's unified social credit code.
    #[arg(long)]
    uscc: String,
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    #[command(flatten)]
    common: Common,
}

fn load(common: &Common) -> anyhow::Result<MonitoringData> {
    let titles_on = common.titles_on.clone().unwrap_or_else(shared::today);
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&common.database.database_url).await?;
        let data = monitoring::load(&store, &titles_on)
            .await
            .context("could not load the monitoring data")?;
        store.close().await;
        Ok(data)
    })
}

fn latest(data: &MonitoringData) -> Period {
    data.monitor.axis().last()
}

pub fn run(command: MonitorCommand) -> anyhow::Result<()> {
    match command {
        MonitorCommand::Rollup(args) => {
            let data = load(&args.common)?;
            let mut spec = RollupSpec::by(&args.by.iter().map(String::as_str).collect::<Vec<_>>());
            spec.measures = args.indicator.clone();
            spec.above_designated_size_only = args.above_size;
            for within in &args.within {
                let Some((dimension, label)) = within.split_once('=') else {
                    bail!("--within {within:?}: write it as DIMENSION=LABEL, e.g. chain=SX-01");
                };
                spec = spec.within(dimension, label);
            }
            let rollup = data.monitor.rollup(&spec)?;
            let periods = if args.all_periods {
                Vec::new()
            } else {
                vec![args.period.unwrap_or_else(|| latest(&data))]
            };
            args.common.output.emit(&monitoring::rollup_table(
                &data,
                &rollup,
                &periods,
                args.common.output.chinese(),
            ))
        }
        MonitorCommand::Contributions(args) => {
            let data = load(&args.common)?;
            let parent_dims: Vec<&str> = args.parent.iter().map(String::as_str).collect();
            let mut child_dims = parent_dims.clone();
            child_dims.push(&args.child);
            let scope = |spec: RollupSpec| {
                if args.above_size {
                    spec.above_size_only()
                } else {
                    spec
                }
            };
            let measures = [args.indicator.as_str()];
            let parent = data
                .monitor
                .rollup(&scope(RollupSpec::by(&parent_dims).measures(&measures)))?;
            let child = data
                .monitor
                .rollup(&scope(RollupSpec::by(&child_dims).measures(&measures)))?;
            let period = args.period.unwrap_or_else(|| latest(&data));
            let basis = if args.year_to_date {
                GrowthBasis::YearToDate
            } else {
                GrowthBasis::Month
            };
            let tables = monitor::contributions(&parent, &child, &args.indicator, period, basis)?;
            args.common
                .output
                .emit(&monitoring::contribution_table(&data, &child, &tables))
        }
        MonitorCommand::Warnings(args) => {
            let data = load(&args.common)?;
            let rules = match &args.rules {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .with_context(|| format!("could not read {}", path.display()))?;
                    WarningRules::parse(&text, &path.display().to_string())?
                }
                None => WarningRules::builtin()?,
            };
            let at = args.at.unwrap_or_else(|| latest(&data));
            let warnings = if args.level == "enterprise" {
                monitor::evaluate_enterprises(&data.monitor, &rules, at)?
            } else {
                let rollup = data
                    .monitor
                    .rollup(&RollupSpec::by(&[args.level.as_str()]))?;
                monitor::evaluate_groups(&rollup, &rules, at)?
            };
            args.common.output.emit(&monitoring::warning_table(
                &data,
                &warnings,
                args.common.output.chinese(),
            ))
        }
        MonitorCommand::Series(args) => {
            let data = load(&args.common)?;
            let uscc = model::Uscc::parse(&args.uscc)?;
            let Some(index) = data.enterprise_index(uscc.as_str()) else {
                bail!("no enterprise with USCC {uscc} in the database");
            };
            args.common.output.emit(&monitoring::series_table(
                &data,
                index,
                args.common.output.chinese(),
            )?)
        }
        MonitorCommand::Targets(args) => {
            let data = load(&args.common)?;
            let chinese = args.common.output.chinese();
            let targets = shared::runtime()?.block_on(async {
                let store = shared::open_store(&args.common.database.database_url).await?;
                let mut all = Vec::new();
                for chain in store
                    .list_chain_summaries(&store::EnterpriseScope::everything())
                    .await?
                {
                    all.extend(store.chain_targets(&chain.code).await?);
                }
                store.close().await;
                anyhow::Ok(all)
            })?;
            let items = monitoring::target_progress(&data, &targets, true, chinese)?;
            args.common
                .output
                .emit(&monitoring::target_table(&items, chinese))
        }
    }
}
