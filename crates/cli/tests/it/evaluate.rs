//! `chainchief evaluate …` on COINr's ASEM example, compared with COINr's own outputs.

use std::path::{Path, PathBuf};

use evaluate::table::parse_wide;

use crate::support::{chainchief, scratch_dir};

fn fixture(name: &str) -> Option<PathBuf> {
    crate::support::fixture(&format!("composite/{name}"))
}

/// `chainchief evaluate SUB --data DATA --meta META ARGS…`
fn evaluate_cli(sub: &str, data: &Path, meta: &Path, args: &[&str]) -> std::process::Output {
    let (data, meta) = (data.to_str().expect("path"), meta.to_str().expect("path"));
    let mut all = vec!["evaluate", sub, "--data", data, "--meta", meta];
    all.extend_from_slice(args);
    chainchief(&all)
}

/// Runs `composite` for a stage and compares with a COINr table to 1e-12, by unit and column.
fn composite_matches(stage: &str, coinr: &str) {
    let (Some(data), Some(meta), Some(expected)) = (
        fixture("asem_idata.csv"),
        fixture("asem_imeta.csv"),
        fixture(coinr),
    ) else {
        return;
    };
    let out = scratch_dir(stage).join("out.csv");
    let run = evaluate_cli(
        "composite",
        &data,
        &meta,
        &[
            "--treat",
            "coinr",
            "--normalise",
            "minmax:0,100",
            "--aggregate",
            "amean",
            "--stage",
            stage,
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("output written");
    // 17 significant digits: d.dddddddddddddddde±x
    let first_value = text
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').nth(1))
        .expect("a value");
    assert_eq!(
        first_value.split('e').next().map(str::len),
        Some(18),
        "{first_value}"
    );
    let (units, codes, ours) = parse_wide(&text).expect("our table");
    let (t_units, t_codes, theirs) =
        parse_wide(&std::fs::read_to_string(expected).expect("COINr table")).expect("COINr");
    assert_eq!(codes.len(), t_codes.len());
    for (j, code) in t_codes.iter().enumerate() {
        let oj = codes
            .iter()
            .position(|c| c == code)
            .unwrap_or_else(|| panic!("column {code}"));
        for (i, unit) in t_units.iter().enumerate() {
            let oi = units
                .iter()
                .position(|u| u == unit)
                .unwrap_or_else(|| panic!("unit {unit}"));
            let (a, b) = (ours.get(oi, oj), theirs.get(i, j));
            assert!(
                (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12,
                "{unit}/{code}: {a} vs {b}"
            );
        }
    }
}

#[test]
fn composite_treated_matches_coinr() {
    composite_matches("treated", "coinr_treated.csv");
}

#[test]
fn composite_aggregated_matches_coinr() {
    composite_matches("aggregated", "coinr_aggregated.csv");
}

#[test]
fn sensitivity_writes_indices_and_rank_statistics() {
    let (Some(data), Some(meta)) = (fixture("asem_idata.csv"), fixture("asem_imeta.csv")) else {
        return;
    };
    let dir = scratch_dir("sensitivity");
    let (si, ranks) = (dir.join("si.csv"), dir.join("ranks.csv"));
    let run = evaluate_cli(
        "sensitivity",
        &data,
        &meta,
        &[
            "--normalise",
            "minmax:1,100",
            "--vary",
            "aggregate=amean|gmean",
            "--vary",
            "exclude=none|Flights|Goods",
            "--n",
            "20",
            "--seed",
            "3",
            "--out-indices",
            si.to_str().expect("path"),
            "--out-ranks",
            ranks.to_str().expect("path"),
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("80 runs in"));
    let si = std::fs::read_to_string(si).expect("indices");
    let rows: Vec<&str> = si.lines().collect();
    assert_eq!(rows[0], "assumption,Si,STi");
    assert!(
        rows[1].starts_with("aggregate,") && rows[2].starts_with("exclude,") && rows.len() == 3,
        "{si}"
    );
    let ranks = std::fs::read_to_string(ranks).expect("ranks");
    assert_eq!(ranks.lines().count(), 52);
    assert!(ranks.starts_with("uCode,Nominal,Mean,Median,Q5,Q95\n"));
}

#[test]
fn bad_input_fails_with_one_line_naming_the_problem() {
    let (Some(data), Some(meta)) = (fixture("asem_idata.csv"), fixture("asem_imeta.csv")) else {
        return;
    };
    let out = scratch_dir("bad").join("out.csv");
    let run = evaluate_cli(
        "composite",
        &data,
        &meta,
        &[
            "--normalise",
            "minmax:1",
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--normalise") && err.contains("minmax:1"),
        "{err}"
    );

    let broken = scratch_dir("bad").join("data.csv");
    let text = std::fs::read_to_string(&data)
        .expect("data")
        .replacen("4.097985", "four", 1);
    std::fs::write(&broken, text).expect("write");
    let run = evaluate_cli(
        "composite",
        &broken,
        &meta,
        &["--out", out.to_str().expect("path")],
    );
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        !run.status.success()
            && err.contains("data.csv")
            && err.contains("row 2")
            && err.contains("`LPI`"),
        "{err}"
    );
}
