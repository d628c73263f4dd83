//! Risk results as tables with Chinese and English headers: a chain's findings and nodes,
//! systemic firms, a scenario's losses and the firms it hit hardest.

use ::risk::structure::{CoverageStatus, Finding, Lang};

use super::RiskFirm;
use super::chain::{ChainRisk, finding_firm, finding_node};
use super::scenario::ScenarioOutcome;
use super::systemic::SystemicEntry;
use crate::table::{Cell, Column, Format, Table};

fn pick(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_owned()
}

fn place(lang: Lang, local: bool) -> String {
    if local {
        pick(lang, "本省", "local")
    } else {
        pick(lang, "省外", "outside")
    }
}

fn kind(lang: Lang, finding: &Finding) -> String {
    let (zh, en) = match finding {
        Finding::Gap(_) => ("缺链", "gap"),
        Finding::WeakLink(_) => ("弱链", "weak link"),
        Finding::SinglePointOfFailure(_) => ("单点风险", "single point of failure"),
        Finding::ExternalDependency(_) => ("外部依赖", "external dependency"),
        Finding::Concentration(_) => ("供应集中", "supplier concentration"),
        Finding::ChainMasterDependency(_) => ("链主依赖", "chain-master dependency"),
        Finding::Systemic(_) => ("系统性风险企业", "systemic firm"),
    };
    pick(lang, zh, en)
}

fn enterprise_columns() -> [Column; 4] {
    [
        Column::new("uscc", "统一社会信用代码", "USCC", Format::Text),
        Column::new("enterprise", "企业", "enterprise", Format::Text),
        Column::new("place", "省内外", "local/outside", Format::Text),
        Column::new("region", "注册地", "region", Format::Text),
    ]
}

fn enterprise_cells(lang: Lang, firm: &RiskFirm) -> [Cell; 4] {
    [
        Cell::text(firm.uscc.clone()),
        Cell::text(firm.name.clone()),
        Cell::text(place(lang, firm.local)),
        Cell::text(firm.region_name()),
    ]
}

/// One line per finding, in the report's order (gaps, weak links, single points of failure,
/// external dependency, concentration, chain-master dependency, systemic firms), explained in
/// `lang`.
pub fn findings_table(risk: &ChainRisk, lang: Lang) -> Table {
    let columns = vec![
        Column::new("no", "序号", "no.", Format::Integer),
        Column::new("kind", "风险类型", "finding", Format::Text),
        Column::new("node", "环节", "node", Format::Text),
        Column::new("uscc", "统一社会信用代码", "USCC", Format::Text),
        Column::new("enterprise", "企业", "enterprise", Format::Text),
        Column::new("explanation", "说明", "explanation", Format::Text),
    ];
    let report = &risk.report;
    let rows = report
        .findings
        .iter()
        .zip(&risk.explanations)
        .enumerate()
        .map(|(i, (finding, explanation))| {
            let node = finding_node(finding)
                .and_then(|n| report.nodes.get(n as usize))
                .map_or(String::new(), |n| format!("{} {}", n.code, n.name));
            let firm = finding_firm(finding).and_then(|f| risk.firm(f));
            vec![
                Cell::Number((i + 1) as f64),
                Cell::text(kind(lang, finding)),
                Cell::text(node),
                Cell::text(firm.map_or(String::new(), |f| f.uscc.clone())),
                Cell::text(firm.map_or(String::new(), |f| f.name.clone())),
                Cell::text(match lang {
                    Lang::Zh => explanation.zh.clone(),
                    Lang::En => explanation.en.clone(),
                }),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// The figures of every node: coverage, concentration, external dependency.
pub fn nodes_table(risk: &ChainRisk, lang: Lang) -> Table {
    let columns = vec![
        Column::new("node_code", "环节代码", "node code", Format::Text),
        Column::new("node", "环节", "node", Format::Text),
        Column::new("coverage", "本地配套", "coverage", Format::Text),
        Column::new("local_firms", "本省企业数", "local firms", Format::Integer),
        Column::new(
            "outside_firms",
            "省外企业数",
            "outside firms",
            Format::Integer,
        ),
        Column::new(
            "local_size_share",
            "本省规模占比(%)",
            "local size share (%)",
            Format::Percent,
        ),
        Column::new("suppliers", "供应企业数", "suppliers", Format::Integer),
        Column::new("hhi", "HHI", "HHI", Format::Integer),
        Column::new(
            "top1_share",
            "最大一家占比(%)",
            "top-1 share (%)",
            Format::Percent,
        ),
        Column::new(
            "top3_share",
            "前三家占比(%)",
            "top-3 share (%)",
            Format::Percent,
        ),
        Column::new(
            "external_share",
            "省外投入占比(%)",
            "inputs from outside (%)",
            Format::Percent,
        ),
        Column::new(
            "essential_external_share",
            "关键投入省外占比(%)",
            "essential inputs from outside (%)",
            Format::Percent,
        ),
    ];
    let rows = risk
        .report
        .nodes
        .iter()
        .map(|n| {
            let coverage = match n.coverage.status {
                CoverageStatus::Gap => pick(lang, "缺链", "gap"),
                CoverageStatus::Weak => pick(lang, "弱链", "weak"),
                CoverageStatus::Covered => pick(lang, "有配套", "covered"),
            };
            let c = n.concentration.as_ref();
            let e = n.external.as_ref();
            vec![
                Cell::text(n.code.clone()),
                Cell::text(n.name.clone()),
                Cell::text(coverage),
                Cell::Number(n.coverage.local_firms as f64),
                Cell::Number(n.coverage.outside_firms as f64),
                Cell::number(Some(n.coverage.local_size_share)),
                Cell::number(c.map(|c| c.suppliers as f64)),
                // The 10,000 scale competition authorities quote.
                Cell::number(c.map(|c| c.hhi * 10_000.0)),
                Cell::number(c.map(|c| c.top1_share)),
                Cell::number(c.map(|c| c.top3_share)),
                Cell::number(e.map(|e| e.external_share)),
                Cell::number(e.map(|e| e.essential_external_share)),
            ]
        })
        .collect();
    Table { columns, rows }
}

/// Ranked systemic firms: rank, enterprise, nodes, ESRI and its downstream and upstream parts.
struct SystemicRow<'a> {
    rank: usize,
    firm: &'a RiskFirm,
    nodes: String,
    esri: [f64; 3],
}

fn systemic_rows<'a>(lang: Lang, rows: impl Iterator<Item = SystemicRow<'a>>) -> Table {
    let mut columns = vec![Column::new("rank", "排名", "rank", Format::Integer)];
    columns.extend(enterprise_columns());
    columns.extend([
        Column::new("nodes", "所在环节", "nodes", Format::Text),
        Column::new("esri", "ESRI(%)", "ESRI (%)", Format::FinePercent),
        Column::new(
            "esri_down",
            "下游传导(%)",
            "downstream (%)",
            Format::FinePercent,
        ),
        Column::new(
            "esri_up",
            "上游传导(%)",
            "upstream (%)",
            Format::FinePercent,
        ),
    ]);
    let rows = rows
        .map(|row| {
            let mut cells = vec![Cell::Number(row.rank as f64)];
            cells.extend(enterprise_cells(lang, row.firm));
            cells.push(Cell::text(row.nodes));
            cells.extend(row.esri.map(|v| Cell::number(Some(v))));
            cells
        })
        .collect();
    Table { columns, rows }
}

/// The report's top systemic firms (chain members by ESRI).
pub fn report_systemic_table(risk: &ChainRisk, lang: Lang) -> Table {
    systemic_rows(
        lang,
        risk.report
            .top_systemic
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                Some(SystemicRow {
                    rank: i + 1,
                    firm: risk.firm(s.firm)?,
                    nodes: s.nodes.join("、"),
                    esri: [s.esri, s.esri_down, s.esri_up],
                })
            }),
    )
}

/// A systemic ranking.
pub fn systemic_table(entries: &[SystemicEntry], lang: Lang) -> Table {
    systemic_rows(
        lang,
        entries.iter().map(|e| SystemicRow {
            rank: e.rank,
            firm: &e.enterprise,
            nodes: e.nodes.join(","),
            esri: [e.esri, e.esri_down, e.esri_up],
        }),
    )
}

/// The scenario's totals in one row.
pub fn scenario_summary_table(outcome: &ScenarioOutcome) -> Table {
    let columns = vec![
        Column::new("year", "年份", "year", Format::Integer),
        Column::new(
            "capacity",
            "保留产能(%)",
            "capacity kept (%)",
            Format::Percent,
        ),
        Column::new("shocked", "受冲击企业数", "firms shocked", Format::Integer),
        Column::new("firms_hit", "受影响企业数", "firms hit", Format::Integer),
        Column::new(
            "total_output",
            "网络总产出",
            "network output",
            Format::Number,
        ),
        Column::new("total_loss", "产出损失", "output lost", Format::Number),
        Column::new(
            "loss_share",
            "损失占比(%)",
            "share lost (%)",
            Format::FinePercent,
        ),
        Column::new("direct_loss", "直接损失", "direct loss", Format::Number),
        Column::new(
            "indirect_loss",
            "传导损失",
            "loss passed on",
            Format::Number,
        ),
        Column::new("iterations", "迭代次数", "iterations", Format::Integer),
    ];
    let o = outcome;
    let rows = vec![vec![
        Cell::Number(f64::from(o.year)),
        Cell::number(Some(o.spec.capacity)),
        Cell::Number(o.shocked as f64),
        Cell::Number(o.firms_hit as f64),
        Cell::number(Some(o.total_output)),
        Cell::number(Some(o.total_loss)),
        Cell::number(Some(o.loss_share)),
        Cell::number(Some(o.direct_loss)),
        Cell::number(Some(o.indirect_loss)),
        Cell::Number(f64::from(o.iterations)),
    ]];
    Table { columns, rows }
}

/// The losses per group of `grouping` (`chain`, `node`, `city`, `county`), largest first; groups
/// that lost nothing are left out. `None` when the outcome has no such grouping.
pub fn scenario_groups_table(outcome: &ScenarioOutcome, grouping: &str) -> Option<Table> {
    let found = outcome.groupings.iter().find(|g| g.grouping == grouping)?;
    let (zh, en) = match grouping {
        "chain" => ("产业链", "chain"),
        "node" => ("环节", "node"),
        "city" => ("地市", "city"),
        _ => ("县区", "county"),
    };
    let columns = vec![
        Column::new(
            "code",
            &format!("{zh}代码"),
            &format!("{en} code"),
            Format::Text,
        ),
        Column::new("name", zh, en, Format::Text),
        Column::new("firms", "企业数", "firms", Format::Integer),
        Column::new("firms_hit", "受影响企业数", "firms hit", Format::Integer),
        Column::new("output", "产出", "output", Format::Number),
        Column::new("loss", "产出损失", "output lost", Format::Number),
        Column::new(
            "loss_share",
            "损失占比(%)",
            "share lost (%)",
            Format::FinePercent,
        ),
    ];
    let rows = found
        .groups
        .iter()
        .filter(|g| g.loss > 0.0)
        .map(|g| {
            vec![
                Cell::text(g.code.clone()),
                Cell::text(g.name.clone()),
                Cell::Number(g.firms as f64),
                Cell::Number(g.firms_hit as f64),
                Cell::number(Some(g.output)),
                Cell::number(Some(g.loss)),
                Cell::number(Some(g.loss_share)),
            ]
        })
        .collect();
    Some(Table { columns, rows })
}

/// The firms the cascade hit hardest (not shocked themselves), largest loss first.
pub fn scenario_hits_table(outcome: &ScenarioOutcome, lang: Lang) -> Table {
    let mut columns = vec![Column::new("rank", "排名", "rank", Format::Integer)];
    columns.extend(enterprise_columns());
    columns.extend([
        Column::new("level", "剩余产出(%)", "output kept (%)", Format::Percent),
        Column::new(
            "level_down",
            "下游传导后(%)",
            "after downstream (%)",
            Format::Percent,
        ),
        Column::new(
            "level_up",
            "上游传导后(%)",
            "after upstream (%)",
            Format::Percent,
        ),
        Column::new("loss", "产出损失", "output lost", Format::Number),
    ]);
    let rows = outcome
        .hardest_hit
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut cells = vec![Cell::Number((i + 1) as f64)];
            cells.extend(enterprise_cells(lang, &h.enterprise));
            cells
                .extend([h.level, h.level_down, h.level_up, h.loss].map(|v| Cell::number(Some(v))));
            cells
        })
        .collect();
    Table { columns, rows }
}
