//! chainchief's vocabulary: validated identifiers, domain types and the reference data the
//! product ships.
//!
//! Architecture invariant: this crate does no I/O beyond reading data compiled into it, and
//! depends on no other chainchief crate. Every other crate may depend on it.

pub mod catalogue;
mod domain;
mod industry;
mod period;
mod region;
pub mod time;
mod uscc;

pub use domain::*;
pub use industry::{IndustryCode, IndustryError, IndustryLevel, IndustryRecord};
pub use period::{FIRST_YEAR, LAST_YEAR, Month, PERIODS_PER_YEAR, Period, PeriodError};
pub use region::{RegionCode, RegionError, RegionLevel, RegionRecord};
pub use uscc::{USCC_LEN, Uscc, UsccError};
