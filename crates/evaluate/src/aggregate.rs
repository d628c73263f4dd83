//! Aggregation of a group of columns (the children of one aggregate) into the aggregate's column,
//! COINr 1.1.14 `a_amean`, `a_gmean`, `a_hmean`, `a_copeland`, plus TOPSIS (Hwang & Yoon 1981),
//! common in Chinese assessments.

use serde::{Deserialize, Serialize};

use crate::stats;

/// How children combine into their parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Aggregation {
    /// `Σ w x / Σ w`, weights renormalised over the unit's non-missing values.
    Amean,
    /// `exp(Σ w ln x / Σ w)` over non-missing values; needs x > 0 (normalise to [1, 100]).
    Gmean,
    /// `Σ w / Σ (w / x)` over non-missing values; needs x ≠ 0.
    Hmean,
    /// Copeland: `e_jk = Σ w·1[x_j > x_k] + ½ Σ w·1[x_j = x_k]` (w summing to 1, comparisons with a
    /// missing value skipped), `e_kj = 1 − e_jk`; score `Σ_k sign(e_jk − ½)`.
    Copeland,
    /// TOPSIS: vector-normalise each column `r = x/√Σx²`, weight `v = w r` (w summing to 1),
    /// ideal = column max, anti-ideal = column min (values already point the right way); score
    /// `D⁻/(D⁺ + D⁻)` with Euclidean distances over the unit's non-missing columns. A column whose
    /// norm is 0 contributes 0; a unit at both ideals (all columns constant) scores `NaN`.
    Topsis,
}

/// Aggregates `columns` (equal lengths) with `weights` (one per column) into `out`.
/// Errors name the rule the data broke (e.g. a zero under the geometric mean).
pub fn aggregate(
    columns: &[&[f64]],
    weights: &[f64],
    method: Aggregation,
    out: &mut [f64],
) -> Result<(), String> {
    match method {
        Aggregation::Amean | Aggregation::Gmean | Aggregation::Hmean => {
            by_row(columns, weights, method, out)
        }
        Aggregation::Copeland => {
            copeland(columns, weights, out);
            Ok(())
        }
        Aggregation::Topsis => {
            topsis(columns, weights, out);
            Ok(())
        }
    }
}

fn by_row(
    columns: &[&[f64]],
    weights: &[f64],
    method: Aggregation,
    out: &mut [f64],
) -> Result<(), String> {
    let mut x = Vec::with_capacity(columns.len());
    let mut w = Vec::with_capacity(columns.len());
    for (i, o) in out.iter_mut().enumerate() {
        x.clear();
        w.clear();
        for (c, wc) in columns.iter().zip(weights) {
            if !c[i].is_nan() {
                x.push(c[i]);
                w.push(*wc);
            }
        }
        if x.is_empty() {
            *o = f64::NAN;
            continue;
        }
        *o = match method {
            Aggregation::Gmean => {
                if x.iter().any(|v| *v <= 0.0) {
                    return Err(
                        "the geometric mean needs values > 0: normalise to [1, 100] first".into(),
                    );
                }
                let num = stats::sum(w.iter().zip(&x).map(|(w, x)| w * x.ln()));
                (num / stats::sum(w.iter().copied())).exp()
            }
            Aggregation::Hmean => {
                if x.contains(&0.0) {
                    return Err("the harmonic mean needs values ≠ 0".into());
                }
                stats::sum(w.iter().copied()) / stats::sum(w.iter().zip(&x).map(|(w, x)| w / x))
            }
            _ => {
                // R: w <- w/sum(w); sum(w*x)
                let total = stats::sum(w.iter().copied());
                stats::sum(w.iter().zip(&x).map(|(w, x)| (w / total) * x))
            }
        };
    }
    Ok(())
}

/// COINr `outrankMatrix()` + `a_copeland()`.
fn copeland(columns: &[&[f64]], weights: &[f64], out: &mut [f64]) {
    let n = out.len();
    let total = stats::sum(weights.iter().copied());
    let w: Vec<f64> = weights.iter().map(|v| v / total).collect();
    let mut orm = vec![0.0; n * n];
    for i in 0..n {
        for j in (i + 1)..n {
            let mut better = Vec::new();
            let mut equal = Vec::new();
            for (c, wc) in columns.iter().zip(&w) {
                let (a, b) = (c[i], c[j]);
                if a > b {
                    better.push(*wc);
                } else if a == b {
                    equal.push(*wc);
                }
            }
            let e = stats::sum([stats::sum(better), stats::sum(equal) / 2.0]);
            orm[i * n + j] = e;
            orm[j * n + i] = 1.0 - e;
        }
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = (0..n)
            .filter(|&k| k != i)
            .map(|k| {
                let e = orm[i * n + k];
                if e > 0.5 {
                    1.0
                } else if e < 0.5 {
                    -1.0
                } else {
                    0.0
                }
            })
            .sum();
    }
}

fn topsis(columns: &[&[f64]], weights: &[f64], out: &mut [f64]) {
    let total = stats::sum(weights.iter().copied());
    let v: Vec<Vec<f64>> = columns
        .iter()
        .zip(weights)
        .map(|(c, w)| {
            let norm = stats::sum(c.iter().map(|x| x * x)).sqrt();
            c.iter()
                .map(|x| {
                    if x.is_nan() {
                        f64::NAN
                    } else if norm > 0.0 {
                        w / total * (x / norm)
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    let ideals: Vec<Option<(f64, f64)>> = v.iter().map(|c| stats::min_max(c)).collect();
    for (i, o) in out.iter_mut().enumerate() {
        let mut plus = Vec::new();
        let mut minus = Vec::new();
        for (c, ideal) in v.iter().zip(&ideals) {
            if let (false, Some((lo, hi))) = (c[i].is_nan(), ideal) {
                plus.push((c[i] - hi).powi(2));
                minus.push((c[i] - lo).powi(2));
            }
        }
        if plus.is_empty() {
            *o = f64::NAN;
            continue;
        }
        let (dp, dm) = (stats::sum(plus).sqrt(), stats::sum(minus).sqrt());
        *o = if dp + dm > 0.0 {
            dm / (dp + dm)
        } else {
            f64::NAN
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NA: f64 = f64::NAN;

    fn run(columns: &[&[f64]], w: &[f64], m: Aggregation) -> Vec<f64> {
        let mut out = vec![0.0; columns[0].len()];
        aggregate(columns, w, m, &mut out).expect("aggregates");
        out
    }

    #[test]
    fn arithmetic_mean_renormalises_over_present_values() {
        // Unit 1: (10·1 + 40·3)/4 = 32.5; unit 2: only the second value, 20; unit 3: all missing.
        let out = run(
            &[&[10.0, NA, NA], &[40.0, 20.0, NA]],
            &[1.0, 3.0],
            Aggregation::Amean,
        );
        assert_eq!(out[0], 32.5);
        assert_eq!(out[1], 20.0);
        assert!(out[2].is_nan());
    }

    #[test]
    fn geometric_and_harmonic_means() {
        // By hand: gmean with w = (1, 3) of (10, 40) = exp((ln 10 + 3 ln 40)/4) = 10^(1/4)·40^(3/4);
        // hmean = 4/(1/10 + 3/40) = 4/0.175.
        let g = run(&[&[10.0], &[40.0]], &[1.0, 3.0], Aggregation::Gmean);
        assert!((g[0] - 10f64.powf(0.25) * 40f64.powf(0.75)).abs() < 1e-12);
        let h = run(&[&[10.0], &[40.0]], &[1.0, 3.0], Aggregation::Hmean);
        assert!((h[0] - 4.0 / 0.175).abs() < 1e-12);
        let mut out = [0.0];
        assert!(aggregate(&[&[0.0], &[1.0]], &[1.0, 1.0], Aggregation::Gmean, &mut out).is_err());
        assert!(aggregate(&[&[0.0], &[1.0]], &[1.0, 1.0], Aggregation::Hmean, &mut out).is_err());
    }

    #[test]
    fn copeland_counts_weighted_majorities() {
        // Three units (rows) on three indicators with weights (0.5, 0.25, 0.25):
        // unit 1 = (3, 2, 1), unit 2 = (1, 1, 2), unit 3 = (1, 3, 3). Worked by hand:
        // e_12 = 0.5 + 0.25 = 0.75 → 1 beats 2; e_13 = 0.5 → tie; e_23 = ½·0.5 = 0.25 → 3 beats 2.
        // Scores: unit 1 = +1 + 0 = 1, unit 2 = −1 − 1 = −2, unit 3 = 0 + 1 = 1.
        let a = [3.0, 1.0, 1.0];
        let b = [2.0, 1.0, 3.0];
        let c = [1.0, 2.0, 3.0];
        let out = run(&[&a, &b, &c], &[2.0, 1.0, 1.0], Aggregation::Copeland);
        assert_eq!(out, vec![1.0, -2.0, 1.0]);
    }

    #[test]
    fn topsis_matches_numpy() {
        // bench/evaluate/expected_values.py, section `topsis`.
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [4.0, 1.0, 2.0, 2.0];
        let out = run(&[&a, &b], &[0.6, 0.4], Aggregation::Topsis);
        let want = [
            0.42206445001476034,
            0.2521127429279827,
            0.5460392333137961,
            0.6788636207103508,
        ];
        for (g, w) in out.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{out:?}");
        }
    }
}
