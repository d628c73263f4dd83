//! Running a loaded framework and naming its results: for every unit its score, rank, grade,
//! dimension scores, the indicators it has no value for, and which indicators lifted or sank it.

use evaluate::{Evaluation, Framework, Methods};
use serde::{Deserialize, Serialize};

use super::EvaluationError;
use super::load::{EvaluationInput, UnitNotEvaluated};
use crate::AnalyticsError;

/// A run of a framework on stored data, with everything it was computed from.
#[derive(Debug, Clone)]
pub struct EvaluationRun {
    pub input: EvaluationInput,
    /// The framework as run: the given one without its dropped indicators.
    pub effective: Framework,
    pub methods: Methods,
    /// The engine's results, explanations and run record.
    pub evaluation: Evaluation,
    pub report: EvaluationReport,
}

/// A run's results as every front end shows them (and as they are stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationReport {
    pub framework_id: String,
    pub framework_version: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_kind: String,
    pub year: u16,
    /// First and last reporting period of the year the data covers (`YYYY-MM`).
    pub periods: [String; 2],
    pub engine: String,
    /// Every indicator of the framework, dropped ones included.
    pub indicators: Vec<IndicatorReport>,
    /// Units per grade, best grade first (empty when the framework has no grades).
    pub grades: Vec<GradeCount>,
    /// Units without a score (no value for any indicator).
    pub unscored: usize,
    /// Units left out for lack of a required indicator.
    pub not_evaluated: Vec<UnitNotEvaluated>,
    /// Best first; unscored units last.
    pub units: Vec<UnitResult>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReport {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub parent: String,
    pub direction: i8,
    /// Declared weight within its parent.
    pub weight: f64,
    /// Where the values come from.
    pub source: String,
    /// Why the indicator was left out of the run; `None` when it took part.
    pub dropped: Option<String>,
    /// Mean normalised value over the units (what contributions are measured against).
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeCount {
    pub label: String,
    pub label_en: Option<String>,
    pub units: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    pub code: String,
    pub name: String,
    pub score: Option<f64>,
    /// 1 = best; ties share the better rank.
    pub rank: Option<f64>,
    pub grade: Option<String>,
    pub grade_en: Option<String>,
    /// Indicators of the run the unit has no value for.
    pub missing: Vec<String>,
    /// Of those, the ones the framework's imputation filled.
    pub imputed: Vec<String>,
    /// Scores of the dimensions and the index.
    pub aggregates: Vec<NodeScore>,
    /// Largest lift first: the points each indicator added to (or took from) the unit's score
    /// against the mean unit (`evaluate::explain`).
    pub contributions: Vec<UnitContribution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeScore {
    pub code: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitContribution {
    pub code: String,
    /// Points of the score gained (+) or lost (−) against the mean unit.
    pub points: f64,
    /// The unit's value as found in the store (framework units), and normalised.
    pub raw: Option<f64>,
    pub normalised: Option<f64>,
    /// The indicator's share of the unit's score (weights renormalised over what it has).
    pub effective_weight: f64,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Runs `input` with the framework's methods, or `methods` when an analyst overrides them.
pub fn run(
    input: EvaluationInput,
    methods: Option<&Methods>,
) -> Result<EvaluationRun, AnalyticsError> {
    let fw = &input.framework;
    let dropped: Vec<String> = input.dropped.iter().map(|d| d.code.clone()).collect();
    if dropped.len() == fw.indicators.len() {
        return Err(EvaluationError::NothingToScore {
            framework: fw.id.clone(),
            year: input.year,
            reasons: input
                .dropped
                .iter()
                .map(|d| format!("{} ({})", d.code, d.reason))
                .collect::<Vec<_>>()
                .join("; "),
        }
        .into());
    }
    let effective = fw.without(&dropped)?;
    let methods = methods.unwrap_or(&effective.methods).clone();
    let evaluation = evaluate::run_framework(&effective, &input.dataset, &methods)?;
    let report = report(&input, &effective, &evaluation);
    Ok(EvaluationRun {
        input,
        effective,
        methods,
        evaluation,
        report,
    })
}

fn report(input: &EvaluationInput, effective: &Framework, ev: &Evaluation) -> EvaluationReport {
    let fw = &input.framework;
    let r = &ev.results;
    let data = &input.dataset;
    let means: Vec<(String, Option<f64>)> = ev
        .explanations
        .first()
        .map(|e| {
            e.contributions
                .iter()
                .map(|c| (c.code.clone(), finite(c.mean)))
                .collect()
        })
        .unwrap_or_default();
    let indicators = fw
        .indicators
        .iter()
        .map(|i| IndicatorReport {
            code: i.code.clone(),
            name_zh: i.name_zh.clone(),
            name_en: i.name_en.clone(),
            unit: i.unit.clone(),
            parent: i.parent.clone(),
            direction: i.direction,
            weight: i.weight,
            source: i.source.description.clone(),
            dropped: input
                .dropped
                .iter()
                .find(|d| d.code == i.code)
                .map(|d| d.reason.clone()),
            mean: means.iter().find(|(c, _)| *c == i.code).and_then(|m| m.1),
        })
        .collect();

    let grading = effective.grades.as_ref();
    let label_en = |label: &str| {
        grading
            .and_then(|g| g.bands.iter().find(|b| b.label == label))
            .and_then(|b| b.label_en.clone())
    };
    let n_ind = r.n_indicators;
    let mut units: Vec<UnitResult> = ev
        .explanations
        .iter()
        .enumerate()
        .map(|(u, e)| {
            let raw = |code: &str| {
                data.indicator_index(code)
                    .and_then(|j| finite(data.column(j)[u]))
            };
            let missing: Vec<String> = r.codes[..n_ind]
                .iter()
                .filter(|c| raw(c).is_none())
                .cloned()
                .collect();
            let imputed = missing
                .iter()
                .filter(|c| {
                    r.codes
                        .iter()
                        .position(|x| x == *c)
                        .is_some_and(|j| finite(r.imputed.get(u, j)).is_some())
                })
                .cloned()
                .collect();
            UnitResult {
                code: e.unit.clone(),
                name: input.names[u].clone(),
                score: finite(e.score),
                rank: finite(e.rank),
                grade_en: e.grade.as_deref().and_then(label_en),
                grade: e.grade.clone(),
                missing,
                imputed,
                aggregates: (n_ind..r.codes.len())
                    .map(|j| NodeScore {
                        code: r.codes[j].clone(),
                        score: finite(r.scores.get(u, j)),
                    })
                    .collect(),
                contributions: e
                    .contributions
                    .iter()
                    .map(|c| UnitContribution {
                        code: c.code.clone(),
                        // The engine gives 0 for an indicator a unit has no value for.
                        points: finite(c.points).unwrap_or(0.0),
                        raw: raw(&c.code),
                        normalised: finite(c.value),
                        effective_weight: c.effective_weight,
                    })
                    .collect(),
            }
        })
        .collect();
    units.sort_by(|a, b| {
        let key = |u: &UnitResult| u.rank.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then_with(|| a.code.cmp(&b.code))
    });
    let grades = grading
        .map(|g| {
            g.bands
                .iter()
                .map(|b| GradeCount {
                    label: b.label.clone(),
                    label_en: b.label_en.clone(),
                    units: units
                        .iter()
                        .filter(|u| u.grade.as_deref() == Some(b.label.as_str()))
                        .count(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut warnings = input.warnings.clone();
    warnings.extend(r.warnings.iter().cloned());
    EvaluationReport {
        framework_id: fw.id.clone(),
        framework_version: fw.version.clone(),
        name_zh: fw.name_zh.clone(),
        name_en: fw.name_en.clone(),
        unit_kind: fw.unit_kind.clone(),
        year: input.year,
        periods: [input.periods.0.to_string(), input.periods.1.to_string()],
        engine: ev.record.engine.clone(),
        indicators,
        grades,
        unscored: units.iter().filter(|u| u.score.is_none()).count(),
        not_evaluated: input.not_evaluated.clone(),
        units,
        warnings,
    }
}
