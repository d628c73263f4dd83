//! Structural risk of one chain and its nodes, from plain inputs: which nodes have no local
//! enterprise (缺链) or only few or small ones (弱链), how concentrated each node's supply is,
//! how much of each node's inputs come from outside the province, which firms are single points
//! of failure for essential inputs, and how much the chain hangs on its chain-masters (链主).
//! Every figure travels with the numbers behind it and explains itself in Chinese and English.

mod concentration;
mod coverage;
mod dependency;
mod report;
mod single_point;

pub use concentration::{ConcentrationBasis, NodeConcentration, SupplierShare};
pub use coverage::{Coverage, CoverageStatus};
pub use dependency::{
    ChainMasterDependency, DependentSupplier, ExternalDependency, ExternalSupplier,
};
pub use report::{ChainReportError, ChainRiskReport, Finding, NodeRisk, SystemicFirm};
pub use single_point::{SinglePointOfFailure, Victim};

use model::MembershipRole;
use serde::Serialize;

use crate::network::SupplyNetwork;

/// Language of an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Lang {
    Zh,
    En,
}

/// A firm as the chain analysis sees it; indexed like the [`SupplyNetwork`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainFirm {
    pub name: String,
    /// Registered in the province (本省) rather than outside it.
    pub local: bool,
    /// Size used for coverage and shares (e.g. operating revenue); non-negative.
    pub size: f64,
}

/// A node (link) of the chain map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainNodeInput {
    pub code: String,
    pub name: String,
}

/// Firm `firm` belongs to node `node` (indices into the firms and nodes of [`ChainInput`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NodeMembership {
    pub firm: u32,
    pub node: u32,
    pub role: MembershipRole,
}

/// Node `from` supplies inputs to node `to`; `essential` when `to` cannot produce without them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NodeInputRelation {
    pub from: u32,
    pub to: u32,
    pub essential: bool,
}

/// Everything the structural analysis needs about one chain, as plain data. The supply network
/// is passed beside it (the province's whole network, of which the chain's members are part).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainInput {
    pub code: String,
    pub name: String,
    pub nodes: Vec<ChainNodeInput>,
    /// Every firm of the network, in network order.
    pub firms: Vec<ChainFirm>,
    pub memberships: Vec<NodeMembership>,
    pub relations: Vec<NodeInputRelation>,
}

/// Thresholds of the findings; the defaults are conventions, not law: set them per chain.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RiskThresholds {
    /// 弱链 when fewer local firms than this serve a node.
    pub weak_min_local_firms: usize,
    /// 弱链 when local firms hold less than this share of the node's member size.
    pub weak_min_local_size_share: f64,
    /// Concentrated when the HHI (0–1) reaches this (0.25 = 2,500 on the 10,000 scale, the
    /// "highly concentrated" line of the US 2010 horizontal merger guidelines).
    pub concentration_hhi: f64,
    /// Concentrated when the largest supplier holds at least this share.
    pub concentration_top1: f64,
    /// External dependency when at least this share of a node's inputs come from outside.
    pub external_share: f64,
    /// A supplier depends on a chain-master when it sells at least this share of its output to it.
    pub master_dependent_share: f64,
    /// How many firms to list in rankings (top systemic firms, victims, suppliers).
    pub top: usize,
}

impl Default for RiskThresholds {
    fn default() -> Self {
        RiskThresholds {
            weak_min_local_firms: 3,
            weak_min_local_size_share: 0.2,
            concentration_hhi: 0.25,
            concentration_top1: 0.5,
            external_share: 0.5,
            master_dependent_share: 0.5,
            top: 10,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StructureError {
    #[error("chain {chain}: {firms} firms given for a network of {network} firms")]
    FirmCount {
        chain: String,
        firms: usize,
        network: usize,
    },
    #[error(
        "chain {chain}: membership {index} names firm {firm} (of {firms}) or node {node} (of {nodes})"
    )]
    Membership {
        chain: String,
        index: usize,
        firm: u32,
        firms: usize,
        node: u32,
        nodes: usize,
    },
    #[error("chain {chain}: relation {index} names node {node}, but the chain has {nodes} nodes")]
    Relation {
        chain: String,
        index: usize,
        node: u32,
        nodes: usize,
    },
    #[error("chain {chain}: firm {firm} has size {size}; sizes must be finite and non-negative")]
    Size {
        chain: String,
        firm: usize,
        size: f64,
    },
}

/// The input checked and indexed once for all analyses.
#[derive(Debug)]
pub(crate) struct Indexed<'a> {
    pub input: &'a ChainInput,
    pub network: &'a SupplyNetwork,
    /// Members of each node (sorted, unique).
    pub node_members: Vec<Vec<u32>>,
    /// Nodes of each firm (sorted, unique).
    pub firm_nodes: Vec<Vec<u32>>,
}

impl<'a> Indexed<'a> {
    pub fn new(input: &'a ChainInput, network: &'a SupplyNetwork) -> Result<Self, StructureError> {
        let (firms, nodes) = (input.firms.len(), input.nodes.len());
        if firms != network.firms() {
            return Err(StructureError::FirmCount {
                chain: input.code.clone(),
                firms,
                network: network.firms(),
            });
        }
        if let Some((firm, f)) = input
            .firms
            .iter()
            .enumerate()
            .find(|(_, f)| !(f.size.is_finite() && f.size >= 0.0))
        {
            return Err(StructureError::Size {
                chain: input.code.clone(),
                firm,
                size: f.size,
            });
        }
        let mut node_members = vec![Vec::new(); nodes];
        let mut firm_nodes = vec![Vec::new(); firms];
        for (index, m) in input.memberships.iter().enumerate() {
            if m.firm as usize >= firms || m.node as usize >= nodes {
                return Err(StructureError::Membership {
                    chain: input.code.clone(),
                    index,
                    firm: m.firm,
                    firms,
                    node: m.node,
                    nodes,
                });
            }
            node_members[m.node as usize].push(m.firm);
            firm_nodes[m.firm as usize].push(m.node);
        }
        for list in node_members.iter_mut().chain(firm_nodes.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        for (index, r) in input.relations.iter().enumerate() {
            for node in [r.from, r.to] {
                if node as usize >= nodes {
                    return Err(StructureError::Relation {
                        chain: input.code.clone(),
                        index,
                        node,
                        nodes,
                    });
                }
            }
        }
        Ok(Indexed {
            input,
            network,
            node_members,
            firm_nodes,
        })
    }

    pub fn is_member(&self, firm: u32, node: u32) -> bool {
        self.firm_nodes[firm as usize].binary_search(&node).is_ok()
    }

    pub fn firm_name(&self, firm: u32) -> &str {
        &self.input.firms[firm as usize].name
    }

    pub fn node_name(&self, node: u32) -> &str {
        &self.input.nodes[node as usize].name
    }
}

/// Formats a share as a percentage with one decimal.
pub(crate) fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}
