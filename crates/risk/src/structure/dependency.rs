//! External dependency of a node (inputs bought outside the province) and the chain's
//! dependency on its chain-masters (链主).

use model::MembershipRole;
use serde::Serialize;

use super::{Indexed, Lang, RiskThresholds, percent};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExternalSupplier {
    pub firm: u32,
    pub name: String,
    pub value: f64,
}

/// The figures behind a node's external dependency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExternalDependency {
    pub node: u32,
    pub node_name: String,
    /// Everything the node's members buy in the network.
    pub inputs: f64,
    /// The part bought from firms outside the province.
    pub external_inputs: f64,
    pub external_share: f64,
    /// Inputs from members of the node's essential input nodes, and the external part of them.
    pub essential_inputs: f64,
    pub essential_external_inputs: f64,
    pub essential_external_share: f64,
    /// The largest outside suppliers, at most `top`.
    pub largest_external: Vec<ExternalSupplier>,
    pub dependent: bool,
    pub threshold: f64,
}

impl ExternalDependency {
    /// `None` when the node's members buy nothing in the network.
    pub(crate) fn of(index: &Indexed<'_>, node: u32, thresholds: &RiskThresholds) -> Option<Self> {
        let firms = &index.input.firms;
        let essential_from: Vec<u32> = index
            .input
            .relations
            .iter()
            .filter(|r| r.to == node && r.essential)
            .map(|r| r.from)
            .collect();
        let (mut inputs, mut external, mut essential, mut essential_external) =
            (0.0, 0.0, 0.0, 0.0);
        let mut by_supplier: Vec<(u32, f64)> = Vec::new();
        for &customer in &index.node_members[node as usize] {
            let (suppliers, values) = index.network.suppliers(customer);
            for (&s, &v) in suppliers.iter().zip(values) {
                let outside = !firms[s as usize].local;
                let is_essential = essential_from.iter().any(|&from| index.is_member(s, from));
                inputs += v;
                if outside {
                    external += v;
                    by_supplier.push((s, v));
                }
                if is_essential {
                    essential += v;
                    if outside {
                        essential_external += v;
                    }
                }
            }
        }
        if inputs <= 0.0 {
            return None;
        }
        by_supplier.sort_unstable_by_key(|&(s, _)| s);
        let mut merged: Vec<(u32, f64)> = Vec::new();
        for (s, v) in by_supplier {
            match merged.last_mut() {
                Some(last) if last.0 == s => last.1 += v,
                _ => merged.push((s, v)),
            }
        }
        merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let external_share = external / inputs;
        Some(ExternalDependency {
            node,
            node_name: index.node_name(node).to_owned(),
            inputs,
            external_inputs: external,
            external_share,
            essential_inputs: essential,
            essential_external_inputs: essential_external,
            essential_external_share: if essential > 0.0 {
                essential_external / essential
            } else {
                0.0
            },
            largest_external: merged
                .into_iter()
                .take(thresholds.top)
                .map(|(firm, value)| ExternalSupplier {
                    firm,
                    name: index.firm_name(firm).to_owned(),
                    value,
                })
                .collect(),
            dependent: external_share >= thresholds.external_share,
            threshold: thresholds.external_share,
        })
    }

    pub fn explain(&self, lang: Lang) -> String {
        let node = &self.node_name;
        let largest = self
            .largest_external
            .first()
            .map_or("", |s| s.name.as_str());
        let (share, line) = (percent(self.external_share), percent(self.threshold));
        let (external, inputs) = (self.external_inputs, self.inputs);
        let essential = percent(self.essential_external_share);
        match lang {
            Lang::Zh => format!(
                "节点「{node}」投入 {share} 来自省外（{external:.0} / {inputs:.0}，阈值 {line}），其中关键投入的省外比例 {essential}；最大省外供应商「{largest}」。"
            ),
            Lang::En => format!(
                "Node \"{node}\" buys {share} of its inputs outside the province ({external:.0} of {inputs:.0}, threshold {line}); {essential} of its essential inputs; largest outside supplier \"{largest}\"."
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DependentSupplier {
    pub firm: u32,
    pub name: String,
    /// Share of the supplier's network sales that go to the chain-master.
    pub share_to_master: f64,
}

/// The figures behind the chain's dependency on one chain-master (链主).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainMasterDependency {
    pub firm: u32,
    pub name: String,
    /// The master's size as a share of all chain members' size.
    pub size_share: f64,
    /// What local chain members sell to the master, and its share of all their network sales.
    pub local_sales_to_master: f64,
    pub local_sales_share: f64,
    /// Local chain members selling at least `threshold` of their network sales to the master.
    pub dependent_suppliers: Vec<DependentSupplier>,
    pub threshold: f64,
    /// ESRI of closing the master, when computed.
    pub esri: Option<f64>,
}

impl ChainMasterDependency {
    pub(crate) fn all(index: &Indexed<'_>, thresholds: &RiskThresholds) -> Vec<Self> {
        let firms = &index.input.firms;
        let mut masters: Vec<u32> = index
            .input
            .memberships
            .iter()
            .filter(|m| m.role == MembershipRole::ChainMaster)
            .map(|m| m.firm)
            .collect();
        masters.sort_unstable();
        masters.dedup();
        let members: Vec<u32> = (0..firms.len() as u32)
            .filter(|&f| !index.firm_nodes[f as usize].is_empty())
            .collect();
        let chain_size: f64 = members.iter().map(|&f| firms[f as usize].size).sum();
        let local_members: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&f| firms[f as usize].local)
            .collect();
        let local_sales: f64 = local_members
            .iter()
            .map(|&f| index.network.out_strength()[f as usize])
            .sum();
        masters
            .into_iter()
            .map(|master| {
                let mut to_master = 0.0;
                let mut dependent = Vec::new();
                for &f in &local_members {
                    if f == master {
                        continue;
                    }
                    let sold = index.network.value(f, master);
                    to_master += sold;
                    let total = index.network.out_strength()[f as usize];
                    if sold > 0.0 && sold / total >= thresholds.master_dependent_share {
                        dependent.push(DependentSupplier {
                            firm: f,
                            name: index.firm_name(f).to_owned(),
                            share_to_master: sold / total,
                        });
                    }
                }
                dependent.sort_by(|a, b| {
                    b.share_to_master
                        .total_cmp(&a.share_to_master)
                        .then(a.firm.cmp(&b.firm))
                });
                ChainMasterDependency {
                    firm: master,
                    name: index.firm_name(master).to_owned(),
                    size_share: if chain_size > 0.0 {
                        firms[master as usize].size / chain_size
                    } else {
                        0.0
                    },
                    local_sales_to_master: to_master,
                    local_sales_share: if local_sales > 0.0 {
                        to_master / local_sales
                    } else {
                        0.0
                    },
                    dependent_suppliers: dependent,
                    threshold: thresholds.master_dependent_share,
                    esri: None,
                }
            })
            .collect()
    }

    pub fn explain(&self, lang: Lang) -> String {
        let (name, size) = (&self.name, percent(self.size_share));
        let (sales, line) = (percent(self.local_sales_share), percent(self.threshold));
        let dependent = self.dependent_suppliers.len();
        let esri = self.esri.map(percent);
        match lang {
            Lang::Zh => {
                let esri = esri.map_or(String::new(), |e| {
                    format!("；其停产将损失全网产出的 {e}（ESRI）")
                });
                format!(
                    "链主「{name}」规模占全链 {size}；本省链上企业销售的 {sales} 卖给它；{dependent} 家本省企业对它的销售占其销售额的 {line} 以上{esri}。"
                )
            }
            Lang::En => {
                let esri = esri.map_or(String::new(), |e| {
                    format!("; its shutdown would cost {e} of the network's output (ESRI)")
                });
                format!(
                    "Chain-master (链主) \"{name}\" holds {size} of the chain's size and buys {sales} of what local chain members sell; {dependent} local suppliers sell at least {line} of their output to it{esri}."
                )
            }
        }
    }
}
