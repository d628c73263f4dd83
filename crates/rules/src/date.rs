//! Civil dates (proleptic Gregorian), enough for validity windows and "as of last year-end" rules.
//!
//! The engine never reads a clock: every evaluation is given its date.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A date that does not exist or text that is not `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date (expected YYYY-MM-DD): {reason}")]
pub struct DateError {
    pub text: String,
    pub reason: &'static str,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// Later than any date a rule names (an open-ended validity window ends here).
    pub const MAX: Date = Date {
        year: i32::MAX,
        month: 12,
        day: 31,
    };

    /// The date `year-month-day`, or `None` when it does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// 1 January of `year`.
    pub fn first_of_year(year: i32) -> Date {
        Date {
            year,
            month: 1,
            day: 1,
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let error = |reason| DateError {
            text: text.to_owned(),
            reason,
        };
        let mut parts = text.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(error("three parts separated by '-' are needed"));
        };
        let year: i32 = y.parse().map_err(|_| error("the year is not a number"))?;
        let month: u8 = m.parse().map_err(|_| error("the month is not a number"))?;
        let day: u8 = d.parse().map_err(|_| error("the day is not a number"))?;
        Date::new(year, month, day).ok_or_else(|| error("no such day in the calendar"))
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01. Hinnant's `civil_from_days`.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // The arithmetic keeps month in 1..=12 and day in 1..=31; years beyond i32 are not dates
        // anyone evaluates, so they saturate.
        Date {
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month: month as u8,
            day: day as u8,
        }
    }

    /// The date `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    pub fn add_years(self, years: i32) -> Date {
        let year = self.year.saturating_add(years);
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }

    /// Calendar years from `since` to `self`: whole anniversaries plus the fraction of the year
    /// under way. A firm that entered its niche on 2021-01-01 has 3.0 years on 2024-01-01 however
    /// many leap days lie between (a day count over 365.25 would give 2.998 and fail "3 years").
    pub fn years_since(self, since: Date) -> f64 {
        if self < since {
            return -since.years_since(self);
        }
        let mut whole = self.year - since.year;
        if since.add_years(whole) > self {
            whole -= 1;
        }
        let anniversary = since.add_years(whole);
        let next = since.add_years(whole + 1);
        let fraction = anniversary.days_until(self) as f64 / anniversary.days_until(next) as f64;
        f64::from(whole) + fraction
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Date::parse(text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2023-13-01").is_err());
        assert!(Date::parse("2023-1").is_err());
        assert!(Date::parse("x-01-01").is_err());
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn adds_years_and_days() {
        assert_eq!(d("2024-02-29").add_years(1), d("2025-02-28"));
        assert_eq!(d("2023-01-10").add_years(3).add_days(-1), d("2026-01-09"));
        assert_eq!(d("2025-12-31").add_days(1), d("2026-01-01"));
        assert_eq!(d("2026-03-31").days_until(d("2026-04-01")), 1);
    }

    #[test]
    fn calendar_years_ignore_leap_days() {
        assert_eq!(d("2024-01-01").years_since(d("2021-01-01")), 3.0);
        assert!(d("2023-12-31").years_since(d("2021-01-01")) < 3.0);
        assert_eq!(d("2023-07-02").years_since(d("2023-01-01")), 182.0 / 365.0);
        assert_eq!(d("2020-01-01").years_since(d("2021-01-01")), -1.0);
    }
}
