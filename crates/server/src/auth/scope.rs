//! What a principal may see, row by row and field by field.
//!
//! A [`Scope`] is built once per credential from the account's role and scope columns and, for
//! departments and external tokens, the sharing grants in force. Handlers never decide visibility
//! themselves: they pass `scope.enterprises` to the store (which applies it in SQL) and ask the
//! scope about fields, series and supply links.

use std::collections::BTreeSet;

use model::{Period, RegionCode};
use store::{Account, EnterpriseScope, Grant};

use super::Role;

/// A dataset a sharing grant can give (共享数据集).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// Enterprise registry columns (名录): identity always, other columns as granted.
    EnterpriseRegistry,
    /// Indicator series (指标数据): the granted indicator codes over the granted periods.
    IndicatorSeries,
    /// Supply links (供应链关系) of enterprises in the granted regions.
    SupplyLinks,
}

impl Dataset {
    pub const ALL: [Dataset; 3] = [
        Dataset::EnterpriseRegistry,
        Dataset::IndicatorSeries,
        Dataset::SupplyLinks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::EnterpriseRegistry => "enterprise_registry",
            Dataset::IndicatorSeries => "indicator_series",
            Dataset::SupplyLinks => "supply_links",
        }
    }

    pub fn parse(text: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// Registry columns a grant may name (identity — USCC and name — is always part of a grant).
pub const REGISTRY_FIELDS: [&str; 6] = [
    "region",
    "industry",
    "size_class",
    "above_designated_size",
    "park",
    "founded",
];

/// Which indicator series a principal may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesAccess {
    /// Every indicator of every visible enterprise, every period.
    All,
    /// Only what these grants give.
    Granted(Vec<Grant>),
}

/// The periods of one series a principal may read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeriesWindow {
    pub from: Option<Period>,
    pub to: Option<Period>,
    /// The sharing grant the read goes through, if any.
    pub grant: Option<i64>,
}

/// What a principal may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The enterprises visible at all (applied by the store in SQL).
    pub enterprises: EnterpriseScope,
    /// Registry fields beyond identity; `None` = all.
    pub fields: Option<BTreeSet<String>>,
    pub series: SeriesAccess,
    /// Supply-link grants (`None` = links of every visible enterprise may be read).
    supply_grants: Option<Vec<Grant>>,
    /// Counterparts of supply links that may be named (others are folded into a total).
    pub counterparts: EnterpriseScope,
    /// The grants in force when access goes through data sharing (empty otherwise); reads through
    /// them are audited and counted per grant.
    pub grants: Vec<i64>,
}

fn regions_of<'a>(grants: impl Iterator<Item = &'a Grant>) -> Vec<RegionCode> {
    let mut regions: Vec<RegionCode> = grants
        .flat_map(|g| g.grant.regions.iter().copied())
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

impl Scope {
    fn all_rows(enterprises: EnterpriseScope, counterparts: EnterpriseScope) -> Self {
        Scope {
            enterprises,
            fields: None,
            series: SeriesAccess::All,
            supply_grants: None,
            counterparts,
            grants: Vec::new(),
        }
    }

    /// The scope of `account` in `role`; `grants` are the sharing grants in force for its
    /// department or token (used by departments and by viewers' external tokens only).
    pub fn of(account: &Account, role: Role, grants: Vec<Grant>) -> Scope {
        match role {
            Role::Administrator | Role::ProvinceAnalyst => {
                Scope::all_rows(EnterpriseScope::everything(), EnterpriseScope::everything())
            }
            Role::ChainOffice => {
                let scope = EnterpriseScope {
                    chains: Some(account.chains.clone()),
                    ..Default::default()
                };
                Scope::all_rows(scope.clone(), scope)
            }
            Role::RegionBureau => {
                let scope = account
                    .region
                    .map_or_else(EnterpriseScope::nothing, EnterpriseScope::region);
                Scope::all_rows(scope.clone(), scope)
            }
            Role::ParkOffice => {
                let scope = match &account.park {
                    Some(park) => EnterpriseScope {
                        park: Some(park.clone()),
                        ..Default::default()
                    },
                    None => EnterpriseScope::nothing(),
                };
                Scope::all_rows(scope.clone(), scope)
            }
            Role::Enterprise => {
                let scope = match account.uscc {
                    Some(uscc) => EnterpriseScope {
                        uscc: Some(uscc),
                        ..Default::default()
                    },
                    None => EnterpriseScope::nothing(),
                };
                // Its own supply links name its own suppliers and customers.
                Scope::all_rows(scope, EnterpriseScope::everything())
            }
            Role::Department | Role::Viewer => Scope::shared(grants),
        }
    }

    /// Access through sharing grants only.
    fn shared(grants: Vec<Grant>) -> Scope {
        let of = |dataset: Dataset| -> Vec<Grant> {
            grants
                .iter()
                .filter(|g| g.grant.dataset == dataset.as_str())
                .cloned()
                .collect()
        };
        let registry = of(Dataset::EnterpriseRegistry);
        let series = of(Dataset::IndicatorSeries);
        let supply = of(Dataset::SupplyLinks);
        let mut fields = BTreeSet::new();
        for grant in &registry {
            if grant.grant.fields.is_empty() {
                fields.extend(REGISTRY_FIELDS.iter().map(|f| (*f).to_owned()));
            } else {
                fields.extend(grant.grant.fields.iter().cloned());
            }
        }
        let supply_regions = regions_of(supply.iter());
        Scope {
            enterprises: EnterpriseScope {
                regions: Some(regions_of(grants.iter())),
                ..Default::default()
            },
            fields: Some(fields),
            series: SeriesAccess::Granted(series),
            counterparts: EnterpriseScope {
                regions: Some(supply_regions),
                ..Default::default()
            },
            supply_grants: Some(supply),
            grants: grants.iter().map(|g| g.id).collect(),
        }
    }

    /// True when reads go through sharing grants (and are audited as shared-data reads).
    pub fn is_shared(&self) -> bool {
        self.fields.is_some()
    }

    pub fn shows_field(&self, field: &str) -> bool {
        self.fields.as_ref().is_none_or(|f| f.contains(field))
    }

    /// The periods of `indicator` readable for an enterprise in `region` (`None` bounds are
    /// open) and the grant it is read through; `None` when it may not be read at all.
    pub fn series_access(&self, region: RegionCode, indicator: &str) -> Option<SeriesWindow> {
        match &self.series {
            SeriesAccess::All => Some(SeriesWindow::default()),
            SeriesAccess::Granted(grants) => grants
                .iter()
                .find(|g| {
                    g.grant.regions.iter().any(|r| region.is_within(*r))
                        && (g.grant.fields.is_empty()
                            || g.grant.fields.iter().any(|f| f == indicator))
                })
                .map(|g| SeriesWindow {
                    from: g.grant.period_from,
                    to: g.grant.period_to,
                    grant: Some(g.id),
                }),
        }
    }

    /// Whether supply links of an enterprise in `region` may be read, and through which grant.
    pub fn supply_access(&self, region: RegionCode) -> Option<Option<i64>> {
        match &self.supply_grants {
            None => Some(None),
            Some(grants) => grants
                .iter()
                .find(|g| g.grant.regions.iter().any(|r| region.is_within(*r)))
                .map(|g| Some(g.id)),
        }
    }
}
