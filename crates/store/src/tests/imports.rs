//! What importers rely on: revision-aware merges, idempotent designations, batch descriptions and
//! the lists exports read.

use model::{Designation, DesignationStatus, Period, TitleKind};

use super::{backends, fixtures};
use crate::{BatchStatus, MergeCounts, ObservationFilter};

async fn new_batch(store: &crate::Store, tx: &mut crate::Transaction) -> i64 {
    store
        .begin_batch(tx, "observations", "test.csv", "2026-01-01T00:00:00Z", None)
        .await
        .unwrap()
}

#[tokio::test]
async fn merging_observations_keeps_every_replaced_value_with_its_batch() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let mut tx = store.begin().await.unwrap();
        let ids = store.enterprise_ids(&mut tx).await.unwrap();
        let keys = store.stored_keys().await.unwrap();
        let output = keys.indicators["output_value"].0;
        let revenue = keys.indicators["revenue"].0;
        let one = ids[fixtures::uscc(1).as_str()];
        let two = ids[fixtures::uscc(2).as_str()];
        let p = |y, m| Period::new(y, m).unwrap();
        let first = new_batch(store, &mut tx).await;
        // 2025-03 of output_value is occupied (merged); revenue 2025-04 is fresh (appended).
        let rows = [
            (one, output, p(2025, 3), 110.0), // equal to the stored value
            (two, output, p(2025, 3), 55.0),  // revised from 50
            (one, revenue, p(2025, 4), 7.0),  // new
            (two, output, p(2025, 4), 9.0),   // new key in a fresh pair
        ];
        let counts = store
            .merge_observations(&mut tx, &rows, first)
            .await
            .unwrap();
        assert_eq!(
            counts,
            MergeCounts {
                inserted: 2,
                revised: 1,
                unchanged: 1
            }
        );
        tx.commit().await.unwrap();

        let mut tx = store.begin().await.unwrap();
        let second = new_batch(store, &mut tx).await;
        let again = store
            .merge_observations(&mut tx, &[(two, output, p(2025, 3), 60.0)], second)
            .await
            .unwrap();
        assert_eq!(again.revised, 1);
        let same = store
            .merge_observations(&mut tx, &rows[2..], second)
            .await
            .unwrap();
        assert_eq!(
            same.unchanged, 2,
            "re-importing equal values writes nothing"
        );
        tx.commit().await.unwrap();

        let history = store
            .observation_history(&fixtures::uscc(2), "output_value", p(2025, 3))
            .await
            .unwrap();
        let trail: Vec<_> = history
            .iter()
            .map(|v| (v.revision, v.value, v.batch, v.replaced_by))
            .collect();
        assert_eq!(
            trail,
            [
                (1, 50.0, None, Some(first)),
                (2, 55.0, Some(first), Some(second)),
                (3, 60.0, Some(second), None)
            ]
        );
        let listed = store
            .list_observations(&ObservationFilter {
                indicator: Some("output_value".into()),
                from: Some(p(2025, 3)),
                to: Some(p(2025, 3)),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!((listed[1].value, listed[1].revision), (60.0, 3));
    }
}

#[tokio::test]
async fn designations_are_matched_on_their_natural_key() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let designation = |status| Designation {
            uscc: fixtures::uscc(1),
            title: TitleKind::ChainMaster,
            chain: Some("SX-T1".into()),
            status,
            rule_version: Some("shanxi-2024".into()),
            valid_from: Some("2025-01-01".into()),
            valid_until: None,
            decision: None,
        };
        let mut tx = store.begin().await.unwrap();
        let first = store
            .upsert_designations(&mut tx, &[designation(DesignationStatus::Applied)], None)
            .await
            .unwrap();
        let second = store
            .upsert_designations(&mut tx, &[designation(DesignationStatus::Approved)], None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!((first, second), ((1, 0), (0, 1)));
        let stored = store.list_designations().await.unwrap();
        assert_eq!(stored, [designation(DesignationStatus::Approved)]);
    }
}

#[tokio::test]
async fn batches_keep_their_fingerprint_and_outcome() {
    for db in backends().await {
        let store = &db.store;
        let mut tx = store.begin().await.unwrap();
        let id = new_batch(store, &mut tx).await;
        store
            .describe_batch(&mut tx, id, Some("ab12"), "2 rows rejected: 2 USCC")
            .await
            .unwrap();
        store
            .finish_batch(
                &mut tx,
                id,
                BatchStatus::Rejected,
                5,
                3,
                2,
                "2026-01-01T00:00:01Z",
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let batch = store.batch(id).await.unwrap().expect("stored");
        assert_eq!(batch.status, BatchStatus::Rejected);
        assert_eq!(batch.sha256.as_deref(), Some("ab12"));
        assert_eq!(batch.detail.as_deref(), Some("2 rows rejected: 2 USCC"));
    }
}

#[tokio::test]
async fn lists_for_exports_name_both_ends() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let links = store.list_supply_links(Some(2025)).await.unwrap();
        assert_eq!(links.len(), 3);
        assert!(links.iter().all(|l| !l.supplier_name.is_empty()));
        assert!(
            store
                .list_supply_links(Some(2024))
                .await
                .unwrap()
                .is_empty()
        );
        let memberships = store.list_memberships(Some("SX-T1")).await.unwrap();
        assert_eq!(memberships.len(), 5);
        assert_eq!(store.list_memberships(None).await.unwrap().len(), 5);
        assert!(
            store
                .list_memberships(Some("nope"))
                .await
                .unwrap()
                .is_empty()
        );
        let keys = store.stored_keys().await.unwrap();
        assert_eq!(keys.enterprises.len(), 5);
        assert!(keys.nodes.contains(&("SX-T1".to_owned(), "02".to_owned())));
        assert!(keys.parks.contains("P1"));
    }
}
