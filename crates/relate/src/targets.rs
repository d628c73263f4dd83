//! Chain-gap investment targets (产业链招商, "government + chain-master + park"): for each missing
//! or weak node of a key chain, the enterprises outside the province that make what the node
//! needs, ranked, each paired with the parks in the province that fit it best.
//!
//! Inputs are plain: labels, numbers and the product space. A store loader fills them from the
//! chain map (node → industries), the enterprise registry and supply network (candidates, their
//! size and their existing links into the province) and the park registry (industries present,
//! capacity figures); this module knows none of those sources.

use std::collections::HashMap;

use crate::matrix::Matrix;
use crate::scale::{check_weights, log_share, weighted};
use crate::{Complexity, RelateError};

/// Industry labels and their proximity: the relatedness every target ranking uses. Build it
/// from a [`Complexity`] result (e.g. the national county table) or from any proximity matrix.
#[derive(Debug, Clone)]
pub struct ProductSpace {
    industries: Vec<String>,
    index: HashMap<String, usize>,
    proximity: Matrix,
}

impl ProductSpace {
    /// `proximity[p][q]` for `industries[p]`, `industries[q]`.
    pub fn new(industries: Vec<String>, proximity: Matrix) -> Result<Self, RelateError> {
        let n = industries.len();
        if proximity.rows() != n || proximity.cols() != n {
            return Err(RelateError::ShapeMismatch {
                rows: proximity.rows(),
                cols: proximity.cols(),
                locations: n,
                industries: n,
            });
        }
        let mut index = HashMap::with_capacity(n);
        for (k, label) in industries.iter().enumerate() {
            if index.insert(label.clone(), k).is_some() {
                return Err(RelateError::DuplicateLabel(label.clone()));
            }
        }
        Ok(Self {
            industries,
            index,
            proximity,
        })
    }

    pub fn from_complexity(r: &Complexity) -> Self {
        let index = r
            .industries
            .iter()
            .enumerate()
            .map(|(k, l)| (l.clone(), k))
            .collect();
        Self {
            industries: r.industries.clone(),
            index,
            proximity: r.proximity.clone(),
        }
    }

    pub fn industries(&self) -> &[String] {
        &self.industries
    }

    /// Relatedness of `from` to `to`: 1 for the same industry (whatever the mode's diagonal),
    /// the proximity when both are in the space, 0 otherwise (nothing is known about it).
    pub fn relatedness(&self, from: &str, to: &str) -> f64 {
        if from == to {
            return 1.0;
        }
        match (self.index.get(from), self.index.get(to)) {
            (Some(&a), Some(&b)) => self.proximity.get(a, b),
            _ => 0.0,
        }
    }

    /// Relatedness density of a set of present industries around `industry`:
    /// `Σ_{i ∈ present} φ(industry, i) / Σ_i φ(industry, i)` with φ = 1 on the diagonal, so a
    /// park that already has the industry counts it. 0 for an industry outside the space.
    pub fn density(&self, industry: &str, present: &[String]) -> f64 {
        let Some(&p) = self.index.get(industry) else {
            return 0.0;
        };
        let row = self.proximity.row(p);
        let total: f64 = row
            .iter()
            .enumerate()
            .map(|(q, &v)| if q == p { 1.0 } else { v })
            .sum();
        let mut seen = vec![false; row.len()];
        let mut have = 0.0;
        for label in present {
            if let Some(&q) = self.index.get(label.as_str())
                && !std::mem::replace(&mut seen[q], true)
            {
                have += if q == p { 1.0 } else { row[q] };
            }
        }
        have / total
    }
}

/// Why a node is a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    /// 缺链: the province has no enterprise in the node.
    Missing,
    /// 弱链: present but thin or externally dependent.
    Weak,
}

/// A chain node to fill and the industries (GB/T 4754 codes, or product classes) it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct GapNode {
    pub id: String,
    pub gap: GapKind,
    pub industries: Vec<String>,
}

/// An enterprise outside the province.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub industry: String,
    /// Size (revenue, output or employment: one measure for all candidates).
    pub size: f64,
    /// Existing trade with enterprises in the province (value, or number of supply links).
    pub local_links: f64,
}

/// A park in the province.
#[derive(Debug, Clone, PartialEq)]
pub struct Park {
    pub id: String,
    /// Industries its enterprises are in.
    pub industries: Vec<String>,
    /// Capacity figures by name (available land in mu, standard factory space in m², energy
    /// quota, labour pool…, or a composite capacity score from the evaluation engine); larger is
    /// better. Names not given count as 0 for this park when other parks give them.
    pub capacity: Vec<(String, f64)>,
}

/// Weights of the candidate score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetWeights {
    pub relevance: f64,
    pub size: f64,
    pub links: f64,
}

/// Parameters of the ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetOptions {
    pub weights: TargetWeights,
    /// Candidates listed per node.
    pub top_candidates: usize,
    /// Parks listed per candidate.
    pub top_parks: usize,
    /// Share of the park score given to capacity (the rest is relatedness density).
    pub capacity_weight: f64,
    /// Candidates less related than this to every industry of the node are left out.
    pub min_relevance: f64,
    /// Park industries listed as the reason for a fit.
    pub explain: usize,
}

impl Default for TargetOptions {
    fn default() -> Self {
        Self {
            weights: TargetWeights {
                relevance: 0.5,
                size: 0.25,
                links: 0.25,
            },
            top_candidates: 10,
            top_parks: 3,
            capacity_weight: 0.3,
            min_relevance: 0.1,
            explain: 3,
        }
    }
}

/// How well a park fits a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkFit {
    /// Index into the `parks` input.
    pub park: usize,
    /// `(1 − w) · density / best density + w · capacity`, in [0, 1].
    pub score: f64,
    /// Relatedness density of the park's industries around the candidate's industry.
    pub density: f64,
    /// Mean over capacity figures of the park's value / the best park's; `None` when no park
    /// gives any figure (the score is then density alone).
    pub capacity: Option<f64>,
    /// The park's industries closest to the candidate's, with their relatedness.
    pub related: Vec<(String, f64)>,
}

/// A ranked candidate for one node.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Index into the `candidates` input.
    pub candidate: usize,
    pub score: f64,
    /// Highest relatedness of the candidate's industry to an industry of the node (1: it makes
    /// exactly what the node needs).
    pub relevance: f64,
    /// The node industry that relevance refers to.
    pub matched_industry: String,
    /// `ln(1 + size) / ln(1 + largest size among the node's candidates)`.
    pub size_score: f64,
    /// Same log-share for existing links into the province.
    pub link_score: f64,
    pub parks: Vec<ParkFit>,
}

/// The ranked targets of one node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeTargets {
    pub node: String,
    pub gap: GapKind,
    pub targets: Vec<Target>,
}

/// Ranks candidates for every node and pairs each with its best parks.
///
/// Candidate score (weights default 0.5 / 0.25 / 0.25): relevance (proximity of its industry to
/// what the node needs, 1 for an exact match) is already a 0–1 share; size and existing links
/// are log-scaled shares of the best candidate of the node, so a firm with ten times the
/// revenue is not ten times as attractive and a firm with no links scores 0 on links.
/// Park score: relatedness density of the park's industries around the candidate's industry,
/// relative to the best park, blended with capacity (default weight 0.3).
pub fn investment_targets(
    space: &ProductSpace,
    nodes: &[GapNode],
    candidates: &[Candidate],
    parks: &[Park],
    options: &TargetOptions,
) -> Result<Vec<NodeTargets>, RelateError> {
    let w = options.weights;
    let weights = [w.relevance, w.size, w.links];
    check_weights(&weights)?;
    if !(0.0..=1.0).contains(&options.capacity_weight) {
        return Err(RelateError::InvalidParameter {
            what: "capacity weight",
            value: options.capacity_weight,
            rule: "it must lie in [0, 1]",
        });
    }
    for c in candidates {
        for (what, v) in [
            ("candidate size", c.size),
            ("candidate local links", c.local_links),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(RelateError::InvalidParameter {
                    what,
                    value: v,
                    rule: "it must be finite and non-negative",
                });
            }
        }
    }
    let capacity = capacity_scores(parks)?;
    let mut park_fits: HashMap<&str, Vec<ParkFit>> = HashMap::new();
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let mut pool: Vec<(usize, f64, String)> = Vec::new();
        for (k, cand) in candidates.iter().enumerate() {
            let best = node
                .industries
                .iter()
                .map(|need| (space.relatedness(need, &cand.industry), need))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((relevance, need)) =
                best.filter(|(r, _)| *r > 0.0 && *r >= options.min_relevance)
            {
                pool.push((k, relevance, need.clone()));
            }
        }
        let sizes = log_share(
            &pool
                .iter()
                .map(|(k, ..)| candidates[*k].size)
                .collect::<Vec<_>>(),
        );
        let links = log_share(
            &pool
                .iter()
                .map(|(k, ..)| candidates[*k].local_links)
                .collect::<Vec<_>>(),
        );
        let mut targets: Vec<Target> = pool
            .into_iter()
            .enumerate()
            .map(|(j, (k, relevance, matched_industry))| Target {
                candidate: k,
                score: weighted(&[relevance, sizes[j], links[j]], &weights),
                relevance,
                matched_industry,
                size_score: sizes[j],
                link_score: links[j],
                parks: Vec::new(),
            })
            .collect();
        targets.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.candidate.cmp(&b.candidate))
        });
        targets.truncate(options.top_candidates);
        for t in &mut targets {
            let industry = candidates[t.candidate].industry.as_str();
            t.parks = park_fits
                .entry(industry)
                .or_insert_with(|| fit_parks(space, industry, parks, capacity.as_deref(), options))
                .clone();
        }
        out.push(NodeTargets {
            node: node.id.clone(),
            gap: node.gap,
            targets,
        });
    }
    Ok(out)
}

/// Per park, the mean over capacity names of value / best value; `None` when no park has any.
fn capacity_scores(parks: &[Park]) -> Result<Option<Vec<f64>>, RelateError> {
    let mut best: HashMap<&str, f64> = HashMap::new();
    for park in parks {
        for (name, v) in &park.capacity {
            if !(v.is_finite() && *v >= 0.0) {
                return Err(RelateError::InvalidParameter {
                    what: "park capacity figure",
                    value: *v,
                    rule: "it must be finite and non-negative",
                });
            }
            let b = best.entry(name.as_str()).or_insert(0.0);
            *b = b.max(*v);
        }
    }
    if best.is_empty() {
        return Ok(None);
    }
    let n = best.len() as f64;
    Ok(Some(
        parks
            .iter()
            .map(|park| {
                park.capacity
                    .iter()
                    .map(|(name, v)| {
                        if best[name.as_str()] > 0.0 {
                            v / best[name.as_str()]
                        } else {
                            0.0
                        }
                    })
                    .sum::<f64>()
                    / n
            })
            .collect(),
    ))
}

fn fit_parks(
    space: &ProductSpace,
    industry: &str,
    parks: &[Park],
    capacity: Option<&[f64]>,
    options: &TargetOptions,
) -> Vec<ParkFit> {
    let density: Vec<f64> = parks
        .iter()
        .map(|p| space.density(industry, &p.industries))
        .collect();
    let best = density.iter().copied().fold(0.0, f64::max);
    let cw = if capacity.is_some() {
        options.capacity_weight
    } else {
        0.0
    };
    let mut fits: Vec<ParkFit> = parks
        .iter()
        .enumerate()
        .map(|(k, park)| {
            let relative = if best > 0.0 { density[k] / best } else { 0.0 };
            let cap = capacity.map(|c| c[k]);
            let mut related: Vec<(String, f64)> = park
                .industries
                .iter()
                .map(|i| (i.clone(), space.relatedness(industry, i)))
                .filter(|(_, v)| *v > 0.0)
                .collect();
            related.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            related.dedup();
            related.truncate(options.explain);
            ParkFit {
                park: k,
                score: (1.0 - cw) * relative + cw * cap.unwrap_or(0.0),
                density: density[k],
                capacity: cap,
                related,
            }
        })
        .collect();
    fits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.park.cmp(&b.park)));
    fits.truncate(options.top_parks);
    fits
}
