//! Uncertainty and sensitivity analysis of an index, COINr 1.1.14 `get_sensitivity()`.
//!
//! Each assumption is a method choice, a weight perturbation or an indicator exclusion, either
//! discrete (a uniform draw u picks alternative `⌊u·m⌋` of m: equal bins over [0, 1); COINr cuts
//! the sample's own range into m bins, which differs only for draws at the extremes) or continuous
//! (`a + u·(b − a)`). Every run is the whole pipeline; its output is the mean over units of
//! |rank − nominal rank| of the target (the index by default). Per unit: nominal, mean, median,
//! 5 % and 95 % rank over the random runs (A and B in a sensitivity analysis). Runs execute in
//! parallel with rayon; results do not depend on the number of threads.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::aggregate::Aggregation;
use crate::dataset::Dataset;
use crate::error::{EvalError, Result};
use crate::hierarchy::Hierarchy;
use crate::impute::Imputation;
use crate::normalise::Normalisation;
use crate::pipeline::{self, Methods, Variation};
use crate::sample::{self, Design, SplitMix64};
use crate::stats;
use crate::treat::Treatment;
use crate::weights::Weighting;

/// One uncertain input of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    pub name: String,
    #[serde(flatten)]
    pub kind: AssumptionKind,
}

/// What an assumption varies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AssumptionKind {
    Treatment {
        alternatives: Vec<Treatment>,
    },
    Normalisation {
        alternatives: Vec<Normalisation>,
    },
    Imputation {
        alternatives: Vec<Imputation>,
    },
    Weighting {
        alternatives: Vec<Weighting>,
    },
    Aggregation {
        alternatives: Vec<Aggregation>,
    },
    /// Sets of indicator codes to leave out (an empty set keeps them all).
    Exclusion {
        alternatives: Vec<Vec<String>>,
    },
    /// COINr `get_noisy_weights()`: `sets` weight sets, each weight of the listed levels moved by
    /// `(2u − 1)·factor·w` from the nominal weights; a run draws one set (discrete).
    WeightNoise {
        levels: Vec<LevelNoise>,
        sets: usize,
    },
    /// The weight of one node, uniform on [lower, upper] (continuous).
    Weight {
        code: String,
        lower: f64,
        upper: f64,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssumptionFile {
    assumption: Vec<Assumption>,
}

/// Parses an assumptions file: TOML with one `[[assumption]]` table per assumption, holding
/// `name`, `kind` and the kind's fields, e.g.
///
/// ```toml
/// [[assumption]]
/// name = "aggregation"
/// kind = "aggregation"
/// alternatives = [{ method = "amean" }, { method = "gmean" }]
/// ```
pub fn parse_assumptions(text: &str) -> Result<Vec<Assumption>> {
    toml::from_str::<AssumptionFile>(text)
        .map(|f| f.assumption)
        .map_err(|e| EvalError::Sensitivity(format!("assumptions file: {e}")))
}

/// Noise on the weights of one level: ± `factor` as a fraction of each weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelNoise {
    pub level: usize,
    pub factor: f64,
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub design: Design,
    /// N: random runs (uncertainty) or base sample size (sensitivity: N(d + 2) runs).
    pub n: usize,
    pub seed: u64,
    /// Code whose ranks are followed; the index when `None`.
    #[serde(default)]
    pub target: Option<String>,
    pub assumptions: Vec<Assumption>,
}

/// First-order and total sensitivity index of one assumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityIndex {
    pub name: String,
    pub first_order: f64,
    pub total: f64,
}

/// Rank statistics of one unit over the random runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankStats {
    pub unit: String,
    pub nominal: f64,
    pub mean: f64,
    pub median: f64,
    pub q05: f64,
    pub q95: f64,
}

/// The outcome of an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisResult {
    pub runs: usize,
    /// Output of each run: mean |rank − nominal rank| (`NaN` for a failed run).
    pub outputs: Vec<f64>,
    /// Runs that failed (e.g. a geometric mean meeting a zero) with the reason.
    pub failures: Vec<(usize, String)>,
    /// `V = var(yA ∪ yB)` (sensitivity only).
    pub variance: Option<f64>,
    /// Per assumption (sensitivity only).
    pub indices: Vec<SensitivityIndex>,
    pub rank_stats: Vec<RankStats>,
}

/// A parameter drawn for one assumption.
enum Draw {
    Pick(usize),
    Value(f64),
}

#[cfg(test)]
impl Draw {
    fn pick(&self) -> Option<usize> {
        match self {
            Self::Pick(i) => Some(*i),
            Self::Value(_) => None,
        }
    }
}

impl Assumption {
    fn alternatives(&self) -> Option<usize> {
        Some(match &self.kind {
            AssumptionKind::Treatment { alternatives } => alternatives.len(),
            AssumptionKind::Normalisation { alternatives } => alternatives.len(),
            AssumptionKind::Imputation { alternatives } => alternatives.len(),
            AssumptionKind::Weighting { alternatives } => alternatives.len(),
            AssumptionKind::Aggregation { alternatives } => alternatives.len(),
            AssumptionKind::Exclusion { alternatives } => alternatives.len(),
            AssumptionKind::WeightNoise { sets, .. } => *sets,
            AssumptionKind::Weight { .. } => return None,
        })
    }

    fn draw(&self, u: f64) -> Draw {
        if let AssumptionKind::Weight { lower, upper, .. } = &self.kind {
            return Draw::Value(lower + u * (upper - lower));
        }
        let m = self.alternatives().unwrap_or(1);
        Draw::Pick(((u * m as f64) as usize).min(m.saturating_sub(1)))
    }
}

/// Weight sets drawn once per analysis for a `WeightNoise` assumption: per set, per listed level
/// (in the order given), per node of that level (node order), one uniform draw. The stream is
/// SplitMix64 seeded with `seed + 1 + k` for the k-th assumption.
fn noisy_sets(
    h: &Hierarchy,
    nominal: &[f64],
    levels: &[LevelNoise],
    sets: usize,
    seed: u64,
) -> Vec<Vec<(usize, f64)>> {
    let mut rng = SplitMix64::new(seed);
    (0..sets)
        .map(|_| {
            let mut set = Vec::new();
            for l in levels {
                for node in (0..h.nodes().len()).filter(|&i| h.level(i) == l.level) {
                    let w = nominal[node];
                    let u = rng.next_f64();
                    set.push((node, w + (u * 2.0 - 1.0) * l.factor * w));
                }
            }
            set
        })
        .collect()
}

struct Prepared<'a> {
    data: &'a Dataset,
    h: &'a Hierarchy,
    nominal: &'a Methods,
    assumptions: &'a [Assumption],
    noise: Vec<Vec<Vec<(usize, f64)>>>,
    weight_nodes: Vec<Option<usize>>,
    target: usize,
    nominal_ranks: Vec<f64>,
}

impl Prepared<'_> {
    /// The methods and variation of one run.
    fn configure(&self, row: &[f64]) -> (Methods, Variation) {
        let mut m = self.nominal.clone();
        let mut v = Variation::default();
        for (k, (a, &u)) in self.assumptions.iter().zip(row).enumerate() {
            match (&a.kind, a.draw(u)) {
                (AssumptionKind::Treatment { alternatives }, Draw::Pick(i)) => {
                    m.treat = alternatives[i]
                }
                (AssumptionKind::Normalisation { alternatives }, Draw::Pick(i)) => {
                    m.normalise = alternatives[i]
                }
                (AssumptionKind::Imputation { alternatives }, Draw::Pick(i)) => {
                    m.impute = alternatives[i].clone()
                }
                (AssumptionKind::Weighting { alternatives }, Draw::Pick(i)) => {
                    m.weights = alternatives[i].clone()
                }
                (AssumptionKind::Aggregation { alternatives }, Draw::Pick(i)) => {
                    m.aggregate = alternatives[i]
                }
                (AssumptionKind::Exclusion { alternatives }, Draw::Pick(i)) => {
                    v.excluded.extend(alternatives[i].iter().cloned());
                }
                (AssumptionKind::WeightNoise { .. }, Draw::Pick(i)) => {
                    v.weights.extend(self.noise[k][i].iter().copied())
                }
                (AssumptionKind::Weight { .. }, Draw::Value(x)) => {
                    if let Some(node) = self.weight_nodes[k] {
                        v.weights.push((node, x));
                    }
                }
                _ => {}
            }
        }
        (m, v)
    }

    /// Ranks of the target in one run, or why the run failed.
    fn ranks(&self, row: &[f64]) -> std::result::Result<Vec<f64>, String> {
        let (m, v) = self.configure(row);
        let r = pipeline::run_varied(self.data, self.h, &m, &v).map_err(|e| e.to_string())?;
        Ok(stats::rank_descending(r.scores.column(self.target)))
    }

    /// COINr: `mean(abs(rank − nominal), na.rm = TRUE)`.
    fn output(&self, ranks: &[f64]) -> f64 {
        let diffs: Vec<f64> = ranks
            .iter()
            .zip(&self.nominal_ranks)
            .map(|(r, n)| (r - n).abs())
            .collect();
        stats::mean(&diffs)
    }
}

/// Runs the analysis. `on_run` is called once after each run (e.g. to move a progress bar).
pub fn analyse(
    data: &Dataset,
    h: &Hierarchy,
    nominal: &Methods,
    spec: &Analysis,
    on_run: &(dyn Fn() + Sync),
) -> Result<AnalysisResult> {
    let d = spec.assumptions.len();
    if spec.n < 2 {
        return Err(EvalError::Sensitivity(format!(
            "N must be at least 2, got {}",
            spec.n
        )));
    }
    if d == 0 || (spec.design == Design::Sensitivity && d < 2) {
        return Err(EvalError::Sensitivity(format!(
            "{d} assumption(s): an uncertainty analysis needs at least 1, a sensitivity analysis at least 2"
        )));
    }
    for a in &spec.assumptions {
        match (&a.kind, a.alternatives()) {
            (_, Some(0)) => {
                return Err(EvalError::Sensitivity(format!(
                    "`{}` has no alternatives",
                    a.name
                )));
            }
            (AssumptionKind::Weight { lower, upper, .. }, _)
                if !(lower.is_finite() && upper > lower && *lower >= 0.0) =>
            {
                return Err(EvalError::Sensitivity(format!(
                    "`{}`: need 0 ≤ lower < upper, got [{lower}, {upper}]",
                    a.name
                )));
            }
            _ => {}
        }
    }
    let nominal_run = pipeline::run(data, h, nominal)?;
    let target = match &spec.target {
        Some(code) => h
            .index_of(code)
            .ok_or_else(|| EvalError::UnknownCode(code.clone()))?,
        None => h.root(),
    };
    let mut noise = Vec::with_capacity(d);
    let mut weight_nodes = Vec::with_capacity(d);
    for (k, a) in spec.assumptions.iter().enumerate() {
        noise.push(match &a.kind {
            AssumptionKind::WeightNoise { levels, sets } => noisy_sets(
                h,
                &nominal_run.weights,
                levels,
                *sets,
                spec.seed.wrapping_add(1 + k as u64),
            ),
            _ => Vec::new(),
        });
        weight_nodes.push(match &a.kind {
            AssumptionKind::Weight { code, .. } => Some(
                h.index_of(code)
                    .ok_or_else(|| EvalError::UnknownCode(code.clone()))?,
            ),
            _ => None,
        });
    }
    let prepared = Prepared {
        data,
        h,
        nominal,
        assumptions: &spec.assumptions,
        noise,
        weight_nodes,
        target,
        nominal_ranks: stats::rank_descending(nominal_run.scores.column(target)),
    };
    let rows = sample::design(spec.design, spec.n, d, spec.seed);
    let random_runs = match spec.design {
        Design::Uncertainty => spec.n,
        Design::Sensitivity => 2 * spec.n,
    };
    let outcomes: Vec<(f64, Option<Vec<f64>>, Option<String>)> = rows
        .par_iter()
        .enumerate()
        .map(|(r, row)| {
            let out = match prepared.ranks(row) {
                Ok(ranks) => {
                    let y = prepared.output(&ranks);
                    (y, (r < random_runs).then_some(ranks), None)
                }
                Err(e) => (f64::NAN, None, Some(e)),
            };
            on_run();
            out
        })
        .collect();

    let outputs: Vec<f64> = outcomes.iter().map(|o| o.0).collect();
    let failures: Vec<(usize, String)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(r, o)| o.2.clone().map(|e| (r, e)))
        .collect();
    let units = data.units();
    let rank_stats = (0..units.len())
        .map(|i| {
            let ranks: Vec<f64> = outcomes[..random_runs]
                .iter()
                .map(|o| o.1.as_ref().map_or(f64::NAN, |r| r[i]))
                .collect();
            RankStats {
                unit: units[i].clone(),
                nominal: prepared.nominal_ranks[i],
                mean: stats::mean(&ranks),
                median: stats::median(&ranks),
                q05: stats::quantile(&ranks, 0.05),
                q95: stats::quantile(&ranks, 0.95),
            }
        })
        .collect();
    let (variance, indices) = match spec.design {
        Design::Uncertainty => (None, Vec::new()),
        Design::Sensitivity => {
            let (v, idx) = sample::estimate(&outputs, spec.n, d);
            let named = spec
                .assumptions
                .iter()
                .zip(idx)
                .map(|(a, (s, t))| SensitivityIndex {
                    name: a.name.clone(),
                    first_order: s,
                    total: t,
                })
                .collect();
            (Some(v), named)
        }
    };
    Ok(AnalysisResult {
        runs: rows.len(),
        outputs,
        failures,
        variance,
        indices,
        rank_stats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assumptions_file_parses_every_kind() {
        let text = r#"
            [[assumption]]
            name = "treatment"
            kind = "treatment"
            alternatives = [{ method = "none" }, { method = "coinr", winmax = 3 }]

            [[assumption]]
            name = "normalisation"
            kind = "normalisation"
            alternatives = [{ method = "minmax", lower = 1, upper = 100 }, { method = "zscore", mean = 10, sd = 2 }]

            [[assumption]]
            name = "weights"
            kind = "weight-noise"
            levels = [{ level = 2, factor = 0.25 }]
            sets = 50

            [[assumption]]
            name = "exclusion"
            kind = "exclusion"
            alternatives = [[], ["Flights"]]

            [[assumption]]
            name = "conn"
            kind = "weight"
            code = "Conn"
            lower = 0.5
            upper = 1.5
        "#;
        let a = parse_assumptions(text).expect("parses");
        assert_eq!(a.len(), 5);
        assert_eq!(
            a[0].kind,
            AssumptionKind::Treatment {
                alternatives: vec![
                    Treatment::None,
                    Treatment::Coinr {
                        winmax: 3,
                        skew_threshold: 2.0,
                        kurt_threshold: 3.5
                    }
                ]
            }
        );
        assert_eq!(a[1].draw(0.75).pick(), Some(1));
        assert_eq!(
            a[4].kind,
            AssumptionKind::Weight {
                code: "Conn".into(),
                lower: 0.5,
                upper: 1.5
            }
        );
        assert!(parse_assumptions("[[assumption]]\nname = \"x\"\nkind = \"colour\"\n").is_err());
    }

    #[test]
    fn discrete_draws_cut_the_unit_interval_into_equal_bins() {
        let a: Assumption = "aggregate=amean|gmean|hmean".parse().expect("parses");
        let picks: Vec<Option<usize>> = [0.0, 0.33, 0.34, 0.66, 0.67, 0.999_999]
            .iter()
            .map(|u| a.draw(*u).pick())
            .collect();
        assert_eq!(
            picks,
            vec![Some(0), Some(0), Some(1), Some(1), Some(2), Some(2)]
        );
        let w: Assumption = "weight:X=2..4".parse().expect("parses");
        assert!(matches!(w.draw(0.25), Draw::Value(v) if v == 2.5));
    }
}
