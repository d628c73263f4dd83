//! Risk inputs from the store: the supply network of one year over dense enterprise indices, the
//! ESRI model over an essentiality matrix, and every chain's map with its memberships.

use std::collections::HashMap;

use ::risk::structure::{ChainFirm, NodeInputRelation, NodeMembership};
use ::risk::{EsriModel, Essentiality, EssentialityMatrix, LinkTriple, SupplyNetwork};
use model::{Id, IndustryCode, MembershipRole, RegionCode};
use serde::Serialize;
use store::Store;

use crate::AnalyticsError;

/// An enterprise as the risk analysis names it; `RiskData::firms[i]` is network firm `i`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskFirm {
    #[serde(skip)]
    pub id: Id,
    pub uscc: String,
    pub name: String,
    /// GB/T 2260 code of the county (or city) where the enterprise is registered.
    pub region: u32,
    pub industry: String,
    /// Registered in the home province (本省) rather than outside it.
    pub local: bool,
}

impl RiskFirm {
    /// The registered region, when its code is one the product knows.
    pub fn region_code(&self) -> Option<RegionCode> {
        RegionCode::from_u32(self.region).ok()
    }

    /// The region's name ("" when the code is unknown).
    pub fn region_name(&self) -> &'static str {
        self.region_code().map_or("", |r| r.name())
    }

    /// The 地市 the firm belongs to (the region itself above county level).
    pub fn city(&self) -> Option<RegionCode> {
        let region = self.region_code()?;
        region.city().or(Some(region))
    }
}

/// Which essentiality matrix a result was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatrixSource {
    /// `risk::default_essentiality::gbt4754_divisions()`: the project's heuristic default over
    /// GB/T 4754 divisions (大类).
    Gbt4754Default,
    /// A matrix the user supplied; the label says where it came from (a file name).
    Custom(String),
}

/// A node of a stored chain map.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskNode {
    pub code: String,
    pub name: String,
    pub industries: Vec<IndustryCode>,
}

/// One stored chain as the structural analysis sees it: its nodes, their input relations marked
/// essential by the essentiality matrix, and the memberships (stored ones, and firms outside the
/// province attached by industry and trade; see [`RiskChain::inferred_outside`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RiskChain {
    pub code: String,
    pub name: String,
    pub nodes: Vec<RiskNode>,
    pub relations: Vec<NodeInputRelation>,
    pub memberships: Vec<NodeMembership>,
    /// How many of `memberships` were not stored but attached: a firm outside the home province
    /// with no stored membership of the chain joins node N when its industry lies within one of
    /// N's industries and it trades (either way) with a stored member of N or of a node N
    /// supplies or is supplied by. The province files only its own enterprises on chain maps;
    /// without these, a 缺链 node would show no outside supplier and external dependency on
    /// essential inputs could not be measured.
    pub inferred_outside: usize,
}

impl RiskChain {
    /// The node with code `code`.
    pub fn node_index(&self, code: &str) -> Option<u32> {
        self.nodes
            .iter()
            .position(|n| n.code == code)
            .map(|i| i as u32)
    }

    /// The chain's firms (any node), sorted, unique.
    pub fn firms(&self) -> Vec<u32> {
        let mut firms: Vec<u32> = self.memberships.iter().map(|m| m.firm).collect();
        firms.sort_unstable();
        firms.dedup();
        firms
    }

    /// The members of node `node`, sorted, unique.
    pub fn node_firms(&self, node: u32) -> Vec<u32> {
        let mut firms: Vec<u32> = self
            .memberships
            .iter()
            .filter(|m| m.node == node)
            .map(|m| m.firm)
            .collect();
        firms.sort_unstable();
        firms.dedup();
        firms
    }
}

/// Everything the risk engine needs about the stored data for one year.
#[derive(Debug)]
pub struct RiskData {
    /// The year of the supply links.
    pub year: u16,
    /// The province the chains belong to: firms registered elsewhere are outside (省外).
    pub home_province: RegionCode,
    /// Network firm `i` (every stored enterprise, in id order).
    pub firms: Vec<RiskFirm>,
    pub network: SupplyNetwork,
    pub matrix: EssentialityMatrix,
    pub matrix_source: MatrixSource,
    /// Each firm's row/column of `matrix`.
    pub industry: Vec<u32>,
    /// The ESRI model (weights: out-strength, as in Diem et al. 2022).
    pub model: EsriModel,
    /// Every stored chain, in code order.
    pub chains: Vec<RiskChain>,
    /// The firms as the structural analysis sees them: name, local flag, and as size the firm's
    /// recorded trade in the year's network, `max(sales, purchases)` — one basis for local and
    /// outside firms alike (the province has no revenue figures for outside firms).
    pub chain_firms: Vec<ChainFirm>,
    by_uscc: HashMap<String, u32>,
}

impl RiskData {
    /// The network index of an enterprise by USCC.
    pub fn firm_index(&self, uscc: &str) -> Option<u32> {
        self.by_uscc.get(uscc.trim()).copied()
    }

    /// The chain with code `code`.
    pub fn chain(&self, code: &str) -> Result<&RiskChain, AnalyticsError> {
        self.chains
            .iter()
            .find(|c| c.code == code)
            .ok_or_else(|| AnalyticsError::NotFound {
                what: "chain",
                key: code.to_owned(),
            })
    }
}

/// The row of `matrix` that covers `code`: the code itself or the nearest level above it that the
/// matrix lists (a class maps to its group, division or section, whichever the matrix uses).
pub fn matrix_row(matrix: &EssentialityMatrix, code: IndustryCode) -> Option<usize> {
    let mut current = Some(code);
    while let Some(c) = current {
        if let Some(row) = matrix.index_of(c.as_str()) {
            return Some(row);
        }
        current = c.parent();
    }
    None
}

/// The value that occurs most often (the smallest among ties), if any.
fn most_common(values: impl Iterator<Item = i64>) -> Option<i64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(v, _)| v)
}

fn corrupt(value: impl ToString, reason: impl ToString) -> AnalyticsError {
    AnalyticsError::Corrupt {
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// Loads the supply network of `year` (the latest stored year when `None`), every enterprise and
/// every chain map, and builds the ESRI model over `matrix` (the project's GB/T 4754 default when
/// `None`; see `crates/risk/data/README.md`).
pub async fn load(
    store: &Store,
    year: Option<u16>,
    matrix: Option<(EssentialityMatrix, String)>,
) -> Result<RiskData, AnalyticsError> {
    load_within(store, year, matrix, None).await
}

/// [`load`] over only the enterprises `keep` names (database ids) when it is given: the others,
/// their supply links and their memberships are left out of the inputs, so every figure computed
/// from the result (coverage, concentration, dependency, ESRI) covers those enterprises alone.
/// A caller restricted to some enterprises is given reports computed this way.
pub async fn load_within(
    store: &Store,
    year: Option<u16>,
    matrix: Option<(EssentialityMatrix, String)>,
    keep: Option<&std::collections::HashSet<Id>>,
) -> Result<RiskData, AnalyticsError> {
    let year = match year {
        Some(year) => year,
        None => *store
            .supply_link_years()
            .await?
            .last()
            .ok_or(AnalyticsError::NoSupplyLinks { year: None })?,
    };
    let (matrix, matrix_source) = match matrix {
        Some((matrix, label)) => (matrix, MatrixSource::Custom(label)),
        None => (
            ::risk::default_essentiality::gbt4754_divisions(),
            MatrixSource::Gbt4754Default,
        ),
    };

    let mut attributes = store.enterprise_attributes().await?;
    if let Some(keep) = keep {
        attributes.retain(|a| keep.contains(&a.id));
    }
    let summaries = store
        .list_chain_summaries(&store::EnterpriseScope::everything())
        .await?;
    let home = most_common(
        summaries
            .iter()
            .map(|c| i64::from(c.region.province().as_u32())),
    )
    .or_else(|| most_common(attributes.iter().map(|a| a.province_code)))
    .ok_or_else(|| AnalyticsError::NotFound {
        what: "enterprise",
        key: "any".to_owned(),
    })?;
    let home_province = u32::try_from(home)
        .ok()
        .and_then(|c| RegionCode::from_u32(c).ok())
        .ok_or_else(|| corrupt(home, "not a GB/T 2260 province code"))?;

    let mut firms = Vec::with_capacity(attributes.len());
    let mut industry = Vec::with_capacity(attributes.len());
    let mut industry_codes = Vec::with_capacity(attributes.len());
    let mut index_of: HashMap<Id, u32> = HashMap::with_capacity(attributes.len());
    let mut by_uscc = HashMap::with_capacity(attributes.len());
    for (i, a) in attributes.into_iter().enumerate() {
        let code =
            IndustryCode::parse(&a.industry_code).map_err(|e| corrupt(&a.industry_code, e))?;
        let row = matrix_row(&matrix, code).ok_or_else(|| AnalyticsError::UnmappedIndustry {
            uscc: a.uscc.clone(),
            industry: a.industry_code.clone(),
        })?;
        let region = u32::try_from(a.region_code).map_err(|e| corrupt(a.region_code, e))?;
        index_of.insert(a.id, i as u32);
        by_uscc.insert(a.uscc.clone(), i as u32);
        industry.push(row as u32);
        industry_codes.push(code);
        firms.push(RiskFirm {
            id: a.id,
            uscc: a.uscc,
            name: a.name,
            region,
            industry: a.industry_code,
            local: a.province_code == home,
        });
    }

    let columns = store.supply_link_columns(year).await?;
    if columns.values.is_empty() {
        return Err(AnalyticsError::NoSupplyLinks { year: Some(year) });
    }
    let dense = |id: &Id| {
        index_of
            .get(id)
            .copied()
            .ok_or_else(|| corrupt(id, "a supply link names an enterprise that is not stored"))
    };
    let mut triples = Vec::with_capacity(columns.values.len());
    for ((supplier, customer), &value) in columns
        .suppliers
        .iter()
        .zip(&columns.customers)
        .zip(&columns.values)
    {
        if keep.is_some() && !(index_of.contains_key(supplier) && index_of.contains_key(customer)) {
            continue;
        }
        triples.push(LinkTriple {
            supplier: dense(supplier)?,
            customer: dense(customer)?,
            value,
        });
    }
    let network = SupplyNetwork::from_links(firms.len(), &triples)?;
    let model = EsriModel::new(&network, &industry, &matrix, None)?;
    let chain_firms: Vec<ChainFirm> = firms
        .iter()
        .enumerate()
        .map(|(i, f)| ChainFirm {
            name: f.name.clone(),
            local: f.local,
            size: network.out_strength()[i].max(network.in_strength()[i]),
        })
        .collect();

    let memberships = store.membership_rows().await?;
    let mut chains = Vec::with_capacity(summaries.len());
    for summary in &summaries {
        let stored_nodes = store
            .chain_nodes(&store::EnterpriseScope::everything(), &summary.code)
            .await?;
        let nodes: Vec<RiskNode> = stored_nodes
            .into_iter()
            .map(|n| RiskNode {
                code: n.node.code,
                name: n.node.name,
                industries: n.node.industries,
            })
            .collect();
        let node_of = |code: &str| nodes.iter().position(|n| n.code == code).map(|i| i as u32);
        let mut relations = Vec::new();
        for r in store.chain_relations(&summary.code).await? {
            let (Some(from), Some(to)) = (node_of(&r.from), node_of(&r.to)) else {
                return Err(corrupt(
                    format!("{}/{}→{}", summary.code, r.from, r.to),
                    "a node relation names a node the chain does not have",
                ));
            };
            relations.push(NodeInputRelation {
                from,
                to,
                essential: essential_relation(&matrix, &nodes[from as usize], &nodes[to as usize]),
            });
        }
        let mut stored = Vec::new();
        for m in memberships
            .iter()
            .filter(|m| m.chain == summary.code)
            .filter(|m| keep.is_none_or(|k| k.contains(&m.enterprise_id)))
        {
            let (Some(&firm), Some(node)) = (index_of.get(&m.enterprise_id), node_of(&m.node))
            else {
                return Err(corrupt(
                    format!("{}/{}", m.chain, m.node),
                    "a membership names an unknown enterprise or node",
                ));
            };
            let role = MembershipRole::parse(&m.role)
                .ok_or_else(|| corrupt(&m.role, "unknown membership role"))?;
            stored.push(NodeMembership { firm, node, role });
        }
        let inferred = outside_members(
            &network,
            &firms,
            &industry_codes,
            &nodes,
            &relations,
            &stored,
        );
        let inferred_outside = inferred.len();
        stored.extend(inferred);
        chains.push(RiskChain {
            code: summary.code.clone(),
            name: summary.name.clone(),
            nodes,
            relations,
            memberships: stored,
            inferred_outside,
        });
    }

    Ok(RiskData {
        year,
        home_province,
        firms,
        network,
        matrix,
        matrix_source,
        industry,
        model,
        chains,
        chain_firms,
        by_uscc,
    })
}

/// A relation `from → to` is essential when the matrix rates some industry of `from` essential
/// (2) for some industry of `to`: the receiving node makes at least one product that stops
/// without the input.
fn essential_relation(matrix: &EssentialityMatrix, from: &RiskNode, to: &RiskNode) -> bool {
    from.industries.iter().any(|&k| {
        to.industries
            .iter()
            .any(|&l| match (matrix_row(matrix, k), matrix_row(matrix, l)) {
                (Some(k), Some(l)) => matrix.get(k, l) == Essentiality::Essential,
                _ => false,
            })
    })
}

/// Outside firms attached to nodes by industry and trade (see [`RiskChain::inferred_outside`]).
fn outside_members(
    network: &SupplyNetwork,
    firms: &[RiskFirm],
    industry: &[IndustryCode],
    nodes: &[RiskNode],
    relations: &[NodeInputRelation],
    stored: &[NodeMembership],
) -> Vec<NodeMembership> {
    let n = firms.len();
    // Stored nodes of each firm in this chain.
    let mut stored_nodes: Vec<Vec<u32>> = vec![Vec::new(); n];
    for m in stored {
        stored_nodes[m.firm as usize].push(m.node);
    }
    let mut found = Vec::new();
    for (f, firm) in firms.iter().enumerate() {
        if firm.local || !stored_nodes[f].is_empty() {
            continue;
        }
        let candidates: Vec<u32> = (0..nodes.len() as u32)
            .filter(|&node| {
                nodes[node as usize]
                    .industries
                    .iter()
                    .any(|&code| industry[f].is_within(code))
            })
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let (customers, _) = network.customers(f as u32);
        let (suppliers, _) = network.suppliers(f as u32);
        let partner_nodes: Vec<u32> = customers
            .iter()
            .chain(suppliers)
            .flat_map(|&p| stored_nodes[p as usize].iter().copied())
            .collect();
        for node in candidates {
            let neighbour = |other: u32| {
                other == node
                    || relations.iter().any(|r| {
                        (r.from == node && r.to == other) || (r.to == node && r.from == other)
                    })
            };
            if partner_nodes.iter().any(|&p| neighbour(p)) {
                found.push(NodeMembership {
                    firm: f as u32,
                    node,
                    role: MembershipRole::Member,
                });
            }
        }
    }
    found
}
