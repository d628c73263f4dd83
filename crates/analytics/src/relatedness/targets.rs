//! Chain-gap investment targets (产业链招商, "government + chain-master + park") from stored
//! data: the missing (缺链) and weak (弱链) nodes of a key chain as the `risk` engine's coverage
//! finds them, candidate enterprises outside the province that make those nodes' products, and
//! the province's parks that fit each candidate best.

use std::collections::{HashMap, HashSet};

use model::{Id, MembershipRole, SizeClass};
use relate::{Candidate, GapKind, GapNode, Park, ProductSpace, TargetOptions};
use risk::structure::{
    ChainFirm, ChainInput, ChainNodeInput, ChainRiskReport, CoverageStatus, Lang, NodeMembership,
    RiskThresholds,
};
use serde::Serialize;
use store::Store;

use super::registry::{industry_at, region_name};
use super::table::{RelatednessData, industry_name};
use super::views::RelatedIndustry;
use crate::AnalyticsError;

/// The indicator that measures firm size, for coverage (as `risk` measures it) and candidates.
pub const SIZE_INDICATOR: &str = "operating_revenue";

/// Parameters of the target search.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSpec {
    pub chain: String,
    /// 缺链 / 弱链 thresholds: `risk`'s structural thresholds (defaults shared with the chain
    /// risk report, so both name the same nodes).
    pub thresholds: RiskThresholds,
    /// Ranking weights and list lengths of the `relate` engine.
    pub options: TargetOptions,
}

impl TargetSpec {
    pub fn new(chain: &str) -> Self {
        TargetSpec {
            chain: chain.to_owned(),
            thresholds: RiskThresholds::default(),
            options: TargetOptions::default(),
        }
    }
}

/// A park that fits a candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkFitRow {
    pub park: String,
    pub name: String,
    pub county: String,
    /// Blend of relatedness (relative to the best park) and capacity, in [0, 1].
    pub score: f64,
    /// Relatedness density of the park's industries around the candidate's industry.
    pub density: f64,
    /// Mean share of the best park's capacity figures (`None`: no park gives any).
    pub capacity: Option<f64>,
    pub available_land_ha: Option<f64>,
    pub standard_factory_m2: Option<f64>,
    /// The park's industries closest to the candidate's.
    pub related: Vec<RelatedIndustry>,
}

/// How a candidate's size was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBasis {
    /// Its own reported annual operating revenue.
    Reported,
    /// The revenue floor of its NBS size class (no figures reported to the province).
    SizeClass,
}

/// One enterprise outside the province worth attracting to a node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    pub rank: usize,
    pub uscc: String,
    pub name: String,
    pub region: String,
    pub region_name: String,
    pub province_name: String,
    pub industry: String,
    pub industry_name: String,
    pub size_class: String,
    /// Yuan a year (see `size_basis`).
    pub size: f64,
    pub size_basis: SizeBasis,
    /// What it already sells to enterprises in the province (yuan, supply links of
    /// `link_year`), and to how many of them.
    pub local_sales: f64,
    pub local_customers: usize,
    /// 1 when it makes exactly a node industry, else its proximity to the closest one.
    pub relevance: f64,
    pub matched_industry: String,
    pub score: f64,
    pub size_score: f64,
    pub link_score: f64,
    pub parks: Vec<ParkFitRow>,
}

/// A node to fill and its ranked candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapTargets {
    pub node: String,
    pub node_name: String,
    /// `missing` (缺链) or `weak` (弱链).
    pub gap: &'static str,
    pub gap_zh: &'static str,
    pub industries: Vec<String>,
    pub key_products: Vec<String>,
    pub local_firms: usize,
    pub local_size_share: f64,
    /// The coverage finding in Chinese and English, as the risk report words it.
    pub explanation_zh: String,
    pub explanation_en: String,
    pub targets: Vec<TargetRow>,
}

/// The chain-gap investment targets of one chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainTargets {
    pub chain: String,
    pub chain_name: String,
    pub year: u16,
    /// The supply-link year behind `local_sales` (`None`: no links stored).
    pub link_year: Option<u16>,
    pub thresholds: RiskThresholds,
    /// Gap and weak nodes in node order (covered nodes are not listed).
    pub nodes: Vec<GapTargets>,
}

/// NBS 统计上大中小微型企业划分办法 (2017), industry: the operating-revenue floor of each
/// class (large ≥ 400 million yuan, medium ≥ 20 million, small ≥ 3 million; micro below).
fn size_class_floor(class: &str) -> f64 {
    match SizeClass::parse(class) {
        Some(SizeClass::Large) => 4.0e8,
        Some(SizeClass::Medium) => 2.0e7,
        Some(SizeClass::Small) => 3.0e6,
        _ => 0.0,
    }
}

/// The gap nodes of `spec.chain` with candidates and parks, ranked with `data`'s relatedness
/// (its proximity is the product space: compute `data` at class level on counties, with the
/// national reference when there is one).
pub async fn chain_targets(
    store: &Store,
    data: &RelatednessData,
    spec: &TargetSpec,
) -> Result<ChainTargets, AnalyticsError> {
    let chain = store
        .chain_by_code(&store::EnterpriseScope::everything(), &spec.chain)
        .await?
        .ok_or_else(|| AnalyticsError::UnknownChain {
            code: spec.chain.clone(),
        })?;
    let nodes = store
        .chain_nodes(&store::EnterpriseScope::everything(), &spec.chain)
        .await?;
    let registry = &data.registry;
    let level = data.industries;
    let year = data.year;
    let sizes = store.annual_values(SIZE_INDICATOR, year).await?;
    let reported: HashMap<Id, f64> = sizes
        .enterprise_ids
        .iter()
        .copied()
        .zip(sizes.values.iter().copied())
        .collect();

    // Coverage, as the risk report finds it: the chain's members with their size.
    let memberships: Vec<_> = store
        .membership_rows()
        .await?
        .into_iter()
        .filter(|m| m.chain == spec.chain)
        .collect();
    let mut firm_of: HashMap<Id, u32> = HashMap::new();
    let mut firms = Vec::new();
    let mut node_members = Vec::new();
    for m in &memberships {
        let Some(&i) = registry.index.get(&m.enterprise_id) else {
            continue;
        };
        let Some(node) = nodes.iter().position(|n| n.node.code == m.node) else {
            continue;
        };
        let a = &registry.attributes[i];
        let firm = *firm_of.entry(a.id).or_insert_with(|| {
            firms.push(ChainFirm {
                name: a.name.clone(),
                local: registry.is_local(a),
                size: reported.get(&a.id).copied().unwrap_or(0.0).max(0.0),
            });
            (firms.len() - 1) as u32
        });
        node_members.push(NodeMembership {
            firm,
            node: node as u32,
            role: MembershipRole::parse(&m.role).unwrap_or(MembershipRole::Member),
        });
    }
    let input = ChainInput {
        code: chain.chain.code.clone(),
        name: chain.chain.name.clone(),
        nodes: nodes
            .iter()
            .map(|n| ChainNodeInput {
                code: n.node.code.clone(),
                name: n.node.name.clone(),
            })
            .collect(),
        firms,
        memberships: node_members,
        relations: Vec::new(),
    };
    // Coverage needs members, locality and size only: no links.
    let network = risk::SupplyNetwork::from_links(input.firms.len(), &[])?;
    let report = ChainRiskReport::assemble(&input, &network, &[], &spec.thresholds)?;
    let gaps: Vec<(usize, GapKind)> = report
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(k, n)| match n.coverage.status {
            CoverageStatus::Gap => Some((k, GapKind::Missing)),
            CoverageStatus::Weak => Some((k, GapKind::Weak)),
            CoverageStatus::Covered => None,
        })
        .collect();
    let code_at = |code: &str| industry_at(code, level).map(|c| c.as_str().to_owned());
    let gap_nodes: Vec<GapNode> = gaps
        .iter()
        .map(|&(k, gap)| GapNode {
            id: nodes[k].node.code.clone(),
            gap,
            industries: dedup(
                nodes[k]
                    .node
                    .industries
                    .iter()
                    .filter_map(|c| code_at(c.as_str())),
            ),
        })
        .collect();

    // Candidates: every enterprise outside the province, with its sales into the province.
    let link_year = store
        .supply_link_years()
        .await?
        .into_iter()
        .filter(|&y| y <= year)
        .max();
    let mut sales: HashMap<Id, (f64, usize)> = HashMap::new();
    if let Some(y) = link_year {
        let links = store.supply_link_columns(y).await?;
        for ((s, c), v) in links
            .suppliers
            .iter()
            .zip(&links.customers)
            .zip(&links.values)
        {
            let customer_local = registry
                .index
                .get(c)
                .is_some_and(|&i| registry.is_local(&registry.attributes[i]));
            if customer_local {
                let e = sales.entry(*s).or_default();
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let outside: Vec<(usize, String)> = registry
        .attributes
        .iter()
        .enumerate()
        .filter(|(_, a)| !registry.is_local(a))
        .filter_map(|(i, a)| code_at(&a.industry_code).map(|c| (i, c)))
        .collect();
    let size_of = |i: usize| {
        let a = &registry.attributes[i];
        match reported.get(&a.id) {
            Some(&v) if v > 0.0 => (v, SizeBasis::Reported),
            _ => (size_class_floor(&a.size_class), SizeBasis::SizeClass),
        }
    };
    let candidates: Vec<Candidate> = outside
        .iter()
        .map(|(i, industry)| {
            let a = &registry.attributes[*i];
            Candidate {
                id: a.uscc.clone(),
                industry: industry.clone(),
                size: size_of(*i).0,
                local_links: sales.get(&a.id).map_or(0.0, |s| s.0),
            }
        })
        .collect();

    // Parks of the province with the industries of their enterprises and their capacity.
    let mut park_industries: HashMap<&str, HashSet<String>> = HashMap::new();
    for a in &registry.attributes {
        if let (Some(park), Some(code)) = (a.park.as_deref(), code_at(&a.industry_code))
            && registry.is_local(a)
        {
            park_industries.entry(park).or_default().insert(code);
        }
    }
    let parks: Vec<Park> = registry
        .parks
        .iter()
        .map(|p| {
            let mut industries: Vec<String> = park_industries
                .get(p.code.as_str())
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            industries.sort();
            let capacity = [
                ("available_land_ha", p.available_land_ha),
                ("standard_factory_m2", p.standard_factory_m2),
            ]
            .into_iter()
            .filter_map(|(name, v)| v.map(|v| (name.to_owned(), v)))
            .collect();
            Park {
                id: p.code.clone(),
                industries,
                capacity,
            }
        })
        .collect();

    let space = ProductSpace::from_complexity(&data.complexity);
    let ranked =
        relate::investment_targets(&space, &gap_nodes, &candidates, &parks, &spec.options)?;
    let related = |list: &[(String, f64)]| {
        list.iter()
            .map(|(code, proximity)| RelatedIndustry {
                industry: code.clone(),
                name: industry_name(code),
                proximity: *proximity,
            })
            .collect()
    };
    let mut out = Vec::with_capacity(ranked.len());
    for (node_targets, &(k, gap)) in ranked.into_iter().zip(&gaps) {
        let node = &nodes[k].node;
        let coverage = &report.nodes[k].coverage;
        let targets = node_targets
            .targets
            .iter()
            .enumerate()
            .map(|(rank, t)| {
                let (i, industry) = &outside[t.candidate];
                let a = &registry.attributes[*i];
                let (size, size_basis) = size_of(*i);
                let (local_sales, local_customers) = sales.get(&a.id).copied().unwrap_or_default();
                let region = a.region_code.to_string();
                TargetRow {
                    rank: rank + 1,
                    uscc: a.uscc.clone(),
                    name: a.name.clone(),
                    region_name: region_name(&region).unwrap_or_default().to_owned(),
                    province_name: region_name(&a.province_code.to_string())
                        .unwrap_or_default()
                        .to_owned(),
                    region,
                    industry: industry.clone(),
                    industry_name: industry_name(industry),
                    size_class: a.size_class.clone(),
                    size,
                    size_basis,
                    local_sales,
                    local_customers,
                    relevance: t.relevance,
                    matched_industry: t.matched_industry.clone(),
                    score: t.score,
                    size_score: t.size_score,
                    link_score: t.link_score,
                    parks: t
                        .parks
                        .iter()
                        .map(|fit| {
                            let park = &registry.parks[fit.park];
                            ParkFitRow {
                                park: park.code.clone(),
                                name: park.name.clone(),
                                county: park.region.name().to_owned(),
                                score: fit.score,
                                density: fit.density,
                                capacity: fit.capacity,
                                available_land_ha: park.available_land_ha,
                                standard_factory_m2: park.standard_factory_m2,
                                related: related(&fit.related),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let (gap, gap_zh) = match gap {
            GapKind::Missing => ("missing", "缺链"),
            GapKind::Weak => ("weak", "弱链"),
        };
        out.push(GapTargets {
            node: node.code.clone(),
            node_name: node.name.clone(),
            gap,
            gap_zh,
            industries: node
                .industries
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            key_products: node.key_products.clone(),
            local_firms: coverage.local_firms,
            local_size_share: coverage.local_size_share,
            explanation_zh: coverage.explain(Lang::Zh),
            explanation_en: coverage.explain(Lang::En),
            targets,
        });
    }
    Ok(ChainTargets {
        chain: chain.chain.code,
        chain_name: chain.chain.name,
        year,
        link_year,
        thresholds: spec.thresholds,
        nodes: out,
    })
}

fn dedup(codes: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in codes {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
