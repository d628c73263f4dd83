//! Graded warnings (四色预警): rules stored as data (`rules/warnings.csv`), evaluated for
//! enterprises and for the groups of any rollup (nodes, chains, regions …).
//!
//! A rule fires for a subject when its condition holds in `periods` consecutive periods ending
//! with the evaluated one. Each warning carries the rule, the periods and the figures that made it
//! fire, and explains itself in Chinese and English. A subject's grade is the highest colour that
//! fired, green (绿色) when none did.

use model::Period;
use rayon::prelude::*;

use crate::table::read_rows;
use crate::{Figures, Measure, Monitor, MonitorError, Rollup, standard};

/// Warning colours, in increasing severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Colour {
    /// 绿色: no rule fires.
    Green,
    Blue,
    Orange,
    Red,
}

impl Colour {
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Orange => "orange",
            Colour::Red => "red",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Colour::Green => "绿色",
            Colour::Blue => "蓝色",
            Colour::Orange => "橙色",
            Colour::Red => "红色",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Colour::Green, Colour::Blue, Colour::Orange, Colour::Red]
            .into_iter()
            .find(|c| c.as_str() == text || c.label_zh() == text)
    }
}

/// Which figure a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleMeasure {
    Month,
    MonthYoy,
    Ytd,
    YtdYoy,
    Mom,
    /// No report in the period (enterprises only).
    NotReported,
}

impl RuleMeasure {
    const ALL: [(RuleMeasure, &'static str, &'static str, &'static str); 6] = [
        (RuleMeasure::Month, "month", "当月值", "month value"),
        (RuleMeasure::MonthYoy, "month_yoy", "当月同比", "month y/y"),
        (RuleMeasure::Ytd, "ytd", "累计值", "year-to-date value"),
        (
            RuleMeasure::YtdYoy,
            "ytd_yoy",
            "累计同比",
            "year-to-date y/y",
        ),
        (RuleMeasure::Mom, "mom", "环比", "month on month"),
        (
            RuleMeasure::NotReported,
            "not_reported",
            "未报",
            "not reported",
        ),
    ];

    fn names(self) -> (&'static str, &'static str, &'static str) {
        let (_, code, zh, en) = RuleMeasure::ALL
            .into_iter()
            .find(|(m, ..)| *m == self)
            .unwrap_or(RuleMeasure::ALL[0]);
        (code, zh, en)
    }

    fn is_growth(self) -> bool {
        matches!(
            self,
            RuleMeasure::MonthYoy | RuleMeasure::YtdYoy | RuleMeasure::Mom
        )
    }

    fn pick(self, f: &Figures) -> Option<f64> {
        match self {
            RuleMeasure::Month => f.month,
            RuleMeasure::MonthYoy => f.month_yoy,
            RuleMeasure::Ytd => f.ytd,
            RuleMeasure::YtdYoy => f.ytd_yoy,
            RuleMeasure::Mom => f.mom,
            RuleMeasure::NotReported => None,
        }
    }
}

/// `<`, `<=`, `>`, `>=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    const ALL: [(Comparison, &'static str); 4] = [
        (Comparison::Less, "<"),
        (Comparison::LessOrEqual, "<="),
        (Comparison::Greater, ">"),
        (Comparison::GreaterOrEqual, ">="),
    ];

    fn symbol(self) -> &'static str {
        Comparison::ALL
            .into_iter()
            .find(|(c, _)| *c == self)
            .map_or("<", |(_, s)| s)
    }

    fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Less => value < threshold,
            Comparison::LessOrEqual => value <= threshold,
            Comparison::Greater => value > threshold,
            Comparison::GreaterOrEqual => value >= threshold,
        }
    }
}

/// One warning rule (a line of `rules/warnings.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct WarningRule {
    pub id: String,
    pub colour: Colour,
    /// `enterprise`, a dimension code, or `total` for a rollup without dimensions.
    pub scopes: Vec<String>,
    pub indicator: String,
    pub measure: RuleMeasure,
    /// `None` for [`RuleMeasure::NotReported`].
    pub comparison: Option<Comparison>,
    /// Growth thresholds are fractions (−0.2 = −20 %).
    pub threshold: f64,
    pub periods: usize,
    pub title_zh: String,
    pub title_en: String,
}

/// The shipped rules, `rules/warnings.csv`.
pub const BUILTIN_WARNING_RULES: &str = include_str!("../rules/warnings.csv");

/// A set of warning rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WarningRules {
    pub rules: Vec<WarningRule>,
}

impl WarningRules {
    /// The rules shipped in `rules/warnings.csv`.
    pub fn builtin() -> Result<Self, MonitorError> {
        WarningRules::parse(BUILTIN_WARNING_RULES, "rules/warnings.csv")
    }

    /// Parses a rule table (the format is described at the top of `rules/warnings.csv`); `file`
    /// names the source in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, MonitorError> {
        let mut ids: Vec<String> = Vec::new();
        let rules = read_rows(text, file, 10, |row| {
            let f = |i: usize| row.get(i);
            let bad = |message: String| row.error(message);
            let colour = Colour::parse(f(1))
                .filter(|c| *c != Colour::Green)
                .ok_or_else(|| bad(format!("colour {:?} is not blue, orange or red", f(1))))?;
            let measure = RuleMeasure::ALL
                .into_iter()
                .find(|(_, code, ..)| *code == f(4))
                .map(|(m, ..)| m)
                .ok_or_else(|| bad(format!("measure {:?} is not one of month, month_yoy, ytd, ytd_yoy, mom, not_reported", f(4))))?;
            let scopes: Vec<String> = f(2).split('|').map(|s| s.trim().to_owned()).collect();
            for scope in &scopes {
                let known =
                    scope == "total" || standard::DIMENSIONS.iter().any(|(code, ..)| code == scope);
                if !known {
                    return Err(bad(format!(
                        "scope {scope:?} is not enterprise, total or a dimension code"
                    )));
                }
            }
            let periods: usize = f(7)
                .parse()
                .ok()
                .filter(|&p| p >= 1)
                .ok_or_else(|| bad(format!("periods {:?} must be a whole number ≥ 1", f(7))))?;
            let (comparison, threshold) = if measure == RuleMeasure::NotReported {
                if scopes.iter().any(|s| s != standard::ENTERPRISE) {
                    return Err(bad("not_reported applies to enterprises only".to_owned()));
                }
                (None, 0.0)
            } else {
                let comparison = Comparison::ALL
                    .into_iter()
                    .find(|(_, s)| *s == f(5))
                    .map(|(c, _)| c)
                    .ok_or_else(|| bad(format!("op {:?} is not <, <=, > or >=", f(5))))?;
                let text = f(6);
                let (number, percent) = match text.strip_suffix('%') {
                    Some(n) => (n, true),
                    None => (text, false),
                };
                let value: f64 = number
                    .trim()
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite())
                    .ok_or_else(|| bad(format!("threshold {text:?} is not a number")))?;
                (
                    Some(comparison),
                    if percent { value / 100.0 } else { value },
                )
            };
            if ids.iter().any(|id| id == f(0)) {
                return Err(bad(format!("rule id {:?} is used twice", f(0))));
            }
            ids.push(f(0).to_owned());
            Ok(WarningRule {
                id: f(0).to_owned(),
                colour,
                scopes,
                indicator: f(3).to_owned(),
                measure,
                comparison,
                threshold,
                periods,
                title_zh: f(8).to_owned(),
                title_en: f(9).to_owned(),
            })
        })?;
        Ok(WarningRules { rules })
    }

    fn for_scope<'a>(&'a self, scope: &'a str) -> impl Iterator<Item = &'a WarningRule> + 'a {
        self.rules
            .iter()
            .filter(move |r| r.scopes.iter().any(|s| s == scope))
    }
}

/// Who a warning is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// Enterprise index and its label (from an `enterprise` dimension, else `#index`).
    Enterprise { index: u32, label: String },
    /// A rollup group: dimension codes and the group's labels.
    Group {
        dimensions: Vec<String>,
        labels: Vec<String>,
    },
}

impl Subject {
    fn label(&self) -> String {
        match self {
            Subject::Enterprise { label, .. } => label.clone(),
            Subject::Group { labels, .. } if labels.is_empty() => "全部 (total)".to_owned(),
            Subject::Group { labels, .. } => labels.join(" · "),
        }
    }
}

/// A rule that fired, with what made it fire.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub rule: String,
    pub colour: Colour,
    pub subject: Subject,
    pub indicator: String,
    pub measure: RuleMeasure,
    /// The consecutive periods in which the condition held, oldest first.
    pub periods: Vec<Period>,
    /// The rule's figure in each of those periods (`None` for not_reported).
    pub figures: Vec<Option<f64>>,
    pub explanation_zh: String,
    pub explanation_en: String,
}

/// The highest colour among `warnings`, green when there are none.
pub fn grade<'a>(warnings: impl IntoIterator<Item = &'a Warning>) -> Colour {
    warnings
        .into_iter()
        .map(|w| w.colour)
        .max()
        .unwrap_or(Colour::Green)
}

/// The periods and figures if `rule` fires on `series` at index `t`.
fn fires(
    rule: &WarningRule,
    series: &[Figures],
    t: usize,
) -> Option<(Vec<Period>, Vec<Option<f64>>)> {
    let start = (t + 1).checked_sub(rule.periods)?;
    let window = &series[start..=t];
    let periods = window.iter().map(|f| f.period).collect();
    if rule.measure == RuleMeasure::NotReported {
        let before = &series[start.saturating_sub(crate::axis::YEAR)..start];
        let stopped =
            window.iter().all(|f| f.reporting == 0) && before.iter().any(|f| f.reporting > 0);
        return stopped.then(|| (periods, vec![None; rule.periods]));
    }
    let comparison = rule.comparison?;
    let figures: Vec<Option<f64>> = window.iter().map(|f| rule.measure.pick(f)).collect();
    figures
        .iter()
        .all(|v| v.is_some_and(|v| comparison.holds(v, rule.threshold)))
        .then_some((periods, figures))
}

fn format_figure(rule: &WarningRule, value: f64, unit: &str) -> String {
    if rule.measure.is_growth() {
        format!("{:+.1}%", 100.0 * value)
    } else {
        format!("{value:.2} {unit}")
    }
}

fn warning(
    rule: &WarningRule,
    subject: Subject,
    measure: &Measure,
    (periods, figures): (Vec<Period>, Vec<Option<f64>>),
) -> Warning {
    let (_, measure_zh, measure_en) = rule.measure.names();
    let who = subject.label();
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (p, v) in periods.iter().zip(&figures) {
        match v {
            Some(v) => {
                let shown = format_figure(rule, *v, &measure.unit);
                zh.push(format!("{}{measure_zh} {shown}", p.label_zh()));
                en.push(format!("{} {measure_en} {shown}", p.label_en()));
            }
            None => {
                zh.push(format!("{}未报", p.label_zh()));
                en.push(format!("{} not reported", p.label_en()));
            }
        }
    }
    let (condition_zh, condition) = match rule.comparison {
        Some(c) => {
            let bound = format!(
                "{} {}",
                c.symbol(),
                format_figure(rule, rule.threshold, &measure.unit)
            );
            (
                format!("{measure_zh} {bound}"),
                format!("{measure_en} {bound}"),
            )
        }
        None => ("未报".to_owned(), "no report".to_owned()),
    };
    Warning {
        rule: rule.id.clone(),
        colour: rule.colour,
        explanation_zh: format!(
            "{}预警：{who} {}——{}：{}（规则 {}：{}，连续{}期）",
            rule.colour.label_zh(),
            measure.name_zh,
            rule.title_zh,
            zh.join("，"),
            rule.id,
            condition_zh,
            rule.periods
        ),
        explanation_en: format!(
            "{} warning: {who}, {} — {}: {} (rule {}: {}, {} consecutive period(s))",
            rule.colour.as_str(),
            measure.name_en,
            rule.title_en,
            en.join(", "),
            rule.id,
            condition,
            rule.periods
        ),
        subject,
        indicator: rule.indicator.clone(),
        measure: rule.measure,
        periods,
        figures,
    }
}

/// Evaluates the enterprise-scope rules for every enterprise at `at`, in enterprise order.
pub fn evaluate_enterprises(
    monitor: &Monitor,
    rules: &WarningRules,
    at: Period,
) -> Result<Vec<Warning>, MonitorError> {
    let t = monitor.axis().index(at)?;
    let rules: Vec<(&WarningRule, usize)> = rules
        .for_scope(standard::ENTERPRISE)
        .map(|r| monitor.measure(&r.indicator).map(|m| (r, m)))
        .collect::<Result<_, _>>()?;
    let mut measures: Vec<usize> = rules.iter().map(|(_, m)| *m).collect();
    measures.sort_unstable();
    measures.dedup();
    let labels = monitor
        .frame()
        .dimension(standard::ENTERPRISE)
        .ok()
        .map(|(_, d)| d.labels());
    let warnings = (0..monitor.frame().len())
        .into_par_iter()
        .map(|e| {
            let mut out = Vec::new();
            for &m in &measures {
                let series = monitor.enterprise_series(m, e)?;
                let measure = &monitor.measures()[m];
                for (rule, _) in rules.iter().filter(|(_, rm)| *rm == m) {
                    if let Some(found) = fires(rule, &series, t) {
                        let label = labels
                            .and_then(|l| l.get(e).cloned())
                            .unwrap_or_else(|| format!("#{e}"));
                        let subject = Subject::Enterprise {
                            index: e as u32,
                            label,
                        };
                        out.push(warning(rule, subject, measure, found));
                    }
                }
            }
            Ok(out)
        })
        .collect::<Result<Vec<Vec<Warning>>, MonitorError>>()?;
    Ok(warnings.into_iter().flatten().collect())
}

/// Evaluates, for every group of `rollup` at `at`, the rules whose scopes include the rollup's
/// last dimension (`total` for a rollup without dimensions).
pub fn evaluate_groups(
    rollup: &Rollup,
    rules: &WarningRules,
    at: Period,
) -> Result<Vec<Warning>, MonitorError> {
    let t = rollup.axis().index(at)?;
    let scope = rollup
        .dimensions()
        .last()
        .map_or("total", |d| d.code.as_str());
    let rules: Vec<(&WarningRule, usize)> = rules
        .for_scope(scope)
        .map(|r| rollup.measure(&r.indicator).map(|m| (r, m)))
        .collect::<Result<_, _>>()?;
    let dimensions: Vec<String> = rollup.dimensions().iter().map(|d| d.code.clone()).collect();
    let mut out = Vec::new();
    for g in 0..rollup.groups() {
        for (rule, m) in &rules {
            let series = rollup.series(*m, g);
            if let Some(found) = fires(rule, &series, t) {
                let measure = &rollup.measures()[*m];
                let subject = Subject::Group {
                    dimensions: dimensions.clone(),
                    labels: rollup.group_labels(g).to_vec(),
                };
                out.push(warning(rule, subject, measure, found));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
