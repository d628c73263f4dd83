//! One enterprise's eligibility in full, for its page and for `chainchief rules explain`: the
//! facts used and where the derived ones came from, every title's evaluation (verdict, score by
//! group and indicator, route, gaps with amounts, missing facts) and its cultivation pipelines.

use model::TitleKind;
use rules::{
    Date, EnterpriseFacts, Evaluation, Evaluator, Lang, PipelineOptions, Points, ScreenRow, Stage,
    TestOutcome, Text, Tri, cultivation, format_value,
};
use serde::Serialize;

use super::screening::title_text;
use super::{DerivedFact, EligibilityData, UnreadableFact};
use crate::AnalyticsError;
use crate::table::{Cell, Column, Format, Table};

/// A pipeline the enterprise is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PipelineMark {
    pub stage: Stage,
    pub title: TitleKind,
    pub valid_until: Option<Date>,
    pub days_left: Option<i64>,
}

/// Everything the rules say about one enterprise on one date (serialises for the API).
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseEligibility<'r> {
    pub uscc: String,
    pub name: Option<String>,
    pub region: Option<String>,
    pub date: Date,
    /// The evaluating authority's region (whose provincial rules apply).
    pub authority: Option<String>,
    /// The facts the rules read.
    pub facts: EnterpriseFacts,
    /// Facts that came from the designation register, the supply links or the monthly reports
    /// rather than from the enterprise's filings.
    pub derived: Vec<DerivedFact>,
    /// Stored values of this enterprise that could not be read (treated as unknown).
    pub unreadable: Vec<UnreadableFact>,
    /// One per title, in the order asked for.
    pub evaluations: Vec<Evaluation<'r>>,
    pub pipelines: Vec<PipelineMark>,
}

/// Evaluates the enterprise at `index` of `data` for `titles`.
pub fn explain<'r>(
    data: &EligibilityData,
    index: usize,
    evaluator: &Evaluator<'r>,
    titles: &[TitleKind],
    options: &PipelineOptions,
) -> Result<EnterpriseEligibility<'r>, AnalyticsError> {
    let facts = data
        .facts
        .get(index)
        .ok_or_else(|| AnalyticsError::Corrupt {
            value: index.to_string(),
            reason: "no enterprise at this position of the loaded facts".into(),
        })?;
    let evaluations = titles
        .iter()
        .map(|title| evaluator.evaluate(facts, *title))
        .collect::<Result<Vec<_>, _>>()?;
    let pipelines = cultivation(evaluator, std::slice::from_ref(facts), titles, options)
        .into_iter()
        .map(|entry| PipelineMark {
            stage: entry.stage,
            title: entry.title,
            valid_until: entry.valid_until,
            days_left: entry.days_left,
        })
        .collect();
    Ok(EnterpriseEligibility {
        uscc: facts.id.clone(),
        name: facts.name.clone(),
        region: facts.region.clone(),
        date: evaluator.date(),
        authority: evaluator.region().map(str::to_owned),
        facts: facts.clone(),
        derived: data.derived.get(index).cloned().unwrap_or_default(),
        unreadable: data
            .unreadable
            .iter()
            .filter(|fact| fact.uscc == facts.id)
            .cloned()
            .collect(),
        evaluations,
        pipelines,
    })
}

fn outcome(tri: Tri, lang: Lang) -> &'static str {
    match (tri, lang) {
        (Tri::Yes, Lang::Zh) => "满足",
        (Tri::No, Lang::Zh) => "不满足",
        (Tri::Unknown, Lang::Zh) => "无法判断",
        (Tri::Yes, Lang::En) => "met",
        (Tri::No, Lang::En) => "not met",
        (Tri::Unknown, Lang::En) => "cannot tell",
    }
}

/// "研发费用占比 2.4%" for each test, the value a rule read (or "未知" / "unknown").
fn readings(tests: &[TestOutcome<'_>], lang: Lang) -> String {
    let unknown = Text::new("未知", "unknown");
    let parts: Vec<String> = tests
        .iter()
        .map(|test| {
            let value = match test.reading.value() {
                Some(value) => format_value(&test.test.measure, value, lang),
                None => unknown.get(lang).to_owned(),
            };
            format!("{} {value}", test.test.label.get(lang))
        })
        .collect();
    parts.join(if lang == Lang::Zh { "；" } else { "; " })
}

fn points_of(points: Points, max: f64) -> String {
    let max = Points { lo: max, hi: max };
    format!("{}/{}", points.to_text(), max.to_text())
}

/// A requirement's or a route's row: its label, outcome and the values its tests read.
fn condition_row(
    title: &str,
    part: String,
    label: &Text,
    tri: Tri,
    tests: &[TestOutcome<'_>],
    lang: Lang,
) -> [String; 5] {
    [
        title.to_owned(),
        part,
        label.get(lang).to_owned(),
        outcome(tri, lang).to_owned(),
        readings(tests, lang),
    ]
}

/// The explanation as rows (称号, 部分, 项目, 结果, 说明) a terminal or a spreadsheet shows.
pub fn explanation_table(explanation: &EnterpriseEligibility<'_>, lang: Lang) -> Table {
    let text = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row = |cells: [String; 5]| rows.push(cells.into_iter().map(Cell::text).collect());
    for evaluation in &explanation.evaluations {
        let title = title_text(evaluation.title, lang);
        let set = evaluation.rule_set;
        let mut notes = vec![format!("{} ({})", set.name.get(lang), set.id)];
        if let Some(route) = evaluation.route {
            notes.push(format!(
                "{}{}",
                text("直通：", "route: "),
                route.label.get(lang)
            ));
        }
        if evaluation.unverified() {
            notes.push(text("规则未核实", "rules unverified"));
        }
        row([
            title.to_owned(),
            text("结论", "verdict"),
            String::new(),
            evaluation.verdict.label().get(lang).to_owned(),
            notes.join(if lang == Lang::Zh { "；" } else { "; " }),
        ]);
        if let Some(held) = &evaluation.held {
            let until = held.valid_until.map(|d| d.to_string()).unwrap_or_default();
            row([
                title.to_owned(),
                text("持有称号", "title held"),
                format!("{} – {until}", held.granted),
                if held.valid {
                    text("有效", "valid")
                } else {
                    text("已过期", "expired")
                },
                held.rule_set.clone().unwrap_or_default(),
            ]);
        }
        for requirement in &evaluation.requirements {
            row(condition_row(
                title,
                text("条件", "requirement"),
                requirement.label,
                requirement.outcome,
                &requirement.tests,
                lang,
            ));
        }
        if let Some(score) = &evaluation.score {
            let pass = Points {
                lo: score.pass_total,
                hi: score.pass_total,
            }
            .to_text();
            let verdict = outcome(score.outcome, lang);
            row([
                title.to_owned(),
                text("评分", "score"),
                text("总分", "total"),
                score.total.to_text(),
                match lang {
                    Lang::Zh => format!("及格分{pass}：{verdict}"),
                    Lang::En => format!("pass mark {pass}: {verdict}"),
                },
            ]);
            for group in &score.groups {
                let minimum = group
                    .min_to_pass
                    .map(|min| {
                        let min = Points { lo: min, hi: min }.to_text();
                        format!("{}{min}", text("最低", "at least "))
                    })
                    .unwrap_or_default();
                row([
                    title.to_owned(),
                    text("评分组", "score group"),
                    group.label.get(lang).to_owned(),
                    points_of(group.points, group.max),
                    minimum,
                ]);
                for indicator in &group.indicators {
                    let detail = match indicator.band {
                        Some(band) => band.to_owned(),
                        None => indicator
                            .missing
                            .iter()
                            .map(|fact| fact.label_in(lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                    };
                    row([
                        title.to_owned(),
                        text("评分指标", "indicator"),
                        format!("{} {}", indicator.id, indicator.label.get(lang)),
                        points_of(indicator.points, indicator.max),
                        detail,
                    ]);
                }
            }
        }
        for route in &evaluation.routes {
            row(condition_row(
                title,
                text("直通条件", "direct route"),
                route.label,
                route.path,
                &route.tests,
                lang,
            ));
        }
        for gap in ScreenRow(evaluation).gaps(lang) {
            row([
                title.to_owned(),
                text("差距", "gap"),
                String::new(),
                String::new(),
                gap,
            ]);
        }
        for fact in &evaluation.missing {
            row([
                title.to_owned(),
                text("缺少数据", "missing"),
                fact.label_in(lang),
                String::new(),
                fact.column(),
            ]);
        }
    }
    for mark in &explanation.pipelines {
        row([
            title_text(mark.title, lang).to_owned(),
            text("培育阶段", "pipeline"),
            mark.stage.label().get(lang).to_owned(),
            mark.days_left.map(|d| d.to_string()).unwrap_or_default(),
            mark.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    for fact in &explanation.derived {
        row([
            String::new(),
            text("数据来源", "fact source"),
            fact.column(),
            String::new(),
            fact.source.label().get(lang).to_owned(),
        ]);
    }
    for fact in &explanation.unreadable {
        row([
            String::new(),
            text("无法读取", "unreadable"),
            fact.fact.clone(),
            fact.value.clone(),
            fact.reason.clone(),
        ]);
    }
    Table {
        columns: vec![
            Column::new("title", "称号", "Title", Format::Text),
            Column::new("part", "部分", "Part", Format::Text),
            Column::new("item", "项目", "Item", Format::Text),
            Column::new("result", "结果", "Result", Format::Text),
            Column::new("detail", "说明", "Detail", Format::Text),
        ],
        rows,
    }
}
