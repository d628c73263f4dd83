//! `chainchief rules …`: screen a small facts file and the demo database, explain one enterprise,
//! the cultivation pipelines, the rule sets.

use crate::support::{chainchief, demo_database, error_of, scratch, succeed};

/// The 创新型 worked example of the rules crate (score 85) and a firm with nothing known.
const FACTS: &str = "\
id,name,size_class,revenue_2024,main_business_revenue_2024,main_business_revenue_2023,rd_expense_2024,total_assets_2024,total_liabilities_2024,ip_class1_high_value,ip_class1_self_developed,ip_class1,ip_class2,strategic_emerging,partner_firms
bearing,晋源轴承,small,8000万,7200万,6400万,280万,8000万,4200万,0,1,2,5,是,23
blank,,,,,,,,,,,,,,
";

/// A CSV the CLI wrote (UTF-8 with a byte-order mark): its header and rows.
fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(path).unwrap();
    let text = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("BOM for Excel");
    let mut reader = csv::Reader::from_reader(text);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

#[test]
fn screens_a_facts_table() {
    let input = scratch("facts.csv");
    let out = scratch("result.csv");
    std::fs::write(&input, FACTS).unwrap();
    let output = chainchief(&[
        "rules",
        "screen",
        "--title",
        "all",
        "--date",
        "2025-06-01",
        "--region",
        "14",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 enterprises × 6 titles"), "{stderr}");

    let (header, rows) = read_csv(&out);
    assert_eq!(header[0], "Enterprise ID");
    assert_eq!(header.len(), rules::SCREEN_COLUMNS.len());
    assert_eq!(rows.len(), 12);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let innovative = rows
        .iter()
        .find(|row| &row[0] == "bearing" && &row[column("Title")] == "innovative_sme")
        .unwrap();
    assert_eq!(&innovative[column("Verdict")], "qualifies");
    assert_eq!(&innovative[column("Score")], "85.00");
    let master = rows
        .iter()
        .find(|row| &row[0] == "bearing" && &row[column("Title")] == "chain_master")
        .unwrap();
    assert_eq!(&master[column("Verdict")], "qualifies");
    let blank = rows
        .iter()
        .find(|row| &row[0] == "blank" && &row[column("Title")] == "innovative_sme")
        .unwrap();
    assert_eq!(&blank[column("Verdict")], "cannot tell");
    assert!(blank[column("Missing data")].contains("revenue 2024"));
}

#[test]
fn a_bad_cell_names_file_line_and_column() {
    let input = scratch("bad.csv");
    std::fs::write(&input, "id,own_brand\nok,1\nbad,maybe\n").unwrap();
    let out = scratch("unused.csv");
    let output = chainchief(&[
        "rules",
        "screen",
        "--title",
        "innovative_sme",
        "--date",
        "2025-06-01",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.csv: line 3: column `own_brand`"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn lists_rule_sets_in_force() {
    let output = chainchief(&["rules", "list", "--date", "2026-06-01"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("specialised-sme-2026"));
    assert!(stdout.contains("UNVERIFIED"));
    assert!(!stdout.contains("specialised-sme-2022"));
}

/// The demo's "now" is late 2026: the 2025 accounts are last year's.
const DATE: &str = "2026-06-30";

/// Screens the demo database for `title` in English; returns the rows and stderr.
fn screen_store(title: &str, extra: &[&str]) -> (Vec<String>, Vec<csv::StringRecord>, String) {
    let out = scratch(&format!("store-{title}-{}.csv", extra.join("_")));
    let mut args = vec![
        "rules",
        "screen",
        "--from-store",
        "--database-url",
        demo_database(),
        "--title",
        title,
        "--date",
        DATE,
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = chainchief(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let (header, rows) = read_csv(&out);
    (header, rows, stderr)
}

#[test]
fn screens_the_database_for_every_title() {
    let (header, rows, stderr) = screen_store("all", &[]);
    assert!(stderr.contains("× 6 titles on 2026-06-30"), "{stderr}");
    assert!(stderr.contains("loaded in") && stderr.contains("screened in"));
    let verdict = header.iter().position(|h| h == "Verdict").unwrap();
    for kind in ["qualifies", "does not qualify", "cannot tell"] {
        assert!(rows.iter().any(|r| &r[verdict] == kind), "no {kind}");
    }
    // The home province's firms only: Shanxi's 2,000-odd local enterprises, six rows each.
    assert_eq!(rows.len() % 6, 0);
    let firms = rows.len() / 6;
    assert!((1000..2000).contains(&firms), "{firms}");
    let title = header.iter().position(|h| h == "Title").unwrap();
    assert!(rows.iter().any(|r| &r[title] == "chain_core"));

    // A chain, a city, one verdict.
    let (_, chain, stderr) = screen_store("chain_master", &["--chain", "SX-01"]);
    assert!(!chain.is_empty() && chain.len() < firms, "{stderr}");
    let (_, city, _) = screen_store("chain_master", &["--region", "140100"]);
    assert!(!city.is_empty() && city.len() < firms);
    let (_, qualifying, stderr) = screen_store("all", &["--verdict", "qualifies"]);
    assert!(qualifying.iter().all(|r| &r[verdict] == "qualifies"));
    let counted: usize = stderr
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(qualifying.len(), counted, "{stderr}");
}

#[test]
fn store_screening_refuses_what_it_cannot_use() {
    let db = demo_database();
    let base = ["rules", "screen", "--from-store", "--database-url", db];
    let error = error_of(&[&base[..], &["--title", "all", "--region", "14"]].concat());
    assert!(error.contains("six-digit"), "{error}");
    let error = error_of(&[&base[..], &["--title", "all", "--chain", "SX-99"]].concat());
    assert!(error.contains("SX-99"), "{error}");
    let error = error_of(&[&base[..], &["--title", "all", "--verdict", "maybe"]].concat());
    assert!(error.contains("--verdict maybe"), "{error}");
}

#[test]
fn explains_one_enterprise() {
    let (header, rows, _) = screen_store("chain_master", &["--verdict", "qualifies"]);
    let id = header.iter().position(|h| h == "Enterprise ID").unwrap();
    let uscc = rows[0][id].to_owned();
    let db = demo_database();
    let args = [
        "rules",
        "explain",
        "--uscc",
        &uscc,
        "--database-url",
        db,
        "--date",
        DATE,
    ];
    let text = succeed(&[&args[..], &["--lang", "en"]].concat());
    for expected in [
        "verdict",
        "chain_master",
        "requirement",
        "fact source",
        "partner_firms",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    let text = succeed(&args);
    assert!(text.contains("结论") && text.contains("链主企业"), "{text}");

    let json = succeed(&[&args[..], &["--json", "--title", "chain_master"]].concat());
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["uscc"], uscc.as_str());
    assert_eq!(json["authority"], "140000");
    let evaluations = json["evaluations"].as_array().unwrap();
    assert_eq!(evaluations.len(), 1);
    assert_eq!(evaluations[0]["verdict"], "qualifies");
    assert!(evaluations[0]["requirements"][0]["tests"].is_array());

    let error = error_of(&[
        "rules",
        "explain",
        "--uscc",
        "not-a-uscc",
        "--database-url",
        db,
    ]);
    assert!(error.contains("--uscc"), "{error}");
    let unknown = "91110108551385082Q";
    let error = error_of(&["rules", "explain", "--uscc", unknown, "--database-url", db]);
    assert!(error.contains("no such enterprise"), "{error}");
}

#[test]
fn lists_the_cultivation_pipelines() {
    let db = demo_database();
    let args = [
        "rules",
        "pipeline",
        "--database-url",
        db,
        "--date",
        DATE,
        "--within-days",
        "365",
        "--lang",
        "en",
    ];
    let counts = succeed(&[&args[..], &["--counts"]].concat());
    for stage in ["qualifies, holds no title", "title expiring soon"] {
        assert!(counts.contains(stage), "{stage} in\n{counts}");
    }
    let out = scratch("pipeline.csv");
    succeed(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
    let (header, rows) = read_csv(&out);
    assert_eq!(header[0], "Stage");
    assert_eq!(header.last().unwrap(), "Days left");
    let expiring: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[0] == "title expiring soon")
        .collect();
    assert!(!expiring.is_empty());
    for row in expiring {
        let days: i64 = row[header.len() - 1].parse().unwrap();
        assert!((0..=365).contains(&days), "{days}");
    }
    // The counts table adds up to the rows.
    let listed: usize = counts
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().last()?.parse::<usize>().ok())
        .sum();
    assert_eq!(listed, rows.len());
}
