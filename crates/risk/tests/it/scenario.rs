//! What-if scenarios: one closure as a scenario is its ESRI; group losses add up.

use proptest::prelude::*;
use risk::scenario::{FirmGroups, run_scenario, shocks};
use risk::{CascadeOptions, Shock};

use crate::properties::case;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn closing_one_firm_is_its_esri_and_groups_add_up(
        case in case(),
        labels in proptest::collection::vec(0u32..3, 25),
        pick in any::<proptest::sample::Index>(),
    ) {
        let model = case.model();
        let firm = pick.index(case.firms) as u32;
        let options = CascadeOptions::default();
        let names = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let regions = FirmGroups::from_labels(
            "region",
            names,
            &labels[..case.firms].iter().map(|&l| Some(l)).collect::<Vec<_>>(),
        ).unwrap();
        let report = run_scenario(&model, &shocks([firm], 0.0), &[&regions], &options, 5).unwrap();
        let esri = model.esri(firm, &options).unwrap();
        prop_assert!((report.loss_share - esri.esri).abs() <= 1e-12);
        prop_assert_eq!(report.convergence, esri.convergence);
        let by_group: f64 = report.groupings[0].groups.iter().map(|g| g.loss).sum();
        prop_assert!((by_group - report.total_loss).abs() <= 1e-9 * report.total_output.max(1.0));
        prop_assert!((report.direct_loss + report.indirect_loss - report.total_loss).abs() <= 1e-9);
        prop_assert!(report.hardest_hit.len() <= 5);
        prop_assert!(report.hardest_hit.windows(2).all(|w| w[0].loss >= w[1].loss));
        prop_assert!(report.hardest_hit.iter().all(|h| h.firm != firm && h.level < 1.0));
    }
}

#[test]
fn cutting_a_whole_group_to_half_capacity() {
    // 0 → 1 → 2 (all linear): halving firm 0 halves what 1 gets, and so on down the line.
    use risk::{EsriModel, Essentiality, EssentialityMatrix, LinkTriple, SupplyNetwork};
    let link = |supplier, customer| LinkTriple {
        supplier,
        customer,
        value: 1.0,
    };
    let network = SupplyNetwork::from_links(3, &[link(0, 1), link(1, 2)]).unwrap();
    let matrix = EssentialityMatrix::uniform(vec!["x".into()], Essentiality::Linear).unwrap();
    let model = EsriModel::new(&network, &[0, 0, 0], &matrix, None)
        .unwrap()
        .with_weights(vec![1.0, 1.0, 1.0])
        .unwrap();
    let nodes = FirmGroups::new(
        "node",
        vec!["up".into(), "down".into()],
        &[(0, 0), (1, 1), (2, 1)],
        3,
    )
    .unwrap();
    let options = CascadeOptions {
        replaceability: false,
        ..CascadeOptions::default()
    };
    let report = run_scenario(&model, &nodes.shock_group(0, 0.5), &[&nodes], &options, 10).unwrap();
    // hd = [0.5, 0.5, 0.5]; upstream unaffected downstream of the shock.
    assert!((report.total_loss - 1.5).abs() < 1e-12);
    assert_eq!(report.groupings[0].groups[0].name, "down");
    assert!((report.groupings[0].groups[0].loss - 1.0).abs() < 1e-12);
    assert_eq!(report.hardest_hit.len(), 2);
    assert!(matches!(
        model.cascade(
            &[Shock {
                firm: 0,
                capacity: 1.5
            }],
            &options
        ),
        Err(risk::EsriError::BadCapacity { .. })
    ));
}
