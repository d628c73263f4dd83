//! The default frameworks: each one loads, runs on synthetic data, grades and explains every
//! unit, survives a TOML round trip, and its run record reproduces bit for bit.

use evaluate::framework::{DEFAULTS, defaults};
use evaluate::{Dataset, Framework, GradeBasis, SplitMix64, reproduce, run_framework};

/// Synthetic units for a framework: values spread over each indicator's goalposts (or 1–100).
fn synthetic(fw: &Framework, n: usize, seed: u64) -> Dataset {
    let mut rng = SplitMix64::new(seed);
    let units: Vec<String> = (0..n).map(|i| format!("unit{i:03}")).collect();
    let mut values = Vec::new();
    for ind in &fw.indicators {
        let [lo, hi] = ind.goalposts.unwrap_or([1.0, 100.0]);
        for _ in 0..n {
            // A little outside the posts on both sides, to exercise clipping.
            values.push(lo + (hi - lo) * (rng.next_f64() * 1.2 - 0.1));
        }
    }
    Dataset::from_columns(units, fw.indicator_codes(), values).expect("synthetic data")
}

#[test]
fn every_default_framework_loads_runs_grades_and_explains() {
    let all = defaults().expect("defaults parse");
    assert_eq!(all.len(), DEFAULTS.len());
    for fw in &all {
        assert!(!fw.basis.is_empty(), "{}: basis", fw.id);
        for ind in &fw.indicators {
            assert!(
                !ind.source.description.is_empty() && !ind.source.indicator.is_empty(),
                "{}/{}",
                fw.id,
                ind.code
            );
        }
        let data = synthetic(fw, 40, 11);
        let ev = run_framework(fw, &data, &fw.methods).unwrap_or_else(|e| panic!("{}: {e}", fw.id));
        assert!(
            ev.results.index().iter().all(|s| s.is_finite()),
            "{}: finite scores",
            fw.id
        );
        assert_eq!(ev.explanations.len(), 40);
        if let Some(g) = &fw.grades {
            // Every unit gets a grade (each default's last band is open).
            assert!(
                ev.explanations.iter().all(|e| e.grade.is_some()),
                "{}: graded",
                fw.id
            );
            if g.by == GradeBasis::RankShare {
                let top = ev
                    .explanations
                    .iter()
                    .filter(|e| e.grade.as_deref() == Some(g.bands[0].label.as_str()))
                    .count();
                let share = g.bands[0].share.expect("share");
                assert_eq!(
                    top,
                    (share * 40.0).floor() as usize,
                    "{}: top band size",
                    fw.id
                );
            }
        }
        // The contributions name every indicator and the biggest lift comes first.
        let e = &ev.explanations[0];
        assert_eq!(e.contributions.len(), fw.indicators.len());
        assert!(
            e.contributions
                .windows(2)
                .all(|w| w[0].points >= w[1].points)
        );
    }
}

#[test]
fn frameworks_survive_a_toml_round_trip() {
    for fw in defaults().expect("defaults parse") {
        let text = fw.to_toml().expect("writes");
        assert_eq!(
            Framework::from_toml(&text).expect("reads back"),
            fw,
            "{}",
            fw.id
        );
    }
}

#[test]
fn a_stored_run_reproduces_bit_for_bit_and_detects_changes() {
    let fw = defaults()
        .expect("defaults")
        .into_iter()
        .find(|f| f.id == "per-mu-benefit")
        .expect("per-mu");
    let data = synthetic(&fw, 25, 3);
    let ev = run_framework(&fw, &data, &fw.methods).expect("runs");
    let again = reproduce(&ev.record, &fw, &data).expect("reproduces");
    assert!(again.identical);
    assert_eq!(again.results, ev.results);

    let other = synthetic(&fw, 25, 4);
    let changed = reproduce(&ev.record, &fw, &other).expect("runs");
    assert!(!changed.identical && !changed.input_matches && changed.framework_matches);

    let mut edited = fw.clone();
    edited.indicators[0].weight = 31.0;
    let edited_run = reproduce(&ev.record, &edited, &data).expect("runs");
    assert!(!edited_run.identical && !edited_run.framework_matches && edited_run.input_matches);

    let mut renamed = fw.clone();
    renamed.version = "2026.1".into();
    assert!(reproduce(&ev.record, &renamed, &data).is_err());
}

#[test]
fn bad_framework_files_say_what_is_wrong() {
    let text = DEFAULTS[4].1;
    let typo = text.replace(
        "parent = \"per_mu_index\"\nweight = 30",
        "parent = \"per_mu_idx\"\nweight = 30",
    );
    let err = Framework::from_toml(&typo).expect_err("unknown parent");
    assert!(err.to_string().contains("per_mu_idx"), "{err}");
    let bad_method = text.replace("method = \"amean\"", "method = \"mean\"");
    assert!(Framework::from_toml(&bad_method).is_err());
    let bad_grades = text.replace("share = 0.40", "share = 0.90");
    assert!(
        Framework::from_toml(&bad_grades)
            .expect_err("shares")
            .to_string()
            .contains("shares add up")
    );
}
