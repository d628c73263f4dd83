//! Progress toward targets: the MIIT 2027 targets shipped in `data/miit_2027_targets.csv` and
//! chain targets a loader supplies, shown as value, target, gap and the trend still needed.
//!
//! Three kinds (as in the MIIT text): `level` (reach a value, ">90%"), `trend` ("continuous
//! decline") and `change` (a relative change against a baseline year, "-13% vs 2023"). Progress is
//! measured on annual values: for a flow the December 累计, for a derived ratio its Jan–Dec ratio of
//! sums ([`annual_values`]).

use crate::table::read_rows;
use crate::{Comparison, MonitorError, Rollup, growth};

/// The direction a trend target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Decline,
    Rise,
}

/// What a target asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetKind {
    /// Reach `value` (in the measure's unit; percentages as written, 90 for 90 %).
    Level { comparison: Comparison, value: f64 },
    /// Move every year in `direction`.
    Trend { direction: Direction },
    /// Change by `fraction` (−0.13 = −13 %) from the value of `baseline_year`.
    Change { fraction: f64, baseline_year: u16 },
}

/// A target, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name_zh: String,
    pub name_en: String,
    /// The target as written in the source (">90%", "-13% vs 2023").
    pub text: String,
    pub kind: TargetKind,
    pub target_year: u16,
    /// The measure the target is tracked on, when monitoring data can measure it.
    pub measure: Option<String>,
    pub source: String,
}

/// The MIIT 2027 targets as shipped.
pub const MIIT_2027_TARGETS: &str = include_str!("../data/miit_2027_targets.csv");

impl Target {
    /// The MIIT 2027 targets for traditional manufacturing (工信部联规〔2023〕258号).
    pub fn miit_2027() -> Result<Vec<Target>, MonitorError> {
        Target::parse_table(MIIT_2027_TARGETS, "data/miit_2027_targets.csv")
    }

    /// Parses a table with the columns of `data/miit_2027_targets.csv`
    /// (`indicator_zh,indicator_en,target,baseline_year,kind,source,target_year,measure`).
    pub fn parse_table(text: &str, file: &str) -> Result<Vec<Target>, MonitorError> {
        let mut last_source = String::new();
        read_rows(text, file, 8, |row| {
            let f = |i: usize| row.get(i);
            let kind = parse_kind(f(4), f(2), f(3)).map_err(|m| row.error(m))?;
            let target_year = f(6)
                .parse()
                .map_err(|_| row.error(format!("target_year {:?} is not a year", f(6))))?;
            // "same" repeats the source of the row above, as in the shared reference table.
            if f(5) != "same" {
                last_source = f(5).to_owned();
            }
            Ok(Target {
                name_zh: f(0).to_owned(),
                name_en: f(1).to_owned(),
                text: f(2).to_owned(),
                kind,
                target_year,
                measure: Some(f(7).to_owned()).filter(|m| !m.is_empty()),
                source: last_source.clone(),
            })
        })
    }
}

fn parse_kind(kind: &str, text: &str, baseline: &str) -> Result<TargetKind, String> {
    let number = |t: &str| -> Result<f64, String> {
        let t = t.trim();
        t.strip_suffix('%')
            .unwrap_or(t)
            .trim()
            .parse()
            .map_err(|_| format!("{t:?} in target {text:?} is not a number"))
    };
    match kind {
        "level" => {
            let (comparison, rest) = [
                (Comparison::GreaterOrEqual, ">="),
                (Comparison::LessOrEqual, "<="),
                (Comparison::Greater, ">"),
                (Comparison::Less, "<"),
            ]
            .into_iter()
            .find_map(|(c, s)| text.strip_prefix(s).map(|r| (c, r)))
            .ok_or_else(|| format!("level target {text:?} must start with >, >=, < or <="))?;
            Ok(TargetKind::Level {
                comparison,
                value: number(rest)?,
            })
        }
        "trend" => match text {
            "continuous decline" | "持续下降" => Ok(TargetKind::Trend {
                direction: Direction::Decline,
            }),
            "continuous rise" | "持续上升" => Ok(TargetKind::Trend {
                direction: Direction::Rise,
            }),
            _ => Err(format!(
                "trend target {text:?} is not \"continuous decline\" or \"continuous rise\""
            )),
        },
        "change" => {
            let change = text.split_whitespace().next().unwrap_or_default();
            let baseline_year = baseline.parse().map_err(|_| {
                format!("change target {text:?} needs a baseline_year, found {baseline:?}")
            })?;
            Ok(TargetKind::Change {
                fraction: number(change)? / 100.0,
                baseline_year,
            })
        }
        _ => Err(format!("kind {kind:?} is not level, trend or change")),
    }
}

/// Where a subject stands against a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The latest year with a value, and the value.
    pub year: u16,
    pub value: f64,
    /// The value to reach (`None` for trends, or a change whose baseline year has no value).
    pub target_value: Option<f64>,
    /// `target_value − value`.
    pub gap: Option<f64>,
    pub years_left: i32,
    /// Change from the year before (fraction).
    pub recent_change: Option<f64>,
    /// The constant yearly change (fraction, compound) that reaches the target in time; for a
    /// trend target, the sign it needs (−0.0 for decline is shown as "any decline").
    pub required_annual_change: Option<f64>,
    pub met: bool,
    pub on_track: Option<bool>,
    pub explanation_zh: String,
    pub explanation_en: String,
}

/// Annual values of measure `code` for group `g`: the December 累计 of each year on the axis
/// (a flow's Jan–Dec total, a ratio's Jan–Dec ratio of sums).
pub fn annual_values(
    rollup: &Rollup,
    code: &str,
    g: usize,
) -> Result<Vec<(u16, f64)>, MonitorError> {
    let m = rollup.measure(code)?;
    Ok(rollup
        .series(m, g)
        .into_iter()
        .filter(|f| f.period.month() == 12)
        .filter_map(|f| f.ytd.map(|v| (f.period.year(), v)))
        .collect())
}

fn percent(x: f64) -> String {
    format!("{:+.1}%", 100.0 * x)
}

/// Progress of `annual` (year, value; any order) toward `target`; `None` without any value.
pub fn progress(target: &Target, annual: &[(u16, f64)]) -> Option<Progress> {
    let mut annual = annual.to_vec();
    annual.sort_by_key(|(y, _)| *y);
    let &(year, value) = annual.last()?;
    let previous = annual
        .iter()
        .rev()
        .find(|(y, _)| *y + 1 == year)
        .map(|(_, v)| *v);
    let recent_change = previous.and_then(|p| growth(value, p));
    let years_left = i32::from(target.target_year) - i32::from(year);
    let (target_value, comparison) = match target.kind {
        TargetKind::Level { comparison, value } => (Some(value), Some(comparison)),
        TargetKind::Change {
            fraction,
            baseline_year,
        } => {
            let base = annual
                .iter()
                .find(|(y, _)| *y == baseline_year)
                .map(|(_, v)| *v);
            let comparison = if fraction < 0.0 {
                Comparison::LessOrEqual
            } else {
                Comparison::GreaterOrEqual
            };
            (base.map(|b| b * (1.0 + fraction)), Some(comparison))
        }
        TargetKind::Trend { .. } => (None, None),
    };
    let gap = target_value.map(|t| t - value);
    let (met, required, on_track) = match (target.kind, target_value, comparison) {
        (TargetKind::Trend { direction }, ..) => {
            let declining = recent_change.map(|c| c < 0.0);
            let fits = match direction {
                Direction::Decline => declining,
                Direction::Rise => recent_change.map(|c| c > 0.0),
            };
            (fits == Some(true), None, fits)
        }
        (_, Some(t), Some(c)) => {
            let met = match c {
                Comparison::Less => value < t,
                Comparison::LessOrEqual => value <= t,
                Comparison::Greater => value > t,
                Comparison::GreaterOrEqual => value >= t,
            };
            let required = (years_left > 0 && value > 0.0 && t > 0.0)
                .then(|| (t / value).powf(1.0 / f64::from(years_left)) - 1.0);
            let on_track = if met {
                Some(true)
            } else {
                required.zip(recent_change).map(|(need, had)| {
                    if matches!(c, Comparison::Less | Comparison::LessOrEqual) {
                        had <= need
                    } else {
                        had >= need
                    }
                })
            };
            (met, required, on_track)
        }
        _ => (false, None, None),
    };
    let (state_zh, state_en) = match (met, on_track) {
        (true, _) => ("已达到", "met"),
        (false, Some(true)) => ("按当前速度可按期达到", "on track at the current pace"),
        (false, Some(false)) => ("按当前速度难以按期达到", "off track at the current pace"),
        (false, None) => ("无法判断", "cannot tell"),
    };
    let (needed_zh, needed_en) = match (target.kind, required) {
        (
            TargetKind::Trend {
                direction: Direction::Decline,
            },
            _,
        ) => (
            "需逐年下降".to_owned(),
            "needs to fall every year".to_owned(),
        ),
        (
            TargetKind::Trend {
                direction: Direction::Rise,
            },
            _,
        ) => (
            "需逐年上升".to_owned(),
            "needs to rise every year".to_owned(),
        ),
        (_, Some(r)) => (
            format!("需年均变化 {}", percent(r)),
            format!("needs {} a year", percent(r)),
        ),
        (_, None) => ("—".to_owned(), "—".to_owned()),
    };
    let shown = |x: Option<f64>| x.map_or("—".to_owned(), |x| format!("{x:.4}"));
    let (aim, gap_text) = (shown(target_value), shown(gap));
    let recent = recent_change.map_or("—".to_owned(), percent);
    let Target {
        name_zh,
        name_en,
        text,
        target_year,
        source,
        ..
    } = target;
    Some(Progress {
        explanation_zh: format!(
            "{name_zh}（目标 {text}，{target_year}年）：{year}年 {value:.4}，目标值 {aim}，\
             差距 {gap_text}，上年以来 {recent}，{needed_zh}；{state_zh}。来源：{source}"
        ),
        explanation_en: format!(
            "{name_en} (target {text}, {target_year}): {year} {value:.4}, target value {aim}, \
             gap {gap_text}, change on the year before {recent}, {needed_en}; {state_en}. \
             Source: {source}"
        ),
        year,
        value,
        target_value,
        gap,
        years_left,
        recent_change,
        required_annual_change: required,
        met,
        on_track,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_miit_targets_parse_with_their_kinds() {
        let targets = Target::miit_2027().unwrap();
        assert_eq!(targets.len(), 6);
        assert_eq!(
            targets[0].kind,
            TargetKind::Level {
                comparison: Comparison::Greater,
                value: 90.0
            }
        );
        assert!(targets[0].source.contains("No.258"));
        assert_eq!(
            targets[2].source, targets[0].source,
            "\"same\" repeats the source"
        );
        assert_eq!(
            targets[2].kind,
            TargetKind::Trend {
                direction: Direction::Decline
            }
        );
        assert_eq!(targets[2].measure.as_deref(), Some("energy_per_10k_output"));
        let water = &targets[4];
        assert_eq!(
            water.kind,
            TargetKind::Change {
                fraction: -0.13,
                baseline_year: 2023
            }
        );
        assert_eq!(water.target_year, 2027);
    }

    #[test]
    fn a_change_target_shows_value_target_gap_and_the_pace_needed() {
        let water = &Target::miit_2027().unwrap()[4];
        // 2023: 20 m³ per 10k yuan; target 17.4 by 2027. 2025: 19.
        let p = progress(water, &[(2025, 19.0), (2023, 20.0), (2024, 19.6)]).unwrap();
        assert_eq!((p.year, p.value, p.years_left), (2025, 19.0, 2));
        assert!((p.target_value.unwrap() - 17.4).abs() < 1e-12);
        assert!((p.gap.unwrap() + 1.6).abs() < 1e-12);
        let need = (17.4f64 / 19.0).sqrt() - 1.0;
        assert!((p.required_annual_change.unwrap() - need).abs() < 1e-12);
        assert!(!p.met);
        // Fell 3.06 % last year; needs about 4.3 % a year: off track.
        assert_eq!(p.on_track, Some(false));
        assert!(
            p.explanation_zh.contains("目标值 17.4000"),
            "{}",
            p.explanation_zh
        );
        assert!(
            p.explanation_en.contains("off track"),
            "{}",
            p.explanation_en
        );
    }

    #[test]
    fn level_and_trend_targets() {
        let targets = Target::miit_2027().unwrap();
        let nc = progress(&targets[1], &[(2024, 60.0), (2025, 66.0)]).unwrap();
        assert_eq!(nc.gap, Some(4.0));
        assert_eq!(nc.on_track, Some(true), "10 % a year beats the 3 % needed");
        let met = progress(&targets[1], &[(2025, 71.0)]).unwrap();
        assert!(met.met);
        let energy = progress(&targets[2], &[(2024, 0.5), (2025, 0.48)]).unwrap();
        assert!(energy.met && energy.target_value.is_none());
        let rising = progress(&targets[2], &[(2024, 0.5), (2025, 0.52)]).unwrap();
        assert_eq!(rising.on_track, Some(false));
        assert!(progress(&targets[2], &[]).is_none());
    }

    #[test]
    fn a_chain_target_on_annual_values_from_a_rollup() {
        use crate::{
            Dimension, EnterpriseFrame, IndicatorInfo, Monitor, Panel, PeriodAxis, RollupSpec,
        };
        let axis = PeriodAxis::years(2024, 2025).unwrap();
        let mut output = Panel::new(
            IndicatorInfo::flow("output_value", "产值", "output", "亿元"),
            axis,
            1,
        );
        for t in 0..22 {
            // 100 a period in 2024, 120 in 2025 (the last period left unreported).
            let value = if t < 11 { 100.0 } else { 120.0 };
            if t != 21 {
                output.set(0, t, value).unwrap();
            }
        }
        let chain =
            Dimension::single("chain", "产业链", "chain", vec!["特钢".into()], &[0]).unwrap();
        let frame = EnterpriseFrame::new(vec![true])
            .with_dimension(chain)
            .unwrap();
        let m = Monitor::new(frame, vec![output], &[]).unwrap();
        let r = m.rollup(&RollupSpec::by(&["chain"])).unwrap();
        let annual = annual_values(&r, "output_value", 0).unwrap();
        assert_eq!(annual, [(2024, 1100.0), (2025, 1200.0)]);
        let target = Target {
            name_zh: "特钢链产值".into(),
            name_en: "special steel chain output".into(),
            text: ">=1500".into(),
            kind: TargetKind::Level {
                comparison: Comparison::GreaterOrEqual,
                value: 1500.0,
            },
            target_year: 2027,
            measure: Some("output_value".into()),
            source: "chain plan".into(),
        };
        let p = progress(&target, &annual).unwrap();
        assert_eq!(p.gap, Some(300.0));
        assert!((p.required_annual_change.unwrap() - (1.25f64.sqrt() - 1.0)).abs() < 1e-12);
        assert_eq!(
            p.on_track,
            Some(false),
            "+9.1 % a year is short of the +11.8 % needed"
        );
    }

    #[test]
    fn bad_targets_name_the_problem() {
        let head =
            "indicator_zh,indicator_en,target,baseline_year,kind,source,target_year,measure\n";
        let err = Target::parse_table(&format!("{head}a,a,about 90%,,level,s,2027,\n"), "t.csv")
            .unwrap_err();
        assert!(err.to_string().contains("must start with"), "{err}");
        let err =
            Target::parse_table(&format!("{head}a,a,-13%,,change,s,2027,\n"), "t.csv").unwrap_err();
        assert!(err.to_string().contains("baseline_year"), "{err}");
    }
}
