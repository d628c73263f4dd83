//! What the readers share: the format of a file (from its content, not its name), the row sink
//! they feed, and the notes they leave for the report.

use serde::Serialize;

use crate::cell::Cell;
use crate::limits::Limits;
use crate::refusal::Refusal;
use crate::{csv_reader, xlsx_reader};

/// Receives a file's rows one at a time, in file order.
pub trait RowSink {
    /// `number` is the row as the spreadsheet numbers it (the first row is 1).
    fn row(&mut self, number: u64, cells: &[Cell<'_>]) -> Result<(), Refusal>;

    /// Reading progress in the reader's own units (bytes for CSV, rows for XLSX).
    fn progress(&mut self, _done: u64, _total: u64) {}
}

/// Something the reader noticed that the user should know but that rejects nothing (the
/// encoding it detected, hidden sheets it skipped, formulas whose saved values it used).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub zh: String,
    pub en: String,
}

impl Notice {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Notice {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// How a file was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// `CSV (UTF-8)`, `CSV (GB18030)`, `XLSX`…
    pub format: String,
    /// The worksheet read, for workbooks.
    pub sheet: Option<String>,
    pub notices: Vec<Notice>,
}

/// The kind of file, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// OLE compound file: Excel 97-2003 .xls (and .et/.doc).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells the format from the content; the name only decides for files that are neither a zip nor
/// an old workbook (a `.xlsx` that is not a zip is refused rather than read as text).
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<Format, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return Err(Refusal::LegacyXls);
    }
    let lower = file_name.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".et"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return Err(Refusal::NotXlsx {
            detail: "it does not start like a zip archive (PK…)".into(),
        });
    }
    Ok(Format::Csv)
}

/// Reads any supported file into `sink`.
pub fn read(
    file_name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    limits: &Limits,
    sink: &mut dyn RowSink,
) -> Result<SourceInfo, Refusal> {
    if let Some(refusal) = Refusal::file_too_large(bytes.len(), limits) {
        return Err(refusal);
    }
    match detect(file_name, bytes)? {
        Format::Csv => csv_reader::read(bytes, limits, sink),
        Format::Xlsx => xlsx_reader::read(bytes, sheet, limits, sink),
    }
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column index.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Refuses a cell longer than the limit; `cell` names it (`B7`) only when it is refused.
pub(crate) fn check_cell_length(
    text: &str,
    limits: &Limits,
    cell: impl FnOnce() -> String,
) -> Result<(), Refusal> {
    // Bytes bound characters from above: count characters only for long cells.
    if text.len() > limits.max_cell_chars {
        let chars = text.chars().count();
        if chars > limits.max_cell_chars {
            return Err(Refusal::CellTooLong {
                cell: cell(),
                chars,
                limit: limits.max_cell_chars,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_letter(16_383), "XFD");
    }

    #[test]
    fn format_comes_from_the_content() {
        assert_eq!(detect("a.csv", b"PK\x03\x04rest"), Ok(Format::Xlsx));
        assert_eq!(detect("a.xlsx", CFB_MAGIC), Err(Refusal::LegacyXls));
        assert!(matches!(
            detect("a.xlsx", b"\x00\x01garbage"),
            Err(Refusal::NotXlsx { .. })
        ));
        assert_eq!(detect("a.txt", b"uscc,name"), Ok(Format::Csv));
        assert_eq!(detect("a.csv", b""), Err(Refusal::Empty));
    }
}
