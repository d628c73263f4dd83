//! Specialisation, economic complexity and relatedness: which industries can a county, a city
//! or an industrial park realistically undertake or attract (承接产业转移, 产业链招商)?
//!
//! The crate owns the standard measures over a location × industry matrix — RCA (区位商),
//! presence M, diversity and ubiquity, ECI/PCI, proximity, density and distance, COI and COG —
//! in the two reference conventions ([`Mode::Stata`], the Growth Lab's canonical Stata package,
//! and [`Mode::PyEcomplexity`], PyPI `ecomplexity` 0.5.3), and turns them into ranked, explained
//! recommendations.
//!
//! Flow: [`LongTable`] (period, location, industry, value rows) → one [`ValueMatrix`] per period
//! (cleaned, with a [`BuildReport`]) → [`Complexity::compute`] with [`Options`] → results. On a
//! result: [`recommend`] (ranked industries a location lacks, per [`Strategy`]) and
//! [`quadrants`]; from it a [`ProductSpace`] for [`investment_targets`] (chain-gap targets and
//! the parks that fit them). Alongside: [`variety`] (related / unrelated variety) and
//! [`industry_gradient`] (产业梯度系数).
//!
//! # Conventions and where they differ from a literal reading of the spec
//! - Both reference packages agree, and so does this crate, that under *asymmetric* proximity
//!   (`phi[p][p'] = C / kp0[p]`) density weighs by the row of the target industry (the
//!   `kp0[p]` cancels to co-occurrence weights `C[p][p']`), and that under *continuous*
//!   proximity density averages the levels (RCA or RPOP), not M. For COG under asymmetric
//!   proximity Stata weighs by `phiᵀ`, the Python package by `phi`: each mode follows its own.
//! - Locations with diversity 0 and industries with ubiquity 0 are left out of the eigenproblem
//!   and reported ([`Complexity::excluded_locations`], [`Complexity::excluded_industries`]);
//!   the mean and sigma of step 6 and the COI statistics run over the other locations, so a
//!   single empty location does not turn every value into NaN (a quirk of `ecomplexity` 0.5.3
//!   that is not copied, nor its `knn` density branch, which drops the proximity weights, nor
//!   `presence_test="both"`, which yields M = 2).
//! - A network in several disconnected parts (unless [`ComponentPolicy::LargestOnly`] is asked
//!   for), tied second and third eigenvalues, fewer than two active locations or industries are
//!   typed errors ([`RelateError`]), not arbitrary vectors.
//! - The ECI sign follows corr(diversity, kc) > 0; when diversity does not vary the sign makes
//!   PCI fall with ubiquity instead ([`SignRule`]).
//!
//! Architecture invariant: a pure library. Plain inputs in, plain results out; no I/O, no
//! clock, no dependency on other chainchief crates, and no threads unless the `parallel` feature
//! asks for rayon (row-wise work only; results are the same either way).

mod complexity;
mod eci;
mod eigen;
mod error;
mod gradient;
mod levels;
mod matrix;
mod options;
mod outlook;
mod proximity;
mod quadrant;
mod recommend;
mod scale;
mod table;
mod targets;
mod variety;

pub use complexity::Complexity;
pub use eci::{EigenSummary, SignRule};
pub use error::RelateError;
pub use gradient::{Gradient, industry_gradient};
pub use matrix::Matrix;
pub use options::{ComponentPolicy, Mode, Options, PresenceTest, ProximityKind};
pub use quadrant::{DensityCut, Quadrant, QuadrantCell, QuadrantRule, quadrants};
pub use recommend::{RecommendOptions, Recommendation, Related, Strategy, Weights, recommend};
pub use table::{BuildReport, LongTable, PeriodMatrix, ValueMatrix};
pub use targets::{
    Candidate, GapKind, GapNode, NodeTargets, Park, ParkFit, ProductSpace, Target, TargetOptions,
    TargetWeights, investment_targets,
};
pub use variety::{GroupVariety, Variety, variety};
