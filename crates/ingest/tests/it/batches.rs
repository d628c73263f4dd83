//! Atomic, idempotent batches with revision history, on every backend.

use ingest::{ImportOptions, Kind, Outcome};
use model::Period;
use store::BatchStatus;

use crate::common::{backends, committed, counts, import, import_with, reference_data, uscc};

fn sheet(values: &[(u16, &str, f64)]) -> String {
    let mut text = String::from("统一社会信用代码,指标,报告期,数值\n");
    for (n, period, value) in values {
        text.push_str(&format!("{},output_value,{period},{value}\n", uscc(*n)));
    }
    text
}

#[tokio::test]
async fn reimporting_is_idempotent_and_changes_keep_their_history() {
    for db in backends().await {
        let store = &db.store;
        reference_data(store).await;
        let first = sheet(&[
            (1, "2025-03", 10.0),
            (2, "2025-03", 20.0),
            (3, "2025-04", 30.0),
        ]);
        let one = committed(store, Kind::Observations, "march.csv", &first).await;
        assert_eq!(one.report.written.unwrap().inserted, 3, "{}", db.name);
        let again = committed(store, Kind::Observations, "march.csv", &first).await;
        let written = again.report.written.unwrap();
        assert_eq!(
            (written.inserted, written.revised, written.unchanged),
            (0, 0, 3),
            "{}",
            db.name
        );
        let before = counts(store).await;

        let corrected = sheet(&[
            (1, "2025-03", 10.0),
            (2, "2025-03", 25.0),
            (3, "2025-04", 30.0),
        ]);
        let fix = committed(store, Kind::Observations, "march-corrected.csv", &corrected).await;
        let written = fix.report.written.unwrap();
        assert_eq!(
            (written.inserted, written.revised, written.unchanged),
            (0, 1, 2),
            "{}",
            db.name
        );
        assert_eq!(
            counts(store).await,
            before,
            "a revision adds no observation"
        );
        let march = Period::new(2025, 3).unwrap();
        let history = store
            .observation_history(&uscc(2), "output_value", march)
            .await
            .unwrap();
        let trail: Vec<_> = history
            .iter()
            .map(|v| (v.revision, v.value, v.batch, v.replaced_by))
            .collect();
        assert_eq!(
            trail,
            [(1, 20.0, one.batch, fix.batch), (2, 25.0, fix.batch, None)],
            "{}",
            db.name
        );
        let batch = store.batch(fix.batch.unwrap()).await.unwrap().unwrap();
        assert_eq!(batch.status, BatchStatus::Committed);
        assert_eq!(batch.sha256.as_deref(), Some(fix.report.sha256.as_str()));
        assert!(batch.detail.unwrap().contains("1 revised"));

        // Natural-key kinds upsert: the same enterprises file twice changes nothing.
        let enterprises = format!(
            "uscc,name,region,industry,size_class,above_designated_size\n{},改名企业,140105,3670,small,false\n",
            uscc(1)
        );
        let e1 = committed(store, Kind::Enterprises, "e.csv", &enterprises).await;
        assert_eq!(e1.report.written.unwrap().updated, 1);
        committed(store, Kind::Enterprises, "e.csv", &enterprises).await;
        let row = store
            .enterprise_by_uscc(&store::EnterpriseScope::everything(), &uscc(1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.name, "改名企业");
        assert_eq!(store.stored_keys().await.unwrap().enterprises.len(), 3);
    }
}

#[tokio::test]
async fn a_bad_row_anywhere_writes_nothing_and_dry_runs_write_nothing_at_all() {
    for db in backends().await {
        let store = &db.store;
        reference_data(store).await;
        let before = counts(store).await;
        let mut text = sheet(&[(1, "2025-03", 1.0), (2, "2025-03", 2.0)]);
        text.push_str(&format!("{},output_value,2025-03,abc\n", uscc(3)));
        let outcome = import(store, Kind::Observations, "bad.csv", text.as_bytes()).await;
        assert_eq!(outcome.outcome, Outcome::Rejected);
        assert_eq!(counts(store).await, before, "{}", db.name);
        let batches = store.list_batches(1, 0).await.unwrap().items;
        assert_eq!(batches[0].status, BatchStatus::Rejected);
        assert_eq!((batches[0].rows_read, batches[0].rows_rejected), (3, 1));

        let dry = ImportOptions {
            dry_run: true,
            ..Default::default()
        };
        let batches_before = store.list_batches(100, 0).await.unwrap().items.len();
        let good = sheet(&[(1, "2025-03", 1.0)]);
        let outcome =
            import_with(store, Kind::Observations, "good.csv", good.as_bytes(), &dry).await;
        assert_eq!(outcome.outcome, Outcome::DryRun);
        assert_eq!(outcome.batch, None);
        let outcome =
            import_with(store, Kind::Observations, "bad.csv", text.as_bytes(), &dry).await;
        assert_eq!(outcome.outcome, Outcome::Rejected);
        assert_eq!(
            store.list_batches(100, 0).await.unwrap().items.len(),
            batches_before
        );
        assert_eq!(counts(store).await, before);
    }
}

#[tokio::test]
async fn a_failure_after_the_last_write_leaves_the_database_as_it_was() {
    for db in backends().await {
        let store = &db.store;
        reference_data(store).await;
        committed(
            store,
            Kind::Observations,
            "first.csv",
            &sheet(&[(1, "2025-03", 1.0)]),
        )
        .await;
        let before = counts(store).await;
        let batches_before = store.list_batches(100, 0).await.unwrap().items.len();
        // New values and a revision: both paths of the merge run, then the transaction drops.
        let text = sheet(&[
            (1, "2025-03", 9.0),
            (2, "2025-03", 2.0),
            (3, "2025-05", 3.0),
        ]);
        let options = ImportOptions {
            abort_before_commit: true,
            ..Default::default()
        };
        let result = ingest::import_bytes(
            store,
            Kind::Observations,
            "x.csv",
            text.into_bytes(),
            &options,
        )
        .await;
        assert!(
            matches!(result, Err(ingest::IngestError::Aborted)),
            "{}",
            db.name
        );
        assert_eq!(counts(store).await, before, "{}", db.name);
        assert_eq!(
            store.list_batches(100, 0).await.unwrap().items.len(),
            batches_before
        );
        let history = store
            .observation_history(&uscc(1), "output_value", Period::new(2025, 3).unwrap())
            .await
            .unwrap();
        assert_eq!(history.len(), 1, "no revision survives the rollback");
        assert_eq!(history[0].value, 1.0);
    }
}
