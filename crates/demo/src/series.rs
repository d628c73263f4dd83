//! Monthly observations of the ten demo indicators over 36 months, reported under the NBS
//! calendar (January and February together).
//!
//! Each firm's activity follows its base-year revenue, its growth, a seasonal pattern (the Spring
//! Festival dip, the December peak) and noise; a few firms suffer a plant-level shock, some join
//! the reporting population late, some stop reporting, and a few miss a single month — the
//! situations the monitoring conventions exist for.

use model::{Indicator, Month, Period};

use crate::population::Profile;
use crate::rng::Rng;

const PURPOSE_SERIES: u64 = 3;

/// The demo covers the 36 months from November 2023 to October 2026.
pub const FIRST_MONTH: (u16, u8) = (2023, 11);
pub const LAST_MONTH: (u16, u8) = (2026, 10);
/// Growth is anchored in the middle of the base year (June 2025).
const BASE_MONTH: i32 = 2025 * 12 + 5;

/// Monthly share of a year's activity (sums to 12): the Spring Festival dip, the year-end peak.
const SEASON: [f64; 12] = [
    0.78, 0.70, 1.02, 1.00, 1.02, 1.08, 0.97, 0.98, 1.06, 0.99, 1.04, 1.36,
];

/// The indicators the demo reports: the standard catalogue, in its order.
pub use model::catalogue::STANDARD_INDICATORS as INDICATORS;

pub fn indicators() -> Vec<Indicator> {
    model::catalogue::standard_indicators()
}

fn month_index(year: u16, month: u8) -> i32 {
    i32::from(year) * 12 + i32::from(month) - 1
}

/// The reporting periods of the demo, oldest first.
pub fn periods() -> Vec<Period> {
    let mut periods: Vec<Period> = (month_index(FIRST_MONTH.0, FIRST_MONTH.1)
        ..=month_index(LAST_MONTH.0, LAST_MONTH.1))
        .filter_map(|i| Month::new((i / 12) as u16, (i % 12 + 1) as u8).ok())
        .map(Month::period)
        .collect();
    periods.dedup();
    periods
}

/// One observation: indicator index into [`INDICATORS`], period, value.
pub type Point = (usize, Period, f64);

/// What happens to one firm's reporting over the demo window.
#[derive(Debug, Clone, Copy)]
struct Events {
    first: i32,
    /// First month not reported any more.
    stop: Option<i32>,
    shock: Option<(i32, i32, f64)>,
    missed: Option<Period>,
}

fn events(rng: &mut Rng, periods: &[Period]) -> Events {
    let start = month_index(FIRST_MONTH.0, FIRST_MONTH.1);
    let end = month_index(LAST_MONTH.0, LAST_MONTH.1);
    let first = if rng.chance(0.03) {
        start + 3 + rng.below(27) as i32
    } else {
        start
    };
    let stop = rng.chance(0.012).then(|| end - rng.below(8) as i32);
    let shock = rng.chance(0.008).then(|| {
        (
            end - 14 + rng.below(14) as i32,
            2 + rng.below(4) as i32,
            0.3 + 0.4 * rng.uniform(),
        )
    });
    let missed = rng
        .chance(0.01)
        .then(|| periods[4 + rng.below(periods.len() - 6)]);
    Events {
        first,
        stop,
        shock,
        missed,
    }
}

/// Draws the observations of one local firm (none for firms outside the province).
pub fn observations(seed: u64, index: usize, profile: &Profile, periods: &[Period]) -> Vec<Point> {
    if profile.external {
        return Vec::new();
    }
    let mut rng = Rng::stream(seed, PURPOSE_SERIES, index as u64);
    let events = events(&mut rng, periods);
    let mut points = Vec::with_capacity(periods.len() * INDICATORS.len());
    for &period in periods {
        let months: Vec<i32> = period
            .months()
            .map(|m| month_index(m.year(), m.month()))
            .collect();
        let last = *months.last().unwrap_or(&0);
        if months[0] < events.first
            || events.stop.is_some_and(|s| last >= s)
            || events.missed == Some(period)
        {
            continue;
        }
        let mut values = [0.0f64; INDICATORS.len()];
        for &m in &months {
            let years = f64::from(m - BASE_MONTH) / 12.0;
            let mut activity = profile.revenue / 12.0
                * (1.0 + profile.growth).max(0.2).powf(years)
                * SEASON[(m % 12) as usize]
                * (1.0 + 0.04 * rng.normal()).max(0.5);
            let mut shocked = 1.0;
            if let Some((from, len, depth)) = events.shock
                && (from..from + len).contains(&m)
            {
                shocked = depth;
                activity *= depth;
            }
            let output = activity * (1.0 + 0.03 * rng.normal());
            values[0] += output;
            values[1] += activity;
            // A shock hurts profit more than revenue: fixed costs stay.
            values[2] += activity * (profile.margin + 0.02 * rng.normal())
                - profile.revenue / 12.0 * 0.03 * (1.0 - shocked);
            values[3] += output * profile.kwh_per_yuan * (1.0 + 0.05 * rng.normal());
            values[4] += activity * profile.tax_rate * (1.0 + 0.1 * rng.normal()).max(0.0);
            values[6] += activity * profile.export_share;
            values[7] += output * profile.tce_per_yuan * (1.0 + 0.05 * rng.normal());
            values[8] += output * profile.m3_per_yuan * (1.0 + 0.08 * rng.normal());
            let rd_season = if m % 12 == 11 { 3.0 } else { 0.82 };
            values[9] += activity * profile.rd_intensity * rd_season;
        }
        // Employees are a stock: the head count at the end of the period.
        let years = f64::from(last - BASE_MONTH) / 12.0;
        values[5] = profile.employees * (1.0 + 0.3 * profile.growth).max(0.5).powf(years);
        for (indicator, value) in values.into_iter().enumerate() {
            let applicable = match indicator {
                6 => profile.export_share > 0.0,
                9 => profile.rd_intensity > 0.0,
                _ => true,
            };
            if applicable {
                let rounded = if indicator == 7 {
                    (value * 1000.0).round() / 1000.0
                } else {
                    value.round()
                };
                points.push((
                    indicator,
                    period,
                    rounded.max(if indicator == 2 { f64::MIN } else { 0.0 }),
                ));
            }
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_six_months_make_thirty_three_reporting_periods() {
        let periods = periods();
        assert_eq!(periods.len(), 33);
        assert_eq!(periods[0].to_string(), "2023-11");
        assert_eq!(periods[2].label_zh(), "2024年1-2月");
        assert_eq!(periods.last().unwrap().to_string(), "2026-10");
        assert!(periods.iter().all(|p| p.month() != 1));
    }

    #[test]
    fn season_sums_to_a_year() {
        assert!((SEASON.iter().sum::<f64>() - 12.0).abs() < 1e-9);
    }
}
