//! XLSX through calamine, behind two guards: the zip is inflated once under a byte budget and a
//! compression-ratio limit before calamine sees it (declared sizes can lie), and cells are
//! streamed one at a time (calamine's `worksheet_cells_reader`), never as a dense range a hostile
//! `<dimension>` or a far-away cell could blow up.
//!
//! What the user sees in Excel is what is read: formulas give their saved values (a formula
//! without one is a row error), every cell of a merged region has the value of its top-left cell,
//! dates are dates, the first visible worksheet is read unless a sheet is named, and hidden
//! sheets are mentioned in the report.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};

use crate::cell::Cell;
use crate::limits::Limits;
use crate::refusal::Refusal;
use crate::source::{Notice, RowSink, SourceInfo, check_cell_length, column_letter};

/// Inflates every part of the archive once, counting real bytes, so that a zip bomb is refused
/// before any XML parser allocates for it.
fn inspect_zip(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
        zip::result::ZipError::InvalidArchive(_) | zip::result::ZipError::Io(_) => {
            Refusal::Damaged {
                detail: e.to_string(),
            }
        }
        other => Refusal::NotXlsx {
            detail: other.to_string(),
        },
    })?;
    if archive.len() > limits.max_zip_entries {
        return Err(Refusal::TooManyEntries {
            entries: archive.len(),
            limit: limits.max_zip_entries,
        });
    }
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 1 << 16];
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| Refusal::Damaged {
            detail: e.to_string(),
        })?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("part {index}"));
        let compressed = entry.compressed_size().max(1);
        let ratio_refusal = |size: u64| Refusal::CompressionRatio {
            entry: name.clone(),
            ratio: size / compressed,
            limit: limits.max_compression_ratio,
        };
        let declared = entry.size();
        if declared > limits.ratio_floor_bytes
            && declared / compressed > limits.max_compression_ratio
        {
            return Err(ratio_refusal(declared));
        }
        if total.saturating_add(declared) > limits.max_uncompressed_bytes {
            return Err(Refusal::Uncompressed {
                limit: limits.max_uncompressed_bytes,
            });
        }
        let mut size: u64 = 0;
        loop {
            let read = entry.read(&mut buffer).map_err(|e| Refusal::Damaged {
                detail: format!("{name}: {e}"),
            })?;
            if read == 0 {
                break;
            }
            size += read as u64;
            if total + size > limits.max_uncompressed_bytes {
                return Err(Refusal::Uncompressed {
                    limit: limits.max_uncompressed_bytes,
                });
            }
            if size > limits.ratio_floor_bytes && size / compressed > limits.max_compression_ratio {
                return Err(ratio_refusal(size));
            }
        }
        total += size;
    }
    Ok(())
}

/// A cell owned by the row being assembled.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date { year: u16, month: u8, day: u8 },
    Error(String),
    FormulaWithoutValue,
}

impl Owned {
    fn cell(&self) -> Cell<'_> {
        match self {
            Owned::Empty => Cell::Empty,
            Owned::Text(t) => Cell::Text(t),
            Owned::Number(n) => Cell::Number(*n),
            Owned::Bool(b) => Cell::Bool(*b),
            Owned::Date { year, month, day } => Cell::Date {
                year: *year,
                month: *month,
                day: *day,
            },
            Owned::Error(e) => Cell::Error(e),
            Owned::FormulaWithoutValue => Cell::FormulaWithoutValue,
        }
    }
}

/// A merged region (0-based, inclusive) and the value of its top-left cell once seen.
#[derive(Debug)]
struct Merged {
    first_row: u32,
    first_col: u32,
    last_row: u32,
    last_col: u32,
    value: Option<Owned>,
}

fn range_name(first: (u32, u32), last: (u32, u32)) -> String {
    format!(
        "{}{}:{}{}",
        column_letter(first.1 as usize),
        first.0 + 1,
        column_letter(last.1 as usize),
        last.0 + 1
    )
}

/// Rows as they stream in, with merged regions filled from their top-left cells.
struct RowAssembler<'s> {
    sink: &'s mut dyn RowSink,
    row: Option<u32>,
    cells: Vec<Owned>,
    merged: Vec<Merged>,
    /// Index of the first region (sorted by first row) not yet active.
    next_merged: usize,
    active: Vec<usize>,
}

impl RowAssembler<'_> {
    fn flush(&mut self) -> Result<(), Refusal> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        while self.next_merged < self.merged.len() && self.merged[self.next_merged].first_row <= row
        {
            self.active.push(self.next_merged);
            self.next_merged += 1;
        }
        let merged = &mut self.merged;
        self.active.retain(|&i| merged[i].last_row >= row);
        for &i in &self.active {
            let region = &mut self.merged[i];
            if region.first_row == row {
                region.value = self.cells.get(region.first_col as usize).cloned();
            }
            let Some(value) = region.value.clone() else {
                continue;
            };
            let last = region.last_col as usize;
            if self.cells.len() <= last {
                self.cells.resize(last + 1, Owned::Empty);
            }
            for col in region.first_col as usize..=last {
                if self.cells[col] == Owned::Empty {
                    self.cells[col] = value.clone();
                }
            }
        }
        let cells: Vec<Cell<'_>> = self.cells.iter().map(Owned::cell).collect();
        self.sink.row(u64::from(row) + 1, &cells)?;
        self.cells.clear();
        Ok(())
    }
}

pub fn read(
    bytes: &[u8],
    sheet: Option<&str>,
    limits: &Limits,
    sink: &mut dyn RowSink,
) -> Result<SourceInfo, Refusal> {
    inspect_zip(bytes, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| Refusal::NotXlsx {
        detail: e.to_string(),
    })?;
    let sheets = workbook.sheets_metadata().to_vec();
    let mut notices = Vec::new();
    let chosen = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| s.name == wanted)
            .or_else(|| {
                sheets
                    .iter()
                    .find(|s| s.name.trim().eq_ignore_ascii_case(wanted.trim()))
            })
            .or_else(|| {
                // `示例` or `example` for a sheet named `示例 example`, when only one matches.
                let mut by_word = sheets.iter().filter(|s| {
                    s.name
                        .split_whitespace()
                        .any(|word| word.eq_ignore_ascii_case(wanted.trim()))
                });
                match (by_word.next(), by_word.next()) {
                    (Some(one), None) => Some(one),
                    _ => None,
                }
            })
            .ok_or_else(|| Refusal::NoSuchSheet {
                sheet: wanted.to_owned(),
                available: sheets
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?,
        None => sheets
            .iter()
            .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
            .ok_or(Refusal::NoVisibleSheet)?,
    }
    .clone();
    let hidden: Vec<&str> = sheets
        .iter()
        .filter(|s| s.visible != SheetVisible::Visible && s.name != chosen.name)
        .map(|s| s.name.as_str())
        .collect();
    if !hidden.is_empty() {
        notices.push(Notice::new(
            format!("隐藏的工作表未读取：{}", hidden.join("、")),
            format!("hidden sheets were not read: {}", hidden.join(", ")),
        ));
    }
    if chosen.visible != SheetVisible::Visible {
        notices.push(Notice::new(
            format!("读取的工作表“{}”是隐藏的", chosen.name),
            format!("the sheet read, {:?}, is hidden", chosen.name),
        ));
    }
    if sheets.len() > 1 && sheet.is_none() {
        notices.push(Notice::new(
            format!("工作簿有{}个工作表，读取了第一个可见的“{}”（可用--sheet指定）", sheets.len(), chosen.name),
            format!(
                "the workbook has {} sheets; the first visible one, {:?}, was read (choose with --sheet)",
                sheets.len(),
                chosen.name
            ),
        ));
    }

    let regions = workbook
        .merge_cells_by_sheet_name(&chosen.name)
        .map_err(|e| Refusal::Damaged {
            detail: e.to_string(),
        })?;
    let mut merged = Vec::with_capacity(regions.len());
    let mut merged_cells: u64 = 0;
    for d in &regions {
        let (first, last) = (d.start, d.end);
        if last.0 < first.0 || last.1 < first.1 {
            continue;
        }
        let cells = u64::from(last.0 - first.0 + 1) * u64::from(last.1 - first.1 + 1);
        merged_cells += cells;
        if merged_cells > limits.max_merged_cells
            || u64::from(last.1) >= limits.max_columns
            || u64::from(last.0) >= limits.max_rows
        {
            return Err(Refusal::MergedTooLarge {
                range: range_name(first, last),
                cells,
                limit: limits.max_merged_cells,
            });
        }
        merged.push(Merged {
            first_row: first.0,
            first_col: first.1,
            last_row: last.0,
            last_col: last.1,
            value: None,
        });
    }
    merged.sort_by_key(|m| (m.first_row, m.first_col));
    if !merged.is_empty() {
        let shown: Vec<String> = merged
            .iter()
            .take(5)
            .map(|m| range_name((m.first_row, m.first_col), (m.last_row, m.last_col)))
            .collect();
        let more = if merged.len() > 5 { "…" } else { "" };
        notices.push(Notice::new(
            format!(
                "有{}处合并单元格（{}{more}）：区域内每个单元格都按左上角单元格的值读取",
                merged.len(),
                shown.join("、")
            ),
            format!(
                "{} merged regions ({}{more}): every cell of a region reads as its top-left cell",
                merged.len(),
                shown.join(", ")
            ),
        ));
    }

    let mut reader =
        workbook
            .worksheet_cells_reader(&chosen.name)
            .map_err(|e| Refusal::Damaged {
                detail: e.to_string(),
            })?;
    let declared_rows = u64::from(reader.dimensions().end.0) + 1;
    let mut rows = RowAssembler {
        sink,
        row: None,
        cells: Vec::new(),
        merged,
        next_merged: 0,
        active: Vec::new(),
    };
    let mut formulas: u64 = 0;
    let mut formulas_without_value: u64 = 0;
    loop {
        let record = match reader.next_cell_with_formula_metadata() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(e) => {
                return Err(Refusal::Damaged {
                    detail: e.to_string(),
                });
            }
        };
        let (row, col) = record.pos;
        if u64::from(row) >= limits.max_rows {
            return Err(Refusal::TooManyRows {
                row: u64::from(row) + 1,
                limit: limits.max_rows,
            });
        }
        if u64::from(col) >= limits.max_columns {
            return Err(Refusal::TooManyColumns {
                row: u64::from(row) + 1,
                columns: u64::from(col) + 1,
                limit: limits.max_columns,
            });
        }
        if rows.row != Some(row) {
            rows.flush()?;
            rows.row = Some(row);
            if row.is_multiple_of(4096) {
                rows.sink.progress(u64::from(row), declared_rows);
            }
        }
        let has_formula = record.formula.is_some();
        let text_cell = |text: &str| -> Result<Owned, Refusal> {
            check_cell_length(text, limits, || {
                format!("{}{}", column_letter(col as usize), row + 1)
            })?;
            Ok(if text.trim().is_empty() {
                Owned::Empty
            } else {
                Owned::Text(text.to_owned())
            })
        };
        let value = match record.value {
            DataRef::Empty if has_formula => {
                formulas_without_value += 1;
                Owned::FormulaWithoutValue
            }
            DataRef::Empty => Owned::Empty,
            DataRef::Int(i) => Owned::Number(i as f64),
            DataRef::Float(f) => Owned::Number(f),
            DataRef::Bool(b) => Owned::Bool(b),
            DataRef::String(s) => text_cell(&s)?,
            DataRef::SharedString(s) => text_cell(s)?,
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text_cell(&s)?,
            DataRef::DateTime(d) if d.is_datetime() => {
                let (year, month, day, ..) = d.to_ymd_hms_milli();
                Owned::Date { year, month, day }
            }
            DataRef::DateTime(d) => Owned::Number(d.as_f64()),
            DataRef::Error(e) => Owned::Error(e.to_string()),
        };
        if has_formula && value != Owned::FormulaWithoutValue {
            // A formula saved with an empty text result reads as blank, as Excel shows it.
            formulas += 1;
        }
        let col = col as usize;
        if rows.cells.len() <= col {
            rows.cells.resize(col + 1, Owned::Empty);
        }
        rows.cells[col] = value;
    }
    rows.flush()?;
    rows.sink.progress(declared_rows, declared_rows);
    if formulas > 0 {
        notices.push(Notice::new(
            format!("{formulas}个单元格是公式，已按文件中保存的计算结果读取"),
            format!("{formulas} cells hold formulas; the values saved with them were read"),
        ));
    }
    if formulas_without_value > 0 {
        notices.push(Notice::new(
            format!(
                "{formulas_without_value}个公式单元格没有保存计算结果（文件可能由程序生成）：请用Excel或WPS打开并保存后重新导入"
            ),
            format!(
                "{formulas_without_value} formula cells have no saved value (the file was probably written by a program): open and save it in Excel or WPS, then import again"
            ),
        ));
    }
    Ok(SourceInfo {
        format: "XLSX".into(),
        sheet: Some(chosen.name),
        notices,
    })
}
