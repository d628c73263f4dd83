//! Weighting: where each node's weight inside its parent comes from.
//!
//! - `meta`: the weights the framework (or COINr's iMeta) declares — explicit weights.
//! - `equal`: 1 for every node.
//! - `explicit`: a given code → weight map over the declared weights.
//! - `budget`: budget allocation (OECD/JRC Handbook 2008, §6.1.3): each expert spreads points over
//!   the children of a parent; a node's weight is the mean over experts of its share of that
//!   expert's points in its group.
//! - `pca`: COINr `get_PCA()` at the indicator level, by group: the loadings of the first
//!   principal component of the group's standardised data (complete rows only), sign fixed so
//!   that they sum to a positive number (prcomp's sign is arbitrary; the weighted mean does not
//!   depend on it). Loadings can be negative, as in COINr.
//! - `entropy` (熵权法): at the indicator level, by group, on the normalised values of each
//!   indicator rescaled to [0, 1] by min-max:
//!   `p_ij = r_ij / Σ_i r_ij`, `e_j = −(1/ln n_j) Σ_i p_ij ln p_ij` (0·ln 0 = 0, n_j = non-missing
//!   units), `d_j = 1 − e_j`, `w_j = d_j / Σ_k d_k`. Source: Zou, Yun & Sun (2006), "Entropy
//!   method for determination of weight of evaluating indicators in fuzzy synthetic evaluation
//!   for water quality assessment", J. Environmental Sciences 18(5):1020–1023, eqs. 3–6. A
//!   constant indicator carries no information (d = 0); a group where all d = 0 gets equal
//!   weights.
//!
//! PCA and entropy weight the indicators inside their level-2 groups; higher levels keep their
//! declared weights (COINr's `get_PCA(Level = 1)` default).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Matrix;
use crate::eigen;
use crate::error::{EvalError, Result};
use crate::hierarchy::Hierarchy;
use crate::stats;

/// Where the weights come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Weighting {
    Meta,
    Equal,
    Explicit { weights: BTreeMap<String, f64> },
    Budget { experts: Vec<BTreeMap<String, f64>> },
    Pca,
    Entropy,
}

/// Resolves the weight of every node (node order). `active` marks the indicators that take part
/// (the others are excluded, e.g. by a sensitivity assumption); `normalised` holds the normalised
/// indicator columns that data-driven methods read.
pub fn resolve(
    h: &Hierarchy,
    method: &Weighting,
    active: &[bool],
    normalised: &Matrix,
) -> Result<Vec<f64>> {
    let mut w = h.declared_weights();
    match method {
        Weighting::Meta => {}
        Weighting::Equal => w.iter_mut().for_each(|x| *x = 1.0),
        Weighting::Explicit { weights } => {
            for (code, value) in weights {
                let i = h
                    .index_of(code)
                    .ok_or_else(|| EvalError::UnknownCode(code.clone()))?;
                if !(value.is_finite() && *value >= 0.0) {
                    return Err(EvalError::Weight {
                        code: code.clone(),
                        value: *value,
                    });
                }
                w[i] = *value;
            }
        }
        Weighting::Budget { experts } => budget(h, experts, &mut w)?,
        Weighting::Pca | Weighting::Entropy => {
            for group in h.aggregates_at(2) {
                let members: Vec<usize> = h
                    .children(group)
                    .iter()
                    .copied()
                    .filter(|&j| active[j])
                    .collect();
                let columns: Vec<&[f64]> = members.iter().map(|&j| normalised.column(j)).collect();
                let gw = if matches!(method, Weighting::Pca) {
                    pca_weights(&columns).map_err(|reason| EvalError::Method {
                        method: "pca weights",
                        reason: format!("group `{}`: {reason}", h.nodes()[group].code),
                    })?
                } else {
                    entropy_weights(&columns)
                };
                for (j, v) in members.into_iter().zip(gw) {
                    w[j] = v;
                }
            }
        }
    }
    Ok(w)
}

fn budget(h: &Hierarchy, experts: &[BTreeMap<String, f64>], w: &mut [f64]) -> Result<()> {
    if experts.is_empty() {
        return Err(EvalError::Method {
            method: "budget allocation",
            reason: "no expert budgets".into(),
        });
    }
    for expert in experts {
        for (code, points) in expert {
            h.index_of(code)
                .ok_or_else(|| EvalError::UnknownCode(code.clone()))?;
            if !(points.is_finite() && *points >= 0.0) {
                return Err(EvalError::Weight {
                    code: code.clone(),
                    value: *points,
                });
            }
        }
    }
    for parent in h.n_indicators()..h.nodes().len() {
        let kids = h.children(parent);
        let mut shares = vec![0.0; kids.len()];
        let mut voters = 0usize;
        for expert in experts {
            let points: Vec<f64> = kids
                .iter()
                .map(|&k| expert.get(&h.nodes()[k].code).copied().unwrap_or(0.0))
                .collect();
            let total = stats::sum(points.iter().copied());
            if total > 0.0 {
                voters += 1;
                for (s, p) in shares.iter_mut().zip(&points) {
                    *s += p / total;
                }
            }
        }
        if voters > 0 {
            for (&k, s) in kids.iter().zip(shares) {
                w[k] = s / voters as f64;
            }
        }
    }
    Ok(())
}

/// First-component loadings of the standardised columns over complete rows.
pub(crate) fn pca_weights(columns: &[&[f64]]) -> std::result::Result<Vec<f64>, String> {
    let p = columns.len();
    if p == 1 {
        return Ok(vec![1.0]);
    }
    let n = columns.first().map_or(0, |c| c.len());
    let rows: Vec<usize> = (0..n)
        .filter(|&i| columns.iter().all(|c| !c[i].is_nan()))
        .collect();
    if rows.len() < 2 {
        return Err(format!(
            "{} complete rows, PCA needs at least 2",
            rows.len()
        ));
    }
    let mut z = Vec::with_capacity(p);
    for c in columns {
        let x: Vec<f64> = rows.iter().map(|&i| c[i]).collect();
        let (m, s) = (stats::mean(&x), stats::sd(&x));
        if s == 0.0 || s.is_nan() {
            return Err("a column is constant over the complete rows".into());
        }
        z.push(x.iter().map(|v| (v - m) / s).collect::<Vec<f64>>());
    }
    let denom = (rows.len() - 1) as f64;
    let mut corr = vec![0.0; p * p];
    for a in 0..p {
        for b in a..p {
            let c = stats::sum(z[a].iter().zip(&z[b]).map(|(x, y)| x * y)) / denom;
            corr[a * p + b] = c;
            corr[b * p + a] = c;
        }
    }
    let (_, mut v) = eigen::leading_eigenvector(&corr, p);
    if stats::sum(v.iter().copied()) < 0.0 {
        v.iter_mut().for_each(|x| *x = -*x);
    }
    Ok(v)
}

/// Entropy weights of the columns (see the module comment for the formula and its source).
pub(crate) fn entropy_weights(columns: &[&[f64]]) -> Vec<f64> {
    let d: Vec<f64> = columns
        .iter()
        .map(|c| {
            let Some((lo, hi)) = stats::min_max(c) else {
                return 0.0;
            };
            let n = stats::count(c);
            if hi == lo || n < 2 {
                return 0.0;
            }
            let r: Vec<f64> = c
                .iter()
                .filter(|v| !v.is_nan())
                .map(|v| (v - lo) / (hi - lo))
                .collect();
            let total = stats::sum(r.iter().copied());
            let h = stats::sum(r.iter().map(|x| {
                let p = x / total;
                if p > 0.0 { p * p.ln() } else { 0.0 }
            }));
            1.0 - (-h / (n as f64).ln())
        })
        .collect();
    let total = stats::sum(d.iter().copied());
    if total > 0.0 {
        d.iter().map(|x| x / total).collect()
    } else {
        vec![1.0; d.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Hierarchy {
        crate::hierarchy::test_tree(1.0)
    }

    #[test]
    fn equal_explicit_and_data_driven_weights_by_group() {
        let h = tree();
        let m = Matrix {
            n_rows: 3,
            data: vec![1.0, 2.0, 3.0, 5.0, 5.0, 9.0, 7.0, 1.0, 4.0],
        };
        let active = [true; 3];
        let declared = h.declared_weights();
        assert!(
            resolve(&h, &Weighting::Equal, &active, &m)
                .expect("equal")
                .iter()
                .all(|w| *w == 1.0)
        );
        let explicit = Weighting::Explicit {
            weights: BTreeMap::from([("b".to_owned(), 4.0)]),
        };
        let w = resolve(&h, &explicit, &active, &m).expect("explicit");
        assert_eq!(w[1], 4.0);
        assert_eq!(w[0], declared[0]);
        let bad = Weighting::Explicit {
            weights: BTreeMap::from([("zz".to_owned(), 1.0)]),
        };
        assert_eq!(
            resolve(&h, &bad, &active, &m),
            Err(EvalError::UnknownCode("zz".into()))
        );
        // Entropy inside group X = {a, b} equals the two-column case worked out below; c is alone
        // in Y and gets weight 1; the aggregates keep their declared weights.
        let w = resolve(&h, &Weighting::Entropy, &active, &m).expect("entropy");
        assert!(
            (w[0] - 0.2960819109658653).abs() < 1e-14 && (w[1] - 0.7039180890341347).abs() < 1e-14
        );
        assert_eq!(w[2], 1.0);
        assert_eq!(&w[3..], &declared[3..]);
        // PCA of two perfectly correlated columns: loadings (1, 1)/√2; a single column: 1.
        let m2 = Matrix {
            n_rows: 3,
            data: vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 7.0, 1.0, 4.0],
        };
        let w = resolve(&h, &Weighting::Pca, &active, &m2).expect("pca");
        assert!(
            (w[0] - 0.5f64.sqrt()).abs() < 1e-12 && (w[1] - 0.5f64.sqrt()).abs() < 1e-12,
            "{w:?}"
        );
        assert_eq!(w[2], 1.0);
    }

    #[test]
    fn budget_allocation_averages_expert_shares() {
        // Expert 1 gives a:b = 60:40 and X:Y = 50:50; expert 2 gives a:b = 20:80 (nothing on X/Y).
        // By hand: a = (0.6 + 0.2)/2 = 0.4, b = 0.6; X = Y = 0.5 (one voter); c keeps 1.
        let experts = vec![
            BTreeMap::from([
                ("a".to_owned(), 60.0),
                ("b".to_owned(), 40.0),
                ("X".to_owned(), 5.0),
                ("Y".to_owned(), 5.0),
            ]),
            BTreeMap::from([("a".to_owned(), 20.0), ("b".to_owned(), 80.0)]),
        ];
        let h = tree();
        let m = Matrix::filled(2, 3, 0.0);
        let w = resolve(&h, &Weighting::Budget { experts }, &[true; 3], &m).expect("weights");
        let get = |c: &str| w[h.index_of(c).expect("code")];
        assert!((get("a") - 0.4).abs() < 1e-15 && (get("b") - 0.6).abs() < 1e-15);
        assert_eq!((get("X"), get("Y"), get("c")), (0.5, 0.5, 1.0));
    }

    #[test]
    fn entropy_weights_match_numpy() {
        // Columns (min-max rescaled inside): a = (0, 0.5, 1) and b = (0, 0, 1).
        // bench/evaluate/expected_values.py, section `entropy`: d = (0.42061983571430506, 1).
        let a = [1.0, 2.0, 3.0];
        let b = [5.0, 5.0, 9.0];
        let w = entropy_weights(&[&a, &b]);
        assert!((w[0] - 0.2960819109658653).abs() < 1e-14, "{w:?}");
        assert!((w[1] - 0.7039180890341347).abs() < 1e-14, "{w:?}");
        // A constant column gets weight 0; all constant → equal.
        assert_eq!(entropy_weights(&[&a, &[4.0, 4.0, 4.0]]), vec![1.0, 0.0]);
        assert_eq!(entropy_weights(&[&[1.0, 1.0], &[2.0, 2.0]]), vec![1.0, 1.0]);
    }

    #[test]
    fn pca_weights_match_numpy() {
        // bench/evaluate/expected_values.py, section `pca`: first eigenvector of the correlation
        // matrix of the three columns below (row 5 has a gap and is dropped).
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let b = [2.0, 1.0, 4.0, 3.0, 6.0, f64::NAN];
        let c = [5.0, 3.0, 4.0, 1.0, 2.0, 0.0];
        let w = pca_weights(&[&a, &b, &c]).expect("pca");
        let want = [0.6550345064364537, 0.5386322093143081, -0.529910500430723];
        for (g, x) in w.iter().zip(want) {
            assert!((g - x).abs() < 1e-12, "{w:?}");
        }
        assert!(pca_weights(&[&a, &[1.0; 6]]).is_err());
    }
}
