//! Administrative divisions (GB/T 2260): six digits, province(2) + city(2) + county(2).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Level of an administrative division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 省级: province, autonomous region, municipality, SAR.
    Province,
    /// 地级: prefecture-level city, prefecture, league (and the 市辖区 / 省直辖 groupings).
    City,
    /// 县级: district, county, banner, county-level city; also statistical functional zones.
    County,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::City => "city",
            RegionLevel::County => "county",
        }
    }
}

/// One row of the embedded division table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRecord {
    pub code: RegionCode,
    pub name: &'static str,
    pub level: RegionLevel,
    pub parent: Option<RegionCode>,
    /// A statistical functional zone (development zone, new area; county digits 71–79): listed in
    /// the NBS statistical codes, not in GB/T 2260 itself.
    pub functional_zone: bool,
}

/// A GB/T 2260 division code known to the embedded table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("region code {value:?} must be 6 digits (GB/T 2260: province, city, county)")]
    Format { value: String },
    #[error(
        "region code {value} is not in the GB/T 2260 table chainchief ships (2023 statistical division codes)"
    )]
    Unknown { value: String },
}

struct RegionTable {
    records: Vec<RegionRecord>,
    by_code: HashMap<RegionCode, usize>,
}

static TABLE: LazyLock<RegionTable> = LazyLock::new(|| {
    let records: Vec<RegionRecord> = include_str!("../data/regions.tsv")
        .lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let mut next = || fields.next().unwrap_or_default();
            let code = RegionCode(next().parse().unwrap_or(0));
            let name = next();
            let level = match next() {
                "province" => RegionLevel::Province,
                "city" => RegionLevel::City,
                _ => RegionLevel::County,
            };
            let parent = next().parse().ok().map(RegionCode);
            let functional_zone = next() == "zone";
            RegionRecord {
                code,
                name,
                level,
                parent,
                functional_zone,
            }
        })
        .collect();
    let by_code = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();
    RegionTable { records, by_code }
});

impl RegionCode {
    pub fn parse(text: &str) -> Result<Self, RegionError> {
        let value = text.trim();
        if value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionError::Format {
                value: value.to_owned(),
            });
        }
        let code = RegionCode(value.parse().map_err(|_| RegionError::Format {
            value: value.to_owned(),
        })?);
        if TABLE.by_code.contains_key(&code) {
            Ok(code)
        } else {
            Err(RegionError::Unknown {
                value: value.to_owned(),
            })
        }
    }

    /// Every division in the embedded table, provinces first, in code order within a level.
    pub fn all() -> &'static [RegionRecord] {
        &TABLE.records
    }

    pub fn record(self) -> &'static RegionRecord {
        // Every RegionCode was checked against the table when it was made.
        &TABLE.records[TABLE.by_code[&self]]
    }

    pub fn name(self) -> &'static str {
        self.record().name
    }

    pub fn level(self) -> RegionLevel {
        self.record().level
    }

    pub fn parent(self) -> Option<RegionCode> {
        self.record().parent
    }

    /// The province this division belongs to (itself for a province).
    pub fn province(self) -> RegionCode {
        RegionCode(self.0 / 10_000 * 10_000)
    }

    /// The city-level division this one belongs to (`None` for a province).
    pub fn city(self) -> Option<RegionCode> {
        match self.level() {
            RegionLevel::Province => None,
            RegionLevel::City => Some(self),
            RegionLevel::County => self.parent(),
        }
    }

    /// True when `self` is `ancestor` or lies below it. Used for region scope checks.
    pub fn is_within(self, ancestor: RegionCode) -> bool {
        let mut current = Some(self);
        while let Some(code) = current {
            if code == ancestor {
                return true;
            }
            current = code.parent();
        }
        false
    }

    /// The divisions directly below this one.
    pub fn children(self) -> impl Iterator<Item = RegionCode> {
        TABLE
            .records
            .iter()
            .filter(move |r| r.parent == Some(self))
            .map(|r| r.code)
    }

    pub fn as_u32(self) -> u32 {
        self.0
    }

    /// Looks up a code given as an integer (as stored in the database).
    pub fn from_u32(code: u32) -> Result<Self, RegionError> {
        RegionCode::parse(&format!("{code:06}"))
    }
}

impl FromStr for RegionCode {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionCode::parse(s)
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({:06})", self.0)
    }
}

crate::serde_as_text!(RegionCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanxi_has_eleven_cities_with_real_names() {
        let shanxi = RegionCode::parse("140000").unwrap();
        assert_eq!(shanxi.name(), "山西省");
        let cities: Vec<_> = shanxi.children().map(|c| c.name()).collect();
        assert_eq!(cities.len(), 11);
        assert_eq!(cities[0], "太原市");
        assert_eq!(cities[10], "吕梁市");
    }

    #[test]
    fn every_parent_exists_and_is_one_level_up() {
        for record in RegionCode::all() {
            match record.level {
                RegionLevel::Province => assert!(record.parent.is_none()),
                level => {
                    let parent = record.parent.expect("non-province has a parent");
                    assert!(
                        parent.level() < level,
                        "{:?} under {:?}",
                        record.code,
                        parent
                    );
                    assert_eq!(parent.province(), record.code.province());
                }
            }
        }
    }

    #[test]
    fn table_covers_all_of_china_to_county_level() {
        let count = |level| {
            RegionCode::all()
                .iter()
                .filter(|r| r.level == level)
                .count()
        };
        assert_eq!(count(RegionLevel::Province), 34);
        assert!(
            count(RegionLevel::City) > 330,
            "{}",
            count(RegionLevel::City)
        );
        let counties = RegionCode::all()
            .iter()
            .filter(|r| r.level == RegionLevel::County && !r.functional_zone)
            .count();
        assert!((2_800..3_000).contains(&counties), "{counties}");
    }

    #[test]
    fn scope_walks_up_the_tree() {
        let xiaodian = RegionCode::parse("140105").unwrap();
        let taiyuan = RegionCode::parse("140100").unwrap();
        let datong = RegionCode::parse("140200").unwrap();
        assert!(xiaodian.is_within(taiyuan));
        assert!(xiaodian.is_within(RegionCode::parse("140000").unwrap()));
        assert!(!xiaodian.is_within(datong));
        assert_eq!(xiaodian.city(), Some(taiyuan));
    }

    #[test]
    fn unknown_and_malformed_codes_are_refused() {
        assert!(matches!(
            RegionCode::parse("149999"),
            Err(RegionError::Unknown { .. })
        ));
        assert!(matches!(
            RegionCode::parse("14010"),
            Err(RegionError::Format { .. })
        ));
        assert!(matches!(
            RegionCode::parse("14a105"),
            Err(RegionError::Format { .. })
        ));
        let err = RegionCode::parse("149999").unwrap_err().to_string();
        assert!(err.contains("149999") && err.contains("GB/T 2260"), "{err}");
    }
}
