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
//! Architecture invariant: a pure library. Plain inputs in, plain results out; no I/O, no
//! clock, no threads, no dependency on other chainchief crates.

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
pub use options::{Mode, Options, PresenceTest, ProximityKind};
pub use quadrant::{DensityCut, Quadrant, QuadrantCell, QuadrantRule, quadrants};
pub use recommend::{RecommendOptions, Recommendation, Related, Strategy, Weights, recommend};
pub use table::{BuildReport, LongTable, PeriodMatrix, ValueMatrix};
pub use targets::{
    Candidate, GapKind, GapNode, NodeTargets, Park, ParkFit, ProductSpace, Target, TargetOptions,
    TargetWeights, investment_targets,
};
pub use variety::{GroupVariety, Variety, variety};
