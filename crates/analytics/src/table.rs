//! Result tables as every front end shows them: columns named in Chinese and English, typed
//! cells. The CLI prints or writes them, the server sends them, exports turn them into files.

use serde::Serialize;

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Integer,
    /// Two decimals.
    Number,
    /// A fraction shown as a percentage with one decimal (0.052 → 5.2).
    Percent,
    /// A small fraction shown as a percentage with three decimals (0.000523 → 0.052), for
    /// shares such as ESRI where most values are below 1 %.
    FinePercent,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    pub key: String,
    pub zh: String,
    pub en: String,
    pub format: Format,
}

impl Column {
    pub fn new(key: &str, zh: &str, en: &str, format: Format) -> Self {
        Column {
            key: key.to_owned(),
            zh: zh.to_owned(),
            en: en.to_owned(),
            format,
        }
    }
}

/// A cell: null (empty), text or a number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Self {
        Cell::Text(value.into())
    }

    pub fn number(value: Option<f64>) -> Self {
        value
            .filter(|v| v.is_finite())
            .map_or(Cell::Empty, Cell::Number)
    }

    /// The cell as text in `format` (what a terminal or a CSV file shows).
    pub fn render(&self, format: Format) -> String {
        match (self, format) {
            (Cell::Empty, _) => String::new(),
            (Cell::Text(t), _) => t.clone(),
            (Cell::Number(v), Format::Integer) => format!("{v:.0}"),
            (Cell::Number(v), Format::Percent) => format!("{:.1}", v * 100.0),
            (Cell::Number(v), Format::FinePercent) => format!("{:.3}", v * 100.0),
            (Cell::Number(v), Format::Number | Format::Text) => format!("{v:.2}"),
        }
    }
}

/// A result table: typed columns named in Chinese and English, rows of cells in column order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// Display width: CJK and full-width characters take two terminal cells.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

impl Table {
    /// Header labels in the chosen language.
    pub fn headers(&self, chinese: bool) -> Vec<&str> {
        self.columns
            .iter()
            .map(|c| {
                if chinese {
                    c.zh.as_str()
                } else {
                    c.en.as_str()
                }
            })
            .collect()
    }

    /// Every row rendered as text.
    pub fn rendered_rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.rows.iter().map(|row| {
            row.iter()
                .zip(&self.columns)
                .map(|(cell, c)| cell.render(c.format))
                .collect()
        })
    }

    /// An aligned plain-text table for a terminal (numbers right-aligned).
    pub fn to_text(&self, chinese: bool) -> String {
        let headers = self.headers(chinese);
        let rows: Vec<Vec<String>> = self.rendered_rows().collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                rows.iter()
                    .map(|r| width(&r[i]))
                    .chain([width(headers[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let mut line = |cells: Vec<&str>| {
            let mut parts = Vec::with_capacity(cells.len());
            for (i, cell) in cells.iter().enumerate() {
                let pad = " ".repeat(widths[i].saturating_sub(width(cell)));
                let right = self.columns[i].format != Format::Text;
                parts.push(if right {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(headers.clone());
        for row in &rows {
            line(row.iter().map(String::as_str).collect());
        }
        out
    }
}

/// A workbook of result tables, one sheet each, named `(Chinese, English)`, headers in the
/// chosen language: numbers stay numbers with their format (percentages as Excel percentages),
/// codes stay text. The writer is ingest's, so exports of results and of lists look alike.
pub fn workbook(
    sheets: &[(&str, &str, &Table)],
    chinese: bool,
) -> Result<Vec<u8>, ingest::table::ExportError> {
    let sheets: Vec<ingest::table::Table> = sheets
        .iter()
        .map(|(zh, en, table)| table.to_sheet(zh, en))
        .collect();
    let refs: Vec<&ingest::table::Table> = sheets.iter().collect();
    let headers = if chinese {
        ingest::table::Headers::Zh
    } else {
        ingest::table::Headers::En
    };
    ingest::table::workbook(&refs, headers)
}

impl Table {
    fn to_sheet(&self, name_zh: &str, name_en: &str) -> ingest::table::Table {
        use ingest::table::{Column as SheetColumn, ColumnFormat, Value};
        let columns = self
            .columns
            .iter()
            .map(|c| {
                let format = match c.format {
                    Format::Text => ColumnFormat::Text,
                    Format::Integer => ColumnFormat::Integer,
                    Format::Number => ColumnFormat::Decimal(2),
                    Format::Percent => ColumnFormat::Percent(1),
                    Format::FinePercent => ColumnFormat::Percent(3),
                };
                SheetColumn::new(c.zh.clone(), c.en.clone(), format)
            })
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Empty => Value::Empty,
                        Cell::Text(t) => Value::Text(t.clone()),
                        Cell::Number(v) => Value::Number(*v),
                    })
                    .collect()
            })
            .collect();
        ingest::table::Table {
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            columns,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_render_by_format_and_text_aligns_cjk() {
        assert_eq!(Cell::Number(0.0523).render(Format::Percent), "5.2");
        assert_eq!(Cell::Number(0.000523).render(Format::FinePercent), "0.052");
        assert_eq!(Cell::Number(1234.5).render(Format::Integer), "1234");
        assert_eq!(Cell::number(Some(f64::NAN)), Cell::Empty);
        let table = Table {
            columns: vec![
                Column::new("n", "名称", "name", Format::Text),
                Column::new("v", "值", "value", Format::Number),
            ],
            rows: vec![
                vec![Cell::text("特钢"), Cell::Number(1.0)],
                vec![Cell::text("ab"), Cell::Number(22.5)],
            ],
        };
        assert_eq!(
            table.to_text(true),
            "名称     值\n特钢   1.00\nab    22.50\n"
        );
    }

    #[test]
    fn workbook_keeps_numbers_and_names_the_sheet() {
        let table = Table {
            columns: vec![
                Column::new("n", "名称", "name", Format::Text),
                Column::new("s", "占比", "share", Format::Percent),
            ],
            rows: vec![vec![Cell::text("特钢"), Cell::Number(0.25)]],
        };
        let bytes = workbook(&[("结果", "result", &table)], false).expect("an in-memory workbook");
        // An XLSX file is a zip archive; its sheet holds the number itself, not "25.0".
        assert_eq!(&bytes[..2], b"PK");
        let sheet = table.to_sheet("结果", "result");
        assert_eq!(sheet.rows[0][1], ingest::table::Value::Number(0.25));
        assert_eq!(
            sheet.columns[1].format,
            ingest::table::ColumnFormat::Percent(1)
        );
    }
}
