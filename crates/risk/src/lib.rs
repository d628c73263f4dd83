//! `risk`: the supply-network risk engine of chainchief.
//!
//! It owns the supply network in compressed sparse rows ([`SupplyNetwork`]), firm-level systemic
//! risk by ESRI cascades (Diem et al. 2022; [`EsriModel`]), what-if disruption scenarios
//! ([`scenario`]), structural risk of a chain and its nodes ([`structure`]: gaps 缺链/弱链,
//! supplier concentration, external dependency, single points of failure, chain-master
//! dependency, assembled into a [`structure::ChainRiskReport`]), input-output linkages
//! ([`io_table`]) and a default essentiality matrix over GB/T 4754 divisions
//! ([`default_essentiality`]).
//!
//! Architecture invariant: this crate does no I/O, reads no clock and starts threads only when a
//! caller asks for them (`threads` of [`EsriModel::esri_closures`]). Inputs are plain indices,
//! slices and small structs; loaders and the CLI turn files and database rows into them.

pub mod default_essentiality;
pub mod esri;
pub mod essentiality;
pub mod io_table;
pub mod network;
pub mod scenario;
pub mod structure;

pub use esri::{Cascade, CascadeOptions, Convergence, EsriError, EsriModel, EsriResult, Shock};
pub use essentiality::{Essentiality, EssentialityError, EssentialityMatrix};
pub use network::{LinkTriple, NetworkError, SupplyNetwork};
