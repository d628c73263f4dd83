//! Properties of the demo province the rest of chainchief relies on.

use std::collections::{HashMap, HashSet};

use model::{ABOVE_DESIGNATED_SIZE_REVENUE_YUAN, MembershipRole, Uscc};

use crate::templates::Presence;
use crate::{Province, Size};

fn small() -> Province {
    Province::generate(Size::Small, 7).unwrap()
}

#[test]
fn same_seed_same_province() {
    let a = small();
    let b = small();
    assert_eq!(a.population.enterprises, b.population.enterprises);
    assert_eq!(a.population.memberships, b.population.memberships);
    assert_eq!(a.links_of(100), b.links_of(100));
    assert_eq!(a.observations_of(100), b.observations_of(100));
    let c = Province::generate(Size::Small, 8).unwrap();
    assert_ne!(
        a.population.enterprises[0].uscc,
        c.population.enterprises[0].uscc
    );
}

#[test]
fn enterprises_are_valid_unique_and_consistent() {
    let province = small();
    let p = &province.population;
    assert_eq!(p.enterprises.len(), 2_000);
    let codes: HashSet<Uscc> = p.enterprises.iter().map(|e| e.uscc).collect();
    assert_eq!(codes.len(), p.enterprises.len());
    for (e, profile) in p.enterprises.iter().zip(&p.profiles) {
        assert!(Uscc::parse(e.uscc.as_str()).is_ok());
        assert!(e.name.ends_with("（演示）"), "{}", e.name);
        assert_eq!(e.uscc.division(), e.region.to_string());
        let local = e.region.province().as_u32() == crate::geography::SHANXI;
        assert_eq!(local, !profile.external);
        assert_eq!(
            e.above_designated_size,
            local && profile.revenue >= ABOVE_DESIGNATED_SIZE_REVENUE_YUAN
        );
    }
    let external = p.profiles.iter().filter(|p| p.external).count();
    assert!((150..350).contains(&external), "{external}");
    let above = p
        .enterprises
        .iter()
        .filter(|e| e.above_designated_size)
        .count();
    assert!((300..900).contains(&above), "{above} above designated size");
}

#[test]
fn gap_nodes_have_no_local_member_and_every_chain_has_masters() {
    let province = small();
    let p = &province.population;
    for template in p
        .node_templates
        .iter()
        .filter(|t| t.presence == Presence::Gap)
    {
        assert!(
            !p.memberships
                .iter()
                .any(|m| m.chain == template.chain && m.node == template.code)
        );
    }
    for chain in &p.chains {
        let masters = p
            .memberships
            .iter()
            .filter(|m| m.chain == chain.code && m.role == MembershipRole::ChainMaster);
        assert!(masters.count() >= 1, "{}", chain.code);
    }
    // Shanxi, 2025: 41 chain-masters and 105 chain cores.
    let count = |role| p.memberships.iter().filter(|m| m.role == role).count();
    assert!(
        (36..=46).contains(&count(MembershipRole::ChainMaster)),
        "{} chain-masters",
        count(MembershipRole::ChainMaster)
    );
    assert!(
        (60..=140).contains(&count(MembershipRole::ChainCore)),
        "{} chain cores",
        count(MembershipRole::ChainCore)
    );
}

#[test]
fn supply_network_is_heavy_tailed_reaches_outside_and_masters_have_partners() {
    let province = Province::generate(Size::Medium, 11).unwrap();
    let p = &province.population;
    let mut degree = vec![0usize; p.enterprises.len()];
    let mut links = 0;
    let mut external_links = 0;
    for customer in 0..p.enterprises.len() {
        for (supplier, value) in province.links_of(customer) {
            assert_ne!(supplier, customer);
            assert!(value > 0.0);
            degree[supplier] += 1;
            degree[customer] += 1;
            links += 1;
            external_links += usize::from(p.profiles[supplier].external);
        }
    }
    assert!(
        (70_000..140_000).contains(&links),
        "{links} links for 20,000 enterprises"
    );
    assert!(
        external_links * 20 > links,
        "{external_links} of {links} links come from outside"
    );
    let mean = 2.0 * links as f64 / p.enterprises.len() as f64;
    let max = *degree.iter().max().unwrap() as f64;
    assert!(
        max > 30.0 * mean,
        "max degree {max} vs mean {mean}: not heavy-tailed"
    );
    let index: HashMap<Uscc, usize> = p
        .enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.uscc, i))
        .collect();
    let masters: Vec<usize> = p
        .memberships
        .iter()
        .filter(|m| m.role == MembershipRole::ChainMaster)
        .map(|m| index[&m.uscc])
        .collect();
    let with_fifteen = masters.iter().filter(|&&m| degree[m] >= 15).count();
    assert!(
        with_fifteen * 10 >= masters.len() * 8,
        "{with_fifteen} of {} masters have ≥ 15 partners",
        masters.len()
    );
}

#[test]
fn observations_follow_the_nbs_calendar_and_include_the_awkward_cases() {
    let province = small();
    let p = &province.population;
    let mut periods_per_firm = Vec::new();
    for index in 0..p.enterprises.len() {
        let points = province.observations_of(index);
        if p.profiles[index].external {
            assert!(points.is_empty());
            continue;
        }
        assert!(points.iter().all(|(_, period, _)| period.month() != 1));
        let periods: HashSet<_> = points.iter().map(|(_, period, _)| *period).collect();
        periods_per_firm.push(periods.len());
        for (indicator, _, value) in points {
            assert!(value.is_finite());
            if indicator != 2 {
                assert!(value >= 0.0, "indicator {indicator} negative");
            }
        }
    }
    let full = periods_per_firm.iter().filter(|&&n| n == 33).count();
    let partial = periods_per_firm.len() - full;
    assert!(full > periods_per_firm.len() * 9 / 10);
    assert!(partial > 0, "some firms join late, stop or miss a month");
}

#[test]
fn jan_feb_is_roughly_two_months_of_activity() {
    let province = small();
    let (index, _) = province
        .population
        .profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.external)
        .max_by(|a, b| a.1.revenue.total_cmp(&b.1.revenue))
        .unwrap();
    let revenue: HashMap<String, f64> = province
        .observations_of(index)
        .into_iter()
        .filter(|(i, ..)| *i == 1)
        .map(|(_, period, value)| (period.to_string(), value))
        .collect();
    let ratio = revenue["2025-02"] / revenue["2025-03"];
    assert!((1.1..1.8).contains(&ratio), "1–2月 / 3月 = {ratio}");
}

#[test]
fn most_local_firms_filed_facts_the_rules_can_read() {
    let province = small();
    let p = &province.population;
    let mut filed = 0;
    for index in 0..p.enterprises.len() {
        let facts = province.facts_of(index);
        if p.profiles[index].external {
            assert!(facts.is_empty());
            continue;
        }
        if facts.is_empty() {
            continue;
        }
        filed += 1;
        let names: HashSet<&str> = facts.iter().map(|f| f.fact.as_str()).collect();
        assert_eq!(names.len(), facts.len(), "one value per fact");
        for fact in &facts {
            assert_eq!(fact.uscc, p.enterprises[index].uscc);
            if fact.fact.starts_with("revenue_") || fact.fact.starts_with("total_assets") {
                assert!(fact.value.parse::<f64>().unwrap() >= 0.0);
            }
        }
    }
    let local = p.profiles.iter().filter(|p| !p.external).count();
    assert!(
        filed * 10 > local * 7 && filed < local,
        "{filed} of {local} filed"
    );
}
