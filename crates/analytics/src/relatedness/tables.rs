//! Relatedness results as tables with Chinese and English headers.

use super::gradient::GradientTable;
use super::targets::ChainTargets;
use super::views::{QuadrantView, Recommendations, RelatedIndustry, VarietyRow};
use crate::table::{Cell, Column, Format, Table};

/// `3670 汽车零部件及配件制造 0.52; …`
fn related_text(related: &[RelatedIndustry]) -> String {
    related
        .iter()
        .map(|r| format!("{} {} {:.2}", r.industry, r.name, r.proximity))
        .collect::<Vec<_>>()
        .join("; ")
}

fn industry_columns() -> [Column; 2] {
    [
        Column::new("industry", "行业代码", "industry code", Format::Text),
        Column::new("industry_name", "行业名称", "industry", Format::Text),
    ]
}

fn place_columns() -> [Column; 2] {
    [
        Column::new("place", "地区/园区代码", "place code", Format::Text),
        Column::new("place_name", "地区/园区", "place", Format::Text),
    ]
}

pub fn recommendation_table(r: &Recommendations) -> Table {
    let mut columns = vec![Column::new("rank", "排名", "rank", Format::Integer)];
    columns.extend(industry_columns());
    columns.extend([
        Column::new("score", "综合得分(%)", "score (%)", Format::Percent),
        Column::new("density", "关联密度(%)", "density (%)", Format::Percent),
        Column::new("pci", "产业复杂度PCI", "PCI", Format::Number),
        Column::new("cog", "机会增益COG", "COG", Format::Number),
        Column::new(
            "feasibility",
            "可行性分位(%)",
            "feasibility (%)",
            Format::Percent,
        ),
        Column::new("value", "价值分位(%)", "value (%)", Format::Percent),
        Column::new("gain", "增益分位(%)", "gain (%)", Format::Percent),
        Column::new(
            "related",
            "已有关联产业(邻近度)",
            "related industries present (proximity)",
            Format::Text,
        ),
    ]);
    let rows = r
        .rows
        .iter()
        .map(|row| {
            vec![
                Cell::Number(row.rank as f64),
                Cell::text(&row.industry),
                Cell::text(&row.name),
                Cell::Number(row.score),
                Cell::number(Some(row.density)),
                Cell::number(Some(row.pci)),
                Cell::number(Some(row.cog)),
                Cell::Number(row.feasibility),
                Cell::Number(row.value),
                Cell::Number(row.gain),
                Cell::text(related_text(&row.related)),
            ]
        })
        .collect();
    Table { columns, rows }
}

pub fn quadrant_table(v: &QuadrantView, chinese: bool) -> Table {
    let mut columns = vec![Column::new("quadrant", "象限", "quadrant", Format::Text)];
    columns.extend(industry_columns());
    columns.extend([
        Column::new("rca", "区位商RCA", "RCA", Format::Number),
        Column::new("density", "关联密度(%)", "density (%)", Format::Percent),
    ]);
    let rows = v
        .rows
        .iter()
        .map(|row| {
            vec![
                Cell::text(if chinese {
                    row.quadrant_zh
                } else {
                    row.quadrant
                }),
                Cell::text(&row.industry),
                Cell::text(&row.name),
                Cell::number(Some(row.rca)),
                Cell::number(Some(row.density)),
            ]
        })
        .collect();
    Table { columns, rows }
}

pub fn variety_table(rows: &[VarietyRow]) -> Table {
    let mut columns = place_columns().to_vec();
    columns.extend([
        Column::new("industries", "行业数", "industries", Format::Integer),
        Column::new("divisions", "大类数", "divisions", Format::Integer),
        Column::new("entropy", "总熵(比特)", "entropy (bits)", Format::Number),
        Column::new(
            "unrelated",
            "无关多样性UV",
            "unrelated variety",
            Format::Number,
        ),
        Column::new("related", "相关多样性RV", "related variety", Format::Number),
    ]);
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.place.code),
                Cell::text(&r.place.name),
                Cell::Number(r.industries as f64),
                Cell::Number(r.divisions as f64),
                Cell::Number(r.entropy),
                Cell::Number(r.unrelated),
                Cell::Number(r.related),
            ]
        })
        .collect();
    Table { columns, rows }
}

pub fn gradient_table(g: &GradientTable) -> Table {
    let mut columns = place_columns().to_vec();
    columns.extend(industry_columns());
    columns.extend([
        Column::new("output", "产值(元)", "output (yuan)", Format::Integer),
        Column::new("employment", "从业人员(人)", "employees", Format::Integer),
        Column::new("lq", "区位商", "location quotient", Format::Number),
        Column::new(
            "productivity",
            "比较劳动生产率",
            "comparative labour productivity",
            Format::Number,
        ),
        Column::new(
            "coefficient",
            "产业梯度系数",
            "gradient coefficient",
            Format::Number,
        ),
    ]);
    let rows = g
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.place.code),
                Cell::text(&r.place.name),
                Cell::text(&r.industry),
                Cell::text(&r.name),
                Cell::Number(r.output),
                Cell::Number(r.employment),
                Cell::number(Some(r.location_quotient)),
                Cell::number(Some(r.productivity)),
                Cell::number(Some(r.coefficient)),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// One row per gap node and candidate, with its best park (and the next ones as text).
pub fn target_table(t: &ChainTargets, chinese: bool) -> Table {
    let columns = vec![
        Column::new("node", "环节代码", "node code", Format::Text),
        Column::new("node_name", "环节", "node", Format::Text),
        Column::new("gap", "类型", "gap", Format::Text),
        Column::new("rank", "排名", "rank", Format::Integer),
        Column::new("uscc", "统一社会信用代码", "USCC", Format::Text),
        Column::new("enterprise", "企业", "enterprise", Format::Text),
        Column::new("region", "所在地", "located in", Format::Text),
        Column::new("industry", "行业代码", "industry code", Format::Text),
        Column::new("size_class", "规模", "size class", Format::Text),
        Column::new(
            "local_sales",
            "对本省销售额(元)",
            "sales into the province (yuan)",
            Format::Integer,
        ),
        Column::new("relevance", "匹配度(%)", "relevance (%)", Format::Percent),
        Column::new("score", "综合得分(%)", "score (%)", Format::Percent),
        Column::new("best_park", "最适园区", "best park", Format::Text),
        Column::new(
            "park_score",
            "园区适配度(%)",
            "park fit (%)",
            Format::Percent,
        ),
        Column::new("other_parks", "其他适配园区", "other parks", Format::Text),
    ];
    let mut rows = Vec::new();
    for node in &t.nodes {
        for target in &node.targets {
            let best = target.parks.first();
            let others: Vec<String> = target
                .parks
                .iter()
                .skip(1)
                .map(|p| format!("{} {:.0}%", p.name, p.score * 100.0))
                .collect();
            let size_class = model::SizeClass::parse(&target.size_class).map_or(
                target.size_class.as_str(),
                |s| {
                    if chinese { s.label_zh() } else { s.as_str() }
                },
            );
            rows.push(vec![
                Cell::text(&node.node),
                Cell::text(&node.node_name),
                Cell::text(if chinese { node.gap_zh } else { node.gap }),
                Cell::Number(target.rank as f64),
                Cell::text(&target.uscc),
                Cell::text(&target.name),
                Cell::text(format!("{}{}", target.province_name, target.region_name)),
                Cell::text(&target.industry),
                Cell::text(size_class),
                Cell::Number(target.local_sales),
                Cell::Number(target.relevance),
                Cell::Number(target.score),
                Cell::text(best.map_or(String::new(), |p| p.name.clone())),
                Cell::number(best.map(|p| p.score)),
                Cell::text(others.join("; ")),
            ]);
        }
    }
    Table { columns, rows }
}
