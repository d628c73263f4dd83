//! Evaluating one enterprise against one title's rules on one date, with the explanation: which
//! requirements hold, the score by group and indicator, the direct route used, the missing facts
//! and the gaps to close.

use model::TitleKind;
use serde::{Serialize, Serializer};

use crate::book::RuleBook;
use crate::date::Date;
use crate::error::RuleError;
use crate::facts::{EnterpriseFacts, HeldTitle, MissingFact};
use crate::gap::{Gap, condition_gaps};
use crate::measure::{ReadContext, Reading};
use crate::ruleset::{
    Condition, Group, Indicator, IndicatorRule, Predicate, Replaced, Route, RuleSet, ScoreTable,
    Test,
};
use crate::text::{Text, trim_number};
use crate::tri::Tri;

/// 高新技术企业 certificates are valid for three years (高新技术企业认定管理办法); no rule set of
/// this crate grants them, so the term lives here.
const HIGH_TECH_VALIDITY_YEARS: i32 = 3;

/// The answer for one enterprise and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Qualifies,
    DoesNotQualify,
    /// The facts given cannot decide; [`Evaluation::missing`] names what would.
    CannotTell,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Qualifies => "qualifies",
            Verdict::DoesNotQualify => "does_not_qualify",
            Verdict::CannotTell => "cannot_tell",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Verdict::Qualifies => Text::new("符合", "qualifies"),
            Verdict::DoesNotQualify => Text::new("不符合", "does not qualify"),
            Verdict::CannotTell => Text::new("无法判断", "cannot tell"),
        }
    }

    fn from_tri(tri: Tri) -> Verdict {
        match tri {
            Tri::Yes => Verdict::Qualifies,
            Tri::No => Verdict::DoesNotQualify,
            Tri::Unknown => Verdict::CannotTell,
        }
    }
}

/// A number of points, or the range it lies in when facts are missing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Points {
    pub lo: f64,
    pub hi: f64,
}

impl Points {
    /// The points, when known.
    pub fn value(self) -> Option<f64> {
        (self.lo == self.hi).then_some(self.lo)
    }

    /// "85", or the range "80–85" while facts are missing (at most one decimal).
    pub fn to_text(self) -> String {
        match self.value() {
            Some(value) => trim_number(value, 1),
            None => format!("{}–{}", trim_number(self.lo, 1), trim_number(self.hi, 1)),
        }
    }

    fn add(self, other: Points) -> Points {
        Points {
            lo: self.lo + other.lo,
            hi: self.hi + other.hi,
        }
    }

    /// Whether the points reach `min`.
    fn reaches(self, min: f64) -> Tri {
        if self.lo >= min {
            Tri::Yes
        } else if self.hi < min {
            Tri::No
        } else {
            Tri::Unknown
        }
    }
}

/// One test as evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestOutcome<'r> {
    pub test: &'r Test,
    pub reading: Reading,
    pub outcome: Tri,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementOutcome<'r> {
    pub id: &'r str,
    pub label: &'r Text,
    pub unverified: bool,
    pub outcome: Tri,
    pub tests: Vec<TestOutcome<'r>>,
    /// Facts that would settle it, while it cannot tell.
    pub missing: Vec<MissingFact>,
    /// What to change, when it fails.
    pub gaps: Vec<Gap<'r>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteOutcome<'r> {
    pub id: &'r str,
    pub label: &'r Text,
    /// The route's own condition.
    pub outcome: Tri,
    /// The route together with the requirements it does not replace.
    pub path: Tri,
    pub tests: Vec<TestOutcome<'r>>,
    /// Facts that would settle the route's own condition, while it cannot tell.
    pub missing: Vec<MissingFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorOutcome<'r> {
    pub id: &'r str,
    pub label: &'r Text,
    pub max: f64,
    pub unverified: bool,
    pub points: Points,
    /// The band hit, as the table writes it, when it is settled.
    pub band: Option<&'r str>,
    pub missing: Vec<MissingFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome<'r> {
    pub id: &'r str,
    pub label: &'r Text,
    pub max: f64,
    pub min_to_pass: Option<f64>,
    pub points: Points,
    pub outcome: Tri,
    pub indicators: Vec<IndicatorOutcome<'r>>,
}

/// A better band an indicator could reach, and what it takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upgrade<'r> {
    pub indicator: &'r str,
    pub label: &'r Text,
    pub from: f64,
    pub to: f64,
    pub band: &'r str,
    pub gaps: Vec<Gap<'r>>,
}

/// How far a failed score is from passing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreGap<'r> {
    /// Points the total lacks (0 when only a group minimum fails).
    pub total_short: f64,
    /// Groups below their own minimum: `(group id, label, points short)`.
    pub groups_short: Vec<(&'r str, &'r Text, f64)>,
    /// For each banded indicator not at its best, the next band up.
    pub upgrades: Vec<Upgrade<'r>>,
}

impl ScoreGap<'_> {
    /// The largest shortfall, total or group: what "within reach" compares with its margin.
    pub fn largest_shortfall(&self) -> f64 {
        self.groups_short
            .iter()
            .map(|(_, _, short)| *short)
            .fold(self.total_short, f64::max)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreOutcome<'r> {
    pub pass_total: f64,
    pub total: Points,
    pub outcome: Tri,
    pub groups: Vec<GroupOutcome<'r>>,
    pub gap: Option<ScoreGap<'r>>,
}

/// A title the enterprise holds, as of the evaluation date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldStatus {
    pub granted: Date,
    pub valid_until: Option<Date>,
    /// The rule set it was granted under (given, or the one in force on the grant date).
    pub rule_set: Option<String>,
    /// Valid on the evaluation date — titles granted under old rules stay valid until they expire.
    pub valid: bool,
}

/// The full answer for one enterprise and title on one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation<'r> {
    pub enterprise: String,
    pub name: Option<String>,
    pub title: TitleKind,
    #[serde(serialize_with = "rule_set_summary")]
    pub rule_set: &'r RuleSet,
    pub date: Date,
    pub verdict: Verdict,
    /// The direct-qualification route the enterprise qualifies by, if any.
    #[serde(serialize_with = "route_id")]
    pub route: Option<&'r Route>,
    pub requirements: Vec<RequirementOutcome<'r>>,
    pub score: Option<ScoreOutcome<'r>>,
    pub routes: Vec<RouteOutcome<'r>>,
    /// When the verdict is "cannot tell": the facts that would settle it, sorted.
    pub missing: Vec<MissingFact>,
    pub held: Option<HeldStatus>,
}

fn rule_set_summary<S: Serializer>(set: &&RuleSet, serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Summary<'a> {
        id: &'a str,
        name: &'a Text,
        document: &'a str,
        document_number: Option<&'a str>,
        unverified: bool,
    }
    Summary {
        id: &set.id,
        name: &set.name,
        document: &set.document,
        document_number: set.document_number.as_deref(),
        unverified: set.unverified,
    }
    .serialize(serializer)
}

fn route_id<S: Serializer>(route: &Option<&Route>, serializer: S) -> Result<S::Ok, S::Error> {
    route.map(|route| route.id.as_str()).serialize(serializer)
}

impl<'r> Evaluation<'r> {
    /// Requirements that fail.
    pub fn failed(&self) -> impl Iterator<Item = &RequirementOutcome<'r>> {
        self.requirements
            .iter()
            .filter(|requirement| requirement.outcome == Tri::No)
    }

    /// Every gap of the failed requirements.
    pub fn gaps(&self) -> impl Iterator<Item = &Gap<'r>> {
        self.failed()
            .flat_map(|requirement| requirement.gaps.iter())
    }

    /// Whether the rule set or any part used is marked unverified.
    pub fn unverified(&self) -> bool {
        self.rule_set.unverified
            || self
                .requirements
                .iter()
                .any(|requirement| requirement.unverified)
            || self.score.as_ref().is_some_and(|score| {
                score
                    .groups
                    .iter()
                    .flat_map(|group| &group.indicators)
                    .any(|indicator| indicator.unverified)
            })
    }
}

/// Evaluates enterprises on one date for the authority of one region.
#[derive(Debug, Clone)]
pub struct Evaluator<'r> {
    book: &'r RuleBook,
    date: Date,
    region: Option<String>,
}

impl<'r> Evaluator<'r> {
    /// National rules only; see [`Evaluator::for_region`].
    pub fn new(book: &'r RuleBook, date: Date) -> Evaluator<'r> {
        Evaluator {
            book,
            date,
            region: None,
        }
    }

    /// Evaluates as the authority of `region` (a GB/T 2260 code or prefix, e.g. `14` for Shanxi):
    /// its provincial rule sets (chain-masters, 特色化 overlays) apply.
    pub fn for_region(mut self, region: impl Into<String>) -> Evaluator<'r> {
        self.region = Some(region.into());
        self
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub fn book(&self) -> &'r RuleBook {
        self.book
    }

    /// The rule set in force for `title`.
    pub fn rule_set(&self, title: TitleKind) -> Result<&'r RuleSet, RuleError> {
        self.book.in_force(title, self.date, self.region())
    }

    /// Evaluates under the rule set in force for `title`.
    pub fn evaluate(
        &self,
        facts: &EnterpriseFacts,
        title: TitleKind,
    ) -> Result<Evaluation<'r>, RuleError> {
        Ok(self.evaluate_under(facts, self.rule_set(title)?))
    }

    /// Evaluates under a given rule set (e.g. the one a held title was granted under).
    pub fn evaluate_under(&self, facts: &EnterpriseFacts, set: &'r RuleSet) -> Evaluation<'r> {
        let requirements: Vec<RequirementOutcome<'r>> = set
            .requirements
            .iter()
            .map(|requirement| {
                let mut tests = Vec::new();
                let (outcome, missing) = self.condition(&requirement.condition, facts, &mut tests);
                RequirementOutcome {
                    id: &requirement.id,
                    label: &requirement.label,
                    unverified: requirement.unverified,
                    outcome,
                    tests,
                    missing,
                    gaps: Vec::new(),
                }
            })
            .collect();
        let mut score = set.score.as_ref().map(|table| self.score(table, facts));
        let score_outcome = score.as_ref().map_or(Tri::Yes, |score| score.outcome);
        let standard = Tri::all(requirements.iter().map(|r| r.outcome)).and(score_outcome);

        let routes: Vec<RouteOutcome<'r>> = set
            .routes
            .iter()
            .map(|route| {
                let mut tests = Vec::new();
                let (outcome, missing) = self.condition(&route.condition, facts, &mut tests);
                let kept = requirements.iter().enumerate().filter_map(|(index, r)| {
                    (!route.replaces.contains(&Replaced::Requirement(index))).then_some(r.outcome)
                });
                let score_kept = if route.replaces.contains(&Replaced::Score) {
                    Tri::Yes
                } else {
                    score_outcome
                };
                RouteOutcome {
                    id: &route.id,
                    label: &route.label,
                    outcome,
                    path: outcome.and(Tri::all(kept)).and(score_kept),
                    tests,
                    missing,
                }
            })
            .collect();
        let verdict = Verdict::from_tri(standard.or(Tri::any(routes.iter().map(|r| r.path))));
        let route = routes
            .iter()
            .position(|route| route.path == Tri::Yes)
            .map(|index| &set.routes[index]);

        let mut requirements = requirements;
        if verdict != Verdict::Qualifies {
            for (outcome, requirement) in requirements.iter_mut().zip(&set.requirements) {
                if outcome.outcome == Tri::No {
                    outcome.gaps = condition_gaps(&requirement.condition, facts, self).1;
                }
            }
            if let (Some(score), Some(table)) = (score.as_mut(), set.score.as_ref())
                && score.outcome == Tri::No
            {
                score.gap = Some(self.score_gap(table, score, facts));
            }
        }

        // Only an undecided verdict needs more data, and only for the parts of an undecided path
        // (the standard one, or a route with what it keeps).
        let mut missing: Vec<MissingFact> = Vec::new();
        if verdict == Verdict::CannotTell {
            let open_routes: Vec<&Route> = routes
                .iter()
                .zip(&set.routes)
                .filter(|(outcome, _)| outcome.path == Tri::Unknown)
                .map(|(_, route)| route)
                .collect();
            let needed = |part: Replaced| {
                standard == Tri::Unknown
                    || open_routes
                        .iter()
                        .any(|route| !route.replaces.contains(&part))
            };
            for (index, requirement) in requirements.iter().enumerate() {
                if needed(Replaced::Requirement(index)) {
                    missing.extend(requirement.missing.iter().cloned());
                }
            }
            for route in routes.iter().filter(|route| route.path == Tri::Unknown) {
                missing.extend(route.missing.iter().cloned());
            }
            if let Some(score) = score.as_ref().filter(|s| s.outcome == Tri::Unknown)
                && needed(Replaced::Score)
            {
                missing.extend(
                    score
                        .groups
                        .iter()
                        .flat_map(|group| &group.indicators)
                        .flat_map(|indicator| indicator.missing.iter().cloned()),
                );
            }
        }
        missing.sort();
        missing.dedup();

        Evaluation {
            enterprise: facts.id.clone(),
            name: facts.name.clone(),
            title: set.title,
            rule_set: set,
            date: self.date,
            verdict,
            route,
            requirements,
            score,
            routes,
            missing,
            held: self.held_status(facts, set.title),
        }
    }

    /// Evaluates a condition tree, recording each test, and returns its outcome with the facts
    /// that would settle it (none once it is settled: a test that cannot tell inside a decided
    /// `any` or `all` needs no data).
    fn condition(
        &self,
        condition: &'r Condition,
        facts: &EnterpriseFacts,
        trace: &mut Vec<TestOutcome<'r>>,
    ) -> (Tri, Vec<MissingFact>) {
        match condition {
            Condition::Test(test) => {
                let reading = test.measure.read(facts, self);
                let outcome = test_outcome(test, &reading);
                let missing = if outcome == Tri::Unknown {
                    reading.missing.clone()
                } else {
                    Vec::new()
                };
                trace.push(TestOutcome {
                    test,
                    reading,
                    outcome,
                });
                (outcome, missing)
            }
            // Every part is evaluated (no short cut) so the explanation lists each test.
            Condition::All { parts, .. } | Condition::Any { parts, .. } => {
                let all = matches!(condition, Condition::All { .. });
                let mut outcome = if all { Tri::Yes } else { Tri::No };
                let mut missing = Vec::new();
                for part in parts {
                    let (part_outcome, part_missing) = self.condition(part, facts, trace);
                    outcome = if all {
                        outcome.and(part_outcome)
                    } else {
                        outcome.or(part_outcome)
                    };
                    missing.extend(part_missing);
                }
                if outcome != Tri::Unknown {
                    missing.clear();
                }
                (outcome, missing)
            }
        }
    }

    fn score(&self, table: &'r ScoreTable, facts: &EnterpriseFacts) -> ScoreOutcome<'r> {
        let groups: Vec<GroupOutcome<'r>> = table
            .groups
            .iter()
            .map(|group| self.group(group, facts))
            .collect();
        let total = groups
            .iter()
            .fold(Points { lo: 0.0, hi: 0.0 }, |acc, group| {
                acc.add(group.points)
            });
        let outcome = total
            .reaches(table.pass_total)
            .and(Tri::all(groups.iter().map(|group| group.outcome)));
        ScoreOutcome {
            pass_total: table.pass_total,
            total,
            outcome,
            groups,
            gap: None,
        }
    }

    fn group(&self, group: &'r Group, facts: &EnterpriseFacts) -> GroupOutcome<'r> {
        let indicators: Vec<IndicatorOutcome<'r>> = group
            .indicators
            .iter()
            .map(|indicator| self.indicator(indicator, facts))
            .collect();
        let points = indicators
            .iter()
            .fold(Points { lo: 0.0, hi: 0.0 }, |acc, i| acc.add(i.points));
        GroupOutcome {
            id: &group.id,
            label: &group.label,
            max: group.max,
            min_to_pass: group.min_to_pass,
            points,
            outcome: group
                .min_to_pass
                .map_or(Tri::Yes, |min| points.reaches(min)),
            indicators,
        }
    }

    fn indicator(&self, indicator: &'r Indicator, facts: &EnterpriseFacts) -> IndicatorOutcome<'r> {
        let mut missing = Vec::new();
        let mut band = None;
        let points = match &indicator.rule {
            IndicatorRule::Bands { bands, exhaustive } => {
                // First band that holds gives its points; bands that cannot tell before it make
                // their points possible too.
                let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                let mut undecided = false;
                let mut settled = false;
                for candidate in bands {
                    let outcome = match &candidate.when {
                        None => Tri::Yes,
                        Some(when) => {
                            let (outcome, band_missing) =
                                self.condition(when, facts, &mut Vec::new());
                            missing.extend(band_missing);
                            outcome
                        }
                    };
                    if outcome != Tri::No {
                        lo = lo.min(candidate.points);
                        hi = hi.max(candidate.points);
                    }
                    if outcome == Tri::Unknown {
                        undecided = true;
                    }
                    if outcome == Tri::Yes {
                        if !undecided {
                            band = Some(candidate.label.as_str());
                        }
                        settled = true;
                        break;
                    }
                }
                if !settled && !exhaustive {
                    // Possibly no band applies: no points.
                    lo = lo.min(0.0);
                    hi = hi.max(0.0);
                }
                Points { lo, hi }
            }
            IndicatorRule::PerUnit {
                measure,
                per,
                points,
            } => {
                let reading = measure.read(facts, self);
                let score = |value: f64| (points * (value / per).floor()).clamp(0.0, indicator.max);
                if reading.value().is_none() {
                    missing = reading.missing.clone();
                }
                Points {
                    lo: score(reading.lo),
                    hi: score(reading.hi),
                }
            }
            IndicatorRule::Direct { measure } => {
                let reading = measure.read(facts, self);
                if reading.value().is_none() {
                    missing = reading.missing.clone();
                }
                Points {
                    lo: reading.lo.clamp(0.0, indicator.max),
                    hi: reading.hi.clamp(0.0, indicator.max),
                }
            }
        };
        missing.sort();
        missing.dedup();
        IndicatorOutcome {
            id: &indicator.id,
            label: &indicator.label,
            max: indicator.max,
            unverified: indicator.unverified,
            points,
            band,
            missing,
        }
    }

    fn score_gap(
        &self,
        table: &'r ScoreTable,
        score: &ScoreOutcome<'r>,
        facts: &EnterpriseFacts,
    ) -> ScoreGap<'r> {
        let groups_short = score
            .groups
            .iter()
            .filter_map(|group| {
                let min = group.min_to_pass?;
                (group.points.hi < min).then_some((group.id, group.label, min - group.points.hi))
            })
            .collect();
        let mut upgrades = Vec::new();
        let scored = table
            .groups
            .iter()
            .zip(&score.groups)
            .flat_map(|(group, outcome)| group.indicators.iter().zip(&outcome.indicators));
        for (indicator, outcome) in scored {
            let IndicatorRule::Bands { bands, .. } = &indicator.rule else {
                continue;
            };
            let Some(current) = outcome.points.value() else {
                continue;
            };
            // The next band up that the facts say is not yet met, with what it takes.
            let next = bands
                .iter()
                .filter(|band| band.points > current)
                .filter_map(|band| {
                    let (outcome, gaps) = condition_gaps(band.when.as_ref()?, facts, self);
                    (outcome == Tri::No && !gaps.is_empty()).then_some((band, gaps))
                })
                .min_by(|(a, _), (b, _)| a.points.total_cmp(&b.points));
            if let Some((band, gaps)) = next {
                upgrades.push(Upgrade {
                    indicator: &indicator.id,
                    label: &indicator.label,
                    from: current,
                    to: band.points,
                    band: &band.label,
                    gaps,
                });
            }
        }
        ScoreGap {
            total_short: (score.pass_total - score.total.hi).max(0.0),
            groups_short,
            upgrades,
        }
    }

    /// The title of this kind the enterprise holds: the one valid on the date, else the latest.
    fn held_status(&self, facts: &EnterpriseFacts, title: TitleKind) -> Option<HeldStatus> {
        let held = facts.titles.as_ref()?;
        let status = |held: &HeldTitle| {
            let valid_until = self.title_valid_until(held);
            HeldStatus {
                granted: held.granted,
                valid_until,
                rule_set: held.rule_set.clone().or_else(|| {
                    self.book
                        .in_force(title, held.granted, self.region())
                        .ok()
                        .map(|set| set.id.clone())
                }),
                valid: held.granted <= self.date
                    && valid_until.is_none_or(|until| self.date <= until),
            }
        };
        let mut statuses: Vec<HeldStatus> = held
            .iter()
            .filter(|held| held.title == title)
            .map(status)
            .collect();
        statuses.sort_by_key(|status| (status.valid, status.granted));
        statuses.pop()
    }

    /// The rule set a title was granted under: the one its record names when the book holds it,
    /// else (unnamed, or named by a reference the book does not know, such as a 文号) the one in
    /// force on the grant date.
    pub fn granted_under(
        &self,
        title: TitleKind,
        granted: Date,
        rule_set: Option<&str>,
    ) -> Option<&'r RuleSet> {
        rule_set
            .and_then(|id| self.book.get(id))
            .or_else(|| self.book.in_force(title, granted, self.region()).ok())
    }

    /// Last day a held title is valid: as stated, else by the rule set it was granted under.
    pub fn title_valid_until(&self, held: &HeldTitle) -> Option<Date> {
        if held.valid_until.is_some() {
            return held.valid_until;
        }
        if held.title == TitleKind::HighTech {
            return Some(
                held.granted
                    .add_years(HIGH_TECH_VALIDITY_YEARS)
                    .add_days(-1),
            );
        }
        self.granted_under(held.title, held.granted, held.rule_set.as_deref())
            .and_then(|set| set.title_valid_until(held.granted))
    }
}

impl ReadContext for Evaluator<'_> {
    fn date(&self) -> Date {
        self.date
    }

    fn title_valid_until(&self, held: &HeldTitle) -> Option<Date> {
        Evaluator::title_valid_until(self, held)
    }

    fn qualifies_for(&self, facts: &EnterpriseFacts, title: TitleKind) -> Reading {
        match self.evaluate(facts, title) {
            Ok(evaluation) => match evaluation.verdict {
                Verdict::Qualifies => Reading::known(1.0),
                Verdict::DoesNotQualify => Reading::known(0.0),
                Verdict::CannotTell => Reading::unknown(0.0, 1.0, evaluation.missing),
            },
            // No rules for that title here: nobody qualifies under rules that do not exist.
            Err(_) => Reading::known(0.0),
        }
    }
}

/// Whether a reading passes a test.
pub(crate) fn test_outcome(test: &Test, reading: &Reading) -> Tri {
    match &test.predicate {
        Predicate::Range(interval) => interval.test_range(reading.lo, reading.hi),
        Predicate::Is(wanted) => {
            if reading.lo >= 0.5 {
                Tri::from_bool(*wanted)
            } else if reading.hi < 0.5 {
                Tri::from_bool(!*wanted)
            } else {
                Tri::Unknown
            }
        }
        Predicate::In(codes) => match reading.value() {
            Some(code) => Tri::from_bool(code >= 0.0 && codes.contains(&(code as usize))),
            None => Tri::Unknown,
        },
    }
}
