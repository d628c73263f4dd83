//! Industry gradient coefficient (产业梯度系数) for transfer undertaking (承接产业转移):
//! location quotient × comparative labour productivity. A coefficient above 1 marks an
//! industry in which a location sits high on the gradient (a likely source of transfer); below
//! 1, low (a place that may undertake it if it has the capacity).

use crate::matrix::Matrix;
use crate::{RelateError, levels::rca};

/// Location × industry results; NaN only where the location has no employment in the industry
/// (productivity undefined).
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient {
    /// 区位商 `LQ = (o_ci / o_c) / (o_i / o)` on output.
    pub location_quotient: Matrix,
    /// 比较劳动生产率 `(o_ci / o_i) / (e_ci / e_i)`: the location's share of the industry's
    /// output over its share of the industry's employment.
    pub productivity: Matrix,
    /// `LQ × productivity`.
    pub coefficient: Matrix,
}

/// Gradient coefficients from output and employment matrices of the same shape (locations ×
/// industries, in the same order). Every location and industry needs positive output and
/// employment totals.
pub fn industry_gradient(output: &Matrix, employment: &Matrix) -> Result<Gradient, RelateError> {
    if (output.rows(), output.cols()) != (employment.rows(), employment.cols()) {
        return Err(RelateError::ShapeMismatch {
            rows: employment.rows(),
            cols: employment.cols(),
            locations: output.rows(),
            industries: output.cols(),
        });
    }
    for (what, m) in [("output", output), ("employment", employment)] {
        if let Some(&v) = m.as_slice().iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(RelateError::InvalidParameter {
                what,
                value: v,
                rule: "values must be finite and non-negative",
            });
        }
        let bad_row = m.row_sums().into_iter().find(|t| *t <= 0.0);
        let bad_col = m.transpose().row_sums().into_iter().find(|t| *t <= 0.0);
        if let Some(t) = bad_row.or(bad_col) {
            return Err(RelateError::InvalidParameter {
                what,
                value: t,
                rule: "every location and industry needs a positive total",
            });
        }
    }
    let lq = rca(output);
    let (o_i, e_i) = (
        output.transpose().row_sums(),
        employment.transpose().row_sums(),
    );
    let mut productivity = Matrix::filled(output.rows(), output.cols(), f64::NAN);
    let mut coefficient = productivity.clone();
    for c in 0..output.rows() {
        for p in 0..output.cols() {
            let e = employment.get(c, p);
            if e > 0.0 {
                let clp = (output.get(c, p) / o_i[p]) / (e / e_i[p]);
                productivity.set(c, p, clp);
                coefficient.set(c, p, lq.get(c, p) * clp);
            }
        }
    }
    Ok(Gradient {
        location_quotient: lq,
        productivity,
        coefficient,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_is_lq_times_comparative_productivity() {
        // Location a makes 3/4 of industry x's output with 1/2 of its workers.
        let output = Matrix::from_row_major(2, 2, vec![30.0, 10.0, 10.0, 50.0]).unwrap();
        let employment = Matrix::from_row_major(2, 2, vec![5.0, 2.0, 5.0, 0.0]).unwrap();
        let g = industry_gradient(&output, &employment).unwrap();
        let lq = (30.0 / 40.0) / (40.0 / 100.0);
        let clp = (30.0 / 40.0) / (5.0 / 10.0);
        assert!((g.coefficient.get(0, 0) - lq * clp).abs() < 1e-12);
        assert!(g.productivity.get(1, 1).is_nan());
        let zero_employment = Matrix::from_row_major(2, 2, vec![0.0, 0.0, 1.0, 1.0]).unwrap();
        assert!(industry_gradient(&output, &zero_employment).is_err());
    }
}
