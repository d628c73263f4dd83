//! Errors of the monitoring engine: each names the value that broke which rule.

/// What went wrong building the engine's inputs or reading its data files.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MonitorError {
    #[error("enterprise index {index} is out of range: the frame has {count} enterprises")]
    EnterpriseOutOfRange { index: u32, count: usize },
    #[error("period index {index} is out of range: the axis has {count} periods")]
    PeriodOutOfRange { index: u32, count: usize },
    #[error("period {period} is not on the axis {first}..={last}")]
    PeriodNotOnAxis {
        period: model::Period,
        first: model::Period,
        last: model::Period,
    },
    #[error("a period axis needs at least one period")]
    EmptyAxis,
    #[error(
        "indicator {indicator:?}: enterprise {enterprise} reports two values for period index {period}"
    )]
    DuplicateObservation {
        indicator: String,
        enterprise: u32,
        period: u32,
    },
    #[error(
        "indicator {indicator:?}: enterprise {enterprise}, period index {period} has the value {value}, which is not a finite number"
    )]
    NotFinite {
        indicator: String,
        enterprise: u32,
        period: u32,
        value: f64,
    },
    #[error("columns of different lengths: {what}")]
    ColumnLengths { what: String },
    #[error(
        "dimension {dimension:?}: key {key} of enterprise {enterprise} is not below its {labels} labels"
    )]
    KeyOutOfRange {
        dimension: String,
        enterprise: usize,
        key: u32,
        labels: usize,
    },
    #[error("dimension {dimension:?} has {got} entries; the frame has {expected} enterprises")]
    DimensionLength {
        dimension: String,
        got: usize,
        expected: usize,
    },
    #[error("dimension {dimension:?}: offsets must start at 0, never decrease and end at {keys}")]
    BadOffsets { dimension: String, keys: usize },
    #[error("dimension {dimension:?} has no label {label:?}")]
    UnknownLabel { dimension: String, label: String },
    #[error("unknown dimension {0:?}")]
    UnknownDimension(String),
    #[error("dimension {0:?} is named twice in one rollup")]
    RepeatedDimension(String),
    #[error("the combination of dimensions {0:?} has more groups than a 64-bit key can number")]
    TooManyCombinations(Vec<String>),
    #[error(
        "panel {indicator:?} has {got} enterprises × {periods} periods; the frame has {expected} enterprises"
    )]
    PanelShape {
        indicator: String,
        got: usize,
        periods: usize,
        expected: usize,
    },
    #[error("panel {indicator:?} is on a different period axis from the first panel")]
    PanelAxis { indicator: String },
    #[error("unknown indicator {0:?}")]
    UnknownIndicator(String),
    #[error("indicator code {0:?} is defined twice")]
    DuplicateIndicator(String),
    #[error(
        "{measure:?} is a ratio; contributions (贡献率, 拉动) exist only for additive indicators"
    )]
    NotAdditive { measure: String },
    #[error("the child rollup's dimensions {child:?} do not start with the parent's {parent:?}")]
    NotNested {
        parent: Vec<String>,
        child: Vec<String>,
    },
    #[error("{file} line {line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
}
