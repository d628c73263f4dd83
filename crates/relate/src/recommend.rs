//! Recommendations per location: the industries it lacks, ranked by feasibility (density), value
//! (PCI) and opportunity gain (COG) under a strategy profile, each explained by the related
//! industries the location already has (Hausmann, Hidalgo et al., Atlas of Economic Complexity,
//! "strategic approaches"; Hidalgo et al. 2007 on density as the probability of entry).

use crate::scale::{check_weights, percentile, weighted};
use crate::{Complexity, RelateError};

/// Relative weights of the three criteria.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Density: how much of what the industry needs the location already has.
    pub feasibility: f64,
    /// PCI: how complex (and typically well paid, hard to copy) the industry is.
    pub value: f64,
    /// COG: how much the industry would open up paths to further complex industries.
    pub gain: f64,
}

/// Strategy profiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// 就近延伸 — low-hanging fruit: what the location is closest to (weights 0.6 / 0.2 / 0.2).
    NearbyOpportunities,
    /// 攀升价值链 — climb the complexity ladder: more complex industries still within reach
    /// (0.35 / 0.45 / 0.2).
    ClimbComplexityLadder,
    /// 战略跃迁 — long jumps (strategic bets): high value and high gain, feasibility nearly
    /// ignored (0.1 / 0.45 / 0.45).
    LongJumps,
    /// Caller-chosen weights.
    Custom(Weights),
}

impl Strategy {
    pub fn weights(self) -> Weights {
        match self {
            Strategy::NearbyOpportunities => Weights {
                feasibility: 0.6,
                value: 0.2,
                gain: 0.2,
            },
            Strategy::ClimbComplexityLadder => Weights {
                feasibility: 0.35,
                value: 0.45,
                gain: 0.2,
            },
            Strategy::LongJumps => Weights {
                feasibility: 0.1,
                value: 0.45,
                gain: 0.45,
            },
            Strategy::Custom(w) => w,
        }
    }
}

/// How many rows to return and how much to explain each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecommendOptions {
    pub strategy: Strategy,
    /// Rows returned (best first); `usize::MAX` for all.
    pub top: usize,
    /// Related present industries listed per row.
    pub explain: usize,
}

impl Default for RecommendOptions {
    fn default() -> Self {
        Self {
            strategy: Strategy::NearbyOpportunities,
            top: 20,
            explain: 3,
        }
    }
}

/// An industry the location already has that makes a recommended one feasible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Related {
    pub industry: usize,
    /// `phi[recommended][related]`.
    pub proximity: f64,
}

/// One recommended industry for one location.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub industry: usize,
    /// Weighted mean of the three percentile scores, in [0, 1].
    pub score: f64,
    pub density: f64,
    pub pci: f64,
    pub cog: f64,
    /// Percentile of density, PCI and COG among the location's candidates (0 lowest, 1 highest).
    pub feasibility: f64,
    pub value: f64,
    pub gain: f64,
    /// The location's present industries closest to this one, closest first.
    pub related: Vec<Related>,
}

/// Ranks the industries location `c` lacks (M = 0, with defined PCI and density).
///
/// The three criteria have different units (density is a share, PCI and COG are standardised
/// with different spreads), so each is replaced by its percentile among the candidates before
/// weighting: the score says "better than this share of the alternatives", and a weight of 0.6
/// on feasibility means what it says whatever the spread of density in this location.
pub fn recommend(
    r: &Complexity,
    c: usize,
    options: &RecommendOptions,
) -> Result<Vec<Recommendation>, RelateError> {
    let np = r.industries.len();
    if c >= r.locations.len() {
        return Err(RelateError::OutOfRange {
            what: "location",
            index: c,
            count: r.locations.len(),
        });
    }
    let w = options.strategy.weights();
    let weights = [w.feasibility, w.value, w.gain];
    check_weights(&weights)?;
    let candidates: Vec<usize> = (0..np)
        .filter(|&p| !r.is_present(c, p) && r.pci[p].is_finite() && r.density.get(c, p).is_finite())
        .collect();
    let pick = |f: &dyn Fn(usize) -> f64| {
        percentile(&candidates.iter().map(|&p| f(p)).collect::<Vec<_>>())
    };
    let feasibility = pick(&|p| r.density.get(c, p));
    let value = pick(&|p| r.pci[p]);
    let gain = pick(&|p| r.cog.get(c, p));
    let present: Vec<usize> = (0..np).filter(|&p| r.is_present(c, p)).collect();
    let mut rows: Vec<Recommendation> = candidates
        .iter()
        .enumerate()
        .map(|(k, &p)| Recommendation {
            industry: p,
            score: weighted(&[feasibility[k], value[k], gain[k]], &weights),
            density: r.density.get(c, p),
            pci: r.pci[p],
            cog: r.cog.get(c, p),
            feasibility: feasibility[k],
            value: value[k],
            gain: gain[k],
            related: Vec::new(),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.density.total_cmp(&a.density))
            .then(a.industry.cmp(&b.industry))
    });
    rows.truncate(options.top);
    for row in &mut rows {
        row.related = closest(r, row.industry, &present, options.explain);
    }
    Ok(rows)
}

/// The `k` industries of `among` with the highest positive proximity to `p`, closest first.
pub(crate) fn closest(r: &Complexity, p: usize, among: &[usize], k: usize) -> Vec<Related> {
    let mut related: Vec<Related> = among
        .iter()
        .map(|&q| Related {
            industry: q,
            proximity: r.proximity.get(p, q),
        })
        .filter(|x| x.proximity > 0.0)
        .collect();
    related.sort_by(|a, b| {
        b.proximity
            .total_cmp(&a.proximity)
            .then(a.industry.cmp(&b.industry))
    });
    related.truncate(k);
    related
}
