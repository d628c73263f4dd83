//! The full chain × city × period rollup (当月, 累计 and their 同比, 环比) for every indicator,
//! on files in the bench layout (bench/monitor/README.md); prints the time of each step and the
//! peak resident memory, so that `bench/monitor/run.py` can set it beside DuckDB.
//!
//!     cargo run --release -p monitor --example rollup_bench -- DATA_DIR [--out rows.csv]

use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use monitor::RollupSpec;

mod bench_files;

/// Peak resident set (VmHWM) in MiB, from /proc (Linux); `None` elsewhere.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut data = None;
    let mut out = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("usage: rollup_bench DATA_DIR [--out rows.csv]");
                return Ok(());
            }
            _ if data.is_none() => data = Some(PathBuf::from(arg)),
            _ => {
                bail!("unexpected argument {arg:?} (usage: rollup_bench DATA_DIR [--out rows.csv])")
            }
        }
    }
    let Some(data) = data else {
        bail!("usage: rollup_bench DATA_DIR [--out rows.csv]");
    };

    let start = Instant::now();
    let loaded = bench_files::load(&data)?;
    let load_s = start.elapsed().as_secs_f64();
    let rss_after_load = peak_rss_mib().unwrap_or(f64::NAN);

    let start = Instant::now();
    let rollup = loaded.monitor.rollup(&RollupSpec::by(&["chain", "city"]))?;
    let compute_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut rows = 0;
    if let Some(path) = &out {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        rows = bench_files::write_rows(&rollup, &mut BufWriter::new(file))?;
    }
    let write_s = start.elapsed().as_secs_f64();

    let raw_mib =
        (loaded.observations * bench_files::RAW_BYTES_PER_OBSERVATION) as f64 / (1 << 20) as f64;
    let peak = peak_rss_mib().unwrap_or(f64::NAN);
    println!(
        "engine: {} observations, {} enterprises, {} periods, {} indicators, {} groups, {} rows written, {} threads",
        loaded.observations,
        loaded.monitor.frame().len(),
        loaded.monitor.axis().len(),
        loaded.monitor.measures().len(),
        rollup.groups(),
        rows,
        rayon::current_num_threads()
    );
    println!(
        "engine load_s={load_s:.3} compute_s={compute_s:.3} write_s={write_s:.3} peak_rss_mb={peak:.1} \
         rss_after_load_mb={rss_after_load:.1} raw_columns_mb={raw_mib:.1} observation_file_mb={:.1}",
        loaded.observation_file_bytes as f64 / (1 << 20) as f64
    );
    Ok(())
}
