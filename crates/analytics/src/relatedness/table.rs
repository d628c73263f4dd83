//! The location × industry table of one year from stored monthly reports (plus, optionally, a
//! national reference table), and the complexity computed on it.

use std::collections::HashMap;

use model::{Aggregation, IndustryLevel, RegionCode};
use relate::{BuildReport, Complexity, ComponentPolicy, Matrix, Options, ValueMatrix};
use store::Store;

use super::registry::{LocationLevel, Registry, industry_at, region_name, table_year};
use crate::AnalyticsError;

/// What the table is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    /// Calendar year; `None`: the latest year whose December is reported.
    pub year: Option<u16>,
    pub locations: LocationLevel,
    /// GB/T 4754 level of the columns: 小类 (class, default), 中类 (group) or 大类 (division).
    pub industries: IndustryLevel,
    /// A stored monthly indicator: `output_value` (default), `operating_revenue`, `employees`…
    /// Flows are summed over the year's reporting periods, stocks averaged.
    pub indicator: String,
    /// The home province; `None`: the province of the stored provincial chains.
    pub province: Option<RegionCode>,
    /// The engine's options. The default computes in `stata` mode and, since a province's parks
    /// or counties may hold a specialisation nobody else shares, on the largest connected part
    /// of the network ([`ComponentPolicy::LargestOnly`]), reporting the rest as detached.
    pub options: Options,
}

impl Default for TableSpec {
    fn default() -> Self {
        TableSpec {
            year: None,
            locations: LocationLevel::County,
            industries: IndustryLevel::Class,
            indicator: "output_value".to_owned(),
            province: None,
            options: Options {
                components: ComponentPolicy::LargestOnly,
                ..Options::default()
            },
        }
    }
}

/// One row of an external reference table: a location outside the province (e.g. another
/// province's county from a national statistical extract), an industry and its value in the
/// same indicator and unit as the stored one.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRow {
    pub location: String,
    pub industry: String,
    pub value: f64,
}

/// Labels numbered in first-seen order.
#[derive(Debug, Default)]
pub(crate) struct Labels {
    index: HashMap<String, usize>,
    pub names: Vec<String>,
}

impl Labels {
    pub fn key(&mut self, label: &str) -> usize {
        if let Some(&k) = self.index.get(label) {
            return k;
        }
        self.index.insert(label.to_owned(), self.names.len());
        self.names.push(label.to_owned());
        self.names.len() - 1
    }

    pub fn get(&self, label: &str) -> Option<usize> {
        self.index.get(label).copied()
    }
}

/// Location × industry cells filled by adding values into them.
#[derive(Debug, Default)]
pub(crate) struct Cells {
    pub locations: Labels,
    pub industries: Labels,
    pub values: HashMap<(usize, usize), f64>,
}

impl Cells {
    pub fn add(&mut self, location: &str, industry: &str, value: f64) {
        let key = (self.locations.key(location), self.industries.key(industry));
        *self.values.entry(key).or_default() += value;
    }

    /// The cells as a dense matrix over `locations` × `industries` (cells outside are left out).
    pub fn dense(&self, locations: &[String], industries: &[String]) -> Matrix {
        let mut m = Matrix::filled(locations.len(), industries.len(), 0.0);
        for (i, l) in locations.iter().enumerate() {
            for (j, p) in industries.iter().enumerate() {
                if let (Some(a), Some(b)) = (self.locations.get(l), self.industries.get(p))
                    && let Some(v) = self.values.get(&(a, b))
                {
                    m.set(i, j, *v);
                }
            }
        }
        m
    }
}

/// Checks that `indicator` is stored and has an annual figure.
pub(crate) async fn check_indicator(store: &Store, indicator: &str) -> Result<(), AnalyticsError> {
    let indicators = store.list_indicators().await?;
    match indicators.iter().find(|i| i.code == indicator) {
        Some(i) if i.aggregation == Aggregation::Ratio => Err(AnalyticsError::Invalid {
            what: "indicator",
            value: indicator.to_owned(),
            rule: "a ratio has no annual total; choose a flow such as output_value or a stock such as employees".to_owned(),
        }),
        Some(_) => Ok(()),
        None => Err(AnalyticsError::Invalid {
            what: "indicator",
            value: indicator.to_owned(),
            rule: format!(
                "not stored; stored indicators: {}",
                indicators
                    .iter()
                    .map(|i| i.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// Local enterprises' annual values of `indicator` in `year`, added into location × industry
/// cells.
pub(crate) async fn local_cells(
    store: &Store,
    registry: &Registry,
    indicator: &str,
    year: u16,
    locations: LocationLevel,
    industries: IndustryLevel,
) -> Result<Cells, AnalyticsError> {
    check_indicator(store, indicator).await?;
    let annual = store.annual_values(indicator, year).await?;
    let mut cells = Cells::default();
    for (id, &value) in annual.enterprise_ids.iter().zip(&annual.values) {
        let Some(a) = registry.index.get(id).map(|&i| &registry.attributes[i]) else {
            continue;
        };
        if !registry.is_local(a) {
            continue;
        }
        let location = Registry::location_of(a, locations);
        let industry = industry_at(&a.industry_code, industries);
        if let (Some(l), Some(p)) = (location, industry) {
            cells.add(&l, p.as_str(), value);
        }
    }
    if cells.values.is_empty() {
        return Err(AnalyticsError::NoData {
            indicator: indicator.to_owned(),
            year,
        });
    }
    Ok(cells)
}

/// Complexity and relatedness of the province's locations in one year, with the names and
/// provenance every view needs.
#[derive(Debug)]
pub struct RelatednessData {
    pub year: u16,
    pub province: RegionCode,
    pub locations: LocationLevel,
    pub industries: IndustryLevel,
    pub indicator: String,
    /// The cleaned table the engine ran on (local and reference rows).
    pub matrix: ValueMatrix,
    /// What cleaning dropped (zero totals, NaN cells).
    pub report: BuildReport,
    pub complexity: Complexity,
    /// Per location of the result: true for the province's own, false for reference rows.
    pub local: Vec<bool>,
    /// Reference rows left out because their location is in the home province (the stored
    /// figures stand for it).
    pub reference_rows_replaced: usize,
    pub(crate) registry: Registry,
}

impl RelatednessData {
    /// Builds the table from the store (and `reference`, which may be empty) and computes it.
    ///
    /// A province's platform holds only its own enterprises, while relatedness is measured best
    /// on the national problem (all counties of China, He, Yan & Rigby 2018): pass the other
    /// provinces' locations as `reference` rows (same indicator, unit, year and location kind).
    /// Rows whose location is a GB/T 2260 code in the home province are ignored, so a national
    /// extract can be passed whole. Without a reference, proximity and PCI reflect the province
    /// alone.
    pub async fn load(
        store: &Store,
        spec: &TableSpec,
        reference: &[ReferenceRow],
    ) -> Result<Self, AnalyticsError> {
        if spec.industries == IndustryLevel::Section {
            return Err(AnalyticsError::Invalid {
                what: "industry level",
                value: "section".to_owned(),
                rule: "use class, group or division".to_owned(),
            });
        }
        let registry = Registry::load(store, spec.province).await?;
        let year = table_year(store, spec.year).await?;
        let mut cells = local_cells(
            store,
            &registry,
            &spec.indicator,
            year,
            spec.locations,
            spec.industries,
        )
        .await?;
        let n_local = cells.locations.names.len();
        let mut replaced = 0;
        for (row, r) in reference.iter().enumerate() {
            let home = RegionCode::parse(&r.location)
                .is_ok_and(|code| code.province() == registry.province);
            if home {
                replaced += 1;
                continue;
            }
            if cells
                .locations
                .get(&r.location)
                .is_some_and(|k| k < n_local)
            {
                return Err(AnalyticsError::Reference {
                    row: row + 1,
                    reason: format!(
                        "location {:?} is also a location of the stored table",
                        r.location
                    ),
                });
            }
            let industry = industry_at(&r.industry, spec.industries).ok_or_else(|| {
                AnalyticsError::Reference {
                    row: row + 1,
                    reason: format!(
                        "industry {:?} is not a GB/T 4754 code at {} level or finer",
                        r.industry,
                        spec.industries.as_str()
                    ),
                }
            })?;
            if !(r.value.is_finite() && r.value >= 0.0) {
                return Err(AnalyticsError::Reference {
                    row: row + 1,
                    reason: format!("value {} is not a finite, non-negative number", r.value),
                });
            }
            cells.add(&r.location, industry.as_str(), r.value);
        }
        let locations = cells.locations.names.clone();
        let industries = cells.industries.names.clone();
        let dense = cells.dense(&locations, &industries);
        let (matrix, report) = ValueMatrix::from_dense(locations, industries, dense)?;
        let complexity = Complexity::compute(&matrix, &spec.options)?;
        let local = complexity
            .locations
            .iter()
            .map(|l| cells.locations.get(l).is_some_and(|k| k < n_local))
            .collect();
        Ok(RelatednessData {
            year,
            province: registry.province,
            locations: spec.locations,
            industries: spec.industries,
            indicator: spec.indicator.clone(),
            matrix,
            report,
            complexity,
            local,
            reference_rows_replaced: replaced,
            registry,
        })
    }

    /// Position of a location in the result, or an error saying why it is not there.
    pub fn location_index(&self, code: &str) -> Result<usize, AnalyticsError> {
        self.matrix
            .location_index(code)
            .ok_or_else(|| AnalyticsError::UnknownLocation {
                level: self.locations.as_str(),
                code: code.to_owned(),
                reason: format!(
                    "no local enterprise there reported {} in {}",
                    self.indicator, self.year
                ),
            })
    }

    /// A location's display name (region or park name; the label for reference rows that are
    /// not GB/T 2260 codes).
    pub fn location_name(&self, label: &str) -> String {
        match self.locations {
            LocationLevel::Park => self.registry.place_name(label, self.locations),
            _ => region_name(label).unwrap_or(label).to_owned(),
        }
    }
}

/// The name of a GB/T 4754 code (empty when it is not one).
pub fn industry_name(code: &str) -> String {
    model::IndustryCode::parse(code)
        .map(|c| c.name().to_owned())
        .unwrap_or_default()
}
