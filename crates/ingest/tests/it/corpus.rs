//! The corpus of bad files, generated here: each gives a clear report or a clear refusal, never a
//! panic and never a partial write.

use std::io::Write;

use ingest::{ImportOptions, Kind, Outcome};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use store::BatchStatus;

use crate::common::{
    self, counts, import, import_with, raw_workbook, reference_data, uscc, workbook,
};

/// Imports `bytes`, expects a rejection with `code` (a refusal code or an error reason), checks
/// that nothing changed and that the attempt is in the batch history.
async fn expect_rejected(
    db: &common::TestDb,
    kind: Kind,
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
    code: &str,
) -> ingest::Report {
    let store = &db.store;
    let before = counts(store).await;
    let outcome = import_with(store, kind, name, bytes, options).await;
    let report = outcome.report;
    assert_eq!(
        outcome.outcome,
        Outcome::Rejected,
        "{name}: {}",
        report.summary()
    );
    let got = report
        .refusal
        .as_ref()
        .map(|r| r.code())
        .or_else(|| report.errors_by_reason.keys().next().copied())
        .unwrap_or("");
    assert!(
        report.refusal.as_ref().is_some_and(|r| r.code() == code)
            || report.errors_by_reason.contains_key(code),
        "{name}: expected {code}, got {got}\n{}",
        report.summary()
    );
    assert_eq!(
        counts(store).await,
        before,
        "{name}: nothing may be written"
    );
    let batch = store
        .batch(outcome.batch.expect("rejected batches are recorded"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(batch.status, BatchStatus::Rejected);
    assert!(!batch.detail.unwrap_or_default().is_empty());
    // Every message exists in both languages.
    if let Some(refusal) = &report.refusal {
        assert!(!refusal.message_zh().is_empty() && !refusal.message_en().is_empty());
    }
    for issue in &report.issues {
        assert!(!issue.message_zh().is_empty() && !issue.message_en().is_empty());
    }
    report
}

fn observations_csv(rows: &[(u16, &str, &str, &str)]) -> String {
    let mut text = String::from("统一社会信用代码,指标,报告期,数值\n");
    for (n, indicator, period, value) in rows {
        text.push_str(&format!("{},{indicator},{period},{value}\n", uscc(*n)));
    }
    text
}

#[tokio::test]
async fn truncated_files_are_reported_or_refused() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let csv = observations_csv(&[
        (1, "output_value", "2025-03", "100"),
        (2, "output_value", "2025-03", "200"),
    ]);
    // Cut inside the last row: the value column is missing from it.
    let cut = &csv.as_bytes()[..csv.len() - 20];
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "cut.csv",
        cut,
        &Default::default(),
        "missing",
    )
    .await;
    assert_eq!(report.rows_rejected, 1, "{}", report.summary());
    assert_eq!(report.issues[0].row, 3);
    // Cut inside an opened quote.
    let quoted = format!("{}{},output_value,2025-03,\"12", csv, uscc(3));
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "quote.csv",
        quoted.as_bytes(),
        &Default::default(),
        "unclosed_quote",
    )
    .await;
    assert!(report.refusal.unwrap().message_en().contains("row 4"));

    let book = workbook(|book| {
        let sheet = book.add_worksheet();
        for row in 0..200u32 {
            sheet.write_string(row, 0, format!("row {row}")).unwrap();
        }
    });
    for cut in [book.len() / 2, book.len() - 10, 30] {
        let report = expect_rejected(
            &db,
            Kind::Observations,
            "cut.xlsx",
            &book[..cut],
            &Default::default(),
            "damaged",
        )
        .await;
        assert!(report.refusal.is_some());
    }
}

#[tokio::test]
async fn encodings_are_detected_and_wrong_ones_refused() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let text = observations_csv(&[
        (1, "营业收入", "2025年3月", "1，234"),
        (2, "用电量", "2025年3月", "56"),
    ]);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let outcome = import(&db.store, Kind::Observations, "gbk.csv", &gbk).await;
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}",
        outcome.report.summary()
    );
    assert!(outcome.report.source.format.contains("GB18030"));
    assert!(outcome.report.notices.iter().any(|n| n.en.contains("GBK")));
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.replace(',', "\t").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let outcome = import(&db.store, Kind::Observations, "unicode.txt", &utf16).await;
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}",
        outcome.report.summary()
    );
    assert_eq!(outcome.report.written.unwrap().unchanged, 2);

    // A GB18030 lead byte followed by a byte that can never trail it.
    let mut broken = b"uscc,indicator,period,value\n".to_vec();
    broken.extend_from_slice(&[0x81, 0x20, 0x81, 0x7F, b'\n']);
    expect_rejected(
        &db,
        Kind::Observations,
        "broken.csv",
        &broken,
        &Default::default(),
        "encoding",
    )
    .await;
}

#[tokio::test]
async fn formulas_merged_cells_hidden_sheets_and_dates() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let store = &db.store;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let book = workbook(|book| {
        let hidden = book.add_worksheet();
        hidden.set_name("草稿").unwrap();
        hidden.write_string(0, 0, "not data").unwrap();
        hidden.set_hidden(true);
        let sheet = book.add_worksheet();
        sheet.set_name("数据").unwrap();
        // Excel cannot hide the active sheet; the data sheet is the one open.
        sheet.set_active(true);
        sheet
            .merge_range(0, 0, 0, 4, "2025年一季度规上工业企业产值", &Format::new())
            .unwrap();
        for (c, h) in ["统一社会信用代码", "企业名称", "指标", "报告期", "数值"]
            .iter()
            .enumerate()
        {
            sheet.write_string(1, c as u16, *h).unwrap();
        }
        // Enterprise 1 in a merged block of three rows, as people lay out one firm's months.
        sheet
            .merge_range(2, 0, 4, 0, uscc(1).as_str(), &Format::new())
            .unwrap();
        sheet
            .merge_range(2, 1, 4, 1, "测试企业1", &Format::new())
            .unwrap();
        for row in 2..=4u32 {
            sheet.write_string(row, 2, "output_value").unwrap();
        }
        // A real date, an Excel serial as a number, and text.
        sheet
            .write_datetime_with_format(2, 3, ExcelDateTime::from_ymd(2025, 3, 1).unwrap(), &date)
            .unwrap();
        sheet.write_number(3, 3, 45778.0).unwrap(); // 2025-05-01
        sheet.write_string(4, 3, "2025年6月").unwrap();
        sheet.write_number(2, 4, 10.0).unwrap();
        sheet.write_formula(3, 4, "=E3*2").unwrap();
        sheet.set_formula_result(3, 4, "20");
        sheet.write_number(4, 4, 30.0).unwrap();
    });
    let outcome = import(store, Kind::Observations, "merged.xlsx", &book).await;
    let report = &outcome.report;
    assert_eq!(outcome.outcome, Outcome::Committed, "{}", report.summary());
    assert_eq!(report.source.sheet.as_deref(), Some("数据"));
    assert_eq!(report.header_row, Some(2));
    let notices: Vec<&str> = report.notices.iter().map(|n| n.en.as_str()).collect();
    assert!(
        notices.iter().any(|n| n.contains("hidden sheets")),
        "{notices:?}"
    );
    assert!(notices.iter().any(|n| n.contains("merged")), "{notices:?}");
    assert!(
        notices.iter().any(|n| n.contains("formulas")),
        "{notices:?}"
    );
    let series = store
        .enterprise_series(
            store.stored_keys().await.unwrap().enterprises[uscc(1).as_str()],
            "output_value",
            None,
            None,
        )
        .await
        .unwrap();
    let got: Vec<(String, f64)> = series.iter().map(|(p, v)| (p.to_string(), *v)).collect();
    assert_eq!(
        got,
        [
            ("2025-03".into(), 10.0),
            ("2025-05".into(), 20.0),
            ("2025-06".into(), 30.0)
        ]
    );

    // A formula whose value was never saved (as programs write them) is a row error.
    let book = raw_workbook(&format!(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>uscc</t></is></c><c r="B1" t="inlineStr"><is><t>indicator</t></is></c><c r="C1" t="inlineStr"><is><t>period</t></is></c><c r="D1" t="inlineStr"><is><t>value</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{}</t></is></c><c r="B2" t="inlineStr"><is><t>output_value</t></is></c><c r="C2" t="inlineStr"><is><t>2025-07</t></is></c><c r="D2"><f>1+1</f></c></row></sheetData></worksheet>"#,
        uscc(2)
    ));
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "formula.xlsx",
        &book,
        &Default::default(),
        "formula_without_value",
    )
    .await;
    assert_eq!(report.issues[0].column_letter(), "D");

    // Naming a hidden sheet reads it (and says so); naming a missing one lists the sheets.
    let options = ImportOptions {
        sheet: Some("nope".into()),
        ..Default::default()
    };
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "merged.xlsx",
        &workbook(|b| {
            b.add_worksheet().set_name("甲").unwrap();
        }),
        &options,
        "no_such_sheet",
    )
    .await;
    assert!(report.refusal.unwrap().message_zh().contains("甲"));
}

#[tokio::test]
async fn blank_title_duplicate_header_rows_and_extra_or_missing_columns() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let text = format!(
        "\n,,,\n2025年3月指标,,,\n统一社会信用代码,指标,报告期,数值,备注\nUSCC,indicator,period,value,note\n\
         {u1},output_value,2025-03,1\n,,,\n统一社会信用代码,指标,报告期,数值,备注\n{u2},output_value,2025-03,2,x\n",
        u1 = uscc(1),
        u2 = uscc(2)
    );
    let outcome = import(&db.store, Kind::Observations, "messy.csv", text.as_bytes()).await;
    let report = &outcome.report;
    assert_eq!(outcome.outcome, Outcome::Committed, "{}", report.summary());
    assert_eq!(report.header_row, Some(4));
    assert_eq!(
        (report.rows_read, report.rows_accepted, report.rows_blank),
        (2, 2, 1)
    );
    let warnings: Vec<(u64, &str)> = report.issues.iter().map(|i| (i.row, i.reason())).collect();
    assert_eq!(
        warnings,
        [
            (4, "ignored_column"),
            (5, "repeated_header"),
            (8, "repeated_header")
        ]
    );

    let missing = format!("统一社会信用代码,报告期,数值\n{},2025-03,1\n", uscc(1));
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "missing.csv",
        missing.as_bytes(),
        &Default::default(),
        "layout",
    )
    .await;
    assert!(report.refusal.unwrap().message_zh().contains("指标"));
    let missing = "企业名称,行政区划代码\n甲,140105\n";
    let report = expect_rejected(
        &db,
        Kind::Enterprises,
        "missing.csv",
        missing.as_bytes(),
        &Default::default(),
        "missing_columns",
    )
    .await;
    assert!(report.refusal.unwrap().message_en().contains("USCC"));
    expect_rejected(
        &db,
        Kind::Enterprises,
        "none.csv",
        b"a,b\n1,2\n",
        &Default::default(),
        "no_header",
    )
    .await;
    expect_rejected(
        &db,
        Kind::Enterprises,
        "header-only.csv",
        "统一社会信用代码,企业名称,行政区划代码,行业代码,企业规模,是否规上\n".as_bytes(),
        &Default::default(),
        "no_data",
    )
    .await;
}

#[tokio::test]
async fn hostile_sizes_are_refused_before_they_cost_memory() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    // A 10 MB cell.
    let mut big = format!(
        "统一社会信用代码,指标,报告期,数值\n{},output_value,2025-03,",
        uscc(1)
    )
    .into_bytes();
    big.extend(std::iter::repeat_n(b'9', 10 << 20));
    big.push(b'\n');
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "cell.csv",
        &big,
        &Default::default(),
        "cell_too_long",
    )
    .await;
    assert!(report.refusal.unwrap().message_en().contains("D2"));
    // One million columns.
    let mut wide = String::with_capacity(4 << 20);
    for i in 0..1_000_000 {
        if i > 0 {
            wide.push(',');
        }
        wide.push('c');
    }
    wide.push('\n');
    expect_rejected(
        &db,
        Kind::Observations,
        "columns.csv",
        wide.as_bytes(),
        &Default::default(),
        "too_many_columns",
    )
    .await;
    // Too many rows for the limit given.
    let options = ImportOptions {
        limits: ingest::Limits {
            max_rows: 3,
            ..Default::default()
        },
        ..Default::default()
    };
    let rows = observations_csv(&[(1, "output_value", "2025-03", "1"); 5]);
    expect_rejected(
        &db,
        Kind::Observations,
        "rows.csv",
        rows.as_bytes(),
        &options,
        "too_many_rows",
    )
    .await;
    // And a file above the size limit.
    let options = ImportOptions {
        limits: ingest::Limits {
            max_file_bytes: 16,
            ..Default::default()
        },
        ..Default::default()
    };
    expect_rejected(
        &db,
        Kind::Observations,
        "big.csv",
        rows.as_bytes(),
        &options,
        "file_too_large",
    )
    .await;
}

#[tokio::test]
async fn garbage_and_zip_bombs_are_refused() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let mut garbage = Vec::with_capacity(1 << 16);
    let mut x: u32 = 2_463_534_242;
    for _ in 0..(1 << 16) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        garbage.push(x as u8);
    }
    expect_rejected(
        &db,
        Kind::Enterprises,
        "garbage.xlsx",
        &garbage,
        &Default::default(),
        "not_xlsx",
    )
    .await;
    let code = if garbage.contains(&0) {
        "binary"
    } else {
        "encoding"
    };
    expect_rejected(
        &db,
        Kind::Enterprises,
        "garbage.csv",
        &garbage,
        &Default::default(),
        code,
    )
    .await;
    let mut legacy = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    legacy.extend_from_slice(&garbage[..512]);
    expect_rejected(
        &db,
        Kind::Enterprises,
        "old.xls",
        &legacy,
        &Default::default(),
        "legacy_xls",
    )
    .await;
    // A zip that is not a workbook.
    let mut plain = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut plain));
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
    }
    expect_rejected(
        &db,
        Kind::Enterprises,
        "plain.xlsx",
        &plain,
        &Default::default(),
        "not_xlsx",
    )
    .await;

    // A zip bomb: 64 MiB of one byte in the sheet part, about 64 KiB compressed (~1000:1).
    let mut bomb = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..64 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    let report = expect_rejected(
        &db,
        Kind::Enterprises,
        "bomb.xlsx",
        &bomb,
        &Default::default(),
        "zip_bomb",
    )
    .await;
    assert!(report.refusal.unwrap().message_zh().contains("压缩炸弹"));
    // The same file under a total-size limit it exceeds before its ratio shows.
    let options = ImportOptions {
        limits: ingest::Limits {
            max_uncompressed_bytes: 1 << 20,
            ratio_floor_bytes: 1 << 30,
            ..Default::default()
        },
        ..Default::default()
    };
    expect_rejected(
        &db,
        Kind::Enterprises,
        "bomb.xlsx",
        &bomb,
        &options,
        "uncompressed_too_large",
    )
    .await;
}

#[tokio::test]
async fn every_bad_row_is_listed_with_row_column_value_and_both_languages() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let bad_check = {
        let good = uscc(1).to_string();
        let last = if good.ends_with('0') { '1' } else { '0' };
        format!("{}{last}", &good[..17])
    };
    let text = format!(
        "统一社会信用代码,指标,报告期,数值\n\
         {bad_check},output_value,2025-03,1\n\
         {u1},output_value,2025-01,1\n\
         {u1},no_such,2025-03,1\n\
         {u1},output_value,2025-13,1\n\
         {u1},output_value,2025-04,-5\n\
         {u1},total_profit,2025-04,-5\n\
         {u1},output_value,2025-04,1,5\n\
         {u1},output_value,2025-04,7\n\
         {unknown},output_value,2025-04,7\n\
         {u1},output_value,2025-05,12%\n",
        u1 = uscc(1),
        unknown = uscc(999)
    );
    let report = expect_rejected(
        &db,
        Kind::Observations,
        "bad.csv",
        text.as_bytes(),
        &Default::default(),
        "uscc",
    )
    .await;
    let rows: Vec<(u64, String, &str)> = report
        .issues
        .iter()
        .filter(|i| i.severity == ingest::Severity::Error)
        .map(|i| (i.row, i.column_letter(), i.reason()))
        .collect();
    assert_eq!(
        rows,
        [
            (2, "A".into(), "uscc"),
            (3, "C".into(), "january_alone"),
            (4, "B".into(), "unknown_reference"),
            (5, "C".into(), "period"),
            (6, "D".into(), "negative"),
            (9, "D".into(), "duplicate"),
            (10, "A".into(), "unknown_reference"),
            (11, "D".into(), "percent"),
        ],
        "{}",
        report.summary()
    );
    // Row 7 (profit may be negative) and row 8 (an extra cell beyond the header) are fine.
    assert_eq!(
        (report.rows_read, report.rows_rejected, report.rows_accepted),
        (10, 8, 2)
    );
    let january = &report.issues[1];
    assert!(
        january.message_zh().contains("1-2月"),
        "{}",
        january.message_zh()
    );
    assert!(
        january.message_en().contains("1–2月"),
        "{}",
        january.message_en()
    );
    assert_eq!(january.value, "2025-01");
    // The report files carry every issue.
    let csv = String::from_utf8(report.to_csv().unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 2 + report.issues.len());
    let xlsx = report.to_xlsx().unwrap();
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    use calamine::Reader;
    let range = book.worksheet_range("问题 issues").unwrap();
    assert_eq!(range.height(), 1 + report.issues.len());
    let summary = report.summary();
    assert!(summary.contains("拒绝 rejected 8"), "{summary}");
    assert!(summary.contains("1月单独报告"), "{summary}");
    let _ = Workbook::new();
}
