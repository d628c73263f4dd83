//! The supply network: who sells what to whom in a year.
//!
//! Every local firm buys its chain inputs from firms of the nodes that supply its node (chosen
//! with probability growing with their size, which gives the heavy-tailed degree distribution of
//! real supply networks), plus general inputs from anywhere. Gap nodes are supplied from outside
//! the province only. Each customer's links come from its own random stream, so the network can be
//! streamed customer by customer without holding it in memory.

use std::collections::HashSet;

use crate::population::Population;
use crate::rng::{Rng, Weighted};

const PURPOSE_LINKS: u64 = 2;

/// Share of a firm's revenue spent on inputs, and the part of it bought along its chain.
const INPUT_SHARE: f64 = 0.55;
const CHAIN_INPUT_SHARE: f64 = 0.7;

/// Sampling structures for drawing suppliers.
#[derive(Debug)]
pub struct NetworkPlan {
    node_members: Vec<Vec<usize>>,
    node_weights: Vec<Weighted>,
    node_inputs: Vec<Vec<usize>>,
    general: Weighted,
    general_mean: f64,
    seed: u64,
}

/// A geometric draw with the given mean (≥ 0).
fn geometric(rng: &mut Rng, mean: f64) -> usize {
    let p = 1.0 / (1.0 + mean);
    let mut k = 0;
    while !rng.chance(p) && k < 50 {
        k += 1;
    }
    k
}

/// More suppliers for bigger customers: one more per factor of ten above 10 million yuan.
fn size_bonus(revenue: f64) -> usize {
    (revenue / 1.0e7).log10().max(0.0) as usize
}

impl NetworkPlan {
    /// `general_mean` is the mean number of general (non-chain) suppliers of a firm.
    pub fn new(population: &Population, seed: u64, general_mean: f64) -> Self {
        let n_nodes = population.node_templates.len();
        let mut node_members = vec![Vec::new(); n_nodes];
        for (i, profile) in population.profiles.iter().enumerate() {
            if let Some(node) = profile.node {
                node_members[node].push(i);
            }
        }
        let node_weights = node_members
            .iter()
            .map(|members| {
                Weighted::new(
                    members
                        .iter()
                        .map(|&i| population.profiles[i].revenue.powf(0.8)),
                )
            })
            .collect();
        let node_inputs = population
            .node_templates
            .iter()
            .map(|t| {
                t.inputs
                    .iter()
                    .filter_map(|code| {
                        population
                            .node_templates
                            .iter()
                            .position(|n| n.chain == t.chain && n.code == *code)
                    })
                    .collect()
            })
            .collect();
        let general = Weighted::new(population.profiles.iter().map(|p| p.revenue.powf(0.7)));
        NetworkPlan {
            node_members,
            node_weights,
            node_inputs,
            general,
            general_mean,
            seed,
        }
    }

    /// The suppliers of `customer` with the yearly value bought from each (empty for firms
    /// outside the province: the province does not see their purchases).
    pub fn links_of(&self, population: &Population, customer: usize) -> Vec<(usize, f64)> {
        let profile = &population.profiles[customer];
        if profile.external {
            return Vec::new();
        }
        let mut rng = Rng::stream(self.seed, PURPOSE_LINKS, customer as u64);
        let purchases = profile.revenue * INPUT_SHARE;
        let bonus = size_bonus(profile.revenue);
        let mut chosen = HashSet::new();
        let mut links = Vec::new();
        let mut draw = |rng: &mut Rng,
                        pick: &dyn Fn(&mut Rng) -> Option<usize>,
                        wanted: usize,
                        budget: f64| {
            let mut suppliers = Vec::new();
            for _ in 0..wanted * 3 {
                if suppliers.len() == wanted {
                    break;
                }
                if let Some(s) = pick(rng).filter(|&s| s != customer && chosen.insert(s)) {
                    suppliers.push((s, 0.5 + rng.uniform()));
                }
            }
            let total: f64 = suppliers.iter().map(|(_, w)| w).sum();
            for (s, w) in suppliers {
                links.push((s, (budget * w / total).round().max(1.0e4)));
            }
        };
        let inputs = profile
            .node
            .map(|n| self.node_inputs[n].as_slice())
            .unwrap_or_default();
        let chain_budget = if inputs.is_empty() {
            0.0
        } else {
            purchases * CHAIN_INPUT_SHARE / inputs.len() as f64
        };
        for &input in inputs {
            let members = &self.node_members[input];
            let weights = &self.node_weights[input];
            let wanted = 1 + geometric(&mut rng, 1.2) + bonus;
            draw(
                &mut rng,
                &|rng| weights.sample(rng).map(|i| members[i]),
                wanted,
                chain_budget,
            );
        }
        let general_budget = purchases - chain_budget * inputs.len() as f64;
        let wanted = geometric(&mut rng, self.general_mean) + bonus;
        draw(
            &mut rng,
            &|rng| self.general.sample(rng),
            wanted,
            general_budget,
        );
        links
    }
}
