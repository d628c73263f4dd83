//! From a long table (period, location, industry, value) to one clean location × industry matrix
//! per period — spec step 1: missing cells are 0, NaN is 0, of duplicate rows the first is kept,
//! locations and industries whose total is 0 are dropped, and all of that is reported.

use std::collections::HashMap;

use crate::RelateError;
use crate::matrix::Matrix;

/// A clean location × industry matrix of non-negative values: every location and every industry
/// has a positive total. Labels are sorted (byte order), so results do not depend on input order.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMatrix {
    locations: Vec<String>,
    industries: Vec<String>,
    values: Matrix,
}

/// What building a [`ValueMatrix`] changed or dropped, so a caller can tell its user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Rows whose (location, industry) had already appeared in the period: ignored (first kept).
    pub duplicates: usize,
    /// The first such (location, industry), to show the user an example.
    pub first_duplicate: Option<(String, String)>,
    /// Cells whose value was NaN, counted as 0.
    pub nan_cells: usize,
    /// Locations whose total is 0, left out of every measure.
    pub dropped_locations: Vec<String>,
    /// Industries whose total is 0, left out of every measure.
    pub dropped_industries: Vec<String>,
}

impl ValueMatrix {
    /// Cleans a dense matrix (`values.rows() == locations.len()`): NaN → 0, zero-total rows and
    /// columns dropped, labels sorted. Negative or infinite values are an error: RCA has no
    /// meaning for them.
    pub fn from_dense(
        locations: Vec<String>,
        industries: Vec<String>,
        values: Matrix,
    ) -> Result<(Self, BuildReport), RelateError> {
        if values.rows() != locations.len() || values.cols() != industries.len() {
            return Err(RelateError::ShapeMismatch {
                rows: values.rows(),
                cols: values.cols(),
                locations: locations.len(),
                industries: industries.len(),
            });
        }
        for labels in [&locations, &industries] {
            let mut seen = std::collections::HashSet::with_capacity(labels.len());
            if let Some(twice) = labels.iter().find(|l| !seen.insert(l.as_str())) {
                return Err(RelateError::DuplicateLabel(twice.clone()));
            }
        }
        let mut report = BuildReport::default();
        let mut values = values;
        for (i, location) in locations.iter().enumerate() {
            for (j, v) in values.row_mut(i).iter_mut().enumerate() {
                if v.is_nan() {
                    report.nan_cells += 1;
                    *v = 0.0;
                } else if !v.is_finite() || *v < 0.0 {
                    return Err(RelateError::InvalidValue {
                        location: location.clone(),
                        industry: industries[j].clone(),
                        value: *v,
                    });
                }
            }
        }
        let row_total = values.row_sums();
        let mut col_total = vec![0.0; values.cols()];
        for i in 0..values.rows() {
            for (t, v) in col_total.iter_mut().zip(values.row(i)) {
                *t += v;
            }
        }
        let keep = |labels: &[String], totals: &[f64], dropped: &mut Vec<String>| {
            let mut kept: Vec<usize> = Vec::with_capacity(labels.len());
            for (k, &t) in totals.iter().enumerate() {
                if t > 0.0 {
                    kept.push(k);
                } else {
                    dropped.push(labels[k].clone());
                }
            }
            kept.sort_by(|&a, &b| labels[a].cmp(&labels[b]));
            dropped.sort();
            kept
        };
        let rows = keep(&locations, &row_total, &mut report.dropped_locations);
        let cols = keep(&industries, &col_total, &mut report.dropped_industries);
        if rows.is_empty() {
            return Err(RelateError::EmptyTable);
        }
        let mut data = Vec::with_capacity(rows.len() * cols.len());
        for &i in &rows {
            let row = values.row(i);
            data.extend(cols.iter().map(|&j| row[j]));
        }
        let values =
            Matrix::from_row_major(rows.len(), cols.len(), data).ok_or(RelateError::EmptyTable)?;
        let pick =
            |labels: &[String], idx: &[usize]| idx.iter().map(|&k| labels[k].clone()).collect();
        Ok((
            Self {
                locations: pick(&locations, &rows),
                industries: pick(&industries, &cols),
                values,
            },
            report,
        ))
    }

    pub fn locations(&self) -> &[String] {
        &self.locations
    }

    pub fn industries(&self) -> &[String] {
        &self.industries
    }

    /// Location × industry values (rows follow [`Self::locations`], columns [`Self::industries`]).
    pub fn values(&self) -> &Matrix {
        &self.values
    }

    /// Position of a location label, if it is in the matrix.
    pub fn location_index(&self, label: &str) -> Option<usize> {
        self.locations
            .binary_search_by(|l| l.as_str().cmp(label))
            .ok()
    }

    /// Position of an industry label, if it is in the matrix.
    pub fn industry_index(&self, label: &str) -> Option<usize> {
        self.industries
            .binary_search_by(|l| l.as_str().cmp(label))
            .ok()
    }
}

/// Interns labels to dense ids in order of first appearance.
#[derive(Debug, Default, Clone)]
struct Labels {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Labels {
    fn id(&mut self, label: &str) -> u32 {
        if let Some(&id) = self.ids.get(label) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(label.to_owned(), id);
        self.names.push(label.to_owned());
        id
    }
}

/// A long table of (period, location, industry, value) rows, as analysts keep them. Each period
/// is turned into its own [`ValueMatrix`]: periods never mix.
#[derive(Debug, Default, Clone)]
pub struct LongTable {
    periods: Labels,
    locations: Labels,
    industries: Labels,
    rows: Vec<(u32, u32, u32, f64)>,
}

/// One period's matrix and what building it dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodMatrix {
    pub period: String,
    pub matrix: ValueMatrix,
    pub report: BuildReport,
}

impl LongTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one row. Use the same `period` (e.g. `""`) for every row of a single-period table.
    pub fn push(&mut self, period: &str, location: &str, industry: &str, value: f64) {
        let row = (
            self.periods.id(period),
            self.locations.id(location),
            self.industries.id(industry),
            value,
        );
        self.rows.push(row);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Periods in order of first appearance.
    pub fn periods(&self) -> &[String] {
        &self.periods.names
    }

    /// One matrix per period, in order of first appearance. A period in which no location has a
    /// positive total is an error naming that period.
    pub fn into_periods(self) -> Result<Vec<PeriodMatrix>, (String, RelateError)> {
        let mut by_period: Vec<Vec<usize>> = vec![Vec::new(); self.periods.names.len()];
        for (k, row) in self.rows.iter().enumerate() {
            by_period[row.0 as usize].push(k);
        }
        let mut out = Vec::with_capacity(by_period.len());
        for (period_id, rows) in by_period.into_iter().enumerate() {
            let period = self.periods.names[period_id].clone();
            let (matrix, report) = self.period_matrix(&rows).map_err(|e| (period.clone(), e))?;
            out.push(PeriodMatrix {
                period,
                matrix,
                report,
            });
        }
        Ok(out)
    }

    fn period_matrix(&self, rows: &[usize]) -> Result<(ValueMatrix, BuildReport), RelateError> {
        // Dense local ids for the labels this period uses.
        const UNSEEN: u32 = u32::MAX;
        let mut loc_local = vec![UNSEEN; self.locations.names.len()];
        let mut ind_local = vec![UNSEEN; self.industries.names.len()];
        let (mut locations, mut industries) = (Vec::new(), Vec::new());
        for &k in rows {
            let (_, l, i, _) = self.rows[k];
            if loc_local[l as usize] == UNSEEN {
                loc_local[l as usize] = locations.len() as u32;
                locations.push(self.locations.names[l as usize].clone());
            }
            if ind_local[i as usize] == UNSEEN {
                ind_local[i as usize] = industries.len() as u32;
                industries.push(self.industries.names[i as usize].clone());
            }
        }
        let cols = industries.len();
        let mut values = Matrix::filled(locations.len(), cols, 0.0);
        let mut filled = vec![false; locations.len() * cols];
        let mut duplicates = 0;
        let mut first_duplicate = None;
        for &k in rows {
            let (_, l, i, v) = self.rows[k];
            let (r, c) = (
                loc_local[l as usize] as usize,
                ind_local[i as usize] as usize,
            );
            if std::mem::replace(&mut filled[r * cols + c], true) {
                duplicates += 1;
                first_duplicate
                    .get_or_insert_with(|| (locations[r].clone(), industries[c].clone()));
            } else {
                values.set(r, c, v);
            }
        }
        let (matrix, mut report) = ValueMatrix::from_dense(locations, industries, values)?;
        report.duplicates = duplicates;
        report.first_duplicate = first_duplicate;
        Ok((matrix, report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_table_cleans_each_period_on_its_own() {
        let mut t = LongTable::new();
        t.push("2023", "b", "x", 1.0);
        t.push("2023", "a", "y", f64::NAN);
        t.push("2023", "a", "x", 2.0);
        t.push("2023", "a", "x", 99.0); // duplicate: first kept
        t.push("2023", "c", "z", 0.0); // zero totals: c and z dropped
        t.push("2024", "a", "z", 5.0);
        let periods = t.into_periods().unwrap();
        assert_eq!(periods.len(), 2);
        let p = &periods[0];
        assert_eq!(p.period, "2023");
        assert_eq!(p.matrix.locations(), ["a", "b"]);
        assert_eq!(p.matrix.industries(), ["x"]);
        assert_eq!(p.matrix.values().as_slice(), [2.0, 1.0]);
        assert_eq!(p.report.duplicates, 1);
        assert_eq!(p.report.first_duplicate, Some(("a".into(), "x".into())));
        assert_eq!(p.report.nan_cells, 1);
        assert_eq!(p.report.dropped_locations, ["c"]);
        assert_eq!(p.report.dropped_industries, ["y", "z"]);
        assert_eq!(periods[1].matrix.locations(), ["a"]);
        assert_eq!(periods[1].matrix.industries(), ["z"]);
    }

    #[test]
    fn negative_values_are_rejected_with_their_cell() {
        let mut t = LongTable::new();
        t.push("", "a", "x", -1.0);
        let (period, err) = t.into_periods().unwrap_err();
        assert_eq!(period, "");
        assert!(matches!(err, RelateError::InvalidValue { ref location, .. } if location == "a"));
    }
}
