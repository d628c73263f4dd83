//! Evaluation results as tables with Chinese and English headers: the ranking with grades, each
//! unit's explanation, the grade distribution, the indicators and their sources, stored runs,
//! and sensitivity analysis (indices and rank intervals).

use store::EvaluationRunSummary;

use super::report::{EvaluationReport, UnitResult};
use super::sensitivity::SensitivityReport;
use crate::table::{Cell, Column, Format, Table};

fn pick<'a>(chinese: bool, zh: &'a str, en: &'a str) -> &'a str {
    if chinese { zh } else { en }
}

/// The indicator's name in the chosen language.
fn indicator_name(report: &EvaluationReport, code: &str, chinese: bool) -> String {
    report
        .indicators
        .iter()
        .find(|i| i.code == code)
        .map_or_else(
            || code.to_owned(),
            |i| pick(chinese, &i.name_zh, &i.name_en).to_owned(),
        )
}

fn grade_cell(u: &UnitResult, chinese: bool) -> Cell {
    match (&u.grade, &u.grade_en) {
        (Some(zh), Some(en)) => Cell::text(pick(chinese, zh, en)),
        (Some(zh), None) => Cell::text(zh.clone()),
        _ => Cell::Empty,
    }
}

/// One row per unit, best first: rank, score, grade, the indicator that lifted it most and the
/// one that sank it most, and what it has no data for.
pub fn ranking_table(report: &EvaluationReport, chinese: bool) -> Table {
    let columns = vec![
        Column::new("rank", "排名", "rank", Format::Integer),
        Column::new("code", "代码", "code", Format::Text),
        Column::new("name", "名称", "name", Format::Text),
        Column::new("score", "得分", "score", Format::Number),
        Column::new("grade", "等级", "grade", Format::Text),
        Column::new("top_lift", "主要加分指标", "largest lift", Format::Text),
        Column::new("top_drag", "主要减分指标", "largest drag", Format::Text),
        Column::new("missing", "缺数据指标", "no data for", Format::Text),
    ];
    let rows = report
        .units
        .iter()
        .map(|u| {
            let named = |points: Option<&super::UnitContribution>| {
                points.map_or(Cell::Empty, |c| {
                    Cell::text(format!(
                        "{} ({:+.2})",
                        indicator_name(report, &c.code, chinese),
                        c.points
                    ))
                })
            };
            let lift = u.contributions.first().filter(|c| c.points > 0.0);
            let drag = u.contributions.last().filter(|c| c.points < 0.0);
            vec![
                Cell::number(u.rank),
                Cell::text(u.code.clone()),
                Cell::text(u.name.clone()),
                Cell::number(u.score),
                grade_cell(u, chinese),
                named(lift),
                named(drag),
                Cell::text(
                    u.missing
                        .iter()
                        .map(|c| indicator_name(report, c, chinese))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// One row per unit and indicator (only `unit`'s when given): the value found, its normalised
/// value, the mean unit's, the effective weight and the points it added or took away.
pub fn explanation_table(report: &EvaluationReport, unit: Option<&str>, chinese: bool) -> Table {
    let columns = vec![
        Column::new("code", "代码", "code", Format::Text),
        Column::new("name", "名称", "name", Format::Text),
        Column::new("score", "得分", "score", Format::Number),
        Column::new("indicator", "指标", "indicator", Format::Text),
        Column::new("unit", "单位", "unit", Format::Text),
        Column::new("value", "指标值", "value", Format::Number),
        Column::new("normalised", "标准化值", "normalised", Format::Number),
        Column::new("mean", "平均水平", "mean unit", Format::Number),
        Column::new(
            "weight",
            "有效权重(%)",
            "effective weight (%)",
            Format::Percent,
        ),
        Column::new("points", "贡献(分)", "points", Format::Number),
    ];
    let mut rows = Vec::new();
    for u in report
        .units
        .iter()
        .filter(|u| unit.is_none_or(|c| c == u.code))
    {
        for c in &u.contributions {
            let indicator = report.indicators.iter().find(|i| i.code == c.code);
            rows.push(vec![
                Cell::text(u.code.clone()),
                Cell::text(u.name.clone()),
                Cell::number(u.score),
                Cell::text(indicator_name(report, &c.code, chinese)),
                Cell::text(indicator.map_or("", |i| i.unit.as_str())),
                Cell::number(c.raw),
                Cell::number(c.normalised),
                Cell::number(indicator.and_then(|i| i.mean)),
                Cell::Number(c.effective_weight),
                Cell::Number(c.points),
            ]);
        }
    }
    Table { columns, rows }
}

/// Units per grade (and those without a score).
pub fn grade_table(report: &EvaluationReport, chinese: bool) -> Table {
    let columns = vec![
        Column::new("grade", "等级", "grade", Format::Text),
        Column::new("units", "单位数", "units", Format::Integer),
        Column::new("share", "占比(%)", "share (%)", Format::Percent),
    ];
    let total = (report.units.len() + report.not_evaluated.len()).max(1) as f64;
    let mut rows: Vec<Vec<Cell>> = report
        .grades
        .iter()
        .map(|g| {
            vec![
                Cell::text(pick(
                    chinese,
                    &g.label,
                    g.label_en.as_deref().unwrap_or(&g.label),
                )),
                Cell::Number(g.units as f64),
                Cell::Number(g.units as f64 / total),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::text(pick(chinese, "无得分(缺数据)", "no score (no data)")),
        Cell::Number(report.unscored as f64),
        Cell::Number(report.unscored as f64 / total),
    ]);
    if !report.not_evaluated.is_empty() {
        let n = report.not_evaluated.len() as f64;
        rows.push(vec![
            Cell::text(pick(
                chinese,
                "未参评(缺必需指标)",
                "not evaluated (lacks a required indicator)",
            )),
            Cell::Number(n),
            Cell::Number(n / total),
        ]);
    }
    Table { columns, rows }
}

/// The framework's indicators: weight, source and whether they took part.
pub fn indicator_table(report: &EvaluationReport, chinese: bool) -> Table {
    let columns = vec![
        Column::new("code", "指标代码", "code", Format::Text),
        Column::new("indicator", "指标", "indicator", Format::Text),
        Column::new("parent", "上级", "parent", Format::Text),
        Column::new("weight", "权重", "weight", Format::Number),
        Column::new("direction", "方向", "direction", Format::Integer),
        Column::new("unit", "单位", "unit", Format::Text),
        Column::new("status", "状态", "status", Format::Text),
        Column::new("source", "数据来源", "source", Format::Text),
    ];
    let rows = report
        .indicators
        .iter()
        .map(|i| {
            vec![
                Cell::text(i.code.clone()),
                Cell::text(pick(chinese, &i.name_zh, &i.name_en)),
                Cell::text(i.parent.clone()),
                Cell::Number(i.weight),
                Cell::Number(f64::from(i.direction)),
                Cell::text(i.unit.clone()),
                Cell::text(match &i.dropped {
                    None => pick(chinese, "参与评价", "used").to_owned(),
                    Some(why) => format!("{}: {why}", pick(chinese, "缺数据未参与", "dropped")),
                }),
                Cell::text(i.source.clone()),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// Stored runs, newest first.
pub fn runs_table(runs: &[EvaluationRunSummary]) -> Table {
    let columns = vec![
        Column::new("id", "编号", "id", Format::Integer),
        Column::new("framework", "评价体系", "framework", Format::Text),
        Column::new("version", "版本", "version", Format::Text),
        Column::new("year", "年度", "year", Format::Integer),
        Column::new("units", "单位数", "units", Format::Integer),
        Column::new("created_at", "时间", "created at", Format::Text),
        Column::new("actor", "操作人", "actor", Format::Text),
        Column::new("engine", "引擎", "engine", Format::Text),
        Column::new("input_digest", "输入摘要", "input digest", Format::Text),
    ];
    let rows = runs
        .iter()
        .map(|r| {
            vec![
                Cell::Number(r.id as f64),
                Cell::text(r.framework_id.clone()),
                Cell::text(r.framework_version.clone()),
                Cell::Number(f64::from(r.year)),
                Cell::Number(r.units as f64),
                Cell::text(r.created_at.clone()),
                Cell::text(r.actor.clone().unwrap_or_default()),
                Cell::text(r.engine.clone()),
                Cell::text(r.input_digest.get(..16).unwrap_or(&r.input_digest)),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// First-order and total sensitivity index of each assumption.
pub fn sensitivity_index_table(report: &SensitivityReport) -> Table {
    let columns = vec![
        Column::new("assumption", "假设", "assumption", Format::Text),
        Column::new("si", "一阶指数 Si", "first order Si", Format::Number),
        Column::new("sti", "总效应指数 STi", "total STi", Format::Number),
    ];
    let rows = report
        .indices
        .iter()
        .map(|i| {
            vec![
                Cell::text(i.name.clone()),
                Cell::number(Some(i.first_order)),
                Cell::number(Some(i.total)),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// The columns of [`rank_interval_table`] (also what an empty one shows).
pub fn rank_interval_columns() -> Vec<Column> {
    vec![
        Column::new("code", "代码", "code", Format::Text),
        Column::new("name", "名称", "name", Format::Text),
        Column::new("nominal", "名义排名", "nominal rank", Format::Integer),
        Column::new("mean", "平均排名", "mean rank", Format::Number),
        Column::new("median", "排名中位数", "median rank", Format::Number),
        Column::new("q05", "5%分位排名", "5% rank", Format::Number),
        Column::new("q95", "95%分位排名", "95% rank", Format::Number),
    ]
}

/// Each unit's nominal rank and where its rank lies over the random runs, nominal order.
pub fn rank_interval_table(report: &SensitivityReport) -> Table {
    let columns = rank_interval_columns();
    let mut ranks: Vec<_> = report.ranks.iter().collect();
    ranks.sort_by(|a, b| {
        let key = |r: &&super::RankInterval| r.nominal.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then_with(|| a.code.cmp(&b.code))
    });
    let rows = ranks
        .into_iter()
        .map(|r| {
            vec![
                Cell::text(r.code.clone()),
                Cell::text(r.name.clone()),
                Cell::number(r.nominal),
                Cell::number(r.mean),
                Cell::number(r.median),
                Cell::number(r.q05),
                Cell::number(r.q95),
            ]
        })
        .collect();
    Table { columns, rows }
}
