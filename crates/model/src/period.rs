//! Calendar months and NBS reporting periods.
//!
//! NBS: January and February are surveyed and published together ("1–2月"); there is no separate
//! February figure for industrial output, so a year has eleven reporting periods: 1–2月, 3月 … 12月.
//! A [`Period`] is one of those; a [`Month`] is a plain calendar month (electricity meters, for
//! instance, read every month) that maps onto the period it is reported in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Years accepted anywhere in chainchief. Earlier or later dates are typing mistakes.
pub const FIRST_YEAR: u16 = 1949;
pub const LAST_YEAR: u16 = 2100;

/// Reporting periods per year: 1–2月 plus March to December.
pub const PERIODS_PER_YEAR: u32 = 11;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "{value:?} is not a period; write it as YYYY-MM, e.g. 2025-03 (2025-02 stands for 1–2月)"
    )]
    Format { value: String },
    #[error("year {year} in {value:?} is outside {FIRST_YEAR}–{LAST_YEAR}")]
    Year { value: String, year: u32 },
    #[error("month {month} in {value:?} does not exist (months are 1–12)")]
    Month { value: String, month: u32 },
    #[error(
        "{value:?}: January is not reported on its own; NBS reports January and February together \
         as {year}-02 (1–2月)"
    )]
    JanuaryAlone { value: String, year: u16 },
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    pub fn new(year: u16, month: u8) -> Result<Self, PeriodError> {
        let value = format!("{year}-{month:02}");
        check_year(&value, u32::from(year))?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month {
                value,
                month: u32::from(month),
            });
        }
        Ok(Month { year, month })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// The reporting period this month's figures are published in.
    pub fn period(self) -> Period {
        Period {
            year: self.year,
            month: self.month.max(2),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// An NBS reporting period: 1–2月 (stored as month 2) or one of March to December.
///
/// The canonical text is `YYYY-MM`, where `YYYY-02` means January and February together.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    year: u16,
    /// 2 (= 1–2月) to 12.
    month: u8,
}

fn check_year(value: &str, year: u32) -> Result<u16, PeriodError> {
    if (u32::from(FIRST_YEAR)..=u32::from(LAST_YEAR)).contains(&year) {
        Ok(year as u16)
    } else {
        Err(PeriodError::Year {
            value: value.to_owned(),
            year,
        })
    }
}

impl Period {
    /// The period ending with `month` of `year`; month 1 is refused (it is part of 1–2月).
    pub fn new(year: u16, month: u8) -> Result<Self, PeriodError> {
        let value = format!("{year}-{month:02}");
        check_year(&value, u32::from(year))?;
        match month {
            1 => Err(PeriodError::JanuaryAlone { value, year }),
            2..=12 => Ok(Period { year, month }),
            _ => Err(PeriodError::Month {
                value,
                month: u32::from(month),
            }),
        }
    }

    /// The combined January–February period of `year`.
    pub fn jan_feb(year: u16) -> Result<Self, PeriodError> {
        Period::new(year, 2)
    }

    /// Parses the canonical `YYYY-MM` form (also `YYYYMM`). Other spellings that people write in
    /// spreadsheets (2025年3月, 1-2月, Excel serials) are the importer's job.
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let value = text.trim();
        let format_error = || PeriodError::Format {
            value: value.to_owned(),
        };
        let (year, month) = match value.split_once('-') {
            Some((y, m)) if y.len() == 4 && (1..=2).contains(&m.len()) => (y, m),
            None if value.len() == 6 => value.split_at(4),
            _ => return Err(format_error()),
        };
        if !year
            .bytes()
            .chain(month.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return Err(format_error());
        }
        let year: u32 = year.parse().map_err(|_| format_error())?;
        let month: u32 = month.parse().map_err(|_| format_error())?;
        let year = check_year(value, year)?;
        match month {
            1 => Err(PeriodError::JanuaryAlone {
                value: value.to_owned(),
                year,
            }),
            2..=12 => Ok(Period {
                year,
                month: month as u8,
            }),
            _ => Err(PeriodError::Month {
                value: value.to_owned(),
                month,
            }),
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// The last calendar month the period covers (2 for 1–2月).
    pub fn month(self) -> u8 {
        self.month
    }

    pub fn is_jan_feb(self) -> bool {
        self.month == 2
    }

    /// Calendar months covered: 2 for 1–2月, otherwise 1.
    pub fn months_covered(self) -> u8 {
        if self.is_jan_feb() { 2 } else { 1 }
    }

    /// Dense ordinal (11 per year, from [`FIRST_YEAR`]) for indexing arrays of periods.
    pub fn ordinal(self) -> u32 {
        u32::from(self.year - FIRST_YEAR) * PERIODS_PER_YEAR + u32::from(self.month - 2)
    }

    pub fn from_ordinal(ordinal: u32) -> Option<Self> {
        let year = u32::from(FIRST_YEAR) + ordinal / PERIODS_PER_YEAR;
        let month = (ordinal % PERIODS_PER_YEAR + 2) as u8;
        (year <= u32::from(LAST_YEAR)).then_some(Period {
            year: year as u16,
            month,
        })
    }

    /// The `YYYYMM` integer stored in the database (`YYYY02` for 1–2月).
    pub fn key(self) -> i32 {
        i32::from(self.year) * 100 + i32::from(self.month)
    }

    pub fn from_key(key: i64) -> Result<Self, PeriodError> {
        Period::parse(&key.to_string())
    }

    /// The next reporting period (December → next year's 1–2月).
    pub fn next(self) -> Option<Self> {
        Period::from_ordinal(self.ordinal() + 1)
    }

    /// The previous reporting period (1–2月 → last December), the base of 环比.
    pub fn previous(self) -> Option<Self> {
        self.ordinal().checked_sub(1).and_then(Period::from_ordinal)
    }

    /// The same period a year earlier, the base of 同比.
    pub fn year_earlier(self) -> Option<Self> {
        (self.year > FIRST_YEAR).then(|| Period {
            year: self.year - 1,
            month: self.month,
        })
    }

    /// The periods from 1–2月 of the same year up to and including this one (累计, Jan–N).
    pub fn year_to_date(self) -> impl Iterator<Item = Period> {
        let year = self.year;
        (2..=self.month).map(move |month| Period { year, month })
    }

    /// The calendar months this period covers.
    pub fn months(self) -> impl Iterator<Item = Month> {
        let first = if self.is_jan_feb() { 1 } else { self.month };
        let year = self.year;
        (first..=self.month).map(move |month| Month { year, month })
    }

    /// The Chinese label used in statistical tables: `2025年1-2月`, `2025年3月`.
    pub fn label_zh(self) -> String {
        if self.is_jan_feb() {
            format!("{}年1-2月", self.year)
        } else {
            format!("{}年{}月", self.year, self.month)
        }
    }

    /// The English label: `Jan–Feb 2025`, `Mar 2025`.
    pub fn label_en(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        if self.is_jan_feb() {
            format!("Jan–Feb {}", self.year)
        } else {
            format!("{} {}", NAMES[usize::from(self.month - 1)], self.year)
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({self})")
    }
}

crate::serde_as_text!(Period);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn january_and_february_are_one_period() {
        let jan = Month::new(2025, 1).unwrap();
        let feb = Month::new(2025, 2).unwrap();
        assert_eq!(jan.period(), feb.period());
        let p = jan.period();
        assert!(p.is_jan_feb());
        assert_eq!(p.months_covered(), 2);
        assert_eq!(p.months().collect::<Vec<_>>(), vec![jan, feb]);
        assert_eq!(p.label_zh(), "2025年1-2月");
        assert_eq!(p.to_string(), "2025-02");
    }

    #[test]
    fn january_alone_is_refused_with_the_rule() {
        let err = Period::parse("2025-01").unwrap_err();
        assert!(err.to_string().contains("2025-02 (1–2月)"), "{err}");
    }

    #[test]
    fn impossible_periods_name_the_value() {
        assert!(matches!(
            Period::parse("2025-13"),
            Err(PeriodError::Month { month: 13, .. })
        ));
        assert!(matches!(
            Period::parse("2025-00"),
            Err(PeriodError::Month { month: 0, .. })
        ));
        assert!(matches!(
            Period::parse("1800-05"),
            Err(PeriodError::Year { year: 1800, .. })
        ));
        assert!(matches!(
            Period::parse("2025/05"),
            Err(PeriodError::Format { .. })
        ));
        assert!(matches!(
            Period::parse("２０２５-05"),
            Err(PeriodError::Format { .. })
        ));
        assert!(Period::parse("2025-5").is_ok());
        assert_eq!(
            Period::parse("202503").unwrap(),
            Period::new(2025, 3).unwrap()
        );
    }

    #[test]
    fn navigation_follows_the_reporting_calendar() {
        let jf = Period::jan_feb(2025).unwrap();
        assert_eq!(jf.previous().unwrap(), Period::new(2024, 12).unwrap());
        assert_eq!(Period::new(2024, 12).unwrap().next().unwrap(), jf);
        assert_eq!(Period::new(2025, 3).unwrap().previous().unwrap(), jf);
        assert_eq!(
            Period::new(2025, 7).unwrap().year_earlier().unwrap(),
            Period::new(2024, 7).unwrap()
        );
        let ytd: Vec<_> = Period::new(2025, 4)
            .unwrap()
            .year_to_date()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(ytd, ["2025-02", "2025-03", "2025-04"]);
    }

    proptest! {
        #[test]
        fn ordinal_key_and_text_round_trip(year in FIRST_YEAR..=LAST_YEAR, month in 2u8..=12) {
            let p = Period::new(year, month).unwrap();
            prop_assert_eq!(Period::from_ordinal(p.ordinal()).unwrap(), p);
            prop_assert_eq!(Period::from_key(i64::from(p.key())).unwrap(), p);
            prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
            prop_assert!(p.next().is_none_or(|n| n > p && n.previous() == Some(p)));
        }
    }
}
