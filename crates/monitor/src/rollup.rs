//! Rollups: the figures of every group of a dimension combination, for every measure, over the
//! whole period axis, in one pass over each measure's panel.
//!
//! Work is split by group (rayon, on the caller's pool): each group sums its own members in
//! ascending order, so results are identical whatever the number of threads, and no per-thread
//! copies of the sums are needed.

use model::Period;
use rayon::prelude::*;

use crate::cells::{Cell, Combine, add_enterprise, series};
use crate::grouping::GroupIndex;
use crate::{DerivedIndicator, EnterpriseFrame, Figures, MonitorError, Panel, PeriodAxis};

/// A measure a rollup reports: a base indicator or a derived ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    /// 累计 is reported (flows and ratios of flows).
    pub cumulative: bool,
    pub kind: MeasureKind,
}

/// Where a measure's values come from (positions in [`Monitor::panels`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeasureKind {
    Base {
        panel: usize,
    },
    Ratio {
        numerator: usize,
        denominator: usize,
        scale: f64,
    },
}

impl MeasureKind {
    fn combine(self) -> Combine {
        match self {
            MeasureKind::Base { .. } => Combine::Sum,
            MeasureKind::Ratio { scale, .. } => Combine::Ratio { scale },
        }
    }
}

/// The monitoring inputs: the enterprise frame and one panel per base indicator, all on one
/// period axis, plus the derived indicators to report. A store loader fills exactly this.
#[derive(Debug, Clone)]
pub struct Monitor {
    frame: EnterpriseFrame,
    axis: PeriodAxis,
    panels: Vec<Panel>,
    measures: Vec<Measure>,
}

/// What to roll up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RollupSpec {
    /// Dimension codes to cross (e.g. `["chain", "city"]`); empty = one total group.
    pub dimensions: Vec<String>,
    /// Keep only 规模以上 enterprises.
    pub above_designated_size_only: bool,
    /// Measure codes to compute; empty = all.
    pub measures: Vec<String>,
    /// `(dimension, label)` pairs: keep only enterprises holding each label, and, where the
    /// dimension is rolled up, only that label's groups (one chain's nodes and firms, say).
    pub within: Vec<(String, String)>,
}

impl RollupSpec {
    pub fn by(dimensions: &[&str]) -> Self {
        RollupSpec {
            dimensions: dimensions.iter().map(|d| (*d).to_owned()).collect(),
            ..RollupSpec::default()
        }
    }

    pub fn above_size_only(mut self) -> Self {
        self.above_designated_size_only = true;
        self
    }

    pub fn measures(mut self, codes: &[&str]) -> Self {
        self.measures = codes.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    pub fn within(mut self, dimension: &str, label: &str) -> Self {
        self.within.push((dimension.to_owned(), label.to_owned()));
        self
    }
}

impl Monitor {
    /// Checks that every panel covers the frame on one axis and resolves the derived indicators
    /// against the panels' codes.
    pub fn new(
        frame: EnterpriseFrame,
        panels: Vec<Panel>,
        derived: &[DerivedIndicator],
    ) -> Result<Self, MonitorError> {
        let axis = match panels.first() {
            Some(p) => p.axis(),
            None => return Err(MonitorError::UnknownIndicator("(no panels)".to_owned())),
        };
        let mut measures: Vec<Measure> = Vec::with_capacity(panels.len() + derived.len());
        for (i, panel) in panels.iter().enumerate() {
            let info = panel.info();
            if panel.enterprises() != frame.len() {
                return Err(MonitorError::PanelShape {
                    indicator: info.code.clone(),
                    got: panel.enterprises(),
                    periods: axis.len(),
                    expected: frame.len(),
                });
            }
            if panel.axis() != axis {
                return Err(MonitorError::PanelAxis {
                    indicator: info.code.clone(),
                });
            }
            if measures.iter().any(|m| m.code == info.code) {
                return Err(MonitorError::DuplicateIndicator(info.code.clone()));
            }
            measures.push(Measure {
                code: info.code.clone(),
                name_zh: info.name_zh.clone(),
                name_en: info.name_en.clone(),
                unit: info.unit.clone(),
                cumulative: info.cumulative,
                kind: MeasureKind::Base { panel: i },
            });
        }
        for d in derived {
            let find = |code: &str| {
                panels
                    .iter()
                    .position(|p| p.info().code == code)
                    .ok_or_else(|| MonitorError::UnknownIndicator(code.to_owned()))
            };
            let (numerator, denominator) = (find(&d.numerator)?, find(&d.denominator)?);
            if measures.iter().any(|m| m.code == d.code) {
                return Err(MonitorError::DuplicateIndicator(d.code.clone()));
            }
            measures.push(Measure {
                code: d.code.clone(),
                name_zh: d.name_zh.clone(),
                name_en: d.name_en.clone(),
                unit: d.unit.clone(),
                cumulative: panels[numerator].info().cumulative
                    && panels[denominator].info().cumulative,
                kind: MeasureKind::Ratio {
                    numerator,
                    denominator,
                    scale: d.scale,
                },
            });
        }
        Ok(Monitor {
            frame,
            axis,
            panels,
            measures,
        })
    }

    /// The same monitor over a subset of its enterprises: `keep` holds ascending dense indices,
    /// which become `0..keep.len()` (in that order). Every figure computed from the result covers
    /// only those enterprises, so a caller restricted to some enterprises can be given totals,
    /// counts and growth rates that include nobody else.
    pub fn restrict(&self, keep: &[usize]) -> Result<Self, MonitorError> {
        if keep.windows(2).any(|w| w[0] >= w[1]) {
            return Err(MonitorError::ColumnLengths {
                what: "restrict: enterprise indices must be ascending and distinct".to_owned(),
            });
        }
        let above = self.frame.above_designated_size();
        let mut frame = EnterpriseFrame::new(
            keep.iter()
                .map(|&e| above.get(e).copied().unwrap_or(false))
                .collect(),
        );
        for dimension in self.frame.dimensions() {
            frame = frame.with_dimension(dimension.restrict(keep)?)?;
        }
        let panels = self
            .panels
            .iter()
            .map(|p| p.restrict(keep))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Monitor {
            frame,
            axis: self.axis,
            panels,
            measures: self.measures.clone(),
        })
    }

    pub fn frame(&self) -> &EnterpriseFrame {
        &self.frame
    }

    pub fn axis(&self) -> PeriodAxis {
        self.axis
    }

    pub fn panels(&self) -> &[Panel] {
        &self.panels
    }

    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// Position of the measure `code`.
    pub fn measure(&self, code: &str) -> Result<usize, MonitorError> {
        find_measure(&self.measures, code)
    }

    /// Figures of measure `m` for enterprise `e` alone over the whole axis: the enterprise time
    /// series, its growth taken on itself under the same conventions as any group.
    pub fn enterprise_series(&self, m: usize, e: usize) -> Result<Vec<Figures>, MonitorError> {
        if e >= self.frame.len() {
            return Err(MonitorError::EnterpriseOutOfRange {
                index: e as u32,
                count: self.frame.len(),
            });
        }
        let measure = self
            .measures
            .get(m)
            .ok_or_else(|| MonitorError::UnknownIndicator(format!("measure #{m}")))?;
        let (combine, cumulative) = (measure.kind.combine(), measure.cumulative);
        let n = self.axis.len();
        Ok(match measure.kind {
            MeasureKind::Base { panel } => {
                let mut cells = vec![Cell::<1>::EMPTY; n];
                add_enterprise(&mut cells, [self.panels[panel].row(e)]);
                series(&cells, &self.axis, combine, cumulative)
            }
            MeasureKind::Ratio {
                numerator,
                denominator,
                ..
            } => {
                let mut cells = vec![Cell::<2>::EMPTY; n];
                let rows = [
                    self.panels[numerator].row(e),
                    self.panels[denominator].row(e),
                ];
                add_enterprise(&mut cells, rows);
                series(&cells, &self.axis, combine, cumulative)
            }
        })
    }

    /// Computes the rollup described by `spec`.
    pub fn rollup(&self, spec: &RollupSpec) -> Result<Rollup, MonitorError> {
        let mut dims = Vec::with_capacity(spec.dimensions.len());
        for code in &spec.dimensions {
            let (position, _) = self.frame.dimension(code)?;
            if dims.contains(&position) {
                return Err(MonitorError::RepeatedDimension(code.clone()));
            }
            dims.push(position);
        }
        let selected: Vec<usize> = if spec.measures.is_empty() {
            (0..self.measures.len()).collect()
        } else {
            spec.measures
                .iter()
                .map(|c| self.measure(c))
                .collect::<Result<_, _>>()?
        };
        let mut within = Vec::with_capacity(spec.within.len());
        for (code, label) in &spec.within {
            let (position, dimension) = self.frame.dimension(code)?;
            let key = dimension
                .labels()
                .iter()
                .position(|l| l == label)
                .ok_or_else(|| MonitorError::UnknownLabel {
                    dimension: code.clone(),
                    label: label.clone(),
                })?;
            within.push((position, key as u32));
        }
        let restrict: Vec<Option<u32>> = dims
            .iter()
            .map(|d| within.iter().find(|(w, _)| w == d).map(|(_, k)| *k))
            .collect();
        let above = self.frame.above_designated_size();
        let only_above = spec.above_designated_size_only;
        let dimensions = self.frame.dimensions();
        let keep = |e: usize| {
            (!only_above || above[e])
                && within
                    .iter()
                    .all(|&(d, k)| dimensions[d].keys_of(e).binary_search(&k).is_ok())
        };
        let groups = GroupIndex::build(&self.frame, &dims, &restrict, keep)?;
        let periods = self.axis.len();
        let tables = selected
            .par_iter()
            .map(|&m| match self.measures[m].kind {
                MeasureKind::Base { panel } => {
                    let p = &self.panels[panel];
                    CellTable::One(accumulate(&groups, periods, |e| [p.row(e)]))
                }
                MeasureKind::Ratio {
                    numerator,
                    denominator,
                    ..
                } => {
                    let (n, d) = (&self.panels[numerator], &self.panels[denominator]);
                    CellTable::Two(accumulate(&groups, periods, |e| [n.row(e), d.row(e)]))
                }
            })
            .collect();
        let dimensions: Vec<_> = dims.iter().map(|&d| &self.frame.dimensions()[d]).collect();
        let labels = (0..groups.len())
            .flat_map(|g| {
                let keys = groups.keys(g);
                dimensions
                    .iter()
                    .zip(keys)
                    .map(|(d, &k)| d.labels()[k as usize].clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        Ok(Rollup {
            dimensions: dimensions
                .iter()
                .map(|d| DimensionName {
                    code: d.code().to_owned(),
                    name_zh: d.name_zh().to_owned(),
                    name_en: d.name_en().to_owned(),
                })
                .collect(),
            above_designated_size_only: only_above,
            axis: self.axis,
            measures: selected.iter().map(|&m| self.measures[m].clone()).collect(),
            tables,
            labels,
            groups,
        })
    }
}

fn find_measure(measures: &[Measure], code: &str) -> Result<usize, MonitorError> {
    measures
        .iter()
        .position(|m| m.code == code)
        .ok_or_else(|| MonitorError::UnknownIndicator(code.to_owned()))
}

fn accumulate<'a, const K: usize>(
    groups: &GroupIndex,
    periods: usize,
    rows: impl Fn(usize) -> [&'a [f64]; K] + Sync,
) -> Vec<Cell<K>> {
    let mut cells = vec![Cell::<K>::EMPTY; groups.len() * periods];
    if periods == 0 {
        return cells;
    }
    cells
        .par_chunks_mut(periods)
        .enumerate()
        .for_each(|(g, chunk)| {
            for &e in groups.members(g) {
                add_enterprise(chunk, rows(e as usize));
            }
        });
    cells
}

#[derive(Debug, Clone)]
enum CellTable {
    One(Vec<Cell<1>>),
    Two(Vec<Cell<2>>),
}

/// Code and names of a dimension, for column headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionName {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The result of [`Monitor::rollup`]: groups × measures × periods.
#[derive(Debug, Clone)]
pub struct Rollup {
    dimensions: Vec<DimensionName>,
    above_designated_size_only: bool,
    axis: PeriodAxis,
    measures: Vec<Measure>,
    tables: Vec<CellTable>,
    /// Group-major, one label per dimension.
    labels: Vec<String>,
    groups: GroupIndex,
}

/// One printable row: a group, a measure, a period and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow<'a> {
    /// One label per dimension of the rollup, in its order.
    pub group: &'a [String],
    pub measure: &'a Measure,
    pub figures: Figures,
}

impl FigureRow<'_> {
    /// Column headers after the dimension columns: `(field, 中文, English)`.
    pub const COLUMNS: &'static [(&'static str, &'static str, &'static str)] = &[
        ("measure", "指标", "indicator"),
        ("period", "时期", "period"),
        ("month", "当月值", "month value"),
        ("month_yoy", "当月同比(%)", "month y/y (%)"),
        ("ytd", "累计值", "year-to-date value"),
        ("ytd_yoy", "累计同比(%)", "year-to-date y/y (%)"),
        ("mom", "环比(%)", "month on month (%)"),
        ("reporting", "填报企业数", "reporting enterprises"),
        ("comparable", "可比企业数", "comparable enterprises"),
    ];
}

/// Which growth a contribution explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthBasis {
    /// 当月同比.
    Month,
    /// 累计同比 (matched by month).
    YearToDate,
}

impl Rollup {
    pub fn dimensions(&self) -> &[DimensionName] {
        &self.dimensions
    }

    pub fn above_designated_size_only(&self) -> bool {
        self.above_designated_size_only
    }

    pub fn axis(&self) -> PeriodAxis {
        self.axis
    }

    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// Position of the measure `code` in this rollup.
    pub fn measure(&self, code: &str) -> Result<usize, MonitorError> {
        find_measure(&self.measures, code)
    }

    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    /// The keys (dimension label positions) of group `g`.
    pub fn group_keys(&self, g: usize) -> &[u32] {
        self.groups.keys(g)
    }

    /// The labels of group `g`, one per dimension.
    pub fn group_labels(&self, g: usize) -> &[String] {
        let d = self.dimensions.len();
        &self.labels[g * d..(g + 1) * d]
    }

    /// Enterprise indices in group `g`, ascending.
    pub fn group_members(&self, g: usize) -> &[u32] {
        self.groups.members(g)
    }

    /// The group whose labels are `labels` (one per dimension).
    pub fn find_group(&self, labels: &[&str]) -> Option<usize> {
        (0..self.groups()).find(|&g| {
            self.group_labels(g)
                .iter()
                .map(String::as_str)
                .eq(labels.iter().copied())
        })
    }

    /// Figures of measure `m` for group `g` over the whole axis.
    pub fn series(&self, m: usize, g: usize) -> Vec<Figures> {
        let measure = &self.measures[m];
        let (combine, cumulative) = (measure.kind.combine(), measure.cumulative);
        let n = self.axis.len();
        match &self.tables[m] {
            CellTable::One(c) => series(&c[g * n..(g + 1) * n], &self.axis, combine, cumulative),
            CellTable::Two(c) => series(&c[g * n..(g + 1) * n], &self.axis, combine, cumulative),
        }
    }

    /// Figures of measure `code` for group `g` in `period`.
    pub fn figures(&self, code: &str, g: usize, period: Period) -> Result<Figures, MonitorError> {
        let m = self.measure(code)?;
        let t = self.axis.index(period)?;
        Ok(self.series(m, g)[t])
    }

    /// Every row: group by group, measure by measure, period by period.
    pub fn rows(&self) -> impl Iterator<Item = FigureRow<'_>> + '_ {
        (0..self.groups()).flat_map(move |g| {
            (0..self.measures.len()).flat_map(move |m| {
                self.series(m, g).into_iter().map(move |figures| FigureRow {
                    group: self.group_labels(g),
                    measure: &self.measures[m],
                    figures,
                })
            })
        })
    }

    /// The comparable-set sums (current, base) behind 当月同比 or 累计同比 of an additive measure;
    /// `None` when the growth is not defined there.
    pub(crate) fn comparable_sums(
        &self,
        m: usize,
        g: usize,
        t: usize,
        basis: GrowthBasis,
    ) -> Result<Option<(f64, f64)>, MonitorError> {
        let n = self.axis.len();
        let CellTable::One(cells) = &self.tables[m] else {
            return Err(MonitorError::NotAdditive {
                measure: self.measures[m].code.clone(),
            });
        };
        let cells = &cells[g * n..(g + 1) * n];
        let window = match basis {
            GrowthBasis::Month => t..=t,
            GrowthBasis::YearToDate => {
                let Some(start) = self
                    .axis
                    .year_start(t)
                    .filter(|&s| self.axis.year_earlier(s).is_some())
                else {
                    return Ok(None);
                };
                start..=t
            }
        };
        let (mut current, mut base, mut count) = (0.0, 0.0, 0u32);
        for cell in &cells[window] {
            current += cell.yoy_current[0];
            base += cell.yoy_base[0];
            count += cell.yoy_comparable;
        }
        Ok((count > 0).then_some((current, base)))
    }
}

#[cfg(test)]
mod tests;
