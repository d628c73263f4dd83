//! Spec steps 4–6: diversity, ubiquity, and the ECI/PCI eigenvector.
//!
//! The eigenproblem is solved on the symmetric `S = Dp^-1/2 · Mᵀ Dc^-1 M · Dp^-1/2`, which has
//! the spectrum of `Mt = Dp^-1 Mᵀ Dc^-1 M` (spec step 5) and eigenvalues in [0, 1]. Its top
//! eigenvector is known in closed form (`√kp0`, eigenvalue 1), so the ECI vector is the top
//! eigenvector of S with that one deflated; `kp = Dp^-1/2 · v`.

use crate::RelateError;
use std::cell::RefCell;

use crate::eigen::top_eigenpair;

/// Residual the ECI eigenvector must reach (‖S‖ = 1).
const EIGEN_TOL: f64 = 1e-13;
/// Second and third eigenvalues closer than this count as tied: the eigenvector error scales
/// as residual / gap, so below this gap the ranking would be noise.
const TIE_GAP: f64 = 1e-9;

/// Correlations closer to zero than this do not fix the sign: on a symmetric network they are
/// rounding noise whose sign flips with the order or the scale of the data.
const SIGN_CORRELATION_FLOOR: f64 = 1e-9;

/// How the sign of the eigenvector was fixed (eigenvectors have no sign of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignRule {
    /// Spec step 5: ECI correlates positively with diversity.
    Diversity,
    /// Diversity does not vary across locations, or does not correlate with the eigenvector (a
    /// symmetric network), so it cannot fix the sign: PCI is made to
    /// correlate negatively with ubiquity instead (rarer industries are the more complex ones).
    UbiquityFallback,
    /// Neither diversity nor ubiquity fixes it: the sign is the solver's, and arbitrary.
    Arbitrary,
}

/// The spectrum facts behind an ECI/PCI result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EigenSummary {
    /// Second-largest eigenvalue of `Mt` (the largest is 1).
    pub second: f64,
    /// Third-largest, when there is one: its gap to `second` is what makes the vector unique.
    pub third: Option<f64>,
    /// `‖S v − λ v‖` of the returned vector.
    pub residual: f64,
}

/// Raw (sign-fixed, not normalised) complexity of the active locations and industries.
#[derive(Debug, Clone)]
pub(crate) struct RawComplexity {
    /// kc per active location.
    pub kc: Vec<f64>,
    /// kp per active industry.
    pub kp: Vec<f64>,
    pub eigen: EigenSummary,
    pub sign: SignRule,
}

/// M restricted to the active locations (diversity > 0) and industries (ubiquity > 0), as rows
/// of active-industry indices.
#[derive(Debug, Clone)]
pub(crate) struct ActiveNetwork {
    pub rows: Vec<Vec<u32>>,
    pub n_industries: usize,
}

impl ActiveNetwork {
    fn diversity(&self) -> Vec<f64> {
        self.rows.iter().map(|r| r.len() as f64).collect()
    }

    fn ubiquity(&self) -> Vec<f64> {
        let mut u = vec![0.0; self.n_industries];
        for r in &self.rows {
            for &p in r {
                u[p as usize] += 1.0;
            }
        }
        u
    }

    /// Connected components of the bipartite location–industry graph, largest first.
    pub(crate) fn components(&self) -> Components {
        let nl = self.rows.len();
        let mut parent: Vec<usize> = (0..nl + self.n_industries).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for (c, r) in self.rows.iter().enumerate() {
            for &p in r {
                let (a, b) = (find(&mut parent, c), find(&mut parent, nl + p as usize));
                if a != b {
                    parent[a] = b;
                }
            }
        }
        let root_of: Vec<usize> = (0..parent.len()).map(|x| find(&mut parent, x)).collect();
        let mut parts: std::collections::HashMap<usize, Part> = Default::default();
        for (x, &root) in root_of.iter().enumerate() {
            let part = parts.entry(root).or_insert(Part {
                root,
                locations: 0,
                industries: 0,
                first_location: usize::MAX,
            });
            if x < nl {
                part.locations += 1;
                part.first_location = part.first_location.min(x);
            } else {
                part.industries += 1;
            }
        }
        let mut parts: Vec<Part> = parts.into_values().collect();
        parts.sort_by(|a, b| {
            (b.locations + b.industries)
                .cmp(&(a.locations + a.industries))
                .then(a.first_location.cmp(&b.first_location))
        });
        Components {
            parts,
            root_of,
            n_locations: nl,
        }
    }
}

/// One connected part of the network.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    root: usize,
    pub locations: usize,
    pub industries: usize,
    /// Smallest active-location index in the part (`usize::MAX` when it has none).
    pub first_location: usize,
}

/// The connected parts, largest first, and which part each node is in.
#[derive(Debug, Clone)]
pub(crate) struct Components {
    pub parts: Vec<Part>,
    root_of: Vec<usize>,
    n_locations: usize,
}

impl Components {
    /// Whether active location `a` lies in the largest part.
    pub fn location_in_largest(&self, a: usize) -> bool {
        self.root_of[a] == self.parts[0].root
    }

    /// Whether active industry `i` lies in the largest part.
    pub fn industry_in_largest(&self, i: usize) -> bool {
        self.root_of[self.n_locations + i] == self.parts[0].root
    }
}

/// ECI/PCI eigenvector of the active network. `location_label` names an active location for
/// error messages.
pub(crate) fn raw_complexity(
    net: &ActiveNetwork,
    location_label: &dyn Fn(usize) -> String,
) -> Result<RawComplexity, RelateError> {
    let (nl, np) = (net.rows.len(), net.n_industries);
    if nl < 2 {
        return Err(RelateError::TooFewLocations { active: nl });
    }
    if np < 2 {
        return Err(RelateError::TooFewIndustries { active: np });
    }
    let components = net.components();
    if let [largest, second, ..] = components.parts[..] {
        return Err(RelateError::Disconnected {
            components: components.parts.len(),
            largest_locations: largest.locations,
            largest_industries: largest.industries,
            example: format!("location {:?}", location_label(second.first_location)),
        });
    }
    let kc0 = net.diversity();
    let kp0 = net.ubiquity();
    let dp_inv_sqrt: Vec<f64> = kp0.iter().map(|k| 1.0 / k.sqrt()).collect();
    let scratch = RefCell::new(vec![0.0; np]);
    let apply = |x: &[f64], y: &mut [f64]| {
        // y = Dp^-1/2 Mᵀ Dc^-1 M Dp^-1/2 x, two passes over the non-zeros of M.
        let mut u = scratch.borrow_mut();
        for ((u, a), d) in u.iter_mut().zip(x).zip(&dp_inv_sqrt) {
            *u = a * d;
        }
        y.iter_mut().for_each(|v| *v = 0.0);
        for (row, k) in net.rows.iter().zip(&kc0) {
            let t: f64 = row.iter().map(|&p| u[p as usize]).sum::<f64>() / k;
            for &p in row {
                y[p as usize] += t;
            }
        }
        y.iter_mut().zip(&dp_inv_sqrt).for_each(|(v, d)| *v *= d);
    };
    let total: f64 = kp0.iter().sum();
    let v1: Vec<f64> = kp0.iter().map(|k| (k / total).sqrt()).collect();
    let second = top_eigenpair(np, &apply, &[&v1], 0x5EED_0002, &|_, r| r <= EIGEN_TOL)
        .ok_or(RelateError::TooFewIndustries { active: np })?;
    if second.residual > 1e3 * EIGEN_TOL {
        return Err(RelateError::NotConverged {
            residual: second.residual,
        });
    }
    // λ3 only has to be known well enough to tell whether it ties with λ2: a Ritz value is off
    // by about residual² / gap, so a residual small against the gap settles the question.
    let lambda2 = second.value;
    let settled = |theta: f64, r: f64| r <= 1e-10 || (r <= 1e-6 && r <= 1e-3 * (lambda2 - theta));
    let third =
        top_eigenpair(np, &apply, &[&v1, &second.vector], 0x5EED_0003, &settled).map(|p| p.value);
    if second.value >= 1.0 - TIE_GAP {
        // A second unit eigenvalue means a disconnected network, which was ruled out above;
        // kept as a guard against a numerically near-disconnected one.
        return Err(RelateError::TiedEigenvalues {
            second: 1.0,
            third: second.value,
        });
    }
    if let Some(third) = third.filter(|t| second.value - t <= TIE_GAP) {
        return Err(RelateError::TiedEigenvalues {
            second: second.value,
            third,
        });
    }
    let mut kp: Vec<f64> = second
        .vector
        .iter()
        .zip(&dp_inv_sqrt)
        .map(|(v, d)| v * d)
        .collect();
    let mut kc: Vec<f64> = net
        .rows
        .iter()
        .zip(&kc0)
        .map(|(row, k)| row.iter().map(|&p| kp[p as usize]).sum::<f64>() / k)
        .collect();
    let (sign, rule) = match pearson(&kc0, &kc) {
        Some(r) if r > SIGN_CORRELATION_FLOOR => (1.0, SignRule::Diversity),
        Some(r) if r < -SIGN_CORRELATION_FLOOR => (-1.0, SignRule::Diversity),
        _ => match pearson(&kp0, &kp) {
            Some(r) if r < -SIGN_CORRELATION_FLOOR => (1.0, SignRule::UbiquityFallback),
            Some(r) if r > SIGN_CORRELATION_FLOOR => (-1.0, SignRule::UbiquityFallback),
            _ => (1.0, SignRule::Arbitrary),
        },
    };
    kp.iter_mut().for_each(|v| *v *= sign);
    kc.iter_mut().for_each(|v| *v *= sign);
    Ok(RawComplexity {
        kc,
        kp,
        eigen: EigenSummary {
            second: second.value,
            third,
            residual: second.residual,
        },
        sign: rule,
    })
}

/// Pearson correlation; `None` when either side does not vary.
pub(crate) fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) * (x - ma);
        vb += (y - mb) * (y - mb);
    }
    let denom = (va * vb).sqrt();
    (denom > 0.0 && denom.is_finite()).then(|| cov / denom)
}
