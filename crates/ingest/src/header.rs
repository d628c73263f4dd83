//! Header rows: finding the header under any title rows, matching each header cell to a field by
//! its Chinese or English name or an alias (insensitive to case, spaces, full-width forms and
//! required-field stars), reading a unit from the header (`营业收入(万元)`), and, for observations,
//! columns that are periods (`2025年3月`) or indicators (`营业收入(万元)`).

use std::collections::HashMap;

use model::Id;

use crate::cell::{Cell, StatedMonth, half_width, period_of};
use crate::kind::{Field, Kind};
use crate::refusal::Refusal;
use crate::source::column_letter;
use crate::unit::Unit;

/// Rows searched for the header before the file is refused.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// Lower case, half-width, without spaces, underscores, hyphens, stars, colons and quotes.
pub fn normalise(text: &str) -> String {
    half_width(text)
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '·' | '*' | ':' | '.' | '、' | '"' | '“' | '”' | '\'' | '#'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits `营业收入(万元)`, `营业收入（万元）`, `营业收入[万元]` or `营业收入/万元` into the name
/// and the unit. The unit is `None` when the text has no such suffix.
pub fn split_unit(text: &str) -> (String, Option<String>) {
    let text = half_width(text)
        .replace(['【', '〔'], "[")
        .replace(['】', '〕'], "]");
    let trimmed = text.trim();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(body) = trimmed.strip_suffix(close)
            && let Some(at) = body.rfind(open)
        {
            let unit = body[at + open.len_utf8()..].trim();
            let name = body[..at].trim();
            if !name.is_empty() {
                let unit = unit
                    .trim_start_matches("单位")
                    .trim_start_matches([':', '：'])
                    .trim();
                return (name.to_owned(), (!unit.is_empty()).then(|| unit.to_owned()));
            }
        }
    }
    if let Some((name, unit)) = trimmed.rsplit_once('/')
        && Unit::parse(unit).is_some()
        && !name.trim().is_empty()
    {
        return (name.trim().to_owned(), Some(unit.trim().to_owned()));
    }
    (trimmed.to_owned(), None)
}

/// Normalised header → index into `kind.fields()`.
fn alias_index(kind: Kind) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, field) in kind.fields().iter().enumerate() {
        for name in [field.key, field.zh, field.en]
            .into_iter()
            .chain(field.aliases.iter().copied())
        {
            index.entry(normalise(name)).or_insert(i);
        }
    }
    index
}

/// An observation column that is a period or an indicator (the wide layouts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    Period(StatedMonth),
    Indicator(Id),
}

/// Where each field and wide column sits, found from the header row.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub header_row: u64,
    /// Per field of the kind (same order as `kind.fields()`): its column.
    pub field_column: Vec<Option<usize>>,
    /// Per column: the header as written.
    pub column_names: Vec<String>,
    /// Per column: the unit the header gives, if any.
    pub column_units: Vec<Option<String>>,
    /// Observation columns that hold values of one period or one indicator.
    pub wide: Vec<(usize, Wide)>,
    /// Columns nothing reads.
    pub ignored: Vec<usize>,
}

impl Layout {
    pub fn column_of(&self, kind: Kind, field: &Field) -> Option<usize> {
        kind.fields()
            .iter()
            .position(|f| std::ptr::eq(*f, field))
            .and_then(|i| self.field_column.get(i).copied().flatten())
    }

    pub fn column_name(&self, column: usize) -> &str {
        self.column_names.get(column).map_or("", String::as_str)
    }
}

/// How observation headers are recognised: indicators by normalised code or name.
#[derive(Debug, Clone, Default)]
pub struct IndicatorNames {
    names: HashMap<String, Id>,
}

impl IndicatorNames {
    pub fn new<'a>(indicators: impl IntoIterator<Item = (Id, &'a model::Indicator)>) -> Self {
        let mut names = HashMap::new();
        for (id, indicator) in indicators {
            for name in [&indicator.code, &indicator.name_zh, &indicator.name_en] {
                names.entry(normalise(name)).or_insert(id);
            }
        }
        IndicatorNames { names }
    }

    pub fn find(&self, text: &str) -> Option<Id> {
        self.names.get(&normalise(text)).copied()
    }
}

/// Decides, row by row, which row is the header and what each column holds.
#[derive(Debug)]
pub struct HeaderFinder<'a> {
    kind: Kind,
    aliases: HashMap<String, usize>,
    indicators: &'a IndicatorNames,
    default_year: Option<u16>,
    searched: u32,
    /// The row that matched most fields, for the refusal when none qualifies.
    best: Option<(usize, u64)>,
}

impl<'a> HeaderFinder<'a> {
    pub fn new(kind: Kind, indicators: &'a IndicatorNames, default_year: Option<u16>) -> Self {
        HeaderFinder {
            kind,
            aliases: alias_index(kind),
            indicators,
            default_year,
            searched: 0,
            best: None,
        }
    }

    /// The field a header cell names, with the unit it gives.
    fn field_of(&self, text: &str) -> Option<(usize, Option<String>)> {
        if let Some(&i) = self.aliases.get(&normalise(text)) {
            return Some((i, None));
        }
        let (name, unit) = split_unit(text);
        self.aliases.get(&normalise(&name)).map(|&i| (i, unit))
    }

    fn wide_of(&self, cell: &Cell<'_>) -> Option<(Wide, Option<String>)> {
        if self.kind != Kind::Observations {
            return None;
        }
        match cell {
            Cell::Text(text) => {
                let (name, unit) = split_unit(text);
                if let Some(id) = self.indicators.find(&name) {
                    return Some((Wide::Indicator(id), unit));
                }
                period_of(&Cell::Text(&name), self.default_year)
                    .ok()
                    .flatten()
                    .map(|p| (Wide::Period(p), unit))
            }
            Cell::Date { .. } | Cell::Number(_) => period_of(cell, self.default_year)
                .ok()
                .flatten()
                .map(|p| (Wide::Period(p), None)),
            _ => None,
        }
    }

    /// The layout if `cells` (row `number`) is the header; `Ok(None)` when it is a title or
    /// blank row above it; a refusal when the header is found wanting or never found.
    pub fn offer(&mut self, number: u64, cells: &[Cell<'_>]) -> Result<Option<Layout>, Refusal> {
        self.searched += 1;
        let fields = self.kind.fields();
        let mut layout = Layout {
            header_row: number,
            field_column: vec![None; fields.len()],
            column_names: cells.iter().map(Cell::display).collect(),
            column_units: vec![None; cells.len()],
            ..Layout::default()
        };
        let mut duplicates: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut recognised = 0;
        for (column, cell) in cells.iter().enumerate() {
            if cell.is_blank() {
                continue;
            }
            let found = match cell {
                Cell::Text(text) => self.field_of(text),
                _ => None,
            };
            if let Some((field, unit)) = found {
                recognised += 1;
                layout.column_units[column] = unit;
                match layout.field_column[field] {
                    None => layout.field_column[field] = Some(column),
                    Some(first) => match duplicates.iter_mut().find(|(f, _)| *f == field) {
                        Some((_, columns)) => columns.push(column),
                        None => duplicates.push((field, vec![first, column])),
                    },
                }
            } else if let Some((wide, unit)) = self.wide_of(cell) {
                recognised += 1;
                layout.column_units[column] = unit;
                layout.wide.push((column, wide));
            } else {
                layout.ignored.push(column);
            }
        }
        let missing: Vec<&Field> = fields
            .iter()
            .zip(&layout.field_column)
            .filter(|(f, c)| f.required && c.is_none())
            .map(|(f, _)| *f)
            .collect();
        let missing = if self.kind == Kind::Observations {
            // Only the enterprise is required of every layout; the rest is checked in
            // `observations::Plan`.
            missing.into_iter().filter(|f| f.key == "uscc").collect()
        } else {
            missing
        };
        if recognised < 2 && !(recognised > 0 && missing.is_empty()) {
            if self.best.is_none_or(|(r, _)| recognised > r) && recognised > 0 {
                self.best = Some((recognised, number));
            }
            if self.searched >= HEADER_SEARCH_ROWS {
                return Err(self.not_found());
            }
            return Ok(None);
        }
        if let Some((field, columns)) = duplicates.first() {
            return Err(Refusal::DuplicateColumns {
                row: number as u32,
                field: format!("{} ({})", fields[*field].zh, fields[*field].en),
                columns: columns
                    .iter()
                    .map(|&c| column_letter(c))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        if !missing.is_empty() {
            return Err(Refusal::MissingColumns {
                row: number as u32,
                missing: missing
                    .iter()
                    .map(|f| format!("{} ({})", f.zh, f.en))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        Ok(Some(layout))
    }

    /// The refusal when the file ends, or the search gives up, without a header.
    pub fn not_found(&self) -> Refusal {
        let fields = self.kind.fields();
        let expected = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| format!("{} ({})", f.zh, f.en))
            .collect::<Vec<_>>()
            .join(", ");
        match self.best {
            Some((_, row)) => Refusal::MissingColumns {
                row: row as u32,
                missing: expected,
            },
            None => Refusal::NoHeader {
                searched: self.searched.min(HEADER_SEARCH_ROWS),
                expected,
            },
        }
    }

    /// True when `cells` repeats the header: at least two cells name the field their column
    /// holds (a second header row in English, or headers pasted again mid-file).
    pub fn repeats(&self, layout: &Layout, cells: &[Cell<'_>]) -> bool {
        let mut same = 0;
        let mut filled = 0;
        for (column, cell) in cells.iter().enumerate() {
            if cell.is_blank() {
                continue;
            }
            filled += 1;
            let Cell::Text(text) = cell else { continue };
            let holds =
                |field: usize| layout.field_column.get(field).copied().flatten() == Some(column);
            if self.field_of(text).is_some_and(|(field, _)| holds(field))
                || layout
                    .wide
                    .iter()
                    .any(|(c, w)| *c == column && self.wide_of(cell).is_some_and(|(x, _)| x == *w))
            {
                same += 1;
            }
        }
        same >= 2 && same * 2 >= filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_the_spelling() {
        let names = IndicatorNames::default();
        let finder = HeaderFinder::new(Kind::Enterprises, &names, None);
        for text in [
            "统一社会信用代码",
            "信用代码",
            "社会信用代码",
            "USCC",
            "uscc",
            " U S C C ",
            "ＵＳＣＣ",
            "*统一社会信用代码",
            "统一社会信用代码（18位）",
            "Unified Social Credit Code",
        ] {
            assert_eq!(finder.field_of(text).map(|f| f.0), Some(0), "{text}");
        }
        for text in [
            "企业名称",
            "名称",
            "Name",
            "NAME",
            "company_name",
            "企业 名称",
        ] {
            assert_eq!(finder.field_of(text).map(|f| f.0), Some(1), "{text}");
        }
        assert_eq!(finder.field_of("something else"), None);
    }

    #[test]
    fn units_come_from_the_header() {
        assert_eq!(
            split_unit("营业收入(万元)"),
            ("营业收入".into(), Some("万元".into()))
        );
        assert_eq!(
            split_unit("营业收入（万元）"),
            ("营业收入".into(), Some("万元".into()))
        );
        assert_eq!(
            split_unit("用电量【万千瓦时】"),
            ("用电量".into(), Some("万千瓦时".into()))
        );
        assert_eq!(
            split_unit("交易额(单位：万元)"),
            ("交易额".into(), Some("万元".into()))
        );
        assert_eq!(
            split_unit("用水量/万立方米"),
            ("用水量".into(), Some("万立方米".into()))
        );
        assert_eq!(split_unit("企业名称"), ("企业名称".into(), None));
        assert_eq!(split_unit("(万元)"), ("(万元)".into(), None));
    }

    #[test]
    fn title_rows_are_skipped_and_missing_columns_named() {
        let names = IndicatorNames::default();
        let mut finder = HeaderFinder::new(Kind::SupplyLinks, &names, None);
        let title = [Cell::Text("2025年供应关系表"), Cell::Empty];
        assert!(finder.offer(1, &title).unwrap().is_none());
        let header = [
            Cell::Text("供应方信用代码"),
            Cell::Text("采购方信用代码"),
            Cell::Text("年份"),
            Cell::Text("交易额(万元)"),
            Cell::Text("备用"),
        ];
        let layout = finder.offer(2, &header).unwrap().unwrap();
        assert_eq!(layout.header_row, 2);
        assert_eq!(layout.field_column[3], Some(3));
        assert_eq!(layout.column_units[3].as_deref(), Some("万元"));
        assert_eq!(layout.ignored, [4]);
        let english = [
            Cell::Text("supplier"),
            Cell::Text("customer"),
            Cell::Text("year"),
            Cell::Text("value"),
        ];
        assert!(finder.repeats(&layout, &english));
        assert!(!finder.repeats(&layout, &[Cell::Text("supplier"), Cell::Text("x")]));

        let mut finder = HeaderFinder::new(Kind::SupplyLinks, &names, None);
        let short = [Cell::Text("供应方信用代码"), Cell::Text("年份")];
        assert!(matches!(
            finder.offer(1, &short),
            Err(Refusal::MissingColumns { row: 1, .. })
        ));
        let mut finder = HeaderFinder::new(Kind::SupplyLinks, &names, None);
        let twice = [
            Cell::Text("供应方信用代码"),
            Cell::Text("supplier"),
            Cell::Text("采购方信用代码"),
            Cell::Text("年份"),
            Cell::Text("金额"),
        ];
        assert!(matches!(
            finder.offer(1, &twice),
            Err(Refusal::DuplicateColumns { .. })
        ));
    }
}
