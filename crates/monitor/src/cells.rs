//! The NBS conventions in one place: what a group accumulates per period, and how 当月, 当月同比,
//! 累计, 累计同比 and 环比 follow from those sums.
//!
//! Comparable set (可比口径, NBS): growth compares the same enterprises in both periods. For
//! 当月同比 those that reported in period t and in t a year earlier; for 环比 those that reported
//! in t and in the period before. A firm that joins mid-year has no year-earlier figure and so
//! never inflates growth; a firm that stops reporting never deflates it.
//!
//! 累计同比 across a missing month (a documented choice): the comparison is matched by month. For
//! Jan–N, an enterprise contributes the months it reported in both years, in both years' sums;
//! a month it missed in either year drops out of both. 累计同比 is therefore
//! Σ_m comparable(m) / Σ_m base(m) − 1, the 当月同比 sums added up over the year, which never
//! compares a five-month total with a six-month one and does not throw away the other months of
//! an enterprise that missed one. The 累计 level itself is the sum of what was reported.
//!
//! Growth is (current − base) / |base|: NBS practice for indicators that can be negative (profit),
//! so that a shrinking loss reads as growth. Growth is a fraction (0.05 = 5 %).
//!
//! A measure has K components: 1 for a base indicator, 2 (numerator, denominator) for a derived
//! ratio, where an enterprise counts in a period only when it reported both.

use model::Period;

use crate::PeriodAxis;
use crate::axis::YEAR;

/// The sums one group keeps for one period of one measure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell<const K: usize> {
    /// Enterprises that reported in the period.
    pub(crate) reporting: u32,
    /// Enterprises in the 当月同比 comparable set.
    pub(crate) yoy_comparable: u32,
    pub(crate) level: [f64; K],
    pub(crate) yoy_current: [f64; K],
    pub(crate) yoy_base: [f64; K],
    pub(crate) mom_current: [f64; K],
    pub(crate) mom_base: [f64; K],
}

impl<const K: usize> Cell<K> {
    pub(crate) const EMPTY: Self = Cell {
        reporting: 0,
        yoy_comparable: 0,
        level: [0.0; K],
        yoy_current: [0.0; K],
        yoy_base: [0.0; K],
        mom_current: [0.0; K],
        mom_base: [0.0; K],
    };
}

fn add<const K: usize>(sum: &mut [f64; K], value: [f64; K]) {
    for k in 0..K {
        sum[k] += value[k];
    }
}

/// One enterprise's value in period `t`, when every component was reported.
#[inline]
fn reported<const K: usize>(rows: &[&[f64]; K], t: usize) -> Option<[f64; K]> {
    let mut value = [0.0; K];
    for k in 0..K {
        let v = rows[k][t];
        if v.is_nan() {
            return None;
        }
        value[k] = v;
    }
    Some(value)
}

/// Adds one enterprise (its rows of the K components, over the whole axis) into a group's cells.
#[inline]
pub(crate) fn add_enterprise<const K: usize>(cells: &mut [Cell<K>], rows: [&[f64]; K]) {
    let mut previous = None;
    for (t, cell) in cells.iter_mut().enumerate() {
        let current = reported(&rows, t);
        if let Some(value) = current {
            cell.reporting += 1;
            add(&mut cell.level, value);
            if let Some(base) = t.checked_sub(YEAR).and_then(|b| reported(&rows, b)) {
                cell.yoy_comparable += 1;
                add(&mut cell.yoy_current, value);
                add(&mut cell.yoy_base, base);
            }
            if let Some(base) = previous {
                add(&mut cell.mom_current, value);
                add(&mut cell.mom_base, base);
            }
        }
        previous = current;
    }
}

/// How a measure's component sums become one figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Combine {
    /// A base indicator: the sum itself.
    Sum,
    /// `scale × Σ numerator / Σ denominator`.
    Ratio { scale: f64 },
}

impl Combine {
    fn value<const K: usize>(self, sums: [f64; K]) -> Option<f64> {
        match self {
            Combine::Sum => Some(sums[0]),
            Combine::Ratio { scale } => {
                let (n, d) = (sums[0], sums[K - 1]);
                (d != 0.0).then(|| scale * n / d)
            }
        }
    }
}

/// (current − base) / |base|, when the base is not zero.
pub fn growth(current: f64, base: f64) -> Option<f64> {
    (base != 0.0).then(|| (current - base) / base.abs())
}

/// The figures of one group, one measure, one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub period: Period,
    /// 当月: the period's value (sum, or ratio of sums), over every enterprise that reported.
    pub month: Option<f64>,
    /// 当月同比 on the comparable set.
    pub month_yoy: Option<f64>,
    /// 累计 (Jan–N); `None` for stocks and when 1–2月 of the year is off the axis.
    pub ytd: Option<f64>,
    /// 累计同比, matched by month (see the module docs).
    pub ytd_yoy: Option<f64>,
    /// 环比 on the comparable set; across 1–2月 it compares monthly averages (the two-month
    /// period counts as two months).
    pub mom: Option<f64>,
    /// Enterprises that reported in the period.
    pub reporting: u32,
    /// Enterprises in the 当月同比 comparable set.
    pub comparable: u32,
}

/// The figures of one group and measure over the whole axis, from its cells.
pub(crate) fn series<const K: usize>(
    cells: &[Cell<K>],
    axis: &PeriodAxis,
    combine: Combine,
    cumulative: bool,
) -> Vec<Figures> {
    let mut out = Vec::with_capacity(cells.len());
    // Running 累计 sums, restarted at each 1–2月.
    let mut ytd_level = [0.0; K];
    let mut ytd_current = [0.0; K];
    let mut ytd_base = [0.0; K];
    let mut ytd_reporting = 0u32;
    let mut ytd_comparable = 0u32;
    for (t, cell) in cells.iter().enumerate() {
        let period = axis.period(t);
        if period.is_jan_feb() {
            ytd_level = [0.0; K];
            ytd_current = [0.0; K];
            ytd_base = [0.0; K];
            ytd_reporting = 0;
            ytd_comparable = 0;
        }
        add(&mut ytd_level, cell.level);
        add(&mut ytd_current, cell.yoy_current);
        add(&mut ytd_base, cell.yoy_base);
        ytd_reporting += cell.reporting;
        ytd_comparable += cell.yoy_comparable;

        let ratio_growth = |current: [f64; K], base: [f64; K]| {
            let current = combine.value(current)?;
            let base = combine.value(base)?;
            growth(current, base)
        };
        let year_start = axis.year_start(t).filter(|_| cumulative);
        // 累计同比 needs the whole of last year's Jan–N on the axis as well.
        let whole_base_year = year_start.and_then(|s| axis.year_earlier(s)).is_some();
        let mom = (cell.reporting > 0 && t > 0)
            .then(|| {
                let mut base = cell.mom_base;
                // A flow over 1–2月 covers two months; a ratio or a stock needs no rescaling.
                if combine == Combine::Sum && cumulative {
                    base[0] *= axis.month_scale(t);
                }
                ratio_growth(cell.mom_current, base)
            })
            .flatten();
        out.push(Figures {
            period,
            month: (cell.reporting > 0)
                .then(|| combine.value(cell.level))
                .flatten(),
            month_yoy: (cell.yoy_comparable > 0)
                .then(|| ratio_growth(cell.yoy_current, cell.yoy_base))
                .flatten(),
            ytd: (year_start.is_some() && ytd_reporting > 0)
                .then(|| combine.value(ytd_level))
                .flatten(),
            ytd_yoy: (whole_base_year && ytd_comparable > 0)
                .then(|| ratio_growth(ytd_current, ytd_base))
                .flatten(),
            mom,
            reporting: cell.reporting,
            comparable: cell.yoy_comparable,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_divides_by_the_absolute_base() {
        assert_eq!(growth(110.0, 100.0), Some(0.1));
        assert_eq!(growth(-50.0, -100.0), Some(0.5));
        assert_eq!(growth(1.0, 0.0), None);
    }

    #[test]
    fn an_enterprise_row_feeds_level_and_both_comparable_sets() {
        let axis = PeriodAxis::years(2024, 2025).unwrap();
        let mut row = vec![f64::NAN; 22];
        row[0] = 10.0; // 2024 1–2月
        row[1] = 5.0; // 2024-03
        row[11] = 12.0; // 2025 1–2月
        row[13] = 7.0; // 2025-04: no 2024-04, no 2025-03
        let mut cells = vec![Cell::<1>::EMPTY; 22];
        add_enterprise(&mut cells, [&row]);
        assert_eq!(cells[11].yoy_comparable, 1);
        assert_eq!(
            (cells[11].yoy_current[0], cells[11].yoy_base[0]),
            (12.0, 10.0)
        );
        assert_eq!(cells[13].yoy_comparable, 0);
        assert_eq!(cells[13].mom_base[0], 0.0);
        assert_eq!((cells[1].mom_current[0], cells[1].mom_base[0]), (5.0, 10.0));
        let figures = series(&cells, &axis, Combine::Sum, true);
        // March 5 against a two-month 1–2月 of 10: the same monthly average, 环比 0.
        assert_eq!(figures[1].mom, Some(0.0));
        assert_eq!(figures[11].month_yoy, Some(0.2));
        assert_eq!(figures[13].ytd, Some(19.0));
        assert_eq!(figures[13].ytd_yoy, Some(0.2));
        assert_eq!(figures[13].month_yoy, None);
        assert_eq!(figures[1].ytd_yoy, None, "no 2023 on the axis");
    }
}
