//! Stored lists as tables for `chainchief export`: Chinese headers that the importer reads back
//! (an export re-imports as it is), plus names next to codes for people.

use model::{Period, RegionCode};
use store::{EnterpriseFilter, EnterpriseScope, ObservationFilter, Store, StoreError};

use crate::kind::{self, Field, Kind};
use crate::table::{Column, ColumnFormat, Table, Value};

/// What to export. Each field narrows the kinds it applies to; `None` means everything.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// Enterprises (and their observations) in this region or below.
    pub region: Option<RegionCode>,
    /// Members of this chain (enterprises, observations), or this chain's nodes and memberships.
    pub chain: Option<String>,
    pub indicator: Option<String>,
    pub from: Option<Period>,
    pub to: Option<Period>,
    /// Supply links of this year.
    pub year: Option<u16>,
}

fn col(field: &Field, format: ColumnFormat) -> Column {
    let zh = match field.unit {
        Some(unit) => format!("{}({unit})", field.zh),
        None => field.zh.to_owned(),
    };
    Column::new(zh, field.en, format)
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// Industry codes as one comma-separated cell (how the importer reads them).
fn industry_list(codes: &[model::IndustryCode]) -> String {
    codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn table(kind: Kind, columns: Vec<Column>, rows: Vec<Vec<Value>>) -> Table {
    Table {
        name_zh: kind.label_zh().into(),
        name_en: kind.as_str().into(),
        columns,
        rows,
    }
}

/// A table whose columns are `kind`'s fields, all as text.
fn text_table(kind: Kind, rows: Vec<Vec<Value>>) -> Table {
    let columns = kind
        .fields()
        .iter()
        .map(|f| col(f, ColumnFormat::Text))
        .collect();
    table(kind, columns, rows)
}

/// The stored rows of `kind` as a table.
pub async fn table_of(
    store: &Store,
    kind: Kind,
    filter: &ExportFilter,
) -> Result<Table, StoreError> {
    use ColumnFormat::{Decimal, Integer, Text};
    // The export is an administrator's: the region filter is its only restriction.
    let scope = filter
        .region
        .map_or_else(EnterpriseScope::everything, EnterpriseScope::region);
    Ok(match kind {
        Kind::Enterprises => {
            let page = store
                .list_enterprises(
                    &EnterpriseFilter {
                        region: filter.region,
                        chain: filter.chain.clone(),
                        ..EnterpriseFilter::default()
                    },
                    i64::MAX,
                    0,
                )
                .await?;
            let rows = page
                .items
                .into_iter()
                .map(|e| {
                    vec![
                        text(e.uscc.as_str()),
                        text(e.name),
                        text(e.region.to_string()),
                        text(e.region_name),
                        text(e.industry.as_str()),
                        text(e.industry_name),
                        text(e.size_class.label_zh()),
                        Value::Bool(e.above_designated_size),
                        Value::opt_text(e.park),
                        Value::opt_number(e.founded.map(f64::from)),
                    ]
                })
                .collect();
            table(
                kind,
                vec![
                    col(&kind::USCC, Text),
                    col(&kind::ENTERPRISE_NAME, Text),
                    col(&kind::REGION, Text),
                    Column::new("地区名称", "Region name", Text),
                    col(&kind::INDUSTRY, Text),
                    Column::new("行业名称", "Industry name", Text),
                    col(&kind::SIZE_CLASS, Text),
                    col(&kind::ABOVE_DESIGNATED_SIZE, Text),
                    col(&kind::PARK, Text),
                    Column::new(kind::FOUNDED.zh, kind::FOUNDED.en, ColumnFormat::Text),
                ],
                rows,
            )
        }
        Kind::Chains => {
            let mut rows = Vec::new();
            for summary in store.list_chain_summaries(&scope).await? {
                let Some(stored) = store.chain_by_code(&scope, &summary.code).await? else {
                    continue;
                };
                let c = stored.chain;
                rows.push(vec![
                    text(c.code),
                    text(c.name),
                    text(c.level.label_zh()),
                    text(c.region.to_string()),
                    Value::opt_text(c.parent),
                    Value::opt_text(c.chief),
                    Value::opt_text(c.lead_department),
                    text(c.co_departments.join(",")),
                    Value::Number(summary.node_count as f64),
                    Value::Number(summary.enterprise_count as f64),
                    Value::Number(summary.chain_master_count as f64),
                    Value::Number(summary.chain_core_count as f64),
                ]);
            }
            table(
                kind,
                vec![
                    col(&kind::CHAIN_CODE, Text),
                    col(&kind::CHAIN_NAME, Text),
                    col(&kind::CHAIN_LEVEL, Text),
                    col(&kind::REGION, Text),
                    col(&kind::PARENT_CHAIN, Text),
                    col(&kind::CHIEF, Text),
                    col(&kind::LEAD_DEPARTMENT, Text),
                    col(&kind::CO_DEPARTMENTS, Text),
                    Column::new("环节数", "Nodes", Integer),
                    Column::new("企业数", "Enterprises", Integer),
                    Column::new("链主数", "Chain-masters", Integer),
                    Column::new("链核数", "Chain-cores", Integer),
                ],
                rows,
            )
        }
        Kind::ChainNodes | Kind::NodeRelations => {
            let chains: Vec<String> = match &filter.chain {
                Some(chain) => vec![chain.clone()],
                None => store
                    .list_chain_summaries(&EnterpriseScope::everything())
                    .await?
                    .into_iter()
                    .map(|c| c.code)
                    .collect(),
            };
            let mut rows = Vec::new();
            for chain in chains {
                if kind == Kind::NodeRelations {
                    for r in store.chain_relations(&chain).await? {
                        rows.push(vec![text(r.chain), text(r.from), text(r.to)]);
                    }
                    continue;
                }
                for n in store.chain_nodes(&scope, &chain).await? {
                    let node = n.node;
                    rows.push(vec![
                        text(node.chain),
                        text(node.code),
                        text(node.name),
                        text(node.segment.label_zh()),
                        Value::opt_text(node.parent),
                        text(industry_list(&node.industries)),
                        text(node.key_products.join(";")),
                        Value::Number(n.enterprise_count as f64),
                    ]);
                }
            }
            if kind == Kind::NodeRelations {
                table(
                    kind,
                    vec![
                        col(&kind::CHAIN, Text),
                        col(&kind::FROM_NODE, Text),
                        col(&kind::TO_NODE, Text),
                    ],
                    rows,
                )
            } else {
                table(
                    kind,
                    vec![
                        col(&kind::CHAIN, Text),
                        col(&kind::NODE_CODE, Text),
                        col(&kind::NODE_NAME, Text),
                        col(&kind::SEGMENT, Text),
                        col(&kind::PARENT_NODE, Text),
                        col(&kind::INDUSTRIES, Text),
                        col(&kind::KEY_PRODUCTS, Text),
                        Column::new("企业数", "Enterprises", Integer),
                    ],
                    rows,
                )
            }
        }
        Kind::Memberships => {
            let rows = store
                .list_memberships(filter.chain.as_deref())
                .await?
                .into_iter()
                .map(|m| {
                    let ms = m.membership;
                    vec![
                        text(ms.uscc.as_str()),
                        text(m.enterprise),
                        text(ms.chain),
                        text(ms.node),
                        text(m.node_name),
                        text(ms.role.label_zh()),
                        text(ms.evidence.label_zh()),
                        text(ms.source),
                    ]
                })
                .collect();
            table(
                kind,
                vec![
                    col(&kind::USCC, Text),
                    col(&kind::ENTERPRISE_NAME, Text),
                    col(&kind::CHAIN, Text),
                    col(&kind::NODE, Text),
                    Column::new("环节名称", "Node name", Text),
                    col(&kind::ROLE, Text),
                    col(&kind::EVIDENCE, Text),
                    col(&kind::SOURCE, Text),
                ],
                rows,
            )
        }
        Kind::SupplyLinks => {
            let rows = store
                .list_supply_links(filter.year)
                .await?
                .into_iter()
                .map(|l| {
                    vec![
                        text(l.link.supplier.as_str()),
                        text(l.supplier_name),
                        text(l.link.customer.as_str()),
                        text(l.customer_name),
                        Value::Number(f64::from(l.link.year)),
                        Value::Number(l.link.value),
                        Value::opt_text(l.link.product),
                    ]
                })
                .collect();
            table(
                kind,
                vec![
                    col(&kind::SUPPLIER, Text),
                    Column::new("供应方名称", "Supplier", Text),
                    col(&kind::CUSTOMER, Text),
                    Column::new("采购方名称", "Customer", Text),
                    Column::new(kind::YEAR.zh, kind::YEAR.en, ColumnFormat::Text),
                    col(&kind::LINK_VALUE, Decimal(2)),
                    col(&kind::PRODUCT, Text),
                ],
                rows,
            )
        }
        Kind::Observations => {
            let units: std::collections::HashMap<String, String> = store
                .list_indicators()
                .await?
                .into_iter()
                .map(|i| (i.code, i.unit))
                .collect();
            let rows = store
                .list_observations(&ObservationFilter {
                    indicator: filter.indicator.clone(),
                    from: filter.from,
                    to: filter.to,
                    region: filter.region,
                    chain: filter.chain.clone(),
                })
                .await?
                .into_iter()
                .map(|o| {
                    let unit = units.get(&o.indicator).cloned();
                    vec![
                        text(o.uscc.as_str()),
                        text(o.enterprise),
                        text(o.indicator),
                        text(o.period.label_zh()),
                        Value::Number(o.value),
                        Value::opt_text(unit),
                        Value::Number(o.revision as f64),
                    ]
                })
                .collect();
            table(
                kind,
                vec![
                    col(&kind::USCC, Text),
                    col(&kind::ENTERPRISE_NAME_IGNORED, Text),
                    col(&kind::INDICATOR, Text),
                    col(&kind::PERIOD, Text),
                    col(&kind::VALUE, Decimal(2)),
                    col(&kind::UNIT, Text),
                    Column::new("修订次数", "Revision", Integer),
                ],
                rows,
            )
        }
        Kind::Parks => {
            let rows = store
                .list_parks()
                .await?
                .into_iter()
                .filter(|p| filter.region.is_none_or(|r| p.region.is_within(r)))
                .map(|p| {
                    vec![
                        text(p.code),
                        text(p.name),
                        text(p.region.to_string()),
                        text(p.level),
                        Value::opt_number(p.available_land_ha),
                        Value::opt_number(p.standard_factory_m2),
                    ]
                })
                .collect();
            table(
                kind,
                vec![
                    col(&kind::PARK_CODE, Text),
                    col(&kind::PARK_NAME, Text),
                    col(&kind::REGION, Text),
                    col(&kind::PARK_LEVEL, Text),
                    col(&kind::AVAILABLE_LAND, Decimal(2)),
                    col(&kind::STANDARD_FACTORY, Decimal(2)),
                ],
                rows,
            )
        }
        Kind::Towns => {
            let rows = store
                .list_towns()
                .await?
                .into_iter()
                .filter(|t| filter.region.is_none_or(|r| t.region.is_within(r)))
                .map(|t| {
                    vec![
                        text(t.code),
                        text(t.name),
                        text(t.region.to_string()),
                        text(t.tier),
                        text(t.field),
                        text(industry_list(&t.industries)),
                        Value::opt_text(t.designated),
                        Value::opt_number(t.batch.map(f64::from)),
                        Value::opt_text(t.note),
                    ]
                })
                .collect();
            table(
                kind,
                vec![
                    col(&kind::TOWN_CODE, Text),
                    col(&kind::TOWN_NAME, Text),
                    col(&kind::REGION, Text),
                    col(&kind::TOWN_TIER, Text),
                    col(&kind::TOWN_FIELD, Text),
                    col(&kind::INDUSTRIES, Text),
                    col(&kind::DESIGNATED, Text),
                    col(&kind::TOWN_BATCH, Integer),
                    col(&kind::NOTE, Text),
                ],
                rows,
            )
        }
        Kind::Indicators => {
            let rows = store
                .list_indicators()
                .await?
                .into_iter()
                .map(|i| {
                    vec![
                        text(i.code),
                        text(i.name_zh),
                        text(i.name_en),
                        text(i.unit),
                        text(i.frequency.label_zh()),
                        text(i.aggregation.label_zh()),
                        Value::Bool(i.comparable_price),
                        Value::opt_text(i.numerator),
                        Value::opt_text(i.denominator),
                    ]
                })
                .collect();
            text_table(kind, rows)
        }
        Kind::Designations => {
            let rows = store
                .list_designations()
                .await?
                .into_iter()
                .map(|d| {
                    vec![
                        text(d.uscc.as_str()),
                        text(d.title.label_zh()),
                        Value::opt_text(d.chain),
                        text(d.status.label_zh()),
                        Value::opt_text(d.rule_version),
                        Value::opt_text(d.valid_from),
                        Value::opt_text(d.valid_until),
                        Value::opt_text(d.decision),
                    ]
                })
                .collect();
            text_table(kind, rows)
        }
        Kind::Facts => {
            let rows = store
                .list_facts()
                .await?
                .into_iter()
                .map(|f| {
                    vec![
                        text(f.uscc.as_str()),
                        text(f.fact),
                        text(f.value),
                        Value::opt_text(f.source),
                    ]
                })
                .collect();
            text_table(kind, rows)
        }
    })
}
