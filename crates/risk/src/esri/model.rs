//! The precomputed cascade model: link weights `Ld`/`Lu` laid out for pushing changes, markets for
//! replaceability. Built once per network and essentiality matrix, shared read-only by every
//! closure and thread.

use super::sweep::UpstreamSweep;
use crate::essentiality::{Essentiality, EssentialityMatrix};
use crate::network::SupplyNetwork;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EsriError {
    #[error("{what}: {given} entries for {firms} firms")]
    Length {
        what: &'static str,
        given: usize,
        firms: usize,
    },
    #[error(
        "firm {firm}: industry index {industry} is outside the essentiality matrix ({industries} industries)"
    )]
    IndustryOutOfRange {
        firm: usize,
        industry: u32,
        industries: usize,
    },
    #[error(
        "firm {firm}: market label {market} is not below the number of firms ({firms}); use dense labels 0.."
    )]
    MarketOutOfRange {
        firm: usize,
        market: u32,
        firms: usize,
    },
    #[error("firm {firm}: weight {value} is not a finite non-negative number")]
    BadWeight { firm: usize, value: f64 },
    #[error("the output weights sum to {total}; the index needs a positive total")]
    ZeroWeights { total: f64 },
    #[error("firm {firm} is out of range (the network has {firms} firms)")]
    FirmOutOfRange { firm: u32, firms: usize },
    #[error("firm {firm}: capacity {value} is outside [0, 1]")]
    BadCapacity { firm: u32, value: f64 },
    #[error("eps {eps} must be a finite positive number")]
    BadEps { eps: f64 },
    #[error("the network has {links} links, more than u32 slot indices can address")]
    TooManyLinks { links: usize },
    #[error("could not start {threads} worker threads: {message}")]
    ThreadPool { threads: usize, message: String },
}

/// Everything a cascade needs, precomputed (Diem et al. 2022, Methods: `Ld`, `Lu`, markets).
///
/// Downstream loss `L[j][k]` lives in *slots*: each customer `j` owns one slot per distinct
/// essential supplying industry `k` (where `E[k][p[j]] = 2`), then one slot for all its linear
/// inputs together (only their sum matters). Every relevant link `i → j` knows its slot, so a
/// change of supplier `i` is pushed to its customers in O(out-degree).
#[derive(Debug, Clone)]
pub struct EsriModel {
    pub(crate) firms: usize,
    pub(crate) s_out: Vec<f64>,
    pub(crate) weights: Vec<f64>,
    pub(crate) weight_total: f64,
    /// Per supplier: the slots its relevant out-links feed and `Ld` of each link.
    pub(crate) down_offsets: Vec<usize>,
    pub(crate) down_slot: Vec<u32>,
    pub(crate) down_weight: Vec<f64>,
    /// Per customer: `slot_offsets[j]..ess_end[j]` essential slots, `ess_end[j]..slot_offsets[j+1]`
    /// the linear slot (zero or one).
    pub(crate) slot_offsets: Vec<usize>,
    pub(crate) ess_end: Vec<usize>,
    pub(crate) slot_owner: Vec<u32>,
    /// Per customer: its suppliers and `Lu[i][j] = W[i][j] / s_out[i]`.
    pub(crate) up_offsets: Vec<usize>,
    pub(crate) up_supplier: Vec<u32>,
    pub(crate) up_weight: Vec<f64>,
    /// The same weights per supplier, for a full upstream sweep when a cascade has spread over
    /// much of the network.
    pub(crate) sweep: UpstreamSweep,
    /// Markets `q` for replaceability: members, each firm's market and position in it, and an
    /// implicit binary sum tree per market (`2·len` entries from `2·market_offsets[q]`, root at
    /// index 1, leaves at `len..2·len`) holding `hd[i]·s_out[i]` with every `hd = 1`.
    pub(crate) market_of: Vec<u32>,
    pub(crate) market_offsets: Vec<usize>,
    pub(crate) market_pos: Vec<u32>,
    pub(crate) tree_init: Vec<f64>,
    /// `A[q]` with every firm at full capacity (1 when ≤ 1e-10, as the spec says).
    pub(crate) a_init: Vec<f64>,
}

/// The spec's floor for a market's remaining output: `A[q]` at or below it is set to 1.
pub(crate) const MARKET_FLOOR: f64 = 1e-10;

impl EsriModel {
    /// Builds the model. `industry[i]` is firm i's row/column in `matrix` (`p`); `market[i]` is its
    /// market for replaceability (`q`, any dense labels; `None` means `q = p`). Output weights
    /// default to `s_out` (see [`EsriModel::with_weights`]).
    pub fn new(
        network: &SupplyNetwork,
        industry: &[u32],
        matrix: &EssentialityMatrix,
        market: Option<&[u32]>,
    ) -> Result<Self, EsriError> {
        let n = network.firms();
        check_len("industry", industry.len(), n)?;
        if let Some(market) = market {
            check_len("market", market.len(), n)?;
            if let Some((firm, &q)) = market.iter().enumerate().find(|(_, q)| **q as usize >= n) {
                return Err(EsriError::MarketOutOfRange {
                    firm,
                    market: q,
                    firms: n,
                });
            }
        }
        if u32::try_from(network.links()).is_err() {
            return Err(EsriError::TooManyLinks {
                links: network.links(),
            });
        }
        for (firm, &k) in industry.iter().enumerate() {
            if k as usize >= matrix.len() {
                return Err(EsriError::IndustryOutOfRange {
                    firm,
                    industry: k,
                    industries: matrix.len(),
                });
            }
        }
        let s_out = network.out_strength().to_vec();
        let s_in = network.in_strength();

        // Slots and per-link downstream weights, customer by customer (Diem et al. 2022, Ld).
        let mut slot_offsets = Vec::with_capacity(n + 1);
        let mut ess_end = Vec::with_capacity(n);
        let mut slot_owner: Vec<u32> = Vec::new();
        // (supplier, slot, Ld) for every relevant link, in customer order.
        let mut entries: Vec<(u32, u32, f64)> = Vec::new();
        let mut essential: Vec<(u32, u32, f64)> = Vec::new(); // (industry, supplier, W)
        slot_offsets.push(0);
        for j in 0..n as u32 {
            let pj = industry[j as usize] as usize;
            let (suppliers, values) = network.suppliers(j);
            essential.clear();
            let mut has_linear = false;
            for (&i, &w) in suppliers.iter().zip(values) {
                let k = industry[i as usize];
                match matrix.get(k as usize, pj) {
                    Essentiality::Essential => essential.push((k, i, w)),
                    Essentiality::Linear => has_linear = true,
                    Essentiality::Irrelevant => {}
                }
            }
            // Stable: suppliers stay in index order within an industry.
            essential.sort_by_key(|&(k, _, _)| k);
            let mut start = 0;
            while start < essential.len() {
                let k = essential[start].0;
                let end = start + essential[start..].partition_point(|&(kk, _, _)| kk == k);
                // Pi[j][k]: what j buys from industry k.
                let pi: f64 = essential[start..end].iter().map(|&(_, _, w)| w).sum();
                let slot = slot_owner.len() as u32;
                slot_owner.push(j);
                for &(_, i, w) in &essential[start..end] {
                    entries.push((i, slot, w / pi));
                }
                start = end;
            }
            ess_end.push(slot_owner.len());
            if has_linear {
                let slot = slot_owner.len() as u32;
                slot_owner.push(j);
                for (&i, &w) in suppliers.iter().zip(values) {
                    let k = industry[i as usize] as usize;
                    if matrix.get(k, pj) == Essentiality::Linear {
                        entries.push((i, slot, w / s_in[j as usize]));
                    }
                }
            }
            slot_offsets.push(slot_owner.len());
        }
        // Regroup the entries by supplier (counting sort keeps customer order within a supplier).
        let mut down_offsets = vec![0usize; n + 1];
        for &(i, _, _) in &entries {
            down_offsets[i as usize + 1] += 1;
        }
        for i in 0..n {
            down_offsets[i + 1] += down_offsets[i];
        }
        let mut down_slot = vec![0u32; entries.len()];
        let mut down_weight = vec![0f64; entries.len()];
        let mut cursor = down_offsets.clone();
        for &(i, slot, weight) in &entries {
            let at = &mut cursor[i as usize];
            down_slot[*at] = slot;
            down_weight[*at] = weight;
            *at += 1;
        }

        // Upstream weights Lu[i][j] = W[i][j] / s_out[i], per customer j (to push a change of j to
        // its suppliers) and per supplier i (to sweep).
        let (up_offsets, up_supplier, up_weight) = upstream_by_customer(network, &s_out);
        let sweep = UpstreamSweep::new(network, &s_out);

        // Markets.
        let market_of: Vec<u32> = market.unwrap_or(industry).to_vec();
        let markets = market_of.iter().map(|&q| q as usize + 1).max().unwrap_or(0);
        let mut market_offsets = vec![0usize; markets + 1];
        for &q in &market_of {
            market_offsets[q as usize + 1] += 1;
        }
        for q in 0..markets {
            market_offsets[q + 1] += market_offsets[q];
        }
        let mut market_pos = vec![0u32; n];
        let mut fill = vec![0u32; markets];
        let mut tree_init = vec![0f64; 2 * n];
        for (i, &q) in market_of.iter().enumerate() {
            let q = q as usize;
            market_pos[i] = fill[q];
            let len = market_offsets[q + 1] - market_offsets[q];
            tree_init[2 * market_offsets[q] + len + fill[q] as usize] = s_out[i];
            fill[q] += 1;
        }
        let mut a_init = Vec::with_capacity(markets);
        for q in 0..markets {
            let base = 2 * market_offsets[q];
            let len = market_offsets[q + 1] - market_offsets[q];
            for node in (1..len).rev() {
                tree_init[base + node] =
                    tree_init[base + 2 * node] + tree_init[base + 2 * node + 1];
            }
            let a = if len == 0 { 0.0 } else { tree_init[base + 1] };
            a_init.push(if a <= MARKET_FLOOR { 1.0 } else { a });
        }

        let weight_total = s_out.iter().sum();
        Ok(EsriModel {
            firms: n,
            weights: s_out.clone(),
            weight_total,
            s_out,
            down_offsets,
            down_slot,
            down_weight,
            slot_offsets,
            ess_end,
            slot_owner,
            up_offsets,
            up_supplier,
            up_weight,
            sweep,
            market_of,
            market_offsets,
            market_pos,
            tree_init,
            a_init,
        })
    }

    /// Replaces the output weights `w` of the index (default `s_out`): e.g. revenue, value added
    /// or employment from the statistics when the network only covers part of each firm's sales.
    pub fn with_weights(mut self, weights: Vec<f64>) -> Result<Self, EsriError> {
        check_len("weights", weights.len(), self.firms)?;
        if let Some((firm, &value)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(EsriError::BadWeight { firm, value });
        }
        self.weight_total = weights.iter().sum();
        self.weights = weights;
        Ok(self)
    }

    pub fn firms(&self) -> usize {
        self.firms
    }

    /// The output weights `w` in use.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// `Σ w`.
    pub fn weight_total(&self) -> f64 {
        self.weight_total
    }

    pub(crate) fn check_weights(&self) -> Result<(), EsriError> {
        if self.weight_total > 0.0 {
            Ok(())
        } else {
            Err(EsriError::ZeroWeights {
                total: self.weight_total,
            })
        }
    }
}

/// `Lu` in CSR form with one row per customer (entries: its suppliers).
fn upstream_by_customer(
    network: &SupplyNetwork,
    s_out: &[f64],
) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
    let mut offsets = Vec::with_capacity(network.firms() + 1);
    let mut suppliers = Vec::with_capacity(network.links());
    let mut weights = Vec::with_capacity(network.links());
    offsets.push(0);
    for customer in 0..network.firms() as u32 {
        let (others, values) = network.suppliers(customer);
        for (&supplier, &w) in others.iter().zip(values) {
            suppliers.push(supplier);
            weights.push(w / s_out[supplier as usize]);
        }
        offsets.push(suppliers.len());
    }
    (offsets, suppliers, weights)
}

fn check_len(what: &'static str, given: usize, firms: usize) -> Result<(), EsriError> {
    if given == firms {
        Ok(())
    } else {
        Err(EsriError::Length { what, given, firms })
    }
}
