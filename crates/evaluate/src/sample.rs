//! Random numbers and the run design of a sensitivity analysis.
//!
//! The generator is SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
//! generators", OOPSLA): tiny, statistically sound for Monte Carlo, and easy to reproduce
//! bit for bit elsewhere (the NumPy peer in bench/evaluate does). A uniform number is the top 53
//! bits of the output times 2⁻⁵³, in [0, 1).

/// SplitMix64 state.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Uncertainty analysis (N random runs) or sensitivity analysis (N(d + 2) runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    Uncertainty,
    Sensitivity,
}

/// The sample: one row of `d` numbers in [0, 1) per run.
///
/// Uncertainty: N rows drawn in order. Sensitivity (COINr `SA_sample()`; Saltelli et al. 2010):
/// a base of N rows × 2d columns drawn row by row, `A` its first d columns and `B` the last d;
/// runs in the order `[A; B; AB_1 … AB_d]`, where `AB_i` is `A` with column i taken from `B`.
pub fn design(design: Design, n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = SplitMix64::new(seed);
    match design {
        Design::Uncertainty => (0..n)
            .map(|_| (0..d).map(|_| rng.next_f64()).collect())
            .collect(),
        Design::Sensitivity => {
            let base: Vec<Vec<f64>> = (0..n)
                .map(|_| (0..2 * d).map(|_| rng.next_f64()).collect())
                .collect();
            let a: Vec<Vec<f64>> = base.iter().map(|r| r[..d].to_vec()).collect();
            let b: Vec<Vec<f64>> = base.iter().map(|r| r[d..].to_vec()).collect();
            let mut runs = a.clone();
            runs.extend(b.iter().cloned());
            for i in 0..d {
                runs.extend(a.iter().zip(&b).map(|(ra, rb)| {
                    let mut row = ra.clone();
                    row[i] = rb[i];
                    row
                }));
            }
            runs
        }
    }
}

/// First-order and total sensitivity indices from outputs in the `[A; B; AB_1 … AB_d]` order
/// (COINr `SA_estimate()`): `V = var(yA ∪ yB)` (ddof 1), `S_i = mean(yB·(yAB_i − yA))/V`
/// (Saltelli et al. 2010, Table 2 (b)), `ST_i = Σ(yA − yAB_i)²/(2N·V)` (Jansen 1999).
/// Returns `(V, [(S_i, ST_i)])`; `NaN`s in `y` give `NaN` indices, as in R.
pub fn estimate(y: &[f64], n: usize, d: usize) -> (f64, Vec<(f64, f64)>) {
    let ya = &y[..n];
    let yb = &y[n..2 * n];
    let v = crate::stats::var(&y[..2 * n]);
    let nan_if_any = |s: f64, xs: &[f64]| {
        if xs.iter().any(|x| x.is_nan()) {
            f64::NAN
        } else {
            s
        }
    };
    let indices = (0..d)
        .map(|i| {
            let yab = &y[(2 + i) * n..(3 + i) * n];
            let all = [ya, yb, yab].concat();
            let si = crate::stats::sum(yb.iter().zip(yab).zip(ya).map(|((b, ab), a)| b * (ab - a)))
                / n as f64
                / v;
            let st = crate::stats::sum(ya.iter().zip(yab).map(|(a, ab)| (a - ab).powi(2)))
                / (2.0 * n as f64 * v);
            (nan_if_any(si, &all), nan_if_any(st, &all))
        })
        .collect();
    (v, indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
        let u = SplitMix64::new(7).next_f64();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn sensitivity_design_follows_a_b_ab_order() {
        let runs = design(Design::Sensitivity, 3, 2, 1);
        assert_eq!(runs.len(), 3 * 4);
        let (a, b) = (&runs[..3], &runs[3..6]);
        for k in 0..3 {
            assert_eq!(runs[6 + k], vec![b[k][0], a[k][1]]);
            assert_eq!(runs[9 + k], vec![a[k][0], b[k][1]]);
        }
        assert_eq!(design(Design::Uncertainty, 4, 3, 1).len(), 4);
    }
}
