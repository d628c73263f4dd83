//! `chainchief import`, `template` and `export` through the binary, and a kill in the middle of
//! an import.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{chainchief, succeed};

/// A scratch path of these tests (prefixed: the other modules share the folder).
fn scratch(name: &str) -> PathBuf {
    crate::support::scratch(&format!("ingest-{name}"))
}

/// `chainchief import KIND FILE OPTIONS… --database-url DB`.
fn import(kind: &str, file: &Path, options: &[&str], db: &str) -> Output {
    let file = file.to_str().unwrap();
    chainchief(
        &[
            &["import", kind, file][..],
            options,
            &["--database-url", db],
        ]
        .concat(),
    )
}

fn uscc(n: u32) -> model::Uscc {
    let org = format!("MA{n:06}");
    model::Uscc::assemble(b'9', b'1', "140100", org.as_bytes().try_into().unwrap()).unwrap()
}

fn write_reference(dir_db: &str, enterprises: u32) {
    let indicators = scratch("indicators.csv");
    std::fs::write(
        &indicators,
        "code,name_zh,name_en,unit,frequency,aggregation\noutput_value,工业总产值,output value,yuan,monthly,sum\n",
    )
    .unwrap();
    let indicators = indicators.to_str().unwrap();
    succeed(&["import", "indicators", indicators, "--database-url", dir_db]);
    let mut text = String::from("uscc,name,region,industry,size_class,above_designated_size\n");
    for n in 0..enterprises {
        text.push_str(&format!("{},企业{n},140105,3670,small,true\n", uscc(n)));
    }
    let path = scratch("enterprises.csv");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    succeed(&["import", "enterprises", path, "--database-url", dir_db]);
}

fn observations(path: &Path, enterprises: u32, years: std::ops::Range<u16>) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "uscc,indicator,period,value").unwrap();
    for n in 0..enterprises {
        let code = uscc(n);
        for year in years.clone() {
            for month in 2u8..=12 {
                writeln!(
                    out,
                    "{code},output_value,{year}-{month:02},{}",
                    n * 7 + u32::from(month)
                )
                .unwrap();
            }
        }
    }
}

/// (observations, batches, batches still marked running), read through the store.
fn snapshot(db: &str) -> (usize, usize, usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = store::Store::open(db).await.unwrap();
        let observations = store
            .list_observations(&store::ObservationFilter::default())
            .await
            .unwrap()
            .len();
        let batches = store.list_batches(10_000, 0).await.unwrap().items;
        let running = batches
            .iter()
            .filter(|b| b.status == store::BatchStatus::Running)
            .count();
        store.close().await;
        (observations, batches.len(), running)
    })
}

#[test]
fn imports_report_and_refuse_through_the_binary() {
    let db = scratch("cli.sqlite");
    let db = db.to_str().unwrap();
    write_reference(db, 3);
    let good = scratch("good.csv");
    observations(&good, 3, 2025..2026);
    let out = import("observations", &good, &[], db);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("读取 read 33 行 rows"), "{stderr}");
    assert!(stderr.contains("committed as batch"), "{stderr}");

    let bad = scratch("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "uscc,indicator,period,value\n{},output_value,2025-01,5\n",
            uscc(1)
        ),
    )
    .unwrap();
    let report = scratch("report.xlsx");
    let out = import(
        "observations",
        &bad,
        &["--report", report.to_str().unwrap()],
        db,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: ") && last.contains("row 2 column C"),
        "{stderr}"
    );
    assert!(std::fs::read(&report).unwrap().starts_with(b"PK"));
    let csv_report = scratch("report.csv");
    let csv_report_path = csv_report.to_str().unwrap();
    let options = ["--combine-jan-feb", "--report", csv_report_path];
    let out = import("observations", &bad, &options, db);
    assert!(!out.status.success());
    let text = std::fs::read_to_string(&csv_report).unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.contains("1月和2月"),
        "{text}"
    );

    let out = import("observations", &bad, &["--dry-run"], db);
    assert!(!out.status.success());

    let template = scratch("t.xlsx");
    let out = chainchief(&["template", "企业", "--out", template.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&template).unwrap().starts_with(b"PK"));

    let exported = scratch("obs.csv");
    let out = chainchief(&[
        "export",
        "observations",
        "--indicator",
        "output_value",
        "--from",
        "2025-03",
        "--to",
        "2025年4月",
        "--out",
        exported.to_str().unwrap(),
        "--database-url",
        db,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(text.lines().count(), 1 + 3 * 2, "{text}");
    assert!(text.starts_with("\u{feff}统一社会信用代码"), "{text}");
    let out = chainchief(&[
        "export",
        "enterprises",
        "--region",
        "140100",
        "--out",
        scratch("e.xlsx").to_str().unwrap(),
        "--database-url",
        db,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = chainchief(&["import", "nonsense", "x.csv"]);
    assert!(!out.status.success());
}

/// Kills the importer while it writes (when the SQLite write-ahead log starts to grow) and checks
/// that the database is exactly as before: the batch was one transaction.
#[test]
fn a_killed_import_leaves_the_database_as_it_was() {
    let db_path = scratch("kill.sqlite");
    let db = db_path.to_str().unwrap();
    write_reference(db, 1_000);
    let first = scratch("first.csv");
    observations(&first, 1_000, 2020..2021);
    let out = import("observations", &first, &[], db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = snapshot(db);
    assert_eq!(before.0, 11_000);
    // 110k rows: the commit writes several megabytes of WAL frames, and the kill lands while
    // they are being written (or, when the page cache spills, before the commit).
    let big = scratch("big.csv");
    observations(&big, 1_000, 2011..2021);
    let wal = format!("{db}-wal");
    let wal_size = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let start_size = wal_size();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainchief"))
        .args([
            "import",
            "observations",
            big.to_str().unwrap(),
            "--database-url",
            db,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut killed = false;
    while started.elapsed() < Duration::from_secs(900) {
        if let Some(status) = child.try_wait().unwrap() {
            eprintln!("the import finished ({status}) before it could be killed mid-write");
            break;
        }
        if wal_size() > start_size + (1 << 20) {
            killed = child.kill().is_ok();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Killed, finished, or too slow to catch (then it runs to the end) before looking.
    let _ = child.wait();
    let after = snapshot(db);
    assert_eq!(after.2, 0, "no half-open batch is visible");
    // All or nothing: the kill lands before the commit record (the database is as it was) or
    // after it (the process was only cleaning up: the whole batch is there). With a page cache
    // large enough for the batch, the WAL grows only while the commit itself is written, so
    // either can happen; a partial write never can.
    let whole = (10 * 11_000, before.1 + 1, 0);
    assert!(
        after == before || after == whole,
        "killed: {killed}; before {before:?}, after {after:?}: neither as before nor the whole batch"
    );
}
