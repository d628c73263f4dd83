//! Rows to domain records, kind by kind, with the checks that need more than one cell: duplicates
//! inside the file, references to things that must exist (in the database or in the same file),
//! self-references and cycles. Observations have their own module.

use std::collections::{HashMap, HashSet};

use model::{
    Aggregation, Chain, ChainLevel, ChainNode, Designation, DesignationStatus, Enterprise,
    EvidenceGrade, Frequency, Indicator, Membership, MembershipRole, NodeRelation, Park,
    ProfessionalTown, Segment, SizeClass, SupplyLink, TitleKind,
};
use store::StoredKeys;

use crate::kind::{self, Field, Kind};
use crate::observations::Observations;
use crate::report::Problem;
use crate::row::{Issues, Row};

/// The records of one file, of the file's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    Parks(Vec<Park>),
    Towns(Vec<ProfessionalTown>),
    Indicators(Vec<Indicator>),
    Enterprises(Vec<Enterprise>),
    Chains(Vec<Chain>),
    ChainNodes(Vec<ChainNode>),
    NodeRelations(Vec<NodeRelation>),
    Memberships(Vec<Membership>),
    Designations(Vec<Designation>),
    SupplyLinks(Vec<SupplyLink>),
    /// (enterprise id, indicator id, period, value in the indicator's unit).
    Observations(Vec<(model::Id, model::Id, model::Period, f64)>),
    Facts(Vec<store::Fact>),
}

impl Records {
    pub fn len(&self) -> usize {
        match self {
            Records::Parks(v) => v.len(),
            Records::Towns(v) => v.len(),
            Records::Indicators(v) => v.len(),
            Records::Enterprises(v) => v.len(),
            Records::Chains(v) => v.len(),
            Records::ChainNodes(v) => v.len(),
            Records::NodeRelations(v) => v.len(),
            Records::Memberships(v) => v.len(),
            Records::Designations(v) => v.len(),
            Records::SupplyLinks(v) => v.len(),
            Records::Observations(v) => v.len(),
            Records::Facts(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A reference checked once the whole file is read (it may point to a later row).
#[derive(Debug)]
pub struct Pending {
    row: u64,
    column: Option<usize>,
    column_name: String,
    key: String,
}

/// First row of each natural key, to report duplicates with the row they repeat.
#[derive(Debug)]
pub struct FirstRows<K: std::hash::Hash + Eq>(HashMap<K, u64>);

impl<K: std::hash::Hash + Eq> Default for FirstRows<K> {
    fn default() -> Self {
        FirstRows(HashMap::new())
    }
}

impl<K: std::hash::Hash + Eq> FirstRows<K> {
    /// `Some(first row)` when `key` was seen before.
    fn seen(&mut self, key: K, row: u64) -> Option<u64> {
        match self.0.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(row);
                None
            }
        }
    }
}

const SIZE_CLASSES: &[(&str, &str)] = &[
    ("large", "大型"),
    ("medium", "中型"),
    ("small", "小型"),
    ("micro", "微型"),
];
const SEGMENTS: &[(&str, &str)] = &[
    ("upstream", "上游"),
    ("midstream", "中游"),
    ("downstream", "下游"),
];
const ROLES: &[(&str, &str)] = &[
    ("chain_master", "链主"),
    ("chain_core", "链核"),
    ("member", "成员"),
];
const EVIDENCE: &[(&str, &str)] = &[("strong", "强"), ("medium", "中"), ("weak", "弱")];
const CHAIN_LEVELS: &[(&str, &str)] = &[("province", "省级"), ("city", "市级")];

fn all_of<T: Copy>(
    values: &[T],
    text: impl Fn(T) -> &'static str,
    zh: impl Fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    values.iter().map(|&v| (text(v), zh(v))).collect()
}

/// Titles by their stable text, Chinese label, or the short names people use.
fn title(text: &str) -> Option<TitleKind> {
    TitleKind::parse(text).or_else(|| {
        let t = text.replace(['“', '”', '"', ' '], "");
        match t.as_str() {
            "专精特新小巨人" | "小巨人" | "专精特新小巨人企业" => {
                Some(TitleKind::LittleGiant)
            }
            "专精特新" | "专精特新企业" => Some(TitleKind::SpecialisedSme),
            "创新型中小企业" | "创新型" => Some(TitleKind::InnovativeSme),
            "单项冠军" | "制造业单项冠军企业" => Some(TitleKind::SingleChampion),
            "高新技术企业" | "高企" => Some(TitleKind::HighTech),
            "链主" => Some(TitleKind::ChainMaster),
            "链核" => Some(TitleKind::ChainCore),
            _ => None,
        }
    })
}

/// Accepts `是`/`否` style values and Chinese labels for the chain level (省级, 省, 市级, 市).
fn chain_level(text: &str) -> Option<ChainLevel> {
    ChainLevel::parse(text).or(match text {
        "省" | "省级链" => Some(ChainLevel::Province),
        "市" | "市级链" => Some(ChainLevel::City),
        _ => None,
    })
}

/// What every kind's reader needs: the stored keys and the options.
#[derive(Debug)]
pub struct Context<'a> {
    pub keys: &'a StoredKeys,
    pub options: &'a crate::ImportOptions,
}

/// Reads rows of one kind into records.
#[derive(Debug)]
pub enum Reader {
    Parks(Vec<Park>, FirstRowsText),
    Towns(Vec<ProfessionalTown>, FirstRowsText),
    Indicators(Vec<Indicator>, FirstRowsText, Vec<Pending>),
    Enterprises(Vec<Enterprise>, FirstRowsText),
    Chains(Vec<Chain>, FirstRowsText, Vec<Pending>),
    ChainNodes(
        Vec<ChainNode>,
        FirstRows<(String, String)>,
        Vec<(Pending, String)>,
    ),
    NodeRelations(Vec<NodeRelation>, FirstRows<(String, String, String)>),
    Memberships(Vec<Membership>, FirstRows<(model::Uscc, String, String)>),
    Designations(
        Vec<Designation>,
        FirstRows<(model::Uscc, TitleKind, Option<String>, Option<String>)>,
    ),
    SupplyLinks(Vec<SupplyLink>, FirstRows<(model::Uscc, model::Uscc, u16)>),
    Observations(Box<Observations>),
    Facts(
        Vec<store::Fact>,
        FirstRows<(model::Uscc, String)>,
        FactNames,
    ),
}

type FirstRowsText = FirstRows<String>;

/// What a fact name is, decided once per name met in the file.
#[derive(Debug)]
enum FactName {
    /// A column of the rules' facts table (crates/rules/FACTS_TABLE.md), stored under its stable
    /// name (`2024年营业收入` as `revenue_2024`: one fact, one name); the table (the id, then that
    /// column) checks values as `chainchief rules` reads them.
    Rules(rules::FactsTable, String),
    /// Another fact the engines read by name (`land_area_mu`, `value_added_2025` for evaluation
    /// frameworks' `fact.` sources): lower-case letters, digits and underscores.
    Other,
    Malformed,
}

#[derive(Debug, Default)]
pub struct FactNames(HashMap<String, FactName>);

impl FactNames {
    fn of(&mut self, fact: &str) -> &FactName {
        self.0.entry(fact.to_owned()).or_insert_with(|| {
            let table = rules::FactsTable::from_header(&["id", fact]);
            if let (Ok(table), Some(name)) = (table, rules::canonical_column(fact)) {
                FactName::Rules(table, name)
            } else if fact.len() <= 80
                && fact.starts_with(|c: char| c.is_ascii_lowercase())
                && fact
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                FactName::Other
            } else {
                FactName::Malformed
            }
        })
    }
}

impl Reader {
    pub fn new(kind: Kind, observations: Option<Observations>) -> Reader {
        match kind {
            Kind::Parks => Reader::Parks(Vec::new(), FirstRows::default()),
            Kind::Towns => Reader::Towns(Vec::new(), FirstRows::default()),
            Kind::Indicators => Reader::Indicators(Vec::new(), FirstRows::default(), Vec::new()),
            Kind::Enterprises => Reader::Enterprises(Vec::new(), FirstRows::default()),
            Kind::Chains => Reader::Chains(Vec::new(), FirstRows::default(), Vec::new()),
            Kind::ChainNodes => Reader::ChainNodes(Vec::new(), FirstRows::default(), Vec::new()),
            Kind::NodeRelations => Reader::NodeRelations(Vec::new(), FirstRows::default()),
            Kind::Memberships => Reader::Memberships(Vec::new(), FirstRows::default()),
            Kind::Designations => Reader::Designations(Vec::new(), FirstRows::default()),
            Kind::SupplyLinks => Reader::SupplyLinks(Vec::new(), FirstRows::default()),
            Kind::Observations => Reader::Observations(Box::new(observations.unwrap_or_default())),
            Kind::Facts => Reader::Facts(Vec::new(), FirstRows::default(), FactNames::default()),
        }
    }

    /// Reads one row; problems go to the row's issues.
    pub fn read(&mut self, row: &mut Row<'_, '_>, cx: &Context<'_>) {
        match self {
            Reader::Parks(out, seen) => {
                let code = row.code(&kind::PARK_CODE);
                let name = row.text(&kind::PARK_NAME);
                let region = row.region(&kind::REGION);
                let level = row.text(&kind::PARK_LEVEL);
                let land = row.amount(&kind::AVAILABLE_LAND);
                let factory = row.amount(&kind::STANDARD_FACTORY);
                unique(row, &kind::PARK_CODE, seen, code.clone(), "park", "园区");
                if let (Some(code), Some(name), Some(region), Some(level), false) =
                    (code, name, region, level, row.failed)
                {
                    out.push(Park {
                        code,
                        name,
                        region,
                        level,
                        available_land_ha: land,
                        standard_factory_m2: factory,
                    });
                }
            }
            Reader::Towns(out, seen) => {
                let code = row.code(&kind::TOWN_CODE);
                let name = row.text(&kind::TOWN_NAME);
                let region = row.region(&kind::REGION);
                let tier = row.text(&kind::TOWN_TIER);
                let field = row.text(&kind::TOWN_FIELD);
                let industries = row.industries(&kind::INDUSTRIES);
                let designated = row.text(&kind::DESIGNATED);
                let batch = row.integer(&kind::TOWN_BATCH, 1, 999);
                let note = row.text(&kind::NOTE);
                unique(row, &kind::TOWN_CODE, seen, code.clone(), "town", "专业镇");
                if let (Some(code), Some(name), Some(region), Some(tier), Some(field), false) =
                    (code, name, region, tier, field, row.failed)
                {
                    out.push(ProfessionalTown {
                        code,
                        name,
                        region,
                        tier,
                        field,
                        industries,
                        designated,
                        batch: batch.and_then(|b| u16::try_from(b).ok()),
                        note,
                    });
                }
            }
            Reader::Indicators(out, seen, pending) => {
                let code = row.code(&kind::INDICATOR_CODE);
                if let Some(code) = &code
                    && !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    row.fail(
                        &kind::INDICATOR_CODE,
                        Problem::Rule(
                            "指标代码只能由字母、数字和下划线组成".into(),
                            "an indicator code has only letters, digits and underscores".into(),
                        ),
                    );
                }
                let name_zh = row.text(&kind::INDICATOR_NAME_ZH);
                let name_en = row.text(&kind::INDICATOR_NAME_EN);
                let unit = row.text(&kind::INDICATOR_UNIT);
                let frequency = row.choice(
                    &kind::FREQUENCY,
                    Frequency::parse,
                    &all_of(Frequency::ALL, Frequency::as_str, Frequency::label_zh),
                );
                let aggregation = row.choice(
                    &kind::AGGREGATION,
                    Aggregation::parse,
                    &all_of(Aggregation::ALL, Aggregation::as_str, Aggregation::label_zh),
                );
                let comparable = row.flag(&kind::COMPARABLE_PRICE).unwrap_or(false);
                let numerator = row.code(&kind::NUMERATOR);
                let denominator = row.code(&kind::DENOMINATOR);
                for (field, key) in [
                    (&kind::NUMERATOR, &numerator),
                    (&kind::DENOMINATOR, &denominator),
                ] {
                    if let Some(key) = key {
                        pending.push(pending_at(row, field, key));
                    }
                }
                if aggregation == Some(Aggregation::Ratio)
                    && (numerator.is_none() || denominator.is_none())
                {
                    row.fail(
                        &kind::AGGREGATION,
                        Problem::Rule(
                            "比率指标须填写分子指标和分母指标".into(),
                            "a ratio indicator needs its numerator and denominator indicators"
                                .into(),
                        ),
                    );
                }
                unique(
                    row,
                    &kind::INDICATOR_CODE,
                    seen,
                    code.clone(),
                    "indicator",
                    "指标",
                );
                if let (
                    Some(code),
                    Some(name_zh),
                    Some(name_en),
                    Some(unit),
                    Some(frequency),
                    Some(aggregation),
                    false,
                ) = (
                    code,
                    name_zh,
                    name_en,
                    unit,
                    frequency,
                    aggregation,
                    row.failed,
                ) {
                    out.push(Indicator {
                        code,
                        name_zh,
                        name_en,
                        unit,
                        frequency,
                        aggregation,
                        comparable_price: comparable,
                        numerator,
                        denominator,
                    });
                }
            }
            Reader::Enterprises(out, seen) => {
                let uscc = row.uscc(&kind::USCC);
                let name = row.text(&kind::ENTERPRISE_NAME);
                let region = row.region(&kind::REGION);
                let industry = row.industry(&kind::INDUSTRY);
                let size = row.choice(&kind::SIZE_CLASS, SizeClass::parse, SIZE_CLASSES);
                let ads = row.flag(&kind::ABOVE_DESIGNATED_SIZE);
                let park = row.code(&kind::PARK);
                if let Some(park) = &park
                    && !cx.keys.parks.contains(park)
                {
                    row.fail(&kind::PARK, unknown("park", "园区", park));
                }
                let founded = row.integer(&kind::FOUNDED, 1800, 2100);
                unique(
                    row,
                    &kind::USCC,
                    seen,
                    uscc.map(|u| u.to_string()),
                    "enterprise",
                    "企业",
                );
                if let (
                    Some(uscc),
                    Some(name),
                    Some(region),
                    Some(industry),
                    Some(size_class),
                    Some(above_designated_size),
                    false,
                ) = (uscc, name, region, industry, size, ads, row.failed)
                {
                    out.push(Enterprise {
                        uscc,
                        name,
                        region,
                        industry,
                        size_class,
                        above_designated_size,
                        park,
                        founded: founded.and_then(|f| u16::try_from(f).ok()),
                    });
                }
            }
            Reader::Chains(out, seen, pending) => {
                let code = row.code(&kind::CHAIN_CODE);
                let name = row.text(&kind::CHAIN_NAME);
                let level = row.choice(&kind::CHAIN_LEVEL, chain_level, CHAIN_LEVELS);
                let region = row.region(&kind::REGION);
                let parent = row.code(&kind::PARENT_CHAIN);
                let chief = row.text(&kind::CHIEF);
                let lead = row.text(&kind::LEAD_DEPARTMENT);
                let co = row.list(&kind::CO_DEPARTMENTS);
                if let (Some(parent), Some(code)) = (&parent, &code) {
                    if parent == code {
                        row.fail(
                            &kind::PARENT_CHAIN,
                            Problem::SelfReference {
                                what: "chain",
                                what_zh: "产业链",
                            },
                        );
                    } else {
                        pending.push(pending_at(row, &kind::PARENT_CHAIN, parent));
                    }
                }
                if level == Some(ChainLevel::City) && parent.is_none() {
                    row.fail(
                        &kind::PARENT_CHAIN,
                        Problem::Rule(
                            "市级产业链须填写所属的省级产业链".into(),
                            "a city chain names the provincial chain it links to".into(),
                        ),
                    );
                }
                unique(
                    row,
                    &kind::CHAIN_CODE,
                    seen,
                    code.clone(),
                    "chain",
                    "产业链",
                );
                if let (Some(code), Some(name), Some(level), Some(region), false) =
                    (code, name, level, region, row.failed)
                {
                    out.push(Chain {
                        code,
                        name,
                        level,
                        region,
                        parent,
                        chief,
                        lead_department: lead,
                        co_departments: co,
                    });
                }
            }
            Reader::ChainNodes(out, seen, pending) => {
                let chain = row.code(&kind::CHAIN);
                if let Some(chain) = &chain
                    && !cx.keys.chains.contains(chain)
                {
                    row.fail(&kind::CHAIN, unknown("chain", "产业链", chain));
                }
                let code = row.code(&kind::NODE_CODE);
                let name = row.text(&kind::NODE_NAME);
                let segment = row.choice(&kind::SEGMENT, Segment::parse, SEGMENTS);
                let parent = row.code(&kind::PARENT_NODE);
                let industries = row.industries(&kind::INDUSTRIES);
                let products = row.list(&kind::KEY_PRODUCTS);
                if let (Some(parent), Some(code), Some(chain)) = (&parent, &code, &chain) {
                    if parent == code {
                        row.fail(
                            &kind::PARENT_NODE,
                            Problem::SelfReference {
                                what: "node",
                                what_zh: "环节",
                            },
                        );
                    } else {
                        pending.push((pending_at(row, &kind::PARENT_NODE, parent), chain.clone()));
                    }
                }
                let key = chain.clone().zip(code.clone());
                if let Some(key) = key.clone()
                    && let Some(first) = seen.seen(key.clone(), row.number)
                {
                    row.fail(
                        &kind::NODE_CODE,
                        duplicate("node", "环节", &format!("{}/{}", key.0, key.1), first),
                    );
                }
                if let (Some(chain), Some(code), Some(name), Some(segment), false) =
                    (chain, code, name, segment, row.failed)
                {
                    out.push(ChainNode {
                        chain,
                        code,
                        name,
                        segment,
                        parent,
                        industries,
                        key_products: products,
                    });
                }
            }
            Reader::NodeRelations(out, seen) => {
                let chain = row.code(&kind::CHAIN);
                let from = row.code(&kind::FROM_NODE);
                let to = row.code(&kind::TO_NODE);
                if let Some(chain) = &chain {
                    if !cx.keys.chains.contains(chain) {
                        row.fail(&kind::CHAIN, unknown("chain", "产业链", chain));
                    } else {
                        for (field, node) in [(&kind::FROM_NODE, &from), (&kind::TO_NODE, &to)] {
                            if let Some(node) = node
                                && !cx.keys.nodes.contains(&(chain.clone(), node.clone()))
                            {
                                row.fail(
                                    field,
                                    unknown("chain node", "产业链环节", &format!("{chain}/{node}")),
                                );
                            }
                        }
                    }
                }
                if from.is_some() && from == to {
                    row.fail(
                        &kind::TO_NODE,
                        Problem::SelfReference {
                            what: "relation",
                            what_zh: "环节关系",
                        },
                    );
                }
                if let (Some(chain), Some(from), Some(to)) = (&chain, &from, &to)
                    && let Some(first) =
                        seen.seen((chain.clone(), from.clone(), to.clone()), row.number)
                {
                    row.fail(
                        &kind::TO_NODE,
                        duplicate(
                            "relation",
                            "环节关系",
                            &format!("{chain}: {from}→{to}"),
                            first,
                        ),
                    );
                }
                if let (Some(chain), Some(from), Some(to), false) = (chain, from, to, row.failed) {
                    out.push(NodeRelation { chain, from, to });
                }
            }
            Reader::Memberships(out, seen) => {
                let uscc = row.uscc(&kind::USCC);
                known_enterprise(row, cx, &kind::USCC, uscc);
                let chain = row.code(&kind::CHAIN);
                let node = row.code(&kind::NODE);
                if let (Some(chain), Some(node)) = (&chain, &node)
                    && !cx.keys.nodes.contains(&(chain.clone(), node.clone()))
                {
                    row.fail(
                        &kind::NODE,
                        unknown("chain node", "产业链环节", &format!("{chain}/{node}")),
                    );
                }
                let role = row.choice(&kind::ROLE, MembershipRole::parse, ROLES);
                let evidence = row.choice(&kind::EVIDENCE, EvidenceGrade::parse, EVIDENCE);
                let source = row.text(&kind::SOURCE);
                if let (Some(uscc), Some(chain), Some(node)) = (uscc, &chain, &node)
                    && let Some(first) = seen.seen((uscc, chain.clone(), node.clone()), row.number)
                {
                    row.fail(
                        &kind::NODE,
                        duplicate(
                            "membership",
                            "链上企业",
                            &format!("{uscc} {chain}/{node}"),
                            first,
                        ),
                    );
                }
                if let (
                    Some(uscc),
                    Some(chain),
                    Some(node),
                    Some(role),
                    Some(evidence),
                    Some(source),
                    false,
                ) = (uscc, chain, node, role, evidence, source, row.failed)
                {
                    out.push(Membership {
                        uscc,
                        chain,
                        node,
                        role,
                        evidence,
                        source,
                    });
                }
            }
            Reader::Designations(out, seen) => {
                let uscc = row.uscc(&kind::USCC);
                known_enterprise(row, cx, &kind::USCC, uscc);
                let title = row.choice(
                    &kind::TITLE,
                    title,
                    &all_of(TitleKind::ALL, TitleKind::as_str, TitleKind::label_zh),
                );
                let chain = row.code(&kind::OPTIONAL_CHAIN);
                if let Some(chain) = &chain
                    && !cx.keys.chains.contains(chain)
                {
                    row.fail(&kind::OPTIONAL_CHAIN, unknown("chain", "产业链", chain));
                }
                if matches!(title, Some(TitleKind::ChainMaster | TitleKind::ChainCore))
                    && chain.is_none()
                {
                    row.fail(
                        &kind::OPTIONAL_CHAIN,
                        Problem::Rule(
                            "链主、链核称号须填写产业链代码".into(),
                            "chain-master and chain-core titles name their chain".into(),
                        ),
                    );
                }
                let status = row.choice(
                    &kind::STATUS,
                    DesignationStatus::parse,
                    &all_of(
                        DesignationStatus::ALL,
                        DesignationStatus::as_str,
                        DesignationStatus::label_zh,
                    ),
                );
                let rule_version = row.text(&kind::RULE_VERSION);
                let from = row.date(&kind::VALID_FROM);
                let until = row.date(&kind::VALID_UNTIL);
                if let (Some(from), Some(until)) = (&from, &until)
                    && until < from
                {
                    row.fail(
                        &kind::VALID_UNTIL,
                        Problem::Rule(
                            format!("有效期止（{until}）早于有效期起（{from}）"),
                            format!("valid until ({until}) is before valid from ({from})"),
                        ),
                    );
                }
                let decision = row.text(&kind::DECISION);
                if let (Some(uscc), Some(title)) = (uscc, title)
                    && let Some(first) =
                        seen.seen((uscc, title, chain.clone(), from.clone()), row.number)
                {
                    row.fail(
                        &kind::TITLE,
                        duplicate("designation", "认定称号", &format!("{uscc} {title}"), first),
                    );
                }
                if let (Some(uscc), Some(title), Some(status), false) =
                    (uscc, title, status, row.failed)
                {
                    out.push(Designation {
                        uscc,
                        title,
                        chain,
                        status,
                        rule_version,
                        valid_from: from,
                        valid_until: until,
                        decision,
                    });
                }
            }
            Reader::Facts(out, seen, names) => {
                let uscc = row.uscc(&kind::USCC);
                known_enterprise(row, cx, &kind::USCC, uscc);
                let fact = row.text(&kind::FACT_NAME);
                let value = row.text(&kind::FACT_VALUE);
                let source = row.text(&kind::FACT_SOURCE);
                let name = fact.as_deref().map(|fact| names.of(fact));
                if let Some(FactName::Malformed) = name {
                    row.fail(
                        &kind::FACT_NAME,
                        Problem::Rule(
                            "事实名称须为事实表的列名（见 crates/rules/FACTS_TABLE.md），或由小写字母、数字和下划线组成"
                                .into(),
                            "a fact is a facts-table column (see crates/rules/FACTS_TABLE.md) or a name of lower-case letters, digits and underscores"
                                .into(),
                        ),
                    );
                }
                if let (Some(FactName::Rules(table, _)), Some(value)) = (name, &value)
                    && let Err(e) = table.read_row(&["-", value.as_str()])
                {
                    row.fail(
                        &kind::FACT_VALUE,
                        Problem::Rule(
                            format!("取值不符合该事实的格式：{}", e.message),
                            format!("not a value this fact takes: {}", e.message),
                        ),
                    );
                }
                let fact = match name {
                    Some(FactName::Rules(_, stable)) => Some(stable.clone()),
                    _ => fact,
                };
                if let (Some(uscc), Some(fact)) = (uscc, &fact)
                    && let Some(first) = seen.seen((uscc, fact.clone()), row.number)
                {
                    row.fail(
                        &kind::FACT_NAME,
                        duplicate("fact", "事实", &format!("{uscc} {fact}"), first),
                    );
                }
                if let (Some(uscc), Some(fact), Some(value), false) =
                    (uscc, fact, value, row.failed)
                {
                    out.push(store::Fact {
                        uscc,
                        fact,
                        value,
                        source,
                    });
                }
            }
            Reader::SupplyLinks(out, seen) => {
                let supplier = row.uscc(&kind::SUPPLIER);
                known_enterprise(row, cx, &kind::SUPPLIER, supplier);
                let customer = row.uscc(&kind::CUSTOMER);
                known_enterprise(row, cx, &kind::CUSTOMER, customer);
                if supplier.is_some() && supplier == customer {
                    row.fail(
                        &kind::CUSTOMER,
                        Problem::SelfReference {
                            what: "supply link",
                            what_zh: "供应关系",
                        },
                    );
                }
                let year = row.year(&kind::YEAR);
                let value = row.amount(&kind::LINK_VALUE);
                let product = row.text(&kind::PRODUCT);
                if let (Some(s), Some(c), Some(y)) = (supplier, customer, year)
                    && let Some(first) = seen.seen((s, c, y), row.number)
                {
                    row.fail(
                        &kind::CUSTOMER,
                        duplicate("supply link", "供应关系", &format!("{s}→{c} {y}"), first),
                    );
                }
                if let (Some(supplier), Some(customer), Some(year), Some(value), false) =
                    (supplier, customer, year, value, row.failed)
                {
                    out.push(SupplyLink {
                        supplier,
                        customer,
                        year,
                        value,
                        product,
                    });
                }
            }
            Reader::Observations(observations) => observations.read(row, cx),
        }
    }

    /// Checks what needs the whole file, and returns the records.
    pub fn finish(self, issues: &mut Issues, cx: &Context<'_>) -> Records {
        let mut fail = |p: Pending, problem: Problem| {
            issues.push(crate::report::Issue {
                row: p.row,
                column: p.column,
                column_name: p.column_name,
                value: p.key,
                problem,
                severity: crate::report::Severity::Error,
            });
        };
        match self {
            Reader::Parks(v, _) => Records::Parks(v),
            Reader::Towns(v, _) => Records::Towns(v),
            Reader::Indicators(v, _, pending) => {
                let in_file: HashSet<&str> = v.iter().map(|i| i.code.as_str()).collect();
                let missing: Vec<Pending> = pending
                    .into_iter()
                    .filter(|p| {
                        !in_file.contains(p.key.as_str())
                            && !cx.keys.indicators.contains_key(&p.key)
                    })
                    .collect();
                let failed = !missing.is_empty();
                for p in missing {
                    let key = p.key.clone();
                    fail(p, unknown("indicator", "指标", &key));
                }
                Records::Indicators(if failed { Vec::new() } else { v })
            }
            Reader::Enterprises(v, _) => Records::Enterprises(v),
            Reader::Chains(v, _, pending) => {
                let in_file: HashSet<&str> = v.iter().map(|c| c.code.as_str()).collect();
                let missing: Vec<Pending> = pending
                    .into_iter()
                    .filter(|p| {
                        !in_file.contains(p.key.as_str()) && !cx.keys.chains.contains(&p.key)
                    })
                    .collect();
                let failed = !missing.is_empty();
                for p in missing {
                    let key = p.key.clone();
                    fail(p, unknown("parent chain", "上级产业链", &key));
                }
                Records::Chains(if failed { Vec::new() } else { v })
            }
            Reader::ChainNodes(v, _, pending) => {
                let parents: HashMap<(&str, &str), Option<&str>> = v
                    .iter()
                    .map(|n| ((n.chain.as_str(), n.code.as_str()), n.parent.as_deref()))
                    .collect();
                let mut failed = false;
                for (p, chain) in pending {
                    let known = parents.contains_key(&(chain.as_str(), p.key.as_str()))
                        || cx.keys.nodes.contains(&(chain.clone(), p.key.clone()));
                    if !known {
                        failed = true;
                        let key = format!("{chain}/{}", p.key);
                        fail(p, unknown("parent node", "上级环节", &key));
                    }
                }
                // Parent links inside the file must not loop (the store would never find a
                // node to insert first).
                for node in &v {
                    let mut path = vec![node.code.as_str()];
                    let mut current = node.parent.as_deref();
                    while let Some(parent) = current {
                        if parent == node.code {
                            failed = true;
                            path.push(parent);
                            fail(
                                Pending {
                                    row: 0,
                                    column: None,
                                    column_name: String::new(),
                                    key: format!("{}/{}", node.chain, node.code),
                                },
                                Problem::Cycle {
                                    path: path.join(" → "),
                                },
                            );
                            break;
                        }
                        if path.len() > parents.len() || path.contains(&parent) {
                            break;
                        }
                        path.push(parent);
                        current = parents
                            .get(&(node.chain.as_str(), parent))
                            .copied()
                            .flatten();
                    }
                }
                Records::ChainNodes(if failed { Vec::new() } else { v })
            }
            Reader::NodeRelations(v, _) => Records::NodeRelations(v),
            Reader::Memberships(v, _) => Records::Memberships(v),
            Reader::Designations(v, _) => Records::Designations(v),
            Reader::SupplyLinks(v, _) => Records::SupplyLinks(v),
            Reader::Observations(observations) => observations.finish(issues),
            Reader::Facts(v, _, _) => Records::Facts(v),
        }
    }
}

fn pending_at(row: &Row<'_, '_>, field: &Field, key: &str) -> Pending {
    let column = row.column(field);
    Pending {
        row: row.number,
        column,
        column_name: column
            .map(|c| row.layout.column_name(c).to_owned())
            .unwrap_or_default(),
        key: key.to_owned(),
    }
}

pub(crate) fn unknown(what: &'static str, what_zh: &'static str, key: &str) -> Problem {
    Problem::Unknown {
        what,
        what_zh,
        key: key.to_owned(),
    }
}

pub(crate) fn duplicate(
    what: &'static str,
    what_zh: &'static str,
    key: &str,
    first_row: u64,
) -> Problem {
    Problem::Duplicate {
        what,
        what_zh,
        key: key.to_owned(),
        first_row,
    }
}

fn unique(
    row: &mut Row<'_, '_>,
    field: &Field,
    seen: &mut FirstRows<String>,
    key: Option<String>,
    what: &'static str,
    what_zh: &'static str,
) {
    if let Some(key) = key
        && let Some(first) = seen.seen(key.clone(), row.number)
    {
        row.fail(field, duplicate(what, what_zh, &key, first));
    }
}

fn known_enterprise(
    row: &mut Row<'_, '_>,
    cx: &Context<'_>,
    field: &Field,
    uscc: Option<model::Uscc>,
) {
    if let Some(uscc) = uscc
        && !cx.keys.enterprises.contains_key(uscc.as_str())
    {
        row.fail(field, unknown("enterprise", "企业", uscc.as_str()));
    }
}
