//! Putting criteria with different units on one 0–1 scale before weighting them.

/// Mid-rank percentile of each value among `values`: 0 for the lowest, 1 for the highest, ties
/// share their average rank. A single value scores 1. Scale-free, so density (a share), PCI and
/// COG (standardised, different spreads) weigh what their weights say.
pub(crate) fn percentile(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 1 {
        return vec![1.0];
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; n];
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let mid_rank = (start + end - 1) as f64 / 2.0;
        for &k in &order[start..end] {
            out[k] = mid_rank / (n - 1) as f64;
        }
        start = end;
    }
    out
}

/// `ln(1 + v) / ln(1 + max v)`: the log-scaled share of the largest value. A firm ten times the
/// size of another is not ten times as attractive; zero stays zero; all zero gives zeros.
pub(crate) fn log_share(values: &[f64]) -> Vec<f64> {
    let max = values.iter().copied().fold(0.0, f64::max);
    let denom = max.ln_1p();
    values
        .iter()
        .map(|v| {
            if denom > 0.0 {
                v.max(0.0).ln_1p() / denom
            } else {
                0.0
            }
        })
        .collect()
}

/// Weighted mean of the criteria scores; the weights are validated by the caller.
pub(crate) fn weighted(scores: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    scores.iter().zip(weights).map(|(s, w)| s * w).sum::<f64>() / total
}

/// Weights must be finite, non-negative and not all zero.
pub(crate) fn check_weights(weights: &[f64]) -> Result<(), crate::RelateError> {
    let ok =
        weights.iter().all(|w| w.is_finite() && *w >= 0.0) && weights.iter().sum::<f64>() > 0.0;
    if ok {
        Ok(())
    } else {
        Err(crate::RelateError::InvalidWeights(weights.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_share_ties_and_span_zero_to_one() {
        assert_eq!(
            percentile(&[3.0, 1.0, 2.0, 2.0, 9.0]),
            [0.75, 0.0, 0.375, 0.375, 1.0]
        );
        assert_eq!(percentile(&[5.0]), [1.0]);
        let s = log_share(&[0.0, 9.0, 99.0]);
        assert_eq!(s[0], 0.0);
        assert!((s[1] - 0.5).abs() < 1e-12 && s[2] == 1.0);
        assert_eq!(log_share(&[0.0, 0.0]), [0.0, 0.0]);
        assert!(check_weights(&[0.0, 0.0]).is_err() && check_weights(&[1.0, -1.0]).is_err());
        assert!((weighted(&[1.0, 0.0], &[3.0, 1.0]) - 0.75).abs() < 1e-15);
    }
}
