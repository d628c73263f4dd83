//! Shared helpers: the shipped rule book, dates, and small enterprise builders.

use std::sync::OnceLock;

use model::{SizeClass, TitleKind};
use rules::{Date, EnterpriseFacts, Evaluation, Evaluator, Points, RuleBook, Tri};

pub fn book() -> &'static RuleBook {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    BOOK.get_or_init(|| RuleBook::builtin().expect("the shipped rule files load"))
}

pub fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A date under the 2022 MIIT rules: "last year" is 2024.
pub const UNDER_2022: &str = "2025-06-01";
/// A date under the 2026 revision: "last year" is 2025.
pub const UNDER_2026: &str = "2026-06-01";

/// A small enterprise with nothing else known.
pub fn sme(id: &str) -> EnterpriseFacts {
    let mut facts = EnterpriseFacts::new(id);
    facts.size_class = Some(SizeClass::Small);
    facts
}

pub fn evaluate(title: TitleKind, on: &str, facts: &EnterpriseFacts) -> Evaluation<'static> {
    Evaluator::new(book(), date(on))
        .evaluate(facts, title)
        .expect("a rule set is in force")
}

/// Evaluates as the Shanxi (14) authority.
pub fn evaluate_in(
    region: &str,
    title: TitleKind,
    on: &str,
    facts: &EnterpriseFacts,
) -> Evaluation<'static> {
    Evaluator::new(book(), date(on))
        .for_region(region)
        .evaluate(facts, title)
        .expect("a rule set is in force")
}

/// The points of one score indicator.
pub fn indicator(evaluation: &Evaluation<'_>, id: &str) -> Points {
    evaluation
        .score
        .as_ref()
        .expect("the rule set has a score table")
        .groups
        .iter()
        .flat_map(|group| &group.indicators)
        .find(|indicator| indicator.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
        .points
}

/// The settled points of one indicator (panics when the facts leave them open).
pub fn points(evaluation: &Evaluation<'_>, id: &str) -> f64 {
    let points = indicator(evaluation, id);
    points
        .value()
        .unwrap_or_else(|| panic!("indicator {id} is not settled: {points:?}"))
}

pub fn group(evaluation: &Evaluation<'_>, id: &str) -> Points {
    evaluation
        .score
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .find(|group| group.id == id)
        .unwrap_or_else(|| panic!("no group {id}"))
        .points
}

pub fn requirement(evaluation: &Evaluation<'_>, id: &str) -> Tri {
    evaluation
        .requirements
        .iter()
        .find(|requirement| requirement.id == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))
        .outcome
}

pub fn route(evaluation: &Evaluation<'_>, id: &str) -> Tri {
    evaluation
        .routes
        .iter()
        .find(|route| route.id == id)
        .unwrap_or_else(|| panic!("no route {id}"))
        .outcome
}

/// Sets the IP counts `(high value, self-developed, class I, class II)`.
pub fn set_ip(facts: &mut EnterpriseFacts, (high, own, class1, class2): (u32, u32, u32, u32)) {
    facts.ip.class1_high_value = Some(high);
    facts.ip.class1_self_developed = Some(own);
    facts.ip.class1 = Some(class1);
    facts.ip.class2 = Some(class2);
}
