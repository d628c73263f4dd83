//! Descriptive statistics with R's semantics, which COINr inherits: missing values are `NaN` and
//! skipped, sums are accumulated with extra precision (R sums in `long double`; a compensated sum
//! gives the same rounded result in all but pathological cases), ranks use `ties.method = "min"`,
//! quantiles are R's default type 7.

/// Sum with Neumaier compensation, skipping `NaN` (R: `sum(x, na.rm = TRUE)` in `long double`).
pub(crate) fn sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut acc = Compensated::default();
    for x in values {
        if !x.is_nan() {
            acc.add(x);
        }
    }
    acc.total()
}

/// Number of non-missing values.
pub(crate) fn count(x: &[f64]) -> usize {
    x.iter().filter(|v| !v.is_nan()).count()
}

/// Mean of the non-missing values, `NaN` when there are none (R: `mean(x, na.rm = TRUE)`, which
/// refines the first estimate with a second pass over the residuals).
pub(crate) fn mean(x: &[f64]) -> f64 {
    let n = count(x);
    if n == 0 {
        return f64::NAN;
    }
    let first = sum(x.iter().copied()) / n as f64;
    if !first.is_finite() {
        return first;
    }
    first + sum(x.iter().map(|v| v - first)) / n as f64
}

/// Sample standard deviation (ddof = 1) of the non-missing values (R: `sd(x, na.rm = TRUE)`).
pub(crate) fn sd(x: &[f64]) -> f64 {
    let n = count(x);
    if n < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    (sum(x.iter().map(|v| (v - m) * (v - m))) / (n - 1) as f64).sqrt()
}

/// Sample variance (ddof = 1) of all values (R: `var(x)`); `NaN` with fewer than 2 values.
pub(crate) fn var(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    sum(x.iter().map(|v| (v - m) * (v - m))) / (x.len() - 1) as f64
}

/// Minimum and maximum of the non-missing values; `None` when all are missing.
pub(crate) fn min_max(x: &[f64]) -> Option<(f64, f64)> {
    let mut it = x.iter().copied().filter(|v| !v.is_nan());
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
}

/// Sorted copy of the non-missing values.
fn sorted(x: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Median of the non-missing values (R: `median(x, na.rm = TRUE)`).
pub(crate) fn median(x: &[f64]) -> f64 {
    let v = sorted(x);
    let n = v.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Quantile of type 7 (R's default): `(1 − h)·x[lo] + h·x[hi]` at index `1 + (n − 1)·p`.
pub(crate) fn quantile(x: &[f64], p: f64) -> f64 {
    let v = sorted(x);
    quantile_sorted(&v, p)
}

fn quantile_sorted(v: &[f64], p: f64) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let index = (n - 1) as f64 * p; // zero-based
    let lo = index.floor() as usize;
    let hi = (index.ceil() as usize).min(n - 1);
    let h = index - lo as f64;
    if h > 0.0 && v[hi] != v[lo] {
        (1.0 - h) * v[lo] + h * v[hi]
    } else {
        v[lo]
    }
}

/// Ranks with ties given the minimum rank; missing values keep `NaN` (R: `rank(x, ties.method =
/// "min", na.last = "keep")`). Ascending: the smallest value gets rank 1.
pub(crate) fn rank_min(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).filter(|&i| !x[i].is_nan()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![f64::NAN; x.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && x[order[end]] == x[order[start]] {
            end += 1;
        }
        for &i in &order[start..end] {
            ranks[i] = (start + 1) as f64;
        }
        start = end;
    }
    ranks
}

/// Ranks of scores where the highest score ranks first (COINr `rank_df`: `rank(-x, ties = "min")`).
pub fn rank_descending(scores: &[f64]) -> Vec<f64> {
    let negated: Vec<f64> = scores.iter().map(|v| -v).collect();
    rank_min(&negated)
}

/// Skewness and excess kurtosis, e1071 type 2 (COINr 1.1.14 `skew()` and `kurt()`), from one
/// mean and one pass over the deviations: `skew = √n·Σd³/(Σd²)^1.5·√(n(n−1))/(n−2)` (`NaN` with
/// fewer than 3 values), `r = nΣd⁴/(Σd²)²`, `kurt = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3))` (`NaN` with
/// fewer than 4 values).
pub(crate) fn skew_kurt(x: &[f64]) -> (f64, f64) {
    let n = count(x);
    if n < 3 {
        return (f64::NAN, f64::NAN);
    }
    let nf = n as f64;
    let m = mean(x);
    let (mut s2, mut s3, mut s4) = (
        Compensated::default(),
        Compensated::default(),
        Compensated::default(),
    );
    for v in x.iter().filter(|v| !v.is_nan()) {
        let d = v - m;
        let d2 = d * d;
        s2.add(d2);
        s3.add(d2 * d);
        s4.add(d2 * d2);
    }
    let (s2, s3, s4) = (s2.total(), s3.total(), s4.total());
    let skew = nf.sqrt() * s3 / s2.powf(1.5) * (nf * (nf - 1.0)).sqrt() / (nf - 2.0);
    if n < 4 {
        return (skew, f64::NAN);
    }
    let r = nf * s4 / (s2 * s2);
    (
        skew,
        ((nf + 1.0) * (r - 3.0) + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0)),
    )
}

/// A running Neumaier sum (the same arithmetic as [`sum`]).
#[derive(Default)]
struct Compensated {
    total: f64,
    carry: f64,
}

impl Compensated {
    fn add(&mut self, x: f64) {
        let t = self.total + x;
        if self.total.abs() >= x.abs() {
            self.carry += (self.total - t) + x;
        } else {
            self.carry += (x - t) + self.total;
        }
        self.total = t;
    }

    fn total(&self) -> f64 {
        self.total + self.carry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked by hand: mean 4, deviations (−3, −2, −1, 0, 6), Σd² = 50, Σd³ = 180, Σd⁴ = 1394;
    // skew = √5·180/50^1.5·√20/3 = 1.6970562748477141; r = 5·1394/2500 = 2.788,
    // kurt = (6·(2.788 − 3) + 6)·4/(3·2) = 3.152 (checked in plain Python, see
    // bench/evaluate/expected_values.py).
    #[test]
    fn skew_and_kurtosis_follow_e1071_type_2() {
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        let (s, k) = skew_kurt(&x);
        assert!((s - 1.697056274847714).abs() < 1e-14, "{s}");
        assert!((k - 3.152).abs() < 1e-13, "{k}");
        assert!(skew_kurt(&[1.0, 2.0]).0.is_nan());
        let (s3, k3) = skew_kurt(&[1.0, 2.0, 4.0]);
        assert!(s3.is_finite() && k3.is_nan());
    }

    #[test]
    fn ranks_give_ties_the_minimum_and_keep_missing() {
        let r = rank_min(&[3.0, 1.0, f64::NAN, 3.0, 2.0]);
        // By hand: sorted 1, 2, 3, 3 → the two 3s share rank 3.
        assert_eq!(r[0], 3.0);
        assert_eq!(r[1], 1.0);
        assert!(r[2].is_nan());
        assert_eq!(r[3], 3.0);
        assert_eq!(r[4], 2.0);
        assert_eq!(rank_descending(&[5.0, 7.0, 5.0]), vec![2.0, 1.0, 2.0]);
    }

    #[test]
    fn quantile_type_7_and_median() {
        // R: quantile(c(1, 2, 4, 8), c(0.05, 0.95)) = 1.15, 7.4; median = 3
        let x = [8.0, 1.0, 4.0, 2.0, f64::NAN];
        assert!((quantile(&x, 0.05) - 1.15).abs() < 1e-12);
        assert!((quantile(&x, 0.95) - 7.4).abs() < 1e-12);
        assert_eq!(median(&x), 3.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    }

    #[test]
    fn compensated_sum_recovers_cancelled_terms() {
        assert_eq!(sum([1e16, 1.0, -1e16]), 1.0);
        assert_eq!(mean(&[1.0, f64::NAN, 3.0]), 2.0);
        assert!((sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]) - 2.138089935299395).abs() < 1e-15);
    }
}
