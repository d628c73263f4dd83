//! Reads the bench file layout (bench/monitor/README.md) into the engine's columnar inputs, and
//! writes rollup rows in the layout `bench/monitor/duckdb_rollup.py` writes. Shared by the
//! `rollup_bench` example and the crate's peer test; a store loader would fill the same inputs.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use model::Period;
use monitor::{Dimension, EnterpriseFrame, IndicatorInfo, Monitor, Panel, PeriodAxis, Rollup};
use rayon::prelude::*;

/// What was loaded, with the sizes a benchmark reports.
pub struct BenchData {
    pub monitor: Monitor,
    pub observations: usize,
    pub observation_file_bytes: u64,
}

/// One parsed line of observations.csv: enterprise, indicator, period index, value.
type ObservationRow = (u32, u16, u32, f64);

/// Bytes of one observation held as raw columns: enterprise u32, indicator u16, period u16,
/// value f64.
pub const RAW_BYTES_PER_OBSERVATION: usize = 16;

fn read_csv(path: &Path) -> Result<Vec<csv::StringRecord>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    reader
        .records()
        .map(|r| r.with_context(|| format!("reading {}", path.display())))
        .collect()
}

fn field<'a>(record: &'a csv::StringRecord, i: usize, path: &Path) -> Result<&'a str> {
    record.get(i).ok_or_else(|| {
        let line = record.position().map_or(0, |p| p.line());
        anyhow!(
            "{} line {line}: column {} is missing",
            path.display(),
            i + 1
        )
    })
}

fn number<T: std::str::FromStr>(record: &csv::StringRecord, i: usize, path: &Path) -> Result<T> {
    let text = field(record, i, path)?;
    text.parse().map_err(|_| {
        let line = record.position().map_or(0, |p| p.line());
        anyhow!(
            "{} line {line}, column {}: {text:?} is not a number",
            path.display(),
            i + 1
        )
    })
}

/// Labels sorted, and each label's key.
fn keyed(labels: BTreeSet<String>) -> (Vec<String>, HashMap<String, u32>) {
    let labels: Vec<String> = labels.into_iter().collect();
    let keys = labels
        .iter()
        .enumerate()
        .map(|(k, l)| (l.clone(), k as u32))
        .collect();
    (labels, keys)
}

/// Loads a folder in the bench layout.
pub fn load(dir: &Path) -> Result<BenchData> {
    let periods_path = dir.join("periods.csv");
    let mut periods = Vec::new();
    for r in read_csv(&periods_path)? {
        let key: i64 = number(&r, 0, &periods_path)?;
        periods.push(Period::from_key(key).with_context(|| format!("{}", periods_path.display()))?);
    }
    let (first, last) = match (periods.iter().min(), periods.iter().max()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => bail!("{} lists no period", periods_path.display()),
    };
    let axis = PeriodAxis::new(first, last)?;

    let ent_path = dir.join("enterprises.csv");
    let enterprises = read_csv(&ent_path)?;
    let n = enterprises.len();
    let mut above = vec![false; n];
    let mut city_of = vec![String::new(); n];
    for r in &enterprises {
        let e: usize = number(r, 0, &ent_path)?;
        if e >= n {
            bail!(
                "{}: enterprise {e} is not below the count {n}",
                ent_path.display()
            );
        }
        city_of[e] = field(r, 2, &ent_path)?.to_owned();
        above[e] = field(r, 3, &ent_path)? == "1";
    }
    let (city_labels, city_keys) = keyed(city_of.iter().cloned().collect());
    let city_key: Vec<u32> = city_of.iter().map(|c| city_keys[c]).collect();

    let mem_path = dir.join("memberships.csv");
    let memberships = read_csv(&mem_path)?;
    let chain_set = memberships
        .iter()
        .map(|r| field(r, 1, &mem_path).map(str::to_owned))
        .collect::<Result<BTreeSet<_>>>()?;
    let node_set = memberships
        .iter()
        .map(|r| field(r, 2, &mem_path).map(str::to_owned))
        .collect::<Result<BTreeSet<_>>>()?;
    let (chain_labels, chain_keys) = keyed(chain_set);
    let (node_labels, node_keys) = keyed(node_set);
    let mut node_pairs = Vec::with_capacity(memberships.len());
    let mut node_chain = vec![Dimension::NONE; node_labels.len()];
    for r in &memberships {
        let e: u32 = number(r, 0, &mem_path)?;
        let node = node_keys[field(r, 2, &mem_path)?];
        node_chain[node as usize] = chain_keys[field(r, 1, &mem_path)?];
        node_pairs.push((e, node));
    }
    let nodes = Dimension::from_pairs(
        "node",
        "链条环节",
        "chain node",
        node_labels,
        n,
        &node_pairs,
    )?;
    let chains = nodes.coarsen("chain", "产业链", "chain", chain_labels, &node_chain)?;
    let frame = EnterpriseFrame::new(above)
        .with_dimension(chains)?
        .with_dimension(nodes)?
        .with_dimension(Dimension::single(
            "city",
            "市",
            "city",
            city_labels,
            &city_key,
        )?)?;

    let ind_path = dir.join("indicators.csv");
    let mut panels = Vec::new();
    for (i, r) in read_csv(&ind_path)?.iter().enumerate() {
        let index: usize = number(r, 0, &ind_path)?;
        if index != i {
            bail!(
                "{}: indicators must be numbered 0, 1, 2 … in order",
                ind_path.display()
            );
        }
        let info = IndicatorInfo::flow(
            field(r, 1, &ind_path)?,
            field(r, 2, &ind_path)?,
            field(r, 3, &ind_path)?,
            field(r, 4, &ind_path)?,
        );
        panels.push(Panel::new(info, axis, n));
    }

    let obs_path = dir.join("observations.csv");
    let observation_file_bytes = std::fs::metadata(&obs_path)
        .with_context(|| format!("reading {}", obs_path.display()))?
        .len();
    let observations = read_observations(&obs_path, &axis, &mut panels)?;
    Ok(BenchData {
        monitor: Monitor::new(frame, panels, &[])?,
        observations,
        observation_file_bytes,
    })
}

/// Streams `observations.csv` in blocks, parses each block on all cores and files the values
/// into the panels: memory stays at the panels plus one block.
fn read_observations(path: &Path, axis: &PeriodAxis, panels: &mut [Panel]) -> Result<usize> {
    const BLOCK: usize = 16 << 20;
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut buffer = vec![0u8; BLOCK];
    let mut filled = 0;
    let mut header = true;
    let mut offset = 0u64;
    let mut count = 0;
    loop {
        let read = file
            .read(&mut buffer[filled..])
            .with_context(|| format!("reading {}", path.display()))?;
        filled += read;
        let end = if read == 0 {
            filled
        } else {
            match buffer[..filled].iter().rposition(|&b| b == b'\n') {
                Some(p) => p + 1,
                None if filled < buffer.len() => continue,
                None => bail!("{}: a line longer than {BLOCK} bytes", path.display()),
            }
        };
        let mut block = &buffer[..end];
        if header {
            let first = block
                .iter()
                .position(|&b| b == b'\n')
                .map_or(block.len(), |p| p + 1);
            block = &block[first..];
            header = false;
        }
        let parsed: Vec<Result<Vec<ObservationRow>>> = pieces(block)
            .par_iter()
            .map(|&(start, piece)| {
                parse_piece(piece, axis, panels.len()).map_err(|m| {
                    anyhow!(
                        "{} near byte {}: {m}",
                        path.display(),
                        offset + start as u64
                    )
                })
            })
            .collect();
        for rows in parsed {
            for (e, i, t, v) in rows? {
                panels[usize::from(i)].set(e, t, v)?;
                count += 1;
            }
        }
        offset += end as u64;
        buffer.copy_within(end..filled, 0);
        filled -= end;
        if read == 0 {
            return Ok(count);
        }
    }
}

/// Splits a block of whole lines into pieces of about a megabyte, at line ends.
fn pieces(block: &[u8]) -> Vec<(usize, &[u8])> {
    const PIECE: usize = 1 << 20;
    let mut out = Vec::new();
    let mut start = 0;
    while start < block.len() {
        let mut end = (start + PIECE).min(block.len());
        while end < block.len() && block[end - 1] != b'\n' {
            end += 1;
        }
        out.push((start, &block[start..end]));
        start = end;
    }
    out
}

fn parse_piece(
    piece: &[u8],
    axis: &PeriodAxis,
    indicators: usize,
) -> Result<Vec<ObservationRow>, String> {
    let first = axis.first().ordinal();
    let mut rows = Vec::with_capacity(piece.len() / 24);
    for line in piece.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let mut fields = line.splitn(4, |&b| b == b',');
        let mut int = |what: &str| -> Result<u64, String> {
            let f = fields.next().unwrap_or_default();
            if f.is_empty() || !f.iter().all(u8::is_ascii_digit) || f.len() > 12 {
                return Err(format!(
                    "{what} {:?} is not a whole number",
                    String::from_utf8_lossy(f)
                ));
            }
            Ok(f.iter()
                .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0')))
        };
        let e = int("enterprise")?;
        let i = int("indicator")?;
        let key = int("period")?;
        let value_text = fields.next().unwrap_or_default();
        let value: f64 = std::str::from_utf8(value_text)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                format!(
                    "value {:?} is not a number",
                    String::from_utf8_lossy(value_text)
                )
            })?;
        let period = Period::from_key(key as i64).map_err(|err| err.to_string())?;
        let t = period
            .ordinal()
            .checked_sub(first)
            .filter(|&t| (t as usize) < axis.len())
            .ok_or_else(|| format!("period {period} is not in periods.csv"))?;
        if i as usize >= indicators || e > u64::from(u32::MAX) {
            return Err(format!("indicator {i} or enterprise {e} is out of range"));
        }
        rows.push((e as u32, i as u16, t, value));
    }
    Ok(rows)
}

/// Writes the rows with a report in the layout of `duckdb_rollup.py --out` (groups with no
/// report in a period have no row there either). Measures are numbered as in indicators.csv.
pub fn write_rows(rollup: &Rollup, out: &mut impl Write) -> Result<usize> {
    writeln!(
        out,
        "chain,city,indicator,period,month,month_yoy,ytd,ytd_yoy,mom,reporting,comparable"
    )?;
    let number = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.16e}"));
    let mut count = 0;
    for g in 0..rollup.groups() {
        let labels = rollup.group_labels(g).join(",");
        for m in 0..rollup.measures().len() {
            for f in rollup.series(m, g).into_iter().filter(|f| f.reporting > 0) {
                writeln!(
                    out,
                    "{labels},{m},{},{},{},{},{},{},{},{}",
                    f.period.key(),
                    number(f.month),
                    number(f.month_yoy),
                    number(f.ytd),
                    number(f.ytd_yoy),
                    number(f.mom),
                    f.reporting,
                    f.comparable
                )?;
                count += 1;
            }
        }
    }
    Ok(count)
}
