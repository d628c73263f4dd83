//! From bytes to validated records and a report, without touching the database: the reader feeds
//! rows to the header finder, then to the kind's reader. Pure and synchronous, so it can be
//! fuzzed and run on a blocking thread.

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use store::StoredKeys;

use crate::ImportOptions;
use crate::cell::Cell;
use crate::header::{HeaderFinder, IndicatorNames, Layout};
use crate::kind::Kind;
use crate::observations::Observations;
use crate::records::{Context, Reader, Records};
use crate::refusal::Refusal;
use crate::report::{Issue, Problem, Report, Severity};
use crate::row::{Issues, Row};
use crate::source::{self, RowSink};

/// A file read and validated.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Empty when the report rejects the file.
    pub records: Records,
    pub report: Report,
}

struct Importer<'a> {
    kind: Kind,
    cx: Context<'a>,
    finder: HeaderFinder<'a>,
    layout: Option<Layout>,
    reader: Option<Reader>,
    issues: Issues,
    rejected_rows: HashSet<u64>,
    rows_read: u64,
    rows_blank: u64,
    title_rows: u64,
    progress_total: u64,
}

impl RowSink for Importer<'_> {
    fn row(&mut self, number: u64, cells: &[Cell<'_>]) -> Result<(), Refusal> {
        if cells.iter().all(Cell::is_blank) {
            if self.layout.is_some() {
                self.rows_blank += 1;
            }
            return Ok(());
        }
        let Some(layout) = &self.layout else {
            match self.finder.offer(number, cells)? {
                Some(layout) => self.found(layout)?,
                None => self.title_rows += 1,
            }
            return Ok(());
        };
        if self.finder.repeats(layout, cells) {
            self.issues.push(Issue {
                row: number,
                column: None,
                column_name: String::new(),
                value: String::new(),
                problem: Problem::RepeatedHeader,
                severity: Severity::Warning,
            });
            return Ok(());
        }
        self.rows_read += 1;
        let errors_before = self.issues.error_count();
        let mut row = Row {
            number,
            cells,
            kind: self.kind,
            layout,
            issues: &mut self.issues,
            failed: false,
        };
        if let Some(reader) = &mut self.reader {
            reader.read(&mut row, &self.cx);
        }
        if self.issues.error_count() > errors_before {
            self.rejected_rows.insert(number);
        }
        Ok(())
    }

    fn progress(&mut self, done: u64, total: u64) {
        self.progress_total = total;
        if let Some(progress) = &self.cx.options.progress {
            progress("read", done, total);
        }
    }
}

impl Importer<'_> {
    fn found(&mut self, layout: Layout) -> Result<(), Refusal> {
        let observations = if self.kind == Kind::Observations {
            Some(Observations::plan(&layout, &self.cx)?)
        } else {
            None
        };
        let mut ignored = layout.ignored.clone();
        if let Some(observations) = &observations {
            // Wide columns the chosen layout does not read are ignored too.
            let read = observations.value_columns(&layout);
            ignored.extend(
                layout
                    .wide
                    .iter()
                    .map(|(c, _)| *c)
                    .filter(|c| !read.contains(c)),
            );
            ignored.sort_unstable();
        }
        for column in ignored {
            self.issues.push(Issue {
                row: layout.header_row,
                column: Some(column),
                column_name: layout.column_name(column).to_owned(),
                value: layout.column_name(column).to_owned(),
                problem: Problem::IgnoredColumn,
                severity: Severity::Warning,
            });
        }
        self.reader = Some(Reader::new(self.kind, observations));
        self.layout = Some(layout);
        Ok(())
    }
}

/// Reads and validates `bytes` as a file of `kind` against the keys already stored. Never
/// panics; a file it will not read comes back as a report with a refusal.
pub fn parse(
    kind: Kind,
    file_name: &str,
    bytes: &[u8],
    keys: &StoredKeys,
    options: &ImportOptions,
) -> Parsed {
    let names = IndicatorNames::new(keys.indicators.values().map(|(id, i)| (*id, i)));
    let mut importer = Importer {
        kind,
        cx: Context { keys, options },
        finder: HeaderFinder::new(kind, &names, options.year),
        layout: None,
        reader: None,
        issues: Issues::new(options.limits.max_listed_issues),
        rejected_rows: HashSet::new(),
        rows_read: 0,
        rows_blank: 0,
        title_rows: 0,
        progress_total: 0,
    };
    let mut report = Report {
        kind: Some(kind),
        file_name: file_name.to_owned(),
        sha256: hex(&Sha256::digest(bytes)),
        ..Report::default()
    };
    let read = source::read(
        file_name,
        bytes,
        options.sheet.as_deref(),
        &options.limits,
        &mut importer,
    );
    let refusal = match read {
        Ok(info) => {
            report.source = info;
            if importer.layout.is_none() {
                Some(importer.finder.not_found())
            } else if importer.rows_read == 0 {
                Some(Refusal::NoData)
            } else {
                None
            }
        }
        Err(refusal) => Some(refusal),
    };
    let mut records = Records::Parks(Vec::new());
    if let Some(refusal) = refusal {
        report.refusal = Some(refusal);
    } else if let Some(reader) = importer.reader.take() {
        let values_blank = match &reader {
            Reader::Observations(o) => o.blank_values,
            _ => 0,
        };
        let errors_before = importer.issues.error_count();
        records = reader.finish(&mut importer.issues, &importer.cx);
        if importer.issues.error_count() > errors_before {
            for issue in &importer.issues.list[..] {
                if issue.severity == Severity::Error && issue.row > 0 {
                    importer.rejected_rows.insert(issue.row);
                }
            }
        }
        report.values_blank = values_blank;
        report.values = records.len() as u64;
    }
    if importer.title_rows > 0
        && let Some(layout) = &importer.layout
    {
        report.source.notices.push(crate::source::Notice::new(
            format!(
                "表头在第{}行，其上方{}行（标题等）未读取",
                layout.header_row, importer.title_rows
            ),
            format!(
                "the header is row {}; {} row(s) above it (titles) were not read",
                layout.header_row, importer.title_rows
            ),
        ));
    }
    report.header_row = importer.layout.as_ref().map(|l| l.header_row);
    report.rows_read = importer.rows_read;
    report.rows_blank = importer.rows_blank;
    report.rows_rejected = importer.rejected_rows.len() as u64;
    report.rows_accepted = importer.rows_read.saturating_sub(report.rows_rejected);
    let mut issues = importer.issues;
    issues
        .list
        .sort_by_key(|i| (i.severity == Severity::Warning, i.row, i.column));
    report.issues = issues.list;
    report.issues_not_listed = issues.not_listed;
    report.errors_by_reason = issues.errors_by_reason;
    report.warnings = issues.warnings;
    report.notices = std::mem::take(&mut report.source.notices);
    if report.is_rejected() {
        records = Records::Parks(Vec::new());
    }
    Parsed { records, report }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
