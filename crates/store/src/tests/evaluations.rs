//! Evaluation runs and yearly supply totals on every backend: a stored run reads back byte for
//! byte and reproduces bit for bit through the engine.

use evaluate::{Dataset, Framework, RunRecord, SplitMix64, reproduce, run_framework};

use super::{backends, fixtures};
use crate::EvaluationRunRow;

/// A run of the shipped per-mu framework on 30 synthetic firms, with gaps.
fn engine_run() -> (Framework, Dataset, RunRecord) {
    let fw = evaluate::framework::defaults()
        .unwrap()
        .into_iter()
        .find(|f| f.id == "per-mu-benefit")
        .unwrap();
    let mut rng = SplitMix64::new(7);
    let n = 30;
    let units: Vec<String> = (0..n).map(|i| format!("firm{i:02}")).collect();
    let values: Vec<f64> = (0..n * fw.indicators.len())
        .map(|k| {
            let x = rng.next_f64();
            if k % 11 == 3 {
                f64::NAN
            } else {
                x * 40.0 / 3.0
            }
        })
        .collect();
    let data = Dataset::from_columns(units, fw.indicator_codes(), values)
        .unwrap()
        .with_group(
            "city",
            (0..n)
                .map(|i| (i % 4 != 0).then(|| format!("14{:02}00", i % 3 + 1)))
                .collect(),
        )
        .unwrap();
    let record = run_framework(&fw, &data, &fw.methods).unwrap().record;
    (fw, data, record)
}

fn row(fw: &Framework, data: &Dataset, record: &RunRecord, year: u16) -> EvaluationRunRow {
    EvaluationRunRow {
        framework_id: fw.id.clone(),
        framework_version: fw.version.clone(),
        framework_digest: record.framework_digest.clone(),
        framework: fw.to_toml().unwrap(),
        unit_kind: fw.unit_kind.clone(),
        year,
        methods: serde_json::to_string(&record.methods).unwrap(),
        parameters: r#"{"dropped":[],"note":"亩均效益 — test"}"#.into(),
        units: data.n_units() as i64,
        input_digest: record.input_digest.clone(),
        input_snapshot: serde_json::to_string(data).unwrap(),
        result_digest: record.result_digest.clone(),
        results: "[]".into(),
        record: serde_json::to_string(record).unwrap(),
        engine: record.engine.clone(),
        created_at: "2026-11-02T08:00:00Z".into(),
        actor: Some("分析员".into()),
    }
}

#[tokio::test]
async fn a_stored_run_reads_back_verbatim_and_reproduces_bit_for_bit() {
    let (fw, data, record) = engine_run();
    for db in backends().await {
        let store = &db.store;
        let first = row(&fw, &data, &record, 2024);
        let second = EvaluationRunRow {
            framework_id: "other".into(),
            actor: None,
            ..row(&fw, &data, &record, 2025)
        };
        let a = store.insert_evaluation_run(&first).await.unwrap();
        let b = store.insert_evaluation_run(&second).await.unwrap();
        assert!(b > a);

        let (id, back) = store.evaluation_run(a).await.unwrap().unwrap();
        assert_eq!((id, &back), (a, &first));
        assert!(store.evaluation_run(b + 1).await.unwrap().is_none());
        let all = store.list_evaluation_runs(None).await.unwrap();
        assert_eq!(all.iter().map(|s| s.id).collect::<Vec<_>>(), vec![b, a]);
        assert_eq!((all[1].year, all[1].units), (2024, 30));
        assert_eq!(all[0].actor, None);
        let mine = store
            .list_evaluation_runs(Some("per-mu-benefit"))
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].input_digest, record.input_digest);

        // What came back is enough to re-run the engine and get the same bits.
        let fw_back = Framework::from_toml(&back.framework).unwrap();
        let data_back: Dataset = serde_json::from_str(&back.input_snapshot).unwrap();
        let record_back: RunRecord = serde_json::from_str(&back.record).unwrap();
        assert_eq!(record_back, record);
        let again = reproduce(&record_back, &fw_back, &data_back).unwrap();
        assert!(
            again.identical,
            "{:?} on {:?}",
            again.record,
            store.backend()
        );
    }
}

#[tokio::test]
async fn supply_totals_sum_the_years_links_by_buyer_and_by_chain() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let ids = {
            let mut tx = store.begin().await.unwrap();
            store.enterprise_ids(&mut tx).await.unwrap()
        };
        let id = |n: u8| ids[fixtures::uscc(n).as_str()];
        // Links of 2025: 3 → 2 (5e6), 2 → 1 (2e7), 5 → 1 (1e6; firm 5 is in Jiangsu).
        let totals = store.enterprise_supply_totals(2025).await.unwrap();
        let of = |n: u8| *totals.iter().find(|t| t.enterprise_id == id(n)).unwrap();
        assert_eq!(
            (of(1).purchases, of(1).local_purchases, of(1).local_partners),
            (2.1e7, 2.0e7, 1)
        );
        assert_eq!(
            (of(2).purchases, of(2).local_purchases, of(2).local_partners),
            (5.0e6, 5.0e6, 2)
        );
        assert_eq!((of(3).purchases, of(3).local_partners), (0.0, 1));
        assert_eq!(of(5).local_partners, 0);
        assert_eq!(totals.len(), 4);
        assert!(
            store
                .enterprise_supply_totals(2024)
                .await
                .unwrap()
                .is_empty()
        );

        // Members of SX-T1 are firms 1–4: every link has a member as buyer.
        let chains = store.chain_purchase_totals(2025).await.unwrap();
        assert_eq!(chains.len(), 1);
        assert_eq!(
            (
                chains[0].chain.as_str(),
                chains[0].purchases,
                chains[0].local_purchases
            ),
            ("SX-T1", 2.6e7, 2.5e7)
        );
    }
}
