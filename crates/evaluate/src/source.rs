//! The arithmetic a framework's [`Source`] declares, so that a loader only finds figures and every
//! loader computes an indicator the same way: reduce one unit's reporting periods to the year
//! ([`Rollup::reduce`]), divide by the denominator and convert units ([`Source::value`]), and the
//! concentration ratio CR_k (Bain 1951: the share of the k largest firms) that chain-structure
//! indicators need ([`largest_sum`]).

use crate::framework::{Rollup, Source};
use crate::stats;

impl Rollup {
    /// The year's value of one unit from its values in the year's reporting periods, in period
    /// order (`NaN` = not reported): `annual-sum` adds them, `annual-mean` averages them,
    /// `year-end` takes the last one reported. `None` when nothing was reported, and for rollups
    /// that are not reductions of periods (`yoy-growth`, `count`, `annual`: the loader finds those
    /// whole).
    pub fn reduce(self, periods: &[f64]) -> Option<f64> {
        if stats::count(periods) == 0 {
            return None;
        }
        match self {
            Rollup::AnnualSum => Some(stats::sum(periods.iter().copied())),
            Rollup::AnnualMean => Some(stats::mean(periods)),
            Rollup::YearEnd => periods.iter().rev().copied().find(|v| !v.is_nan()),
            Rollup::YoyGrowth | Rollup::Count | Rollup::Annual => None,
        }
    }

    /// True for the rollups [`Rollup::reduce`] computes from reporting periods.
    pub fn reduces_periods(self) -> bool {
        matches!(
            self,
            Rollup::AnnualSum | Rollup::AnnualMean | Rollup::YearEnd
        )
    }
}

impl Source {
    /// True when the source divides by a denominator (`per`).
    pub fn is_ratio(&self) -> bool {
        self.per.is_some()
    }

    /// The indicator's value from its parts: `numerator × scale`, or for a ratio
    /// `numerator / denominator × scale`. `None` when a part is missing, the denominator is zero
    /// or the result is not finite.
    pub fn value(&self, numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
        let n = numerator?;
        if self.per.is_none() {
            return self.scaled(n);
        }
        let d = denominator?;
        if d == 0.0 {
            return None;
        }
        self.scaled(n / d)
    }

    /// `value × scale`, for a value that is already the ratio the source names (a loader that
    /// takes ratios of sums from the monitoring engine); `None` when not finite.
    pub fn scaled(&self, value: f64) -> Option<f64> {
        let v = value * self.scale;
        v.is_finite().then_some(v)
    }
}

/// The sum of the `k` largest values (missing ones skipped), e.g. the output of a chain's five
/// largest firms for CR5. `None` when no value is present.
pub fn largest_sum(values: &[f64], k: usize) -> Option<f64> {
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.is_empty() {
        return None;
    }
    present.sort_by(|a, b| b.total_cmp(a));
    present.truncate(k);
    Some(stats::sum(present))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NA: f64 = f64::NAN;

    fn source(per: bool, scale: f64) -> Source {
        Source {
            indicator: "tax".into(),
            rollup: Rollup::AnnualSum,
            per: per.then(|| "land_area_mu".into()),
            per_rollup: per.then_some(Rollup::YearEnd),
            scale,
            description: String::new(),
            not_in_store: None,
        }
    }

    #[test]
    fn periods_reduce_to_the_year() {
        // By hand: 1 + 2 + 4 = 7; mean 7/3; the last reported value is 4.
        let periods = [1.0, NA, 2.0, 4.0, NA];
        assert_eq!(Rollup::AnnualSum.reduce(&periods), Some(7.0));
        assert_eq!(Rollup::AnnualMean.reduce(&periods), Some(7.0 / 3.0));
        assert_eq!(Rollup::YearEnd.reduce(&periods), Some(4.0));
        assert_eq!(Rollup::AnnualSum.reduce(&[NA, NA]), None);
        assert_eq!(Rollup::YoyGrowth.reduce(&periods), None);
    }

    #[test]
    fn ratios_scale_and_refuse_zero_denominators() {
        // 300,000 yuan of tax on 20 mu in 10k yuan per mu: 300000 / 20 × 0.0001 = 1.5.
        let per_mu = source(true, 0.0001);
        assert_eq!(per_mu.value(Some(300_000.0), Some(20.0)), Some(1.5));
        assert_eq!(per_mu.value(Some(300_000.0), Some(0.0)), None);
        assert_eq!(per_mu.value(Some(300_000.0), None), None);
        assert_eq!(per_mu.value(None, Some(20.0)), None);
        // Not a ratio: the denominator is ignored.
        assert_eq!(source(false, 1e-8).value(Some(3e8), None), Some(3.0));
        assert_eq!(source(false, 100.0).scaled(f64::INFINITY), None);
    }

    #[test]
    fn the_largest_values_add_up() {
        assert_eq!(largest_sum(&[5.0, NA, 1.0, 9.0, 3.0], 2), Some(14.0));
        assert_eq!(largest_sum(&[5.0], 5), Some(5.0));
        assert_eq!(largest_sum(&[NA], 5), None);
    }
}
