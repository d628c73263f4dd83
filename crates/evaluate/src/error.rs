//! The one error type of the crate: each variant says which value broke which rule.

/// What went wrong while building inputs or running a step.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    #[error("data has {values} values but {units} units × {indicators} indicators need {expected}")]
    Shape {
        units: usize,
        indicators: usize,
        values: usize,
        expected: usize,
    },
    #[error("duplicate code `{0}`")]
    DuplicateCode(String),
    #[error("indicator `{0}` is in the framework but not in the data")]
    MissingIndicator(String),
    #[error("group column `{0}` is not in the data")]
    MissingGroup(String),
    #[error("group column `{name}` has {got} labels for {units} units")]
    GroupLength {
        name: String,
        got: usize,
        units: usize,
    },
    #[error("`{code}` names parent `{parent}`, which is not an aggregate of the framework")]
    UnknownParent { code: String, parent: String },
    #[error(
        "`{code}` is at level {level} but its parent `{parent}` is at level {parent_level}: a parent must be exactly one level up"
    )]
    LevelGap {
        code: String,
        level: usize,
        parent: String,
        parent_level: usize,
    },
    #[error("the framework must have exactly one top aggregate, found {0:?}")]
    Roots(Vec<String>),
    #[error("aggregate `{0}` has no children")]
    EmptyAggregate(String),
    #[error("framework has no indicators")]
    NoIndicators,
    #[error("`{code}`: direction must be 1 or -1, found {value}")]
    Direction { code: String, value: f64 },
    #[error("`{code}`: weight must be finite and non-negative, found {value}")]
    Weight { code: String, value: f64 },
    #[error("`{0}` has no target, which distance-to-target normalisation needs")]
    MissingTarget(String),
    #[error("{method}: {reason}")]
    Method {
        method: &'static str,
        reason: String,
    },
    #[error("aggregate `{code}`: {reason}")]
    Aggregation { code: String, reason: String },
    #[error("unknown code `{0}`")]
    UnknownCode(String),
    #[error("cannot parse `{text}` as {what}: {reason}")]
    Syntax {
        what: &'static str,
        text: String,
        reason: String,
    },
    #[error("grade cut-offs: {0}")]
    Grades(String),
    #[error("sensitivity analysis: {0}")]
    Sensitivity(String),
    #[error("framework file: {0}")]
    Framework(String),
    #[error("sheet `{sheet}`, row {row}, column `{column}`: {reason}")]
    Sheet {
        sheet: String,
        row: usize,
        column: String,
        reason: String,
    },
    #[error("table, row {row}, column `{column}`: {reason}")]
    Table {
        row: usize,
        column: String,
        reason: String,
    },
}

pub type Result<T> = std::result::Result<T, EvalError>;
