//! The input table: units (rows) by indicators (columns), missing values as `NaN`, plus optional
//! group labels per unit (region level, industry, size class …) for group imputation.
//!
//! A dataset serialises (serde) as `{units, indicators, values, groups}` with `values`
//! column-major and missing values as `null`, so an input snapshot stored as JSON reads back bit
//! for bit (finite numbers are written in their shortest exact form; with serde_json, parse them
//! with its `float_roundtrip` feature, without which a value may come back one ulp off) and is
//! checked again on the way in.

use serde::{Deserialize, Serialize};

use crate::error::{EvalError, Result};

/// Indicator values of a set of units, stored column by column (one column per indicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "Snapshot", try_from = "Snapshot")]
pub struct Dataset {
    units: Vec<String>,
    indicators: Vec<String>,
    /// Column-major: `values[j * units.len() + i]` is indicator `j` of unit `i`.
    values: Vec<f64>,
    groups: Vec<GroupColumn>,
}

/// A categorical column (e.g. `GDP_group`, a region level): one label per unit, `None` if unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupColumn {
    pub name: String,
    pub labels: Vec<Option<String>>,
}

impl Dataset {
    /// Builds a dataset from column-major values (`NaN` = missing).
    pub fn from_columns(
        units: Vec<String>,
        indicators: Vec<String>,
        values: Vec<f64>,
    ) -> Result<Self> {
        let expected = units.len() * indicators.len();
        if values.len() != expected {
            return Err(EvalError::Shape {
                units: units.len(),
                indicators: indicators.len(),
                values: values.len(),
                expected,
            });
        }
        check_unique(&units)?;
        check_unique(&indicators)?;
        Ok(Self {
            units,
            indicators,
            values,
            groups: Vec::new(),
        })
    }

    /// Builds a dataset from rows, one `Vec` of indicator values per unit.
    pub fn from_rows(
        units: Vec<String>,
        indicators: Vec<String>,
        rows: &[Vec<f64>],
    ) -> Result<Self> {
        let n = units.len();
        let p = indicators.len();
        if rows.len() != n || rows.iter().any(|r| r.len() != p) {
            return Err(EvalError::Shape {
                units: n,
                indicators: p,
                values: rows.iter().map(Vec::len).sum(),
                expected: n * p,
            });
        }
        let mut values = vec![0.0; n * p];
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                values[j * n + i] = *v;
            }
        }
        Self::from_columns(units, indicators, values)
    }

    /// Adds a group column (one label per unit).
    pub fn with_group(
        mut self,
        name: impl Into<String>,
        labels: Vec<Option<String>>,
    ) -> Result<Self> {
        let name = name.into();
        if labels.len() != self.units.len() {
            return Err(EvalError::GroupLength {
                name,
                got: labels.len(),
                units: self.units.len(),
            });
        }
        if self.groups.iter().any(|g| g.name == name) {
            return Err(EvalError::DuplicateCode(name));
        }
        self.groups.push(GroupColumn { name, labels });
        Ok(self)
    }

    pub fn units(&self) -> &[String] {
        &self.units
    }

    pub fn indicators(&self) -> &[String] {
        &self.indicators
    }

    pub fn groups(&self) -> &[GroupColumn] {
        &self.groups
    }

    pub fn n_units(&self) -> usize {
        self.units.len()
    }

    /// The values of indicator `j`, one per unit.
    pub fn column(&self, j: usize) -> &[f64] {
        let n = self.units.len();
        &self.values[j * n..(j + 1) * n]
    }

    /// All values, column-major.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Position of an indicator code.
    pub fn indicator_index(&self, code: &str) -> Option<usize> {
        self.indicators.iter().position(|c| c == code)
    }

    /// The labels of a group column.
    pub fn group(&self, name: &str) -> Result<&[Option<String>]> {
        self.groups
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.labels.as_slice())
            .ok_or_else(|| EvalError::MissingGroup(name.to_owned()))
    }
}

/// The serialised form of a [`Dataset`]: `NaN` cannot travel in JSON, `null` can.
#[derive(Serialize, Deserialize)]
struct Snapshot {
    units: Vec<String>,
    indicators: Vec<String>,
    values: Vec<Option<f64>>,
    #[serde(default)]
    groups: Vec<GroupColumn>,
}

impl From<Dataset> for Snapshot {
    fn from(d: Dataset) -> Self {
        Snapshot {
            units: d.units,
            indicators: d.indicators,
            values: d
                .values
                .into_iter()
                .map(|v| (!v.is_nan()).then_some(v))
                .collect(),
            groups: d.groups,
        }
    }
}

impl TryFrom<Snapshot> for Dataset {
    type Error = EvalError;
    fn try_from(s: Snapshot) -> Result<Self> {
        let values = s
            .values
            .into_iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect();
        s.groups.into_iter().try_fold(
            Dataset::from_columns(s.units, s.indicators, values)?,
            |d, g| d.with_group(g.name, g.labels),
        )
    }
}

fn check_unique(codes: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for c in codes {
        if !seen.insert(c.as_str()) {
            return Err(EvalError::DuplicateCode(c.clone()));
        }
    }
    Ok(())
}

/// A units × columns matrix of results, column-major like [`Dataset`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Matrix {
    pub n_rows: usize,
    pub data: Vec<f64>,
}

impl Matrix {
    pub fn filled(n_rows: usize, n_cols: usize, value: f64) -> Self {
        Self {
            n_rows,
            data: vec![value; n_rows * n_cols],
        }
    }

    pub fn n_cols(&self) -> usize {
        self.data.len().checked_div(self.n_rows).unwrap_or(0)
    }

    pub fn column(&self, j: usize) -> &[f64] {
        &self.data[j * self.n_rows..(j + 1) * self.n_rows]
    }

    pub fn column_mut(&mut self, j: usize) -> &mut [f64] {
        &mut self.data[j * self.n_rows..(j + 1) * self.n_rows]
    }

    pub fn get(&self, row: usize, col: usize) -> f64 {
        self.data[col * self.n_rows + row]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn rows_become_columns() {
        let d = Dataset::from_rows(
            codes(&["a", "b"]),
            codes(&["x", "y", "z"]),
            &[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]],
        )
        .expect("valid");
        assert_eq!(d.column(1), &[2.0, 5.0]);
        assert_eq!(d.indicator_index("z"), Some(2));
    }

    #[test]
    fn a_snapshot_reads_back_bit_for_bit_and_is_checked() {
        let d = Dataset::from_rows(
            codes(&["a", "b"]),
            codes(&["x", "y"]),
            &[vec![0.1 + 0.2, f64::NAN], vec![-0.0, 1e-300 / 3.0]],
        )
        .expect("valid")
        .with_group("city", vec![Some("140100".into()), None])
        .expect("group");
        let json = serde_json::to_string(&d).expect("writes");
        assert!(json.contains("null"), "{json}");
        let back: Dataset = serde_json::from_str(&json).expect("reads");
        // Column-major: x = (0.1 + 0.2, −0), y = (missing, 1e-300 / 3).
        let bits = |d: &Dataset| d.values().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back)[..2], bits(&d)[..2]);
        assert!(back.values()[2].is_nan());
        assert_eq!(bits(&back)[3], bits(&d)[3]);
        assert_eq!(back.groups(), d.groups());
        let short = json.replace("[0.30000000000000004,", "[");
        assert!(matches!(
            serde_json::from_str::<Dataset>(&short),
            Err(e) if e.to_string().contains("values")
        ));
    }

    #[test]
    fn bad_shapes_and_duplicates_are_refused() {
        assert!(matches!(
            Dataset::from_columns(codes(&["a"]), codes(&["x", "y"]), vec![1.0]),
            Err(EvalError::Shape { expected: 2, .. })
        ));
        assert_eq!(
            Dataset::from_columns(codes(&["a", "a"]), codes(&["x"]), vec![1.0, 2.0]),
            Err(EvalError::DuplicateCode("a".into()))
        );
        let d = Dataset::from_columns(codes(&["a"]), codes(&["x"]), vec![1.0]).expect("valid");
        assert!(matches!(
            d.with_group("g", vec![]),
            Err(EvalError::GroupLength { .. })
        ));
    }
}
