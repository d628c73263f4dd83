//! Import templates: one workbook per kind, written from the same column table the importer reads
//! ([`crate::kind`]), so a template always imports.
//!
//! Sheets: `数据 data` (Chinese and English header rows, required columns starred, units in the
//! header, a note on each header cell; the importer skips the English row), `说明 notes` (one
//! row per column), `示例 example` (the header and one example row, importable with
//! `--sheet 示例`).

use crate::kind::{Field, Kind};
use crate::table::{
    Column, ColumnFormat, ExportError, Headers, Table, Value, workbook_with_headers,
};

fn header(field: &Field, zh: bool) -> String {
    let star = if field.required { "*" } else { "" };
    let name = if zh { field.zh } else { field.en };
    match field.unit {
        Some(unit) => format!("{star}{name}({unit})"),
        None => format!("{star}{name}"),
    }
}

fn note(field: &Field) -> String {
    let required = if field.required {
        "必填 required"
    } else {
        "选填 optional"
    };
    let mut text = format!("{}（{}）\n{required}", field.zh, field.en);
    if !field.note_zh.is_empty() {
        text.push_str(&format!("\n{}\n{}", field.note_zh, field.note_en));
    }
    if !field.example.is_empty() {
        text.push_str(&format!("\n例 e.g. {}", field.example));
    }
    text
}

fn format_of(field: &Field) -> ColumnFormat {
    if field.unit.is_some() {
        ColumnFormat::Decimal(2)
    } else {
        ColumnFormat::Text
    }
}

/// The sheets of the template of `kind`.
pub fn tables(kind: Kind) -> Vec<Table> {
    let fields = kind.fields();
    let data = Table {
        name_zh: "数据".into(),
        name_en: "data".into(),
        columns: fields
            .iter()
            .map(|f| {
                Column::new(header(f, true), header(f, false), format_of(f)).with_note(note(f))
            })
            .collect(),
        rows: Vec::new(),
    };
    let mut notes = Table {
        name_zh: "说明".into(),
        name_en: "notes".into(),
        columns: [
            "列名|Column",
            "英文列名|Column (en)",
            "必填|Required",
            "单位|Unit",
            "说明|Note (zh)",
            "Note|Note (en)",
            "示例|Example",
        ]
        .iter()
        .map(|h| {
            let (zh, en) = h.split_once('|').unwrap_or((h, h));
            Column::new(zh, en, ColumnFormat::Text)
        })
        .collect(),
        rows: fields
            .iter()
            .map(|f| {
                vec![
                    Value::Text(f.zh.into()),
                    Value::Text(f.en.into()),
                    Value::Text(if f.required { "是" } else { "否" }.into()),
                    Value::opt_text(f.unit),
                    Value::Text(f.note_zh.into()),
                    Value::Text(f.note_en.into()),
                    Value::Text(f.example.into()),
                ]
            })
            .collect(),
    };
    if kind == Kind::Observations {
        let text = |s: &str| Value::Text(s.into());
        for (zh, en) in [
            (
                "宽表（按月份）：每行一个企业，每月一列（表头如2025-03、2025年3月），指标放一列或用--indicator指定",
                "wide by period: one row per enterprise, one column per month (2025-03, 2025年3月); the indicator in a column or --indicator",
            ),
            (
                "宽表（按指标）：每行一个企业，每个指标一列（表头如“营业收入(万元)”或指标代码），报告期放一列或用--period指定",
                "wide by indicator: one row per enterprise, one column per indicator (营业收入(万元) or its code); the period in a column or --period",
            ),
            (
                "国家统计局1-2月合并报告：1月不单独填报；2025-02表示“2025年1-2月”",
                "NBS: January and February are reported together; 2025-02 means Jan–Feb 2025",
            ),
        ] {
            notes.rows.push(vec![
                text("版式 layout"),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                text(zh),
                text(en),
                Value::Empty,
            ]);
        }
    }
    let example = Table {
        name_zh: "示例".into(),
        name_en: "example".into(),
        columns: fields
            .iter()
            .map(|f| Column::new(header(f, true), header(f, false), format_of(f)))
            .collect(),
        rows: vec![
            fields
                .iter()
                .map(|f| {
                    if f.example.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(f.example.into())
                    }
                })
                .collect(),
        ],
    };
    vec![data, notes, example]
}

/// The template workbook of `kind`.
pub fn template(kind: Kind) -> Result<Vec<u8>, ExportError> {
    let tables = tables(kind);
    let sheets: Vec<(&Table, Headers)> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t, if i == 0 { Headers::Both } else { Headers::Zh }))
        .collect();
    workbook_with_headers(&sheets)
}
