//! Operation monitoring of industrial chains (产业链运行监测): rollups by chain, node, segment,
//! region, park, professional town, tier title and size class (and their combinations) under the
//! NBS conventions, contributions to growth, derived ratios, graded warnings and progress toward
//! targets.
//!
//! Architecture invariant: a pure engine. Inputs are dense columnar arrays a loader fills; outputs
//! are plain structs. The crate does no I/O, reads no clock and starts no threads of its own:
//! rollups and enterprise warnings use rayon on the caller's pool (`ThreadPool::install` to bound
//! it). The data files it ships (`rules/warnings.csv`, `rules/derived_indicators.csv`,
//! `data/miit_2027_targets.csv`) are compiled in and parsed from text.
//!
//! # What a loader builds
//! - Enterprises are numbered densely `0..n`. An [`EnterpriseFrame`] holds the 规上 flag of each
//!   and its [`Dimension`]s: for each attribute (codes in [`standard`]: chain, node, segment,
//!   province, city, county, park, town, title, size, enterprise) a label list and each
//!   enterprise's keys into it, as CSR, so memberships may be many-to-many
//!   ([`Dimension::from_pairs`]); coarser levels come from finer ones through a key map
//!   ([`Dimension::coarsen`]: node → chain or segment, county → city → province).
//! - One [`Panel`] per base indicator on one [`PeriodAxis`]: `n × periods` values, `NaN` where an
//!   enterprise did not report, filled cell by cell ([`Panel::set`]) or from columns
//!   (enterprise index, dense period index, value: [`Panel::from_columns`]).
//! - [`Monitor::new`] checks the shapes and resolves the [`DerivedIndicator`]s (ratios as data).
//!
//! # What comes out
//! [`Monitor::rollup`] gives a [`Rollup`]: groups (one per combination of keys present) ×
//! measures × periods of [`Figures`] (当月, 当月同比, 累计, 累计同比, 环比, reporting and comparable
//! counts), readable as rows ([`Rollup::rows`], headers in [`FigureRow::COLUMNS`], zh/en).
//! [`contributions`] gives 贡献率 and 拉动 of child groups; [`evaluate_enterprises`] and
//! [`evaluate_groups`] give [`Warning`]s; [`progress`] gives [`Progress`] toward a [`Target`].
//!
//! # Conventions (NBS, ../shared/reference/README.md §2)
//! 1–2月 is one period; growth is on the comparable set of enterprises that reported in both
//! periods, never a ratio of two differently sampled totals. 累计同比 is matched by month (a month
//! an enterprise missed in either year drops out of both years). 环比 across 1–2月 compares
//! monthly averages. Growth is (current − base)/|base|, so negative bases (losses) read sensibly.
//!
//! ```
//! use monitor::{Dimension, EnterpriseFrame, IndicatorInfo, Monitor, Panel, PeriodAxis, RollupSpec};
//!
//! let axis = PeriodAxis::years(2024, 2025)?;
//! let city = Dimension::single("city", "市", "city", vec!["太原".into(), "大同".into()], &[0, 1])?;
//! let frame = EnterpriseFrame::new(vec![true, true]).with_dimension(city)?;
//! let info = IndicatorInfo::flow("output_value", "工业总产值", "industrial output", "万元");
//! // Enterprise 0 reports 100 in 1–2月 2024 and 110 in 1–2月 2025 (dense indices 0 and 11).
//! let output = Panel::from_columns(info, axis, 2, &[0, 0], &[0, 11], &[100.0, 110.0])?;
//! let monitor = Monitor::new(frame, vec![output], &[])?;
//! let rollup = monitor.rollup(&RollupSpec::by(&["city"]))?;
//! let taiyuan = rollup.find_group(&["太原"]).expect("a group");
//! let figures = rollup.figures("output_value", taiyuan, "2025-02".parse()?)?;
//! assert!((figures.month_yoy.expect("comparable") - 0.10).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
