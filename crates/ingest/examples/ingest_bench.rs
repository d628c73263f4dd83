//! Import benchmark (bench/ingest/run.sh drives it in release):
//!
//! 1. 1,000,000 observation rows from CSV (10,000 enterprises × 10 indicators × 10 periods),
//!    validated and committed on SQLite; then the same file again (every value unchanged), then
//!    with every value changed (every value revised, old ones to the history);
//! 2. 100,000 rows from XLSX, validated and committed.
//!
//! `cargo run --release -p ingest --example ingest_bench -- [DIR] [ROWS] [XLSX_ROWS]`

use std::time::Instant;

use ingest::{ImportOptions, Kind, Outcome};
use model::Uscc;

const INDICATORS: [(&str, &str, &str); 10] = [
    ("output_value", "工业总产值", "yuan"),
    ("operating_revenue", "营业收入", "yuan"),
    ("total_profit", "利润总额", "yuan"),
    ("electricity", "用电量", "kWh"),
    ("tax", "实缴税金", "yuan"),
    ("employees", "从业人员", "person"),
    ("export_value", "出口交货值", "yuan"),
    ("energy_consumption", "综合能源消费量", "tce"),
    ("water_use", "用水量", "m3"),
    ("rd_expenditure", "研发费用", "yuan"),
];

fn uscc(n: usize) -> Uscc {
    let org = format!("MB{n:06}");
    let org: [u8; 8] = org.as_bytes().try_into().unwrap_or(*b"MB000000");
    Uscc::assemble(b'9', b'1', "140100", &org).expect("valid test USCC")
}

fn periods(year: u16) -> Vec<String> {
    (2..=11).map(|m| format!("{year}-{m:02}")).collect()
}

fn observations_csv(enterprises: usize, rows: usize, shift: f64) -> Vec<u8> {
    let periods = periods(2025);
    let mut out = String::with_capacity(rows * 48);
    out.push_str("统一社会信用代码,指标,报告期,数值\n");
    let mut written = 0;
    'all: for e in 0..enterprises {
        let code = uscc(e);
        for (i, (indicator, ..)) in INDICATORS.iter().enumerate() {
            for (p, period) in periods.iter().enumerate() {
                if written == rows {
                    break 'all;
                }
                let value = (e * 131 + i * 17 + p) as f64 * 1.25 + shift;
                out.push_str(&format!("{code},{indicator},{period},{value}\n"));
                written += 1;
            }
        }
    }
    out.into_bytes()
}

/// Rows of 2026, so that they are new values (the CSV runs fill 2025).
fn observations_xlsx(enterprises: usize, rows: usize) -> Vec<u8> {
    let periods = periods(2026);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["统一社会信用代码", "指标", "报告期", "数值(万元)"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    let mut r = 1u32;
    'all: for e in 0..enterprises {
        let code = uscc(e);
        for (indicator, ..) in INDICATORS.iter().filter(|i| i.2 == "yuan") {
            for period in &periods {
                if r as usize > rows {
                    break 'all;
                }
                sheet.write_string(r, 0, code.as_str()).expect("cell");
                sheet.write_string(r, 1, *indicator).expect("cell");
                sheet.write_string(r, 2, period).expect("cell");
                sheet.write_number(r, 3, f64::from(r) * 0.5).expect("cell");
                r += 1;
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

async fn timed(
    store: &store::Store,
    kind: Kind,
    name: &str,
    bytes: Vec<u8>,
) -> (f64, ingest::ImportOutcome) {
    let started = Instant::now();
    let outcome = ingest::import_bytes(store, kind, name, bytes, &ImportOptions::default())
        .await
        .expect("database");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}",
        outcome.report.summary()
    );
    (seconds, outcome)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .unwrap_or_else(|| std::env::temp_dir().display().to_string()),
    );
    let rows: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let xlsx_rows: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let enterprises = rows.div_ceil(100).max(xlsx_rows.div_ceil(60));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let db = dir.join("ingest-bench.sqlite");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let store = store::Store::open(db.to_str().expect("utf-8 path")).await.expect("open");
        let mut indicators = String::from("code,name_zh,name_en,unit,frequency,aggregation\n");
        for (code, zh, unit) in INDICATORS {
            indicators.push_str(&format!("{code},{zh},{code},{unit},monthly,sum\n"));
        }
        timed(&store, Kind::Indicators, "indicators.csv", indicators.into_bytes()).await;
        let mut text = String::from("uscc,name,region,industry,size_class,above_designated_size\n");
        for e in 0..enterprises {
            text.push_str(&format!("{},企业{e},140105,3670,small,true\n", uscc(e)));
        }
        let (seconds, _) = timed(&store, Kind::Enterprises, "enterprises.csv", text.into_bytes()).await;
        println!("enterprises: {enterprises} rows in {seconds:.2} s");

        let csv = observations_csv(enterprises, rows, 0.0);
        // Kept for the driver's comparison with sqlite3's own `.import`.
        std::fs::write(dir.join("observations.csv"), &csv).expect("write the CSV");
        let megabytes = csv.len() as f64 / 1e6;
        let keys = store.stored_keys().await.expect("keys");
        let started = Instant::now();
        let parsed = ingest::parse(Kind::Observations, "observations.csv", &csv, &keys, &ImportOptions::default());
        println!(
            "csv read and validate only (no database): {rows} rows in {:.2} s ({} values)",
            started.elapsed().as_secs_f64(),
            parsed.records.len()
        );
        drop(parsed);
        let (seconds, outcome) = timed(&store, Kind::Observations, "observations.csv", csv.clone()).await;
        let w = outcome.report.written.unwrap_or_default();
        println!(
            "csv first import: {rows} rows ({megabytes:.0} MB) in {seconds:.2} s = {:.0} rows/s (inserted {})",
            rows as f64 / seconds,
            w.inserted
        );
        let (seconds, outcome) = timed(&store, Kind::Observations, "observations.csv", csv).await;
        let w = outcome.report.written.unwrap_or_default();
        println!(
            "csv re-import, unchanged: {rows} rows in {seconds:.2} s = {:.0} rows/s (unchanged {})",
            rows as f64 / seconds,
            w.unchanged
        );
        let changed = observations_csv(enterprises, rows, 0.5);
        let (seconds, outcome) = timed(&store, Kind::Observations, "observations-revised.csv", changed).await;
        let w = outcome.report.written.unwrap_or_default();
        println!(
            "csv re-import, all revised: {rows} rows in {seconds:.2} s = {:.0} rows/s (revised {})",
            rows as f64 / seconds,
            w.revised
        );

        let xlsx = observations_xlsx(enterprises, xlsx_rows);
        let megabytes = xlsx.len() as f64 / 1e6;
        let xlsx_started = Instant::now();
        let outcome = ingest::import_bytes(
            &store,
            Kind::Observations,
            "observations.xlsx",
            xlsx,
            &ImportOptions::default(),
        )
        .await
        .expect("database");
        let seconds = xlsx_started.elapsed().as_secs_f64();
        let w = outcome.report.written.unwrap_or_default();
        println!(
            "xlsx import: {xlsx_rows} rows ({megabytes:.1} MB) in {seconds:.2} s = {:.0} rows/s (inserted {}, revised {}, unchanged {}; {:?})",
            xlsx_rows as f64 / seconds,
            w.inserted,
            w.revised,
            w.unchanged,
            outcome.outcome
        );
        store.close().await;
    });
}
