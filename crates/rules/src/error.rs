//! Errors: which file, which place in it, which value broke which rule.

use crate::date::Date;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RuleError {
    #[error("{origin}: not a valid rule file: {message}")]
    Syntax { origin: String, message: String },

    #[error("{origin}: {at}: {message}")]
    Invalid {
        origin: String,
        /// Where in the file, e.g. `score.group[innovation].indicator[2].band[3]`.
        at: String,
        message: String,
    },

    #[error("no {title} rule set is in force on {date} for jurisdiction {region}")]
    NoneInForce {
        title: &'static str,
        date: Date,
        region: String,
    },

    #[error(
        "rule sets `{first}` and `{second}` both cover {title} in {jurisdiction} on overlapping dates"
    )]
    Overlap {
        first: String,
        second: String,
        title: &'static str,
        jurisdiction: String,
    },

    #[error("{origin}: the overlay extends `{base}`, which is not loaded")]
    UnknownBase { origin: String, base: String },

    #[error("rule sets consult each other's titles in a cycle: {cycle}")]
    Cycle { cycle: String },
}
