//! The period axis: consecutive NBS reporting periods mapped to dense indices 0..len.
//!
//! NBS: January and February are one period (1–2月, month 2), so a year has eleven periods
//! ([`model::PERIODS_PER_YEAR`]); the same period a year earlier is always eleven indices back.

use model::{PERIODS_PER_YEAR, Period};

use crate::MonitorError;

/// Consecutive reporting periods from `first`, `len` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodAxis {
    first: Period,
    len: u32,
}

/// Distance in indices between a period and the same period a year earlier.
pub(crate) const YEAR: usize = PERIODS_PER_YEAR as usize;

impl PeriodAxis {
    /// The periods `first..=last`.
    pub fn new(first: Period, last: Period) -> Result<Self, MonitorError> {
        if last < first {
            return Err(MonitorError::EmptyAxis);
        }
        Ok(PeriodAxis {
            first,
            len: last.ordinal() - first.ordinal() + 1,
        })
    }

    /// Whole years `first_year..=last_year` (1–2月 of the first to December of the last).
    pub fn years(first_year: u16, last_year: u16) -> Result<Self, MonitorError> {
        let first = Period::jan_feb(first_year).map_err(|_| MonitorError::EmptyAxis)?;
        let last = Period::new(last_year, 12).map_err(|_| MonitorError::EmptyAxis)?;
        PeriodAxis::new(first, last)
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn first(&self) -> Period {
        self.first
    }

    pub fn last(&self) -> Period {
        self.period(self.len() - 1)
    }

    /// The period at dense index `index` (must be below [`len`](Self::len)).
    pub fn period(&self, index: usize) -> Period {
        // The axis was built from two valid periods, so every index inside it is valid.
        Period::from_ordinal(self.first.ordinal() + index as u32).unwrap_or(self.first)
    }

    /// The dense index of `period`.
    pub fn index(&self, period: Period) -> Result<usize, MonitorError> {
        period
            .ordinal()
            .checked_sub(self.first.ordinal())
            .filter(|&i| i < self.len)
            .map(|i| i as usize)
            .ok_or(MonitorError::PeriodNotOnAxis {
                period,
                first: self.first,
                last: self.last(),
            })
    }

    /// The dense index of the period with [`Period::ordinal`] `ordinal`, for loaders that hold
    /// ordinals.
    pub fn index_of_ordinal(&self, ordinal: u32) -> Result<u32, MonitorError> {
        match Period::from_ordinal(ordinal) {
            Some(period) => self.index(period).map(|i| i as u32),
            None => Err(MonitorError::PeriodOutOfRange {
                index: ordinal,
                count: self.len(),
            }),
        }
    }

    /// All periods in order.
    pub fn periods(&self) -> impl Iterator<Item = Period> + '_ {
        (0..self.len()).map(|i| self.period(i))
    }

    /// Index of the same period a year earlier (the base of 同比), when it is on the axis.
    pub fn year_earlier(&self, index: usize) -> Option<usize> {
        index.checked_sub(YEAR)
    }

    /// Index of the 1–2月 period that opens this period's year (the start of 累计), when it is on
    /// the axis; `None` when the axis starts mid-year, because Jan–N would be incomplete.
    pub fn year_start(&self, index: usize) -> Option<usize> {
        let into_year = usize::from(self.period(index).month() - 2);
        index.checked_sub(into_year)
    }

    /// For 环比 between periods of different length (1–2月 covers two months): the factor that
    /// turns the previous period's value into the same number of months as this one.
    pub(crate) fn month_scale(&self, index: usize) -> f64 {
        let here = self.period(index);
        match here.previous() {
            Some(prev) => f64::from(here.months_covered()) / f64::from(prev.months_covered()),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn a_year_is_eleven_periods_because_jan_feb_is_one() {
        let axis = PeriodAxis::years(2023, 2025).unwrap();
        assert_eq!(axis.len(), 33);
        assert_eq!(axis.period(0), p("2023-02"));
        assert_eq!(axis.period(11), p("2024-02"));
        assert_eq!(axis.index(p("2025-12")).unwrap(), 32);
        assert_eq!(
            axis.year_earlier(13).map(|i| axis.period(i)),
            Some(p("2023-04"))
        );
        assert_eq!(
            axis.year_start(13).map(|i| axis.period(i)),
            Some(p("2024-02"))
        );
        assert!(axis.index(p("2026-02")).is_err());
        assert_eq!(axis.index_of_ordinal(p("2024-03").ordinal()).unwrap(), 12);
        assert!(axis.index_of_ordinal(p("2022-12").ordinal()).is_err());
    }

    #[test]
    fn year_to_date_needs_the_start_of_the_year_on_the_axis() {
        let axis = PeriodAxis::new(p("2024-05"), p("2025-06")).unwrap();
        assert_eq!(axis.year_start(0), None);
        let idx = axis.index(p("2025-06")).unwrap();
        assert_eq!(
            axis.year_start(idx).map(|i| axis.period(i)),
            Some(p("2025-02"))
        );
    }

    #[test]
    fn month_on_month_scales_across_the_two_month_period() {
        let axis = PeriodAxis::years(2024, 2025).unwrap();
        assert_eq!(axis.month_scale(axis.index(p("2025-02")).unwrap()), 2.0);
        assert_eq!(axis.month_scale(axis.index(p("2025-03")).unwrap()), 0.5);
        assert_eq!(axis.month_scale(axis.index(p("2025-04")).unwrap()), 1.0);
    }
}
