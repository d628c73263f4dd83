//! A small, fixed pseudo-random generator (xoshiro256++ seeded with SplitMix64), written here so
//! that the demo province is identical across versions of any dependency.

/// xoshiro256++ (Blackman & Vigna 2019).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut state = seed;
        Rng {
            s: [
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
            ],
        }
    }

    /// An independent stream for one purpose and one item (e.g. the series of enterprise 4711),
    /// so that items can be generated in any order, or in parallel, with the same result.
    pub fn stream(seed: u64, purpose: u64, item: u64) -> Self {
        let mut state = seed ^ purpose.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mixed = splitmix64(&mut state) ^ item;
        Rng::new(mixed)
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[0]
            .wrapping_add(self.s[3])
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.uniform() < probability
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Pareto with minimum `scale` and tail index `alpha`: heavy-tailed firm sizes.
    pub fn pareto(&mut self, scale: f64, alpha: f64) -> f64 {
        scale * (1.0 - self.uniform()).powf(-1.0 / alpha)
    }

    /// Log-normal with the given median and log-scale spread.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Sampling by weight in O(log n): cumulative sums and a binary search.
#[derive(Debug, Clone, Default)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Weighted { cumulative }
    }

    /// An index drawn with probability proportional to its weight (`None` when all are zero).
    pub fn sample(&self, rng: &mut Rng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        if total <= 0.0 {
            return None;
        }
        let target = rng.uniform() * total;
        let index = self.cumulative.partition_point(|&c| c <= target);
        Some(index.min(self.cumulative.len() - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::stream(7, 1, 42).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::stream(7, 1, 42).next_u64(),
            Rng::stream(7, 1, 43).next_u64()
        );
        assert_ne!(
            Rng::stream(7, 1, 42).next_u64(),
            Rng::stream(7, 2, 42).next_u64()
        );
    }

    #[test]
    fn samplers_stay_in_range_and_follow_weights() {
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            assert!(rng.uniform() < 1.0);
            assert!(rng.below(7) < 7);
            assert!(rng.pareto(5.0, 1.1) >= 5.0);
        }
        let weighted = Weighted::new([0.0, 1.0, 3.0]);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[weighted.sample(&mut rng).unwrap()] += 1;
        }
        assert_eq!(counts[0], 0);
        let ratio = counts[2] as f64 / counts[1] as f64;
        assert!((ratio - 3.0).abs() < 0.2, "{ratio}");
        assert!(Weighted::new([0.0]).sample(&mut rng).is_none());
    }
}
