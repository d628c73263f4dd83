//! The TOML rule-file format (schema 1, documented in `rulesets/README.md`) and its validation
//! into [`RuleSet`]s.
//!
//! Validation rejects what would silently mis-score: unknown fields and measures, malformed or
//! overlapping band edges, a group maximum that is not the sum of its indicators, a band worth
//! more than its indicator, a route replacing a requirement that does not exist.

use model::TitleKind;
use serde::Deserialize;
use toml::value::Datetime;

use crate::date::Date;
use crate::error::RuleError;
use crate::interval::Interval;
use crate::measure::{Measure, MeasureParams, Unit};
use crate::ruleset::{
    Band, Condition, Group, Indicator, IndicatorRule, Jurisdiction, Predicate, Replaced,
    Requirement, Route, RuleSet, ScoreTable, Test,
};
use crate::text::Text;

/// The only schema version this crate reads.
pub const SCHEMA_VERSION: u32 = 1;

const POINTS_TOLERANCE: f64 = 1e-9;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    schema: u32,
    #[serde(default)]
    kind: Option<String>,
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    name_en: Option<String>,
    jurisdiction: String,
    document: String,
    #[serde(default)]
    document_number: Option<String>,
    #[serde(default)]
    in_force_from: Option<Datetime>,
    #[serde(default)]
    in_force_until: Option<Datetime>,
    #[serde(default)]
    validity_years: Option<u32>,
    #[serde(default)]
    unverified: bool,
    #[serde(default)]
    dates_approximate: bool,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    requirement: Vec<NodeFile>,
    #[serde(default)]
    score: Option<ScoreFile>,
    #[serde(default)]
    route: Vec<NodeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreFile {
    #[serde(default)]
    pass_total: Option<f64>,
    #[serde(default)]
    group: Vec<GroupFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    id: String,
    zh: String,
    en: String,
    max: f64,
    #[serde(default)]
    min_to_pass: Option<f64>,
    #[serde(default)]
    provincial: bool,
    #[serde(default)]
    indicator: Vec<IndicatorFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFile {
    id: String,
    zh: String,
    en: String,
    max: f64,
    #[serde(default)]
    unverified: bool,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    measure: Option<String>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    years: Option<u32>,
    #[serde(default)]
    per: Option<f64>,
    #[serde(default)]
    points: Option<f64>,
    #[serde(default)]
    band: Vec<NodeFile>,
}

/// Requirements, routes, bands and the parts of `all`/`any` share one shape; which fields each
/// may use is checked after parsing.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct NodeFile {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    zh: Option<String>,
    #[serde(default)]
    en: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    unverified: bool,
    #[serde(default)]
    points: Option<f64>,
    #[serde(default)]
    otherwise: bool,
    #[serde(default)]
    replaces: Option<Vec<String>>,
    #[serde(default)]
    measure: Option<String>,
    #[serde(default)]
    range: Option<String>,
    #[serde(default)]
    is: Option<bool>,
    #[serde(default, rename = "in")]
    one_of: Option<Vec<String>>,
    #[serde(default)]
    years: Option<u32>,
    #[serde(default)]
    kinds: Option<Vec<String>>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    honours: Option<Vec<String>>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    top: Option<u32>,
    #[serde(default)]
    all: Option<Vec<NodeFile>>,
    #[serde(default)]
    any: Option<Vec<NodeFile>>,
}

/// A parsed file: a whole rule set, a new version of one, or a provincial overlay to apply to one.
#[derive(Debug)]
pub(crate) enum Parsed {
    RuleSet(RuleSet),
    /// A new version that keeps another set's criteria (requirements, score, routes): the set
    /// comes without them, to be filled from `extends`.
    Extension {
        set: RuleSet,
        extends: String,
    },
    Overlay(Overlay),
}

/// A province's replacement for the `provincial` groups of a base rule set (特色化 indicators).
#[derive(Debug)]
pub(crate) struct Overlay {
    pub id: String,
    pub extends: String,
    pub jurisdiction: Jurisdiction,
    pub document: String,
    pub document_number: Option<String>,
    pub in_force_from: Option<Date>,
    pub in_force_until: Option<Date>,
    pub unverified: bool,
    pub notes: Vec<String>,
    pub origin: String,
    /// Raw groups, validated against the base's title when applied.
    groups: Vec<GroupFile>,
}

/// Validation context: the file's name and the place being read.
struct Checker<'a> {
    origin: &'a str,
    title: TitleKind,
}

impl Checker<'_> {
    fn error(&self, at: &str, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            origin: self.origin.to_owned(),
            at: at.to_owned(),
            message: message.into(),
        }
    }
}

/// Parses one rule file.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Parsed, RuleError> {
    let file: RuleFile = toml::from_str(text).map_err(|error| RuleError::Syntax {
        origin: origin.to_owned(),
        message: error.message().to_owned(),
    })?;
    let top = |message: String| RuleError::Invalid {
        origin: origin.to_owned(),
        at: "(top level)".to_owned(),
        message,
    };
    if file.schema != SCHEMA_VERSION {
        return Err(top(format!(
            "schema {} is not supported (this build reads schema {SCHEMA_VERSION})",
            file.schema
        )));
    }
    if file.id.trim().is_empty() {
        return Err(top("`id` is empty".into()));
    }
    let jurisdiction = Jurisdiction::parse(&file.jurisdiction).ok_or_else(|| {
        top(format!(
            "jurisdiction `{}` is neither `national` nor a GB/T 2260 code prefix",
            file.jurisdiction
        ))
    })?;
    let from = file
        .in_force_from
        .as_ref()
        .map(|value| date(value, "in_force_from"))
        .transpose()
        .map_err(top)?;
    let until = file
        .in_force_until
        .as_ref()
        .map(|value| date(value, "in_force_until"))
        .transpose()
        .map_err(top)?;
    if let (Some(from), Some(until)) = (from, until)
        && until < from
    {
        return Err(top(format!(
            "in_force_until {until} is before in_force_from {from}"
        )));
    }
    match file.kind.as_deref().unwrap_or("rule_set") {
        "rule_set" => match file.extends.clone() {
            None => rule_set(file, origin, jurisdiction, from, until).map(Parsed::RuleSet),
            Some(extends) => {
                if !file.requirement.is_empty() || file.score.is_some() || !file.route.is_empty() {
                    return Err(top(format!(
                        "a rule set that extends `{extends}` keeps its criteria: drop requirements, score and routes"
                    )));
                }
                rule_set(file, origin, jurisdiction, from, until)
                    .map(|set| Parsed::Extension { set, extends })
            }
        },
        "provincial_overlay" => {
            let extends = file
                .extends
                .ok_or_else(|| top("an overlay needs `extends` (the base rule set's id)".into()))?;
            if file.title.is_some() || !file.requirement.is_empty() || !file.route.is_empty() {
                return Err(top(
                    "an overlay only replaces score groups: drop `title`, requirements and routes"
                        .into(),
                ));
            }
            let groups = file.score.map(|score| score.group).unwrap_or_default();
            if groups.is_empty() {
                return Err(top("an overlay needs at least one [[score.group]]".into()));
            }
            Ok(Parsed::Overlay(Overlay {
                id: file.id,
                extends,
                jurisdiction,
                document: file.document,
                document_number: file.document_number,
                in_force_from: from,
                in_force_until: until,
                unverified: file.unverified,
                notes: file.notes,
                origin: origin.to_owned(),
                groups,
            }))
        }
        other => Err(top(format!(
            "kind `{other}` is neither `rule_set` nor `provincial_overlay`"
        ))),
    }
}

fn date(value: &Datetime, field: &str) -> Result<Date, String> {
    match (value.date, value.time) {
        (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day)
            .ok_or_else(|| format!("`{field}` = {value} is not a calendar date")),
        _ => Err(format!(
            "`{field}` = {value} must be a plain date like 2022-08-01"
        )),
    }
}

fn rule_set(
    file: RuleFile,
    origin: &str,
    jurisdiction: Jurisdiction,
    from: Option<Date>,
    until: Option<Date>,
) -> Result<RuleSet, RuleError> {
    let top = |message: &str| RuleError::Invalid {
        origin: origin.to_owned(),
        at: "(top level)".to_owned(),
        message: message.to_owned(),
    };
    let title_text = file
        .title
        .as_deref()
        .ok_or_else(|| top("`title` is missing"))?;
    let title = TitleKind::parse(title_text)
        .ok_or_else(|| top(&format!("`{title_text}` is not a title code")))?;
    let from = from.ok_or_else(|| top("`in_force_from` is missing"))?;
    let checker = Checker { origin, title };
    let mut requirements = Vec::new();
    for node in &file.requirement {
        let at = format!("requirement[{}]", node.id.as_deref().unwrap_or("?"));
        let id = named(&checker, &at, node)?;
        if requirements.iter().any(|r: &Requirement| r.id == id) {
            return Err(checker.error(&at, "duplicate requirement id"));
        }
        forbid(&checker, &at, node.points.is_some(), "points")?;
        forbid(&checker, &at, node.otherwise, "otherwise")?;
        forbid(&checker, &at, node.replaces.is_some(), "replaces")?;
        forbid(&checker, &at, node.label.is_some(), "label")?;
        let label = labelled(&checker, &at, node)?;
        requirements.push(Requirement {
            id,
            condition: condition(&checker, &at, node)?,
            label,
            unverified: node.unverified,
        });
    }
    let score = file
        .score
        .map(|score| score_table(&checker, score))
        .transpose()?;
    let mut routes = Vec::new();
    for node in &file.route {
        let at = format!("route[{}]", node.id.as_deref().unwrap_or("?"));
        let id = named(&checker, &at, node)?;
        forbid(&checker, &at, node.points.is_some(), "points")?;
        forbid(&checker, &at, node.otherwise, "otherwise")?;
        let targets = node
            .replaces
            .as_ref()
            .filter(|targets| !targets.is_empty())
            .ok_or_else(|| checker.error(&at, "`replaces` must list `score` or requirement ids"))?;
        let mut replaces = Vec::new();
        for target in targets {
            let replaced = if target == "score" {
                if score.is_none() {
                    return Err(checker.error(&at, "replaces `score`, but the set has no score"));
                }
                Replaced::Score
            } else {
                let index = requirements
                    .iter()
                    .position(|r| r.id == *target)
                    .ok_or_else(|| {
                        checker.error(&at, format!("replaces unknown requirement `{target}`"))
                    })?;
                Replaced::Requirement(index)
            };
            replaces.push(replaced);
        }
        routes.push(Route {
            id,
            label: labelled(&checker, &at, node)?,
            condition: condition(&checker, &at, node)?,
            replaces,
        });
    }
    if requirements.is_empty() && score.is_none() && file.extends.is_none() {
        return Err(top("a rule set needs requirements or a score table"));
    }
    Ok(RuleSet {
        id: file.id,
        title,
        name: Text::new(
            file.name_zh.unwrap_or_else(|| title.label_zh().to_owned()),
            file.name_en.unwrap_or_else(|| title.as_str().to_owned()),
        ),
        jurisdiction,
        document: file.document,
        document_number: file.document_number,
        in_force_from: from,
        in_force_until: until,
        validity_years: file.validity_years,
        unverified: file.unverified,
        dates_approximate: file.dates_approximate,
        notes: file.notes,
        origin: origin.to_owned(),
        requirements,
        score,
        routes,
    })
}

fn forbid(checker: &Checker<'_>, at: &str, present: bool, field: &str) -> Result<(), RuleError> {
    if present {
        Err(checker.error(at, format!("`{field}` is not allowed here")))
    } else {
        Ok(())
    }
}

fn named(checker: &Checker<'_>, at: &str, node: &NodeFile) -> Result<String, RuleError> {
    node.id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| checker.error(at, "`id` is missing"))
}

fn labelled(checker: &Checker<'_>, at: &str, node: &NodeFile) -> Result<Text, RuleError> {
    match (&node.zh, &node.en) {
        (Some(zh), Some(en)) => Ok(Text::new(zh.as_str(), en.as_str())),
        _ => Err(checker.error(at, "needs both `zh` and `en` labels")),
    }
}

/// The optional label of a nested node.
fn optional_label(
    checker: &Checker<'_>,
    at: &str,
    node: &NodeFile,
) -> Result<Option<Text>, RuleError> {
    match (&node.zh, &node.en) {
        (None, None) => Ok(None),
        _ => labelled(checker, at, node).map(Some),
    }
}

/// The condition a node states: a test, `all` or `any`.
fn condition(checker: &Checker<'_>, at: &str, node: &NodeFile) -> Result<Condition, RuleError> {
    let shapes = usize::from(node.measure.is_some())
        + usize::from(node.all.is_some())
        + usize::from(node.any.is_some());
    if shapes != 1 {
        return Err(checker.error(
            at,
            "needs exactly one of `measure` (a test), `all` or `any`",
        ));
    }
    let parts = |nodes: &[NodeFile], word: &str| -> Result<Vec<Condition>, RuleError> {
        if nodes.is_empty() {
            return Err(checker.error(at, format!("`{word}` is empty")));
        }
        nodes
            .iter()
            .enumerate()
            .map(|(index, part)| {
                let at = format!("{at}.{word}[{index}]");
                for (present, field) in [
                    (part.id.is_some(), "id"),
                    (part.points.is_some(), "points"),
                    (part.otherwise, "otherwise"),
                    (part.replaces.is_some(), "replaces"),
                    (part.label.is_some(), "label"),
                    (part.unverified, "unverified"),
                ] {
                    forbid(checker, &at, present, field)?;
                }
                condition(checker, &at, part)
            })
            .collect()
    };
    if let Some(all) = &node.all {
        return Ok(Condition::All {
            label: nested_label(checker, at, node)?,
            parts: parts(all, "all")?,
        });
    }
    if let Some(any) = &node.any {
        return Ok(Condition::Any {
            label: nested_label(checker, at, node)?,
            parts: parts(any, "any")?,
        });
    }
    test(checker, at, node).map(Condition::Test)
}

/// Requirements and routes carry their label on the node itself; only nested groups use it for
/// the group.
fn nested_label(
    checker: &Checker<'_>,
    at: &str,
    node: &NodeFile,
) -> Result<Option<Text>, RuleError> {
    if node.id.is_some() {
        Ok(None)
    } else {
        optional_label(checker, at, node)
    }
}

fn test(checker: &Checker<'_>, at: &str, node: &NodeFile) -> Result<Test, RuleError> {
    let name = node.measure.as_deref().unwrap_or_default();
    let params = MeasureParams {
        years: node.years,
        kinds: node.kinds.as_deref(),
        title: node.title.as_deref(),
        honours: node.honours.as_deref(),
        key: node.key.as_deref(),
        top: node.top,
    };
    let measure = Measure::from_file(name, &params, checker.title)
        .map_err(|message| checker.error(at, message))?;
    let unit = measure.unit();
    let levels = measure.levels();
    let predicates = usize::from(node.range.is_some())
        + usize::from(node.is.is_some())
        + usize::from(node.one_of.is_some());
    if predicates != 1 {
        return Err(checker.error(at, "a test needs exactly one of `range`, `is` or `in`"));
    }
    let (predicate, source) = if let Some(range) = &node.range {
        if matches!(unit, Unit::Flag | Unit::Category) {
            return Err(checker.error(
                at,
                format!(
                    "`{name}` is a {}: test it with `{}`",
                    if unit == Unit::Flag { "flag" } else { "code" },
                    if unit == Unit::Flag { "is" } else { "in" }
                ),
            ));
        }
        let interval =
            Interval::parse(range, levels).map_err(|error| checker.error(at, error.to_string()))?;
        (Predicate::Range(interval), range.trim().to_owned())
    } else if let Some(is) = node.is {
        if unit != Unit::Flag {
            return Err(checker.error(at, format!("`{name}` is not a flag: use `range` or `in`")));
        }
        (Predicate::Is(is), format!("is {is}"))
    } else {
        let names = node.one_of.as_deref().unwrap_or_default();
        if levels.is_empty() {
            return Err(checker.error(at, format!("`{name}` has no named values: use `range`")));
        }
        if names.is_empty() {
            return Err(checker.error(at, "`in` is empty"));
        }
        let indices = names
            .iter()
            .map(|value| {
                levels
                    .iter()
                    .position(|level| level == value)
                    .ok_or_else(|| {
                        checker.error(
                            at,
                            format!("`{value}` is not one of {} (`{name}`)", levels.join(", ")),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        (Predicate::In(indices), format!("in [{}]", names.join(", ")))
    };
    // A requirement's or route's own label names the requirement; a nested test's label is a
    // note on what it stands for. The test itself keeps the measure's name, which reads right in
    // "R&D intensity 2.4 %, needs 3.0 %".
    let note = if node.id.is_none() {
        optional_label(checker, at, node)?
    } else {
        None
    };
    Ok(Test {
        label: measure.label(),
        note,
        measure,
        predicate,
        source,
    })
}

fn score_table(checker: &Checker<'_>, score: ScoreFile) -> Result<ScoreTable, RuleError> {
    let at = "score";
    let pass_total = score
        .pass_total
        .ok_or_else(|| checker.error(at, "`pass_total` is missing"))?;
    if score.group.is_empty() {
        return Err(checker.error(at, "a score table needs at least one [[score.group]]"));
    }
    let groups = score
        .group
        .iter()
        .map(|group| score_group(checker, group))
        .collect::<Result<Vec<_>, _>>()?;
    let table = ScoreTable { pass_total, groups };
    check_table(checker, &table)?;
    Ok(table)
}

fn check_table(checker: &Checker<'_>, table: &ScoreTable) -> Result<(), RuleError> {
    let most: f64 = table.groups.iter().map(|group| group.max).sum();
    if table.pass_total > most + POINTS_TOLERANCE {
        return Err(checker.error(
            "score",
            format!(
                "pass_total {} is above the {most} points the groups can give",
                table.pass_total
            ),
        ));
    }
    for (index, group) in table.groups.iter().enumerate() {
        if table.groups[..index]
            .iter()
            .any(|other| other.id == group.id)
        {
            return Err(checker.error(&format!("score.group[{}]", group.id), "duplicate group id"));
        }
    }
    Ok(())
}

fn score_group(checker: &Checker<'_>, group: &GroupFile) -> Result<Group, RuleError> {
    let at = format!("score.group[{}]", group.id);
    let indicators = group
        .indicator
        .iter()
        .map(|indicator| score_indicator(checker, &at, indicator))
        .collect::<Result<Vec<_>, _>>()?;
    if indicators.is_empty() {
        return Err(checker.error(&at, "a group needs at least one [[score.group.indicator]]"));
    }
    let sum: f64 = indicators.iter().map(|indicator| indicator.max).sum();
    if (sum - group.max).abs() > POINTS_TOLERANCE {
        return Err(checker.error(
            &at,
            format!("max is {} but its indicators give at most {sum}", group.max),
        ));
    }
    if let Some(min) = group.min_to_pass
        && min > group.max
    {
        return Err(checker.error(&at, format!("min_to_pass {min} is above max {}", group.max)));
    }
    Ok(Group {
        id: group.id.clone(),
        label: Text::new(group.zh.as_str(), group.en.as_str()),
        max: group.max,
        min_to_pass: group.min_to_pass,
        provincial: group.provincial,
        indicators,
    })
}

fn score_indicator(
    checker: &Checker<'_>,
    group_at: &str,
    file: &IndicatorFile,
) -> Result<Indicator, RuleError> {
    let at = format!("{group_at}.indicator[{}]", file.id);
    if file.max.is_nan() || file.max < 0.0 {
        return Err(checker.error(&at, "max must be a number ≥ 0"));
    }
    let measure = || -> Result<Measure, RuleError> {
        let name = file
            .measure
            .as_deref()
            .ok_or_else(|| checker.error(&at, "needs `measure`"))?;
        let params = MeasureParams {
            years: file.years,
            key: file.key.as_deref(),
            ..MeasureParams::default()
        };
        Measure::from_file(name, &params, checker.title)
            .map_err(|message| checker.error(&at, message))
    };
    let kind = file.kind.as_deref().unwrap_or("bands");
    let rule = match kind {
        "bands" => {
            if file.measure.is_some() || file.per.is_some() || file.points.is_some() {
                return Err(checker.error(
                    &at,
                    "a `bands` indicator states its measures in its bands, not `measure`/`per`/`points`",
                ));
            }
            let bands = bands(checker, &at, file)?;
            IndicatorRule::Bands {
                exhaustive: exhaustive(&bands),
                bands,
            }
        }
        "per_unit" => {
            let (Some(per), Some(points)) = (file.per, file.points) else {
                return Err(checker.error(&at, "a `per_unit` indicator needs `per` and `points`"));
            };
            if !(per > 0.0 && points > 0.0) {
                return Err(checker.error(&at, "`per` and `points` must be positive"));
            }
            no_bands(checker, &at, file)?;
            IndicatorRule::PerUnit {
                measure: numeric(checker, &at, measure()?)?,
                per,
                points,
            }
        }
        "direct" => {
            if file.per.is_some() || file.points.is_some() {
                return Err(checker.error(&at, "a `direct` indicator takes no `per`/`points`"));
            }
            no_bands(checker, &at, file)?;
            IndicatorRule::Direct {
                measure: numeric(checker, &at, measure()?)?,
            }
        }
        other => {
            return Err(checker.error(
                &at,
                format!("kind `{other}` is none of `bands`, `per_unit`, `direct`"),
            ));
        }
    };
    Ok(Indicator {
        id: file.id.clone(),
        label: Text::new(file.zh.as_str(), file.en.as_str()),
        max: file.max,
        unverified: file.unverified,
        rule,
    })
}

fn no_bands(checker: &Checker<'_>, at: &str, file: &IndicatorFile) -> Result<(), RuleError> {
    if file.band.is_empty() {
        Ok(())
    } else {
        Err(checker.error(at, "only a `bands` indicator has [[band]]s"))
    }
}

fn numeric(checker: &Checker<'_>, at: &str, measure: Measure) -> Result<Measure, RuleError> {
    if matches!(measure.unit(), Unit::Flag | Unit::Category) {
        Err(checker.error(at, "this indicator kind needs a numeric measure"))
    } else {
        Ok(measure)
    }
}

fn bands(checker: &Checker<'_>, at: &str, file: &IndicatorFile) -> Result<Vec<Band>, RuleError> {
    if file.band.is_empty() {
        return Err(checker.error(at, "a `bands` indicator needs at least one [[band]]"));
    }
    let mut bands = Vec::new();
    for (index, node) in file.band.iter().enumerate() {
        let band_at = format!("{at}.band[{index}]");
        let label = node.label.clone().ok_or_else(|| {
            checker.error(&band_at, "a band needs its `label` as the table writes it")
        })?;
        let points = node
            .points
            .ok_or_else(|| checker.error(&band_at, "a band needs `points`"))?;
        if !(0.0..=file.max + POINTS_TOLERANCE).contains(&points) {
            return Err(checker.error(
                &band_at,
                format!(
                    "points {points} lie outside 0..={} (the indicator's max)",
                    file.max
                ),
            ));
        }
        for (present, field) in [
            (node.id.is_some(), "id"),
            (node.replaces.is_some(), "replaces"),
            (node.unverified, "unverified"),
        ] {
            forbid(checker, &band_at, present, field)?;
        }
        let when = if node.otherwise {
            if index + 1 != file.band.len() {
                return Err(checker.error(&band_at, "the `otherwise` band must come last"));
            }
            if node.measure.is_some() || node.all.is_some() || node.any.is_some() {
                return Err(checker.error(&band_at, "an `otherwise` band has no condition"));
            }
            None
        } else {
            Some(condition(checker, &band_at, node)?)
        };
        bands.push(Band {
            label,
            points,
            when,
        });
    }
    let best = bands.iter().map(|band| band.points).fold(0.0, f64::max);
    if (best - file.max).abs() > POINTS_TOLERANCE {
        return Err(checker.error(
            at,
            format!("max is {} but the best band gives {best}", file.max),
        ));
    }
    check_disjoint(checker, at, &bands)?;
    Ok(bands)
}

/// Whether some band always applies: a catch-all band, or bands testing one measure whose
/// predicates cover every value (ranges from −∞ to +∞ without a gap, both flag values, every code).
fn exhaustive(bands: &[Band]) -> bool {
    if bands.iter().any(|band| band.when.is_none()) {
        return true;
    }
    let tests: Option<Vec<&Test>> = bands
        .iter()
        .map(|band| match &band.when {
            Some(Condition::Test(test)) => Some(test),
            _ => None,
        })
        .collect();
    let Some(tests) = tests else {
        return false;
    };
    let Some(first) = tests.first() else {
        return false;
    };
    if tests.iter().any(|test| test.measure != first.measure) {
        return false;
    }
    let mut ranges = Vec::new();
    let (mut seen_true, mut seen_false) = (false, false);
    let mut codes = vec![false; first.measure.levels().len()];
    for test in &tests {
        match &test.predicate {
            Predicate::Range(interval) => ranges.push(*interval),
            Predicate::Is(true) => seen_true = true,
            Predicate::Is(false) => seen_false = true,
            Predicate::In(indices) => {
                for index in indices {
                    if let Some(seen) = codes.get_mut(*index) {
                        *seen = true;
                    }
                }
            }
        }
    }
    if seen_true && seen_false {
        return true;
    }
    if !codes.is_empty() && codes.iter().all(|seen| *seen) {
        return true;
    }
    if ranges.len() != tests.len() {
        return false;
    }
    ranges.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(b.lo_closed.cmp(&a.lo_closed)));
    // Walk up the line: each range must start at or before where the covered part ends.
    let (mut reach, mut reach_closed) = (f64::NEG_INFINITY, false);
    for range in &ranges {
        let joins = range.lo < reach
            || (range.lo == reach && (range.lo_closed || reach_closed))
            || range.lo == f64::NEG_INFINITY;
        if !joins {
            return false;
        }
        if range.hi > reach || (range.hi == reach && range.hi_closed) {
            (reach, reach_closed) = (range.hi, range.hi_closed);
        }
    }
    reach == f64::INFINITY
}

/// Bands that all test one measure with a range must not overlap: each value gets one band, and
/// the file, not the order, says which.
fn check_disjoint(checker: &Checker<'_>, at: &str, bands: &[Band]) -> Result<(), RuleError> {
    let ranges: Option<Vec<(&Measure, &Interval)>> = bands
        .iter()
        .filter_map(|band| band.when.as_ref())
        .map(|when| match when {
            Condition::Test(Test {
                measure,
                predicate: Predicate::Range(interval),
                ..
            }) => Some((measure, interval)),
            _ => None,
        })
        .collect();
    let Some(ranges) = ranges else {
        return Ok(());
    };
    if ranges.windows(2).any(|pair| pair[0].0 != pair[1].0) {
        return Ok(());
    }
    for (i, (_, a)) in ranges.iter().enumerate() {
        for (j, (_, b)) in ranges.iter().enumerate().skip(i + 1) {
            if a.overlaps(b) {
                return Err(checker.error(
                    at,
                    format!(
                        "bands {i} (`{}`) and {j} (`{}`) overlap: state which band owns the shared edge",
                        bands[i].label, bands[j].label
                    ),
                ));
            }
        }
    }
    Ok(())
}

impl Overlay {
    /// The base rule set with this province's groups in place of its `provincial` ones.
    pub(crate) fn apply(&self, base: &RuleSet) -> Result<RuleSet, RuleError> {
        let checker = Checker {
            origin: &self.origin,
            title: base.title,
        };
        let Some(base_table) = &base.score else {
            return Err(checker.error("score", format!("`{}` has no score table", base.id)));
        };
        let mut table = base_table.clone();
        for file in &self.groups {
            let at = format!("score.group[{}]", file.id);
            let slot = table
                .groups
                .iter_mut()
                .find(|group| group.id == file.id)
                .ok_or_else(|| checker.error(&at, format!("`{}` has no such group", base.id)))?;
            if !slot.provincial {
                return Err(checker.error(
                    &at,
                    "only groups marked `provincial = true` in the base may be replaced",
                ));
            }
            let group = score_group(&checker, file)?;
            if (group.max - slot.max).abs() > POINTS_TOLERANCE {
                return Err(checker.error(&at, format!("max must stay {} (the base's)", slot.max)));
            }
            *slot = group;
        }
        check_table(&checker, &table)?;
        let mut notes = base.notes.clone();
        notes.push(format!(
            "provincial overlay `{}`: {}{}",
            self.id,
            self.document,
            self.document_number
                .as_deref()
                .map(|number| format!(" ({number})"))
                .unwrap_or_default()
        ));
        notes.extend(self.notes.iter().cloned());
        Ok(RuleSet {
            id: self.id.clone(),
            jurisdiction: self.jurisdiction.clone(),
            in_force_from: self.in_force_from.unwrap_or(base.in_force_from),
            in_force_until: self.in_force_until.or(base.in_force_until),
            unverified: base.unverified || self.unverified,
            notes,
            origin: self.origin.clone(),
            score: Some(table),
            ..base.clone()
        })
    }
}
