//! Systemic firms: the ESRI of closing each firm of a chain or of the whole stored network,
//! ranked.

use ::risk::CascadeOptions;
use serde::Serialize;

use super::{RiskData, RiskFirm};
use crate::AnalyticsError;
use crate::monitoring::node_label;

/// One firm's ESRI (Diem et al. 2022): the share of the network's output lost when it closes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemicEntry {
    /// 1 for the most systemic firm.
    pub rank: usize,
    /// Network index of the firm.
    pub firm: u32,
    pub enterprise: RiskFirm,
    /// The chain nodes the firm belongs to (`SX-01/06`), stored or attached.
    pub nodes: Vec<String>,
    pub esri: f64,
    pub esri_down: f64,
    pub esri_up: f64,
    pub iterations: u32,
    pub converged: bool,
}

/// The firms to rank: a chain's (any node, stored or attached) or every firm in the network.
pub fn scope_firms(data: &RiskData, chain: Option<&str>) -> Result<Vec<u32>, AnalyticsError> {
    Ok(match chain {
        Some(code) => data.chain(code)?.firms(),
        None => (0..data.firms.len() as u32).collect(),
    })
}

/// ESRI of closing each of `firms` (one cascade each, on `threads` threads; 0 = one per core),
/// largest first (each firm once). `progress` is called once per finished cascade.
pub fn systemic(
    data: &RiskData,
    firms: &[u32],
    options: &CascadeOptions,
    threads: usize,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Result<Vec<SystemicEntry>, AnalyticsError> {
    let mut firms = firms.to_vec();
    firms.sort_unstable();
    firms.dedup();
    let mut results = data
        .model
        .esri_closures(&firms, options, threads, progress)?;
    results.sort_by(|a, b| b.esri.total_cmp(&a.esri).then(a.firm.cmp(&b.firm)));
    let mut nodes: Vec<Vec<String>> = vec![Vec::new(); data.firms.len()];
    for chain in &data.chains {
        for m in &chain.memberships {
            nodes[m.firm as usize]
                .push(node_label(&chain.code, &chain.nodes[m.node as usize].code));
        }
    }
    Ok(results
        .into_iter()
        .enumerate()
        .map(|(rank, r)| SystemicEntry {
            rank: rank + 1,
            firm: r.firm,
            enterprise: data.firms[r.firm as usize].clone(),
            nodes: std::mem::take(&mut nodes[r.firm as usize]),
            esri: r.esri,
            esri_down: r.esri_down,
            esri_up: r.esri_up,
            iterations: r.convergence.iterations,
            converged: r.convergence.converged,
        })
        .collect())
}
