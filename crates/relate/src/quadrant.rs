//! The quadrant view per location, as Metroverse (Harvard Growth Lab) draws it: specialisation
//! (RCA) against relatedness (density).

use crate::{Complexity, RelateError};

/// Where an industry stands in a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quadrant {
    /// RCA = 0: the location has none of it yet (潜在进入).
    PossibleEntrant,
    /// RCA > cut, high density: specialised and well embedded (优势).
    Strength,
    /// RCA > cut, low density: specialised but with little related support, so exposed (威胁).
    Threat,
    /// 0 < RCA ≤ cut, high density: not yet specialised but well supported (机会).
    Opportunity,
    /// 0 < RCA ≤ cut, low density (弱势).
    Weakness,
}

/// Where "high density" starts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum DensityCut {
    /// Above the location's median density over industries with a defined density (default):
    /// each location is judged against its own relatedness profile, and the median is robust
    /// to the long right tail density has in sparse county data.
    #[default]
    LocationMedian,
    /// Above the location's mean density.
    LocationMean,
    /// Above a fixed value.
    Fixed(f64),
}

/// The cuts of the quadrant view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuadrantRule {
    /// RCA above which an industry counts as specialised (spec: 1).
    pub rca_cut: f64,
    pub density_cut: DensityCut,
}

impl Default for QuadrantRule {
    fn default() -> Self {
        Self {
            rca_cut: 1.0,
            density_cut: DensityCut::LocationMedian,
        }
    }
}

/// One industry of the quadrant view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuadrantCell {
    pub industry: usize,
    pub quadrant: Quadrant,
    pub rca: f64,
    pub density: f64,
}

/// The location's quadrant view: the density cut used and one cell per industry with a defined
/// density. Needs RCA, so not available when M was given precomputed.
pub fn quadrants(
    r: &Complexity,
    c: usize,
    rule: &QuadrantRule,
) -> Result<(f64, Vec<QuadrantCell>), RelateError> {
    if c >= r.locations.len() {
        return Err(RelateError::OutOfRange {
            what: "location",
            index: c,
            count: r.locations.len(),
        });
    }
    let rca = r.rca.as_ref().ok_or(RelateError::Unavailable {
        what: "the quadrant view",
        why: "it needs RCA and M was given precomputed",
    })?;
    let defined: Vec<usize> = (0..r.industries.len())
        .filter(|&p| r.density.get(c, p).is_finite())
        .collect();
    let mut densities: Vec<f64> = defined.iter().map(|&p| r.density.get(c, p)).collect();
    let cut = match rule.density_cut {
        DensityCut::Fixed(v) => v,
        DensityCut::LocationMean => densities.iter().sum::<f64>() / densities.len().max(1) as f64,
        DensityCut::LocationMedian => {
            densities.sort_by(f64::total_cmp);
            match densities.len() {
                0 => 0.0,
                n if n % 2 == 1 => densities[n / 2],
                n => (densities[n / 2 - 1] + densities[n / 2]) / 2.0,
            }
        }
    };
    let cells = defined
        .into_iter()
        .map(|p| {
            let (rca, density) = (rca.get(c, p), r.density.get(c, p));
            let high = density > cut;
            let quadrant = match (rca, rca > rule.rca_cut, high) {
                (0.0, _, _) => Quadrant::PossibleEntrant,
                (_, true, true) => Quadrant::Strength,
                (_, true, false) => Quadrant::Threat,
                (_, false, true) => Quadrant::Opportunity,
                (_, false, false) => Quadrant::Weakness,
            };
            QuadrantCell {
                industry: p,
                quadrant,
                rca,
                density,
            }
        })
        .collect();
    Ok((cut, cells))
}
