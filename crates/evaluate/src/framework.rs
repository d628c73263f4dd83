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
    /// Which units of that kind a store loader evaluates, when the kind alone does not say (e.g.
    /// `chain-masters` or `local` enterprises, `cities` or `counties`); see the frameworks README.
    #[serde(default)]
    pub unit_set: Option<String>,
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
    /// A unit without a value for this indicator is not evaluated at all (e.g. per-mu benefit
    /// without a land area); a loader lists such units instead of scoring them on the rest.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
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
    /// Set when the store holds no such data yet (e.g. investment projects): why. A loader reports
    /// the indicator as missing data instead of inventing values.
    #[serde(default)]
    pub not_in_store: Option<String>,
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

impl Rollup {
    /// Every rollup, in the order the README lists them.
    pub const ALL: [Rollup; 6] = [
        Rollup::AnnualSum,
        Rollup::AnnualMean,
        Rollup::YearEnd,
        Rollup::YoyGrowth,
        Rollup::Count,
        Rollup::Annual,
    ];

    /// The name used in framework files (`annual-sum`, `yoy-growth` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Rollup::AnnualSum => "annual-sum",
            Rollup::AnnualMean => "annual-mean",
            Rollup::YearEnd => "year-end",
            Rollup::YoyGrowth => "yoy-growth",
            Rollup::Count => "count",
            Rollup::Annual => "annual",
        }
    }
}

impl std::str::FromStr for Rollup {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Self> {
        Rollup::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| EvalError::Syntax {
                what: "rollup",
                text: s.to_owned(),
                reason: "expected annual-sum, annual-mean, year-end, yoy-growth, count or annual"
                    .into(),
            })
    }
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

    /// The framework without the indicators `dropped` (e.g. those with no data at all), and
    /// without the aggregates left with no children; the remaining weights are renormalised by
    /// aggregation as always. Id and version stay (it is the same definition, run on less data);
    /// the notes say what was dropped, so the content digest tells the two apart.
    pub fn without(&self, dropped: &[String]) -> Result<Self> {
        if let Some(code) = dropped
            .iter()
            .find(|c| !self.indicators.iter().any(|i| &i.code == *c))
        {
            return Err(EvalError::UnknownCode(code.clone()));
        }
        if dropped.is_empty() {
            return Ok(self.clone());
        }
        let mut fw = self.clone();
        fw.indicators.retain(|i| !dropped.contains(&i.code));
        if fw.indicators.is_empty() {
            return Err(EvalError::NoIndicators);
        }
        // Remove childless aggregates until none is left (a pillar may empty a dimension).
        loop {
            let childless: Vec<String> = fw
                .aggregates
                .iter()
                .filter(|a| {
                    !fw.indicators.iter().any(|i| i.parent == a.code)
                        && !fw
                            .aggregates
                            .iter()
                            .any(|b| b.parent.as_deref() == Some(a.code.as_str()))
                })
                .map(|a| a.code.clone())
                .collect();
            if childless.is_empty() {
                break;
            }
            fw.aggregates.retain(|a| !childless.contains(&a.code));
        }
        let note = format!("dropped for lack of data: {}", dropped.join(", "));
        fw.notes = Some(match fw.notes.take() {
            Some(n) if !n.is_empty() => format!("{n}\n{note}"),
            _ => note,
        });
        fw.validate()?;
        Ok(fw)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chain_master() -> Framework {
        defaults()
            .expect("defaults")
            .into_iter()
            .find(|f| f.id == "chain-master-annual")
            .expect("shipped")
    }

    #[test]
    fn dropping_indicators_removes_emptied_aggregates_and_says_so() {
        let fw = chain_master();
        let duties: Vec<String> = fw
            .indicators
            .iter()
            .filter(|i| i.parent == "duties")
            .map(|i| i.code.clone())
            .collect();
        assert_eq!(duties.len(), 2);
        let less = fw.without(&duties).expect("still a framework");
        assert_eq!(less.indicators.len(), fw.indicators.len() - 2);
        assert!(less.aggregates.iter().all(|a| a.code != "duties"));
        assert_eq!(less.aggregates.len(), fw.aggregates.len() - 1);
        assert_eq!(
            (less.id.as_str(), less.version.as_str()),
            ("chain-master-annual", "2025.2")
        );
        assert!(
            less.notes
                .as_deref()
                .is_some_and(|n| n.contains("matchmaking_events"))
        );
        assert_eq!(fw.without(&[]).expect("same"), fw);
        assert_eq!(
            fw.without(&["nope".into()]),
            Err(EvalError::UnknownCode("nope".into()))
        );
        assert_eq!(
            fw.without(&fw.indicator_codes()),
            Err(EvalError::NoIndicators)
        );
    }
}
