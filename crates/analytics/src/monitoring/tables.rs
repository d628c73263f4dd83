//! Monitoring results as tables with Chinese and English headers: rollups, contributions,
//! warnings, enterprise series, target progress.

use model::Period;
use monitor::{ContributionTable, Figures, Progress, Rollup, Subject, Warning};

use super::MonitoringData;
use crate::table::{Cell, Column, Format, Table};

/// Columns for a rollup's dimensions: each label and its name.
fn dimension_columns(rollup: &Rollup) -> Vec<Column> {
    rollup
        .dimensions()
        .iter()
        .flat_map(|d| {
            [
                Column::new(
                    &format!("{}_code", d.code),
                    &format!("{}代码", d.name_zh),
                    &format!("{} code", d.name_en),
                    Format::Text,
                ),
                Column::new(&d.code, &d.name_zh, &d.name_en, Format::Text),
            ]
        })
        .collect()
}

fn dimension_cells(data: &MonitoringData, rollup: &Rollup, g: usize) -> Vec<Cell> {
    rollup
        .dimensions()
        .iter()
        .zip(rollup.group_labels(g))
        .flat_map(|(d, label)| {
            [
                Cell::text(label.clone()),
                Cell::text(data.name_of(&d.code, label)),
            ]
        })
        .collect()
}

fn figure_columns() -> Vec<Column> {
    vec![
        Column::new("indicator", "指标", "indicator", Format::Text),
        Column::new("unit", "单位", "unit", Format::Text),
        Column::new("period", "时期", "period", Format::Text),
        Column::new("month", "当月值", "month value", Format::Number),
        Column::new("month_yoy", "当月同比(%)", "month y/y (%)", Format::Percent),
        Column::new("ytd", "累计值", "year-to-date value", Format::Number),
        Column::new(
            "ytd_yoy",
            "累计同比(%)",
            "year-to-date y/y (%)",
            Format::Percent,
        ),
        Column::new("mom", "环比(%)", "month on month (%)", Format::Percent),
        Column::new(
            "reporting",
            "填报企业数",
            "reporting enterprises",
            Format::Integer,
        ),
        Column::new(
            "comparable",
            "可比企业数",
            "comparable enterprises",
            Format::Integer,
        ),
    ]
}

fn figure_cells(name: &str, unit: &str, f: &Figures) -> Vec<Cell> {
    vec![
        Cell::text(name),
        Cell::text(unit),
        Cell::text(f.period.to_string()),
        Cell::number(f.month),
        Cell::number(f.month_yoy),
        Cell::number(f.ytd),
        Cell::number(f.ytd_yoy),
        Cell::number(f.mom),
        Cell::Number(f64::from(f.reporting)),
        Cell::Number(f64::from(f.comparable)),
    ]
}

/// One row per group, measure and period in `periods` (all periods when empty), skipping periods
/// in which nobody in the group reported.
pub fn rollup_table(
    data: &MonitoringData,
    rollup: &Rollup,
    periods: &[Period],
    chinese: bool,
) -> Table {
    let mut columns = dimension_columns(rollup);
    columns.extend(figure_columns());
    let mut rows = Vec::new();
    for g in 0..rollup.groups() {
        for (m, measure) in rollup.measures().iter().enumerate() {
            let name = if chinese {
                &measure.name_zh
            } else {
                &measure.name_en
            };
            for figures in rollup.series(m, g) {
                if figures.reporting == 0
                    || !(periods.is_empty() || periods.contains(&figures.period))
                {
                    continue;
                }
                let mut row = dimension_cells(data, rollup, g);
                row.extend(figure_cells(name, &measure.unit, &figures));
                rows.push(row);
            }
        }
    }
    Table { columns, rows }
}

/// One enterprise's series of every measure.
pub fn series_table(
    data: &MonitoringData,
    enterprise: usize,
    chinese: bool,
) -> Result<Table, monitor::MonitorError> {
    let mut rows = Vec::new();
    for (m, measure) in data.monitor.measures().iter().enumerate() {
        let name = if chinese {
            &measure.name_zh
        } else {
            &measure.name_en
        };
        for figures in data.monitor.enterprise_series(m, enterprise)? {
            if figures.reporting > 0 {
                rows.push(figure_cells(name, &measure.unit, &figures));
            }
        }
    }
    Ok(Table {
        columns: figure_columns(),
        rows,
    })
}

fn subject_name(data: &MonitoringData, subject: &Subject) -> (String, String) {
    match subject {
        Subject::Enterprise { label, .. } => (label.clone(), data.name_of("enterprise", label)),
        Subject::Group { dimensions, labels } => (
            labels.join(" × "),
            dimensions
                .iter()
                .zip(labels)
                .map(|(d, l)| data.name_of(d, l))
                .collect::<Vec<_>>()
                .join(" × "),
        ),
    }
}

/// Warnings, reddest first.
pub fn warning_table(data: &MonitoringData, warnings: &[Warning], chinese: bool) -> Table {
    let columns = vec![
        Column::new("colour", "预警等级", "colour", Format::Text),
        Column::new("subject_code", "对象代码", "subject code", Format::Text),
        Column::new("subject", "对象", "subject", Format::Text),
        Column::new("rule", "规则", "rule", Format::Text),
        Column::new("periods", "时期", "periods", Format::Text),
        Column::new("explanation", "说明", "explanation", Format::Text),
    ];
    let mut sorted: Vec<&Warning> = warnings.iter().collect();
    sorted.sort_by(|a, b| b.colour.cmp(&a.colour).then(a.rule.cmp(&b.rule)));
    let rows = sorted
        .into_iter()
        .map(|w| {
            let (code, name) = subject_name(data, &w.subject);
            vec![
                Cell::text(if chinese {
                    w.colour.label_zh()
                } else {
                    w.colour.as_str()
                }),
                Cell::text(code),
                Cell::text(name),
                Cell::text(w.rule.clone()),
                Cell::text(
                    w.periods
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Cell::text(if chinese {
                    &w.explanation_zh
                } else {
                    &w.explanation_en
                }),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// Contributions (贡献率, 拉动) of each child group to its parent's growth.
pub fn contribution_table(
    data: &MonitoringData,
    child: &Rollup,
    tables: &[ContributionTable],
) -> Table {
    let columns = vec![
        Column::new("parent", "上级", "parent", Format::Text),
        Column::new(
            "parent_growth",
            "上级增速(%)",
            "parent growth (%)",
            Format::Percent,
        ),
        Column::new("child", "下级", "child", Format::Text),
        Column::new("growth", "增速(%)", "growth (%)", Format::Percent),
        Column::new("pull_pp", "拉动(百分点)", "pull (points)", Format::Number),
        Column::new(
            "share_pct",
            "贡献率(%)",
            "share of growth (%)",
            Format::Number,
        ),
    ];
    let dims: Vec<String> = child.dimensions().iter().map(|d| d.code.clone()).collect();
    let name = |labels: &[String]| {
        dims.iter()
            .zip(labels)
            .map(|(d, l)| data.name_of(d, l))
            .collect::<Vec<_>>()
            .join(" × ")
    };
    let mut rows = Vec::new();
    for table in tables {
        for c in &table.children {
            rows.push(vec![
                Cell::text(name(&table.parent)),
                Cell::number(table.parent_growth),
                Cell::text(name(&c.child)),
                Cell::number(c.growth),
                Cell::number(c.pull_pp),
                Cell::number(c.share_pct),
            ]);
        }
    }
    Table { columns, rows }
}

/// Progress toward targets.
pub fn target_table(items: &[(String, Progress)], chinese: bool) -> Table {
    let columns = vec![
        Column::new("target", "目标", "target", Format::Text),
        // Text: a year is a label, not a quantity (no thousands separator).
        Column::new("year", "数据年份", "data year", Format::Text),
        Column::new("value", "现值", "value", Format::Number),
        Column::new("target_value", "目标值", "target value", Format::Number),
        Column::new("gap", "差距", "gap", Format::Number),
        Column::new(
            "required_annual_change",
            "所需年均变化(%)",
            "required annual change (%)",
            Format::Percent,
        ),
        Column::new("on_track", "进度", "on track", Format::Text),
        Column::new("explanation", "说明", "explanation", Format::Text),
    ];
    let rows = items
        .iter()
        .map(|(name, p)| {
            let track = match (p.met, p.on_track) {
                (true, _) => {
                    if chinese {
                        "已达成"
                    } else {
                        "met"
                    }
                }
                (false, Some(true)) => {
                    if chinese {
                        "进度正常"
                    } else {
                        "on track"
                    }
                }
                (false, Some(false)) => {
                    if chinese {
                        "滞后"
                    } else {
                        "behind"
                    }
                }
                (false, None) => "",
            };
            vec![
                Cell::text(name.clone()),
                Cell::text(p.year.to_string()),
                Cell::Number(p.value),
                Cell::number(p.target_value),
                Cell::number(p.gap),
                Cell::number(p.required_annual_change),
                Cell::text(track),
                Cell::text(if chinese {
                    &p.explanation_zh
                } else {
                    &p.explanation_en
                }),
            ]
        })
        .collect();
    Table { columns, rows }
}
