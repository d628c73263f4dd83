//! Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan,
//! Matrix Computations, 4th ed., §8.5). Indicator groups have tens of columns at most, where
//! Jacobi is accurate to machine precision and needs no dependency.

/// The eigenvector of the largest eigenvalue of the symmetric `p × p` matrix `a` (row-major),
/// with its eigenvalue. The sign is arbitrary: callers fix it.
pub(crate) fn leading_eigenvector(a: &[f64], p: usize) -> (f64, Vec<f64>) {
    let mut m = a.to_vec();
    let mut v = vec![0.0; p * p];
    for i in 0..p {
        v[i * p + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..p)
            .flat_map(|i| (0..p).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * p + j].powi(2))
            .sum();
        let diag: f64 = (0..p).map(|i| m[i * p + i].powi(2)).sum();
        if off <= f64::EPSILON * f64::EPSILON * diag.max(f64::MIN_POSITIVE) {
            break;
        }
        for k in 0..p {
            for l in (k + 1)..p {
                let akl = m[k * p + l];
                if akl == 0.0 {
                    continue;
                }
                // Rotation zeroing m[k][l] (Golub & Van Loan, Algorithm 8.5.1, sym.schur2).
                let tau = (m[l * p + l] - m[k * p + k]) / (2.0 * akl);
                let t = if tau >= 0.0 {
                    1.0 / (tau + (1.0 + tau * tau).sqrt())
                } else {
                    -1.0 / (-tau + (1.0 + tau * tau).sqrt())
                };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = t * c;
                for i in 0..p {
                    let (mik, mil) = (m[i * p + k], m[i * p + l]);
                    m[i * p + k] = c * mik - s * mil;
                    m[i * p + l] = s * mik + c * mil;
                }
                for j in 0..p {
                    let (mkj, mlj) = (m[k * p + j], m[l * p + j]);
                    m[k * p + j] = c * mkj - s * mlj;
                    m[l * p + j] = s * mkj + c * mlj;
                }
                for i in 0..p {
                    let (vik, vil) = (v[i * p + k], v[i * p + l]);
                    v[i * p + k] = c * vik - s * vil;
                    v[i * p + l] = s * vik + c * vil;
                }
            }
        }
    }
    let best = (0..p)
        .max_by(|&a, &b| m[a * p + a].total_cmp(&m[b * p + b]))
        .unwrap_or(0);
    let vector = (0..p).map(|i| v[i * p + best]).collect();
    (m[best * p + best], vector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_eigenpair() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1; the leading vector is (1, 1)/√2.
        let (l, v) = leading_eigenvector(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((l - 3.0).abs() < 1e-14);
        let s = v[0].signum();
        assert!(
            (v[0] * s - 0.5f64.sqrt()).abs() < 1e-14 && (v[1] * s - 0.5f64.sqrt()).abs() < 1e-14
        );
    }

    #[test]
    fn three_by_three_matches_numpy() {
        // numpy.linalg.eigh([[4, 1, 2], [1, 3, 0], [2, 0, 5]]) → largest eigenvalue and its vector
        // (bench/evaluate/expected_values.py, section `eigen`).
        let (l, v) = leading_eigenvector(&[4.0, 1.0, 2.0, 1.0, 3.0, 0.0, 2.0, 0.0, 5.0], 3);
        assert!((l - 6.669079088282288).abs() < 1e-12, "{l}");
        let s = v[0].signum();
        let want = [0.6311789687764832, 0.1720265367929079, 0.7563200248659909];
        for (g, w) in v.iter().zip(want) {
            assert!((g * s - w).abs() < 1e-9, "{v:?}");
        }
    }
}
