//! Uncertainty and sensitivity analysis of a run's ranks (the engine's `analyse`), with the units
//! named: which assumptions move the ranking, and the interval each unit's rank moves in.

use evaluate::{Analysis, Dataset, Hierarchy, Methods, SensitivityIndex};
use serde::Serialize;

use crate::AnalyticsError;

/// The outcome of an analysis, named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityReport {
    pub runs: usize,
    pub failures: usize,
    /// The first failed run and why (e.g. a geometric mean meeting a zero).
    pub first_failure: Option<(usize, String)>,
    /// First-order and total indices per assumption (sensitivity design only).
    pub indices: Vec<SensitivityIndex>,
    /// Per unit, in dataset order.
    pub ranks: Vec<RankInterval>,
}

/// Where one unit's rank lies over the random runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankInterval {
    pub code: String,
    pub name: String,
    pub nominal: Option<f64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// 5 % and 95 % quantiles of the rank.
    pub q05: Option<f64>,
    pub q95: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Analyses the ranks of the tree `hierarchy` (a framework's as run, without dropped indicators:
/// `Framework::hierarchy`) on `dataset` around the nominal `methods`; `names` are the units'
/// display names in dataset order. `on_run` is called after each pipeline run (a progress bar).
pub fn sensitivity(
    hierarchy: &Hierarchy,
    dataset: &Dataset,
    names: &[String],
    methods: &Methods,
    analysis: &Analysis,
    on_run: &(dyn Fn() + Sync),
) -> Result<SensitivityReport, AnalyticsError> {
    let result = evaluate::analyse(dataset, hierarchy, methods, analysis, on_run)?;
    Ok(SensitivityReport {
        runs: result.runs,
        failures: result.failures.len(),
        first_failure: result.failures.first().cloned(),
        indices: result.indices,
        ranks: result
            .rank_stats
            .iter()
            .zip(names)
            .map(|(s, name)| RankInterval {
                code: s.unit.clone(),
                name: name.clone(),
                nominal: finite(s.nominal),
                mean: finite(s.mean),
                median: finite(s.median),
                q05: finite(s.q05),
                q95: finite(s.q95),
            })
            .collect(),
    })
}
