//! The industry gradient coefficient (产业梯度系数) of the province's counties or cities from
//! stored output and employment: where each industry sits high (a likely source of transfer)
//! or low (a possible undertaker, 承接地) on the gradient.

use model::{IndustryLevel, RegionCode};
use serde::Serialize;
use store::Store;

use super::registry::{LocationLevel, Registry, table_year};
use super::table::{Cells, industry_name, local_cells};
use super::views::Place;
use crate::AnalyticsError;

/// What the gradient is computed over.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientSpec {
    pub year: Option<u16>,
    pub locations: LocationLevel,
    pub industries: IndustryLevel,
    pub province: Option<RegionCode>,
    /// The output indicator (location quotient and productivity numerator).
    pub output: String,
    /// The employment indicator (averaged over the year's reports).
    pub employment: String,
}

impl Default for GradientSpec {
    fn default() -> Self {
        GradientSpec {
            year: None,
            locations: LocationLevel::County,
            industries: IndustryLevel::Class,
            province: None,
            output: "output_value".to_owned(),
            employment: "employees".to_owned(),
        }
    }
}

/// One place × industry with employment there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradientRow {
    pub place: Place,
    pub industry: String,
    pub name: String,
    pub output: f64,
    pub employment: f64,
    /// 区位商 on output.
    pub location_quotient: f64,
    /// 比较劳动生产率: the place's share of the industry's output over its share of its
    /// employment.
    pub productivity: f64,
    /// LQ × comparative labour productivity.
    pub coefficient: f64,
}

/// Gradient coefficients of one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradientTable {
    pub year: u16,
    pub province: String,
    /// By place, then coefficient from high to low.
    pub rows: Vec<GradientRow>,
}

/// Labels with a positive total in both matrices, dropping in turn until none is left without
/// one (dropping an industry can empty a place).
fn positive_support(output: &Cells, employment: &Cells) -> (Vec<String>, Vec<String>) {
    let mut locations: Vec<String> = output.locations.names.clone();
    let mut industries: Vec<String> = output.industries.names.clone();
    locations.sort();
    industries.sort();
    loop {
        let o = output.dense(&locations, &industries);
        let e = employment.dense(&locations, &industries);
        let row_ok =
            |i: usize| o.row(i).iter().sum::<f64>() > 0.0 && e.row(i).iter().sum::<f64>() > 0.0;
        let col_total =
            |m: &relate::Matrix, j: usize| (0..m.rows()).map(|i| m.get(i, j)).sum::<f64>();
        let keep_rows: Vec<bool> = (0..locations.len()).map(row_ok).collect();
        let keep_cols: Vec<bool> = (0..industries.len())
            .map(|j| col_total(&o, j) > 0.0 && col_total(&e, j) > 0.0)
            .collect();
        if keep_rows.iter().all(|k| *k) && keep_cols.iter().all(|k| *k) {
            return (locations, industries);
        }
        let mut k = keep_rows.iter();
        locations.retain(|_| *k.next().unwrap_or(&false));
        let mut k = keep_cols.iter();
        industries.retain(|_| *k.next().unwrap_or(&false));
    }
}

/// The gradient coefficient of every local place × industry with output and employment.
pub async fn gradient(store: &Store, spec: &GradientSpec) -> Result<GradientTable, AnalyticsError> {
    let registry = Registry::load(store, spec.province).await?;
    let year = table_year(store, spec.year).await?;
    let output = local_cells(
        store,
        &registry,
        &spec.output,
        year,
        spec.locations,
        spec.industries,
    )
    .await?;
    let employment = local_cells(
        store,
        &registry,
        &spec.employment,
        year,
        spec.locations,
        spec.industries,
    )
    .await?;
    let (locations, industries) = positive_support(&output, &employment);
    let o = output.dense(&locations, &industries);
    let e = employment.dense(&locations, &industries);
    let g = relate::industry_gradient(&o, &e)?;
    let mut rows = Vec::new();
    for (c, location) in locations.iter().enumerate() {
        let place = Place {
            code: location.clone(),
            name: registry.place_name(location, spec.locations),
        };
        let mut here: Vec<GradientRow> = industries
            .iter()
            .enumerate()
            .filter(|&(p, _)| g.coefficient.get(c, p).is_finite())
            .map(|(p, industry)| GradientRow {
                place: place.clone(),
                industry: industry.clone(),
                name: industry_name(industry),
                output: o.get(c, p),
                employment: e.get(c, p),
                location_quotient: g.location_quotient.get(c, p),
                productivity: g.productivity.get(c, p),
                coefficient: g.coefficient.get(c, p),
            })
            .collect();
        here.sort_by(|a, b| {
            b.coefficient
                .total_cmp(&a.coefficient)
                .then(a.industry.cmp(&b.industry))
        });
        rows.extend(here);
    }
    Ok(GradientTable {
        year,
        province: registry.province.to_string(),
        rows,
    })
}
