//! `chainchief monitor …` on a small demo database.

use crate::support::{chainchief, demo_database, scratch, succeed};

#[test]
fn rollup_by_chain_prints_every_chain_for_the_latest_period() {
    let db = demo_database();
    let text = succeed(&[
        "monitor",
        "rollup",
        "--database-url",
        db,
        "--indicator",
        "output_value",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("当月同比(%)") && lines[0].contains("累计同比(%)"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 1 + 16, "{text}");
    assert!(text.contains("特钢材料") && text.contains("2026-10"));
}

#[test]
fn rollup_writes_csv_for_excel_in_english() {
    let db = demo_database();
    let out = scratch("chain_city.csv");
    let out_s = out.display().to_string();
    succeed(&[
        "monitor",
        "rollup",
        "--database-url",
        db,
        "--by",
        "chain,city",
        "--within",
        "chain=SX-01",
        "--all-periods",
        "--above-size",
        "--lang",
        "en",
        "--out",
        &out_s,
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("chain code,chain,city code,city,indicator"),
        "{}",
        &text[..80]
    );
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.starts_with("SX-01,特钢材料,14"))
    );
}

#[test]
fn rollup_writes_xlsx_with_numbers_that_match_the_csv() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let db = demo_database();
    let (csv, xlsx) = (scratch("rollup.csv"), scratch("rollup.xlsx"));
    for out in [&csv, &xlsx] {
        let out = out.display().to_string();
        let args = ["monitor", "rollup", "--database-url", db, "--out", &out];
        succeed(&args);
    }
    let text = String::from_utf8(std::fs::read(&csv).unwrap()[3..].to_vec()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let csv_rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(sheet.height(), csv_rows.len(), "same rows, one header");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, csv_rows[0]);
    // Every number cell is the number the CSV shows rounded, not text.
    let mut numbers = 0;
    for (cells, csv_row) in sheet.rows().skip(1).zip(&csv_rows[1..]) {
        for (cell, shown) in cells.iter().zip(csv_row) {
            if let Data::Float(value) = cell {
                let shown: f64 = shown.parse().unwrap();
                // Shown rounded: as it is (integers, two decimals) or as a percentage.
                let slack = 1e-9 * shown.abs();
                let as_is = (value - shown).abs() <= 0.5 + slack;
                let as_percent = (100.0 * value - shown).abs() <= 0.05 + slack;
                assert!(as_is || as_percent, "{value} vs {shown}");
                numbers += 1;
            }
        }
    }
    assert!(numbers > 16, "numbers are written as numbers ({numbers})");
}

#[test]
fn contributions_warnings_series_and_targets() {
    let db = demo_database();
    let text = succeed(&[
        "monitor",
        "contributions",
        "--database-url",
        db,
        "--parent",
        "chain",
        "--child",
        "city",
    ]);
    assert!(text.lines().next().unwrap().contains("贡献率(%)"));
    let text = succeed(&[
        "monitor",
        "warnings",
        "--database-url",
        db,
        "--level",
        "enterprise",
    ]);
    assert!(
        text.lines().count() > 1,
        "the demo has shocked and silent firms: {text}"
    );
    assert!(text.contains("蓝色") || text.contains("橙色") || text.contains("红色"));
    let text = succeed(&[
        "monitor",
        "warnings",
        "--database-url",
        db,
        "--level",
        "chain",
        "--lang",
        "en",
    ]);
    assert!(text.starts_with("colour"));
    let text = succeed(&["monitor", "targets", "--database-url", db]);
    assert!(
        text.contains("特钢材料") && text.contains("output_value"),
        "{text}"
    );

    let firms = scratch("firms.csv");
    let firms_s = firms.display().to_string();
    succeed(&[
        "monitor",
        "rollup",
        "--database-url",
        db,
        "--by",
        "enterprise",
        "--indicator",
        "output_value",
        "--out",
        &firms_s,
    ]);
    let listing = std::fs::read_to_string(&firms).unwrap();
    let uscc = listing
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let series = succeed(&[
        "monitor",
        "series",
        "--database-url",
        db,
        "--uscc",
        &uscc,
        "--lang",
        "en",
    ]);
    assert!(
        series.contains("gross industrial output value") && series.contains("2026-02"),
        "{series}"
    );
    let out = chainchief(&[
        "monitor",
        "series",
        "--database-url",
        db,
        "--uscc",
        "91140105MA0000000X",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error:") && err.lines().count() == 1,
        "{err}"
    );
}
