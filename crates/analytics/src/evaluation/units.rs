//! Which units a framework evaluates and which enterprises make up each one: key chains, cities
//! or counties of the home province, professional towns, parks, local enterprises or
//! chain-masters. Group units take their members from the monitoring frame's dimensions, so an
//! evaluation counts the same enterprises as operation monitoring does.

use std::collections::{HashMap, HashSet};

use model::{ChainLevel, RegionCode, RegionLevel};
use monitor::standard;
use store::{Store, TitleRow};

use super::EvaluationError;
use crate::AnalyticsError;
use crate::monitoring::MonitoringData;

/// The units of one run, with their members and group labels.
#[derive(Debug)]
pub(crate) struct UnitSet {
    /// The monitoring dimension whose labels are the unit codes (`chain`, `city`, `enterprise` …).
    pub dimension: &'static str,
    pub kind: UnitKind,
    pub codes: Vec<String>,
    pub names: Vec<String>,
    /// Enterprise indices (the monitoring frame's) of each unit.
    pub members: Vec<Vec<u32>>,
    /// For towns: the county label of each unit (its `.county_total`).
    pub counties: Vec<Option<String>>,
    /// Group columns for group imputation: (name, one label per unit).
    pub groups: Vec<(String, Vec<Option<String>>)>,
    /// Province codes the store serves (see [`home_provinces`]).
    pub home: HashSet<String>,
}

/// The kinds of unit the loader knows, after `unit_kind` and `unit_set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Chain,
    City,
    County,
    Town,
    Park,
    LocalEnterprise,
    ChainMaster,
}

impl UnitKind {
    /// The framework's `unit_kind` and optional `unit_set`; the first set of each kind is its
    /// default.
    pub fn parse(kind: &str, set: Option<&str>) -> Result<Self, EvaluationError> {
        Ok(match (kind, set) {
            ("chain", None | Some("key-chains")) => UnitKind::Chain,
            ("region", None | Some("cities")) => UnitKind::City,
            ("region", Some("counties")) => UnitKind::County,
            ("town", None | Some("professional-towns")) => UnitKind::Town,
            ("park", None | Some("parks")) => UnitKind::Park,
            ("enterprise", None | Some("local")) => UnitKind::LocalEnterprise,
            ("enterprise", Some("chain-masters")) => UnitKind::ChainMaster,
            _ => {
                return Err(EvaluationError::UnitSet {
                    kind: kind.to_owned(),
                    set: set.map(str::to_owned),
                });
            }
        })
    }

    pub fn is_enterprise(self) -> bool {
        matches!(self, UnitKind::LocalEnterprise | UnitKind::ChainMaster)
    }

    fn dimension(self) -> &'static str {
        match self {
            UnitKind::Chain => standard::CHAIN,
            UnitKind::City => standard::CITY,
            UnitKind::County => standard::COUNTY,
            UnitKind::Town => standard::TOWN,
            UnitKind::Park => standard::PARK,
            UnitKind::LocalEnterprise | UnitKind::ChainMaster => standard::ENTERPRISE,
        }
    }
}

/// A designation that counts on `date`: approved or published and within its validity.
pub(crate) fn valid_on(t: &TitleRow, date: &str) -> bool {
    matches!(t.status.as_str(), "approved" | "published")
        && t.valid_from.as_deref().is_none_or(|from| from <= date)
        && t.valid_until.as_deref().is_none_or(|until| until >= date)
}

/// The label each enterprise holds in a single-valued dimension (`None` when it has none).
pub(crate) fn labels_of(
    data: &MonitoringData,
    dimension: &str,
) -> Result<Vec<Option<String>>, AnalyticsError> {
    let (_, d) = data.monitor.frame().dimension(dimension)?;
    Ok((0..d.enterprises())
        .map(|e| {
            d.keys_of(e)
                .first()
                .map(|&k| d.labels()[k as usize].clone())
        })
        .collect())
}

/// Enterprises of each label of a dimension.
fn members_by_label(
    data: &MonitoringData,
    dimension: &str,
) -> Result<HashMap<String, Vec<u32>>, AnalyticsError> {
    let (_, d) = data.monitor.frame().dimension(dimension)?;
    let mut members: HashMap<String, Vec<u32>> = HashMap::new();
    for e in 0..d.enterprises() {
        for &k in d.keys_of(e) {
            members
                .entry(d.labels()[k as usize].clone())
                .or_default()
                .push(e as u32);
        }
    }
    Ok(members)
}

/// The provinces the store serves: those of its province-level chains, or else the province
/// with the most enterprises.
pub(crate) async fn home_provinces(
    store: &Store,
    data: &MonitoringData,
) -> Result<HashSet<String>, AnalyticsError> {
    let chains: HashSet<String> = store
        .list_chain_summaries(&store::EnterpriseScope::everything())
        .await?
        .iter()
        .filter(|c| c.level == ChainLevel::Province)
        .map(|c| c.region.province().as_u32().to_string())
        .collect();
    if !chains.is_empty() {
        return Ok(chains);
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in labels_of(data, standard::PROVINCE)?.into_iter().flatten() {
        *counts.entry(p).or_default() += 1;
    }
    Ok(counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(p, _)| p)
        .into_iter()
        .collect())
}

/// Regions of `level` inside the home provinces, in code order.
fn regions(level: RegionLevel, home: &HashSet<String>) -> Vec<RegionCode> {
    RegionCode::all()
        .iter()
        .filter(|r| r.level == level && !r.functional_zone)
        .filter(|r| home.contains(&r.code.province().as_u32().to_string()))
        .map(|r| r.code)
        .collect()
}

/// Builds the unit set of `kind` for `year`.
pub(crate) async fn unit_set(
    store: &Store,
    data: &MonitoringData,
    kind: UnitKind,
    titles: &[TitleRow],
    year_end: &str,
) -> Result<UnitSet, AnalyticsError> {
    let dimension = kind.dimension();
    let mut set = UnitSet {
        dimension,
        kind,
        codes: Vec::new(),
        names: Vec::new(),
        members: Vec::new(),
        counties: Vec::new(),
        groups: Vec::new(),
        home: home_provinces(store, data).await?,
    };
    match kind {
        UnitKind::Chain => {
            for c in store
                .list_chain_summaries(&store::EnterpriseScope::everything())
                .await?
            {
                if c.level == ChainLevel::Province {
                    set.codes.push(c.code);
                    set.names.push(c.name);
                }
            }
        }
        UnitKind::City | UnitKind::County => {
            let level = if kind == UnitKind::City {
                RegionLevel::City
            } else {
                RegionLevel::County
            };
            for r in regions(level, &set.home) {
                set.codes.push(r.as_u32().to_string());
                set.names.push(r.name().to_owned());
            }
        }
        UnitKind::Town => {
            let mut tiers = Vec::new();
            for t in store.list_towns().await? {
                set.codes.push(t.code);
                set.names.push(t.name);
                set.counties.push(Some(t.region.as_u32().to_string()));
                tiers.push(Some(t.tier));
            }
            set.groups.push(("tier".to_owned(), tiers));
        }
        UnitKind::Park => {
            for p in store.list_parks().await? {
                if set.home.contains(&p.region.province().as_u32().to_string()) {
                    set.codes.push(p.code);
                    set.names.push(p.name);
                }
            }
        }
        UnitKind::LocalEnterprise | UnitKind::ChainMaster => {
            let provinces = labels_of(data, standard::PROVINCE)?;
            let masters: HashSet<model::Id> = titles
                .iter()
                .filter(|t| t.title == "chain_master" && valid_on(t, year_end))
                .map(|t| t.enterprise_id)
                .collect();
            let chosen: Vec<usize> = (0..data.enterprises.len())
                .filter(|&e| match kind {
                    UnitKind::ChainMaster => masters.contains(&data.enterprises[e].id),
                    _ => provinces[e].as_ref().is_some_and(|p| set.home.contains(p)),
                })
                .collect();
            let cities = labels_of(data, standard::CITY)?;
            let sizes = labels_of(data, standard::SIZE)?;
            for &e in &chosen {
                set.codes.push(data.enterprises[e].uscc.clone());
                set.names.push(data.enterprises[e].name.clone());
                set.members.push(vec![e as u32]);
            }
            set.groups = vec![
                (
                    "city".to_owned(),
                    chosen.iter().map(|&e| cities[e].clone()).collect(),
                ),
                (
                    "size".to_owned(),
                    chosen.iter().map(|&e| sizes[e].clone()).collect(),
                ),
                (
                    // GB/T 4754 division (两位数行业): per-mu benefits differ most by industry.
                    "industry".to_owned(),
                    chosen
                        .iter()
                        .map(|&e| data.enterprises[e].industry.get(..2).map(str::to_owned))
                        .collect(),
                ),
            ];
            return Ok(set);
        }
    }
    let members = members_by_label(data, dimension)?;
    set.members = set
        .codes
        .iter()
        .map(|c| members.get(c).cloned().unwrap_or_default())
        .collect();
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_sets_parse_with_defaults_and_refuse_unknown_ones() {
        let parse = |kind, set| UnitKind::parse(kind, set).ok();
        assert_eq!(parse("chain", None), Some(UnitKind::Chain));
        assert_eq!(
            parse("enterprise", Some("chain-masters")),
            Some(UnitKind::ChainMaster)
        );
        assert_eq!(parse("region", Some("counties")), Some(UnitKind::County));
        assert!(UnitKind::parse("enterprise", Some("all")).is_err());
        assert!(UnitKind::parse("country", None).is_err());
    }
}
