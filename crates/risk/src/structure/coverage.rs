//! Local coverage of a node: 缺链 (no local enterprise) and 弱链 (few or small local ones).

use serde::Serialize;

use super::{Indexed, Lang, RiskThresholds, percent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CoverageStatus {
    /// 缺链: no local enterprise serves the node.
    Gap,
    /// 弱链: too few local enterprises, or too small a share of the node's size.
    Weak,
    Covered,
}

/// The figures behind a node's coverage status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub node: u32,
    pub node_name: String,
    pub status: CoverageStatus,
    pub local_firms: usize,
    pub outside_firms: usize,
    pub local_size: f64,
    pub total_size: f64,
    /// `local_size / total_size` (0 when the node has no size recorded).
    pub local_size_share: f64,
    /// The thresholds that applied.
    pub min_local_firms: usize,
    pub min_local_size_share: f64,
}

impl Coverage {
    pub(crate) fn of(index: &Indexed<'_>, node: u32, thresholds: &RiskThresholds) -> Coverage {
        let firms = &index.input.firms;
        let members = &index.node_members[node as usize];
        let local: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&f| firms[f as usize].local)
            .collect();
        let local_size: f64 = local.iter().map(|&f| firms[f as usize].size).sum();
        let total_size: f64 = members.iter().map(|&f| firms[f as usize].size).sum();
        let local_size_share = if total_size > 0.0 {
            local_size / total_size
        } else {
            0.0
        };
        let status = if local.is_empty() {
            CoverageStatus::Gap
        } else if local.len() < thresholds.weak_min_local_firms
            || (total_size > 0.0 && local_size_share < thresholds.weak_min_local_size_share)
        {
            CoverageStatus::Weak
        } else {
            CoverageStatus::Covered
        };
        Coverage {
            node,
            node_name: index.node_name(node).to_owned(),
            status,
            local_firms: local.len(),
            outside_firms: members.len() - local.len(),
            local_size,
            total_size,
            local_size_share,
            min_local_firms: thresholds.weak_min_local_firms,
            min_local_size_share: thresholds.weak_min_local_size_share,
        }
    }

    pub fn explain(&self, lang: Lang) -> String {
        let (node, local, outside) = (&self.node_name, self.local_firms, self.outside_firms);
        let (min_local, share) = (self.min_local_firms, percent(self.local_size_share));
        let min_share = percent(self.min_local_size_share);
        match (lang, self.status) {
            (Lang::Zh, CoverageStatus::Gap) => {
                format!("缺链：节点「{node}」没有本省企业（省外企业 {outside} 家）。")
            }
            (Lang::Zh, CoverageStatus::Weak) => format!(
                "弱链：节点「{node}」本省企业 {local} 家（阈值 {min_local} 家），规模占节点 {share}（阈值 {min_share}）；省外企业 {outside} 家。"
            ),
            (Lang::Zh, CoverageStatus::Covered) => {
                format!("节点「{node}」本省企业 {local} 家，规模占节点 {share}。")
            }
            (Lang::En, CoverageStatus::Gap) => format!(
                "Gap (缺链): no local enterprise in node \"{node}\" ({outside} outside the province)."
            ),
            (Lang::En, CoverageStatus::Weak) => format!(
                "Weak link (弱链): node \"{node}\" has {local} local enterprises (threshold {min_local}) holding {share} of its size (threshold {min_share}); {outside} outside the province."
            ),
            (Lang::En, CoverageStatus::Covered) => {
                format!("Node \"{node}\": {local} local enterprises holding {share} of its size.")
            }
        }
    }
}
