//! The enterprises of the demo province: who they are, where, in which chain node, how big.

use std::collections::HashMap;

use model::{
    ABOVE_DESIGNATED_SIZE_REVENUE_YUAN, Chain, ChainLevel, ChainNode, Enterprise, EvidenceGrade,
    IndustryCode, Membership, MembershipRole, NodeRelation, Park, ProfessionalTown, RegionCode,
    Segment, SizeClass,
};

use crate::geography::Geography;
use crate::names::Registry;
use crate::rng::{Rng, Weighted};
use crate::templates::{self, ChainTemplate, NodeTemplate, Presence};
use crate::{DemoError, Size};

/// What the generator knows about an enterprise beyond its registry entry: the parameters its
/// monthly series are drawn from.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Annual operating revenue in the base year (yuan).
    pub revenue: f64,
    /// Annual growth rate of the firm's activity.
    pub growth: f64,
    pub margin: f64,
    pub tax_rate: f64,
    pub export_share: f64,
    pub employees: f64,
    pub rd_intensity: f64,
    pub kwh_per_yuan: f64,
    pub tce_per_yuan: f64,
    pub m3_per_yuan: f64,
    /// Primary chain node (index into `Province::nodes`), if any.
    pub node: Option<usize>,
    /// Outside the province: supplies local firms, reports nothing.
    pub external: bool,
}

/// Parameters that differ between the three demo sizes.
#[derive(Debug, Clone, Copy)]
struct Mix {
    external: f64,
    chain: f64,
    town: f64,
}

const MIX: Mix = Mix {
    external: 0.12,
    chain: 0.60,
    town: 0.04,
};

/// How much of the province's industry each chain holds (illustrative).
fn chain_scale(code: &str) -> f64 {
    match code {
        "SX-01" => 1.6,
        "SX-03" => 1.5,
        "SX-02" => 1.2,
        "SX-06" | "SX-08" | "SX-13" | "SX-16" => 1.0,
        "SX-15" => 0.9,
        "SX-04" | "SX-07" => 0.8,
        "SX-12" => 0.7,
        "SX-11" => 0.6,
        "SX-05" | "SX-14" => 0.5,
        "SX-10" => 0.4,
        _ => 0.3,
    }
}

/// Trend growth of a chain's activity per year (illustrative: new industries grow fast).
pub fn chain_trend(code: &str) -> f64 {
    match code {
        "SX-02" | "SX-11" => 0.18,
        "SX-09" | "SX-05" => 0.20,
        "SX-10" => 0.15,
        "SX-15" => 0.10,
        "SX-04" | "SX-13" | "SX-14" => 0.06,
        "SX-07" => 0.02,
        "SX-01" | "SX-16" => -0.02,
        _ => 0.04,
    }
}

/// Electricity (kWh), energy (tce) and water (m³) per yuan of output, by 大类 (illustrative
/// orders of magnitude: steel and non-ferrous smelting are energy-hungry).
fn intensities(industry: IndustryCode) -> (f64, f64, f64) {
    match industry.division().map(|d| d.as_str()).unwrap_or("") {
        "31" => (0.12, 1.4e-4, 2.0e-3),
        "32" => (0.35, 1.2e-4, 1.5e-3),
        "25" => (0.05, 3.0e-4, 2.5e-3),
        "26" | "28" => (0.08, 1.0e-4, 3.0e-3),
        "30" => (0.10, 1.5e-4, 1.0e-3),
        "44" | "45" => (0.02, 3.0e-4, 4.0e-3),
        "06" | "07" | "08" | "09" | "10" => (0.06, 4.0e-5, 1.5e-3),
        _ => (0.03, 1.5e-5, 5.0e-4),
    }
}

fn is_high_tech(industry: IndustryCode) -> bool {
    matches!(
        industry.division().map(|d| d.as_str()).unwrap_or(""),
        "27" | "35" | "38" | "39" | "40" | "65"
    )
}

/// NBS 统计上大中小微型企业划分办法 (2017), industry: a class needs both its employee and its
/// revenue threshold.
pub fn size_class(employees: f64, revenue: f64) -> SizeClass {
    if employees >= 1000.0 && revenue >= 4.0e8 {
        SizeClass::Large
    } else if employees >= 300.0 && revenue >= 2.0e7 {
        SizeClass::Medium
    } else if employees >= 20.0 && revenue >= 3.0e6 {
        SizeClass::Small
    } else {
        SizeClass::Micro
    }
}

/// Everything about the population, before supply links and series are drawn.
#[derive(Debug)]
pub struct Population {
    pub chains: Vec<Chain>,
    pub chain_templates: Vec<ChainTemplate>,
    pub nodes: Vec<ChainNode>,
    pub node_templates: Vec<NodeTemplate>,
    pub relations: Vec<NodeRelation>,
    pub parks: Vec<Park>,
    pub towns: Vec<ProfessionalTown>,
    pub enterprises: Vec<Enterprise>,
    pub profiles: Vec<Profile>,
    pub memberships: Vec<Membership>,
}

impl Population {
    /// Enterprise index by USCC.
    pub fn index_by_uscc(&self) -> HashMap<model::Uscc, usize> {
        self.enterprises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.uscc, i))
            .collect()
    }
}

fn chains_from(templates: &[ChainTemplate]) -> Vec<Chain> {
    templates
        .iter()
        .map(|t| Chain {
            code: t.code.to_owned(),
            name: t.name.to_owned(),
            level: ChainLevel::Province,
            region: RegionCode::from_u32(crate::geography::SHANXI).unwrap_or(t.home_cities[0]),
            parent: None,
            chief: Some("省政府分管副省长（链长）".to_owned()),
            lead_department: Some(t.lead_department.to_owned()),
            co_departments: vec![
                "省发展和改革委员会".to_owned(),
                "省科学技术厅".to_owned(),
                "省商务厅".to_owned(),
            ],
        })
        .collect()
}

fn nodes_from(templates: &[NodeTemplate]) -> (Vec<ChainNode>, Vec<NodeRelation>) {
    let nodes = templates
        .iter()
        .map(|t| ChainNode {
            chain: t.chain.to_owned(),
            code: t.code.to_owned(),
            name: t.name.to_owned(),
            segment: t.segment,
            parent: None,
            industries: t.industries.clone(),
            key_products: t.key_products.iter().map(|p| (*p).to_owned()).collect(),
        })
        .collect();
    let relations = templates
        .iter()
        .flat_map(|t| {
            t.inputs.iter().map(|input| NodeRelation {
                chain: t.chain.to_owned(),
                from: (*input).to_owned(),
                to: t.code.to_owned(),
            })
        })
        .collect();
    (nodes, relations)
}

/// Two or three parks per city: the city's development zone when it has one, and one or two
/// districts.
fn parks(geography: &Geography, rng: &mut Rng) -> Vec<Park> {
    let mut parks = Vec::new();
    for city in &geography.cities {
        let short = city.code.name().trim_end_matches('市');
        let zone = city
            .counties
            .iter()
            .find(|c| c.record().functional_zone)
            .copied();
        let districts: Vec<RegionCode> = city
            .counties
            .iter()
            .filter(|c| c.as_u32() % 100 <= 20)
            .copied()
            .collect();
        let mut sites = vec![(zone.unwrap_or(city.counties[0]), "经济技术开发区", "国家级")];
        if let Some(&d) = districts.first() {
            sites.push((d, "高新技术产业园", "省级"));
        }
        if districts.len() > 2 {
            sites.push((districts[districts.len() / 2], "新材料产业园", "省级"));
        }
        for (i, (region, kind, level)) in sites.into_iter().enumerate() {
            parks.push(Park {
                code: format!("P{}{:02}", city.code.as_u32() / 100, i + 1),
                name: format!("{short}{kind}（演示）"),
                region,
                level: level.to_owned(),
                available_land_ha: Some((50.0 + 550.0 * rng.uniform()).round()),
                standard_factory_m2: Some((1.0e4 + 1.9e5 * rng.uniform()).round()),
            });
        }
    }
    parks
}

fn towns() -> Result<Vec<ProfessionalTown>, DemoError> {
    Ok(templates::towns()?
        .into_iter()
        .enumerate()
        .map(|(i, t)| ProfessionalTown {
            code: format!("T{:02}", i + 1),
            name: t.name.to_owned(),
            region: t.region,
            tier: "province".to_owned(),
            field: t.field.to_owned(),
            industries: t.industries,
            designated: Some(t.designated.to_owned()),
            batch: Some(t.batch),
            note: t.note.map(str::to_owned),
        })
        .collect())
}

struct Builder {
    rng: Rng,
    registry: Registry,
    parks_by_county: HashMap<RegionCode, Vec<String>>,
    enterprises: Vec<Enterprise>,
    profiles: Vec<Profile>,
}

impl Builder {
    /// Adds one enterprise and returns its index.
    fn add(
        &mut self,
        region: RegionCode,
        industry: IndustryCode,
        revenue: f64,
        node: Option<usize>,
        growth: f64,
    ) -> usize {
        let rng = &mut self.rng;
        let external = region.province().as_u32() != crate::geography::SHANXI;
        let employees = (revenue / rng.lognormal(1.0e6, 0.5)).max(5.0).round();
        let (kwh, tce, m3) = intensities(industry);
        let rd_intensity = if rng.chance(0.4) {
            0.0
        } else if is_high_tech(industry) {
            rng.lognormal(0.035, 0.5).min(0.25)
        } else {
            rng.lognormal(0.012, 0.6).min(0.15)
        };
        let export_share = if rng.chance(0.7) {
            0.0
        } else {
            let mean = match industry.division().map(|d| d.as_str()).unwrap_or("") {
                "39" => 0.25,
                "38" => 0.15,
                "36" => 0.08,
                _ => 0.03,
            };
            (mean * rng.lognormal(1.0, 0.6)).min(0.9)
        };
        let profile = Profile {
            revenue,
            growth: growth + 0.10 * rng.normal(),
            margin: 0.05 + 0.05 * rng.normal(),
            tax_rate: (0.045 + 0.01 * rng.normal()).clamp(0.01, 0.1),
            export_share,
            employees,
            rd_intensity,
            kwh_per_yuan: kwh * rng.lognormal(1.0, 0.3),
            tce_per_yuan: tce * rng.lognormal(1.0, 0.3),
            m3_per_yuan: m3 * rng.lognormal(1.0, 0.4),
            node,
            external,
        };
        let park = if external {
            None
        } else {
            self.parks_by_county
                .get(&region)
                .filter(|_| rng.chance(0.6))
                .map(|parks| rng.pick(parks).clone())
        };
        let founded = 2024 - (rng.pareto(1.0, 1.3).min(40.0) as u16).min(39);
        let enterprise = Enterprise {
            uscc: self.registry.uscc(rng, region),
            name: self.registry.name(rng, region, industry),
            region,
            industry,
            size_class: size_class(employees, revenue),
            above_designated_size: !external && revenue >= ABOVE_DESIGNATED_SIZE_REVENUE_YUAN,
            park,
            founded: Some(founded),
        };
        self.enterprises.push(enterprise);
        self.profiles.push(profile);
        self.enterprises.len() - 1
    }
}

pub fn generate(size: Size, seed: u64) -> Result<Population, DemoError> {
    let chain_templates = templates::chains()?;
    let node_templates = templates::nodes()?;
    let chains = chains_from(&chain_templates);
    let (nodes, relations) = nodes_from(&node_templates);
    let geography = Geography::shanxi();
    let mut rng = Rng::new(seed);
    let parks = parks(&geography, &mut rng);
    let towns = towns()?;
    let mut parks_by_county: HashMap<RegionCode, Vec<String>> = HashMap::new();
    for park in &parks {
        parks_by_county
            .entry(park.region)
            .or_default()
            .push(park.code.clone());
    }
    let mut builder = Builder {
        rng,
        registry: Registry::default(),
        parks_by_county,
        enterprises: Vec::with_capacity(size.enterprises()),
        profiles: Vec::with_capacity(size.enterprises()),
    };
    let n = size.enterprises();
    let chain_weight = |t: &NodeTemplate| chain_scale(t.chain);
    let local_nodes = Weighted::new(node_templates.iter().map(|t| {
        chain_weight(t)
            * match t.presence {
                Presence::Local => 1.0,
                Presence::Weak => 0.25,
                Presence::Gap => 0.0,
            }
    }));
    let external_nodes = Weighted::new(node_templates.iter().map(|t| {
        chain_weight(t).sqrt()
            * match t.presence {
                Presence::Local => 0.3,
                Presence::Weak => 1.5,
                Presence::Gap => 3.0,
            }
    }));
    let home_of = |chain: &str| {
        chain_templates
            .iter()
            .find(|c| c.code == chain)
            .map(|c| c.home_cities.clone())
    };
    let manufacturing: Vec<IndustryCode> = IndustryCode::all()
        .filter(|c| c.level() == model::IndustryLevel::Class && c.is_manufacturing())
        .collect();
    let mut memberships = Vec::new();
    // Outside suppliers first, then local chain members, town firms and the rest.
    let n_external = (n as f64 * MIX.external) as usize;
    let n_chain = (n as f64 * MIX.chain) as usize;
    let n_town = (n as f64 * MIX.town) as usize;
    for _ in 0..n_external {
        let node = external_nodes.sample(&mut builder.rng).unwrap_or(0);
        let template = &node_templates[node];
        let industry = *builder.rng.pick(&template.industries);
        let region = geography.outside_county(&mut builder.rng);
        let revenue = builder.rng.pareto(2.0e7, 1.1).min(3.0e11).round();
        builder.add(
            region,
            industry,
            revenue,
            Some(node),
            chain_trend(template.chain),
        );
    }
    for _ in 0..n_chain {
        let node = local_nodes.sample(&mut builder.rng).unwrap_or(0);
        let template = &node_templates[node];
        let industry = *builder.rng.pick(&template.industries);
        let homes = home_of(template.chain).unwrap_or_default();
        let city = if !homes.is_empty() && builder.rng.chance(0.7) {
            // Earlier home cities hold more of the chain.
            let weights = Weighted::new((0..homes.len()).map(|i| 1.0 / (i as f64 + 1.0)));
            let home = homes[weights.sample(&mut builder.rng).unwrap_or(0)];
            geography
                .city(home)
                .unwrap_or_else(|| geography.any_city(&mut builder.rng))
        } else {
            geography.any_city(&mut builder.rng)
        };
        let region = geography.county_in(city, &mut builder.rng);
        let revenue = builder.rng.pareto(5.0e6, 1.05).min(2.0e11).round();
        let index = builder.add(
            region,
            industry,
            revenue,
            Some(node),
            chain_trend(template.chain),
        );
        let (evidence, source) = match builder.rng.below(5) {
            0 => (EvidenceGrade::Strong, "招投标记录"),
            1 => (EvidenceGrade::Strong, "产品认证"),
            2 => (EvidenceGrade::Strong, "专利"),
            3 => (EvidenceGrade::Medium, "经营范围匹配"),
            _ => (EvidenceGrade::Weak, "行业代码匹配"),
        };
        memberships.push(Membership {
            uscc: builder.enterprises[index].uscc,
            chain: template.chain.to_owned(),
            node: template.code.to_owned(),
            role: MembershipRole::Member,
            evidence,
            source: source.to_owned(),
        });
    }
    for _ in 0..n_town {
        let town = builder.rng.pick(&towns).clone();
        let industry = *builder.rng.pick(&town.industries);
        let revenue = builder.rng.pareto(3.0e6, 1.15).min(5.0e10).round();
        builder.add(town.region, industry, revenue, None, 0.04);
    }
    while builder.enterprises.len() < n {
        let industry = *builder.rng.pick(&manufacturing);
        let city = geography.any_city(&mut builder.rng);
        let region = geography.county_in(city, &mut builder.rng);
        let revenue = builder.rng.pareto(3.0e6, 1.15).min(5.0e10).round();
        builder.add(region, industry, revenue, None, 0.04);
    }
    let Builder {
        enterprises,
        profiles,
        ..
    } = builder;
    let mut population = Population {
        chains,
        chain_templates,
        nodes,
        node_templates,
        relations,
        parks,
        towns,
        enterprises,
        profiles,
        memberships,
    };
    crown_chain_masters(&mut population);
    Ok(population)
}

/// Shanxi: 41 chain-masters and 105 chain cores for 16 chains (2025). The largest local members of
/// each chain's midstream and downstream become its chain-masters (链主), the next largest its
/// potential chain-masters (a kind of chain core, 链核).
fn crown_chain_masters(population: &mut Population) {
    let index_of = population.index_by_uscc();
    for template in &population.chain_templates {
        let mut candidates: Vec<usize> = population
            .memberships
            .iter()
            .enumerate()
            .filter(|(_, m)| m.chain == template.code)
            .filter(|(_, m)| {
                population.node_templates.iter().any(|n| {
                    n.chain == m.chain && n.code == m.node && n.segment != Segment::Upstream
                })
            })
            .map(|(i, _)| i)
            .collect();
        candidates.sort_by(|&a, &b| {
            let revenue =
                |m: usize| population.profiles[index_of[&population.memberships[m].uscc]].revenue;
            revenue(b).total_cmp(&revenue(a))
        });
        let masters = ((chain_scale(template.code) * 2.8).round() as usize).clamp(2, 4);
        let mut rng = Rng::new(template.batch as u64 * 7919 + masters as u64);
        for (rank, &m) in candidates.iter().take(masters + 2).enumerate() {
            let membership = &mut population.memberships[m];
            let (role, floor) = if rank < masters {
                (MembershipRole::ChainMaster, rng.lognormal(8.0e9, 0.6))
            } else {
                (MembershipRole::ChainCore, rng.lognormal(2.0e9, 0.5))
            };
            membership.role = role;
            membership.evidence = EvidenceGrade::Strong;
            membership.source = "链主企业认定".to_owned();
            // Chain-masters are the province's leading firms: lift them to a realistic size.
            let index = index_of[&membership.uscc];
            let profile = &mut population.profiles[index];
            if profile.revenue < floor {
                let factor = floor.round() / profile.revenue;
                profile.revenue = floor.round();
                profile.employees = (profile.employees * factor.sqrt()).round();
                let enterprise = &mut population.enterprises[index];
                enterprise.size_class = size_class(profile.employees, profile.revenue);
                enterprise.above_designated_size = true;
            }
        }
    }
}
