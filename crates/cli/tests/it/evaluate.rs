//! `chainchief evaluate …` on COINr's ASEM example, compared with COINr's own outputs, and the
//! shipped frameworks on a small demo database: runs, stored runs, sensitivity, Excel import.

use std::path::{Path, PathBuf};

use evaluate::table::parse_wide;

use crate::support::{chainchief, demo_database, error_of, scratch, scratch_dir, succeed};

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

// ---- Frameworks on the database ----------------------------------------------------------

/// `chainchief evaluate ARGS… --database-url DEMO`
fn on_demo(args: &[&str]) -> String {
    let mut all = vec!["evaluate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database-url", demo_database()]);
    succeed(&all)
}

#[test]
fn run_prints_the_ranking_with_grades_and_a_stored_run_reproduces() {
    let text = on_demo(&[
        "run",
        "--framework",
        "chain-master-annual",
        "--year",
        "2025",
        "--store",
        "--actor",
        "tester",
        "--lang",
        "en",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("rank")
            && lines[0].contains("grade")
            && lines[0].contains("largest lift"),
        "{}",
        lines[0]
    );
    assert!(lines[1].trim_start().starts_with("1 "), "{}", lines[1]);
    assert!(
        ["excellent", "good", "qualified", "unqualified"]
            .iter()
            .any(|g| lines[1].contains(g)),
        "{}",
        lines[1]
    );
    let id = lines
        .last()
        .and_then(|l| l.strip_prefix("stored run "))
        .expect("the run's id")
        .to_owned();

    let runs = on_demo(&["runs", "--framework", "chain-master-annual", "--lang", "en"]);
    assert!(
        runs.lines()
            .any(|l| l.trim_start().starts_with(&id) && l.contains("tester")),
        "{runs}"
    );

    // The first unit's explanation: one row per indicator that took part (7 of 9).
    let first = lines[1]
        .split_whitespace()
        .nth(1)
        .expect("a code")
        .to_owned();
    let explained = on_demo(&[
        "show",
        &id,
        "--view",
        "explanations",
        "--unit",
        &first,
        "--lang",
        "en",
    ]);
    assert_eq!(explained.lines().count(), 1 + 7, "{explained}");
    assert!(explained.lines().skip(1).all(|l| l.starts_with(&first)));

    let grades = on_demo(&["show", &id, "--view", "grades"]);
    assert!(
        grades.contains("优秀") && grades.contains("无得分"),
        "{grades}"
    );
    let indicators = on_demo(&["show", &id, "--view", "indicators", "--lang", "en"]);
    assert!(
        indicators.contains("dropped: matchmaking events are not stored yet"),
        "{indicators}"
    );

    let verdict = on_demo(&["reproduce", &id]);
    assert!(verdict.contains(": identical"), "{verdict}");
}

#[test]
fn run_writes_csv_and_needs_a_year_the_data_covers() {
    let out = scratch("per_mu.csv");
    let out_s = out.display().to_string();
    on_demo(&[
        "run",
        "--framework",
        "per-mu-benefit",
        "--year",
        "2025",
        "--out",
        &out_s,
    ]);
    let csv = std::fs::read_to_string(&out).expect("written");
    let header = csv.lines().next().expect("a header");
    assert!(
        header.starts_with("\u{feff}排名,代码,名称,得分,等级"),
        "{header}"
    );
    assert!(csv.lines().count() > 1000);
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("1,") && l.contains(",A,"))
    );

    let err = error_of(&[
        "evaluate",
        "run",
        "--framework",
        "per-mu-benefit",
        "--year",
        "2023",
        "--database-url",
        demo_database(),
    ]);
    assert!(err.contains("2023 has no reporting periods"), "{err}");
    let err = error_of(&[
        "evaluate",
        "run",
        "--framework",
        "per-mu",
        "--year",
        "2025",
        "--database-url",
        demo_database(),
    ]);
    assert!(
        err.contains("shipped frameworks are key-chain-development"),
        "{err}"
    );
    let err = error_of(&["evaluate", "show", "999", "--database-url", demo_database()]);
    assert!(err.contains("evaluation run 999 does not exist"), "{err}");
}

#[test]
fn sensitivity_on_a_framework_over_the_database() {
    let text = on_demo(&[
        "sensitivity",
        "--framework",
        "key-chain-development",
        "--year",
        "2025",
        "--vary",
        "weights=meta|equal",
        "--vary",
        "normalise=minmax:0,100|zscore",
        "--n",
        "8",
        "--lang",
        "en",
    ]);
    assert!(text.starts_with("32 runs in"), "{text}");
    assert!(
        text.contains("first order Si") && text.contains("95% rank"),
        "{text}"
    );
    assert!(text.contains("特钢材料"));
    // 1 summary line, the indices (header + 2), the rank intervals (header + 16 chains).
    assert_eq!(text.lines().count(), 1 + 3 + 17, "{text}");
}

/// A workbook of the sheets, numbers written as numbers (as Excel keeps them).
fn workbook(sheets: &evaluate::sheet::FrameworkSheets, path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in [
        ("指标", &sheets.indicators),
        ("settings", &sheets.settings),
        ("grades", &sheets.grades),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    Ok(x) => sheet.write_number(r, c, x).map(|_| ()),
                    Err(_) if cell.is_empty() => Ok(()),
                    Err(_) => sheet.write_string(r, c, cell).map(|_| ()),
                }
                .expect("cell");
            }
        }
    }
    book.save(path).expect("saved");
}

#[test]
fn a_framework_imported_from_excel_is_the_framework() {
    let shipped = evaluate::framework::defaults()
        .expect("defaults")
        .into_iter()
        .find(|f| f.id == "per-mu-benefit")
        .expect("shipped");
    let sheets = evaluate::sheet::to_sheets(&shipped).expect("sheets");
    let dir = scratch_dir("framework-import");
    let (xlsx, toml) = (dir.join("per_mu.xlsx"), dir.join("per_mu.toml"));
    workbook(&sheets, &xlsx);
    let import = [
        "evaluate",
        "framework",
        "import",
        xlsx.to_str().expect("path"),
        "--out",
        toml.to_str().expect("path"),
    ];
    succeed(&import);
    let text = std::fs::read_to_string(&toml).expect("written");
    assert!(text.starts_with("# 工业企业亩均效益综合评价"));
    assert_eq!(
        evaluate::Framework::from_toml(&text).expect("a framework"),
        shipped
    );

    // A mistake names the file, the sheet, the row and the column.
    let weight = sheets.indicators[0]
        .iter()
        .position(|h| h == "Weight")
        .expect("column");
    let mut bad = sheets.clone();
    bad.indicators[4][weight] = "三十".into();
    workbook(&bad, &xlsx);
    let err = error_of(&import);
    assert!(
        err.contains(
            "per_mu.xlsx: sheet `indicators`, row 5, column `Weight`: `三十` is not a number"
        ),
        "{err}"
    );

    let list = succeed(&["evaluate", "framework", "list", "--lang", "en"]);
    assert_eq!(list.lines().count(), 1 + 5, "{list}");
    assert!(list.contains("enterprise (chain-masters)"));
}
