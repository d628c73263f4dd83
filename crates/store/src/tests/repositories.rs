//! Round trips through the repository API.

use model::{MembershipRole, Period, RegionCode, Segment, TitleKind};

use super::{backends, fixtures};
use crate::{EnterpriseFilter, EnterpriseScope, Value, bulk::insert_rows};

#[tokio::test]
async fn chain_summaries_count_nodes_members_and_roles_within_a_region() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let all = store
            .list_chain_summaries(&EnterpriseScope::everything())
            .await
            .unwrap();
        assert_eq!(all.len(), 1);
        let chain = &all[0];
        assert_eq!((chain.node_count, chain.enterprise_count), (3, 4));
        assert_eq!((chain.chain_master_count, chain.chain_core_count), (1, 1));
        // Taiyuan holds enterprises 1 (chain-master) and 2 (chain-core); Datong 3 and 4.
        let taiyuan = store
            .list_chain_summaries(&EnterpriseScope::region(
                RegionCode::parse("140100").unwrap(),
            ))
            .await
            .unwrap();
        assert_eq!(
            (taiyuan[0].enterprise_count, taiyuan[0].chain_master_count),
            (2, 1)
        );
        let datong = store
            .list_chain_summaries(&EnterpriseScope::region(
                RegionCode::parse("140200").unwrap(),
            ))
            .await
            .unwrap();
        assert_eq!(
            (
                datong[0].enterprise_count,
                datong[0].chain_master_count,
                datong[0].chain_core_count
            ),
            (2, 0, 0)
        );
    }
}

#[tokio::test]
async fn chain_maps_round_trip_with_parents_relations_and_counts() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let chain = store
            .chain_by_code(&EnterpriseScope::everything(), "SX-T1")
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(chain.chain, fixtures::chain());
        let nodes = store
            .chain_nodes(&EnterpriseScope::everything(), "SX-T1")
            .await
            .unwrap();
        let summary: Vec<_> = nodes
            .iter()
            .map(|n| {
                (
                    n.node.code.as_str(),
                    n.node.segment,
                    n.node.parent.as_deref(),
                    n.enterprise_count,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("01", Segment::Upstream, None, 2),
                ("02", Segment::Midstream, Some("01"), 2),
                ("03", Segment::Downstream, Some("02"), 1)
            ]
        );
        assert_eq!(
            nodes[2].node,
            fixtures::node("03", Segment::Downstream, Some("02"))
        );
        let datong = store
            .chain_nodes(
                &EnterpriseScope::region(RegionCode::parse("140200").unwrap()),
                "SX-T1",
            )
            .await
            .unwrap();
        assert_eq!(
            datong
                .iter()
                .map(|n| n.enterprise_count)
                .collect::<Vec<_>>(),
            [2, 1, 0]
        );
        let relations = store.chain_relations("SX-T1").await.unwrap();
        assert_eq!(
            relations
                .iter()
                .map(|r| (r.from.as_str(), r.to.as_str()))
                .collect::<Vec<_>>(),
            [("01", "02"), ("02", "03")]
        );
        assert!(
            store
                .chain_by_code(&EnterpriseScope::everything(), "nope")
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn upserts_are_idempotent_and_update_in_place() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let mut tx = store.begin().await.unwrap();
        let mut renamed = fixtures::enterprise(2, "140105", None);
        renamed.name = "改名后的公司".into();
        store
            .upsert_enterprises(&mut tx, &[renamed], None)
            .await
            .unwrap();
        store
            .upsert_memberships(
                &mut tx,
                &[fixtures::membership(2, "02", MembershipRole::ChainMaster)],
                None,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let page = store
            .list_enterprises(&EnterpriseFilter::default(), 10, 0)
            .await
            .unwrap();
        assert_eq!(page.total, 5);
        let stored = store
            .enterprise_by_uscc(&EnterpriseScope::everything(), &fixtures::uscc(2))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.name, "改名后的公司");
        let chain = &store
            .list_chain_summaries(&EnterpriseScope::everything())
            .await
            .unwrap()[0];
        assert_eq!(
            (
                chain.enterprise_count,
                chain.chain_master_count,
                chain.chain_core_count
            ),
            (4, 2, 0)
        );
    }
}

#[tokio::test]
async fn enterprise_lists_filter_by_region_chain_park_and_search_and_paginate() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let list = |filter: EnterpriseFilter| async move {
            let page = store.list_enterprises(&filter, 2, 0).await.unwrap();
            (page.total, page.items.len())
        };
        assert_eq!(list(EnterpriseFilter::default()).await, (5, 2));
        let shanxi = RegionCode::parse("140000").unwrap();
        assert_eq!(
            list(EnterpriseFilter {
                region: Some(shanxi),
                ..Default::default()
            })
            .await,
            (4, 2)
        );
        let xiaodian = RegionCode::parse("140105").unwrap();
        assert_eq!(
            list(EnterpriseFilter {
                region: Some(xiaodian),
                ..Default::default()
            })
            .await,
            (2, 2)
        );
        assert_eq!(
            list(EnterpriseFilter {
                chain: Some("SX-T1".into()),
                ..Default::default()
            })
            .await,
            (4, 2)
        );
        assert_eq!(
            list(EnterpriseFilter {
                park: Some("P2".into()),
                ..Default::default()
            })
            .await,
            (1, 1)
        );
        assert_eq!(
            list(EnterpriseFilter {
                search: Some("示例3".into()),
                ..Default::default()
            })
            .await,
            (1, 1)
        );
        let tail = fixtures::uscc(4).as_str()[10..].to_lowercase();
        assert_eq!(
            list(EnterpriseFilter {
                search: Some(tail),
                ..Default::default()
            })
            .await,
            (1, 1)
        );
        assert_eq!(
            list(EnterpriseFilter {
                above_designated_size: Some(true),
                ..Default::default()
            })
            .await,
            (3, 2)
        );
        let third = store
            .list_enterprises(&EnterpriseFilter::default(), 2, 4)
            .await
            .unwrap();
        assert_eq!((third.total, third.items.len()), (5, 1));
        let names: Vec<_> = store
            .list_enterprises(&EnterpriseFilter::default(), 10, 0)
            .await
            .unwrap()
            .items;
        assert!(names.windows(2).all(|w| w[0].name <= w[1].name));
        assert_eq!(names[0].park.as_deref(), Some("P1"));
        assert_eq!(names[0].region_name, "小店区");
    }
}

#[tokio::test]
async fn observations_load_as_columns_and_series() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let p = |y, m| Period::new(y, m).unwrap();
        let columns = store
            .observation_columns("output_value", p(2025, 2), p(2025, 12))
            .await
            .unwrap();
        assert_eq!(columns.periods, [202502, 202503, 202503]);
        assert_eq!(columns.values, [180.0, 110.0, 50.0]);
        assert_eq!(
            store.observation_period_range().await.unwrap(),
            Some((p(2024, 3), p(2025, 3)))
        );
        let first = store
            .enterprise_by_uscc(&EnterpriseScope::everything(), &fixtures::uscc(1))
            .await
            .unwrap()
            .unwrap();
        let series = store
            .enterprise_series(first.id, "output_value", None, None)
            .await
            .unwrap();
        assert_eq!(
            series,
            [
                (p(2024, 3), 100.0),
                (p(2025, 2), 180.0),
                (p(2025, 3), 110.0)
            ]
        );
        let links = store.supply_link_columns(2025).await.unwrap();
        assert_eq!(links.values.len(), 3);
        assert_eq!(links.values.iter().sum::<f64>(), 2.6e7);
        assert_eq!(store.supply_link_years().await.unwrap(), [2025]);
    }
}

#[tokio::test]
async fn annual_values_sum_flows_and_average_stocks() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let p = |y, m| Period::new(y, m).unwrap();
        let mut tx = store.begin().await.unwrap();
        let mut employees = fixtures::indicator("employees");
        employees.aggregation = model::Aggregation::Stock;
        let ids = store
            .upsert_indicators(&mut tx, &[employees])
            .await
            .unwrap();
        let firms = store.enterprise_ids(&mut tx).await.unwrap();
        let first = firms[fixtures::uscc(1).as_str()];
        let rows = [
            (first, ids["employees"], p(2025, 2), 100.0),
            (first, ids["employees"], p(2025, 3), 120.0),
            (first, ids["employees"], p(2026, 2), 500.0),
        ];
        store
            .insert_observations(&mut tx, &rows, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // Flows add up over the year's periods (180 in 1–2月 + 110 in March); 2024 stays out.
        let output = store.annual_values("output_value", 2025).await.unwrap();
        let second = store
            .enterprise_by_uscc(&crate::EnterpriseScope::everything(), &fixtures::uscc(2))
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(output.enterprise_ids, [first, second]);
        assert_eq!(output.values, [290.0, 50.0]);
        assert_eq!(output.periods, [2, 1]);
        // Stocks average: the headcount is 110, not 220.
        let staff = store.annual_values("employees", 2025).await.unwrap();
        assert_eq!(
            (staff.values.as_slice(), staff.periods.as_slice()),
            (&[110.0][..], &[2][..])
        );
        assert!(
            store
                .annual_values("output_value", 2023)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.supply_link_years().await.unwrap(), [2025]);
    }
}

#[tokio::test]
async fn bulk_inserts_cross_chunk_boundaries() {
    for db in backends().await {
        let store = &db.store;
        let mut tx = store.begin().await.unwrap();
        // 3 columns → 10,666 rows per chunk; 25,000 rows need three statements.
        let values: Vec<Value> = (0..25_000)
            .flat_map(|i| {
                [
                    Value::Text(format!("B{i}")),
                    Value::Text("batch".into()),
                    Value::Text("2025-01-01".into()),
                ]
            })
            .collect();
        let n = insert_rows(
            &mut tx,
            "INSERT INTO import_batch (kind, source, started_at) VALUES",
            "",
            3,
            &values,
        )
        .await
        .unwrap_err();
        // status is NOT NULL without default: the whole insert fails, as one statement would.
        assert!(n.is_constraint_violation(), "{n}");
        drop(tx);
        let mut tx = store.begin().await.unwrap();
        let values: Vec<Value> = (0..25_000)
            .flat_map(|i| {
                [
                    Value::Text(format!("B{i}")),
                    Value::Text("running".into()),
                    Value::Text("2025-01-01".into()),
                ]
            })
            .collect();
        let n = insert_rows(
            &mut tx,
            "INSERT INTO import_batch (kind, status, started_at) VALUES",
            "",
            3,
            &values,
        )
        .await
        .unwrap_err();
        // source is NOT NULL too; now give every column.
        assert!(n.is_constraint_violation());
        drop(tx);
        let mut tx = store.begin().await.unwrap();
        let values: Vec<Value> = (0..25_000)
            .flat_map(|i| {
                [
                    Value::Text(format!("B{i}")),
                    Value::Text("f".into()),
                    Value::Text("running".into()),
                    Value::Text("t".into()),
                ]
            })
            .collect();
        let n = insert_rows(
            &mut tx,
            "INSERT INTO import_batch (kind, source, status, started_at) VALUES",
            "",
            4,
            &values,
        )
        .await
        .unwrap();
        assert_eq!(n, 25_000);
        tx.commit().await.unwrap();
        assert_eq!(
            store.list_batches(5, 0).await.unwrap().items[0].kind,
            "B24999"
        );
    }
}

#[tokio::test]
async fn facts_upsert_by_name() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let fact = |name: &str, value: &str| crate::Fact {
            uscc: fixtures::uscc(1),
            fact: name.to_owned(),
            value: value.to_owned(),
            source: Some("test".to_owned()),
        };
        let mut tx = store.begin().await.unwrap();
        store
            .upsert_facts(
                &mut tx,
                &[fact("total_assets_2025", "8000万"), fact("ip_class1", "2")],
                None,
            )
            .await
            .unwrap();
        store
            .upsert_facts(&mut tx, &[fact("ip_class1", "3")], None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let id = store
            .enterprise_by_uscc(&EnterpriseScope::everything(), &fixtures::uscc(1))
            .await
            .unwrap()
            .unwrap()
            .id;
        let facts = store.enterprise_facts(id).await.unwrap();
        assert_eq!(
            facts,
            [
                ("ip_class1".to_owned(), "3".to_owned()),
                ("total_assets_2025".to_owned(), "8000万".to_owned())
            ]
        );
        assert_eq!(store.fact_rows().await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn year_totals_link_years_and_title_rule_versions() {
    for db in backends().await {
        let store = &db.store;
        fixtures::load(store).await;
        let mut tx = store.begin().await.unwrap();
        let designation = |title, rule_version: Option<&str>| model::Designation {
            uscc: fixtures::uscc(2),
            title,
            chain: None,
            status: model::DesignationStatus::Published,
            rule_version: rule_version.map(str::to_owned),
            valid_from: Some("2024-07-01".into()),
            valid_until: None,
            decision: None,
        };
        store
            .insert_designations(
                &mut tx,
                &[
                    designation(TitleKind::SpecialisedSme, Some("specialised-sme-2022")),
                    designation(TitleKind::HighTech, None),
                ],
                None,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let titles = store.title_rows().await.unwrap();
        assert_eq!(titles.len(), 2);
        assert_eq!(
            titles[0].rule_version.as_deref(),
            Some("specialised-sme-2022")
        );
        assert_eq!(titles[1].rule_version, None);

        assert_eq!(store.supply_link_years().await.unwrap(), [2025]);

        let first = store
            .enterprise_by_uscc(&crate::EnterpriseScope::everything(), &fixtures::uscc(1))
            .await
            .unwrap()
            .unwrap()
            .id;
        let totals = store.annual_values("output_value", 2025).await.unwrap();
        assert_eq!(totals.len(), 2);
        assert_eq!(
            (
                totals.enterprise_ids[0],
                totals.values[0],
                totals.periods[0]
            ),
            (first, 290.0, 2)
        );
        assert_eq!((totals.values[1], totals.periods[1]), (50.0, 1));
        let totals = store.annual_values("output_value", 2024).await.unwrap();
        assert_eq!((totals.values[0], totals.periods[0]), (100.0, 1));
        assert!(
            store
                .annual_values("revenue", 2025)
                .await
                .unwrap()
                .is_empty()
        );
    }
}
