//! The enterprise registry as the relatedness loaders see it: every enterprise's place and
//! industry, the home province, the parks, and the keys that put an enterprise in a table row
//! (county, city or park) and column (GB/T 4754 class, group or division).

use std::collections::HashMap;

use model::{Id, IndustryCode, IndustryLevel, Period, RegionCode};
use serde::{Deserialize, Serialize};
use store::{EnterpriseAttributes, Store};

use crate::AnalyticsError;

/// Which places are the rows of a location × industry table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationLevel {
    /// 县区 (GB/T 2260 county-level code).
    #[default]
    County,
    /// 地级市.
    City,
    /// 园区 (development zones and industrial parks, by park code).
    Park,
}

impl LocationLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationLevel::County => "county",
            LocationLevel::City => "city",
            LocationLevel::Park => "park",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            LocationLevel::County => "县区",
            LocationLevel::City => "市",
            LocationLevel::Park => "园区",
        }
    }
}

/// The code of `code` at `level` (its own ancestor of that level); `None` when `code` is not a
/// GB/T 4754 code or is coarser than `level`.
pub fn industry_at(code: &str, level: IndustryLevel) -> Option<IndustryCode> {
    let mut current = IndustryCode::parse(code).ok()?;
    while current.level() > level {
        current = current.parent()?;
    }
    (current.level() == level).then_some(current)
}

/// A place's display name: the GB/T 2260 name of a region code, the park's name, or the label.
pub(crate) fn region_name(label: &str) -> Option<&'static str> {
    RegionCode::parse(label).ok().map(RegionCode::name)
}

/// Enterprises, the home province and its parks, loaded once per analysis.
#[derive(Debug)]
pub(crate) struct Registry {
    pub attributes: Vec<EnterpriseAttributes>,
    pub index: HashMap<Id, usize>,
    pub province: RegionCode,
    /// Parks of the home province, in code order.
    pub parks: Vec<model::Park>,
}

impl Registry {
    /// Loads the registry. The home province is `province` when given; otherwise the province
    /// of the stored provincial key chains (the platform's own); otherwise the province most
    /// enterprises that report monthly figures are in (outside firms do not report).
    pub async fn load(store: &Store, province: Option<RegionCode>) -> Result<Self, AnalyticsError> {
        let attributes = store.enterprise_attributes().await?;
        let index = attributes
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let province = match province {
            Some(p) => p.province(),
            None => home_province(store, &attributes).await?,
        };
        let parks = store
            .list_parks()
            .await?
            .into_iter()
            .filter(|p| p.region.province() == province)
            .collect();
        Ok(Registry {
            attributes,
            index,
            province,
            parks,
        })
    }

    pub fn is_local(&self, a: &EnterpriseAttributes) -> bool {
        i64::from(self.province.as_u32()) == a.province_code
    }

    /// The row label of an enterprise at `level` (`None`: a firm in no park, or without a city).
    pub fn location_of(a: &EnterpriseAttributes, level: LocationLevel) -> Option<String> {
        match level {
            LocationLevel::County => Some(a.region_code.to_string()),
            LocationLevel::City => a.city_code.map(|c| c.to_string()),
            LocationLevel::Park => a.park.clone(),
        }
    }

    /// Display name of a row label.
    pub fn place_name(&self, label: &str, level: LocationLevel) -> String {
        let name = match level {
            LocationLevel::Park => self
                .parks
                .iter()
                .find(|p| p.code == label)
                .map(|p| p.name.as_str()),
            _ => region_name(label),
        };
        name.unwrap_or(label).to_owned()
    }
}

async fn home_province(
    store: &Store,
    attributes: &[EnterpriseAttributes],
) -> Result<RegionCode, AnalyticsError> {
    let mut votes: HashMap<RegionCode, usize> = HashMap::new();
    for chain in store
        .list_chain_summaries(&store::EnterpriseScope::everything())
        .await?
    {
        if chain.level == model::ChainLevel::Province {
            *votes.entry(chain.region.province()).or_default() += 1;
        }
    }
    if votes.is_empty() {
        let (_, last) = store
            .observation_period_range()
            .await?
            .ok_or(AnalyticsError::NoObservations)?;
        let reporting = store.annual_values("output_value", last.year()).await?;
        let index: HashMap<Id, &EnterpriseAttributes> =
            attributes.iter().map(|a| (a.id, a)).collect();
        for id in &reporting.enterprise_ids {
            if let Some(p) = index
                .get(id)
                .and_then(|a| u32::try_from(a.province_code).ok())
                .and_then(|c| RegionCode::from_u32(c).ok())
            {
                *votes.entry(p).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(p, _)| p)
        .ok_or(AnalyticsError::NoObservations)
}

/// The year a table uses: `year` when given, else the latest calendar year whose December is
/// reported (a full year), or the latest year when no December is.
pub async fn table_year(store: &Store, year: Option<u16>) -> Result<u16, AnalyticsError> {
    if let Some(year) = year {
        return Ok(year);
    }
    let (first, last) = store
        .observation_period_range()
        .await?
        .ok_or(AnalyticsError::NoObservations)?;
    Ok(full_year(first, last))
}

fn full_year(first: Period, last: Period) -> u16 {
    if last.month() == 12 || last.year() == first.year() {
        last.year()
    } else {
        (last.year() - 1).max(first.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_coarsen_to_the_level_asked_for() {
        let at = |code, level| industry_at(code, level).map(|c| c.as_str().to_owned());
        assert_eq!(at("3670", IndustryLevel::Class).as_deref(), Some("3670"));
        assert_eq!(at("3670", IndustryLevel::Group).as_deref(), Some("367"));
        assert_eq!(at("3670", IndustryLevel::Division).as_deref(), Some("36"));
        assert_eq!(at("36", IndustryLevel::Class), None);
        assert_eq!(at("9999", IndustryLevel::Class), None);
        let p = |y, m| Period::new(y, m).unwrap();
        assert_eq!(full_year(p(2023, 11), p(2026, 10)), 2025);
        assert_eq!(full_year(p(2023, 11), p(2025, 12)), 2025);
        assert_eq!(full_year(p(2026, 2), p(2026, 10)), 2026);
    }
}
