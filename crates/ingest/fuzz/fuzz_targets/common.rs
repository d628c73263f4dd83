//! What every target shares: stored keys with one enterprise and one indicator, and small limits
//! so that a run explores shapes rather than sizes.

use ingest::{ImportOptions, Kind, Limits};
use store::StoredKeys;

pub fn keys() -> StoredKeys {
    let mut keys = StoredKeys::default();
    keys.enterprises.insert("91140100MA0GRKXB3G".into(), 1);
    keys.chains.insert("SX-01".into());
    keys.nodes.insert(("SX-01".into(), "SX-01-03".into()));
    keys.parks.insert("P1".into());
    keys.indicators.insert(
        "output_value".into(),
        (
            1,
            model::Indicator {
                code: "output_value".into(),
                name_zh: "工业总产值".into(),
                name_en: "output value".into(),
                unit: "yuan".into(),
                frequency: model::Frequency::Monthly,
                aggregation: model::Aggregation::Sum,
                comparable_price: false,
                numerator: None,
                denominator: None,
            },
        ),
    );
    keys
}

pub fn options(selector: u8) -> ImportOptions {
    ImportOptions {
        combine_jan_feb: selector & 1 == 1,
        year: (selector & 2 == 2).then_some(2025),
        limits: Limits {
            max_file_bytes: 1 << 20,
            max_uncompressed_bytes: 8 << 20,
            max_rows: 10_000,
            max_columns: 1_000,
            max_cell_chars: 4_096,
            max_merged_cells: 10_000,
            ..Limits::default()
        },
        ..ImportOptions::default()
    }
}

pub fn kind(selector: u8) -> Kind {
    Kind::ALL[usize::from(selector) % Kind::ALL.len()]
}
