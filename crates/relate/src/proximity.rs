//! Spec step 7: industry–industry proximity, the edges of the product space.

use crate::matrix::Matrix;
use crate::options::Mode;

/// Co-occurrence proximity (Hidalgo et al. 2007): `C = MᵀM`, symmetric
/// `phi[p][p'] = C / max(kp0[p], kp0[p'])` (the minimum of the two conditional probabilities)
/// or asymmetric `C / kp0[p]`. Industries no location has (ubiquity 0) get an all-zero row and
/// column. `presence` is row-major location × industry.
pub(crate) fn cooccurrence(
    presence: &[bool],
    n_locations: usize,
    ubiquity: &[u32],
    mode: Mode,
    asymmetric: bool,
) -> Matrix {
    let np = ubiquity.len();
    // M as lists both ways: industries per location and locations per industry.
    let mut by_location: Vec<Vec<u32>> = vec![Vec::new(); n_locations];
    let mut by_industry: Vec<Vec<u32>> = vec![Vec::new(); np];
    for (c, row) in by_location.iter_mut().enumerate() {
        for (p, &m) in presence[c * np..(c + 1) * np].iter().enumerate() {
            if m {
                row.push(p as u32);
                by_industry[p].push(c as u32);
            }
        }
    }
    let mut phi = Matrix::filled(np, np, 0.0);
    // Row p of C = MᵀM: for each location that has p, count every industry it has. Costs
    // Σ_c kc0², far below Np² · Nc for a sparse M.
    phi.for_each_row_mut(|p, row| {
        if ubiquity[p] == 0 {
            return;
        }
        for &c in &by_industry[p] {
            for &q in &by_location[c as usize] {
                row[q as usize] += 1.0;
            }
        }
        let kp = f64::from(ubiquity[p]);
        for (q, out) in row.iter_mut().enumerate() {
            if *out > 0.0 {
                *out /= if asymmetric {
                    kp
                } else {
                    kp.max(f64::from(ubiquity[q]))
                };
            }
        }
        row[p] = mode.proximity_diagonal();
    });
    phi
}

/// Continuous proximity `(1 + pearson(level[:, p], level[:, p'])) / 2` over locations. Where a
/// column does not vary the correlation is undefined; it counts as 0 (proximity ½) rather than
/// spreading NaN. The Gram matrix is accumulated over the non-zero levels only (most cells of a
/// county × industry table are zero), then centred.
pub(crate) fn continuous(level: &Matrix, mode: Mode) -> Matrix {
    let (nc, np) = (level.rows(), level.cols());
    let mut gram = Matrix::filled(np, np, 0.0);
    let mut nz: Vec<(usize, f64)> = Vec::with_capacity(np);
    for c in 0..nc {
        nz.clear();
        nz.extend(
            level
                .row(c)
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, v)| v != 0.0),
        );
        for (k, &(p, v)) in nz.iter().enumerate() {
            let row = gram.row_mut(p);
            for &(q, w) in &nz[k..] {
                row[q] += v * w;
            }
        }
    }
    let n = nc as f64;
    let mean: Vec<f64> = (0..np)
        .map(|p| (0..nc).map(|c| level.get(c, p)).sum::<f64>() / n)
        .collect();
    let var: Vec<f64> = (0..np)
        .map(|p| gram.get(p, p) - n * mean[p] * mean[p])
        .collect();
    let mut phi = Matrix::filled(np, np, 0.0);
    for p in 0..np {
        phi.set(p, p, mode.proximity_diagonal());
        for q in p + 1..np {
            let cov = gram.get(p, q) - n * mean[p] * mean[q];
            let denom = (var[p] * var[q]).sqrt();
            let r = if denom > 0.0 {
                (cov / denom).clamp(-1.0, 1.0)
            } else {
                0.0
            };
            let v = (1.0 + r) / 2.0;
            phi.set(p, q, v);
            phi.set(q, p, v);
        }
    }
    phi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cooccurrence_is_the_smaller_conditional_probability() {
        // Locations × industries: x in a, b; y in b; z nowhere.
        let presence = [true, false, false, true, true, false];
        let phi = cooccurrence(&presence, 2, &[2, 1, 0], Mode::PyEcomplexity, false);
        assert_eq!(phi.row(0), [1.0, 0.5, 0.0]);
        assert_eq!(phi.row(1), [0.5, 1.0, 0.0]);
        assert_eq!(phi.row(2), [0.0, 0.0, 0.0]);
        let asym = cooccurrence(&presence, 2, &[2, 1, 0], Mode::Stata, true);
        assert_eq!(asym.row(0), [0.0, 0.5, 0.0]);
        assert_eq!(asym.row(1), [1.0, 0.0, 0.0]);
    }

    #[test]
    fn continuous_matches_pearson() {
        let level = Matrix::from_row_major(3, 3, vec![1.0, 2.0, 0.0, 2.0, 4.0, 0.0, 3.0, 1.0, 0.0])
            .unwrap();
        let phi = continuous(&level, Mode::Stata);
        // pearson((1,2,3), (2,4,1)) = -0.5/ (1 * sqrt(4.6667/... )) computed directly:
        let (a, b) = ([1.0, 2.0, 3.0], [2.0, 4.0, 1.0]);
        let (ma, mb) = (2.0, 7.0 / 3.0);
        let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
        let va: f64 = a.iter().map(|x| (x - ma) * (x - ma)).sum();
        let vb: f64 = b.iter().map(|y| (y - mb) * (y - mb)).sum();
        let want = (1.0 + cov / (va * vb).sqrt()) / 2.0;
        assert!((phi.get(0, 1) - want).abs() < 1e-14);
        assert_eq!(phi.get(0, 2), 0.5); // constant column: undefined correlation counts as 0
        assert_eq!(phi.get(1, 1), 0.0);
    }
}
