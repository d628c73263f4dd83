//! One data row under validation: typed access to its cells by field, and the issues it raises.
//! Every accessor records what is wrong with the cell (column name and letter, value, problem)
//! and returns `None`, so a kind's reader can read every field of a row and report them all.

use std::borrow::Cow;
use std::collections::BTreeMap;

use model::{IndustryCode, RegionCode, Uscc};

use crate::cell::{Cell, CellError, half_width};
use crate::header::Layout;
use crate::kind::{Field, Kind};
use crate::report::{Issue, Problem, Severity};

/// The issues of a file, counted by reason; listed up to a limit.
#[derive(Debug, Default)]
pub struct Issues {
    pub list: Vec<Issue>,
    pub errors_by_reason: BTreeMap<&'static str, u64>,
    pub warnings: u64,
    pub not_listed: u64,
    pub limit: usize,
}

impl Issues {
    pub fn new(limit: usize) -> Self {
        Issues {
            limit,
            ..Issues::default()
        }
    }

    pub fn push(&mut self, issue: Issue) {
        match issue.severity {
            Severity::Error => *self.errors_by_reason.entry(issue.reason()).or_insert(0) += 1,
            Severity::Warning => self.warnings += 1,
        }
        if self.list.len() < self.limit {
            self.list.push(issue);
        } else {
            self.not_listed += 1;
        }
    }

    pub fn error_count(&self) -> u64 {
        self.errors_by_reason.values().sum()
    }
}

/// A row being read.
#[derive(Debug)]
pub struct Row<'r, 'c> {
    pub number: u64,
    pub cells: &'r [Cell<'c>],
    pub kind: Kind,
    pub layout: &'r Layout,
    pub issues: &'r mut Issues,
    /// Set by the first error of the row.
    pub failed: bool,
}

impl<'c> Row<'_, 'c> {
    pub fn column(&self, field: &Field) -> Option<usize> {
        self.layout.column_of(self.kind, field)
    }

    pub fn cell_at(&self, column: usize) -> Cell<'c> {
        self.cells.get(column).copied().unwrap_or(Cell::Empty)
    }

    pub fn cell(&self, field: &Field) -> (Option<usize>, Cell<'c>) {
        match self.column(field) {
            Some(c) => (Some(c), self.cell_at(c)),
            None => (None, Cell::Empty),
        }
    }

    /// Records an error at `column` (or the whole row).
    pub fn fail_at(&mut self, column: Option<usize>, value: String, problem: Problem) {
        self.failed = true;
        let column_name = column
            .map(|c| self.layout.column_name(c).to_owned())
            .unwrap_or_default();
        self.issues.push(Issue {
            row: self.number,
            column,
            column_name,
            value,
            problem,
            severity: Severity::Error,
        });
    }

    /// Records an error on `field`'s cell.
    pub fn fail(&mut self, field: &Field, problem: Problem) {
        let (column, cell) = self.cell(field);
        self.fail_at(column, cell.display(), problem);
    }

    /// Reads `field` with `parse`; a blank required field is an error, a blank optional one
    /// `None`.
    pub fn read<T>(
        &mut self,
        field: &Field,
        parse: impl FnOnce(&Cell<'c>) -> Result<Option<T>, Problem>,
    ) -> Option<T> {
        let (column, cell) = self.cell(field);
        if column.is_none() && !field.required {
            return None;
        }
        match parse(&cell) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                if field.required {
                    self.fail_at(column, String::new(), Problem::Missing);
                }
                None
            }
            Err(problem) => {
                self.fail_at(column, cell.display(), problem);
                None
            }
        }
    }

    /// Text as written (trimmed), for names and free text.
    pub fn text(&mut self, field: &Field) -> Option<String> {
        self.read(field, |cell| {
            Ok(text_of(cell)
                .map(str::to_owned)
                .or_else(|| other_text(cell)))
        })
    }

    /// A code: half-width, trimmed.
    pub fn code(&mut self, field: &Field) -> Option<String> {
        self.read(field, |cell| Ok(code_of(cell)))
    }

    pub fn uscc(&mut self, field: &Field) -> Option<Uscc> {
        self.read(field, |cell| match code_of(cell) {
            None => Ok(None),
            Some(text) => Uscc::parse(&text).map(Some).map_err(Problem::from),
        })
    }

    pub fn region(&mut self, field: &Field) -> Option<RegionCode> {
        self.read(field, |cell| match code_of(cell) {
            None => Ok(None),
            Some(text) => RegionCode::parse(&text).map(Some).map_err(Problem::from),
        })
    }

    pub fn industry(&mut self, field: &Field) -> Option<IndustryCode> {
        self.read(field, |cell| match code_of(cell) {
            None => Ok(None),
            Some(text) => IndustryCode::parse(&text).map(Some).map_err(Problem::from),
        })
    }

    /// A list of industry codes separated by commas, 、, ; or spaces (blank is an empty list).
    pub fn industries(&mut self, field: &Field) -> Vec<IndustryCode> {
        self.read(field, |cell| match code_of(cell) {
            None => Ok(Some(Vec::new())),
            Some(text) => split_list(&text)
                .iter()
                .map(|code| IndustryCode::parse(code).map_err(Problem::from))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
        })
        .unwrap_or_default()
    }

    /// A list of free texts separated by commas, 、 or semicolons.
    pub fn list(&mut self, field: &Field) -> Vec<String> {
        self.text(field).map(|t| split_list(&t)).unwrap_or_default()
    }

    /// One of a fixed set of values, by its stable text or Chinese label.
    pub fn choice<T>(
        &mut self,
        field: &Field,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[(&str, &str)],
    ) -> Option<T> {
        self.read(field, |cell| match code_of(cell) {
            None => Ok(None),
            Some(text) => parse(&text)
                .or_else(|| parse(&text.to_lowercase()))
                .map(Some)
                .ok_or_else(|| Problem::Choice {
                    allowed: allowed
                        .iter()
                        .map(|(en, _)| *en)
                        .collect::<Vec<_>>()
                        .join(", "),
                    allowed_zh: allowed
                        .iter()
                        .map(|(_, zh)| *zh)
                        .collect::<Vec<_>>()
                        .join("、"),
                }),
        })
    }

    pub fn flag(&mut self, field: &Field) -> Option<bool> {
        self.read(field, |cell| {
            crate::cell::flag_of(cell).map_err(Problem::from)
        })
    }

    pub fn year(&mut self, field: &Field) -> Option<u16> {
        self.read(field, |cell| {
            crate::cell::year_of(cell).map_err(Problem::from)
        })
    }

    pub fn date(&mut self, field: &Field) -> Option<String> {
        self.read(field, |cell| {
            crate::cell::date_of(cell).map_err(Problem::from)
        })
    }

    /// A whole number in `min..=max`.
    pub fn integer(&mut self, field: &Field, min: i64, max: i64) -> Option<i64> {
        self.read(field, |cell| match crate::cell::number_of(cell)? {
            None => Ok(None),
            Some((written, rest)) if rest.is_empty() && !written.percent => {
                let value = written.value;
                if value.fract() != 0.0 || value < min as f64 || value > max as f64 {
                    Err(Problem::Range { min, max })
                } else {
                    Ok(Some(value as i64))
                }
            }
            Some(_) => Err(Problem::Cell(CellError::NotANumber)),
        })
    }

    /// A non-negative amount converted to the field's stored unit; the unit may come from the
    /// header or a suffix in the cell.
    pub fn amount(&mut self, field: &Field) -> Option<f64> {
        let header_unit = self
            .column(field)
            .and_then(|c| self.layout.column_units.get(c).cloned().flatten());
        self.read(field, |cell| {
            let Some((written, suffix)) = crate::cell::number_of(cell)? else {
                return Ok(None);
            };
            if written.percent {
                return Err(Problem::Cell(CellError::Percent));
            }
            let unit = if suffix.is_empty() {
                header_unit
            } else {
                Some(suffix)
            };
            let value = match (unit, field.unit) {
                (Some(unit), Some(stored)) => crate::unit::convert(written.value, &unit, stored)?,
                (Some(_), None) => return Err(Problem::Cell(CellError::NotANumber)),
                (None, _) => written.value,
            };
            if value < 0.0 {
                return Err(Problem::Negative);
            }
            Ok(Some(value))
        })
    }
}

/// Text of a text cell, trimmed; `None` when blank.
pub fn text_of<'c>(cell: &Cell<'c>) -> Option<&'c str> {
    match cell {
        Cell::Text(text) => Some(text.trim()).filter(|t| !t.is_empty()),
        _ => None,
    }
}

/// Non-text cells as the user sees them (a code typed into a number cell).
fn other_text(cell: &Cell<'_>) -> Option<String> {
    match cell {
        Cell::Number(_) | Cell::Bool(_) | Cell::Date { .. } => Some(cell.display()),
        _ => None,
    }
}

/// A code as text: half-width and trimmed; numbers (a region code typed as a number) as digits.
pub fn code_of(cell: &Cell<'_>) -> Option<String> {
    code_text(cell).map(Cow::into_owned)
}

/// [`code_of`] without a copy when the cell is already half-width text (the common case).
pub fn code_text<'c>(cell: &Cell<'c>) -> Option<Cow<'c, str>> {
    match cell {
        Cell::Text(text) => Some(half_width(text)).filter(|t| !t.is_empty()),
        other => other_text(other).map(Cow::Owned),
    }
}

/// Splits `a,b`, `a，b`, `a、b`, `a;b`, `a；b` and trims the parts.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
