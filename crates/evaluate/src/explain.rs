//! Why a unit scored what it scored: the contribution of each indicator relative to the mean unit.
//!
//! Method: a unit's effective weight on indicator j is the product, along the path from the target
//! aggregate down to j, of each node's weight renormalised over the siblings the unit has values
//! for (exactly what the arithmetic mean does with missing values). The contribution is
//! `c_ij = ew_ij · (x_ij − x̄_j)`, with x_ij the normalised value and x̄_j its mean over units.
//! Under arithmetic aggregation with complete data the contributions add up exactly to the unit's
//! score minus the mean score; under other aggregations they are a first-order attribution. A
//! positive contribution lifted the unit above the mean unit, a negative one sank it.

use serde::{Deserialize, Serialize};

use crate::error::{EvalError, Result};
use crate::grade::Grading;
use crate::hierarchy::Hierarchy;
use crate::pipeline::Results;
use crate::stats;

/// One indicator's part in a unit's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub code: String,
    /// Points of the target score gained (+) or lost (−) against the mean unit.
    pub points: f64,
    /// The unit's normalised value and the mean unit's.
    pub value: f64,
    pub mean: f64,
    pub effective_weight: f64,
}

/// A unit's score, rank, grade and the indicators behind them (largest lift first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub unit: String,
    pub score: f64,
    pub rank: f64,
    pub grade: Option<String>,
    pub contributions: Vec<Contribution>,
}

/// Effective weight of every indicator for one unit, from `target` down.
fn effective_weights(r: &Results, h: &Hierarchy, target: usize, unit: usize) -> Vec<f64> {
    let mut ew = vec![0.0; h.nodes().len()];
    ew[target] = 1.0;
    // Aggregates come after their children in node order, so walking backwards visits parents
    // before children.
    for node in (h.n_indicators()..h.nodes().len()).rev() {
        if ew[node] == 0.0 {
            continue;
        }
        let present: Vec<usize> = h
            .children(node)
            .iter()
            .copied()
            .filter(|&c| r.active[c] && !r.scores.get(unit, c).is_nan())
            .collect();
        let total = stats::sum(present.iter().map(|&c| r.weights[c]));
        if total > 0.0 {
            for c in present {
                ew[c] = ew[node] * r.weights[c] / total;
            }
        }
    }
    ew.truncate(h.n_indicators());
    ew
}

/// Contributions of every indicator for every unit to the `target` node (the index when `None`),
/// as rows of (unit, indicator) in indicator order.
pub fn contributions(
    r: &Results,
    h: &Hierarchy,
    target: Option<&str>,
) -> Result<Vec<Vec<Contribution>>> {
    let t = match target {
        Some(code) => h
            .index_of(code)
            .ok_or_else(|| EvalError::UnknownCode(code.to_owned()))?,
        None => h.root(),
    };
    let means: Vec<f64> = (0..h.n_indicators())
        .map(|j| stats::mean(r.scores.column(j)))
        .collect();
    Ok((0..r.units.len())
        .map(|i| {
            let ew = effective_weights(r, h, t, i);
            (0..h.n_indicators())
                .map(|j| {
                    let x = r.scores.get(i, j);
                    Contribution {
                        code: h.nodes()[j].code.clone(),
                        points: if ew[j] > 0.0 && !x.is_nan() {
                            ew[j] * (x - means[j])
                        } else {
                            0.0
                        },
                        value: x,
                        mean: means[j],
                        effective_weight: ew[j],
                    }
                })
                .collect()
        })
        .collect())
}

/// Score, rank, grade and sorted contributions of each unit on the index.
pub fn explain(r: &Results, h: &Hierarchy, grading: Option<&Grading>) -> Result<Vec<Explanation>> {
    let scores = r.index();
    let ranks = r.ranks();
    let bands = grading.map(|g| g.assign(scores)).transpose()?;
    let all = contributions(r, h, None)?;
    Ok(all
        .into_iter()
        .enumerate()
        .map(|(i, mut contributions)| {
            contributions.sort_by(|a, b| b.points.total_cmp(&a.points));
            let grade = match (&bands, grading) {
                (Some(b), Some(g)) => b[i].map(|k| g.bands[k].label.clone()),
                _ => None,
            };
            Explanation {
                unit: r.units[i].clone(),
                score: scores[i],
                rank: ranks[i],
                grade,
                contributions,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::pipeline::{Methods, run};
    use crate::treat::Treatment;
    use proptest::prelude::*;

    fn tree() -> Hierarchy {
        crate::hierarchy::test_tree(3.0)
    }

    #[test]
    fn effective_weights_follow_the_tree_and_missing_values() {
        // By hand: X = (a + 3b)/4 and T = (X + Y)/2, so ew = (1/8, 3/8, 1/2); a unit missing c
        // puts everything on X: ew = (1/4, 3/4, 0).
        let data = Dataset::from_rows(
            vec!["u".into(), "v".into(), "w".into()],
            vec!["a".into(), "b".into(), "c".into()],
            &[
                vec![1.0, 2.0, 3.0],
                vec![2.0, 0.0, f64::NAN],
                vec![3.0, 1.0, 1.0],
            ],
        )
        .expect("data");
        let h = tree();
        let r = run(
            &data,
            &h,
            &Methods {
                treat: Treatment::None,
                ..Methods::coinr()
            },
        )
        .expect("runs");
        let c = contributions(&r, &h, None).expect("explains");
        let ew = |i: usize| c[i].iter().map(|x| x.effective_weight).collect::<Vec<_>>();
        assert_eq!(ew(0), vec![0.125, 0.375, 0.5]);
        assert_eq!(ew(1), vec![0.25, 0.75, 0.0]);
        assert_eq!(c[1][2].points, 0.0);
    }

    proptest! {
        // With complete data and arithmetic means, contributions add up to score − mean score.
        #[test]
        fn contributions_add_up_to_the_gap_from_the_mean(values in prop::collection::vec(0.0f64..1000.0, 15)) {
            let rows: Vec<Vec<f64>> = values.chunks(3).map(<[f64]>::to_vec).collect();
            let units: Vec<String> = (0..5).map(|i| format!("u{i}")).collect();
            let data = Dataset::from_rows(units, vec!["a".into(), "b".into(), "c".into()], &rows).expect("data");
            let h = tree();
            let Ok(r) = run(&data, &h, &Methods { treat: Treatment::None, ..Methods::coinr() }) else { return Ok(()) };
            let index = r.index();
            prop_assume!(index.iter().all(|x| x.is_finite()));
            let mean = index.iter().sum::<f64>() / index.len() as f64;
            let e = explain(&r, &h, None).expect("explains");
            for (i, x) in e.iter().enumerate() {
                let total: f64 = x.contributions.iter().map(|c| c.points).sum();
                prop_assert!((total - (index[i] - mean)).abs() < 1e-9, "{total} vs {}", index[i] - mean);
            }
        }
    }
}
