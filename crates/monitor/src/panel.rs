//! Observations as dense panels: one per indicator, enterprises × periods, row-major by
//! enterprise, `NaN` where an enterprise did not report.
//!
//! A dense panel costs 8 bytes a cell, half of a `(enterprise u32, period u32, value f64)` row, and
//! turns every 同比/环比 lookup into an index step (`t − 11`, `t − 1`) on one enterprise's row.

use crate::{MonitorError, PeriodAxis};

/// What an indicator is: codes and names for tables, and whether 累计 (Jan–N) makes sense.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorInfo {
    /// Stable code, e.g. `output_value`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Unit of the stored values (`10k yuan`, `kWh`, `tce` …).
    pub unit: String,
    /// A flow (output, electricity, revenue) adds up over months into 累计; a stock (employees,
    /// assets) does not, and gets no 累计 figures.
    pub cumulative: bool,
}

impl IndicatorInfo {
    /// A flow indicator, the common case.
    pub fn flow(code: &str, name_zh: &str, name_en: &str, unit: &str) -> Self {
        IndicatorInfo {
            code: code.to_owned(),
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            unit: unit.to_owned(),
            cumulative: true,
        }
    }
}

/// One indicator's values: `enterprises × axis.len()` cells, `NaN` = not reported.
#[derive(Debug, Clone)]
pub struct Panel {
    info: IndicatorInfo,
    axis: PeriodAxis,
    enterprises: usize,
    values: Vec<f64>,
}

impl Panel {
    /// A panel where nobody has reported yet; fill it with [`set`](Self::set).
    pub fn new(info: IndicatorInfo, axis: PeriodAxis, enterprises: usize) -> Self {
        Panel {
            info,
            axis,
            enterprises,
            values: vec![f64::NAN; enterprises * axis.len()],
        }
    }

    /// Builds a panel from columnar observations: enterprise index, dense period index (see
    /// [`PeriodAxis::index`]) and value, row `i` of each column together.
    pub fn from_columns(
        info: IndicatorInfo,
        axis: PeriodAxis,
        enterprises: usize,
        enterprise: &[u32],
        period: &[u32],
        value: &[f64],
    ) -> Result<Self, MonitorError> {
        if enterprise.len() != period.len() || period.len() != value.len() {
            return Err(MonitorError::ColumnLengths {
                what: format!(
                    "indicator {:?}: {} enterprises, {} periods, {} values",
                    info.code,
                    enterprise.len(),
                    period.len(),
                    value.len()
                ),
            });
        }
        let mut panel = Panel::new(info, axis, enterprises);
        for ((&e, &t), &v) in enterprise.iter().zip(period).zip(value) {
            panel.set(e, t, v)?;
        }
        Ok(panel)
    }

    /// Records one observation; refuses a second value for the same cell and non-finite values.
    pub fn set(&mut self, enterprise: u32, period: u32, value: f64) -> Result<(), MonitorError> {
        if enterprise as usize >= self.enterprises {
            return Err(MonitorError::EnterpriseOutOfRange {
                index: enterprise,
                count: self.enterprises,
            });
        }
        if period as usize >= self.axis.len() {
            return Err(MonitorError::PeriodOutOfRange {
                index: period,
                count: self.axis.len(),
            });
        }
        if !value.is_finite() {
            return Err(MonitorError::NotFinite {
                indicator: self.info.code.clone(),
                enterprise,
                period,
                value,
            });
        }
        let cell = &mut self.values[enterprise as usize * self.axis.len() + period as usize];
        if !cell.is_nan() {
            return Err(MonitorError::DuplicateObservation {
                indicator: self.info.code.clone(),
                enterprise,
                period,
            });
        }
        *cell = value;
        Ok(())
    }

    pub fn info(&self) -> &IndicatorInfo {
        &self.info
    }

    pub fn axis(&self) -> PeriodAxis {
        self.axis
    }

    pub fn enterprises(&self) -> usize {
        self.enterprises
    }

    /// The panel over the enterprises `keep` (dense indices into this one, which become
    /// `0..keep.len()`).
    pub fn restrict(&self, keep: &[usize]) -> Result<Self, MonitorError> {
        let len = self.axis.len();
        let mut values = Vec::with_capacity(keep.len() * len);
        for &e in keep {
            if e >= self.enterprises {
                return Err(MonitorError::EnterpriseOutOfRange {
                    index: e as u32,
                    count: self.enterprises,
                });
            }
            values.extend_from_slice(self.row(e));
        }
        Ok(Panel {
            info: self.info.clone(),
            axis: self.axis,
            enterprises: keep.len(),
            values,
        })
    }

    /// One enterprise's values over the axis, `NaN` where it did not report.
    pub fn row(&self, enterprise: usize) -> &[f64] {
        let len = self.axis.len();
        &self.values[enterprise * len..(enterprise + 1) * len]
    }

    /// The reported value, if any.
    pub fn get(&self, enterprise: usize, period: usize) -> Option<f64> {
        self.row(enterprise)
            .get(period)
            .copied()
            .filter(|v| !v.is_nan())
    }

    /// Number of reported cells.
    pub fn reported(&self) -> usize {
        self.values.iter().filter(|v| !v.is_nan()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_cells_and_refuse_duplicates_and_nan() {
        let axis = PeriodAxis::years(2024, 2024).unwrap();
        let info = IndicatorInfo::flow("output_value", "工业总产值", "output value", "10k yuan");
        let panel =
            Panel::from_columns(info.clone(), axis, 2, &[0, 1], &[0, 3], &[5.0, 7.0]).unwrap();
        assert_eq!(panel.get(0, 0), Some(5.0));
        assert_eq!(panel.get(1, 3), Some(7.0));
        assert_eq!(panel.get(1, 0), None);
        assert_eq!(panel.reported(), 2);
        let dup = Panel::from_columns(info.clone(), axis, 2, &[0, 0], &[1, 1], &[1.0, 2.0]);
        assert!(matches!(
            dup,
            Err(MonitorError::DuplicateObservation {
                enterprise: 0,
                period: 1,
                ..
            })
        ));
        let nan = Panel::from_columns(info.clone(), axis, 2, &[0], &[1], &[f64::NAN]);
        assert!(matches!(nan, Err(MonitorError::NotFinite { .. })));
        let out = Panel::from_columns(info, axis, 2, &[2], &[1], &[1.0]);
        assert!(matches!(
            out,
            Err(MonitorError::EnterpriseOutOfRange { index: 2, .. })
        ));
    }
}
