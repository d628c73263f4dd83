//! `chainchief risk …`: risk assessment over the database (`report`, `scenario`, `systemic`; see
//! [`stored`]) and the risk engine for analysts with their own files (`esri`, `io`: files in, file
//! out).
//!
//! CSV parsing lives here, not in the engine: every error names the file, the line and the column.

mod stored;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use risk::{
    CascadeOptions, EsriModel, Essentiality, EssentialityMatrix, LinkTriple, SupplyNetwork,
};

#[derive(Debug, Args)]
pub struct RiskArgs {
    #[command(subcommand)]
    command: RiskCommand,
}

#[derive(Debug, Subcommand)]
enum RiskCommand {
    /// The risk report of a stored chain (产业链风险评估): gaps 缺链 and weak links 弱链,
    /// single points of failure, external dependency, supplier concentration, chain-master
    /// dependency, and the chain's most systemic firms by ESRI.
    Report(stored::ReportArgs),
    /// What-if: shut down or cut firms (by USCC, region, chain node, or every supplier outside the
    /// province) and see the output lost per chain, node, city and county and the firms hit
    /// hardest.
    Scenario(stored::ScenarioArgs),
    /// ESRI ranking of the stored network's firms (or of one chain's): the share of output lost
    /// if each one closed.
    Systemic(stored::SystemicArgs),
    /// Economic Systemic Risk Index (Diem et al. 2022) of closing each firm, one cascade per firm.
    Esri(EsriArgs),
    /// Input-output linkages of a sector × sector table: multipliers, Rasmussen backward and
    /// forward linkages, hypothetical extraction.
    Io(IoArgs),
    /// Write the project's default essentiality matrix over GB/T 4754 divisions (大类) in the
    /// layout `--essentiality` reads, to start your own from.
    DefaultEssentiality {
        /// Where to write the matrix (CSV).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["closures", "all"])))]
struct EsriArgs {
    /// Supply links: CSV with columns supplier,customer,value (value ≥ 0; duplicates are summed).
    #[arg(long)]
    links: PathBuf,
    /// Firms: CSV with columns firm,industry; every firm named in links.csv must be listed.
    #[arg(long)]
    firms: PathBuf,
    /// Essentiality matrix: square CSV whose header row and first column are industry codes and
    /// whose cells are 0 (irrelevant), 1 (linear) or 2 (essential); row = supplying industry.
    /// The word `gbt4754-default` uses the project's default over GB/T 4754 divisions (firm
    /// industries at any GB/T 4754 level are mapped to their division).
    #[arg(long)]
    essentiality: String,
    /// Firms to close, one cascade each: CSV with a column `firm`.
    #[arg(long)]
    closures: Option<PathBuf>,
    /// Close every firm in firms.csv, one cascade each.
    #[arg(long)]
    all: bool,
    /// Turn off supplier replaceability within an industry (on in the published setup).
    #[arg(long)]
    no_replaceability: bool,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Result CSV: firm,esri,esri_down,esri_up,iterations (17 significant digits).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct IoArgs {
    /// Sector table: CSV whose header is `sector,<code 1>,…,<code n>,final_demand` and whose rows
    /// are the supplying sectors in the same order: intermediate flows Z, then final demand y.
    #[arg(long)]
    table: PathBuf,
    /// Result CSV: sector,output,value_added,output_multiplier,backward_linkage,forward_linkage,
    /// extraction_loss,extraction_share (17 significant digits).
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: RiskArgs) -> anyhow::Result<()> {
    match args.command {
        RiskCommand::Report(args) => stored::report(args),
        RiskCommand::Scenario(args) => stored::scenario(args),
        RiskCommand::Systemic(args) => stored::systemic(args),
        RiskCommand::Esri(args) => esri(args),
        RiskCommand::Io(args) => io_linkages(args),
        RiskCommand::DefaultEssentiality { out } => {
            let matrix = risk::default_essentiality::gbt4754_divisions();
            write_matrix(&out, &matrix).with_context(|| format!("writing {}", out.display()))
        }
    }
}

/// A CSV file with a header, read whole; `line` numbers count the header as line 1.
struct Table {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Reads the whole file.
    fn read(path: &Path) -> anyhow::Result<Table> {
        let mut rows = Vec::new();
        let mut table = Self::stream(path, |_, line, record| {
            rows.push((line, record));
            Ok(())
        })?;
        table.rows = rows;
        Ok(table)
    }

    /// Reads the header, then hands each row to `each` without keeping it (large link files).
    /// The returned table has the header and no rows.
    fn stream(
        path: &Path,
        mut each: impl FnMut(&Table, u64, csv::StringRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<Table> {
        // Line numbers are counted here: csv 1.3's record positions are off by one line when
        // reading from a file.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_path(path)
            .with_context(|| format!("{}: cannot open", path.display()))?;
        let newlines = |record: &csv::StringRecord| -> u64 {
            record.iter().map(|f| f.matches('\n').count() as u64).sum()
        };
        let mut records = reader.records();
        let (header, mut line) = match records.next() {
            Some(record) => {
                let record = record
                    .with_context(|| format!("{}: cannot read the header", path.display()))?;
                let header = record
                    .iter()
                    .map(|h| h.trim_start_matches('\u{feff}').to_owned())
                    .collect::<Vec<String>>();
                (header, 1 + newlines(&record))
            }
            None => bail!("{}: empty file, expected a header", path.display()),
        };
        let table = Table {
            path: path.to_owned(),
            header,
            rows: Vec::new(),
        };
        for record in records {
            line += 1;
            let record = record
                .with_context(|| format!("{}: malformed CSV after line {line}", path.display()))?;
            let extra = newlines(&record);
            each(&table, line, record)?;
            line += extra;
        }
        Ok(table)
    }

    fn column(&self, name: &str) -> anyhow::Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            anyhow!(
                "{}: no column `{name}` in the header ({})",
                self.path.display(),
                self.header.join(",")
            )
        })
    }

    fn cell<'a>(
        &self,
        line: u64,
        record: &'a csv::StringRecord,
        column: usize,
    ) -> anyhow::Result<&'a str> {
        record.get(column).ok_or_else(|| {
            anyhow!(
                "{} line {line}: no value in column `{}`",
                self.path.display(),
                self.header[column]
            )
        })
    }

    fn where_(&self, line: u64, column: usize) -> String {
        format!(
            "{} line {line}, column `{}`",
            self.path.display(),
            self.header[column]
        )
    }
}

fn esri(args: EsriArgs) -> anyhow::Result<()> {
    let (matrix, map_to_division) = if args.essentiality == "gbt4754-default" {
        (risk::default_essentiality::gbt4754_divisions(), true)
    } else {
        (read_matrix(Path::new(&args.essentiality))?, false)
    };

    let firms = Table::read(&args.firms)?;
    let (firm_col, industry_col) = (firms.column("firm")?, firms.column("industry")?);
    let mut index: HashMap<String, u32> = HashMap::with_capacity(firms.rows.len());
    let mut names = Vec::with_capacity(firms.rows.len());
    let mut industry = Vec::with_capacity(firms.rows.len());
    for (line, record) in &firms.rows {
        let name = firms.cell(*line, record, firm_col)?;
        let code = firms.cell(*line, record, industry_col)?;
        let key = if map_to_division {
            division_of(code).with_context(|| firms.where_(*line, industry_col))?
        } else {
            code.to_owned()
        };
        let Some(k) = matrix.index_of(&key) else {
            bail!(
                "{}: industry {code:?} is not in the essentiality matrix {}",
                firms.where_(*line, industry_col),
                args.essentiality
            );
        };
        if index.insert(name.to_owned(), names.len() as u32).is_some() {
            bail!(
                "{}: firm {name:?} is listed twice",
                firms.where_(*line, firm_col)
            );
        }
        names.push(name.to_owned());
        industry.push(k as u32);
    }

    let mut columns: Option<[usize; 3]> = None;
    let mut triples = Vec::new();
    Table::stream(&args.links, |links, line, record| {
        let columns = match columns {
            Some(columns) => columns,
            None => *columns.insert([
                links.column("supplier")?,
                links.column("customer")?,
                links.column("value")?,
            ]),
        };
        let mut ends = [0u32; 2];
        for (end, &column) in ends.iter_mut().zip(&columns[..2]) {
            let name = links.cell(line, &record, column)?;
            *end = *index.get(name).ok_or_else(|| {
                anyhow!(
                    "{}: firm {name:?} is not in {}",
                    links.where_(line, column),
                    args.firms.display()
                )
            })?;
        }
        let text = links.cell(line, &record, columns[2])?;
        let value: f64 = text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                anyhow!(
                    "{}: value {text:?} is not a finite non-negative number",
                    links.where_(line, columns[2])
                )
            })?;
        if ends[0] == ends[1] {
            bail!(
                "{}: firm {:?} supplies itself; intra-firm deliveries are not supply links",
                links.where_(line, columns[1]),
                names[ends[0] as usize]
            );
        }
        triples.push(LinkTriple {
            supplier: ends[0],
            customer: ends[1],
            value,
        });
        Ok(())
    })?;
    let network = SupplyNetwork::from_links(names.len(), &triples)?;
    let model = EsriModel::new(&network, &industry, &matrix, None)?;

    let closures: Vec<u32> = match &args.closures {
        Some(path) => {
            let ids = Table::read(path)?;
            let column = ids.column("firm")?;
            let mut closures = Vec::with_capacity(ids.rows.len());
            for (line, record) in &ids.rows {
                let name = ids.cell(*line, record, column)?;
                closures.push(*index.get(name).ok_or_else(|| {
                    anyhow!(
                        "{}: firm {name:?} is not in {}",
                        ids.where_(*line, column),
                        args.firms.display()
                    )
                })?);
            }
            closures
        }
        None => (0..names.len() as u32).collect(),
    };
    let options = CascadeOptions {
        replaceability: !args.no_replaceability,
        ..CascadeOptions::default()
    };
    let bar = closure_progress(closures.len());
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let started = std::time::Instant::now();
    let results = model.esri_closures(&closures, &options, args.threads, Some(&tick))?;
    let seconds = started.elapsed().as_secs_f64();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    eprintln!(
        "{} closures in {seconds:.3} s on {} thread(s) ({} firms, {} links)",
        results.len(),
        if args.threads == 0 {
            rayon_default_threads()
        } else {
            args.threads
        },
        network.firms(),
        network.links()
    );

    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("{}: cannot create", args.out.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut stalled = 0;
    let write = |out: &mut std::io::BufWriter<std::fs::File>| -> std::io::Result<()> {
        writeln!(out, "firm,esri,esri_down,esri_up,iterations")?;
        for r in &results {
            writeln!(
                out,
                "{},{:.16e},{:.16e},{:.16e},{}",
                csv_field(&names[r.firm as usize]),
                r.esri,
                r.esri_down,
                r.esri_up,
                r.convergence.iterations
            )?;
        }
        out.flush()
    };
    write(&mut out).with_context(|| format!("writing {}", args.out.display()))?;
    for r in &results {
        if !r.convergence.converged {
            stalled += 1;
        }
    }
    if stalled > 0 {
        eprintln!("warning: {stalled} cascades stopped at the iteration limit before converging");
    }
    Ok(())
}

/// A progress bar over `total` ESRI closures on stderr, when stderr is a terminal.
fn closure_progress(total: usize) -> Option<indicatif::ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} closures, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    })
}

/// What `--threads 0` means: rayon's default, one thread per core.
fn rayon_default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The GB/T 4754 division (大类) of a code at any level below the section. GB/T 4754 codes are
/// prefixes of each other (division = first two digits), so a group or class code maps to its
/// division even where the embedded table lists divisions only.
fn division_of(code: &str) -> anyhow::Result<String> {
    let trimmed = code.trim();
    let digits = trimmed.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if !(2..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        bail!(
            "industry {code:?} is not a GB/T 4754 division, group or class code (e.g. 36, 367, 3670)"
        );
    }
    // Checks the section letter, if any, against the division.
    let with_section = format!(
        "{}{}",
        &trimmed[..trimmed.len() - digits.len()],
        &digits[..2]
    );
    let division = model::IndustryCode::parse(&with_section)?;
    Ok(division.as_str().to_owned())
}

/// Quotes a field when CSV needs it.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The layout of ess_mat_n4_ihs.csv: header `"",code…`, then one row per supplying industry.
fn read_matrix(path: &Path) -> anyhow::Result<EssentialityMatrix> {
    let table = Table::read(path)?;
    let codes: Vec<String> = table.header.iter().skip(1).cloned().collect();
    if table.rows.len() != codes.len() {
        bail!(
            "{}: not square: {} industry codes in the header but {} rows",
            path.display(),
            codes.len(),
            table.rows.len()
        );
    }
    let mut values = Vec::with_capacity(codes.len() * codes.len());
    for (row, (line, record)) in table.rows.iter().enumerate() {
        if record.len() != codes.len() + 1 {
            bail!(
                "{} line {line}: not square: {} cells, expected the code and {} values",
                path.display(),
                record.len(),
                codes.len()
            );
        }
        let code = &record[0];
        if code != codes[row] {
            bail!(
                "{} line {line}, column 1: row code {code:?} differs from header code {:?} at the \
                 same position (rows and columns must list the industries in the same order)",
                path.display(),
                codes[row]
            );
        }
        for (column, cell) in record.iter().enumerate().skip(1) {
            let value = cell
                .parse::<u8>()
                .ok()
                .and_then(Essentiality::from_code)
                .ok_or_else(|| {
                    anyhow!(
                        "{} line {line}, column `{}`: {cell:?} is not 0, 1 or 2",
                        path.display(),
                        codes[column - 1]
                    )
                })?;
            values.push(value);
        }
    }
    EssentialityMatrix::new(codes, values).with_context(|| path.display().to_string())
}

fn write_matrix(path: &Path, matrix: &EssentialityMatrix) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write!(out, "\"\"")?;
    for code in matrix.codes() {
        write!(out, ",{code}")?;
    }
    writeln!(out)?;
    for (k, code) in matrix.codes().iter().enumerate() {
        write!(out, "{code}")?;
        for l in 0..matrix.len() {
            write!(out, ",{}", matrix.get(k, l).code())?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn io_linkages(args: IoArgs) -> anyhow::Result<()> {
    let table = Table::read(&args.table)?;
    let path = args.table.display();
    let n = table.header.len().saturating_sub(2);
    if table.header.first().map(String::as_str) != Some("sector")
        || table.header.last().map(String::as_str) != Some("final_demand")
        || n == 0
    {
        bail!("{path}: the header must be sector,<sector codes…>,final_demand");
    }
    let sectors: Vec<String> = table.header[1..=n].to_vec();
    if table.rows.len() != n {
        bail!(
            "{path}: not square: {n} sector columns but {} rows",
            table.rows.len()
        );
    }
    let mut flows = Vec::with_capacity(n * n);
    let mut final_demand = Vec::with_capacity(n);
    for (row, (line, record)) in table.rows.iter().enumerate() {
        if record.len() != n + 2 {
            bail!(
                "{path} line {line}: {} cells, expected {}",
                record.len(),
                n + 2
            );
        }
        if record[0] != sectors[row] {
            bail!(
                "{path} line {line}, column `sector`: {:?} differs from header sector {:?} at the \
                 same position",
                &record[0],
                sectors[row]
            );
        }
        for column in 1..=n + 1 {
            let cell = &record[column];
            let value: f64 = cell
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| {
                    anyhow!("{}: {cell:?} is not a number", table.where_(*line, column))
                })?;
            if column <= n {
                flows.push(value);
            } else {
                final_demand.push(value);
            }
        }
    }
    let io = risk::io_table::InputOutputTable::new(n, flows, final_demand)
        .with_context(|| path.to_string())?;
    let linkages = io.linkages().with_context(|| path.to_string())?;
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&args.out)
            .with_context(|| format!("{}: cannot create", args.out.display()))?,
    );
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(
            out,
            "sector,output,value_added,output_multiplier,backward_linkage,forward_linkage,extraction_loss,extraction_share"
        )?;
        for (i, sector) in sectors.iter().enumerate() {
            writeln!(
                out,
                "{},{:.16e},{:.16e},{:.16e},{:.16e},{:.16e},{:.16e},{:.16e}",
                csv_field(sector),
                io.output()[i],
                io.value_added()[i],
                linkages.output_multiplier[i],
                linkages.backward[i],
                linkages.forward[i],
                linkages.extraction_loss[i],
                linkages.extraction_share[i]
            )?;
        }
        out.flush()
    };
    write(&mut out).with_context(|| format!("writing {}", args.out.display()))
}
