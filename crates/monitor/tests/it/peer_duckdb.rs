//! Peer check: the engine and DuckDB (bench/monitor/duckdb_rollup.py) compute the chain × city ×
//! period rollup on the same tiny synthetic data and must agree row for row, number for number.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use monitor::RollupSpec;

use crate::bench_files;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$CHAINCHIEF_PYTHON`, or `None` (skip) unless `CHAINCHIEF_REQUIRE_PEERS=1`.
fn python() -> Option<String> {
    match std::env::var("CHAINCHIEF_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            assert!(
                std::env::var("CHAINCHIEF_REQUIRE_PEERS").as_deref() != Ok("1"),
                "CHAINCHIEF_REQUIRE_PEERS=1 but CHAINCHIEF_PYTHON is not set"
            );
            println!("skip: set CHAINCHIEF_PYTHON to a Python with bench/monitor/requirements.txt");
            None
        }
    }
}

fn run(python: &str, script: &str, args: &[&str]) {
    let status = Command::new(python)
        .arg(workspace_root().join("bench/monitor").join(script))
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("running {python} {script}: {e}"));
    assert!(status.success(), "{script} {args:?} failed: {status}");
}

type Row = Vec<String>;

/// Rows keyed by chain, city, indicator, period.
fn rows(text: &str) -> BTreeMap<Row, Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed rollup CSV");
            let fields: Vec<String> = r.iter().map(str::to_owned).collect();
            (fields[..4].to_vec(), fields[4..].to_vec())
        })
        .collect()
}

#[test]
fn engine_and_duckdb_agree_on_chain_by_city_rollup() {
    let Some(python) = python() else { return };
    let dir = std::env::temp_dir().join(format!("chainchief-monitor-peer-{}", std::process::id()));
    let data = dir.to_string_lossy().into_owned();
    run(
        &python,
        "generate.py",
        &["--enterprises", "400", "--seed", "11", "--out", &data],
    );
    let duck_path = dir.join("duckdb_rows.csv");
    run(
        &python,
        "duckdb_rollup.py",
        &["--data", &data, "--out", &duck_path.to_string_lossy()],
    );

    let loaded = bench_files::load(&dir).unwrap();
    let rollup = loaded
        .monitor
        .rollup(&RollupSpec::by(&["chain", "city"]))
        .unwrap();
    let mut ours = Vec::new();
    let written = bench_files::write_rows(&rollup, &mut ours).unwrap();
    let ours = rows(&String::from_utf8(ours).unwrap());
    let theirs = rows(&std::fs::read_to_string(&duck_path).unwrap());
    std::fs::remove_dir_all(&dir).ok();

    assert!(written > 1000, "too small to mean anything: {written} rows");
    assert_eq!(ours.len(), theirs.len());
    let mut growth_rows = 0;
    for (key, mine) in &ours {
        let peer = theirs
            .get(key)
            .unwrap_or_else(|| panic!("DuckDB has no row {key:?}"));
        for (column, (a, b)) in mine.iter().zip(peer).enumerate() {
            if column >= 5 {
                assert_eq!(a, b, "{key:?} count column {column}");
                continue;
            }
            assert_eq!(
                a.is_empty(),
                b.is_empty(),
                "{key:?} column {column}: {a:?} vs {b:?}"
            );
            if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
                let scaled = (x - y).abs() / x.abs().max(y.abs()).max(1.0);
                assert!(scaled <= 1e-9, "{key:?} column {column}: {x} vs {y}");
                growth_rows += usize::from(column == 3);
            }
        }
    }
    assert!(growth_rows > 100, "only {growth_rows} rows with 累计同比");
}
