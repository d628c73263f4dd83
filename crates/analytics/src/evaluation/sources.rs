//! The names framework sources use for what the store holds (crates/evaluate/frameworks/README.md,
//! "Sources") and how each is found for every unit of a year: monthly figures rolled up by the
//! monitoring engine, filed facts, counts of register flags and designations, the year's supply
//! totals, the chain map. The arithmetic a source declares (reducing periods, ratios, scale) is
//! the evaluate engine's; this module only finds the figures.

use std::collections::{HashMap, HashSet};

use evaluate::Rollup;
use model::TitleKind;
use monitor::{Rollup as Groups, RollupSpec};
use store::{ChainPurchaseTotals, EnterpriseSupplyTotals, SupplyLinkColumns, TitleRow};

use super::units::{UnitKind, UnitSet, valid_on};
use crate::AnalyticsError;
use crate::monitoring::{KEY_CHAIN_MEMBERS, KEY_CHAINS, MonitoringData};

/// A 链核 supplies its chain-master more than this a year (Shanxi chain-master rules, see
/// shared/reference/README.md §3).
pub(crate) const CHAIN_CORE_TRADE_YUAN: f64 = 10_000_000.0;

/// MIIT tier titles a 专精特新-and-above count takes.
const TIER_TITLES: [TitleKind; 3] = [
    TitleKind::SpecialisedSme,
    TitleKind::LittleGiant,
    TitleKind::SingleChampion,
];

/// What a source name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Quantity {
    /// A monthly indicator of the catalogue, over the enterprises of `scope`.
    Monthly {
        code: String,
        scope: Scope,
    },
    /// A filed enterprise fact (`NAME_<year>` or undated `NAME`).
    Fact(String),
    Count(Counted),
    /// Value bought through the year's supply links (only from the buyer's own province).
    Purchases {
        local: bool,
    },
    /// Annual output of a chain's five largest members.
    ChainTop5Output,
}

/// Whose monthly figures a source adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    /// The unit's enterprises.
    Unit,
    /// Only the 规上 among them.
    AboveSize,
    /// Only the key-chain members among them.
    KeyChainMembers,
    /// Every enterprise of a town's county.
    CountyTotal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counted {
    AboveSize,
    NewAboveSize,
    RdInstitution { city_level: bool },
    TierTitle,
    TierTitleNew,
    ChainMasterOrCore,
    ChainCoreSupplier,
    LocalPartners,
    ChainNodes,
    ChainNodesWithLocalMembers,
}

fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The quantity a source name stands for; `None` for a name the store has nothing for.
pub(crate) fn parse(name: &str) -> Option<Quantity> {
    use Counted::*;
    let count = |c| Some(Quantity::Count(c));
    match name.split_once('.') {
        None if is_code(name) => Some(Quantity::Monthly {
            code: name.to_owned(),
            scope: Scope::Unit,
        }),
        None => None,
        Some(("fact", fact)) if is_code(fact) => Some(Quantity::Fact(fact.to_owned())),
        Some(("enterprise", "above_size")) => count(AboveSize),
        Some(("enterprise", "new_above_size")) => count(NewAboveSize),
        Some(("enterprise", "rd_institution_provincial")) => {
            count(RdInstitution { city_level: false })
        }
        Some(("enterprise", "rd_institution_city")) => count(RdInstitution { city_level: true }),
        Some(("designation", "tier_title")) => count(TierTitle),
        Some(("designation", "tier_title_new")) => count(TierTitleNew),
        Some(("designation", "chain_master_or_core")) => count(ChainMasterOrCore),
        Some(("designation", "chain_core_supplier")) => count(ChainCoreSupplier),
        Some(("supply_link", "local_partners")) => count(LocalPartners),
        Some(("supply_link", "purchases")) => Some(Quantity::Purchases { local: false }),
        Some(("supply_link", "local_purchases")) => Some(Quantity::Purchases { local: true }),
        Some(("chain", "nodes")) => count(ChainNodes),
        Some(("chain", "nodes_with_local_members")) => count(ChainNodesWithLocalMembers),
        Some(("chain", "top5_output")) => Some(Quantity::ChainTop5Output),
        Some((code, qualifier)) if is_code(code) => {
            let scope = match qualifier {
                "above_size" => Scope::AboveSize,
                "key_chain_members" => Scope::KeyChainMembers,
                "county_total" => Scope::CountyTotal,
                _ => return None,
            };
            Some(Quantity::Monthly {
                code: code.to_owned(),
                scope,
            })
        }
        Some(_) => None,
    }
}

/// Why a source has no values at all (the indicator is then dropped from the run).
pub(crate) type Missing = String;

/// One value per unit, or why there are none.
pub(crate) type Column = Result<Vec<Option<f64>>, Missing>;

/// What the store holds beyond the monitoring data, loaded only when a framework needs it.
#[derive(Debug, Default)]
pub(crate) struct Extras {
    /// Filed facts by (enterprise index, name).
    pub facts: HashMap<(u32, String), String>,
    /// Fact names anyone filed.
    pub fact_names: HashSet<String>,
    pub titles: Vec<TitleRow>,
    pub supply: Option<SupplyData>,
    /// Per chain: nodes of its map, and those with a member in the home provinces.
    pub chain_nodes: HashMap<String, (usize, usize)>,
    /// Enterprise ids → frame indices.
    pub index_of: HashMap<model::Id, u32>,
}

/// The year's supply network as the sources read it.
#[derive(Debug, Default)]
pub(crate) struct SupplyData {
    pub links: SupplyLinkColumns,
    pub enterprises: Vec<EnterpriseSupplyTotals>,
    pub chains: Vec<ChainPurchaseTotals>,
}

/// Rollups of the monthly figures, computed once per scope.
pub(crate) struct Rollups {
    by_scope: HashMap<Scope, (Groups, HashMap<String, usize>)>,
}

fn group_index(groups: &Groups) -> HashMap<String, usize> {
    (0..groups.groups())
        .map(|g| (groups.group_labels(g).join("\u{1f}"), g))
        .collect()
}

impl Rollups {
    /// Rolls up `measures` for each scope in `scopes` over the units' dimension.
    pub fn new(
        data: &MonitoringData,
        units: &UnitSet,
        needs: &HashMap<Scope, Vec<String>>,
    ) -> Result<Self, AnalyticsError> {
        let mut by_scope = HashMap::new();
        for (&scope, measures) in needs {
            let measures: Vec<&str> = measures.iter().map(String::as_str).collect();
            let spec = match scope {
                Scope::Unit => RollupSpec::by(&[units.dimension]),
                Scope::AboveSize => RollupSpec::by(&[units.dimension]).above_size_only(),
                Scope::KeyChainMembers => {
                    RollupSpec::by(&[units.dimension]).within(KEY_CHAINS, KEY_CHAIN_MEMBERS)
                }
                Scope::CountyTotal => RollupSpec::by(&[monitor::standard::COUNTY]),
            }
            .measures(&measures);
            let groups = data.monitor.rollup(&spec)?;
            let index = group_index(&groups);
            by_scope.insert(scope, (groups, index));
        }
        Ok(Rollups { by_scope })
    }
}

/// Everything a column is resolved from.
pub(crate) struct Context<'a> {
    pub data: &'a MonitoringData,
    pub units: &'a UnitSet,
    pub extras: &'a Extras,
    pub rollups: &'a Rollups,
    pub year_end: String,
    /// Axis indices of the year's reporting periods, and of the year before's.
    pub periods: Vec<usize>,
    pub previous: Vec<usize>,
}

impl Context<'_> {
    fn per_unit(&self, f: impl Fn(usize) -> Option<f64>) -> Column {
        Ok((0..self.units.codes.len()).map(f).collect())
    }

    /// The value of a monthly measure for each unit.
    fn monthly(&self, code: &str, scope: Scope, rollup: Rollup) -> Column {
        if scope == Scope::CountyTotal && self.units.kind != UnitKind::Town {
            return Err(format!(
                "`{code}.county_total` applies to professional towns only"
            ));
        }
        let (groups, index) = self
            .rollups
            .by_scope
            .get(&scope)
            .ok_or_else(|| format!("`{code}` has no observations in the store"))?;
        let Ok(m) = groups.measure(code) else {
            return Err(format!("`{code}` has no observations in the store"));
        };
        let measure = &groups.measures()[m];
        let (cumulative, ratio) = (
            measure.cumulative,
            matches!(measure.kind, monitor::MeasureKind::Ratio { .. }),
        );
        let last = *self
            .periods
            .last()
            .ok_or("the year has no reporting period")?;
        self.per_unit(|u| {
            let label = match scope {
                Scope::CountyTotal => self.units.counties.get(u).cloned().flatten()?,
                _ => self.units.codes[u].clone(),
            };
            let g = *index.get(&label)?;
            let series = groups.series(m, g);
            match rollup {
                Rollup::YoyGrowth if cumulative => series[last].ytd_yoy,
                Rollup::YoyGrowth => series[last].month_yoy,
                // A derived ratio: the ratio of the year's sums over the enterprises that
                // reported both, to the year's last period.
                _ if ratio => series[last].ytd,
                _ => {
                    let months: Vec<f64> = self
                        .periods
                        .iter()
                        .map(|&t| series[t].month.unwrap_or(f64::NAN))
                        .collect();
                    rollup.reduce(&months)
                }
            }
        })
    }

    fn fact(&self, name: &str, rollup: Rollup) -> Column {
        if !self.units.kind.is_enterprise() {
            return Err(format!(
                "`fact.{name}` is filed per enterprise, not per unit of this kind"
            ));
        }
        let key = match rollup {
            Rollup::Annual => format!("{name}_{}", &self.year_end[..4]),
            Rollup::YearEnd => name.to_owned(),
            other => {
                return Err(format!(
                    "`fact.{name}` takes rollup annual or year-end, not {}",
                    other.as_str()
                ));
            }
        };
        if !self.extras.fact_names.contains(&key) {
            return Err(format!("no enterprise has filed the fact `{key}`"));
        }
        self.per_unit(|u| {
            let e = self.units.members[u][0];
            self.extras
                .facts
                .get(&(e, key.clone()))
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
        })
    }

    /// Number of the unit's members for which `test` holds.
    fn count_members(&self, test: impl Fn(u32) -> bool) -> Column {
        self.per_unit(|u| Some(self.units.members[u].iter().filter(|&&e| test(e)).count() as f64))
    }

    /// Enterprises holding a title among `titles` that `when` accepts, with its chain.
    fn holders(
        &self,
        titles: &[TitleKind],
        when: impl Fn(&TitleRow) -> bool,
    ) -> HashSet<(u32, Option<String>)> {
        self.extras
            .titles
            .iter()
            .filter(|t| titles.iter().any(|k| k.as_str() == t.title) && when(t))
            .filter_map(|t| {
                let e = *self.extras.index_of.get(&t.enterprise_id)?;
                Some((e, t.chain.clone()))
            })
            .collect()
    }

    fn counted(&self, what: Counted) -> Column {
        let above = self.data.monitor.frame().above_designated_size();
        let year = &self.year_end[..4];
        let enterprise_only = |name: &str| -> Column {
            Err(format!("`{name}` is counted for enterprise units only"))
        };
        match what {
            Counted::AboveSize => self.count_members(|e| above[e as usize]),
            Counted::NewAboveSize => self.new_above_size(),
            Counted::RdInstitution { city_level } => {
                let levels: &[&str] = if city_level {
                    &["national", "provincial", "city"]
                } else {
                    &["national", "provincial"]
                };
                if !self.extras.fact_names.contains("rd_institution") {
                    return Err("no enterprise has filed the fact `rd_institution`".into());
                }
                self.count_members(|e| {
                    self.extras
                        .facts
                        .get(&(e, "rd_institution".to_owned()))
                        .is_some_and(|v| levels.contains(&v.trim()))
                })
            }
            Counted::TierTitle => {
                let holders = self.holders(&TIER_TITLES, |t| valid_on(t, &self.year_end));
                let ids: HashSet<u32> = holders.into_iter().map(|(e, _)| e).collect();
                self.count_members(|e| ids.contains(&e))
            }
            Counted::TierTitleNew => {
                let holders = self.holders(&TIER_TITLES, |t| {
                    matches!(t.status.as_str(), "approved" | "published")
                        && t.valid_from.as_deref().is_some_and(|d| d.starts_with(year))
                });
                let ids: HashSet<u32> = holders.into_iter().map(|(e, _)| e).collect();
                self.count_members(|e| ids.contains(&e))
            }
            Counted::ChainMasterOrCore => {
                let holders = self.holders(&[TitleKind::ChainMaster, TitleKind::ChainCore], |t| {
                    valid_on(t, &self.year_end)
                });
                if self.units.kind == UnitKind::Chain {
                    // Designated for this chain.
                    self.per_unit(|u| {
                        let chain = Some(self.units.codes[u].clone());
                        let firms: HashSet<u32> = holders
                            .iter()
                            .filter(|(_, c)| *c == chain)
                            .map(|(e, _)| *e)
                            .collect();
                        Some(firms.len() as f64)
                    })
                } else {
                    let ids: HashSet<u32> = holders.into_iter().map(|(e, _)| e).collect();
                    self.count_members(|e| ids.contains(&e))
                }
            }
            Counted::ChainCoreSupplier => {
                if !self.units.kind.is_enterprise() {
                    return enterprise_only("designation.chain_core_supplier");
                }
                let supply = self.supply()?;
                let cores: HashSet<u32> = self
                    .holders(&[TitleKind::ChainCore], |t| valid_on(t, &self.year_end))
                    .into_iter()
                    .map(|(e, _)| e)
                    .collect();
                let mut suppliers: HashMap<u32, HashSet<u32>> = HashMap::new();
                let links = &supply.links;
                for k in 0..links.values.len() {
                    let (Some(&s), Some(&c)) = (
                        self.extras.index_of.get(&links.suppliers[k]),
                        self.extras.index_of.get(&links.customers[k]),
                    ) else {
                        continue;
                    };
                    if links.values[k] > CHAIN_CORE_TRADE_YUAN && cores.contains(&s) {
                        suppliers.entry(c).or_default().insert(s);
                    }
                }
                self.per_unit(|u| {
                    let e = self.units.members[u][0];
                    Some(suppliers.get(&e).map_or(0, HashSet::len) as f64)
                })
            }
            Counted::LocalPartners => {
                if !self.units.kind.is_enterprise() {
                    return enterprise_only("supply_link.local_partners");
                }
                let supply = self.supply()?;
                let partners: HashMap<u32, i64> = supply
                    .enterprises
                    .iter()
                    .filter_map(|t| {
                        Some((
                            *self.extras.index_of.get(&t.enterprise_id)?,
                            t.local_partners,
                        ))
                    })
                    .collect();
                // A firm with no link in a year that has links has no partners.
                self.per_unit(|u| {
                    let e = self.units.members[u][0];
                    Some(partners.get(&e).copied().unwrap_or(0) as f64)
                })
            }
            Counted::ChainNodes | Counted::ChainNodesWithLocalMembers => {
                if self.units.kind != UnitKind::Chain {
                    return Err("chain-map counts apply to chain units only".into());
                }
                self.per_unit(|u| {
                    let (all, local) = self.extras.chain_nodes.get(&self.units.codes[u])?;
                    Some(if what == Counted::ChainNodes {
                        *all
                    } else {
                        *local
                    } as f64)
                })
            }
        }
    }

    fn supply(&self) -> Result<&SupplyData, Missing> {
        self.extras
            .supply
            .as_ref()
            .filter(|s| !s.links.values.is_empty())
            .ok_or_else(|| {
                format!(
                    "the store holds no supply links for {}",
                    &self.year_end[..4]
                )
            })
    }

    /// Enterprises whose summed monthly operating revenue crossed the 规上 line this year.
    fn new_above_size(&self) -> Column {
        if self.previous.is_empty() {
            return Err(
                "new above-size enterprises need the year before on the period axis".into(),
            );
        }
        let Ok(m) = self.data.monitor.measure("operating_revenue") else {
            return Err("`operating_revenue` has no observations in the store".into());
        };
        let panel = match self.data.monitor.measures()[m].kind {
            monitor::MeasureKind::Base { panel } => &self.data.monitor.panels()[panel],
            monitor::MeasureKind::Ratio { .. } => {
                return Err("`operating_revenue` is not a base indicator".into());
            }
        };
        let annual = |e: usize, periods: &[usize]| {
            let row = panel.row(e);
            let months: Vec<f64> = periods.iter().map(|&t| row[t]).collect();
            Rollup::AnnualSum.reduce(&months)
        };
        let crossed: Vec<bool> = (0..self.data.enterprises.len())
            .map(|e| {
                let now = annual(e, &self.periods).is_some_and(monitor::is_above_designated_size);
                let before =
                    annual(e, &self.previous).is_some_and(monitor::is_above_designated_size);
                now && !before
            })
            .collect();
        self.count_members(|e| crossed[e as usize])
    }

    fn purchases(&self, local: bool) -> Column {
        let supply = self.supply()?;
        let pick = |all: f64, l: f64| if local { l } else { all };
        match self.units.kind {
            UnitKind::Chain => {
                let by_chain: HashMap<&str, f64> = supply
                    .chains
                    .iter()
                    .map(|c| (c.chain.as_str(), pick(c.purchases, c.local_purchases)))
                    .collect();
                self.per_unit(|u| by_chain.get(self.units.codes[u].as_str()).copied())
            }
            kind if kind.is_enterprise() => {
                let by_firm: HashMap<u32, f64> = supply
                    .enterprises
                    .iter()
                    .filter(|t| t.purchases > 0.0)
                    .filter_map(|t| {
                        let e = *self.extras.index_of.get(&t.enterprise_id)?;
                        Some((e, pick(t.purchases, t.local_purchases)))
                    })
                    .collect();
                self.per_unit(|u| by_firm.get(&self.units.members[u][0]).copied())
            }
            _ => Err("supply-link purchases are summed for chains and enterprises only".into()),
        }
    }

    fn top5_output(&self, top5: &Groups) -> Column {
        if self.units.kind != UnitKind::Chain {
            return Err("`chain.top5_output` applies to chain units only".into());
        }
        let m = top5
            .measure("output_value")
            .map_err(|_| "`output_value` has no observations in the store".to_owned())?;
        let mut by_chain: HashMap<&str, Vec<f64>> = HashMap::new();
        for g in 0..top5.groups() {
            let series = top5.series(m, g);
            let months: Vec<f64> = self
                .periods
                .iter()
                .map(|&t| series[t].month.unwrap_or(f64::NAN))
                .collect();
            if let Some(v) = Rollup::AnnualSum.reduce(&months) {
                by_chain
                    .entry(&top5.group_labels(g)[0])
                    .or_default()
                    .push(v);
            }
        }
        self.per_unit(|u| {
            by_chain
                .get(self.units.codes[u].as_str())
                .and_then(|v| evaluate::source::largest_sum(v, 5))
        })
    }

    /// The values of one quantity under one rollup, for every unit.
    pub fn resolve(&self, quantity: &Quantity, rollup: Rollup, top5: Option<&Groups>) -> Column {
        let takes = |allowed: &[Rollup]| -> Result<(), Missing> {
            if allowed.contains(&rollup) {
                Ok(())
            } else {
                Err(format!(
                    "rollup {} does not apply here (use {})",
                    rollup.as_str(),
                    allowed
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ))
            }
        };
        match quantity {
            Quantity::Monthly { code, scope } => {
                takes(&[
                    Rollup::AnnualSum,
                    Rollup::AnnualMean,
                    Rollup::YearEnd,
                    Rollup::YoyGrowth,
                ])?;
                self.monthly(code, *scope, rollup)
            }
            Quantity::Fact(name) => self.fact(name, rollup),
            Quantity::Count(what) => {
                takes(&[Rollup::Count])?;
                self.counted(*what)
            }
            Quantity::Purchases { local } => {
                takes(&[Rollup::AnnualSum])?;
                self.purchases(*local)
            }
            Quantity::ChainTop5Output => {
                takes(&[Rollup::AnnualSum])?;
                let top5 = top5.ok_or("`output_value` has no observations in the store")?;
                self.top5_output(top5)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_parse_into_what_the_store_holds() {
        assert_eq!(
            parse("output_value"),
            Some(Quantity::Monthly {
                code: "output_value".into(),
                scope: Scope::Unit
            })
        );
        assert_eq!(
            parse("output_value.county_total"),
            Some(Quantity::Monthly {
                code: "output_value".into(),
                scope: Scope::CountyTotal
            })
        );
        assert_eq!(
            parse("fact.value_added"),
            Some(Quantity::Fact("value_added".into()))
        );
        assert_eq!(
            parse("designation.tier_title_new"),
            Some(Quantity::Count(Counted::TierTitleNew))
        );
        assert_eq!(
            parse("supply_link.local_purchases"),
            Some(Quantity::Purchases { local: true })
        );
        for unknown in [
            "project.investment",
            "appeal.received",
            "output_value.per_capita",
            "fact.",
            "Output Value",
        ] {
            assert_eq!(parse(unknown), None, "{unknown}");
        }
    }
}
