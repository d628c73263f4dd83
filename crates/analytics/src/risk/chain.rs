//! The risk report of one stored chain (产业链风险评估): the engine's structural findings and the
//! chain's most systemic firms, with every firm the report names resolved to its USCC.

use std::collections::BTreeMap;

use ::risk::CascadeOptions;
use ::risk::structure::{
    ChainInput, ChainNodeInput, ChainRiskReport, Finding, Lang, RiskThresholds,
};
use serde::Serialize;

use super::{RiskData, RiskFirm};
use crate::AnalyticsError;

/// One finding explained in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub zh: String,
    pub en: String,
}

/// A chain's risk report with what a reader needs beside the engine's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainRisk {
    pub year: u16,
    pub chain: String,
    pub chain_name: String,
    /// Memberships attached from outside the province (see `RiskChain::inferred_outside`).
    pub inferred_outside_members: usize,
    pub report: ChainRiskReport,
    /// `report.findings[i]` explained.
    pub explanations: Vec<Explanation>,
    /// Every firm index the report names → the enterprise.
    pub firms: BTreeMap<u32, RiskFirm>,
}

impl ChainRisk {
    /// The enterprise behind firm index `firm` of the report.
    pub fn firm(&self, firm: u32) -> Option<&RiskFirm> {
        self.firms.get(&firm)
    }
}

/// The engine's input for chain `code` over the loaded network.
pub fn chain_input(data: &RiskData, code: &str) -> Result<ChainInput, AnalyticsError> {
    let chain = data.chain(code)?;
    Ok(ChainInput {
        code: chain.code.clone(),
        name: chain.name.clone(),
        nodes: chain
            .nodes
            .iter()
            .map(|n| ChainNodeInput {
                code: n.code.clone(),
                name: n.name.clone(),
            })
            .collect(),
        firms: data.chain_firms.clone(),
        memberships: chain.memberships.clone(),
        relations: chain.relations.clone(),
    })
}

/// The chain's report with the ESRI of each of its firms (one cascade per firm, on `threads`
/// threads; 0 = one per core).
pub fn chain_report(
    data: &RiskData,
    code: &str,
    thresholds: &RiskThresholds,
    options: &CascadeOptions,
    threads: usize,
) -> Result<ChainRisk, AnalyticsError> {
    let chain = data.chain(code)?;
    let input = chain_input(data, code)?;
    let report = if data.network.out_strength().iter().all(|&s| s <= 0.0) {
        // No trade among the firms loaded (inputs restricted to a scope without any supply link
        // inside it): there is no cascade to run, so the report carries no ESRI figures.
        ChainRiskReport::assemble(&input, &data.network, &[], thresholds)?
    } else {
        ChainRiskReport::assemble_with_esri(
            &input,
            &data.network,
            &data.model,
            options,
            threads,
            thresholds,
        )?
    };
    Ok(named(data, chain.inferred_outside, report))
}

fn named(data: &RiskData, inferred_outside: usize, report: ChainRiskReport) -> ChainRisk {
    let explanations = report
        .findings
        .iter()
        .map(|f| Explanation {
            zh: f.explain(Lang::Zh),
            en: f.explain(Lang::En),
        })
        .collect();
    let firms = named_firms(&report)
        .into_iter()
        .filter_map(|i| data.firms.get(i as usize).map(|f| (i, f.clone())))
        .collect();
    ChainRisk {
        year: data.year,
        chain: report.code.clone(),
        chain_name: report.name.clone(),
        inferred_outside_members: inferred_outside,
        report,
        explanations,
        firms,
    }
}

/// Every firm index a report mentions.
fn named_firms(report: &ChainRiskReport) -> Vec<u32> {
    let mut firms: Vec<u32> = Vec::new();
    firms.extend(report.top_systemic.iter().map(|s| s.firm));
    for point in &report.single_points {
        firms.push(point.firm);
        firms.extend(point.listed.iter().map(|v| v.firm));
    }
    for master in &report.chain_masters {
        firms.push(master.firm);
        firms.extend(master.dependent_suppliers.iter().map(|s| s.firm));
    }
    for node in &report.nodes {
        if let Some(c) = &node.concentration {
            firms.extend(c.largest.iter().map(|s| s.firm));
        }
        if let Some(e) = &node.external {
            firms.extend(e.largest_external.iter().map(|s| s.firm));
        }
    }
    firms.sort_unstable();
    firms.dedup();
    firms
}

/// The firm a finding is about, if it is about one firm.
pub fn finding_firm(finding: &Finding) -> Option<u32> {
    match finding {
        Finding::SinglePointOfFailure(f) => Some(f.firm),
        Finding::ChainMasterDependency(f) => Some(f.firm),
        Finding::Systemic(f) => Some(f.firm),
        Finding::Gap(_)
        | Finding::WeakLink(_)
        | Finding::ExternalDependency(_)
        | Finding::Concentration(_) => None,
    }
}

/// The node a finding is about, if it is about one node.
pub fn finding_node(finding: &Finding) -> Option<u32> {
    match finding {
        Finding::Gap(f) | Finding::WeakLink(f) => Some(f.node),
        Finding::ExternalDependency(f) => Some(f.node),
        Finding::Concentration(f) => Some(f.node),
        Finding::SinglePointOfFailure(_)
        | Finding::ChainMasterDependency(_)
        | Finding::Systemic(_) => None,
    }
}
