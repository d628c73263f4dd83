//! Spec steps 2–3: RCA, population-based RCA and the presence matrix M.

use crate::matrix::Matrix;
use crate::options::{Options, PresenceTest};
use crate::{RelateError, ValueMatrix};

/// The specialisation levels of one period and the presence matrix derived from them.
#[derive(Debug, Clone)]
pub(crate) struct Levels {
    /// Balassa RCA; `None` when M was given.
    pub rca: Option<Matrix>,
    /// Population-based RCA, under the population test only.
    pub rpop: Option<Matrix>,
    /// M, row-major location × industry.
    pub presence: Vec<bool>,
}

impl Levels {
    /// The level continuous proximity and density use: RPOP under the population test, RCA
    /// otherwise, and M itself when it was given (as `ecomplexity` does with `presence_test="manual"`).
    pub fn continuous_level<'a>(&'a self, matrix: &'a ValueMatrix) -> &'a Matrix {
        match (&self.rpop, &self.rca) {
            (Some(rpop), _) => rpop,
            (None, Some(rca)) => rca,
            (None, None) => matrix.values(),
        }
    }
}

pub(crate) fn levels(matrix: &ValueMatrix, options: &Options) -> Result<Levels, RelateError> {
    let t = options.threshold;
    if !t.is_finite() {
        return Err(RelateError::InvalidThreshold(t));
    }
    let x = matrix.values();
    let present = |level: &Matrix| {
        level
            .as_slice()
            .iter()
            .map(|&v| options.mode.is_present(v, t))
            .collect()
    };
    match &options.presence {
        PresenceTest::Given => {
            for c in 0..x.rows() {
                for (p, &v) in x.row(c).iter().enumerate() {
                    if v != 0.0 && v != 1.0 {
                        return Err(RelateError::NotBinary {
                            location: matrix.locations()[c].clone(),
                            industry: matrix.industries()[p].clone(),
                            value: v,
                        });
                    }
                }
            }
            let presence = x.as_slice().iter().map(|&v| v == 1.0).collect();
            Ok(Levels {
                rca: None,
                rpop: None,
                presence,
            })
        }
        PresenceTest::Rca => {
            let rca = rca(x);
            Ok(Levels {
                presence: present(&rca),
                rca: Some(rca),
                rpop: None,
            })
        }
        PresenceTest::Population(pop) => {
            let rpop = rpop(matrix, pop)?;
            Ok(Levels {
                presence: present(&rpop),
                rca: Some(rca(x)),
                rpop: Some(rpop),
            })
        }
    }
}

fn column_sums(x: &Matrix) -> Vec<f64> {
    let mut sums = vec![0.0; x.cols()];
    for c in 0..x.rows() {
        for (s, v) in sums.iter_mut().zip(x.row(c)) {
            *s += v;
        }
    }
    sums
}

/// Balassa (1965): `(X[c][p] / Σ_p X[c][p]) / (Σ_c X[c][p] / Σ_cp X)`, evaluated in the same order
/// of operations as the reference packages so that threshold decisions agree.
pub(crate) fn rca(x: &Matrix) -> Matrix {
    let row = x.row_sums();
    let col = column_sums(x);
    let total: f64 = col.iter().sum();
    let share: Vec<f64> = col.iter().map(|s| s / total).collect();
    ratio(x, &row, &share)
}

/// `x[c][p] / by_row[c] / by_col[p]`.
fn ratio(x: &Matrix, by_row: &[f64], by_col: &[f64]) -> Matrix {
    let mut out = Matrix::filled(x.rows(), x.cols(), 0.0);
    for (c, r) in by_row.iter().enumerate() {
        for ((o, v), s) in out.row_mut(c).iter_mut().zip(x.row(c)).zip(by_col) {
            *o = v / r / s;
        }
    }
    out
}

/// Population-based RCA: `(X[c][p] / pop[c]) / (Σ_c X[c][p] / Σ_c pop[c])`.
fn rpop(matrix: &ValueMatrix, pop: &[f64]) -> Result<Matrix, RelateError> {
    let x = matrix.values();
    if pop.len() != x.rows() {
        return Err(RelateError::PopulationLength {
            given: pop.len(),
            expected: x.rows(),
        });
    }
    if let Some(c) = pop.iter().position(|p| !(p.is_finite() && *p > 0.0)) {
        return Err(RelateError::InvalidPopulation {
            location: matrix.locations()[c].clone(),
            value: pop[c],
        });
    }
    let col = column_sums(x);
    let pop_total: f64 = pop.iter().sum();
    let per_head: Vec<f64> = col.iter().map(|s| s / pop_total).collect();
    Ok(ratio(x, pop, &per_head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Mode;

    fn two_by_two() -> ValueMatrix {
        let m = Matrix::from_row_major(2, 2, vec![3.0, 1.0, 1.0, 3.0]).unwrap();
        ValueMatrix::from_dense(
            vec!["a".into(), "b".into()],
            vec!["x".into(), "y".into()],
            m,
        )
        .unwrap()
        .0
    }

    #[test]
    fn rca_and_thresholds_per_mode() {
        let vm = two_by_two();
        let l = levels(&vm, &Options::default()).unwrap();
        let rca = l.rca.unwrap();
        assert!((rca.get(0, 0) - 1.5).abs() < 1e-15 && (rca.get(0, 1) - 0.5).abs() < 1e-15);
        assert_eq!(l.presence, [true, false, false, true]);
        // RCA exactly 1: present only in the non-strict mode.
        let flat = ValueMatrix::from_dense(
            vec!["a".into(), "b".into()],
            vec!["x".into()],
            Matrix::from_row_major(2, 1, vec![2.0, 5.0]).unwrap(),
        )
        .unwrap()
        .0;
        assert_eq!(
            levels(&flat, &Options::default()).unwrap().presence,
            [false, false]
        );
        assert_eq!(
            levels(&flat, &Options::with_mode(Mode::PyEcomplexity))
                .unwrap()
                .presence,
            [true, true]
        );
    }

    #[test]
    fn population_and_given_presence_are_validated() {
        let vm = two_by_two();
        let opts = |presence| Options {
            presence,
            ..Options::default()
        };
        let l = levels(&vm, &opts(PresenceTest::Population(vec![1.0, 3.0]))).unwrap();
        // a: 3 per head vs world 4/4 = 1 per head → RPOP 3.
        assert!((l.rpop.unwrap().get(0, 0) - 3.0).abs() < 1e-15);
        assert!(matches!(
            levels(&vm, &opts(PresenceTest::Population(vec![1.0, 0.0]))),
            Err(RelateError::InvalidPopulation { .. })
        ));
        assert!(matches!(
            levels(&vm, &opts(PresenceTest::Given)),
            Err(RelateError::NotBinary { .. })
        ));
    }
}
