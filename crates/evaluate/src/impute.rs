//! Imputation of missing values, COINr 1.1.14 `i_mean`, `i_median`, `i_mean_grp`,
//! `i_median_grp`: a missing value takes the mean or median of its indicator, over all units or
//! over the units of its group (e.g. the same region level or industry). Units without a group
//! label, and groups with no value at all, stay missing.

use serde::{Deserialize, Serialize};

use crate::stats;

/// How to fill missing values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Imputation {
    /// Leave missing values missing (aggregation then renormalises weights over what is there).
    None,
    Mean,
    Median,
    /// Mean of the unit's group in the named group column.
    GroupMean {
        group: String,
    },
    /// Median of the unit's group in the named group column.
    GroupMedian {
        group: String,
    },
}

impl Imputation {
    /// The group column this method needs, if any.
    pub fn group(&self) -> Option<&str> {
        match self {
            Self::GroupMean { group } | Self::GroupMedian { group } => Some(group),
            _ => None,
        }
    }
}

/// Fills the missing values of one column in place; `labels` are the group labels when the
/// method is a group method. Returns how many values were filled.
pub fn impute_column(
    x: &mut [f64],
    method: &Imputation,
    labels: Option<&[Option<String>]>,
) -> usize {
    let centre: fn(&[f64]) -> f64 = match method {
        Imputation::None => return 0,
        Imputation::Mean | Imputation::GroupMean { .. } => stats::mean,
        Imputation::Median | Imputation::GroupMedian { .. } => stats::median,
    };
    let before = stats::count(x);
    match labels {
        Some(labels) if method.group().is_some() => {
            let mut seen: Vec<&str> = Vec::new();
            for l in labels.iter().flatten() {
                if !seen.contains(&l.as_str()) {
                    seen.push(l);
                }
            }
            for g in seen {
                let members: Vec<usize> = (0..x.len())
                    .filter(|&i| labels[i].as_deref() == Some(g))
                    .collect();
                let values: Vec<f64> = members.iter().map(|&i| x[i]).collect();
                let c = centre(&values);
                for &i in &members {
                    if x[i].is_nan() {
                        x[i] = c;
                    }
                }
            }
        }
        _ => {
            let c = centre(x);
            for v in x.iter_mut() {
                if v.is_nan() {
                    *v = c;
                }
            }
        }
    }
    stats::count(x) - before
}

#[cfg(test)]
mod tests {
    use super::*;

    const NA: f64 = f64::NAN;

    #[test]
    fn mean_and_median_fill_the_gaps() {
        // Worked by hand: mean of (1, 2, 6) = 3, median = 2.
        let mut x = vec![1.0, NA, 2.0, 6.0];
        assert_eq!(impute_column(&mut x, &Imputation::Mean, None), 1);
        assert_eq!(x, vec![1.0, 3.0, 2.0, 6.0]);
        let mut x = vec![1.0, NA, 2.0, 6.0];
        impute_column(&mut x, &Imputation::Median, None);
        assert_eq!(x, vec![1.0, 2.0, 2.0, 6.0]);
    }

    #[test]
    fn group_methods_use_the_units_group_and_skip_unlabelled_units() {
        let labels: Vec<Option<String>> = ["a", "a", "a", "b", "b", "b"]
            .iter()
            .map(|s| Some((*s).to_owned()))
            .chain([None])
            .collect();
        let x0 = vec![1.0, 5.0, NA, 10.0, NA, 30.0, NA];
        let mut x = x0.clone();
        let filled = impute_column(
            &mut x,
            &Imputation::GroupMean { group: "g".into() },
            Some(&labels),
        );
        // group a: mean(1, 5) = 3; group b: mean(10, 30) = 20; the unlabelled unit stays missing.
        assert_eq!(filled, 2);
        assert_eq!(&x[..6], &[1.0, 5.0, 3.0, 10.0, 20.0, 30.0]);
        assert!(x[6].is_nan());
        let labels: Vec<Option<String>> = ["a", "a", "a", "a", "b", "b"]
            .iter()
            .map(|s| Some((*s).to_owned()))
            .collect();
        let mut x = vec![1.0, 2.0, 9.0, NA, NA, NA];
        impute_column(
            &mut x,
            &Imputation::GroupMedian { group: "g".into() },
            Some(&labels),
        );
        // group a: median(1, 2, 9) = 2 (the mean would be 4); group b has no value: stays missing.
        assert_eq!(&x[..4], &[1.0, 2.0, 9.0, 2.0]);
        assert!(x[4..].iter().all(|v| v.is_nan()));
    }
}
