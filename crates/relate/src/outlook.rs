//! Spec steps 8–10: density (and distance), complexity outlook index and gain.
//!
//! Every product here is "sparse rows × dense industry matrix": a location's row holds only
//! the industries it has (or the non-zero levels, for continuous proximity), so the cost is
//! `nnz · Np` instead of `Nc · Np²`.

use crate::matrix::Matrix;

/// One row per location: (industry, weight) pairs with non-zero weight.
pub(crate) type SparseRows = Vec<Vec<(u32, f64)>>;

/// `omega[c][p] = Σ_p' L[c][p'] · phi[p][p'] / Σ_p' phi[p][p']`, with `L` the presence (or the
/// continuous level). For a symmetric `phi` this is spec step 8 as written; for the asymmetric
/// `phi[p][p'] = C / kp0[p]` both reference packages weight by the row of `p` (the `kp0[p]`
/// cancels, leaving co-occurrence weights `C[p][p']`), and so does this. NaN where the industry
/// has no proximity to anything (an industry no location has).
pub(crate) fn density(rows: &SparseRows, phi: &Matrix, symmetric: bool) -> Matrix {
    let np = phi.cols();
    let transposed;
    let k = if symmetric {
        phi
    } else {
        transposed = phi.transpose();
        &transposed
    };
    let norm = phi.row_sums();
    let mut out = Matrix::filled(rows.len(), np, 0.0);
    out.for_each_row_mut(|c, acc| {
        for &(q, w) in &rows[c] {
            for (a, v) in acc.iter_mut().zip(k.row(q as usize)) {
                *a += w * v;
            }
        }
        for (a, n) in acc.iter_mut().zip(&norm) {
            *a = if *n > 0.0 { *a / n } else { f64::NAN };
        }
    });
    out
}

/// Spec step 10, before dividing by sigma:
/// `COG[c][p] = (1 − M[c][p]) · Σ_p' (1 − M[c][p']) · w[p'][p] · kp[p'] / Σ_p'' w[p'][p'']`, with
/// `w` the proximity in the orientation the mode's reference uses (`phi` for the Python package,
/// `phiᵀ` for Stata; the same thing when `phi` is symmetric). The sum over absent `p'` is the
/// column total minus the sum over present ones, so each location costs `kc0 · Np`. Industries
/// with undefined `kp` (NaN) contribute nothing.
pub(crate) fn opportunity_gain(present: &SparseRows, w: &Matrix, kp: &[f64], sigma: f64) -> Matrix {
    let np = w.cols();
    let rs = w.row_sums();
    // Row q of w enters with factor kp[q] / Σ_p'' w[q][p''].
    let factor: Vec<f64> = (0..np)
        .map(|q| {
            if rs[q] > 0.0 && kp[q].is_finite() {
                kp[q] / rs[q]
            } else {
                0.0
            }
        })
        .collect();
    let mut total = vec![0.0; np];
    for (q, f) in factor.iter().enumerate() {
        for (t, v) in total.iter_mut().zip(w.row(q)) {
            *t += f * v;
        }
    }
    let mut out = Matrix::filled(present.len(), np, 0.0);
    out.for_each_row_mut(|c, acc| {
        acc.copy_from_slice(&total);
        for &(q, _) in &present[c] {
            let f = factor[q as usize];
            for (a, v) in acc.iter_mut().zip(w.row(q as usize)) {
                *a -= f * v;
            }
        }
        for a in acc.iter_mut() {
            *a /= sigma;
        }
        for &(q, _) in &present[c] {
            acc[q as usize] = 0.0;
        }
    });
    out
}

/// Spec step 9, raw: `COI[c] = Σ_p omega[c][p] · (1 − M[c][p]) · kp[p]` over industries where
/// both are defined.
pub(crate) fn outlook_index(density: &Matrix, presence: &[bool], kp: &[f64]) -> Vec<f64> {
    let np = density.cols();
    (0..density.rows())
        .map(|c| {
            let m = &presence[c * np..(c + 1) * np];
            density
                .row(c)
                .iter()
                .zip(m)
                .zip(kp)
                .filter(|((d, m), k)| !**m && d.is_finite() && k.is_finite())
                .map(|((d, _), k)| d * k)
                .sum()
        })
        .collect()
}
