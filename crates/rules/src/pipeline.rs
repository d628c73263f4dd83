//! Cultivation pipelines (梯度培育): enterprises that qualify but hold no title, enterprises within
//! reach of the next tier, titles expiring soon, and holders that no longer meet the rules their
//! title was granted under (动态管理, dynamic adjustment).

use model::TitleKind;
use rayon::prelude::*;
use serde::Serialize;

use crate::date::Date;
use crate::evaluate::{Evaluation, Evaluator, Verdict};
use crate::facts::EnterpriseFacts;
use crate::ruleset::RuleSet;
use crate::text::Text;
use crate::tri::Tri;

/// The tier ladders, lowest first: MIIT's 创新型 → 专精特新 → 小巨人 → 单项冠军, and 链核 → 链主.
pub const TIER_LADDERS: &[&[TitleKind]] = &[
    &[
        TitleKind::InnovativeSme,
        TitleKind::SpecialisedSme,
        TitleKind::LittleGiant,
        TitleKind::SingleChampion,
    ],
    &[TitleKind::ChainCore, TitleKind::ChainMaster],
];

/// When an enterprise that fails a title counts as "within reach" of it.
///
/// Only the standard path counts (direct routes are not a gap to close). The enterprise is
/// within reach when it fails at most `max_failed` requirements (a failed score counts as one),
/// no requirement is undecided, every failed requirement has a numeric gap no larger than
/// `max_relative_gap` of its threshold (R&D intensity 2.8 % against 3 % is 6.7 %), and a failed
/// score lacks at most `max_score_shortfall` points (in total, or in any group). Yes/no
/// requirements (a certification, an own brand) are not small gaps unless `flags_are_small`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReachRule {
    pub max_failed: usize,
    pub max_relative_gap: f64,
    pub max_score_shortfall: f64,
    pub flags_are_small: bool,
}

impl Default for ReachRule {
    /// One failed requirement, within 10 % of its threshold or 5 points of the pass mark.
    fn default() -> ReachRule {
        ReachRule {
            max_failed: 1,
            max_relative_gap: 0.10,
            max_score_shortfall: 5.0,
            flags_are_small: false,
        }
    }
}

impl ReachRule {
    /// Whether a failing evaluation is within reach.
    pub fn within_reach(&self, evaluation: &Evaluation<'_>) -> bool {
        if evaluation.verdict != Verdict::DoesNotQualify {
            return false;
        }
        if evaluation
            .requirements
            .iter()
            .any(|requirement| requirement.outcome == Tri::Unknown)
        {
            return false;
        }
        let mut failed = 0;
        for requirement in evaluation.failed() {
            failed += 1;
            let small = !requirement.gaps.is_empty()
                && requirement.gaps.iter().all(|gap| {
                    if gap.is_numeric() {
                        gap.relative <= self.max_relative_gap
                    } else {
                        self.flags_are_small
                    }
                });
            if !small {
                return false;
            }
        }
        if let Some(score) = &evaluation.score {
            match score.outcome {
                Tri::Yes => {}
                Tri::Unknown => return false,
                Tri::No => {
                    failed += 1;
                    let short = score
                        .gap
                        .as_ref()
                        .map_or(f64::INFINITY, |gap| gap.largest_shortfall());
                    if short > self.max_score_shortfall {
                        return false;
                    }
                }
            }
        }
        (1..=self.max_failed).contains(&failed)
    }
}

/// Settings of a cultivation run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PipelineOptions {
    pub reach: ReachRule,
    /// "Expiring soon": valid today and lapsing within this many days.
    pub expiring_within_days: i64,
}

impl Default for PipelineOptions {
    fn default() -> PipelineOptions {
        PipelineOptions {
            reach: ReachRule::default(),
            expiring_within_days: 180,
        }
    }
}

/// Which pipeline an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Meets the rules in force and holds no valid title of that kind.
    QualifiesUnheld,
    /// Fails the next tier above its highest valid title, by a small margin ([`ReachRule`]).
    WithinReach,
    /// Holds a valid title that lapses within the window.
    Expiring,
    /// Holds a valid title but fails the rules it was granted under.
    NoLongerMeets,
}

impl Stage {
    pub fn label(self) -> Text {
        match self {
            Stage::QualifiesUnheld => Text::new("符合条件但未获称号", "qualifies, holds no title"),
            Stage::WithinReach => Text::new("接近下一梯度", "within reach of the next tier"),
            Stage::Expiring => Text::new("称号即将到期", "title expiring soon"),
            Stage::NoLongerMeets => Text::new("已不符合认定条件", "no longer meets the rules"),
        }
    }
}

/// One enterprise in one pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineEntry<'r> {
    pub stage: Stage,
    pub enterprise: String,
    pub title: TitleKind,
    /// The evaluation that put it there (for `NoLongerMeets`, under the rules of the grant).
    pub evaluation: Evaluation<'r>,
    /// For held titles: the last valid day and the days left from the evaluation date.
    pub valid_until: Option<Date>,
    pub days_left: Option<i64>,
}

/// Builds every pipeline for `titles` (those without a rule set in force are skipped).
pub fn cultivation<'r>(
    evaluator: &Evaluator<'r>,
    facts: &[EnterpriseFacts],
    titles: &[TitleKind],
    options: &PipelineOptions,
) -> Vec<PipelineEntry<'r>> {
    let sets: Vec<&'r RuleSet> = titles
        .iter()
        .filter_map(|title| evaluator.rule_set(*title).ok())
        .collect();
    facts
        .par_iter()
        .flat_map_iter(|firm| firm_entries(evaluator, firm, &sets, options))
        .collect()
}

fn firm_entries<'r>(
    evaluator: &Evaluator<'r>,
    firm: &EnterpriseFacts,
    sets: &[&'r RuleSet],
    options: &PipelineOptions,
) -> Vec<PipelineEntry<'r>> {
    let date = evaluator.date();
    let evaluations: Vec<Evaluation<'r>> = sets
        .iter()
        .map(|set| evaluator.evaluate_under(firm, set))
        .collect();
    let holds = |title: TitleKind| {
        evaluations
            .iter()
            .any(|e| e.title == title && e.held.as_ref().is_some_and(|held| held.valid))
    };
    let mut entries = Vec::new();
    let entry = |stage, evaluation: Evaluation<'r>| {
        let valid_until = evaluation.held.as_ref().and_then(|held| held.valid_until);
        PipelineEntry {
            stage,
            enterprise: firm.id.clone(),
            title: evaluation.title,
            valid_until,
            days_left: valid_until.map(|until| date.days_until(until)),
            evaluation,
        }
    };
    // The next tier of each ladder above the highest title held.
    let next_tiers: Vec<TitleKind> = TIER_LADDERS
        .iter()
        .filter_map(|ladder| {
            let highest = ladder.iter().rposition(|title| holds(*title));
            ladder.get(highest.map_or(0, |index| index + 1)).copied()
        })
        .collect();
    for evaluation in &evaluations {
        let held = evaluation.held.as_ref().filter(|held| held.valid);
        match held {
            None if evaluation.verdict == Verdict::Qualifies => {
                entries.push(entry(Stage::QualifiesUnheld, evaluation.clone()));
            }
            None => {
                if next_tiers.contains(&evaluation.title) && options.reach.within_reach(evaluation)
                {
                    entries.push(entry(Stage::WithinReach, evaluation.clone()));
                }
            }
            Some(held) => {
                if held
                    .valid_until
                    .is_some_and(|until| date.days_until(until) <= options.expiring_within_days)
                {
                    entries.push(entry(Stage::Expiring, evaluation.clone()));
                }
                // Dynamic adjustment judges a holder by the rules of its grant.
                let granted_under = evaluator
                    .granted_under(evaluation.title, held.granted, held.rule_set.as_deref())
                    .unwrap_or(evaluation.rule_set);
                let recheck = evaluator.evaluate_under(firm, granted_under);
                if recheck.verdict == Verdict::DoesNotQualify {
                    entries.push(entry(Stage::NoLongerMeets, recheck));
                }
            }
        }
    }
    entries
}

/// The pipelines as counts per stage and title, for a dashboard.
pub fn pipeline_counts(entries: &[PipelineEntry<'_>]) -> Vec<(Stage, TitleKind, usize)> {
    let mut counts: Vec<(Stage, TitleKind, usize)> = Vec::new();
    for entry in entries {
        match counts
            .iter_mut()
            .find(|(stage, title, _)| *stage == entry.stage && *title == entry.title)
        {
            Some((_, _, count)) => *count += 1,
            None => counts.push((entry.stage, entry.title, 1)),
        }
    }
    counts
}
