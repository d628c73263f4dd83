//! chainchief's vocabulary: validated identifiers, domain types and the reference data the
//! product ships.
//!
//! Architecture invariant: this crate does no I/O beyond reading data compiled into it, and
//! depends on no other chainchief crate. Every other crate may depend on it.

pub mod catalogue;
/// Serialises an identifier as its canonical text (`Display`) and deserialises it by parsing
/// (`FromStr`), so that invalid codes are refused at the boundary.
#[macro_export]
#[doc(hidden)]
macro_rules! serde_as_text {
    ($type:ty) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

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
