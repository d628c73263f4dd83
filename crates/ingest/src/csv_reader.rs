//! CSV (and tab-separated text): the encoding is detected, not asked for. UTF-8 with or without a
//! BOM, UTF-16 with a BOM (Excel's "Unicode text"), and GBK/GB18030 (what Excel and WPS in China
//! write for "CSV (逗号分隔)").

use std::borrow::Cow;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::cell::Cell;
use crate::limits::Limits;
use crate::refusal::Refusal;
use crate::source::{Notice, RowSink, SourceInfo, check_cell_length, column_letter};

/// Records between two progress reports.
const PROGRESS_EVERY: u64 = 1 << 16;

/// The text of `bytes` and the name of the encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    let (text, name): (Cow<'_, str>, &'static str) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            let text = std::str::from_utf8(rest).map_err(|_| Refusal::Encoding)?;
            (Cow::Borrowed(text), "UTF-8 with BOM")
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            let text = UTF_16LE
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or(Refusal::Encoding)?;
            (text, "UTF-16LE")
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            let text = UTF_16BE
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or(Refusal::Encoding)?;
            (text, "UTF-16BE")
        } else if let Ok(text) = std::str::from_utf8(bytes) {
            (Cow::Borrowed(text), "UTF-8")
        } else {
            if bytes.contains(&0) {
                return Err(Refusal::Binary);
            }
            // GB18030 is a superset of GBK and GB2312; strict decoding refuses byte sequences no
            // Chinese text contains, which is how binary files are caught here.
            let text = GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .ok_or(Refusal::Encoding)?;
            (text, "GB18030")
        };
    // Text files hold no control characters other than tab and line breaks; a file that does is
    // binary data, whatever its name says.
    if text
        .bytes()
        .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Err(Refusal::Binary);
    }
    Ok((text, name))
}

/// Comma, tab or semicolon, whichever the first line holds most of (outside quotes).
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes().take(1 << 16) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b'\t', b';'][best]
}

pub fn read(bytes: &[u8], limits: &Limits, sink: &mut dyn RowSink) -> Result<SourceInfo, Refusal> {
    let (text, encoding) = decode(bytes)?;
    // An odd number of quote characters means the file ends inside a quoted cell: cut short, or
    // a closing quote is missing, and the last row would silently swallow the rest of the file.
    let quote_open = text.bytes().filter(|&b| b == b'"').count() % 2 == 1;
    let delimiter = delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let total = text.len() as u64;
    let mut record = csv::StringRecord::new();
    // Line breaks inside quoted cells: Excel shows such a record as one row.
    let mut embedded_breaks: u64 = 0;
    let mut records: u64 = 0;
    let mut last_row: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                // The input is a str, so only a structural problem can get here.
                return Err(Refusal::Damaged {
                    detail: error.to_string(),
                });
            }
        }
        let line = record.position().map_or(records + 1, |p| p.line());
        let number = line.saturating_sub(embedded_breaks).max(1);
        last_row = number;
        if number > limits.max_rows {
            return Err(Refusal::TooManyRows {
                row: number,
                limit: limits.max_rows,
            });
        }
        if record.len() as u64 > limits.max_columns {
            return Err(Refusal::TooManyColumns {
                row: number,
                columns: record.len() as u64,
                limit: limits.max_columns,
            });
        }
        if record.as_slice().contains('\n') {
            embedded_breaks += record
                .iter()
                .map(|field| field.bytes().filter(|&b| b == b'\n').count() as u64)
                .sum::<u64>();
        }
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(record.len());
        for (index, field) in record.iter().enumerate() {
            check_cell_length(field, limits, || {
                format!("{}{number}", column_letter(index))
            })?;
            cells.push(if field.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field)
            });
        }
        sink.row(number, &cells)?;
        records += 1;
        if records.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(record.position().map_or(0, |p| p.byte()), total);
        }
    }
    if quote_open {
        return Err(Refusal::UnclosedQuote { row: last_row });
    }
    sink.progress(total, total);
    let separator = match delimiter {
        b'\t' => "tab",
        b';' => "semicolon",
        _ => "comma",
    };
    Ok(SourceInfo {
        format: format!("CSV ({encoding}, {separator})"),
        sheet: None,
        notices: if encoding == "GB18030" {
            vec![Notice::new(
                "文件为GBK/GB18030编码（Excel或WPS“CSV（逗号分隔）”的默认编码），已自动识别",
                "the file is in GBK/GB18030 (what Excel and WPS write for plain CSV); detected automatically",
            )]
        } else {
            Vec::new()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let text = "统一社会信用代码,企业名称\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), (Cow::Borrowed(text), "GB18030"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap().1, "UTF-8 with BOM");
        assert_eq!(decode(text.as_bytes()).unwrap().1, "UTF-8");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().0, text);
    }

    #[test]
    fn binary_and_undecodable_bytes_are_refused() {
        assert_eq!(decode(b"a,b\x00c").unwrap_err(), Refusal::Binary);
        assert_eq!(
            decode(&[0xFF, 0xFF, 0xFF, 0x30]).unwrap_err(),
            Refusal::Encoding
        );
        assert_eq!(decode(b"a,b\x07").unwrap_err(), Refusal::Binary);
    }

    #[test]
    fn delimiters_are_sniffed_from_the_first_line() {
        assert_eq!(delimiter("a\tb\tc\n1,2\t3"), b'\t');
        assert_eq!(delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(delimiter("abc\n"), b',');
    }
}
