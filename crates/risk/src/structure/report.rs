//! The risk report of one chain: the structural figures per node, single points of failure,
//! chain-master dependency and the top systemic firms by ESRI, with findings that explain
//! themselves.

use serde::Serialize;

use super::{
    ChainInput, ChainMasterDependency, Coverage, CoverageStatus, ExternalDependency, Indexed, Lang,
    NodeConcentration, RiskThresholds, SinglePointOfFailure, StructureError, percent,
};
use crate::esri::{CascadeOptions, EsriError, EsriModel, EsriResult};
use crate::network::SupplyNetwork;

/// All figures of one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRisk {
    pub node: u32,
    pub code: String,
    pub name: String,
    pub coverage: Coverage,
    pub concentration: Option<NodeConcentration>,
    pub external: Option<ExternalDependency>,
}

/// A chain member ranked by the ESRI of its closure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemicFirm {
    pub firm: u32,
    pub name: String,
    pub local: bool,
    pub nodes: Vec<String>,
    pub esri: f64,
    pub esri_down: f64,
    pub esri_up: f64,
}

impl SystemicFirm {
    pub fn explain(&self, lang: Lang) -> String {
        let (name, esri) = (&self.name, percent(self.esri));
        let (down, up) = (percent(self.esri_down), percent(self.esri_up));
        match lang {
            Lang::Zh => {
                let nodes = self.nodes.join("、");
                format!(
                    "系统性风险：「{name}」（{nodes}）停产将损失全网产出的 {esri}（下游传导 {down}，上游传导 {up}）。"
                )
            }
            Lang::En => {
                let nodes = self.nodes.join(", ");
                format!(
                    "Systemic risk: closing \"{name}\" ({nodes}) would cost {esri} of the network's output ({down} downstream, {up} upstream)."
                )
            }
        }
    }
}

/// One finding of the report, with the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "figures", rename_all = "snake_case")]
pub enum Finding {
    /// 缺链
    Gap(Coverage),
    /// 弱链
    WeakLink(Coverage),
    SinglePointOfFailure(SinglePointOfFailure),
    ExternalDependency(ExternalDependency),
    Concentration(NodeConcentration),
    ChainMasterDependency(ChainMasterDependency),
    Systemic(SystemicFirm),
}

impl Finding {
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            Finding::Gap(figures) | Finding::WeakLink(figures) => figures.explain(lang),
            Finding::SinglePointOfFailure(figures) => figures.explain(lang),
            Finding::ExternalDependency(figures) => figures.explain(lang),
            Finding::Concentration(figures) => figures.explain(lang),
            Finding::ChainMasterDependency(figures) => figures.explain(lang),
            Finding::Systemic(figures) => figures.explain(lang),
        }
    }
}

/// The risk report of one chain (产业链风险评估).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainRiskReport {
    pub code: String,
    pub name: String,
    pub thresholds: RiskThresholds,
    pub nodes: Vec<NodeRisk>,
    /// Every single point of failure, largest victim size first.
    pub single_points: Vec<SinglePointOfFailure>,
    pub chain_masters: Vec<ChainMasterDependency>,
    /// Chain members by ESRI, largest first, at most `thresholds.top` (empty without ESRI).
    pub top_systemic: Vec<SystemicFirm>,
    /// What deserves attention, in this order: gaps, weak links, the `thresholds.top` largest
    /// single points of failure, external dependency, concentration, chain-master dependency,
    /// top systemic firms.
    pub findings: Vec<Finding>,
}

impl ChainRiskReport {
    /// Assembles the report from plain inputs and the ESRI results the caller already has for
    /// (some of) the firms (`esri` may be empty: ESRI of a whole province is a batch job).
    pub fn assemble(
        input: &ChainInput,
        network: &SupplyNetwork,
        esri: &[EsriResult],
        thresholds: &RiskThresholds,
    ) -> Result<Self, StructureError> {
        let index = Indexed::new(input, network)?;
        let nodes: Vec<NodeRisk> = (0..input.nodes.len() as u32)
            .map(|node| NodeRisk {
                node,
                code: input.nodes[node as usize].code.clone(),
                name: input.nodes[node as usize].name.clone(),
                coverage: Coverage::of(&index, node, thresholds),
                concentration: NodeConcentration::of(&index, node, thresholds),
                external: ExternalDependency::of(&index, node, thresholds),
            })
            .collect();
        let single_points = SinglePointOfFailure::all(&index, thresholds.top);
        let mut chain_masters = ChainMasterDependency::all(&index, thresholds);
        for master in &mut chain_masters {
            master.esri = esri.iter().find(|r| r.firm == master.firm).map(|r| r.esri);
        }
        let mut members: Vec<&EsriResult> = esri
            .iter()
            .filter(|r| {
                index
                    .firm_nodes
                    .get(r.firm as usize)
                    .is_some_and(|nodes| !nodes.is_empty())
            })
            .collect();
        members.sort_by(|a, b| b.esri.total_cmp(&a.esri).then(a.firm.cmp(&b.firm)));
        members.dedup_by_key(|r| r.firm);
        let top_systemic: Vec<SystemicFirm> = members
            .into_iter()
            .take(thresholds.top)
            .map(|r| SystemicFirm {
                firm: r.firm,
                name: index.firm_name(r.firm).to_owned(),
                local: input.firms[r.firm as usize].local,
                nodes: index.firm_nodes[r.firm as usize]
                    .iter()
                    .map(|&n| index.node_name(n).to_owned())
                    .collect(),
                esri: r.esri,
                esri_down: r.esri_down,
                esri_up: r.esri_up,
            })
            .collect();

        let mut findings = Vec::new();
        for status in [CoverageStatus::Gap, CoverageStatus::Weak] {
            for node in nodes.iter().filter(|n| n.coverage.status == status) {
                findings.push(match status {
                    CoverageStatus::Gap => Finding::Gap(node.coverage.clone()),
                    _ => Finding::WeakLink(node.coverage.clone()),
                });
            }
        }
        // The largest only: sparse supply data make many customers depend on one recorded
        // supplier (hundreds of single points in a chain of a few thousand firms); all stay in
        // `single_points`.
        findings.extend(
            single_points
                .iter()
                .take(thresholds.top)
                .cloned()
                .map(Finding::SinglePointOfFailure),
        );
        findings.extend(
            nodes
                .iter()
                .filter_map(|n| n.external.as_ref().filter(|e| e.dependent))
                .cloned()
                .map(Finding::ExternalDependency),
        );
        findings.extend(
            nodes
                .iter()
                .filter_map(|n| n.concentration.as_ref().filter(|c| c.concentrated))
                .cloned()
                .map(Finding::Concentration),
        );
        findings.extend(
            chain_masters
                .iter()
                .cloned()
                .map(Finding::ChainMasterDependency),
        );
        findings.extend(top_systemic.iter().cloned().map(Finding::Systemic));
        Ok(ChainRiskReport {
            code: input.code.clone(),
            name: input.name.clone(),
            thresholds: *thresholds,
            nodes,
            single_points,
            chain_masters,
            top_systemic,
            findings,
        })
    }

    /// Computes ESRI for every chain member (one closure each, on `threads` threads), then
    /// assembles the report.
    pub fn assemble_with_esri(
        input: &ChainInput,
        network: &SupplyNetwork,
        model: &EsriModel,
        options: &CascadeOptions,
        threads: usize,
        thresholds: &RiskThresholds,
    ) -> Result<Self, ChainReportError> {
        let mut members: Vec<u32> = input.memberships.iter().map(|m| m.firm).collect();
        members.sort_unstable();
        members.dedup();
        let esri = model.esri_closures(&members, options, threads, None)?;
        Ok(Self::assemble(input, network, &esri, thresholds)?)
    }

    /// Every finding explained, one line each.
    pub fn explain(&self, lang: Lang) -> Vec<String> {
        self.findings.iter().map(|f| f.explain(lang)).collect()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChainReportError {
    #[error(transparent)]
    Structure(#[from] StructureError),
    #[error(transparent)]
    Esri(#[from] EsriError),
}
