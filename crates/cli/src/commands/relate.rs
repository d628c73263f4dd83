//! `chainchief relate …`: complexity and relatedness of an analyst's own location × industry
//! table (CSV in, CSV out), through the `relate` engine.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use rayon::prelude::*;
use relate::{
    Complexity, ComponentPolicy, LongTable, Mode, Options, PeriodMatrix, PresenceTest,
    ProximityKind, RecommendOptions, Strategy, Weights, recommend,
};

use super::shared;

mod stored;

#[derive(Debug, Args)]
pub struct RelateArgs {
    #[command(subcommand)]
    command: RelateCommand,
}

#[derive(Debug, Subcommand)]
enum RelateCommand {
    /// RCA, presence, diversity/ubiquity, ECI/PCI, density, COI/COG per period: writes
    /// DIR/locations.csv, DIR/industries.csv and DIR/pairs.csv.
    Complexity {
        #[command(flatten)]
        table: Box<FileArgs>,
        #[command(flatten)]
        engine: EngineArgs,
        /// Output folder (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Industries a county, city or park lacks (from the database), or a location of your own
    /// table (--input … --location), ranked under a strategy profile, each with the related
    /// industries it already has.
    Recommend(Box<RecommendArgs>),
    /// A county's, city's or park's industries by specialisation (RCA) and relatedness
    /// (density): strength, threat, opportunity, weakness, possible entrant.
    Quadrants(stored::QuadrantArgs),
    /// Related and unrelated variety (entropy over GB/T 4754 divisions) of every county, city
    /// or park.
    Variety(stored::VarietyArgs),
    /// Industry gradient coefficient (产业梯度系数 = location quotient × comparative labour
    /// productivity) of every county or city and industry, for transfer undertaking.
    Gradient(stored::GradientArgs),
    /// Chain-gap investment targets: for each missing (缺链) or weak (弱链) node of a chain,
    /// enterprises outside the province that make its products, ranked, with the parks that
    /// fit them.
    Targets(stored::TargetArgs),
}

#[derive(Debug, Args)]
struct RecommendArgs {
    /// Your own long table instead of the database (with --location).
    #[command(flatten)]
    file: Option<FileArgs>,
    /// With --input: the location to recommend for (a value of the location column).
    #[arg(long, requires = "input", conflicts_with_all = ["county", "city", "park"])]
    location: Option<String>,
    /// With --input: the period to use (a value of the period column); required when there
    /// are several.
    #[arg(long, requires = "input")]
    period: Option<String>,
    #[command(flatten)]
    place: stored::PlaceArgs,
    #[command(flatten)]
    engine: EngineArgs,
    /// Strategy profile: nearby (feasibility first), ladder (climb the complexity ladder),
    /// long-jumps (value and gain, feasibility nearly ignored).
    #[arg(long, value_enum, default_value_t = StrategyArg::Nearby)]
    strategy: StrategyArg,
    /// Custom weights "feasibility,value,gain" (overrides --strategy), e.g. 0.5,0.3,0.2.
    #[arg(long)]
    weights: Option<String>,
    /// Number of rows.
    #[arg(long, default_value_t = 20)]
    top: usize,
    #[command(flatten)]
    stored: stored::StoredTableArgs,
    #[command(flatten)]
    output: shared::TableOutput,
}

/// Where an analyst's long table is and how to read it. The four table arguments are required
/// together once any argument of the group is given (so `recommend` can also run without a
/// file, on the database).
#[derive(Debug, Args)]
#[group(requires_all = ["input", "location_col", "industry_col", "value_col"])]
struct FileArgs {
    /// Long CSV table: one row per (period,) location, industry and value.
    #[arg(long, required = false)]
    input: PathBuf,
    /// Column holding the location (county, city, park…).
    #[arg(long, required = false)]
    location_col: String,
    /// Column holding the industry (e.g. GB/T 4754 code).
    #[arg(long, required = false)]
    industry_col: String,
    /// Column holding the value (output, revenue, employment, exports); with --presence given,
    /// the precomputed M (0 or 1).
    #[arg(long, required = false)]
    value_col: String,
    /// Column holding the period; each period is computed on its own.
    #[arg(long)]
    period_col: Option<String>,
    /// Presence test: rca (Balassa RCA, the default), rpop (population-based RCA, needs
    /// --population) or given (the value column already is M).
    #[arg(long, value_enum)]
    presence: Option<PresenceArg>,
    /// CSV with population per location (location column named as --location-col, the period
    /// column as --period-col when it has one, and --population-col).
    #[arg(long)]
    population: Option<PathBuf>,
    /// Population column of --population (default: population).
    #[arg(long)]
    population_col: Option<String>,
}

/// The engine's conventions.
#[derive(Debug, Args)]
struct EngineArgs {
    /// Reference conventions: stata (Growth Lab's Stata package, canonical) or py-ecomplexity
    /// (PyPI ecomplexity 0.5.3).
    #[arg(long, value_enum, default_value_t = ModeArg::Stata)]
    mode: ModeArg,
    /// Presence threshold T on RCA (or RPOP): strict (>) in stata mode, ≥ in py-ecomplexity.
    #[arg(long, default_value_t = 1.0)]
    threshold: f64,
    /// Proximity: symmetric co-occurrence, asymmetric (conditional probability) or continuous
    /// ((1 + pearson of RCA) / 2, density then weights RCA).
    #[arg(long, value_enum, default_value_t = ProximityArg::Symmetric)]
    proximity: ProximityArg,
    /// When the location–industry network falls into disconnected parts, compute ECI/PCI on
    /// the largest and report the rest as detached (default for your own files: stop with an
    /// error naming them; tables from the database always do this).
    #[arg(long)]
    largest_component: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModeArg {
    Stata,
    PyEcomplexity,
}

#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
enum PresenceArg {
    Rca,
    Rpop,
    Given,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProximityArg {
    Symmetric,
    Asymmetric,
    Continuous,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StrategyArg {
    Nearby,
    Ladder,
    LongJumps,
}

pub fn run(args: RelateArgs) -> Result<()> {
    match args.command {
        RelateCommand::Complexity { table, engine, out } => complexity(&table, &engine, &out),
        RelateCommand::Recommend(args) => {
            let strategy = match &args.weights {
                Some(w) => Strategy::Custom(parse_weights(w)?),
                None => match args.strategy {
                    StrategyArg::Nearby => Strategy::NearbyOpportunities,
                    StrategyArg::Ladder => Strategy::ClimbComplexityLadder,
                    StrategyArg::LongJumps => Strategy::LongJumps,
                },
            };
            let options = RecommendOptions {
                strategy,
                top: args.top,
                explain: 3,
            };
            match (&args.file, &args.location) {
                (Some(file), Some(location)) => recommend_for(
                    file,
                    &args.engine,
                    location,
                    args.period.as_deref(),
                    options,
                    args.output.out.as_deref(),
                ),
                (Some(_), None) => {
                    bail!("--input needs --location (a value of the location column)")
                }
                (None, _) => stored::recommend(
                    &args.place,
                    &args.engine,
                    &args.stored,
                    options,
                    &args.output,
                ),
            }
        }
        RelateCommand::Quadrants(args) => stored::quadrants(&args),
        RelateCommand::Variety(args) => stored::variety(&args),
        RelateCommand::Gradient(args) => stored::gradient(&args),
        RelateCommand::Targets(args) => stored::targets(&args),
    }
}

fn parse_weights(text: &str) -> Result<Weights> {
    let parts: Vec<f64> = text
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<f64>()
                .with_context(|| format!("--weights: {s:?} is not a number"))
        })
        .collect::<Result<_>>()?;
    let [feasibility, value, gain] = parts[..] else {
        bail!("--weights needs three numbers, feasibility,value,gain; got {text:?}")
    };
    Ok(Weights {
        feasibility,
        value,
        gain,
    })
}

/// Column positions of a CSV header, with an error naming the file and the missing column.
fn column(path: &Path, headers: &csv::StringRecord, name: &str) -> Result<usize> {
    headers.iter().position(|h| h == name).ok_or_else(|| {
        let have: Vec<&str> = headers.iter().collect();
        anyhow!(
            "{}: no column {name:?} (columns: {})",
            path.display(),
            have.join(", ")
        )
    })
}

/// A number cell: empty, NA and NaN are missing (NaN, counted as 0 by the engine).
fn number(path: &Path, line: u64, col: &str, text: &str) -> Result<f64> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("nan") {
        return Ok(f64::NAN);
    }
    t.parse().map_err(|_| {
        anyhow!(
            "{} row {line} column {col:?}: cannot read {t:?} as a number",
            path.display()
        )
    })
}

fn open(path: &Path) -> Result<(csv::Reader<File>, csv::StringRecord)> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header", path.display()))?
        .clone();
    Ok((reader, headers))
}

fn read_table(args: &FileArgs) -> Result<Vec<PeriodMatrix>> {
    let path = args.input.as_path();
    let (mut reader, headers) = open(path)?;
    let loc = column(path, &headers, &args.location_col)?;
    let ind = column(path, &headers, &args.industry_col)?;
    let val = column(path, &headers, &args.value_col)?;
    let per = args
        .period_col
        .as_deref()
        .map(|c| column(path, &headers, c))
        .transpose()?;
    let mut table = LongTable::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(anyhow!("{}: {e}", path.display())),
        }
        let line = record.position().map_or(0, |p| p.line());
        let value = number(path, line, &args.value_col, &record[val])?;
        if value < 0.0 || value.is_infinite() {
            bail!(
                "{} row {line} column {:?}: {value} is not a finite, non-negative number",
                path.display(),
                args.value_col
            );
        }
        table.push(
            per.map_or("", |k| &record[k]),
            &record[loc],
            &record[ind],
            value,
        );
    }
    if table.is_empty() {
        bail!("{}: no data rows", path.display());
    }
    table
        .into_periods()
        .map_err(|(period, e)| anyhow!("{}: period {period:?}: {e}", path.display()))
}

/// Population per (period, location) from --population.
fn read_population(args: &FileArgs) -> Result<HashMap<(String, String), f64>> {
    let path = args
        .population
        .as_deref()
        .context("--presence rpop needs --population FILE")?;
    let (mut reader, headers) = open(path)?;
    let loc = column(path, &headers, &args.location_col)?;
    let population_col = args.population_col.as_deref().unwrap_or("population");
    let pop = column(path, &headers, population_col)?;
    let per = args
        .period_col
        .as_deref()
        .and_then(|c| headers.iter().position(|h| h == c));
    let mut out = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        let value = number(path, line, population_col, &record[pop])?;
        out.insert(
            (
                per.map_or(String::new(), |k| record[k].to_owned()),
                record[loc].to_owned(),
            ),
            value,
        );
    }
    Ok(out)
}

fn options(
    args: &FileArgs,
    engine: &EngineArgs,
    period: &PeriodMatrix,
    population: Option<&HashMap<(String, String), f64>>,
) -> Result<Options> {
    let presence = match args.presence.unwrap_or(PresenceArg::Rca) {
        PresenceArg::Rca => PresenceTest::Rca,
        PresenceArg::Given => PresenceTest::Given,
        PresenceArg::Rpop => {
            let pop = population.context("--presence rpop needs --population FILE")?;
            let figures = period
                .matrix
                .locations()
                .iter()
                .map(|l| {
                    pop.get(&(period.period.clone(), l.clone()))
                        .or_else(|| pop.get(&(String::new(), l.clone())))
                        .copied()
                        .ok_or_else(|| {
                            anyhow!(
                                "period {:?}: no population for location {l:?}",
                                period.period
                            )
                        })
                })
                .collect::<Result<_>>()?;
            PresenceTest::Population(figures)
        }
    };
    Ok(Options {
        presence,
        ..engine.options()
    })
}

impl EngineArgs {
    /// The engine options these flags ask for (presence by RCA).
    fn options(&self) -> Options {
        Options {
            mode: match self.mode {
                ModeArg::Stata => Mode::Stata,
                ModeArg::PyEcomplexity => Mode::PyEcomplexity,
            },
            presence: PresenceTest::Rca,
            threshold: self.threshold,
            proximity: match self.proximity {
                ProximityArg::Symmetric => ProximityKind::Symmetric,
                ProximityArg::Asymmetric => ProximityKind::Asymmetric,
                ProximityArg::Continuous => ProximityKind::Continuous,
            },
            components: if self.largest_component {
                ComponentPolicy::LargestOnly
            } else {
                ComponentPolicy::Error
            },
        }
    }
}

/// Reads the table and computes every period.
fn compute_all(args: &FileArgs, engine: &EngineArgs) -> Result<Vec<(PeriodMatrix, Complexity)>> {
    let periods = read_table(args)?;
    let population = (args.presence == Some(PresenceArg::Rpop))
        .then(|| read_population(args))
        .transpose()?;
    let bar = (periods.len() > 1 && std::io::stderr().is_terminal())
        .then(|| indicatif::ProgressBar::new(periods.len() as u64).with_message("periods"));
    let mut out = Vec::with_capacity(periods.len());
    for period in periods {
        let opts = options(args, engine, &period, population.as_ref())?;
        let result = Complexity::compute(&period.matrix, &opts)
            .map_err(|e| anyhow!("{}: period {:?}: {e}", args.input.display(), period.period))?;
        out.push((period, result));
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(out)
}

/// One line per period on stderr once the command succeeded: size, and what was dropped or left
/// undefined.
fn report(results: &[(PeriodMatrix, Complexity)]) {
    for (period, r) in results {
        report_period(period, r);
    }
}

fn report_period(period: &PeriodMatrix, r: &Complexity) {
    let what = if period.period.is_empty() {
        "table".to_owned()
    } else {
        format!("period {:?}", period.period)
    };
    let mut line = format!(
        "{what}: {} locations × {} industries",
        r.locations.len(),
        r.industries.len()
    );
    let rep = &period.report;
    if rep.duplicates > 0 {
        let (l, i) = rep.first_duplicate.clone().unwrap_or_default();
        let _ = write!(
            line,
            "; {} duplicate rows ignored (first kept, e.g. {l}/{i})",
            rep.duplicates
        );
    }
    if rep.nan_cells > 0 {
        let _ = write!(line, "; {} missing values read as 0", rep.nan_cells);
    }
    for (what, list) in [
        ("locations", &rep.dropped_locations),
        ("industries", &rep.dropped_industries),
    ] {
        if !list.is_empty() {
            let _ = write!(
                line,
                "; {} {what} with total 0 dropped ({})",
                list.len(),
                sample(list.iter())
            );
        }
    }
    let excluded = [
        (
            "ECI undefined for",
            "locations with no industry present",
            &r.excluded_locations,
            &r.locations,
        ),
        (
            "PCI/density undefined for",
            "industries present nowhere",
            &r.excluded_industries,
            &r.industries,
        ),
        (
            "ECI undefined for",
            "locations outside the largest connected part",
            &r.detached_locations,
            &r.locations,
        ),
        (
            "PCI undefined for",
            "industries outside the largest connected part",
            &r.detached_industries,
            &r.industries,
        ),
    ];
    for (what, why, idx, labels) in excluded {
        if !idx.is_empty() {
            let _ = write!(
                line,
                "; {what} {} {why} ({})",
                idx.len(),
                sample(idx.iter().map(|&k| &labels[k]))
            );
        }
    }
    eprintln!("{line}");
}

fn sample<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let all: Vec<&String> = names.collect();
    let head: Vec<&str> = all.iter().take(5).map(|s| s.as_str()).collect();
    if all.len() > 5 {
        format!("{}, …", head.join(", "))
    } else {
        head.join(", ")
    }
}

/// 17 significant digits (round-trips exactly); undefined values are empty cells.
fn num(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        let _ = write!(out, "{x:.16e}");
    }
}

/// A CSV field: quoted when it holds a comma, quote or line break.
fn field(out: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// `label,period,count,values…` as one line in `buf` (cleared first).
fn summary_row(buf: &mut Vec<u8>, label: &str, period: &str, count: u32, values: &[f64]) {
    buf.clear();
    field(buf, label);
    buf.push(b',');
    field(buf, period);
    let _ = write!(buf, ",{count}");
    for &v in values {
        buf.push(b',');
        num(buf, v);
    }
    buf.push(b'\n');
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

fn complexity(args: &FileArgs, engine: &EngineArgs, out: &Path) -> Result<()> {
    let results = compute_all(args, engine)?;
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create folder {}", out.display()))?;
    let (lp, ip, pp) = (
        out.join("locations.csv"),
        out.join("industries.csv"),
        out.join("pairs.csv"),
    );
    let (mut lw, mut iw, mut pw) = (create(&lp)?, create(&ip)?, create(&pp)?);
    let write_err = |p: &Path| format!("cannot write {}", p.display());
    lw.write_all(b"location,period,diversity,eci,coi\n")
        .with_context(|| write_err(&lp))?;
    iw.write_all(b"industry,period,ubiquity,pci\n")
        .with_context(|| write_err(&ip))?;
    pw.write_all(b"location,industry,period,rca,m,density,cog\n")
        .with_context(|| write_err(&pp))?;
    let mut buf = Vec::with_capacity(1 << 16);
    for (period, r) in &results {
        let per = period.period.as_str();
        for (c, loc) in r.locations.iter().enumerate() {
            summary_row(&mut buf, loc, per, r.diversity[c], &[r.eci[c], r.coi[c]]);
            lw.write_all(&buf).with_context(|| write_err(&lp))?;
        }
        for (p, ind) in r.industries.iter().enumerate() {
            summary_row(&mut buf, ind, per, r.ubiquity[p], &[r.pci[p]]);
            iw.write_all(&buf).with_context(|| write_err(&ip))?;
        }
        let industry_fields: Vec<Vec<u8>> = r
            .industries
            .iter()
            .map(|ind| {
                let mut f = Vec::new();
                field(&mut f, ind);
                f.push(b',');
                field(&mut f, per);
                f.push(b',');
                f
            })
            .collect();
        // Formatting 17-digit numbers dominates the output time: locations are formatted in
        // parallel batches and written in order.
        let pair_rows = |c: usize| {
            let mut out = Vec::with_capacity(r.industries.len() * 96);
            let mut loc_field = Vec::new();
            field(&mut loc_field, &r.locations[c]);
            loc_field.push(b',');
            for (p, ind_field) in industry_fields.iter().enumerate() {
                out.extend_from_slice(&loc_field);
                out.extend_from_slice(ind_field);
                if let Some(rca) = &r.rca {
                    num(&mut out, rca.get(c, p));
                }
                let _ = write!(out, ",{},", u8::from(r.is_present(c, p)));
                num(&mut out, r.density.get(c, p));
                out.push(b',');
                num(&mut out, r.cog.get(c, p));
                out.push(b'\n');
            }
            out
        };
        let locations: Vec<usize> = (0..r.locations.len()).collect();
        for batch in locations.chunks(256) {
            let chunks: Vec<Vec<u8>> = batch.par_iter().map(|&c| pair_rows(c)).collect();
            for chunk in chunks {
                pw.write_all(&chunk).with_context(|| write_err(&pp))?;
            }
        }
    }
    for (w, p) in [(&mut lw, &lp), (&mut iw, &ip), (&mut pw, &pp)] {
        w.flush().with_context(|| write_err(p))?;
    }
    report(&results);
    Ok(())
}

fn recommend_for(
    args: &FileArgs,
    engine: &EngineArgs,
    location: &str,
    period: Option<&str>,
    options: RecommendOptions,
    out: Option<&Path>,
) -> Result<()> {
    let results = compute_all(args, engine)?;
    let (pm, r) = match period {
        Some(p) => results
            .iter()
            .find(|(pm, _)| pm.period == p)
            .ok_or_else(|| anyhow!("{}: no period {p:?}", args.input.display()))?,
        None if results.len() == 1 => &results[0],
        None => bail!(
            "{}: {} periods; choose one with --period",
            args.input.display(),
            results.len()
        ),
    };
    let c = r.location_index(location).ok_or_else(|| {
        let dropped = pm.report.dropped_locations.iter().any(|l| l == location);
        if dropped {
            anyhow!(
                "location {location:?} has total 0 in period {:?}",
                pm.period
            )
        } else {
            anyhow!(
                "{}: no location {location:?} in period {:?}",
                args.input.display(),
                pm.period
            )
        }
    })?;
    let rows = recommend(r, c, &options).map_err(|e| anyhow!("{e}"))?;
    let mut buf = Vec::new();
    buf.extend_from_slice(b"rank,industry,score,density,pci,cog,feasibility,value,gain,related\n");
    for (k, row) in rows.iter().enumerate() {
        let _ = write!(buf, "{},", k + 1);
        field(&mut buf, &r.industries[row.industry]);
        for x in [
            row.score,
            row.density,
            row.pci,
            row.cog,
            row.feasibility,
            row.value,
            row.gain,
        ] {
            buf.push(b',');
            num(&mut buf, x);
        }
        buf.push(b',');
        let related: Vec<String> = row
            .related
            .iter()
            .map(|x| format!("{}:{:.4}", r.industries[x.industry], x.proximity))
            .collect();
        field(&mut buf, &related.join(";"));
        buf.push(b'\n');
    }
    match out {
        Some(path) => {
            std::fs::write(path, &buf).with_context(|| format!("cannot write {}", path.display()))
        }
        None => std::io::stdout()
            .write_all(&buf)
            .context("cannot write to standard output"),
    }
}
