//! The one error type of the crate: each variant names the value that broke which rule.

/// Why a computation could not produce a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelateError {
    #[error(
        "value {value} for location {location:?}, industry {industry:?} is not a finite, non-negative number"
    )]
    InvalidValue {
        location: String,
        industry: String,
        value: f64,
    },

    #[error(
        "precomputed presence for location {location:?}, industry {industry:?} is {value}; it must be 0 or 1"
    )]
    NotBinary {
        location: String,
        industry: String,
        value: f64,
    },

    #[error("population of location {location:?} is {value}; it must be finite and positive")]
    InvalidPopulation { location: String, value: f64 },

    #[error("{given} population figures for {expected} locations: give one per location")]
    PopulationLength { given: usize, expected: usize },

    #[error("threshold {0} is not a finite number")]
    InvalidThreshold(f64),

    #[error(
        "{rows} × {cols} matrix does not match {locations} location and {industries} industry labels"
    )]
    ShapeMismatch {
        rows: usize,
        cols: usize,
        locations: usize,
        industries: usize,
    },

    #[error("label {0:?} appears twice")]
    DuplicateLabel(String),

    #[error("no location has a positive total: nothing to compute")]
    EmptyTable,

    #[error(
        "only {active} location(s) have an industry present (M = 1); complexity needs at least 2"
    )]
    TooFewLocations { active: usize },

    #[error(
        "only {active} industr(y/ies) are present (M = 1) in some location; complexity needs at least 2"
    )]
    TooFewIndustries { active: usize },

    #[error(
        "the location–industry network falls into {components} disconnected parts (largest: {largest_locations} locations, {largest_industries} industries; a smaller part holds {example}): \
         each part has its own unit eigenvalue, so ECI/PCI do not compare across parts; compute the parts separately or drop the small ones"
    )]
    Disconnected {
        components: usize,
        largest_locations: usize,
        largest_industries: usize,
        example: String,
    },

    #[error(
        "the second and third eigenvalues tie ({second} and {third}): the ECI/PCI eigenvector is not unique, so any ranking would be arbitrary"
    )]
    TiedEigenvalues { second: f64, third: f64 },

    #[error("the ECI/PCI eigenvector did not converge (residual {residual:e})")]
    NotConverged { residual: f64 },

    #[error("{what} index {index} is out of range ({count} in all)")]
    OutOfRange {
        what: &'static str,
        index: usize,
        count: usize,
    },

    #[error("weights {0:?} must be finite, non-negative and not all zero")]
    InvalidWeights(Vec<f64>),

    #[error("{what} is not available: {why}")]
    Unavailable {
        what: &'static str,
        why: &'static str,
    },

    #[error("{what} {value} is not a valid value: {rule}")]
    InvalidParameter {
        what: &'static str,
        value: f64,
        rule: &'static str,
    },
}
