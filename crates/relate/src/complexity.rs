//! One period's complete result: RCA, M, diversity/ubiquity, ECI/PCI, proximity, density,
//! COI/COG (spec steps 2–10), with what was left out and why.

use crate::eci::{ActiveNetwork, EigenSummary, SignRule, raw_complexity};
use crate::levels::levels;
use crate::matrix::Matrix;
use crate::options::{ComponentPolicy, Mode, Options, ProximityKind};
use crate::outlook::{SparseRows, density_and_gain, outlook_index};
use crate::{RelateError, ValueMatrix, proximity};

/// Complexity and relatedness of one period.
///
/// Undefined values are NaN, and only these: `eci` of a location with diversity 0 (listed in
/// `excluded_locations`), and `pci`, `density` and `cog` of an industry with ubiquity 0 (listed in
/// `excluded_industries`) — such an industry has no co-occurrence with anything, so neither its
/// complexity nor its relatedness is measured — and, under [`ComponentPolicy::LargestOnly`],
/// `eci` and `pci` of what lies outside the largest connected part (`detached_locations`,
/// `detached_industries`). Everything else is computed from the other, "active" locations and
/// industries; ECI/PCI statistics (mean, sigma) and COI statistics are taken over active
/// locations only.
#[derive(Debug, Clone)]
pub struct Complexity {
    pub options: Options,
    pub locations: Vec<String>,
    pub industries: Vec<String>,
    /// Balassa RCA (`None` when M was given).
    pub rca: Option<Matrix>,
    /// Population-based RCA (population test only).
    pub rpop: Option<Matrix>,
    /// M, row-major location × industry.
    pub presence: Vec<bool>,
    /// `kc0`: industries present per location.
    pub diversity: Vec<u32>,
    /// `kp0`: locations per industry.
    pub ubiquity: Vec<u32>,
    pub eci: Vec<f64>,
    pub pci: Vec<f64>,
    /// Complexity outlook index (z-scored).
    pub coi: Vec<f64>,
    /// Industry × industry proximity `phi` (asymmetric option: `phi[p][p'] = C / kp0[p]`).
    pub proximity: Matrix,
    /// Location × industry density omega.
    pub density: Matrix,
    /// Location × industry complexity outlook gain (0 where M = 1).
    pub cog: Matrix,
    /// Raw, sign-fixed industry eigenvector `kp` (NaN for excluded industries).
    pub kp: Vec<f64>,
    pub eigen: EigenSummary,
    pub sign: SignRule,
    /// Mean and sigma of raw ECI (spec step 6) that normalised ECI, PCI and COG.
    pub eci_mean: f64,
    pub eci_sigma: f64,
    /// Locations with diversity 0 (ECI undefined).
    pub excluded_locations: Vec<usize>,
    /// Industries with ubiquity 0 (PCI, density, COG undefined).
    pub excluded_industries: Vec<usize>,
    /// Under [`ComponentPolicy::LargestOnly`]: locations outside the largest connected part
    /// (ECI undefined; density, COI and COG computed as for the others).
    pub detached_locations: Vec<usize>,
    /// Under [`ComponentPolicy::LargestOnly`]: industries outside the largest connected part
    /// (PCI undefined; they add nothing to COI or COG).
    pub detached_industries: Vec<usize>,
}

impl Complexity {
    /// Computes every measure of one period's matrix.
    pub fn compute(matrix: &ValueMatrix, options: &Options) -> Result<Self, RelateError> {
        let (nc, np) = (matrix.values().rows(), matrix.values().cols());
        let mode = options.mode;
        let lv = levels(matrix, options)?;
        let presence = lv.presence.as_slice();
        let mut diversity = vec![0u32; nc];
        let mut ubiquity = vec![0u32; np];
        let mut present_rows: Vec<Vec<u32>> = vec![Vec::new(); nc];
        for c in 0..nc {
            for (p, &m) in presence[c * np..(c + 1) * np].iter().enumerate() {
                if m {
                    diversity[c] += 1;
                    ubiquity[p] += 1;
                    present_rows[c].push(p as u32);
                }
            }
        }
        let excluded_locations: Vec<usize> = (0..nc).filter(|&c| diversity[c] == 0).collect();
        let excluded_industries: Vec<usize> = (0..np).filter(|&p| ubiquity[p] == 0).collect();
        // Active network: locations with diversity > 0, industries with ubiquity > 0.
        let mut active_locations: Vec<usize> = (0..nc).filter(|&c| diversity[c] > 0).collect();
        let mut active_industries: Vec<usize> = (0..np).filter(|&p| ubiquity[p] > 0).collect();
        let mut net = active_network(&present_rows, &active_locations, &active_industries, np);
        let (mut detached_locations, mut detached_industries) = (Vec::new(), Vec::new());
        if options.components == ComponentPolicy::LargestOnly {
            let parts = net.components();
            if parts.parts.len() > 1 {
                let (mut keep_l, mut keep_i) = (Vec::new(), Vec::new());
                for (a, &c) in active_locations.iter().enumerate() {
                    if parts.location_in_largest(a) {
                        keep_l.push(c)
                    } else {
                        detached_locations.push(c)
                    }
                }
                for (i, &p) in active_industries.iter().enumerate() {
                    if parts.industry_in_largest(i) {
                        keep_i.push(p)
                    } else {
                        detached_industries.push(p)
                    }
                }
                (active_locations, active_industries) = (keep_l, keep_i);
                net = active_network(&present_rows, &active_locations, &active_industries, np);
            }
        }
        let raw = raw_complexity(&net, &|a| matrix.locations()[active_locations[a]].clone())?;

        // Spec step 6: normalise with raw ECI's mean and the mode's sigma.
        let (mean, pop_sd) = mean_sd(&raw.kc);
        let sigma = mode.sigma(pop_sd, active_locations.len(), active_industries.len());
        if sigma.is_nan() || sigma <= 0.0 {
            // Unreachable with a connected network and a non-tied second eigenvalue; guarded so
            // a degenerate case is an error, not NaN everywhere.
            return Err(RelateError::TiedEigenvalues {
                second: raw.eigen.second,
                third: raw.eigen.second,
            });
        }
        let mut eci = vec![f64::NAN; nc];
        for (a, &c) in active_locations.iter().enumerate() {
            eci[c] = (raw.kc[a] - mean) / sigma;
        }
        let mut kp = vec![f64::NAN; np];
        for (a, &p) in active_industries.iter().enumerate() {
            kp[p] = raw.kp[a];
        }
        let pci: Vec<f64> = kp.iter().map(|k| (k - mean) / sigma).collect();

        // Spec step 7.
        let (phi, symmetric) = match options.proximity {
            ProximityKind::Symmetric => (
                proximity::cooccurrence(presence, nc, &ubiquity, mode, false),
                true,
            ),
            ProximityKind::Asymmetric => (
                proximity::cooccurrence(presence, nc, &ubiquity, mode, true),
                false,
            ),
            ProximityKind::Continuous => (
                proximity::continuous(lv.continuous_level(matrix), mode),
                true,
            ),
        };
        let present: SparseRows = present_rows
            .iter()
            .map(|r| r.iter().map(|&p| (p, 1.0)).collect())
            .collect();
        // Spec steps 8 and 10. Continuous proximity weights the levels, as both reference
        // packages do. Stata weighs gains by its `proximity[p'][p]`, which holds `C / kp0[p]`
        // in position [p'][p], i.e. our phiᵀ; the Python package by its own `phi[p'][p]`.
        let levels: Option<SparseRows> =
            (options.proximity == ProximityKind::Continuous).then(|| {
                let level = lv.continuous_level(matrix);
                (0..nc)
                    .map(|c| {
                        let row = level.row(c).iter().enumerate();
                        row.filter(|(_, v)| **v != 0.0)
                            .map(|(p, &v)| (p as u32, v))
                            .collect()
                    })
                    .collect()
            });
        let gain_transposed = !symmetric && mode == Mode::Stata;
        let (omega, cog) = density_and_gain(
            &present,
            levels.as_ref(),
            &phi,
            symmetric,
            gain_transposed,
            &kp,
            sigma,
        );
        // Spec step 9: z-scored with the mode's sd, statistics over active locations.
        let coi_raw = outlook_index(&omega, presence, &kp);
        let active_coi: Vec<f64> = active_locations.iter().map(|&c| coi_raw[c]).collect();
        let (coi_mean, coi_pop_sd) = mean_sd(&active_coi);
        let coi_sigma = mode.sigma(coi_pop_sd, active_locations.len(), active_industries.len());
        let coi = coi_raw
            .iter()
            .map(|v| {
                if coi_sigma > 0.0 {
                    (v - coi_mean) / coi_sigma
                } else {
                    0.0
                }
            })
            .collect();

        Ok(Self {
            options: options.clone(),
            locations: matrix.locations().to_vec(),
            industries: matrix.industries().to_vec(),
            rca: lv.rca,
            rpop: lv.rpop,
            presence: lv.presence,
            diversity,
            ubiquity,
            eci,
            pci,
            coi,
            proximity: phi,
            density: omega,
            cog,
            kp,
            eigen: raw.eigen,
            sign: raw.sign,
            eci_mean: mean,
            eci_sigma: sigma,
            excluded_locations,
            excluded_industries,
            detached_locations,
            detached_industries,
        })
    }

    /// Whether industry `p` is present (M = 1) in location `c`.
    pub fn is_present(&self, c: usize, p: usize) -> bool {
        self.presence[c * self.industries.len() + p]
    }

    /// `1 − density` (spec step 8).
    pub fn distance(&self, c: usize, p: usize) -> f64 {
        1.0 - self.density.get(c, p)
    }

    /// Position of a location label.
    pub fn location_index(&self, label: &str) -> Option<usize> {
        self.locations.iter().position(|l| l == label)
    }

    /// Position of an industry label.
    pub fn industry_index(&self, label: &str) -> Option<usize> {
        self.industries.iter().position(|l| l == label)
    }
}

/// M restricted to the given locations and industries, with industries renumbered densely.
fn active_network(
    present_rows: &[Vec<u32>],
    locations: &[usize],
    industries: &[usize],
    np: usize,
) -> ActiveNetwork {
    let mut id = vec![u32::MAX; np];
    for (k, &p) in industries.iter().enumerate() {
        id[p] = k as u32;
    }
    let rows = locations
        .iter()
        .map(|&c| {
            present_rows[c]
                .iter()
                .map(|&p| id[p as usize])
                .filter(|&k| k != u32::MAX)
                .collect()
        })
        .collect();
    ActiveNetwork {
        rows,
        n_industries: industries.len(),
    }
}

/// Mean and population standard deviation.
fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}
