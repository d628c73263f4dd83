//! Times the engine's stages on a long CSV (columns period, location, industry, value), for
//! bench/relate/run.py: `cargo run --release -p relate --example relate_bench -- FILE [MODE]`.
//! Prints one JSON line of seconds per stage.

use std::time::Instant;

use relate::{Complexity, LongTable, Mode, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: relate_bench FILE [stata|py-ecomplexity]")?;
    let mode = match args.get(2).map(String::as_str) {
        Some("py-ecomplexity") => Mode::PyEcomplexity,
        _ => Mode::Stata,
    };
    let t0 = Instant::now();
    let mut reader = csv::Reader::from_path(path)?;
    let mut table = LongTable::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        table.push(&record[0], &record[1], &record[2], record[3].parse()?);
    }
    let t1 = Instant::now();
    let periods = table
        .into_periods()
        .map_err(|(p, e)| format!("period {p}: {e}"))?;
    let t2 = Instant::now();
    let mut shape = (0, 0);
    for period in &periods {
        let r = Complexity::compute(&period.matrix, &Options::with_mode(mode))?;
        shape = (r.locations.len(), r.industries.len());
        std::hint::black_box(&r);
    }
    let t3 = Instant::now();
    println!(
        r#"{{"locations": {}, "industries": {}, "read_s": {:.4}, "build_s": {:.4}, "compute_s": {:.4}, "total_s": {:.4}}}"#,
        shape.0,
        shape.1,
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        (t3 - t2).as_secs_f64(),
        (t3 - t0).as_secs_f64()
    );
    Ok(())
}
