//! Supplier concentration of a node: how few firms supply what the node delivers to the chain.

use serde::Serialize;

use super::{Indexed, Lang, RiskThresholds, percent};

/// What the shares are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ConcentrationBasis {
    /// Recorded sales of the node's members to members of the nodes it supplies (its relations).
    ChainSales,
    /// The members' sizes, when no such sales are recorded.
    MemberSize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplierShare {
    pub firm: u32,
    pub name: String,
    pub local: bool,
    pub value: f64,
    pub share: f64,
}

/// The figures behind a node's concentration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeConcentration {
    pub node: u32,
    pub node_name: String,
    pub basis: ConcentrationBasis,
    pub suppliers: usize,
    pub total: f64,
    /// Herfindahl-Hirschman index `Σ share²` on the 0–1 scale (×10,000 for the antitrust scale).
    pub hhi: f64,
    pub top1_share: f64,
    pub top3_share: f64,
    /// The largest suppliers, at most `top`.
    pub largest: Vec<SupplierShare>,
    /// Concentrated by the thresholds (HHI or top-1 share).
    pub concentrated: bool,
    pub hhi_threshold: f64,
    pub top1_threshold: f64,
}

impl NodeConcentration {
    /// `None` when the node has no member with a positive value on either basis.
    pub(crate) fn of(index: &Indexed<'_>, node: u32, thresholds: &RiskThresholds) -> Option<Self> {
        let members = &index.node_members[node as usize];
        let fed: Vec<u32> = index
            .input
            .relations
            .iter()
            .filter(|r| r.from == node)
            .map(|r| r.to)
            .collect();
        let chain_sales = |firm: u32| -> f64 {
            let (customers, values) = index.network.customers(firm);
            customers
                .iter()
                .zip(values)
                .filter(|&(&c, _)| fed.iter().any(|&to| index.is_member(c, to)))
                .map(|(_, v)| v)
                .sum()
        };
        let mut basis = ConcentrationBasis::ChainSales;
        let mut values: Vec<(u32, f64)> = members.iter().map(|&f| (f, chain_sales(f))).collect();
        if values.iter().all(|&(_, v)| v <= 0.0) {
            basis = ConcentrationBasis::MemberSize;
            values = members
                .iter()
                .map(|&f| (f, index.input.firms[f as usize].size))
                .collect();
        }
        values.retain(|&(_, v)| v > 0.0);
        let total: f64 = values.iter().map(|&(_, v)| v).sum();
        if total <= 0.0 {
            return None;
        }
        values.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let shares: Vec<f64> = values.iter().map(|&(_, v)| v / total).collect();
        let hhi = shares.iter().map(|s| s * s).sum();
        let top1_share = shares[0];
        let top3_share = shares.iter().take(3).sum();
        let largest = values
            .iter()
            .zip(&shares)
            .take(thresholds.top)
            .map(|(&(firm, value), &share)| SupplierShare {
                firm,
                name: index.firm_name(firm).to_owned(),
                local: index.input.firms[firm as usize].local,
                value,
                share,
            })
            .collect();
        Some(NodeConcentration {
            node,
            node_name: index.node_name(node).to_owned(),
            basis,
            suppliers: values.len(),
            total,
            hhi,
            top1_share,
            top3_share,
            largest,
            concentrated: hhi >= thresholds.concentration_hhi
                || top1_share >= thresholds.concentration_top1,
            hhi_threshold: thresholds.concentration_hhi,
            top1_threshold: thresholds.concentration_top1,
        })
    }

    pub fn explain(&self, lang: Lang) -> String {
        let (node, suppliers) = (&self.node_name, self.suppliers);
        let leader = self.largest.first().map_or("", |s| s.name.as_str());
        let hhi = (self.hhi * 10_000.0).round();
        let hhi_line = (self.hhi_threshold * 10_000.0).round();
        let (top1, top1_line) = (percent(self.top1_share), percent(self.top1_threshold));
        let top3 = percent(self.top3_share);
        match lang {
            Lang::Zh => {
                let basis = match self.basis {
                    ConcentrationBasis::ChainSales => "按向链上下游节点的供货额",
                    ConcentrationBasis::MemberSize => "按企业规模（无供货记录）",
                };
                let verdict = if self.concentrated {
                    "供应高度集中。"
                } else {
                    ""
                };
                format!(
                    "节点「{node}」供应集中度（{basis}）：供应企业 {suppliers} 家，HHI {hhi}（阈值 {hhi_line}），最大一家「{leader}」占 {top1}（阈值 {top1_line}），前三家占 {top3}。{verdict}"
                )
            }
            Lang::En => {
                let basis = match self.basis {
                    ConcentrationBasis::ChainSales => "by sales to the nodes it supplies",
                    ConcentrationBasis::MemberSize => "by firm size (no sales recorded)",
                };
                let verdict = if self.concentrated {
                    " Supply is highly concentrated."
                } else {
                    ""
                };
                format!(
                    "Supplier concentration of node \"{node}\" ({basis}): {suppliers} suppliers, HHI {hhi} (threshold {hhi_line}), largest \"{leader}\" {top1} (threshold {top1_line}), top three {top3}.{verdict}"
                )
            }
        }
    }
}
