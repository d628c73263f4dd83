//! Evaluation frameworks as versioned data: a TOML file users can read and edit (and the XLSX
//! importer can fill, since [`Framework`] is a plain struct) holding the id and version, the
//! indicators with parent, direction, weight, unit and source, the aggregates, the method of each
//! step and the grade cut-offs. The defaults shipped in `crates/evaluate/frameworks/` are embedded
//! with [`defaults`].

use serde::{Deserialize, Serialize};

use crate::error::{EvalError, Result};
use crate::grade::Grading;
use crate::hierarchy::{Hierarchy, Node};
use crate::pipeline::Methods;

/// A whole framework, as written in its TOML file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable identifier, e.g. `chain-master-annual`.
    pub id: String,
    /// Version of this definition; a published score names the version it was computed under.
    pub version: String,
    pub name_zh: String,
    pub name_en: String,
    /// What the units are: `enterprise`, `region`, `chain`, `town`, `park`.
    pub unit_kind: String,
    /// The regulation article or practice the framework follows.
    pub basis: String,
    #[serde(default)]
    pub notes: Option<String>,
    pub methods: Methods,
    #[serde(default)]
    pub grades: Option<Grading>,
    #[serde(default, rename = "aggregate")]
    pub aggregates: Vec<AggregateSpec>,
    #[serde(rename = "indicator")]
    pub indicators: Vec<IndicatorSpec>,
}

/// A dimension, pillar or the index itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateSpec {
    pub code: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// `None` for the index itself.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default = "one")]
    pub weight: f64,
}

/// An indicator: where it sits, which way is better, how much it weighs, where its values come
/// from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    pub code: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    pub parent: String,
    /// 1: more is better; -1: less is better.
    #[serde(default = "one_i8")]
    pub direction: i8,
    #[serde(default = "one")]
    pub weight: f64,
    pub unit: String,
    pub source: Source,
    /// Target for distance-to-target normalisation (own units).
    #[serde(default)]
    pub target: Option<f64>,
    /// Goalposts `[lower, upper]` for goalpost normalisation (own units).
    #[serde(default)]
    pub goalposts: Option<[f64; 2]>,
}

/// Where an indicator's values come from in the store: an indicator code and how its periods roll
/// up to the evaluation year, optionally divided by a second one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Indicator code in the store's catalogue (e.g. `output_value`, `tax_paid`).
    pub indicator: String,
    pub rollup: Rollup,
    /// Denominator indicator code, for ratios (e.g. `land_area_mu`).
    #[serde(default)]
    pub per: Option<String>,
    #[serde(default)]
    pub per_rollup: Option<Rollup>,
    /// Multiplier applied to the ratio or value (unit conversion), 1 by default.
    #[serde(default = "one")]
    pub scale: f64,
    /// Plain-language statement of the source, shown next to the score.
    pub description: String,
}

/// How reporting periods roll up into the evaluation year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rollup {
    /// Sum of the year's reporting periods (flows: output value, tax, energy).
    AnnualSum,
    /// Mean of the year's reporting periods (employees).
    AnnualMean,
    /// Value of the last reporting period of the year (stocks: land area, titles held).
    YearEnd,
    /// 累计同比: growth of the annual sum over the previous year on the comparable set, in %.
    YoyGrowth,
    /// Number of records of the named kind in the year (designations, supply links, projects).
    Count,
    /// A value entered once for the year (assessments, survey scores, plan completion rates).
    Annual,
}

fn one() -> f64 {
    1.0
}
fn one_i8() -> i8 {
    1
}

impl Framework {
    /// Parses and validates a framework file.
    pub fn from_toml(text: &str) -> Result<Self> {
        let fw: Self = toml::from_str(text).map_err(|e| EvalError::Framework(e.to_string()))?;
        fw.validate()?;
        Ok(fw)
    }

    /// Writes the framework back as TOML (comments are not kept).
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self).map_err(|e| EvalError::Framework(e.to_string()))
    }

    /// Checks the tree, the grades and the methods' parameters.
    pub fn validate(&self) -> Result<()> {
        if self.id.trim().is_empty() || self.version.trim().is_empty() {
            return Err(EvalError::Framework(
                "id and version must not be empty".into(),
            ));
        }
        let h = self.hierarchy()?;
        if let Some(g) = &self.grades {
            g.validate()?;
        }
        if let crate::normalise::Normalisation::DistTarget { .. } = self.methods.normalise
            && let Some(n) = h.indicators().iter().find(|n| n.target.is_none())
        {
            return Err(EvalError::MissingTarget(n.code.clone()));
        }
        for i in &self.indicators {
            if i.source.per.is_some() != i.source.per_rollup.is_some() {
                return Err(EvalError::Framework(format!(
                    "`{}`: source needs both `per` and `per_rollup`, or neither",
                    i.code
                )));
            }
        }
        Ok(())
    }

    /// The tree of the framework.
    pub fn hierarchy(&self) -> Result<Hierarchy> {
        let indicators = self
            .indicators
            .iter()
            .map(|i| Node {
                code: i.code.clone(),
                name: i.name_zh.clone(),
                parent: Some(i.parent.clone()),
                weight: i.weight,
                direction: f64::from(i.direction),
                target: i.target,
                goalposts: i.goalposts,
            })
            .collect();
        let aggregates = self
            .aggregates
            .iter()
            .map(|a| Node {
                code: a.code.clone(),
                name: a.name_zh.clone(),
                parent: a.parent.clone(),
                weight: a.weight,
                direction: 1.0,
                target: None,
                goalposts: None,
            })
            .collect();
        Hierarchy::new(indicators, aggregates)
    }

    /// Indicator codes in framework order: the columns a loader must supply.
    pub fn indicator_codes(&self) -> Vec<String> {
        self.indicators.iter().map(|i| i.code.clone()).collect()
    }
}

/// The default frameworks shipped with the crate (file name, text).
pub const DEFAULTS: [(&str, &str); 5] = [
    (
        "key_chain_development.toml",
        include_str!("../frameworks/key_chain_development.toml"),
    ),
    (
        "city_annual_assessment.toml",
        include_str!("../frameworks/city_annual_assessment.toml"),
    ),
    (
        "chain_master_annual.toml",
        include_str!("../frameworks/chain_master_annual.toml"),
    ),
    (
        "professional_town_dynamic.toml",
        include_str!("../frameworks/professional_town_dynamic.toml"),
    ),
    (
        "per_mu_benefit.toml",
        include_str!("../frameworks/per_mu_benefit.toml"),
    ),
];

/// Parses every default framework.
pub fn defaults() -> Result<Vec<Framework>> {
    DEFAULTS
        .iter()
        .map(|(name, text)| {
            Framework::from_toml(text).map_err(|e| EvalError::Framework(format!("{name}: {e}")))
        })
        .collect()
}
