//! Batch screening: many enterprises, one or every title, in parallel; and the flat rows a CSV or
//! XLSX writer turns into a table (column names in Chinese and English).

use model::TitleKind;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::RuleError;
use crate::evaluate::{Evaluation, Evaluator, ScoreOutcome};
use crate::facts::EnterpriseFacts;
use crate::ruleset::RuleSet;
use crate::text::{Lang, Text, trim_number};
use crate::tri::Tri;

/// Evaluates every enterprise for every title under the rule sets in force (rayon). Results are
/// enterprise-major, in the order of `facts` and `titles`. Fails before any work when a title has
/// no rule set in force for the evaluator's date and region.
pub fn screen<'r>(
    evaluator: &Evaluator<'r>,
    facts: &[EnterpriseFacts],
    titles: &[TitleKind],
) -> Result<Vec<Evaluation<'r>>, RuleError> {
    screen_with(evaluator, facts, titles, |evaluation| evaluation)
}

/// Screens like [`screen`] and keeps only the table rows (in [`SCREEN_COLUMNS`] order): each
/// evaluation is dropped as soon as its row is made, so a province's screen holds rows, not
/// explanations, in memory.
pub fn screen_table(
    evaluator: &Evaluator<'_>,
    facts: &[EnterpriseFacts],
    titles: &[TitleKind],
    lang: Lang,
) -> Result<Vec<Vec<Cell>>, RuleError> {
    screen_with(evaluator, facts, titles, |evaluation| {
        ScreenRow(&evaluation).cells(lang)
    })
}

/// Screens like [`screen`] and hands each evaluation to `keep` as soon as it is made, keeping
/// only what `keep` returns (a row and its verdict, a count…), in the same order.
pub fn screen_with<'r, T: Send>(
    evaluator: &Evaluator<'r>,
    facts: &[EnterpriseFacts],
    titles: &[TitleKind],
    keep: impl Fn(Evaluation<'r>) -> T + Sync,
) -> Result<Vec<T>, RuleError> {
    let sets: Vec<&'r RuleSet> = titles
        .iter()
        .map(|title| evaluator.rule_set(*title))
        .collect::<Result<_, _>>()?;
    // An indexed iterator lets rayon write each result straight into its slot of the output.
    let per_firm = sets.len().max(1);
    Ok((0..facts.len() * sets.len())
        .into_par_iter()
        .map(|index| {
            keep(evaluator.evaluate_under(&facts[index / per_firm], sets[index % per_firm]))
        })
        .collect())
}

/// A column of the screening table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Stable key for files and the API.
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The columns of [`ScreenRow::cells`], in order.
pub const SCREEN_COLUMNS: &[Column] = &[
    Column {
        key: "enterprise_id",
        zh: "企业标识",
        en: "Enterprise ID",
    },
    Column {
        key: "enterprise_name",
        zh: "企业名称",
        en: "Enterprise name",
    },
    Column {
        key: "title",
        zh: "称号",
        en: "Title",
    },
    Column {
        key: "rule_set",
        zh: "适用规则版本",
        en: "Rule set",
    },
    Column {
        key: "unverified",
        zh: "规则未核实",
        en: "Rules unverified",
    },
    Column {
        key: "verdict",
        zh: "结论",
        en: "Verdict",
    },
    Column {
        key: "route",
        zh: "直通条件",
        en: "Direct route",
    },
    Column {
        key: "score",
        zh: "得分",
        en: "Score",
    },
    Column {
        key: "pass_mark",
        zh: "及格分",
        en: "Pass mark",
    },
    Column {
        key: "group_scores",
        zh: "分组得分",
        en: "Scores by group",
    },
    Column {
        key: "unmet",
        zh: "未满足条件",
        en: "Unmet conditions",
    },
    Column {
        key: "missing",
        zh: "缺少数据",
        en: "Missing data",
    },
    Column {
        key: "gaps",
        zh: "差距与建议",
        en: "Gaps to close",
    },
    Column {
        key: "held",
        zh: "持有称号",
        en: "Title held",
    },
    Column {
        key: "held_until",
        zh: "称号有效期至",
        en: "Held until",
    },
];

/// One cell: text, a number (kept numeric for spreadsheets), or nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    /// The cell as CSV text (numbers with as many digits as they need to round-trip).
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// An evaluation as a table row.
#[derive(Debug, Clone, Copy)]
pub struct ScreenRow<'a, 'r>(pub &'a Evaluation<'r>);

impl ScreenRow<'_, '_> {
    /// The failed requirements, and the score when it fails (the "unmet" cell as a list).
    pub fn unmet(&self, lang: Lang) -> Vec<String> {
        let evaluation = self.0;
        let mut unmet: Vec<String> = evaluation
            .failed()
            .map(|r| r.label.get(lang).to_owned())
            .collect();
        if let Some(score) = evaluation
            .score
            .as_ref()
            .filter(|score| score.outcome == Tri::No)
        {
            unmet.push(score_failure(score, lang));
        }
        unmet
    }

    /// What to change: each gap of a failed requirement, then the score's shortfall and the next
    /// band of each indicator (the "gaps" cell as a list).
    pub fn gaps(&self, lang: Lang) -> Vec<String> {
        let evaluation = self.0;
        let mut gaps: Vec<String> = evaluation.gaps().map(|gap| gap.message_in(lang)).collect();
        if let Some(score) = &evaluation.score {
            gaps.extend(score_advice(score, lang));
        }
        gaps
    }

    /// The cells, in [`SCREEN_COLUMNS`] order.
    pub fn cells(&self, lang: Lang) -> Vec<Cell> {
        let evaluation = self.0;
        let pick = |text: &Text| text.get(lang).to_owned();
        let separator = match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        };
        let yes_no = |value: bool| match (lang, value) {
            (Lang::Zh, true) => "是",
            (Lang::Zh, false) => "否",
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
        };
        let title = match lang {
            Lang::Zh => evaluation.title.label_zh().to_owned(),
            Lang::En => evaluation.title.as_str().to_owned(),
        };
        let score = evaluation.score.as_ref();
        let score_cell = match score.map(|score| score.total) {
            None => Cell::Empty,
            Some(total) => match total.value() {
                Some(value) => Cell::Number(value),
                None => Cell::Text(total.to_text()),
            },
        };
        let unmet = self.unmet(lang);
        let missing: Vec<String> = evaluation
            .missing
            .iter()
            .map(|fact| fact.label_in(lang))
            .collect();
        let gaps = self.gaps(lang);
        let held = evaluation
            .held
            .as_ref()
            .map(|held| match (lang, held.valid) {
                (Lang::Zh, true) => "持有（有效）".to_owned(),
                (Lang::Zh, false) => "曾持有（已过期）".to_owned(),
                (Lang::En, true) => "held (valid)".to_owned(),
                (Lang::En, false) => "held (expired)".to_owned(),
            });
        vec![
            Cell::text(evaluation.enterprise.clone()),
            Cell::text(evaluation.name.clone().unwrap_or_default()),
            Cell::text(title),
            Cell::text(evaluation.rule_set.id.clone()),
            Cell::text(yes_no(evaluation.unverified())),
            Cell::text(pick(&evaluation.verdict.label())),
            Cell::text(
                evaluation
                    .route
                    .map(|route| pick(&route.label))
                    .unwrap_or_default(),
            ),
            score_cell,
            score.map_or(Cell::Empty, |score| Cell::Number(score.pass_total)),
            Cell::text(
                score
                    .map(|score| group_scores(score, lang))
                    .unwrap_or_default(),
            ),
            Cell::text(unmet.join(separator)),
            Cell::text(missing.join(separator)),
            Cell::text(gaps.join(separator)),
            Cell::text(held.unwrap_or_default()),
            Cell::text(
                evaluation
                    .held
                    .as_ref()
                    .and_then(|held| held.valid_until)
                    .map(|date| date.to_string())
                    .unwrap_or_default(),
            ),
        ]
    }
}

/// "创新能力 30/40；成长性 …".
fn group_scores(score: &ScoreOutcome<'_>, lang: Lang) -> String {
    let parts: Vec<String> = score
        .groups
        .iter()
        .map(|group| {
            format!(
                "{} {}/{}",
                group.label.get(lang),
                group.points.to_text(),
                trim_number(group.max, 1)
            )
        })
        .collect();
    parts.join(if lang == Lang::Zh { "；" } else { "; " })
}

fn score_failure(score: &ScoreOutcome<'_>, lang: Lang) -> String {
    let total = score.total.to_text();
    let pass = trim_number(score.pass_total, 1);
    match lang {
        Lang::Zh => format!("评价得分{total}分（需{pass}分且各组达标）"),
        Lang::En => format!("score {total} (needs {pass} and each group's minimum)"),
    }
}

/// The score gap as sentences: points short, groups short, and the next band of each indicator.
fn score_advice(score: &ScoreOutcome<'_>, lang: Lang) -> Vec<String> {
    let Some(gap) = &score.gap else {
        return Vec::new();
    };
    let mut advice = Vec::new();
    if gap.total_short > 0.0 {
        let short = trim_number(gap.total_short, 1);
        advice.push(match lang {
            Lang::Zh => format!("总分还差{short}分"),
            Lang::En => format!("{short} points short in total"),
        });
    }
    for (_, label, short) in &gap.groups_short {
        let short = trim_number(*short, 1);
        advice.push(match lang {
            Lang::Zh => format!("{}还差{short}分", label.zh),
            Lang::En => format!("{} {short} points short", label.en),
        });
    }
    for upgrade in &gap.upgrades {
        let how: Vec<String> = upgrade
            .gaps
            .iter()
            .map(|gap| gap.message_in(lang))
            .collect();
        let (from, to) = (trim_number(upgrade.from, 1), trim_number(upgrade.to, 1));
        advice.push(match lang {
            Lang::Zh => format!(
                "{}可由{from}分提至{to}分（{}）",
                upgrade.label.zh,
                how.join("，")
            ),
            Lang::En => format!(
                "{}: {from} → {to} points ({})",
                upgrade.label.en,
                how.join(", ")
            ),
        });
    }
    advice
}
