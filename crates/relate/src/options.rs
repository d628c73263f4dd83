//! What to compute: the reference mode, the presence test and the kind of proximity.

/// Which reference implementation's conventions to follow (spec, "Two reference modes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The Growth Lab's Stata package `ecomplexity` (canonical): `M = 1[level > T]`, proximity
    /// diagonal 0, sigma = sample sd over all `Nc·Np` location × industry rows.
    #[default]
    Stata,
    /// PyPI `ecomplexity` 0.5.3: `M = 1[level ≥ T]`, proximity diagonal 1, sigma = population sd
    /// over locations.
    PyEcomplexity,
}

impl Mode {
    /// Spec step 3: the mode's strict or non-strict threshold rule.
    pub fn is_present(self, level: f64, threshold: f64) -> bool {
        match self {
            Mode::Stata => level > threshold,
            Mode::PyEcomplexity => level >= threshold,
        }
    }

    /// Proximity of an industry to itself (Stata subtracts the identity; the Python package
    /// keeps `C[p][p] / kp0[p] = 1`).
    pub fn proximity_diagonal(self) -> f64 {
        match self {
            Mode::Stata => 0.0,
            Mode::PyEcomplexity => 1.0,
        }
    }

    /// Spec step 6: the standard deviation used to normalise, from the population sd of the
    /// per-location values. Stata's `summarize` runs over the long data, where each location's
    /// value repeats once per industry: sample sd over `n_locations · n_industries` rows.
    pub fn sigma(self, population_sd: f64, n_locations: usize, n_industries: usize) -> f64 {
        match self {
            Mode::Stata => {
                let n = (n_locations * n_industries) as f64;
                population_sd * (n / (n - 1.0)).sqrt()
            }
            Mode::PyEcomplexity => population_sd,
        }
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Stata => "stata",
            Mode::PyEcomplexity => "py-ecomplexity",
        }
    }
}

/// How presence `M[c][p]` is decided (spec steps 2–3).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PresenceTest {
    /// Balassa RCA (= 区位商, location quotient, when values are output or employment).
    #[default]
    Rca,
    /// Population-based RCA (RPOP): one population figure per location of the matrix, in the
    /// matrix's location order.
    Population(Vec<f64>),
    /// The values are a precomputed M (each 0 or 1).
    Given,
}

/// How industry–industry proximity is measured (spec step 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProximityKind {
    /// Co-occurrence: `C[p][p'] / max(kp0[p], kp0[p'])` (Hidalgo et al. 2007).
    #[default]
    Symmetric,
    /// Conditional probability `C[p][p'] / kp0[p]`.
    Asymmetric,
    /// `(1 + pearson(level[:, p], level[:, p'])) / 2` over locations, where the level is RCA
    /// (RPOP under the population test, M when M is given). As in both reference packages,
    /// density is then the proximity-weighted average of these levels, not of M.
    Continuous,
}

/// What to do when the location–industry network falls into disconnected parts (each part has
/// its own unit eigenvalue, so ECI/PCI do not compare across parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComponentPolicy {
    /// Refuse with [`crate::RelateError::Disconnected`], naming the parts.
    #[default]
    Error,
    /// Compute ECI/PCI on the largest part; the locations and industries of the other parts are
    /// reported as detached, with undefined ECI/PCI (real county tables sometimes hold a county
    /// whose only specialisations nobody else shares).
    LargestOnly,
}

/// Everything that selects a variant of the computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub mode: Mode,
    pub presence: PresenceTest,
    /// The threshold T of the presence test (default 1).
    pub threshold: f64,
    pub proximity: ProximityKind,
    pub components: ComponentPolicy,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mode: Mode::Stata,
            presence: PresenceTest::Rca,
            threshold: 1.0,
            proximity: ProximityKind::Symmetric,
            components: ComponentPolicy::Error,
        }
    }
}

impl Options {
    /// Default options in the given mode.
    pub fn with_mode(mode: Mode) -> Self {
        Self {
            mode,
            ..Self::default()
        }
    }
}
