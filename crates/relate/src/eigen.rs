//! The top eigenpair of a symmetric positive semi-definite operator restricted to the orthogonal
//! complement of known eigenvectors: Lanczos with full reorthogonalisation and explicit restarts.
//!
//! Why not a dense eigendecomposition: ECI/PCI need one eigenvector of an `Np × Np` matrix
//! (1,382 four-digit industries nationally). A dense symmetric solver costs O(Np³) ≈ 10 GFlop;
//! Lanczos costs a few dozen products with the sparse binary M (2·nnz each) and converges fast
//! because the second eigenvalue of the complexity operator is well separated in practice. Ties
//! are detected by running again with the found vector deflated (single-vector Lanczos sees a
//! repeated eigenvalue only once).

/// Largest Krylov basis before an explicit restart.
const MAX_BASIS: usize = 160;
/// Restarts before giving up.
const MAX_RESTARTS: usize = 40;
/// Check Ritz convergence every this many Lanczos steps.
const CHECK_EVERY: usize = 4;

/// An eigenvalue with its unit eigenvector, and the residual `‖A x − λ x‖` actually reached.
#[derive(Debug, Clone)]
pub(crate) struct EigenPair {
    pub value: f64,
    pub vector: Vec<f64>,
    pub residual: f64,
}

/// Top eigenpair of the symmetric PSD operator `apply` (y ← A x) on the complement of the
/// orthonormal vectors `deflate`, iterated until `converged(ritz value, residual)` holds (or the
/// Krylov space is exhausted, where the pair is exact). Returns `None` when the complement is
/// empty. The start vector is deterministic (`seed`), so results repeat; when restarts run out,
/// the pair with the smallest residual is returned and the caller judges it.
pub(crate) fn top_eigenpair(
    n: usize,
    apply: &dyn Fn(&[f64], &mut [f64]),
    deflate: &[&[f64]],
    seed: u64,
    converged: &dyn Fn(f64, f64) -> bool,
) -> Option<EigenPair> {
    let dim = n.checked_sub(deflate.len()).filter(|&d| d > 0)?;
    let mut start = start_vector(n, deflate, seed)?;
    let max_basis = dim.min(MAX_BASIS);
    let mut best: Option<EigenPair> = None;
    let mut w = vec![0.0; n];
    for _ in 0..MAX_RESTARTS {
        let mut basis: Vec<Vec<f64>> = vec![start];
        let (mut alpha, mut beta) = (Vec::new(), Vec::new());
        loop {
            let j = basis.len() - 1;
            apply(&basis[j], &mut w);
            let a = dot(&basis[j], &w);
            alpha.push(a);
            // Full reorthogonalisation, twice ("twice is enough", Parlett): keeps the basis
            // orthogonal to machine precision, so no spurious Ritz copies appear.
            for _ in 0..2 {
                for v in deflate
                    .iter()
                    .copied()
                    .chain(basis.iter().map(Vec::as_slice))
                {
                    let h = dot(v, &w);
                    axpy(-h, v, &mut w);
                }
            }
            let b = norm(&w);
            let size = basis.len();
            let exhausted = size == dim || b <= 1e-14;
            if exhausted || size == max_basis || size.is_multiple_of(CHECK_EVERY) {
                let (theta, last) = top_ritz(&alpha, &beta, false);
                let estimate = b * last[0].abs();
                if exhausted || converged(theta, estimate) || size == max_basis {
                    let (theta, s) = top_ritz(&alpha, &beta, true);
                    let mut x = vec![0.0; n];
                    for (q, &c) in basis.iter().zip(&s) {
                        axpy(c, q, &mut x);
                    }
                    let nx = norm(&x);
                    x.iter_mut().for_each(|v| *v /= nx);
                    let pair = EigenPair {
                        value: theta,
                        residual: residual(apply, &x, theta),
                        vector: x,
                    };
                    if converged(pair.value, pair.residual) || exhausted {
                        return Some(pair);
                    }
                    let better = best.as_ref().is_none_or(|b| pair.residual < b.residual);
                    start = pair.vector.clone();
                    if better {
                        best = Some(pair);
                    }
                    break;
                }
                debug_assert!(theta.is_finite());
            }
            beta.push(b);
            w.iter_mut().for_each(|v| *v /= b);
            basis.push(std::mem::replace(&mut w, vec![0.0; n]));
        }
    }
    best
}

/// ‖A x − θ x‖.
fn residual(apply: &dyn Fn(&[f64], &mut [f64]), x: &[f64], theta: f64) -> f64 {
    let mut y = vec![0.0; x.len()];
    apply(x, &mut y);
    y.iter()
        .zip(x)
        .map(|(a, b)| (a - theta * b).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// Largest eigenvalue of the tridiagonal matrix (diagonal `alpha`, off-diagonal `beta`) with
/// either its whole eigenvector (`full`) or only the eigenvector's last component.
fn top_ritz(alpha: &[f64], beta: &[f64], full: bool) -> (f64, Vec<f64>) {
    let m = alpha.len();
    let mut d = alpha.to_vec();
    let mut e = beta[..m - 1].to_vec();
    e.push(0.0);
    let tracked: Vec<usize> = if full { (0..m).collect() } else { vec![m - 1] };
    let mut z: Vec<Vec<f64>> = tracked
        .iter()
        .map(|&r| (0..m).map(|c| if c == r { 1.0 } else { 0.0 }).collect())
        .collect();
    tridiagonal_eigen(&mut d, &mut e, &mut z);
    let top = (0..m).fold(0, |best, k| if d[k] > d[best] { k } else { best });
    (d[top], z.iter().map(|row| row[top]).collect())
}

/// Eigenvalues (left in `d`) of a symmetric tridiagonal matrix with diagonal `d` and
/// off-diagonal `e[i]` between `i` and `i + 1` (`e[m - 1]` unused), by the implicit QL method
/// with Wilkinson shifts (EISPACK tql2; Press et al., Numerical Recipes, §11.4). Each row of `z`
/// is a row of the eigenvector matrix (start from identity rows): only the rows a caller needs
/// are tracked, since each rotation mixes columns within a row.
fn tridiagonal_eigen(d: &mut [f64], e: &mut [f64], z: &mut [Vec<f64>]) {
    let n = d.len();
    for l in 0..n {
        for _ in 0..64 {
            let mut m = l;
            while m + 1 < n {
                let dd = d[m].abs() + d[m + 1].abs();
                if e[m].abs() <= f64::EPSILON * dd {
                    break;
                }
                m += 1;
            }
            if m == l {
                break;
            }
            let mut g = (d[l + 1] - d[l]) / (2.0 * e[l]);
            let mut r = g.hypot(1.0);
            g = d[m] - d[l] + e[l] / (g + r.copysign(g));
            let (mut s, mut c, mut p) = (1.0, 1.0, 0.0);
            let mut underflow = false;
            let mut i = m;
            while i > l {
                i -= 1;
                let f = s * e[i];
                let b = c * e[i];
                r = f.hypot(g);
                e[i + 1] = r;
                if r == 0.0 {
                    d[i + 1] -= p;
                    e[m] = 0.0;
                    underflow = true;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2.0 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
                for row in z.iter_mut() {
                    let f = row[i + 1];
                    row[i + 1] = s * row[i] + c * f;
                    row[i] = c * row[i] - s * f;
                }
            }
            if underflow {
                continue;
            }
            d[l] -= p;
            e[l] = g;
            e[m] = 0.0;
        }
    }
}

/// A deterministic pseudo-random unit vector orthogonal to `deflate` (SplitMix64 stream).
fn start_vector(n: usize, deflate: &[&[f64]], seed: u64) -> Option<Vec<f64>> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    };
    for _ in 0..8 {
        let mut x: Vec<f64> = (0..n).map(|_| next()).collect();
        for _ in 0..2 {
            for v in deflate {
                let h = dot(v, &x);
                axpy(-h, v, &mut x);
            }
        }
        let nx = norm(&x);
        if nx > 1e-8 {
            x.iter_mut().for_each(|v| *v /= nx);
            return Some(x);
        }
    }
    None
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

fn norm(x: &[f64]) -> f64 {
    dot(x, x).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tridiagonal_eigenvalues_of_the_discrete_laplacian() {
        // T = tridiag(-1, 2, -1): eigenvalues 2 − 2 cos(kπ/(n+1)).
        let n = 12;
        let mut d = vec![2.0; n];
        let mut e = vec![-1.0; n];
        let mut z: Vec<Vec<f64>> = (0..n)
            .map(|r| (0..n).map(|c| f64::from(u8::from(r == c))).collect())
            .collect();
        tridiagonal_eigen(&mut d, &mut e, &mut z);
        let mut got = d.clone();
        got.sort_by(f64::total_cmp);
        for (k, g) in got.iter().enumerate() {
            let want = 2.0 - 2.0 * ((k + 1) as f64 * std::f64::consts::PI / (n + 1) as f64).cos();
            assert!((g - want).abs() < 1e-12, "{g} vs {want}");
        }
        // Columns of z are eigenvectors: T z_k = d_k z_k.
        for k in 0..n {
            for i in 0..n {
                let mut tz = 2.0 * z[i][k];
                if i > 0 {
                    tz -= z[i - 1][k];
                }
                if i + 1 < n {
                    tz -= z[i + 1][k];
                }
                assert!((tz - d[k] * z[i][k]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn lanczos_finds_the_top_eigenpair_off_a_deflated_vector() {
        // Diagonal operator with eigenvalues 1, 0.9, 0.5, ... : deflating e0 leaves 0.9.
        let n = 300;
        let eig: Vec<f64> = (0..n)
            .map(|i| {
                if i == 0 {
                    1.0
                } else if i == 1 {
                    0.9
                } else {
                    0.5 / i as f64
                }
            })
            .collect();
        let apply = |x: &[f64], y: &mut [f64]| {
            for i in 0..n {
                y[i] = eig[i] * x[i];
            }
        };
        let e0: Vec<f64> = (0..n).map(|i| f64::from(u8::from(i == 0))).collect();
        let tight = |_: f64, r: f64| r <= 1e-13;
        let pair = top_eigenpair(n, &apply, &[&e0], 7, &tight).unwrap();
        assert!((pair.value - 0.9).abs() < 1e-13);
        assert!((pair.vector[1].abs() - 1.0).abs() < 1e-12);
        assert!(pair.residual <= 1e-13);
        assert!(top_eigenpair(1, &apply, &[&e0[..1]], 7, &tight).is_none());
    }
}
