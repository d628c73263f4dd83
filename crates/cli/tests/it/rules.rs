//! `chainchief rules screen` and `rules list` on small files.

use crate::support::{chainchief, scratch};

/// The 创新型 worked example of the rules crate (score 85) and a firm with nothing known.
const FACTS: &str = "\
id,name,size_class,revenue_2024,main_business_revenue_2024,main_business_revenue_2023,rd_expense_2024,total_assets_2024,total_liabilities_2024,ip_class1_high_value,ip_class1_self_developed,ip_class1,ip_class2,strategic_emerging,partner_firms
bearing,晋源轴承,small,8000万,7200万,6400万,280万,8000万,4200万,0,1,2,5,是,23
blank,,,,,,,,,,,,,,
";

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

    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "Enterprise ID");
    assert_eq!(header.len(), rules::SCREEN_COLUMNS.len());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let innovative = rows
        .iter()
        .find(|row| &row[0] == "bearing" && &row[column("Title")] == "innovative_sme")
        .unwrap();
    assert_eq!(&innovative[column("Verdict")], "qualifies");
    assert_eq!(&innovative[column("Score")], "85");
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
