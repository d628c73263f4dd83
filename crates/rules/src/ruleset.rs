//! A rule set: the validated, in-memory form of one rule file (see `rulesets/README.md`).
//!
//! A title's rules are requirements that must all hold, an optional score table with its pass
//! rule, and direct-qualification routes (直通条件) that stand in for named requirements or the
//! score.

use model::TitleKind;
use serde::Serialize;

use crate::date::Date;
use crate::interval::Interval;
use crate::measure::Measure;
use crate::text::Text;

/// Where a rule set applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// Nationwide (MIIT rules).
    National,
    /// A GB/T 2260 code prefix: `14` is Shanxi, `1401` Taiyuan.
    Region(String),
}

impl Jurisdiction {
    /// `national`, or a prefix of digits.
    pub fn parse(text: &str) -> Option<Jurisdiction> {
        let text = text.trim();
        if text == "national" || text == "全国" {
            Some(Jurisdiction::National)
        } else if !text.is_empty() && text.len() <= 6 && text.bytes().all(|b| b.is_ascii_digit()) {
            Some(Jurisdiction::Region(text.to_owned()))
        } else {
            None
        }
    }

    /// How specifically it covers `region` (longer prefixes are more specific), or `None` when it
    /// does not. National rules cover every region, and evaluations with no region.
    pub fn covers(&self, region: Option<&str>) -> Option<usize> {
        match (self, region) {
            (Jurisdiction::National, _) => Some(0),
            (Jurisdiction::Region(prefix), Some(region)) if region.starts_with(prefix.as_str()) => {
                Some(prefix.len())
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Jurisdiction::National => f.write_str("national"),
            Jurisdiction::Region(prefix) => f.write_str(prefix),
        }
    }
}

/// What a test checks about a measure's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    /// The value lies in the interval (numbers and levels).
    Range(Interval),
    /// The flag has this value.
    Is(bool),
    /// The code is one of these (indices into the measure's levels).
    In(Vec<usize>),
}

/// One comparison of a measure with a threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Test {
    pub measure: Measure,
    /// The measure's name, as gap sentences use it ("R&D intensity 2.4 %, needs 3.0 %").
    pub label: Text,
    /// What the file says this test stands for, when it says (`zh`/`en` on a nested test).
    pub note: Option<Text>,
    pub predicate: Predicate,
    /// The predicate as the file wrote it (`[3%, inf)`, `is = true`, `in = [small, micro]`).
    pub source: String,
}

/// A condition tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Test(Test),
    All {
        label: Option<Text>,
        parts: Vec<Condition>,
    },
    Any {
        label: Option<Text>,
        parts: Vec<Condition>,
    },
}

impl Condition {
    /// Every test in the tree, depth first.
    pub fn tests(&self) -> Vec<&Test> {
        let mut out = Vec::new();
        self.collect_tests(&mut out);
        out
    }

    fn collect_tests<'a>(&'a self, out: &mut Vec<&'a Test>) {
        match self {
            Condition::Test(test) => out.push(test),
            Condition::All { parts, .. } | Condition::Any { parts, .. } => {
                for part in parts {
                    part.collect_tests(out);
                }
            }
        }
    }

    /// The node's label, if it has one (a test's note, else its measure's name).
    pub fn label(&self) -> Option<&Text> {
        match self {
            Condition::Test(test) => Some(test.note.as_ref().unwrap_or(&test.label)),
            Condition::All { label, .. } | Condition::Any { label, .. } => label.as_ref(),
        }
    }
}

/// A condition that must hold on the standard path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    pub id: String,
    pub label: Text,
    pub condition: Condition,
    pub unverified: bool,
}

/// One band of a score indicator: the first band whose condition holds gives its points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// As the published table writes it (`3%-5%`, `I类>=1`).
    pub label: String,
    pub points: f64,
    /// `None` for the catch-all band (`其他`, `无`).
    pub when: Option<Condition>,
}

/// How an indicator turns facts into points.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorRule {
    /// Ordered bands, first match wins. `exhaustive` when some band always applies (a catch-all,
    /// or bands on one measure that cover all its values), so "no band" is not a possible outcome.
    Bands { bands: Vec<Band>, exhaustive: bool },
    /// `min(max, points × floor(value / per))`: "每满2年得1分" is `per = 2, points = 1`.
    PerUnit {
        measure: Measure,
        per: f64,
        points: f64,
    },
    /// The value is the points, capped at the indicator's maximum (a score the province awards).
    Direct { measure: Measure },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: String,
    pub label: Text,
    pub max: f64,
    pub unverified: bool,
    pub rule: IndicatorRule,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub id: String,
    pub label: Text,
    pub max: f64,
    /// Points the group needs on its own (创新能力 ≥ 20 …).
    pub min_to_pass: Option<f64>,
    /// Provinces may replace this group's indicators (特色化).
    pub provincial: bool,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreTable {
    pub pass_total: f64,
    pub groups: Vec<Group>,
}

/// What a direct route stands in for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Replaced {
    Score,
    /// Index into the rule set's requirements.
    Requirement(usize),
}

/// A direct-qualification route (直通条件).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub id: String,
    pub label: Text,
    pub condition: Condition,
    pub replaces: Vec<Replaced>,
}

/// One version of one title's rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSet {
    pub id: String,
    pub title: TitleKind,
    pub name: Text,
    pub jurisdiction: Jurisdiction,
    /// The source document's name.
    pub document: String,
    /// Its 文号, when known.
    pub document_number: Option<String>,
    pub in_force_from: Date,
    /// Last day in force; `None` while in force.
    pub in_force_until: Option<Date>,
    /// Years a title granted under these rules stays valid; `None` when it does not lapse by
    /// itself (chain roles are reviewed yearly instead).
    pub validity_years: Option<u32>,
    /// Numbers from secondary sources or memory: shown as unverified until checked.
    pub unverified: bool,
    /// The in-force dates are approximate (the reference gives no exact day).
    pub dates_approximate: bool,
    pub notes: Vec<String>,
    /// Where it was loaded from (`built-in:<file>` or the caller's name for the file).
    pub origin: String,
    pub requirements: Vec<Requirement>,
    pub score: Option<ScoreTable>,
    pub routes: Vec<Route>,
}

impl RuleSet {
    /// Whether it is in force on `date`.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.in_force_from <= date && self.in_force_until.is_none_or(|until| date <= until)
    }

    /// Last day a title granted on `granted` under these rules is valid.
    pub fn title_valid_until(&self, granted: Date) -> Option<Date> {
        self.validity_years
            .map(|years| granted.add_years(years as i32).add_days(-1))
    }

    /// Titles whose rules these rules consult (`qualifies_for`).
    pub(crate) fn referenced_titles(&self) -> Vec<TitleKind> {
        let mut conditions: Vec<&Condition> = self
            .requirements
            .iter()
            .map(|requirement| &requirement.condition)
            .chain(self.routes.iter().map(|route| &route.condition))
            .collect();
        if let Some(score) = &self.score {
            for indicator in score.groups.iter().flat_map(|group| &group.indicators) {
                if let IndicatorRule::Bands { bands, .. } = &indicator.rule {
                    conditions.extend(bands.iter().filter_map(|band| band.when.as_ref()));
                }
            }
        }
        let mut titles: Vec<TitleKind> = conditions
            .iter()
            .flat_map(|condition| condition.tests())
            .filter_map(|test| match test.measure {
                Measure::QualifiesFor { title } => Some(title),
                _ => None,
            })
            .collect();
        titles.sort();
        titles.dedup();
        titles
    }
}
