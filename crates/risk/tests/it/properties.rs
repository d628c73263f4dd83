//! Properties of ESRI from the spec, plus agreement with a from-scratch synchronous iteration
//! written straight from the spec (every firm recomputed every step).

use proptest::prelude::*;
use risk::{
    CascadeOptions, EsriModel, Essentiality, EssentialityMatrix, LinkTriple, Shock, SupplyNetwork,
};

#[derive(Debug, Clone)]
pub struct Case {
    pub firms: usize,
    pub links: Vec<LinkTriple>,
    pub industry: Vec<u32>,
    pub matrix: Vec<u8>,
    pub industries: usize,
    pub weights: Vec<f64>,
}

impl Case {
    pub fn matrix(&self) -> EssentialityMatrix {
        let codes = (0..self.industries).map(|k| format!("k{k}")).collect();
        let values = self
            .matrix
            .iter()
            .map(|&c| Essentiality::from_code(c).unwrap())
            .collect();
        EssentialityMatrix::new(codes, values).unwrap()
    }

    pub fn network(&self) -> SupplyNetwork {
        SupplyNetwork::from_links(self.firms, &self.links).unwrap()
    }

    pub fn model(&self) -> EsriModel {
        EsriModel::new(&self.network(), &self.industry, &self.matrix(), None)
            .unwrap()
            .with_weights(self.weights.clone())
            .unwrap()
    }
}

pub fn case() -> impl Strategy<Value = Case> {
    (2usize..25, 1usize..4).prop_flat_map(|(firms, industries)| {
        let link = (0..firms as u32, 0..firms as u32, 1u32..100)
            .prop_filter("no self-links", |(s, c, _)| s != c)
            .prop_map(|(supplier, customer, value)| LinkTriple {
                supplier,
                customer,
                value: f64::from(value) / 7.0,
            });
        (
            proptest::collection::vec(link, 0..4 * firms),
            proptest::collection::vec(0..industries as u32, firms),
            proptest::collection::vec(0u8..3, industries * industries),
            proptest::collection::vec(0.5f64..10.0, firms),
        )
            .prop_map(move |(links, industry, matrix, weights)| Case {
                firms,
                links,
                industry,
                matrix,
                industries,
                weights,
            })
    })
}

/// The spec, literally: full synchronous sweeps until the largest drop is ≤ eps.
/// `market` is `q` (labels below the number of firms).
fn naive(
    case: &Case,
    market: &[u32],
    psi: &[f64],
    replaceability: bool,
    eps: f64,
) -> (Vec<f64>, Vec<f64>, u32) {
    let n = case.firms;
    let net = case.network();
    let e = case.matrix();
    let p = &case.industry;
    let s_out = net.out_strength();
    let s_in = net.in_strength();
    let m = case.industries;
    let (mut hd, mut hu) = (psi.to_vec(), psi.to_vec());
    let mut iterations = 0;
    loop {
        iterations += 1;
        let mut a = vec![0.0; n.max(m)];
        for i in 0..n {
            a[market[i] as usize] += hd[i] * s_out[i];
        }
        let sigma: Vec<f64> = (0..n)
            .map(|i| {
                let aq = if a[market[i] as usize] <= 1e-10 {
                    1.0
                } else {
                    a[market[i] as usize]
                };
                if replaceability {
                    (s_out[i] / aq).min(1.0)
                } else {
                    1.0
                }
            })
            .collect();
        let mut new_d = vec![0.0; n];
        let mut new_u = vec![0.0; n];
        for j in 0..n {
            let (sup, val) = net.suppliers(j as u32);
            let mut l = vec![0.0; m];
            let mut pi = vec![0.0; m];
            for (&i, &w) in sup.iter().zip(val) {
                pi[p[i as usize] as usize] += w;
            }
            for (&i, &w) in sup.iter().zip(val) {
                let (i, k) = (i as usize, p[i as usize] as usize);
                let ld = match e.get(k, p[j] as usize) {
                    Essentiality::Essential => w / pi[k],
                    Essentiality::Linear => w / s_in[j],
                    Essentiality::Irrelevant => 0.0,
                };
                l[k] += sigma[i] * ld * (1.0 - hd[i]);
            }
            let mut ess: f64 = 1.0;
            let mut lin = 1.0;
            for (k, &loss) in l.iter().enumerate() {
                match e.get(k, p[j] as usize) {
                    Essentiality::Essential => ess = ess.min(1.0 - loss),
                    Essentiality::Linear => lin -= loss,
                    Essentiality::Irrelevant => {}
                }
            }
            new_d[j] = ess.min(lin).min(psi[j]).max(0.0);
            let (cus, val) = net.customers(j as u32);
            let up: f64 = cus
                .iter()
                .zip(val)
                .map(|(&c, &w)| w / s_out[j] * (1.0 - hu[c as usize]))
                .sum();
            new_u[j] = (1.0 - up).min(psi[j]).max(0.0);
        }
        let drop = (0..n)
            .map(|i| (hd[i] - new_d[i]).max(hu[i] - new_u[i]))
            .fold(0.0, f64::max);
        hd = new_d;
        hu = new_u;
        if drop <= eps {
            return (hd, hu, iterations);
        }
    }
}

fn loss(weights: &[f64], hd: &[f64], hu: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    (0..weights.len())
        .map(|i| weights[i] * (1.0 - hd[i].min(hu[i])))
        .sum::<f64>()
        / total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn bounds_and_own_share(case in case(), repl in any::<bool>()) {
        let model = case.model();
        let options = CascadeOptions { replaceability: repl, ..CascadeOptions::default() };
        let all: Vec<u32> = (0..case.firms as u32).collect();
        let total: f64 = case.weights.iter().sum();
        for r in model.esri_closures(&all, &options, 1, None).unwrap() {
            let own = case.weights[r.firm as usize] / total;
            prop_assert!(r.esri >= own - 1e-15, "{} < own share {}", r.esri, own);
            prop_assert!(r.esri <= 1.0 + 1e-12);
            prop_assert!(r.esri_down <= r.esri + 1e-15 && r.esri_up <= r.esri + 1e-15);
        }
    }

    #[test]
    fn matches_the_spec_iteration_for_any_psi(
        case in case(),
        repl in any::<bool>(),
        capacities in proptest::collection::vec(prop_oneof![Just(1.0), Just(0.0), 0.0f64..1.0], 25),
        markets in proptest::option::of(proptest::collection::vec(0u32..2, 25)),
    ) {
        // Markets default to the industries; any other dense labelling must work the same way.
        let market: Vec<u32> = match &markets {
            Some(labels) => labels[..case.firms].to_vec(),
            None => case.industry.clone(),
        };
        let model = EsriModel::new(&case.network(), &case.industry, &case.matrix(), markets.as_ref().map(|_| &market[..]))
            .unwrap()
            .with_weights(case.weights.clone())
            .unwrap();
        let options = CascadeOptions { replaceability: repl, ..CascadeOptions::default() };
        let psi: Vec<f64> = capacities[..case.firms].to_vec();
        let shocks: Vec<Shock> = psi
            .iter()
            .enumerate()
            .filter(|(_, c)| **c < 1.0)
            .map(|(firm, &capacity)| Shock { firm: firm as u32, capacity })
            .collect();
        let cascade = model.cascade(&shocks, &options).unwrap();
        let (hd, hu, iterations) = naive(&case, &market, &psi, repl, options.eps);
        prop_assert_eq!(cascade.convergence.iterations, iterations);
        for i in 0..case.firms {
            prop_assert!((cascade.hd[i] - hd[i]).abs() <= 1e-12, "hd[{}]", i);
            prop_assert!((cascade.hu[i] - hu[i]).abs() <= 1e-12, "hu[{}]", i);
        }
    }

    /// Less capacity never lowers the loss. Checked at the fixed point (tiny eps): with the
    /// spec's eps = 0.01 the stopping step itself depends on psi, so two truncated runs need
    /// not be ordered.
    #[test]
    fn monotone_in_psi(
        case in case(),
        repl in any::<bool>(),
        high in proptest::collection::vec(0.0f64..=1.0, 25),
        cut in proptest::collection::vec(0.0f64..=1.0, 25),
    ) {
        let model = case.model();
        let options = CascadeOptions { replaceability: repl, eps: 1e-13, ..CascadeOptions::default() };
        let shocks = |psi: &dyn Fn(usize) -> f64| -> Vec<Shock> {
            (0..case.firms).map(|i| Shock { firm: i as u32, capacity: psi(i) }).collect()
        };
        let upper = model.cascade(&shocks(&|i| high[i]), &options).unwrap();
        let lower = model.cascade(&shocks(&|i| high[i] * cut[i]), &options).unwrap();
        let loss_upper = loss(&case.weights, &upper.hd, &upper.hu);
        let loss_lower = loss(&case.weights, &lower.hd, &lower.hu);
        prop_assert!(loss_lower >= loss_upper - 1e-9, "{} < {}", loss_lower, loss_upper);
    }

    #[test]
    fn firm_order_does_not_matter(case in case(), repl in any::<bool>(), seed in any::<u64>()) {
        // A pseudo-random permutation of the firm indices.
        let n = case.firms;
        let mut order: Vec<usize> = (0..n).collect();
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut renamed = case.clone();
        for (old, &new) in order.iter().enumerate() {
            renamed.industry[new] = case.industry[old];
            renamed.weights[new] = case.weights[old];
        }
        for link in &mut renamed.links {
            link.supplier = order[link.supplier as usize] as u32;
            link.customer = order[link.customer as usize] as u32;
        }
        let options = CascadeOptions { replaceability: repl, ..CascadeOptions::default() };
        let all: Vec<u32> = (0..n as u32).collect();
        let before = case.model().esri_closures(&all, &options, 1, None).unwrap();
        let after = renamed.model().esri_closures(&all, &options, 1, None).unwrap();
        for (old, r) in before.iter().enumerate() {
            let s = after[order[old]];
            prop_assert!((r.esri - s.esri).abs() <= 1e-12);
            prop_assert_eq!(r.convergence.iterations, s.convergence.iterations);
        }
    }

    #[test]
    fn isolated_firm_loses_only_its_own_share(case in case()) {
        let mut case = case;
        // Firm 0 gets no links at all.
        case.links.retain(|l| l.supplier != 0 && l.customer != 0);
        let model = case.model();
        let result = model.esri(0, &CascadeOptions::default()).unwrap();
        let total: f64 = case.weights.iter().sum();
        prop_assert!((result.esri - case.weights[0] / total).abs() <= 1e-15);
    }
}
