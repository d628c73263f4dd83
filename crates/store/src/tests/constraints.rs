//! What the schema itself refuses, whatever code writes to it.

use super::{backends, execute, fixtures};

#[tokio::test]
async fn the_database_refuses_bad_natural_keys() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let good = fixtures::uscc(9);
        let insert = |uscc: &str, region: &str, industry: &str| {
            format!(
                "INSERT INTO enterprise (uscc, name, region_code, province_code, industry_code, size_class, \
                 above_designated_size) VALUES ('{uscc}', 'x', {region}, 140000, '{industry}', 'small', FALSE)"
            )
        };
        assert!(
            execute(store, &insert(good.as_str(), "140105", "3670"))
                .await
                .is_ok()
        );
        // The same USCC twice.
        assert!(
            execute(store, &insert(good.as_str(), "140105", "3670"))
                .await
                .is_err()
        );
        let other = fixtures::uscc(10);
        // Unknown region code, unknown industry code, a USCC of the wrong length.
        assert!(
            execute(store, &insert(other.as_str(), "149999", "3670"))
                .await
                .is_err()
        );
        assert!(
            execute(store, &insert(other.as_str(), "140105", "9999"))
                .await
                .is_err()
        );
        assert!(
            execute(store, &insert("91140100MA0K", "140105", "3670"))
                .await
                .is_err()
        );

        let observation = |period: i64| {
            format!(
                "INSERT INTO observation (enterprise_id, indicator_id, period, value) \
                 SELECT e.id, i.id, {period}, 1.0 FROM enterprise e, indicator i \
                 WHERE e.uscc = '{good}' AND i.code = 'revenue'"
            )
        };
        assert_eq!(execute(store, &observation(202503)).await.unwrap(), 1);
        // January alone (NBS reports 1–2月 as month 2), month 13, the same key twice.
        assert!(execute(store, &observation(202501)).await.is_err());
        assert!(execute(store, &observation(202513)).await.is_err());
        assert!(execute(store, &observation(202503)).await.is_err());

        let link = |value: &str, customer: &str| {
            format!(
                "INSERT INTO supply_link (supplier_id, customer_id, year, value) \
                 SELECT s.id, c.id, 2025, {value} FROM enterprise s, enterprise c \
                 WHERE s.uscc = '{good}' AND c.uscc = '{customer}'"
            )
        };
        let customer = fixtures::uscc(1);
        assert!(
            execute(store, &link("-1.0", customer.as_str()))
                .await
                .is_err(),
            "negative value"
        );
        assert!(
            execute(store, &link("1.0", good.as_str())).await.is_err(),
            "self link"
        );
        assert_eq!(
            execute(store, &link("1.0", customer.as_str()))
                .await
                .unwrap(),
            1
        );
    }
}

#[tokio::test]
async fn a_transaction_dropped_before_commit_leaves_nothing() {
    for db in backends().await {
        let store = &db.store;
        {
            let mut tx = store.begin().await.unwrap();
            store
                .upsert_enterprises(&mut tx, &[fixtures::enterprise(7, "140105", None)], None)
                .await
                .unwrap();
            // A second write fails (the park does not exist); the caller gives up.
            let failing = fixtures::enterprise(8, "140105", Some("NO-SUCH-PARK"));
            assert!(
                store
                    .upsert_enterprises(&mut tx, &[failing], None)
                    .await
                    .is_err()
            );
        }
        let page = store
            .list_enterprises(&Default::default(), 10, 0)
            .await
            .unwrap();
        assert_eq!(page.total, 0);
    }
}
