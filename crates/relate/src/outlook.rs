//! Spec steps 8–10: density (and distance), complexity outlook index and gain.
//!
//! Every product here is "sparse rows × dense industry matrix": a location's row holds only
//! the industries it has (or the non-zero levels, for continuous proximity), so the cost is
//! `nnz · Np` instead of `Nc · Np²`.

use crate::matrix::Matrix;

/// One row per location: (industry, weight) pairs with non-zero weight.
pub(crate) type SparseRows = Vec<Vec<(u32, f64)>>;

/// Density (spec step 8) and COG (spec step 10) of every location.
///
/// `omega[c][p] = Σ_p' L[c][p'] · phi[p][p'] / Σ_p' phi[p][p']`, with `L` the presence (or the
/// continuous level, `levels`). For a symmetric `phi` this is step 8 as written; for the
/// asymmetric `phi[p][p'] = C / kp0[p]` both reference packages weight by the row of `p` (the
/// `kp0[p]` cancels, leaving co-occurrence weights `C[p][p']`), and so does this. NaN where the
/// industry has no proximity to anything (an industry no location has).
///
/// `COG[c][p] = (1 − M[c][p]) · Σ_p' (1 − M[c][p']) · w[p'][p] · kp[p'] / Σ_p'' w[p'][p''] / sigma`
/// with `w = phi`, or `phiᵀ` when `gain_transposed` (Stata's orientation; the same thing for a
/// symmetric `phi`). The sum over absent `p'` is the column total minus the sum over present
/// ones. Industries with undefined `kp` (NaN) contribute nothing.
///
/// Both are "sparse rows × dense industry matrix": a location's row holds only the industries
/// it has (or its non-zero levels), so each costs `nnz · Np`, not `Nc · Np²`; when both read
/// the same rows of the same matrix (discrete presence, and `phiᵀ` on both sides or a
/// symmetric `phi`) they share one pass.
pub(crate) fn density_and_gain(
    present: &SparseRows,
    levels: Option<&SparseRows>,
    phi: &Matrix,
    symmetric: bool,
    gain_transposed: bool,
    kp: &[f64],
    sigma: f64,
) -> (Matrix, Matrix) {
    let (nc, np) = (present.len(), phi.cols());
    let norm = phi.row_sums();
    let transposed = (!symmetric).then(|| phi.transpose());
    // Density reads rows of phiᵀ; gain reads rows of w.
    let k = transposed.as_ref().unwrap_or(phi);
    let w = if gain_transposed { k } else { phi };
    let rs = w.row_sums();
    // Row q of w enters the gain with factor kp[q] / Σ_p'' w[q][p''].
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
    let mut density = Matrix::filled(nc, np, 0.0);
    let mut gain = Matrix::filled(nc, np, 0.0);
    let fused = levels.is_none() && std::ptr::eq(k, w);
    density.for_each_row_pair_mut(&mut gain, |c, d, g| {
        g.copy_from_slice(&total);
        if fused {
            for &(q, _) in &present[c] {
                let f = factor[q as usize];
                for ((d, g), v) in d.iter_mut().zip(g.iter_mut()).zip(k.row(q as usize)) {
                    *d += v;
                    *g -= f * v;
                }
            }
        } else {
            for &(q, l) in &levels.unwrap_or(present)[c] {
                for (d, v) in d.iter_mut().zip(k.row(q as usize)) {
                    *d += l * v;
                }
            }
            for &(q, _) in &present[c] {
                let f = factor[q as usize];
                for (g, v) in g.iter_mut().zip(w.row(q as usize)) {
                    *g -= f * v;
                }
            }
        }
        for (d, n) in d.iter_mut().zip(&norm) {
            *d = if *n > 0.0 { *d / n } else { f64::NAN };
        }
        for g in g.iter_mut() {
            *g /= sigma;
        }
        for &(q, _) in &present[c] {
            g[q as usize] = 0.0;
        }
    });
    (density, gain)
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
