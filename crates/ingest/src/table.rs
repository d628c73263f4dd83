//! The one writer for list and result tables, used by exports, import reports and templates, and
//! meant for every other crate that hands a table to a user (monitoring, rules, risk…).
//!
//! XLSX: Chinese headers (or both languages), bold and frozen header rows, an autofilter, number
//! formats per column, column widths from the content (a CJK character counts double), and an
//! optional note on each header cell. CSV: UTF-8 with a byte-order mark, which is what makes Excel
//! and WPS open it as UTF-8 instead of GBK.
//!
//! ```
//! use ingest::table::{Column, ColumnFormat, Headers, Table, Value};
//! let table = Table {
//!     name_zh: "企业".into(),
//!     name_en: "enterprises".into(),
//!     columns: vec![
//!         Column::new("统一社会信用代码", "USCC", ColumnFormat::Text),
//!         Column::new("营业收入(元)", "Operating revenue (yuan)", ColumnFormat::Decimal(2)),
//!     ],
//!     rows: vec![vec![Value::Text("91140100MA0GRKXB3G".into()), Value::Number(1.5e7)]],
//! };
//! let xlsx: Vec<u8> = ingest::table::workbook(&[&table], Headers::Zh).unwrap();
//! let mut csv = Vec::new();
//! table.write_csv(&mut csv, Headers::Zh).unwrap();
//! assert!(csv.starts_with(b"\xEF\xBB\xBF"));
//! # assert!(xlsx.starts_with(b"PK"));
//! ```

use std::io::Write;

use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError};

/// How a column's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnFormat {
    /// Text, including codes that look like numbers (USCC, region codes): stored as text so
    /// Excel keeps leading zeros and all 18 characters.
    Text,
    /// Whole numbers with thousands separators.
    Integer,
    /// Decimals with thousands separators and this many decimal places.
    Decimal(u8),
    /// A ratio shown as a percentage with this many decimal places (0.125 → 12.5%).
    Percent(u8),
    /// ISO dates given as text `YYYY-MM-DD`, written as text.
    Date,
}

impl ColumnFormat {
    fn excel(self) -> Option<String> {
        match self {
            ColumnFormat::Text | ColumnFormat::Date => None,
            ColumnFormat::Integer => Some("#,##0".into()),
            ColumnFormat::Decimal(0) => Some("#,##0".into()),
            ColumnFormat::Decimal(places) => Some(format!("#,##0.{}", "0".repeat(places.into()))),
            ColumnFormat::Percent(0) => Some("0%".into()),
            ColumnFormat::Percent(places) => Some(format!("0.{}%", "0".repeat(places.into()))),
        }
    }
}

/// A column: Chinese and English headers, a format, and an optional note shown on the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub zh: String,
    pub en: String,
    pub format: ColumnFormat,
    pub note: Option<String>,
}

impl Column {
    pub fn new(zh: impl Into<String>, en: impl Into<String>, format: ColumnFormat) -> Self {
        Column {
            zh: zh.into(),
            en: en.into(),
            format,
            note: None,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Value {
    pub fn opt_text(text: Option<impl Into<String>>) -> Value {
        text.map_or(Value::Empty, |t| Value::Text(t.into()))
    }

    pub fn opt_number(number: Option<f64>) -> Value {
        number.map_or(Value::Empty, Value::Number)
    }

    /// The cell as CSV text: numbers in the shortest form that reads back exactly.
    fn csv_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) => crate::cell::format_number(*n),
            Value::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        }
    }
}

/// Which header rows to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headers {
    Zh,
    En,
    /// Chinese, then English on a second row (the importer skips the second row as a repeated
    /// header, so such a file imports as it is).
    Both,
}

/// A titled table: what any list or result screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name (Chinese); the English name follows it when it fits.
    pub name_zh: String,
    pub name_en: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write: {0}")]
    Io(#[from] std::io::Error),
}

/// Display width of a text: CJK and other wide characters take two columns.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// Excel refuses sheet names longer than 31 characters or containing `[]:*?/\`.
fn sheet_name(table: &Table, taken: &[String]) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .collect()
    };
    let both = format!("{} {}", clean(&table.name_zh), clean(&table.name_en));
    let mut name: String = if both.chars().count() <= 31 {
        both
    } else {
        clean(&table.name_zh).chars().take(31).collect()
    };
    if name.trim().is_empty() {
        name = "Sheet".into();
    }
    let mut unique = name.clone();
    let mut n = 2;
    while taken.contains(&unique) {
        let suffix = format!(" {n}");
        unique = name.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
        n += 1;
    }
    unique
}

impl Table {
    fn header_texts(&self, headers: Headers) -> Vec<Vec<&str>> {
        let zh = || self.columns.iter().map(|c| c.zh.as_str()).collect();
        let en = || self.columns.iter().map(|c| c.en.as_str()).collect();
        match headers {
            Headers::Zh => vec![zh()],
            Headers::En => vec![en()],
            Headers::Both => vec![zh(), en()],
        }
    }

    /// Writes the table as CSV with a UTF-8 byte-order mark.
    pub fn write_csv<W: Write>(&self, out: W, headers: Headers) -> Result<(), ExportError> {
        let mut out = out;
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::Writer::from_writer(out);
        for header in self.header_texts(headers) {
            writer.write_record(header)?;
        }
        for row in &self.rows {
            writer.write_record(row.iter().map(Value::csv_text))?;
        }
        writer.flush()?;
        Ok(())
    }

    fn write_sheet(&self, sheet: &mut Worksheet, headers: Headers) -> Result<(), XlsxError> {
        let header_format = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        let formats: Vec<Format> = self
            .columns
            .iter()
            .map(|c| match c.format.excel() {
                Some(f) => Format::new().set_num_format(f),
                None => Format::new().set_num_format("@"),
            })
            .collect();
        let header_rows = self.header_texts(headers);
        let mut widths: Vec<usize> = vec![6; self.columns.len()];
        for (r, header) in header_rows.iter().enumerate() {
            for (c, text) in header.iter().enumerate() {
                sheet.write_string_with_format(r as u32, c as u16, *text, &header_format)?;
                widths[c] = widths[c].max(display_width(text));
            }
        }
        for (c, column) in self.columns.iter().enumerate() {
            if let Some(note) = &column.note {
                sheet.insert_note(0, c as u16, &Note::new(note).add_author_prefix(false))?;
            }
        }
        let first = header_rows.len() as u32;
        for (r, row) in self.rows.iter().enumerate() {
            let excel_row = first + r as u32;
            for (c, value) in row.iter().enumerate().take(self.columns.len()) {
                let format = &formats[c];
                let col = c as u16;
                match value {
                    Value::Empty => {}
                    Value::Text(text) => {
                        sheet.write_string_with_format(excel_row, col, text, format)?;
                        widths[c] = widths[c].max(display_width(text));
                    }
                    Value::Number(n) if n.is_finite() => {
                        sheet.write_number_with_format(excel_row, col, *n, format)?;
                        widths[c] = widths[c].max(crate::cell::format_number(*n).len() + 3);
                    }
                    Value::Number(_) => {}
                    Value::Bool(b) => {
                        sheet.write_string_with_format(
                            excel_row,
                            col,
                            if *b { "是" } else { "否" },
                            format,
                        )?;
                    }
                }
            }
        }
        for (c, width) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*width).clamp(6, 60) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(first, 0)?;
        if !self.columns.is_empty() {
            let last_row = (first + self.rows.len() as u32)
                .saturating_sub(1)
                .max(first - 1);
            sheet.autofilter(first - 1, 0, last_row, (self.columns.len() - 1) as u16)?;
        }
        Ok(())
    }
}

/// A workbook with one sheet per table.
pub fn workbook(tables: &[&Table], headers: Headers) -> Result<Vec<u8>, ExportError> {
    let sheets: Vec<(&Table, Headers)> = tables.iter().map(|t| (*t, headers)).collect();
    workbook_with_headers(&sheets)
}

/// A workbook with one sheet per table, each with its own header rows.
pub fn workbook_with_headers(sheets: &[(&Table, Headers)]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let mut names = Vec::new();
    for &(table, headers) in sheets {
        let name = sheet_name(table, &names);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        names.push(name);
        table.write_sheet(sheet, headers)?;
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        let table = |zh: &str| Table {
            name_zh: zh.into(),
            name_en: "a very long english name for a sheet".into(),
            columns: vec![],
            rows: vec![],
        };
        let name = sheet_name(&table("企业/名单"), &[]);
        assert_eq!(name, "企业名单");
        let taken = vec!["企业名单".to_owned()];
        assert_eq!(sheet_name(&table("企业名单"), &taken), "企业名单 2");
    }

    #[test]
    fn csv_has_a_bom_and_exact_numbers() {
        let table = Table {
            name_zh: "t".into(),
            name_en: "t".into(),
            columns: vec![
                Column::new("名称", "name", ColumnFormat::Text),
                Column::new("值", "value", ColumnFormat::Decimal(2)),
            ],
            rows: vec![vec![Value::Text("甲,乙".into()), Value::Number(0.1 + 0.2)]],
        };
        let mut out = Vec::new();
        table.write_csv(&mut out, Headers::Both).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}名称,值\nname,value\n\"甲,乙\",0.30000000000000004\n"
        );
    }
}
