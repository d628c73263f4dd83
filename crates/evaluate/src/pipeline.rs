//! The whole pipeline, in COINr's order for its example index: impute (raw values) → treat
//! outliers (raw values) → normalise (after multiplying by direction) → weight → aggregate level
//! by level up to the index.

use serde::{Deserialize, Serialize};

use crate::aggregate::{self, Aggregation};
use crate::dataset::{Dataset, Matrix};
use crate::error::{EvalError, Result};
use crate::hierarchy::Hierarchy;
use crate::impute::{self, Imputation};
use crate::normalise::{self, Normalisation};
use crate::stats;
use crate::treat::{self, Treatment, TreatmentOutcome};
use crate::weights::{self, Weighting};

/// The method of each step: the parameters of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methods {
    #[serde(default = "no_imputation")]
    pub impute: Imputation,
    pub treat: Treatment,
    pub normalise: Normalisation,
    pub weights: Weighting,
    pub aggregate: Aggregation,
}

fn no_imputation() -> Imputation {
    Imputation::None
}

impl Methods {
    /// COINr's defaults: no imputation, `Treat()` defaults, min-max onto [0, 100], the declared
    /// weights, arithmetic mean — the settings behind `coinr_aggregated.csv`.
    pub fn coinr() -> Self {
        Self {
            impute: Imputation::None,
            treat: Treatment::coinr(),
            normalise: Normalisation::coinr(),
            weights: Weighting::Meta,
            aggregate: Aggregation::Amean,
        }
    }
}

/// Changes a sensitivity run makes on top of the methods: indicators left out, weights edited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variation {
    /// Indicator codes to leave out.
    pub excluded: Vec<String>,
    /// (node index, new weight) applied after the weighting method.
    pub weights: Vec<(usize, f64)>,
}

/// A pipeline stage that can be written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Raw values after imputation.
    Imputed,
    /// After outlier treatment (raw units, no direction).
    Treated,
    /// Normalised indicators.
    Normalised,
    /// Normalised indicators and every aggregate up to the index.
    Aggregated,
}

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub units: Vec<String>,
    /// Node codes in node order: indicators, then aggregates level by level.
    pub codes: Vec<String>,
    pub n_indicators: usize,
    /// Raw indicator values after imputation.
    pub imputed: Matrix,
    /// Indicator values after outlier treatment.
    pub treated: Matrix,
    /// Normalised indicators, then aggregate scores (one column per node).
    pub scores: Matrix,
    /// Weight of each node inside its parent, as used.
    pub weights: Vec<f64>,
    /// Which indicators took part (false: excluded by a variation).
    pub active: Vec<bool>,
    /// What treatment did to each indicator.
    pub treatment: Vec<TreatmentOutcome>,
    /// Soft problems (COINr warnings): zero ranges, untreatable columns, imputations.
    pub warnings: Vec<String>,
}

impl Results {
    /// Codes and values (column-major, one column per code) of a stage.
    pub fn stage(&self, stage: Stage) -> (&[String], &[f64]) {
        let ind = &self.codes[..self.n_indicators];
        let first = self.units.len() * self.n_indicators;
        match stage {
            Stage::Imputed => (ind, &self.imputed.data),
            Stage::Treated => (ind, &self.treated.data),
            Stage::Normalised => (ind, &self.scores.data[..first]),
            Stage::Aggregated => (&self.codes, &self.scores.data),
        }
    }

    /// Scores of a node by code (normalised value for an indicator).
    pub fn column(&self, code: &str) -> Option<&[f64]> {
        self.codes
            .iter()
            .position(|c| c == code)
            .map(|j| self.scores.column(j))
    }

    /// The index: the top aggregate's scores.
    pub fn index(&self) -> &[f64] {
        self.scores.column(self.codes.len() - 1)
    }

    /// Ranks of the index, highest score first, ties = min, missing stay `NaN`.
    pub fn ranks(&self) -> Vec<f64> {
        stats::rank_descending(self.index())
    }
}

/// Runs the pipeline on `data` for the tree `h`.
pub fn run(data: &Dataset, h: &Hierarchy, methods: &Methods) -> Result<Results> {
    run_varied(data, h, methods, &Variation::default())
}

/// Runs the pipeline with a sensitivity variation applied.
pub fn run_varied(
    data: &Dataset,
    h: &Hierarchy,
    methods: &Methods,
    variation: &Variation,
) -> Result<Results> {
    let n = data.n_units();
    let p = h.n_indicators();
    let mut warnings = Vec::new();
    let mut active = vec![true; h.nodes().len()];
    for code in &variation.excluded {
        match h.index_of(code) {
            Some(j) if j < p => active[j] = false,
            _ => return Err(EvalError::UnknownCode(code.clone())),
        }
    }
    let columns: Vec<usize> = h
        .indicators()
        .iter()
        .map(|node| {
            data.indicator_index(&node.code)
                .ok_or_else(|| EvalError::MissingIndicator(node.code.clone()))
        })
        .collect::<Result<_>>()?;
    let labels = match methods.impute.group() {
        Some(g) => Some(data.group(g)?),
        None => None,
    };

    let mut imputed = Matrix::filled(n, p, f64::NAN);
    let mut treated = Matrix::filled(n, p, f64::NAN);
    let mut scores = Matrix::filled(n, h.nodes().len(), f64::NAN);
    let mut treatment = vec![TreatmentOutcome::Passed; p];
    for (j, &source) in columns.iter().enumerate() {
        if !active[j] {
            continue;
        }
        let code = &h.nodes()[j].code;
        let x = imputed.column_mut(j);
        x.copy_from_slice(data.column(source));
        let filled = impute::impute_column(x, &methods.impute, labels);
        if filled > 0 {
            warnings.push(format!("{code}: imputed {filled} value(s)"));
        }
        let t = treated.column_mut(j);
        t.copy_from_slice(imputed.column(j));
        treatment[j] = treat::treat_column(t, &methods.treat);
        if treatment[j] == TreatmentOutcome::Untreatable {
            warnings.push(format!(
                "{code}: could not be treated (too few or constant values), left as is"
            ));
        }
        let s = scores.column_mut(j);
        s.copy_from_slice(treated.column(j));
        if normalise::normalise_column(s, &h.nodes()[j], &methods.normalise)? {
            warnings.push(format!("{code}: zero range, normalised values are missing"));
        }
    }

    let mut w = weights::resolve(h, &methods.weights, &active, &scores)?;
    for &(node, value) in &variation.weights {
        w[node] = value;
    }

    for level in 2..=h.max_level() {
        for agg in h.aggregates_at(level) {
            let kids: Vec<usize> = h
                .children(agg)
                .iter()
                .copied()
                .filter(|&k| active[k])
                .collect();
            if kids.is_empty() {
                active[agg] = false;
                continue;
            }
            let cols: Vec<&[f64]> = kids.iter().map(|&k| scores.column(k)).collect();
            let kw: Vec<f64> = kids.iter().map(|&k| w[k]).collect();
            let mut out = vec![0.0; n];
            aggregate::aggregate(&cols, &kw, methods.aggregate, &mut out).map_err(|reason| {
                EvalError::Aggregation {
                    code: h.nodes()[agg].code.clone(),
                    reason,
                }
            })?;
            scores.column_mut(agg).copy_from_slice(&out);
        }
    }
    if !active[h.root()] {
        return Err(EvalError::Aggregation {
            code: h.nodes()[h.root()].code.clone(),
            reason: "every indicator is excluded".into(),
        });
    }

    Ok(Results {
        units: data.units().to_vec(),
        codes: h.nodes().iter().map(|n| n.code.clone()).collect(),
        n_indicators: p,
        imputed,
        treated,
        scores,
        weights: w,
        active,
        treatment,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::Node;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn small() -> (Dataset, Hierarchy) {
        let data = Dataset::from_rows(
            codes(&["u1", "u2", "u3"]),
            codes(&["a", "b", "c"]),
            &[
                vec![1.0, 10.0, 5.0],
                vec![2.0, 30.0, f64::NAN],
                vec![4.0, 20.0, 1.0],
            ],
        )
        .expect("data");
        let mut c = Node::new("c", Some("Y"));
        c.direction = -1.0;
        let h = Hierarchy::new(
            vec![Node::new("a", Some("X")), Node::new("b", Some("X")), c],
            vec![
                Node::new("T", None),
                Node::new("X", Some("T")),
                Node::new("Y", Some("T")),
            ],
        )
        .expect("tree");
        (data, h)
    }

    #[test]
    fn a_small_index_by_hand() {
        // min-max [0, 100]: a → (0, 100/3, 100), b → (0, 100, 50), c (direction −1) → (0, NA, 100).
        // X = mean(a, b) = (0, 200/3, 75); Y = c; T = mean(X, Y) = (0, 200/3 (Y missing), 87.5).
        let (data, h) = small();
        let methods = Methods {
            treat: Treatment::None,
            ..Methods::coinr()
        };
        let r = run(&data, &h, &methods).expect("runs");
        let t = r.index();
        assert_eq!(t[0], 0.0);
        assert!((t[1] - 200.0 / 3.0).abs() < 1e-12);
        assert_eq!(t[2], 87.5);
        assert_eq!(r.ranks(), vec![3.0, 2.0, 1.0]);
        assert_eq!(r.column("Y").map(|y| y[2]), Some(100.0));
    }

    #[test]
    fn excluding_an_indicator_reweights_its_siblings() {
        let (data, h) = small();
        let methods = Methods {
            treat: Treatment::None,
            ..Methods::coinr()
        };
        let v = Variation {
            excluded: vec!["b".into()],
            weights: vec![],
        };
        let r = run_varied(&data, &h, &methods, &v).expect("runs");
        // X = a alone = (0, 100/3, 100); T = (0, 100/3, 100).
        assert!((r.index()[1] - 100.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.index()[2], 100.0);
        assert!(!r.active[1]);
        let all = Variation {
            excluded: codes(&["a", "b", "c"]),
            weights: vec![],
        };
        assert!(matches!(
            run_varied(&data, &h, &methods, &all),
            Err(EvalError::Aggregation { .. })
        ));
    }

    #[test]
    fn a_missing_indicator_column_is_an_error() {
        let (_, h) = small();
        let data = Dataset::from_rows(codes(&["u1"]), codes(&["a", "b"]), &[vec![1.0, 2.0]])
            .expect("data");
        assert_eq!(
            run(&data, &h, &Methods::coinr()),
            Err(EvalError::MissingIndicator("c".into()))
        );
    }
}
