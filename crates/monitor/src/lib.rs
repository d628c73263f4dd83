//! Operation monitoring of industrial chains (产业链运行监测): rollups by chain, node, segment,
//! region, park, professional town, tier title and size class (and their combinations) under the
//! NBS conventions, contributions to growth, derived ratios, graded warnings and progress toward
//! targets.
//!
//! Architecture invariant: a pure engine. Inputs are dense columnar arrays a loader fills
//! ([`EnterpriseFrame`] with [`Dimension`]s, one [`Panel`] per indicator); outputs are plain
//! structs. The crate does no I/O, reads no clock and starts no threads of its own: rollups use
//! rayon on the caller's pool (`ThreadPool::install` to bound it). Data files it ships (warning
//! rules, derived indicators, MIIT targets) are compiled in and parsed from text.
//!
//! Conventions (NBS, ../shared/reference/README.md §2): 1–2月 is one period; growth is on the
//! comparable set of enterprises that reported in both periods. 累计同比 is matched by month (a
//! month an enterprise missed in either year drops out of both years), 环比 across 1–2月 compares
//! monthly averages, growth is (current − base)/|base| so negative bases (losses) read sensibly.

mod axis;
mod cells;
mod contribution;
mod derived;
mod dimension;
mod error;
mod grouping;
mod panel;
mod rollup;
mod table;
mod target;
mod warning;

pub use axis::PeriodAxis;
pub use cells::{Figures, growth};
pub use contribution::{Contribution, ContributionTable, contributions};
pub use derived::{BUILTIN_DERIVED, DerivedIndicator};
pub use dimension::{Dimension, EnterpriseFrame, is_above_designated_size, standard};
pub use error::MonitorError;
pub use panel::{IndicatorInfo, Panel};
pub use rollup::{
    DimensionName, FigureRow, GrowthBasis, Measure, MeasureKind, Monitor, Rollup, RollupSpec,
};
pub use target::{
    Direction, MIIT_2027_TARGETS, Progress, Target, TargetKind, annual_values, progress,
};
pub use warning::{
    BUILTIN_WARNING_RULES, Colour, Comparison, RuleMeasure, Subject, Warning, WarningRule,
    WarningRules, evaluate_enterprises, evaluate_groups, grade,
};
