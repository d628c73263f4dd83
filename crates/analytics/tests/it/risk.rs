use std::collections::HashMap;

use ::risk::structure::{CoverageStatus, Finding, RiskThresholds};
use ::risk::{CascadeOptions, Essentiality, EssentialityMatrix};
use analytics::AnalyticsError;
use analytics::risk::{self, MatrixSource, RiskData, ScenarioSpec, ShockTarget};
use model::MembershipRole;

use crate::{Demo, demo};

/// The demo's chain map, as its generator reads it.
const CHAIN_NODES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../demo/data/chain_nodes.tsv"
));

/// (chain, node) of every node the demo leaves without local enterprises (presence = gap).
fn gap_nodes() -> Vec<(String, String)> {
    let mut lines = CHAIN_NODES.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (chain, code, presence) = (column("chain"), column("code"), column("presence"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect::<Vec<&str>>())
        .filter(|f| f[presence] == "gap")
        .map(|f| (f[chain].to_owned(), f[code].to_owned()))
        .collect()
}

async fn loaded() -> (Demo, RiskData) {
    let demo = demo().await;
    let data = risk::load(&demo.store, None, None).await.unwrap();
    (demo, data)
}

/// The store index of generator enterprise `i`.
fn index(demo: &Demo, data: &RiskData, i: usize) -> u32 {
    data.firm_index(demo.province.population.enterprises[i].uscc.as_str())
        .unwrap()
}

fn is_local(data: &RiskData, uscc: &str) -> bool {
    data.firms[data.firm_index(uscc).unwrap() as usize].local
}

#[tokio::test]
async fn the_network_has_the_generators_links_and_values() {
    let (demo, data) = loaded().await;
    assert_eq!(data.year, demo::LINK_YEAR);
    assert_eq!(data.matrix_source, MatrixSource::Gbt4754Default);
    assert_eq!(data.home_province.as_u32(), 140000);
    let population = &demo.province.population;
    assert_eq!(data.firms.len(), population.enterprises.len());

    let mut expected: HashMap<(u32, u32), f64> = HashMap::new();
    for customer in 0..population.enterprises.len() {
        for (supplier, value) in demo.province.links_of(customer) {
            let key = (index(&demo, &data, supplier), index(&demo, &data, customer));
            *expected.entry(key).or_default() += value;
        }
    }
    expected.retain(|_, v| *v > 0.0);
    let stored = demo
        .store
        .supply_link_columns(demo::LINK_YEAR)
        .await
        .unwrap();
    assert_eq!(data.network.links(), stored.values.len());
    assert_eq!(data.network.links(), expected.len());
    for ((supplier, customer), value) in &expected {
        let got = data.network.value(*supplier, *customer);
        assert!(
            (got - value).abs() <= 1e-9 * value,
            "{supplier}→{customer}: {got} vs {value}"
        );
    }
    // Firms outside Shanxi are outside.
    for (i, e) in population.enterprises.iter().enumerate() {
        let local = e.region.province().as_u32() == 140000;
        assert_eq!(data.firms[index(&demo, &data, i) as usize].local, local);
    }
}

#[tokio::test]
async fn gap_nodes_of_the_demo_are_reported_as_gaps() {
    let (demo, data) = loaded().await;
    let gaps = gap_nodes();
    assert!(!gaps.is_empty());
    let mut chains: Vec<&str> = gaps.iter().map(|(c, _)| c.as_str()).collect();
    chains.dedup();
    let mut with_outside_suppliers = 0;
    for chain in chains {
        let report = risk::chain_report(
            &data,
            chain,
            &RiskThresholds::default(),
            &CascadeOptions::default(),
            1,
        )
        .unwrap();
        for (_, code) in gaps.iter().filter(|(c, _)| c == chain) {
            let node = report
                .report
                .nodes
                .iter()
                .find(|n| &n.code == code)
                .unwrap();
            assert_eq!(node.coverage.status, CoverageStatus::Gap, "{chain}/{code}");
            assert_eq!(node.coverage.local_firms, 0);
            with_outside_suppliers += usize::from(node.coverage.outside_firms > 0);
            assert!(
                report
                    .report
                    .findings
                    .iter()
                    .any(|f| matches!(f, Finding::Gap(c) if c.node == node.node)),
                "{chain}/{code} has no 缺链 finding"
            );
        }
        // A node reported as a gap has no local member in the generator's memberships either
        // (a weak node of the small demo may have drawn none).
        for node in report
            .report
            .nodes
            .iter()
            .filter(|n| n.coverage.status == CoverageStatus::Gap)
        {
            assert!(
                !demo
                    .province
                    .population
                    .memberships
                    .iter()
                    .any(|m| m.chain == chain
                        && m.node == node.code
                        && is_local(&data, m.uscc.as_str()))
            );
        }
        assert_eq!(report.explanations.len(), report.report.findings.len());
        assert!(report.explanations[0].zh.starts_with("缺链"));
        // Every firm the report names resolves to an enterprise.
        for s in &report.report.top_systemic {
            assert_eq!(report.firm(s.firm).unwrap().name, s.name);
        }
        assert!(!report.report.top_systemic.is_empty());
    }
    // Gap nodes are supplied from outside: the attached outside members make that visible.
    assert!(
        with_outside_suppliers * 2 > gaps.len(),
        "{with_outside_suppliers} of {} gap nodes show outside firms",
        gaps.len()
    );
}

#[tokio::test]
async fn shutting_every_outside_supplier_costs_output_in_the_province() {
    let (demo, data) = loaded().await;
    let population = &demo.province.population;
    // Outside firms that sell to a Shanxi firm, from the generator's own links.
    let mut outside_suppliers: Vec<usize> = Vec::new();
    for customer in 0..population.enterprises.len() {
        if population.profiles[customer].external {
            continue;
        }
        for (supplier, value) in demo.province.links_of(customer) {
            if population.profiles[supplier].external && value > 0.0 {
                outside_suppliers.push(supplier);
            }
        }
    }
    outside_suppliers.sort_unstable();
    outside_suppliers.dedup();

    let spec = ScenarioSpec {
        targets: vec![ShockTarget::OutsideSuppliers],
        capacity: 0.0,
        top: 10,
    };
    let outcome = risk::scenario(&data, &spec, &CascadeOptions::default()).unwrap();
    assert_eq!(outcome.shocked, outside_suppliers.len());
    assert!(outcome.total_loss > 0.0 && outcome.indirect_loss > 0.0);
    assert!(
        (outcome.direct_loss + outcome.indirect_loss - outcome.total_loss).abs()
            < 1e-6 * outcome.total_loss
    );
    assert!(outcome.firms_hit > outcome.shocked);
    assert_eq!(outcome.hardest_hit.len(), 10);
    assert!(
        outcome
            .hardest_hit
            .iter()
            .all(|h| h.enterprise.local && h.loss > 0.0)
    );
    let groupings: Vec<&str> = outcome
        .groupings
        .iter()
        .map(|g| g.grouping.as_str())
        .collect();
    assert_eq!(groupings, ["chain", "node", "city", "county"]);
    let chains = &outcome.groupings[0];
    assert_eq!(chains.groups.len(), 16);
    assert!(chains.groups[0].loss > 0.0);
    let cities = &outcome.groupings[2];
    // The province's own cities lose output too, not only the shocked outside firms.
    assert!(
        cities
            .groups
            .iter()
            .any(|g| g.code != "outside" && g.loss > 0.0)
    );

    // Cutting to half capacity costs less than shutting down.
    let half = risk::scenario(
        &data,
        &ScenarioSpec {
            capacity: 0.5,
            ..spec
        },
        &CascadeOptions::default(),
    )
    .unwrap();
    assert!(half.total_loss < outcome.total_loss && half.total_loss > 0.0);
}

#[tokio::test]
async fn a_one_firm_scenario_equals_that_firms_esri() {
    let (demo, data) = loaded().await;
    let population = &demo.province.population;
    let master = population
        .memberships
        .iter()
        .find(|m| m.role == MembershipRole::ChainMaster)
        .unwrap();
    let firm = data.firm_index(master.uscc.as_str()).unwrap();
    let spec = ScenarioSpec {
        targets: vec![ShockTarget::Firm {
            uscc: master.uscc.to_string(),
        }],
        capacity: 0.0,
        top: 5,
    };
    let options = CascadeOptions::default();
    let outcome = risk::scenario(&data, &spec, &options).unwrap();
    let esri = risk::systemic(&data, &[firm], &options, 1, None).unwrap();
    assert_eq!(esri.len(), 1);
    assert!(esri[0].esri > 0.0);
    assert!(
        (outcome.loss_share - esri[0].esri).abs() <= 1e-12 * esri[0].esri,
        "{} vs {}",
        outcome.loss_share,
        esri[0].esri
    );
    assert_eq!(outcome.iterations, esri[0].iterations);
    assert!(outcome.hardest_hit.iter().all(|h| h.firm != firm));
    assert_eq!(esri[0].enterprise.uscc, master.uscc.as_str());
    assert!(
        esri[0]
            .nodes
            .contains(&format!("{}/{}", master.chain, master.node))
    );

    // The chain's ranking holds its members only, largest first, each once.
    let members = risk::scope_firms(&data, Some(&master.chain)).unwrap();
    let ranking = risk::systemic(&data, &members, &options, 2, None).unwrap();
    assert_eq!(ranking.len(), members.len());
    assert!(ranking.windows(2).all(|w| w[0].esri >= w[1].esri));
    assert!(ranking.iter().any(|e| e.firm == firm));
}

#[tokio::test]
async fn results_are_identical_on_repeated_loads() {
    let (demo, first) = loaded().await;
    let second = risk::load(&demo.store, Some(demo::LINK_YEAR), None)
        .await
        .unwrap();
    assert_eq!(first.firms, second.firms);
    assert_eq!(
        first.network.iter_links().collect::<Vec<_>>(),
        second.network.iter_links().collect::<Vec<_>>()
    );
    assert_eq!(first.chains, second.chains);
    let options = CascadeOptions::default();
    let report = |data: &RiskData| {
        risk::chain_report(data, "SX-01", &RiskThresholds::default(), &options, 2).unwrap()
    };
    assert_eq!(report(&first), report(&second));
    let spec = ScenarioSpec {
        targets: vec![ShockTarget::Region { code: 140100 }],
        capacity: 0.3,
        top: 20,
    };
    assert_eq!(
        risk::scenario(&first, &spec, &options).unwrap(),
        risk::scenario(&second, &spec, &options).unwrap()
    );
}

#[tokio::test]
async fn scenario_targets_select_the_right_firms_and_bad_ones_are_named() {
    let (demo, data) = loaded().await;
    let options = CascadeOptions::default();
    let run = |targets: Vec<ShockTarget>| {
        risk::scenario(
            &data,
            &ScenarioSpec {
                targets,
                capacity: 0.0,
                top: 3,
            },
            &options,
        )
    };
    // A county: every firm registered there.
    let county = demo.province.population.enterprises[0].region;
    let in_county = data
        .firms
        .iter()
        .filter(|f| f.region == county.as_u32())
        .count();
    let outcome = run(vec![ShockTarget::Region {
        code: county.as_u32(),
    }])
    .unwrap();
    assert_eq!(outcome.shocked, in_county);
    // A node: its members; the union of targets counts each firm once.
    let node = ShockTarget::node("SX-01/06").unwrap();
    let chain = data.chain("SX-01").unwrap();
    let members = chain.node_firms(chain.node_index("06").unwrap());
    assert_eq!(run(vec![node.clone()]).unwrap().shocked, members.len());
    assert_eq!(
        run(vec![node.clone(), node]).unwrap().shocked,
        members.len()
    );

    assert!(matches!(
        run(vec![ShockTarget::node("SX-01/99").unwrap()]),
        Err(AnalyticsError::NotFound {
            what: "chain node",
            ..
        })
    ));
    assert!(matches!(
        run(vec![ShockTarget::Firm {
            uscc: "91140000000000000X".into()
        }]),
        Err(AnalyticsError::NotFound {
            what: "enterprise",
            ..
        })
    ));
    // A province where the demo has no firm.
    let empty = model::RegionCode::all()
        .iter()
        .map(|r| r.code.as_u32())
        .find(|&code| {
            code % 10_000 == 0
                && !data
                    .firms
                    .iter()
                    .any(|f| f.region / 10_000 == code / 10_000)
        })
        .unwrap();
    assert!(matches!(
        run(vec![ShockTarget::Region { code: empty }]),
        Err(AnalyticsError::EmptyScenario { .. })
    ));
    assert!(matches!(
        risk::scenario(
            &data,
            &ScenarioSpec {
                targets: vec![ShockTarget::OutsideSuppliers],
                capacity: 1.0,
                top: 3
            },
            &options
        ),
        Err(AnalyticsError::BadCapacity { .. })
    ));
    assert!(ShockTarget::node("SX-01").is_none());
}

#[tokio::test]
async fn a_user_matrix_at_any_level_covers_firms_through_their_ancestors() {
    let demo = demo().await;
    // Sections only: every class maps to its section letter.
    let sections: Vec<String> = model::IndustryCode::all()
        .filter(|c| c.level() == model::IndustryLevel::Section)
        .map(|c| c.as_str().to_owned())
        .collect();
    let matrix = EssentialityMatrix::uniform(sections.clone(), Essentiality::Linear).unwrap();
    let data = risk::load(&demo.store, None, Some((matrix, "sections.csv".into())))
        .await
        .unwrap();
    assert_eq!(
        data.matrix_source,
        MatrixSource::Custom("sections.csv".into())
    );
    for (f, firm) in data.firms.iter().enumerate() {
        let code = model::IndustryCode::parse(&firm.industry).unwrap();
        assert_eq!(
            data.matrix.codes()[data.industry[f] as usize],
            code.section().as_str()
        );
    }
    // No relation is essential under an all-linear matrix.
    assert!(
        data.chains
            .iter()
            .all(|c| c.relations.iter().all(|r| !r.essential))
    );

    // A matrix without manufacturing cannot place the demo's firms.
    let partial: Vec<String> = sections.into_iter().filter(|s| s != "C").collect();
    let matrix = EssentialityMatrix::uniform(partial, Essentiality::Linear).unwrap();
    let error = risk::load(&demo.store, None, Some((matrix, "partial.csv".into())))
        .await
        .unwrap_err();
    assert!(
        matches!(error, AnalyticsError::UnmappedIndustry { .. }),
        "{error}"
    );
    // A year without links says so.
    assert!(matches!(
        risk::load(&demo.store, Some(1999), None).await.unwrap_err(),
        AnalyticsError::NoSupplyLinks { year: Some(1999) }
    ));
}
