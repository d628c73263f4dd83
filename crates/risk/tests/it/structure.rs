//! Structural chain risk on a hand-made chain whose figures can be checked by hand, and single
//! points of failure against a brute-force cascade.

use model::MembershipRole;
use proptest::prelude::*;
use risk::structure::{
    ChainFirm, ChainInput, ChainNodeInput, ChainRiskReport, CoverageStatus, Finding, Lang,
    NodeInputRelation, NodeMembership, RiskThresholds,
};
use risk::{
    CascadeOptions, EsriModel, Essentiality, EssentialityMatrix, LinkTriple, SupplyNetwork,
};

fn link(supplier: u32, customer: u32, value: f64) -> LinkTriple {
    LinkTriple {
        supplier,
        customer,
        value,
    }
}

/// Ore (0) → smelting (1) → parts (2) → assembly (3) ← chips (4), plus smelting → assembly
/// (not essential). Firms: 0 M1 local ore, 1 M2 outside ore, 2 S1 smelter, 3 P1 and 4 P2 parts,
/// 5 A1 assembler and chain-master, 6 C1 outside chip maker, 7 X a local non-member.
fn chain() -> (ChainInput, SupplyNetwork) {
    let node = |code: &str, name: &str| ChainNodeInput {
        code: code.into(),
        name: name.into(),
    };
    let firm = |name: &str, local: bool, size: f64| ChainFirm {
        name: name.into(),
        local,
        size,
    };
    let member = |firm: u32, node: u32, role| NodeMembership { firm, node, role };
    let relation = |from: u32, to: u32, essential: bool| NodeInputRelation {
        from,
        to,
        essential,
    };
    let input = ChainInput {
        code: "T-01".into(),
        name: "测试链".into(),
        nodes: vec![
            node("N0", "矿石"),
            node("N1", "冶炼"),
            node("N2", "零部件"),
            node("N3", "整车"),
            node("N4", "芯片"),
        ],
        firms: vec![
            firm("M1", true, 100.0),
            firm("M2", false, 50.0),
            firm("S1", true, 300.0),
            firm("P1", true, 80.0),
            firm("P2", true, 40.0),
            firm("A1", true, 1000.0),
            firm("C1", false, 500.0),
            firm("X", true, 10.0),
        ],
        memberships: vec![
            member(0, 0, MembershipRole::Member),
            member(1, 0, MembershipRole::Member),
            member(2, 1, MembershipRole::ChainCore),
            member(3, 2, MembershipRole::Member),
            member(4, 2, MembershipRole::Member),
            member(5, 3, MembershipRole::ChainMaster),
            member(6, 4, MembershipRole::Member),
        ],
        relations: vec![
            relation(0, 1, true),
            relation(1, 2, true),
            relation(2, 3, true),
            relation(4, 3, true),
            relation(1, 3, false),
        ],
    };
    let links = [
        link(0, 2, 60.0),
        link(1, 2, 40.0),
        link(2, 3, 50.0),
        link(2, 4, 30.0),
        link(3, 5, 70.0),
        link(4, 5, 20.0),
        link(6, 5, 100.0),
        link(2, 5, 10.0),
        link(7, 5, 5.0),
    ];
    let network = SupplyNetwork::from_links(8, &links).unwrap();
    (input, network)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn hand_checked_chain() {
    let (input, network) = chain();
    let report =
        ChainRiskReport::assemble(&input, &network, &[], &RiskThresholds::default()).unwrap();
    let status: Vec<CoverageStatus> = report.nodes.iter().map(|n| n.coverage.status).collect();
    assert_eq!(
        status,
        [
            CoverageStatus::Weak,
            CoverageStatus::Weak,
            CoverageStatus::Weak,
            CoverageStatus::Weak,
            CoverageStatus::Gap
        ]
    );
    assert!(close(
        report.nodes[0].coverage.local_size_share,
        100.0 / 150.0
    ));

    // Single points of failure: S1 cuts P1, P2 directly and A1 in turn; C1 cuts A1.
    let spof: Vec<(&str, usize, usize, f64)> = report
        .single_points
        .iter()
        .map(|s| (s.name.as_str(), s.victims, s.direct_victims, s.victim_size))
        .collect();
    assert_eq!(spof, [("S1", 3, 2, 1120.0), ("C1", 1, 1, 1000.0)]);
    assert_eq!(report.single_points[0].listed[2].input_node_name, "零部件");
    assert!(!report.single_points[0].listed[2].direct);

    // External dependency of assembly: 100 of 205 outside, 100 of 190 essential inputs.
    let assembly = report.nodes[3].external.as_ref().unwrap();
    assert!(close(assembly.external_share, 100.0 / 205.0));
    assert!(close(assembly.essential_external_share, 100.0 / 190.0));
    assert!(!assembly.dependent);
    assert_eq!(assembly.largest_external[0].name, "C1");
    assert!(close(
        report.nodes[1].external.as_ref().unwrap().external_share,
        0.4
    ));

    // Concentration of parts by sales to assembly: 70 and 20.
    let parts = report.nodes[2].concentration.as_ref().unwrap();
    let (a, b) = (70.0 / 90.0, 20.0 / 90.0);
    assert!(close(parts.hhi, a * a + b * b));
    assert!(close(parts.top1_share, a) && close(parts.top3_share, 1.0));
    assert!(parts.concentrated);
    // Assembly sells nothing to a fed node: falls back to member size.
    let top = report.nodes[3].concentration.as_ref().unwrap();
    assert_eq!(top.basis, risk::structure::ConcentrationBasis::MemberSize);

    // Chain-master A1: local members sell 240, of which 100 to A1; P1 and P2 sell only to it.
    let master = &report.chain_masters[0];
    assert_eq!(master.name, "A1");
    assert!(close(master.local_sales_share, 100.0 / 240.0));
    assert!(close(master.size_share, 1000.0 / 2070.0));
    let dependent: Vec<&str> = master
        .dependent_suppliers
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(dependent, ["P1", "P2"]);

    // Findings come in the documented order and explain themselves with their figures.
    assert!(matches!(report.findings[0], Finding::Gap(_)));
    // Only the `top` largest single points of failure are findings; all stay in the report.
    let one = ChainRiskReport::assemble(
        &input,
        &network,
        &[],
        &RiskThresholds {
            top: 1,
            ..RiskThresholds::default()
        },
    )
    .unwrap();
    let points: Vec<&str> = one
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::SinglePointOfFailure(p) => Some(p.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!((points, one.single_points.len()), (vec!["S1"], 2));
    let zh = report.explain(Lang::Zh);
    let en = report.explain(Lang::En);
    assert_eq!(zh.len(), report.findings.len());
    assert!(
        zh[0].contains("缺链") && zh[0].contains("芯片"),
        "{}",
        zh[0]
    );
    assert!(en.iter().any(|l| l.contains("Single point of failure")
        && l.contains("S1")
        && l.contains("3 firms")));
    assert!(
        zh.iter()
            .any(|l| l.contains("链主「A1」") && l.contains("41.7%"))
    );
}

#[test]
fn report_ranks_members_by_esri() {
    let (input, network) = chain();
    let matrix = EssentialityMatrix::uniform(vec!["all".into()], Essentiality::Essential).unwrap();
    let model = EsriModel::new(&network, &[0; 8], &matrix, None).unwrap();
    let report = ChainRiskReport::assemble_with_esri(
        &input,
        &network,
        &model,
        &CascadeOptions::default(),
        1,
        &RiskThresholds::default(),
    )
    .unwrap();
    // Seven members (X is not one), ranked by ESRI.
    assert_eq!(report.top_systemic.len(), 7);
    assert!(
        report
            .top_systemic
            .windows(2)
            .all(|w| w[0].esri >= w[1].esri)
    );
    let s1 = model.esri(2, &CascadeOptions::default()).unwrap();
    let listed = report.top_systemic.iter().find(|f| f.name == "S1").unwrap();
    assert_eq!(listed.esri, s1.esri);
    assert_eq!(
        report.chain_masters[0].esri,
        Some(model.esri(5, &CascadeOptions::default()).unwrap().esri)
    );
}

/// Brute force: shut `x`, then repeatedly fail every firm with a requirement whose recorded
/// suppliers have all failed, until nothing changes.
fn brute_victims(input: &ChainInput, network: &SupplyNetwork, x: u32) -> Vec<u32> {
    let n = input.firms.len();
    let member = |f: u32, node: u32| {
        input
            .memberships
            .iter()
            .any(|m| m.firm == f && m.node == node)
    };
    let mut dead = vec![false; n];
    dead[x as usize] = true;
    loop {
        let mut changed = false;
        for c in 0..n as u32 {
            if dead[c as usize] {
                continue;
            }
            let (suppliers, _) = network.suppliers(c);
            let fails = input
                .relations
                .iter()
                .filter(|r| r.essential && member(c, r.to))
                .any(|r| {
                    let from: Vec<u32> = suppliers
                        .iter()
                        .copied()
                        .filter(|&s| member(s, r.from))
                        .collect();
                    !from.is_empty() && from.iter().all(|&s| dead[s as usize])
                });
            if fails {
                dead[c as usize] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (0..n as u32)
        .filter(|&f| f != x && dead[f as usize])
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn single_points_match_brute_force(
        n in 3usize..16,
        links in proptest::collection::vec((0u32..16, 0u32..16), 0..50),
        nodes in proptest::collection::vec(0u32..4, 16),
        extra in proptest::collection::vec((0u32..16, 0u32..4), 0..6),
        relations in proptest::collection::vec((0u32..4, 0u32..4, any::<bool>()), 1..8),
    ) {
        let firms = (0..n).map(|i| ChainFirm { name: format!("f{i}"), local: i % 3 != 0, size: 1.0 + i as f64 }).collect();
        let mut memberships: Vec<NodeMembership> = (0..n as u32)
            .map(|f| NodeMembership { firm: f, node: nodes[f as usize], role: MembershipRole::Member })
            .collect();
        memberships.extend(extra.iter().filter(|(f, _)| (*f as usize) < n).map(|&(firm, node)| NodeMembership { firm, node, role: MembershipRole::Member }));
        let input = ChainInput {
            code: "P".into(),
            name: "P".into(),
            nodes: (0..4).map(|k| ChainNodeInput { code: format!("n{k}"), name: format!("n{k}") }).collect(),
            firms,
            memberships,
            relations: relations.iter().map(|&(from, to, essential)| NodeInputRelation { from, to, essential }).collect(),
        };
        let triples: Vec<LinkTriple> = links
            .iter()
            .filter(|(s, c)| s != c && (*s as usize) < n && (*c as usize) < n)
            .map(|&(s, c)| link(s, c, 1.0))
            .collect();
        let network = SupplyNetwork::from_links(n, &triples).unwrap();
        let report = ChainRiskReport::assemble(&input, &network, &[], &RiskThresholds { top: 100, ..RiskThresholds::default() }).unwrap();
        for x in 0..n as u32 {
            let want = brute_victims(&input, &network, x);
            let got: Vec<u32> = report
                .single_points
                .iter()
                .find(|s| s.firm == x)
                .map(|s| { let mut v: Vec<u32> = s.listed.iter().map(|v| v.firm).collect(); v.sort_unstable(); v })
                .unwrap_or_default();
            prop_assert_eq!(got, want, "firm {}", x);
        }
    }
}
