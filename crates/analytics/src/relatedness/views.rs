//! What people read off a computed table: recommendations for a county or park (under a
//! strategy profile, each row explained by the related industries the place already has), its
//! quadrant view, and related / unrelated variety.

use relate::{Quadrant, QuadrantRule, RecommendOptions, Strategy};
use serde::Serialize;

use super::table::{RelatednessData, industry_name};
use crate::AnalyticsError;

/// A place (county, city or park) with its name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub code: String,
    pub name: String,
}

/// An industry with its GB/T 4754 name and how close it is to the one it explains.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedIndustry {
    pub industry: String,
    pub name: String,
    pub proximity: f64,
}

/// One industry recommended to a place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendationRow {
    pub rank: usize,
    pub industry: String,
    pub name: String,
    /// Weighted mean of the three percentile scores, in [0, 1].
    pub score: f64,
    /// Feasibility: share of what the industry needs that the place already has.
    pub density: f64,
    pub pci: f64,
    /// Complexity outlook gain.
    pub cog: f64,
    /// Percentiles of density, PCI and COG among the place's candidates.
    pub feasibility: f64,
    pub value: f64,
    pub gain: f64,
    /// Industries the place already has (M = 1) closest to this one.
    pub related: Vec<RelatedIndustry>,
}

/// Ranked industries a place lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendations {
    pub place: Place,
    pub year: u16,
    pub indicator: String,
    /// `nearby`, `ladder`, `long_jumps` or `custom`.
    pub strategy: &'static str,
    /// Weights of feasibility, value and gain.
    pub weights: [f64; 3],
    pub rows: Vec<RecommendationRow>,
}

/// The stable name of a strategy profile.
pub fn strategy_name(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::NearbyOpportunities => "nearby",
        Strategy::ClimbComplexityLadder => "ladder",
        Strategy::LongJumps => "long_jumps",
        Strategy::Custom(_) => "custom",
    }
}

/// The stable name and Chinese label of a quadrant.
pub fn quadrant_name(q: Quadrant) -> (&'static str, &'static str) {
    match q {
        Quadrant::PossibleEntrant => ("possible_entrant", "潜在进入"),
        Quadrant::Strength => ("strength", "优势"),
        Quadrant::Threat => ("threat", "威胁"),
        Quadrant::Opportunity => ("opportunity", "机会"),
        Quadrant::Weakness => ("weakness", "弱势"),
    }
}

/// One industry in a place's quadrant view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuadrantRow {
    pub industry: String,
    pub name: String,
    /// `possible_entrant`, `strength`, `threat`, `opportunity` or `weakness`.
    pub quadrant: &'static str,
    pub quadrant_zh: &'static str,
    pub rca: f64,
    pub density: f64,
}

/// A place's industries by specialisation (RCA) and relatedness (density), as Metroverse draws
/// them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuadrantView {
    pub place: Place,
    pub year: u16,
    pub rca_cut: f64,
    /// Density above which an industry counts as well supported (the place's median).
    pub density_cut: f64,
    /// Strengths, threats, opportunities, weaknesses, then possible entrants; by RCA within.
    pub rows: Vec<QuadrantRow>,
}

/// Entropy decomposition of one place's industry mix over GB/T 4754 divisions (bits).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VarietyRow {
    pub place: Place,
    pub industries: usize,
    pub divisions: usize,
    pub entropy: f64,
    pub unrelated: f64,
    pub related: f64,
}

impl RelatednessData {
    pub fn place(&self, c: usize) -> Place {
        let code = self.complexity.locations[c].clone();
        Place {
            name: self.location_name(&code),
            code,
        }
    }

    /// Industries place `code` lacks, ranked under `options.strategy`, each explained by the
    /// related industries it has.
    pub fn recommend(
        &self,
        code: &str,
        options: &RecommendOptions,
    ) -> Result<Recommendations, AnalyticsError> {
        let c = self.location_index(code)?;
        let r = &self.complexity;
        let rows = relate::recommend(r, c, options)?
            .into_iter()
            .enumerate()
            .map(|(k, row)| RecommendationRow {
                rank: k + 1,
                industry: r.industries[row.industry].clone(),
                name: industry_name(&r.industries[row.industry]),
                score: row.score,
                density: row.density,
                pci: row.pci,
                cog: row.cog,
                feasibility: row.feasibility,
                value: row.value,
                gain: row.gain,
                related: row
                    .related
                    .iter()
                    .map(|x| RelatedIndustry {
                        industry: r.industries[x.industry].clone(),
                        name: industry_name(&r.industries[x.industry]),
                        proximity: x.proximity,
                    })
                    .collect(),
            })
            .collect();
        let w = options.strategy.weights();
        Ok(Recommendations {
            place: self.place(c),
            year: self.year,
            indicator: self.indicator.clone(),
            strategy: strategy_name(options.strategy),
            weights: [w.feasibility, w.value, w.gain],
            rows,
        })
    }

    /// Place `code`'s quadrant view.
    pub fn quadrants(
        &self,
        code: &str,
        rule: &QuadrantRule,
    ) -> Result<QuadrantView, AnalyticsError> {
        let c = self.location_index(code)?;
        let r = &self.complexity;
        let (cut, cells) = relate::quadrants(r, c, rule)?;
        let order = |q: Quadrant| match q {
            Quadrant::Strength => 0,
            Quadrant::Threat => 1,
            Quadrant::Opportunity => 2,
            Quadrant::Weakness => 3,
            Quadrant::PossibleEntrant => 4,
        };
        let mut cells = cells;
        cells.sort_by(|a, b| {
            order(a.quadrant)
                .cmp(&order(b.quadrant))
                .then(b.rca.total_cmp(&a.rca))
                .then(b.density.total_cmp(&a.density))
                .then(a.industry.cmp(&b.industry))
        });
        let rows = cells
            .into_iter()
            .map(|cell| {
                let (quadrant, quadrant_zh) = quadrant_name(cell.quadrant);
                QuadrantRow {
                    industry: r.industries[cell.industry].clone(),
                    name: industry_name(&r.industries[cell.industry]),
                    quadrant,
                    quadrant_zh,
                    rca: cell.rca,
                    density: cell.density,
                }
            })
            .collect();
        Ok(QuadrantView {
            place: self.place(c),
            year: self.year,
            rca_cut: rule.rca_cut,
            density_cut: cut,
            rows,
        })
    }

    /// Related and unrelated variety (Frenken et al. 2007) of every local place, with the
    /// industries grouped by GB/T 4754 division (大类). At division level every group holds one
    /// industry, so related variety is 0.
    pub fn variety(&self) -> Result<Vec<VarietyRow>, AnalyticsError> {
        let industries = self.matrix.industries();
        let groups: Vec<String> = industries
            .iter()
            .map(|code| {
                model::IndustryCode::parse(code)
                    .ok()
                    .and_then(|c| c.division())
                    .map_or_else(|| code.clone(), |d| d.as_str().to_owned())
            })
            .collect();
        let group_refs: Vec<&str> = groups.iter().map(String::as_str).collect();
        let mut rows = Vec::new();
        for (c, _) in self.local.iter().enumerate().filter(|(_, local)| **local) {
            let values = self.matrix.values().row(c);
            let v = relate::variety(values, &group_refs)?;
            rows.push(VarietyRow {
                place: self.place(c),
                industries: values.iter().filter(|x| **x > 0.0).count(),
                divisions: v.groups.len(),
                entropy: v.entropy,
                unrelated: v.unrelated,
                related: v.related,
            });
        }
        Ok(rows)
    }
}
