//! A deterministic synthetic province for first runs, tests and benchmarks, modelled on Shanxi:
//! its real eleven cities and their counties, its sixteen key chains with chain maps tied to
//! GB/T 4754 codes, its designated professional towns; enterprises with valid USCCs and clearly
//! fictional names (every one ends in （演示）), Pareto-distributed sizes, chain-masters and chain
//! cores, a heavy-tailed supply network reaching outside the province, and 36 months of monthly
//! observations under the NBS calendar.
//!
//! The same seed and size always give the same province. Large sizes are never held whole:
//! supply links and observations are drawn per firm, on demand, from the firm's own random stream.
//!
//! Architecture invariant: generation is pure; only [`load`] (into a store) and [`export`] (to
//! CSV files) write anywhere.

pub mod export;
mod facts;
mod geography;
pub mod load;
mod names;
mod network;
mod population;
mod rng;
mod series;
mod templates;

use std::collections::HashMap;

use model::{
    ChainTarget, Designation, DesignationStatus, Indicator, MembershipRole, Period, SizeClass,
    TitleKind,
};

pub use population::{Population, Profile};
pub use series::{INDICATORS, Point};

use network::NetworkPlan;
use rng::Rng;

/// The seed `chainchief demo` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2026;

/// How big a province to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// About 2,000 enterprises: what the test suites load.
    Small,
    /// About 20,000 enterprises and 100,000 supply links: the default demo.
    Medium,
    /// About 500,000 enterprises and 5 million links: for benchmarks, exported to files.
    National,
}

impl Size {
    pub fn enterprises(self) -> usize {
        match self {
            Size::Small => 2_000,
            Size::Medium => 20_000,
            Size::National => 500_000,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Medium => "medium",
            Size::National => "national",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Template(#[from] templates::TemplateError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("could not write CSV {path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("the {size} province is too large to load into a database; export it to files instead")]
    TooLargeToLoad { size: &'static str },
}

/// A generated province. Supply links and observations are drawn on demand.
#[derive(Debug)]
pub struct Province {
    pub seed: u64,
    pub size: Size,
    pub population: Population,
    pub indicators: Vec<Indicator>,
    pub periods: Vec<Period>,
    pub designations: Vec<Designation>,
    pub targets: Vec<ChainTarget>,
    plan: NetworkPlan,
}

/// The year the supply links describe.
pub const LINK_YEAR: u16 = 2025;

/// Shanxi: a core supplier (链核) trades more than 10 million yuan a year with its chain-master.
const CORE_SUPPLIER_TRADE_YUAN: f64 = 1.0e7;

impl Province {
    pub fn generate(size: Size, seed: u64) -> Result<Self, DemoError> {
        let population = population::generate(size, seed)?;
        let plan = NetworkPlan::new(&population, seed);
        let mut province = Province {
            seed,
            size,
            population,
            indicators: series::indicators(),
            periods: series::periods(),
            designations: Vec::new(),
            targets: Vec::new(),
            plan,
        };
        province.promote_core_suppliers();
        province.designations = province.draw_designations();
        province.targets = province.chain_targets();
        Ok(province)
    }

    /// The suppliers of enterprise `customer` (indices) and the yearly value bought from each.
    pub fn links_of(&self, customer: usize) -> Vec<(usize, f64)> {
        self.plan.links_of(&self.population, customer)
    }

    /// The observations of enterprise `index`.
    pub fn observations_of(&self, index: usize) -> Vec<Point> {
        series::observations(
            self.seed,
            index,
            &self.population.profiles[index],
            &self.periods,
        )
    }

    /// The annual facts (finances, IP, certifications, land …) enterprise `index` filed.
    pub fn facts_of(&self, index: usize) -> Vec<store::Fact> {
        let enterprise = &self.population.enterprises[index];
        let profile = &self.population.profiles[index];
        let chain = profile
            .node
            .map(|n| self.population.node_templates[n].chain);
        facts::facts_of(
            self.seed,
            index,
            enterprise.uscc,
            enterprise.size_class,
            enterprise.founded,
            chain,
            profile,
        )
    }

    /// The (at most two) biggest local suppliers of each chain-master within its chain that sell
    /// it more than 10 million yuan a year become core suppliers (链核).
    fn promote_core_suppliers(&mut self) {
        let index_of = self.population.index_by_uscc();
        let mut membership_of: HashMap<(usize, &str), usize> = HashMap::new();
        for (m, membership) in self.population.memberships.iter().enumerate() {
            membership_of.insert((index_of[&membership.uscc], membership.chain.as_str()), m);
        }
        let mut promote = Vec::new();
        for membership in self
            .population
            .memberships
            .iter()
            .filter(|m| m.role == MembershipRole::ChainMaster)
        {
            let master = index_of[&membership.uscc];
            let mut suppliers: Vec<(usize, f64)> = self
                .links_of(master)
                .into_iter()
                .filter(|&(s, value)| {
                    value > CORE_SUPPLIER_TRADE_YUAN
                        && membership_of.contains_key(&(s, membership.chain.as_str()))
                })
                .collect();
            suppliers.sort_by(|a, b| b.1.total_cmp(&a.1));
            promote.extend(
                suppliers
                    .iter()
                    .take(2)
                    .map(|(s, _)| membership_of[&(*s, membership.chain.as_str())]),
            );
        }
        for m in promote {
            let membership = &mut self.population.memberships[m];
            if membership.role == MembershipRole::Member {
                membership.role = MembershipRole::ChainCore;
                membership.source = "与链主企业年交易额超过1000万元".to_owned();
            }
        }
    }

    /// Titles held: chain roles as designated by the province, and MIIT tier titles drawn from
    /// each firm's R&D effort and size (illustrative shares).
    fn draw_designations(&self) -> Vec<Designation> {
        let mut designations = Vec::new();
        for m in &self.population.memberships {
            let title = match m.role {
                MembershipRole::ChainMaster => TitleKind::ChainMaster,
                MembershipRole::ChainCore => TitleKind::ChainCore,
                MembershipRole::Member => continue,
            };
            designations.push(Designation {
                uscc: m.uscc,
                title,
                chain: Some(m.chain.clone()),
                status: DesignationStatus::Published,
                rule_version: Some("shanxi-chain-chief-2023".to_owned()),
                valid_from: Some("2024-01-01".to_owned()),
                valid_until: Some("2026-12-31".to_owned()),
                decision: Some("省级产业链链长审定并公示（演示）".to_owned()),
            });
        }
        for (i, (enterprise, profile)) in self
            .population
            .enterprises
            .iter()
            .zip(&self.population.profiles)
            .enumerate()
        {
            if profile.external {
                continue;
            }
            let mut rng = Rng::stream(self.seed, 4, i as u64);
            let sme = matches!(
                enterprise.size_class,
                SizeClass::Small | SizeClass::Medium | SizeClass::Micro
            );
            let mut grant = |title: TitleKind, year: u16, rng: &mut Rng| {
                let month = 1 + rng.below(12) as u16;
                designations.push(Designation {
                    uscc: enterprise.uscc,
                    title,
                    chain: None,
                    status: DesignationStatus::Published,
                    rule_version: Some(
                        if title == TitleKind::SingleChampion {
                            "miit-2023"
                        } else {
                            "miit-2022"
                        }
                        .to_owned(),
                    ),
                    valid_from: Some(format!("{year}-{month:02}-01")),
                    valid_until: Some(format!("{}-{month:02}-01", year + 3)),
                    decision: Some("认定文件（演示）".to_owned()),
                });
            };
            if profile.rd_intensity >= 0.03 && rng.chance(0.6) {
                grant(TitleKind::HighTech, 2022 + rng.below(4) as u16, &mut rng);
            }
            if sme && profile.rd_intensity >= 0.02 && rng.chance(0.3) {
                grant(
                    TitleKind::InnovativeSme,
                    2022 + rng.below(4) as u16,
                    &mut rng,
                );
                if profile.rd_intensity >= 0.03 && profile.revenue >= 1.0e7 && rng.chance(0.25) {
                    grant(
                        TitleKind::SpecialisedSme,
                        2023 + rng.below(3) as u16,
                        &mut rng,
                    );
                    if profile.revenue >= 1.0e8 && rng.chance(0.15) {
                        grant(TitleKind::LittleGiant, 2023 + rng.below(3) as u16, &mut rng);
                    }
                }
            }
            if enterprise.size_class == SizeClass::Large
                && profile.revenue >= 4.0e9
                && rng.chance(0.15)
            {
                grant(TitleKind::SingleChampion, 2023, &mut rng);
            }
        }
        designations
    }

    /// Each chain's 2027 output target: its 2025 output grown at its trend plus five points.
    fn chain_targets(&self) -> Vec<ChainTarget> {
        let index_of = self.population.index_by_uscc();
        self.population
            .chains
            .iter()
            .map(|chain| {
                let baseline: f64 = self
                    .population
                    .memberships
                    .iter()
                    .filter(|m| m.chain == chain.code)
                    .map(|m| self.population.profiles[index_of[&m.uscc]].revenue)
                    .sum();
                let growth = population::chain_trend(&chain.code) + 0.05;
                ChainTarget {
                    chain: chain.code.clone(),
                    indicator: "output_value".to_owned(),
                    target_year: 2027,
                    value: (baseline * (1.0 + growth).powi(2) / 1.0e6).round() * 1.0e6,
                    baseline_year: Some(2025),
                    baseline_value: Some((baseline / 1.0e6).round() * 1.0e6),
                    note: Some("链长制年度目标（演示）".to_owned()),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
