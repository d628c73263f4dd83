//! Property tests over arbitrary input (the in-suite stand-in for the fuzz targets): no input
//! makes the importer panic, and a rejected file yields no records.

use ingest::{ImportOptions, Kind, Limits};
use proptest::prelude::*;
use store::StoredKeys;

use crate::common::raw_workbook;

fn options() -> ImportOptions {
    ImportOptions {
        limits: Limits {
            max_rows: 1_000,
            max_columns: 200,
            max_cell_chars: 1_000,
            ..Limits::default()
        },
        ..ImportOptions::default()
    }
}

/// Bytes that look a little like a CSV of ours: header words, codes, numbers, separators, quotes.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("统一社会信用代码".to_owned()),
        Just("指标".to_owned()),
        Just("报告期".to_owned()),
        Just("数值".to_owned()),
        Just("uscc".to_owned()),
        Just("91140100MA0GRKXB3G".to_owned()),
        Just("output_value".to_owned()),
        Just("2025年1-2月".to_owned()),
        Just("2025-01".to_owned()),
        Just("1,234".to_owned()),
        Just("\"".to_owned()),
        Just(",".to_owned()),
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| t.concat().into_bytes())
}

fn keys() -> StoredKeys {
    let mut keys = StoredKeys::default();
    keys.enterprises.insert("91140100MA0GRKXB3G".into(), 1);
    keys
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_csv_gives_a_report(bytes in prop_oneof![csvish(), proptest::collection::vec(any::<u8>(), 0..512)], k in 0usize..11) {
        let kind = Kind::ALL[k];
        let parsed = ingest::parse(kind, "p.csv", &bytes, &keys(), &options());
        if parsed.report.is_rejected() {
            prop_assert!(parsed.records.is_empty());
        }
        prop_assert!(!parsed.report.summary().is_empty());
    }

    #[test]
    fn any_sheet_xml_gives_a_report(xml in "(<row r=\"[0-9]{1,3}\">|<c r=\"[A-Z]{1,2}[0-9]{1,3}\"( t=\"(s|str|inlineStr|b|e|d)\")?>|<v>[0-9.E-]{0,8}</v>|<is><t>[a-z0-9年月]{0,6}</t></is>|<f>1\\+1</f>|</c>|</row>|<mergeCells><mergeCell ref=\"A1:C3\"/></mergeCells>|</sheetData>|<sheetData>){0,40}") {
        let bytes = raw_workbook(&xml);
        let parsed = ingest::parse(Kind::Observations, "p.xlsx", &bytes, &keys(), &options());
        prop_assert!(!parsed.report.summary().is_empty());
    }
}
