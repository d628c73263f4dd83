//! Eligibility rules for the titles of tiered enterprise cultivation (梯度培育: 创新型中小企业,
//! 专精特新中小企业, 专精特新"小巨人", 制造业单项冠军) and of the chain-chief system (链主, 链核):
//! versioned rule files, explained evaluation, batch screening and cultivation pipelines.
//!
//! The rules are data: each version of each title's rules is a TOML file (`rulesets/`, schema in
//! `rulesets/README.md`) with its source document, in-force dates, explicit band edges and an
//! `unverified` marker where the numbers are not checked against the official text. The shipped
//! files are compiled in ([`RuleBook::builtin`]); users load their own ([`RuleBook::load`]),
//! including provincial 特色化 overlays.
//!
//! An [`Evaluator`] answers, for an enterprise's [`EnterpriseFacts`] on a date, whether it
//! qualifies for a title under the rule set in force then: qualifies / does not / cannot tell
//! (naming the missing facts), with the score by group and indicator, the direct route used and
//! the gaps to close. [`screen`] does it for many enterprises in parallel (rayon) and
//! [`ScreenRow`] turns results into table rows; [`cultivation`] builds the pipelines (qualify but
//! hold no title, within reach of the next tier, expiring, no longer meeting the rules).
//!
//! Facts come from the caller: a facts table ([`FactsTable`], layout in FACTS_TABLE.md) read from a
//! file, or (in chainchief) `analytics::eligibility`, which assembles them from the database and
//! fills partner counts and chain-master trade with this crate's [`supply`] functions.
//!
//! Architecture invariant: this crate does no I/O and reads no clock; every evaluation is given
//! its facts and its date.

mod book;
mod date;
mod error;
mod evaluate;
mod facts;
mod facts_table;
mod file;
mod gap;
mod interval;
mod measure;
mod pipeline;
mod ruleset;
mod screen;
pub mod supply;
mod text;
mod tri;

pub use book::{BUILTIN_FILES, RuleBook};
pub use date::{Date, DateError};
pub use error::RuleError;
pub use evaluate::{
    Evaluation, Evaluator, GroupOutcome, HeldStatus, IndicatorOutcome, Points, RequirementOutcome,
    RouteOutcome, ScoreGap, ScoreOutcome, TestOutcome, Upgrade, Verdict,
};
pub use facts::{
    Award, AwardKind, ClusterKind, EnterpriseFacts, Field, HeldTitle, Honour, HonourKind, IpCounts,
    MissingFact, ProductField, RdInstitution, YearFigures,
};
pub use facts_table::{FactsTable, TableError, canonical_column};
pub use file::SCHEMA_VERSION;
pub use gap::{Amount, AmountKind, Gap, Target, format_value};
pub use interval::{Edge, Interval, IntervalError};
pub use measure::{MEASURE_NAMES, Measure, Reading, Unit};
pub use pipeline::{
    PipelineEntry, PipelineOptions, ReachRule, Stage, TIER_LADDERS, cultivation, pipeline_counts,
};
pub use ruleset::{
    Band, Condition, Group, Indicator, IndicatorRule, Jurisdiction, Predicate, Replaced,
    Requirement, Route, RuleSet, ScoreTable, Test,
};
pub use screen::{Cell, Column, SCREEN_COLUMNS, ScreenRow, screen, screen_table, screen_with};
pub use text::{Lang, Text};
pub use tri::Tri;
