//! `chainchief relate recommend|quadrants|variety|gradient|targets` over the database: the
//! province's county, city or park × industry table of one year, optionally joined with a
//! national reference table, through `analytics::relatedness`.

use std::path::{Path, PathBuf};

use analytics::relatedness::{
    self, GradientSpec, LocationLevel, ReferenceRow, RelatednessData, TableSpec, TargetSpec, tables,
};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, ValueEnum};
use model::{IndustryLevel, RegionCode};
use relate::{ComponentPolicy, QuadrantRule, RecommendOptions};

use super::EngineArgs;
use crate::commands::shared::{self, DatabaseArgs, TableOutput};

/// The place a command is about.
#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// A county (GB/T 2260 code, e.g. 140105).
    #[arg(long, conflicts_with_all = ["city", "park"])]
    county: Option<String>,
    /// A city (GB/T 2260 code, e.g. 140100).
    #[arg(long, conflicts_with = "park")]
    city: Option<String>,
    /// A park (its code, e.g. P140101).
    #[arg(long)]
    park: Option<String>,
}

const NAME_A_PLACE: &str = "name a place: --county CODE, --city CODE or --park CODE";

impl PlaceArgs {
    fn chosen(&self) -> Option<(LocationLevel, &str)> {
        match (&self.county, &self.city, &self.park) {
            (Some(c), _, _) => Some((LocationLevel::County, c)),
            (_, Some(c), _) => Some((LocationLevel::City, c)),
            (_, _, Some(p)) => Some((LocationLevel::Park, p)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum IndustryLevelArg {
    /// 小类 (4 digits)
    Class,
    /// 中类 (3 digits)
    Group,
    /// 大类 (2 digits)
    Division,
}

impl IndustryLevelArg {
    fn level(self) -> IndustryLevel {
        match self {
            IndustryLevelArg::Class => IndustryLevel::Class,
            IndustryLevelArg::Group => IndustryLevel::Group,
            IndustryLevelArg::Division => IndustryLevel::Division,
        }
    }
}

/// How the location × industry table is made from the database.
#[derive(Debug, Args)]
pub struct StoredTableArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Calendar year (default: the latest year whose December is reported).
    #[arg(long)]
    year: Option<u16>,
    /// Monthly indicator whose annual figure fills the table: output_value, operating_revenue,
    /// employees (averaged over the year, not summed) …
    #[arg(long, default_value = "output_value")]
    indicator: String,
    /// GB/T 4754 level of the industries.
    #[arg(long, value_enum, default_value_t = IndustryLevelArg::Class)]
    industry_level: IndustryLevelArg,
    /// Home province (GB/T 2260 code; default: the province of the stored key chains).
    #[arg(long)]
    province: Option<String>,
    /// National reference table, CSV with columns location (GB/T 2260 county code), industry
    /// (GB/T 4754 code), value (same indicator and unit, yuan) and optionally year. The other
    /// provinces' locations join the table so that relatedness follows national patterns; rows
    /// of the home province are ignored (the database stands for them).
    #[arg(long, value_name = "FILE")]
    reference: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuadrantArgs {
    #[command(flatten)]
    place: PlaceArgs,
    #[command(flatten)]
    engine: EngineArgs,
    #[command(flatten)]
    stored: StoredTableArgs,
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LevelArg {
    County,
    City,
    Park,
}

impl LevelArg {
    fn level(self) -> LocationLevel {
        match self {
            LevelArg::County => LocationLevel::County,
            LevelArg::City => LocationLevel::City,
            LevelArg::Park => LocationLevel::Park,
        }
    }
}

#[derive(Debug, Args)]
pub struct VarietyArgs {
    /// Places compared: county, city or park.
    #[arg(long, value_enum, default_value_t = LevelArg::County)]
    level: LevelArg,
    #[command(flatten)]
    engine: EngineArgs,
    #[command(flatten)]
    stored: StoredTableArgs,
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GradientLevelArg {
    County,
    City,
}

#[derive(Debug, Args)]
pub struct GradientArgs {
    /// Places compared: county or city.
    #[arg(long, value_enum, default_value_t = GradientLevelArg::County)]
    level: GradientLevelArg,
    /// Only this place's rows (GB/T 2260 code).
    #[arg(long)]
    place: Option<String>,
    /// Only this industry's rows (GB/T 4754 code at --industry-level).
    #[arg(long)]
    industry: Option<String>,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Calendar year (default: the latest year whose December is reported).
    #[arg(long)]
    year: Option<u16>,
    /// GB/T 4754 level of the industries.
    #[arg(long, value_enum, default_value_t = IndustryLevelArg::Class)]
    industry_level: IndustryLevelArg,
    /// Home province (GB/T 2260 code; default: the province of the stored key chains).
    #[arg(long)]
    province: Option<String>,
    #[command(flatten)]
    output: TableOutput,
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The key chain (e.g. SX-01).
    #[arg(long)]
    chain: String,
    /// Candidates per gap node.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Parks per candidate.
    #[arg(long, default_value_t = 3)]
    parks: usize,
    /// 弱链 when fewer local members than this serve a node (default: the chain risk
    /// report's threshold, 3).
    #[arg(long)]
    min_local_firms: Option<usize>,
    /// 弱链 when local members hold less than this share of the node's size (default: the
    /// chain risk report's threshold, 0.2).
    #[arg(long)]
    min_local_share: Option<f64>,
    #[command(flatten)]
    engine: EngineArgs,
    #[command(flatten)]
    stored: StoredTableArgs,
    #[command(flatten)]
    output: TableOutput,
}

fn province(code: Option<&str>) -> Result<Option<RegionCode>> {
    code.map(|c| RegionCode::parse(c).with_context(|| format!("--province {c}")))
        .transpose()
}

/// Reads a reference table (location, industry, value[, year]); with a year column, only the
/// rows of `year`.
fn read_reference(path: &Path, year: u16) -> Result<Vec<ReferenceRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot open {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header", path.display()))?
        .clone();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            anyhow!(
                "{}: no column {name:?} (columns: {})",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let (loc, ind, val) = (column("location")?, column("industry")?, column("value")?);
    let year_col = headers.iter().position(|h| h == "year");
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        if let Some(k) = year_col
            && record[k].trim() != year.to_string()
        {
            continue;
        }
        let value: f64 = record[val].trim().parse().map_err(|_| {
            anyhow!(
                "{} row {line} column \"value\": cannot read {:?} as a number",
                path.display(),
                &record[val]
            )
        })?;
        rows.push(ReferenceRow {
            location: record[loc].trim().to_owned(),
            industry: record[ind].trim().to_owned(),
            value,
        });
    }
    if rows.is_empty() {
        bail!("{}: no rows for {year}", path.display());
    }
    Ok(rows)
}

/// Loads the table the arguments describe and computes it.
async fn load(
    store: &store::Store,
    stored: &StoredTableArgs,
    engine: &EngineArgs,
    locations: LocationLevel,
) -> Result<RelatednessData> {
    let year = relatedness::table_year(store, stored.year).await?;
    let reference = match &stored.reference {
        Some(path) => read_reference(path, year)?,
        None => Vec::new(),
    };
    let spec = TableSpec {
        year: Some(year),
        locations,
        industries: stored.industry_level.level(),
        indicator: stored.indicator.clone(),
        province: province(stored.province.as_deref())?,
        options: relate::Options {
            components: ComponentPolicy::LargestOnly,
            ..engine.options()
        },
    };
    RelatednessData::load(store, &spec, &reference)
        .await
        .with_context(|| {
            format!(
                "could not build the {} × industry table",
                locations.as_str()
            )
        })
}

/// What the table holds, for one line on stderr once the command succeeded.
fn summary(data: &RelatednessData) -> String {
    let local = data.local.iter().filter(|l| **l).count();
    format!(
        "{} {}: {local} local and {} reference places ({}) × {} industries ({} level, {} mode)",
        data.indicator,
        data.year,
        data.local.len() - local,
        data.locations.as_str(),
        data.matrix.industries().len(),
        data.industries.as_str(),
        data.complexity.options.mode.name(),
    )
}

/// Opens the database, runs `f`, closes it.
fn with_store<T>(
    database: &DatabaseArgs,
    f: impl AsyncFnOnce(&store::Store) -> Result<T>,
) -> Result<T> {
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&database.database_url).await?;
        let out = f(&store).await;
        store.close().await;
        out
    })
}

pub(super) fn recommend(
    place: &PlaceArgs,
    engine: &EngineArgs,
    stored: &StoredTableArgs,
    options: RecommendOptions,
    output: &TableOutput,
) -> Result<()> {
    let Some((level, code)) = place.chosen() else {
        bail!("{NAME_A_PLACE} (or --input FILE … --location NAME for your own table)");
    };
    let (rec, about) = with_store(&stored.database, async |store| {
        let data = load(store, stored, engine, level).await?;
        Ok((data.recommend(code, &options)?, summary(&data)))
    })?;
    eprintln!("{about}");
    eprintln!(
        "{} ({}), strategy {}",
        rec.place.name, rec.place.code, rec.strategy
    );
    output.emit(&tables::recommendation_table(&rec))
}

pub(super) fn quadrants(args: &QuadrantArgs) -> Result<()> {
    let Some((level, code)) = args.place.chosen() else {
        bail!("{NAME_A_PLACE}");
    };
    let (view, about) = with_store(&args.stored.database, async |store| {
        let data = load(store, &args.stored, &args.engine, level).await?;
        Ok((
            data.quadrants(code, &QuadrantRule::default())?,
            summary(&data),
        ))
    })?;
    eprintln!("{about}");
    eprintln!(
        "{} ({}): RCA cut {}, density cut {:.4} (the place's median)",
        view.place.name, view.place.code, view.rca_cut, view.density_cut
    );
    args.output
        .emit(&tables::quadrant_table(&view, args.output.chinese()))
}

pub(super) fn variety(args: &VarietyArgs) -> Result<()> {
    let (rows, about) = with_store(&args.stored.database, async |store| {
        let data = load(store, &args.stored, &args.engine, args.level.level()).await?;
        Ok((data.variety()?, summary(&data)))
    })?;
    eprintln!("{about}");
    args.output.emit(&tables::variety_table(&rows))
}

pub(super) fn gradient(args: &GradientArgs) -> Result<()> {
    let spec = GradientSpec {
        year: args.year,
        locations: match args.level {
            GradientLevelArg::County => LocationLevel::County,
            GradientLevelArg::City => LocationLevel::City,
        },
        industries: args.industry_level.level(),
        province: province(args.province.as_deref())?,
        ..GradientSpec::default()
    };
    let mut table = with_store(&args.database, async |store| {
        relatedness::gradient(store, &spec)
            .await
            .context("could not compute the gradient coefficients")
    })?;
    table.rows.retain(|r| {
        args.place.as_ref().is_none_or(|p| &r.place.code == p)
            && args.industry.as_ref().is_none_or(|i| &r.industry == i)
    });
    if table.rows.is_empty() {
        bail!("no place × industry with both output and employees matches the filters");
    }
    args.output.emit(&tables::gradient_table(&table))
}

pub(super) fn targets(args: &TargetArgs) -> Result<()> {
    let mut spec = TargetSpec::new(&args.chain);
    spec.options.top_candidates = args.top;
    spec.options.top_parks = args.parks;
    if let Some(n) = args.min_local_firms {
        spec.thresholds.weak_min_local_firms = n;
    }
    if let Some(share) = args.min_local_share {
        if !(0.0..=1.0).contains(&share) {
            bail!("--min-local-share {share}: give a share between 0 and 1");
        }
        spec.thresholds.weak_min_local_size_share = share;
    }
    let (targets, about) = with_store(&args.stored.database, async |store| {
        let data = load(store, &args.stored, &args.engine, LocationLevel::County).await?;
        let targets = relatedness::chain_targets(store, &data, &spec)
            .await
            .with_context(|| format!("chain {}", args.chain))?;
        Ok((targets, summary(&data)))
    })?;
    eprintln!("{about}");
    let chinese = args.output.chinese();
    for node in &targets.nodes {
        eprintln!(
            "{}",
            if chinese {
                &node.explanation_zh
            } else {
                &node.explanation_en
            }
        );
    }
    if targets.nodes.is_empty() {
        eprintln!(
            "{} {}: every node has at least {} local members holding {:.0}% of its size",
            targets.chain,
            targets.chain_name,
            targets.thresholds.weak_min_local_firms,
            targets.thresholds.weak_min_local_size_share * 100.0
        );
    }
    args.output.emit(&tables::target_table(&targets, chinese))
}
