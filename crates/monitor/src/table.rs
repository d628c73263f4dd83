//! The small CSV tables the crate ships (rules, derived indicators, targets): `#` comment lines,
//! a header, a fixed number of fields, errors that name the file and line.

use crate::MonitorError;

/// One data row being read.
pub(crate) struct Row<'a> {
    record: &'a csv::StringRecord,
    file: &'a str,
    line: usize,
}

impl Row<'_> {
    /// Field `i`, trimmed ("" when absent).
    pub(crate) fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or_default()
    }

    /// An error at this row.
    pub(crate) fn error(&self, message: String) -> MonitorError {
        MonitorError::Data {
            file: self.file.to_owned(),
            line: self.line,
            message,
        }
    }
}

/// Reads every row of `text` through `read`; each must have `fields` fields.
pub(crate) fn read_rows<T>(
    text: &str,
    file: &str,
    fields: usize,
    mut read: impl FnMut(&Row<'_>) -> Result<T, MonitorError>,
) -> Result<Vec<T>, MonitorError> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| MonitorError::Data {
            file: file.to_owned(),
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        let row = Row {
            record: &record,
            file,
            line: record.position().map_or(0, |p| p.line() as usize),
        };
        if record.len() != fields {
            return Err(row.error(format!("expected {fields} fields, found {}", record.len())));
        }
        out.push(read(&row)?);
    }
    Ok(out)
}
