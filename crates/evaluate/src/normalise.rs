//! Normalisation, COINr 1.1.14 `Normalise()`: each indicator is multiplied by its direction, then
//! passed to the method. Formulas are written exactly as COINr's `n_*()` functions write them, so
//! that results agree to the last bits where the arithmetic allows.

use serde::{Deserialize, Serialize};

use crate::error::{EvalError, Result};
use crate::hierarchy::Node;
use crate::stats;

/// A normalisation method, applied to every indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Normalisation {
    /// Direction only (COINr `f_n = "none"`).
    None,
    /// `(x − min)/(max − min)·(u − l) + l` (`n_minmax`).
    Minmax { lower: f64, upper: f64 },
    /// `(x − mean)/sd·s + m`, sd with ddof 1 (`n_zscore`).
    Zscore {
        #[serde(default)]
        mean: f64,
        #[serde(default = "unit_sd")]
        sd: f64,
    },
    /// `(x − min)/(target − min)`, optionally capped at 1 (`n_dist2targ`); the target is the
    /// indicator's own, flipped with its direction as COINr's iMeta route does.
    DistTarget {
        #[serde(default)]
        cap: bool,
    },
    /// `1 − (max − x)/(max − min)` (`n_dist2max`).
    DistMax,
    /// `x / max` (`n_fracmax`), on the direction-adjusted values as in COINr: meant for positive
    /// indicators where more is better (a negated column gives ratios above 1).
    FracMax,
    /// Rank, ties = min (`n_rank`).
    Rank,
    /// Rank − 1 (`n_borda`).
    Borda,
    /// `(rank − 1)/(n − 1)` with n the non-missing count (`n_prank`).
    PercentileRank,
    /// `(x − L)/(U − L)` clipped to [0, 1], times `scale` (`n_goalposts`). Indicators with their
    /// own goalposts use them (flipped for direction −1, COINr's iMeta route); others use these.
    Goalposts { lower: f64, upper: f64, scale: f64 },
}

fn unit_sd() -> f64 {
    1.0
}

impl Normalisation {
    /// COINr's default, min-max onto [0, 100].
    pub fn coinr() -> Self {
        Self::Minmax {
            lower: 0.0,
            upper: 100.0,
        }
    }
}

/// Normalises one indicator column in place. Returns `true` when the column has zero range under
/// a method that divides by it (COINr warns and returns `NaN`s, which later count as missing).
pub fn normalise_column(x: &mut [f64], node: &Node, method: &Normalisation) -> Result<bool> {
    let d = node.direction;
    for v in x.iter_mut() {
        *v *= d;
    }
    let range = stats::min_max(x);
    let degenerate = range.is_some_and(|(lo, hi)| lo == hi);
    match *method {
        Normalisation::None => {}
        Normalisation::Minmax { lower, upper } => {
            let (lo, hi) = range.unwrap_or((f64::NAN, f64::NAN));
            for v in x.iter_mut() {
                *v = (*v - lo) / (hi - lo) * (upper - lower) + lower;
            }
            return Ok(degenerate);
        }
        Normalisation::Zscore { mean, sd } => {
            let (m, s) = (stats::mean(x), stats::sd(x));
            for v in x.iter_mut() {
                *v = (*v - m) / s * sd + mean;
            }
            return Ok(degenerate);
        }
        Normalisation::DistTarget { cap } => {
            let target = node
                .target
                .ok_or_else(|| EvalError::MissingTarget(node.code.clone()))?
                * d;
            let lo = range.map_or(f64::NAN, |r| r.0);
            for v in x.iter_mut() {
                *v = (*v - lo) / (target - lo);
                if cap && *v > 1.0 {
                    *v = 1.0;
                }
            }
        }
        Normalisation::DistMax => {
            let (lo, hi) = range.unwrap_or((f64::NAN, f64::NAN));
            for v in x.iter_mut() {
                *v = 1.0 - (hi - *v) / (hi - lo);
            }
            return Ok(degenerate);
        }
        Normalisation::FracMax => {
            let hi = range.map_or(f64::NAN, |r| r.1);
            for v in x.iter_mut() {
                *v /= hi;
            }
        }
        Normalisation::Rank => {
            let r = stats::rank_min(x);
            x.copy_from_slice(&r);
        }
        Normalisation::Borda => {
            let r = stats::rank_min(x);
            for (v, r) in x.iter_mut().zip(r) {
                *v = r - 1.0;
            }
        }
        Normalisation::PercentileRank => {
            let n = stats::count(x) as f64;
            let r = stats::rank_min(x);
            for (v, r) in x.iter_mut().zip(r) {
                *v = (r - 1.0) / (n - 1.0);
            }
        }
        Normalisation::Goalposts {
            lower,
            upper,
            scale,
        } => {
            // COINr get_iMeta_norm_paras(): for direction −1 the posts become (−U, −L), and
            // n_goalposts() then computes (x − p1)/(p2 − p1) on the negated values.
            let (p1, p2) = match node.goalposts {
                Some([l, u]) if d < 0.0 => (u * d, l * d),
                Some([l, u]) => (l * d, u * d),
                None => (lower, upper),
            };
            for v in x.iter_mut() {
                // NaN (missing) stays NaN through clamp.
                let y = ((*v - p1) / (p2 - p1)).clamp(0.0, 1.0);
                *v = y * scale;
            }
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(direction: f64) -> Node {
        let mut n = Node::new("x", Some("T"));
        n.direction = direction;
        n
    }

    fn run(x: &[f64], direction: f64, m: Normalisation) -> Vec<f64> {
        let mut v = x.to_vec();
        normalise_column(&mut v, &node(direction), &m).expect("normalises");
        v
    }

    // Expected values worked by hand from the formulas on x = (2, 4, 4, 10, NA).
    const X: [f64; 5] = [2.0, 4.0, 4.0, 10.0, f64::NAN];

    fn same(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g.is_nan() && w.is_nan()) || (g - w).abs() < 1e-12,
                "{got:?} vs {want:?}"
            );
        }
    }

    #[test]
    fn minmax_and_direction() {
        same(
            &run(
                &X,
                1.0,
                Normalisation::Minmax {
                    lower: 0.0,
                    upper: 100.0,
                },
            ),
            &[0.0, 25.0, 25.0, 100.0, f64::NAN],
        );
        // direction −1: values (−2, −4, −4, −10): min −10, max −2.
        same(
            &run(
                &X,
                -1.0,
                Normalisation::Minmax {
                    lower: 1.0,
                    upper: 100.0,
                },
            ),
            &[100.0, 1.0 + 99.0 * 0.75, 1.0 + 99.0 * 0.75, 1.0, f64::NAN],
        );
    }

    #[test]
    fn zscore_uses_sample_sd() {
        // mean 5, sd = sqrt((9 + 1 + 1 + 25)/3) = sqrt(12)
        let s = 12f64.sqrt();
        same(
            &run(
                &X,
                1.0,
                Normalisation::Zscore {
                    mean: 10.0,
                    sd: 2.0,
                },
            ),
            &[
                10.0 - 6.0 / s,
                10.0 - 2.0 / s,
                10.0 - 2.0 / s,
                10.0 + 10.0 / s,
                f64::NAN,
            ],
        );
    }

    #[test]
    fn ranks_borda_and_percentile_ranks() {
        same(
            &run(&X, 1.0, Normalisation::Rank),
            &[1.0, 2.0, 2.0, 4.0, f64::NAN],
        );
        same(
            &run(&X, 1.0, Normalisation::Borda),
            &[0.0, 1.0, 1.0, 3.0, f64::NAN],
        );
        same(
            &run(&X, 1.0, Normalisation::PercentileRank),
            &[0.0, 1.0 / 3.0, 1.0 / 3.0, 1.0, f64::NAN],
        );
        same(
            &run(&X, -1.0, Normalisation::Rank),
            &[4.0, 2.0, 2.0, 1.0, f64::NAN],
        );
    }

    #[test]
    fn distances_and_fractions() {
        same(
            &run(&X, 1.0, Normalisation::DistMax),
            &[0.0, 0.25, 0.25, 1.0, f64::NAN],
        );
        same(
            &run(&X, 1.0, Normalisation::FracMax),
            &[0.2, 0.4, 0.4, 1.0, f64::NAN],
        );
        let mut n = node(1.0);
        n.target = Some(6.0);
        let mut v = X.to_vec();
        normalise_column(&mut v, &n, &Normalisation::DistTarget { cap: false }).expect("target");
        same(&v, &[0.0, 0.5, 0.5, 2.0, f64::NAN]);
        let mut v = X.to_vec();
        normalise_column(&mut v, &n, &Normalisation::DistTarget { cap: true }).expect("target");
        same(&v, &[0.0, 0.5, 0.5, 1.0, f64::NAN]);
        // direction −1, target 3: values −x, min −10, target −3: (−x + 10)/7.
        n.direction = -1.0;
        n.target = Some(3.0);
        let mut v = X.to_vec();
        normalise_column(&mut v, &n, &Normalisation::DistTarget { cap: true }).expect("target");
        same(&v, &[1.0, 6.0 / 7.0, 6.0 / 7.0, 0.0, f64::NAN]);
        assert!(matches!(
            normalise_column(
                &mut X.to_vec(),
                &node(1.0),
                &Normalisation::DistTarget { cap: false }
            ),
            Err(EvalError::MissingTarget(_))
        ));
    }

    #[test]
    fn goalposts_clip_and_scale() {
        let g = Normalisation::Goalposts {
            lower: 3.0,
            upper: 8.0,
            scale: 100.0,
        };
        same(&run(&X, 1.0, g), &[0.0, 20.0, 20.0, 100.0, f64::NAN]);
        // Own posts [0, 8] with direction −1: (8 − x)/8, clipped.
        let mut n = node(-1.0);
        n.goalposts = Some([0.0, 8.0]);
        let mut v = X.to_vec();
        normalise_column(&mut v, &n, &g).expect("posts");
        same(&v, &[75.0, 50.0, 50.0, 0.0, f64::NAN]);
    }

    #[test]
    fn zero_range_gives_nan_and_a_flag() {
        let mut v = vec![3.0, 3.0, 3.0];
        let flagged = normalise_column(&mut v, &node(1.0), &Normalisation::coinr()).expect("runs");
        assert!(flagged);
        assert!(v.iter().all(|x| x.is_nan()));
    }
}
