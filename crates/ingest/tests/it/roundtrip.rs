//! Files that chainchief writes import back: the demo's export, `chainchief export` tables, and
//! the example sheet of every template.

use std::collections::HashSet;

use ingest::table::Headers;
use ingest::{ImportOptions, Kind, Outcome};
use model::Period;
use store::{EnterpriseFilter, StoredKeys};

use crate::common::{self, committed, import, import_with, reference_data, uscc};

#[tokio::test]
async fn the_demo_export_imports_into_the_same_province() {
    let province = demo::Province::generate(demo::Size::Small, demo::DEFAULT_SEED).unwrap();
    let dir = std::env::temp_dir().join(format!("cc_ingest_demo_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    demo::export::export(&province, &dir, &|_, _, _| {}).unwrap();
    let loaded = common::sqlite().await;
    demo::load::load(&loaded.store, &province, &|_, _, _| {})
        .await
        .unwrap();
    let imported = common::sqlite().await;
    for file in demo::export::FILES {
        let kind = Kind::parse(file.trim_end_matches(".csv")).expect("every demo file is a kind");
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let outcome = import(&imported.store, kind, file, &bytes).await;
        assert_eq!(
            outcome.outcome,
            Outcome::Committed,
            "{file}: {}\n{:?}",
            outcome.report.summary(),
            outcome.report.issues.iter().take(5).collect::<Vec<_>>()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
    let (a, b) = (&loaded.store, &imported.store);
    let all = EnterpriseFilter::default();
    let ea = a.list_enterprises(&all, 10_000, 0).await.unwrap();
    let eb = b.list_enterprises(&all, 10_000, 0).await.unwrap();
    let strip = |rows: Vec<store::EnterpriseRow>| {
        rows.into_iter()
            .map(|mut r| {
                r.id = 0;
                r
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(ea.total, 2_000);
    assert_eq!(strip(ea.items), strip(eb.items));
    assert_eq!(
        a.list_chain_summaries(&store::EnterpriseScope::everything())
            .await
            .unwrap(),
        b.list_chain_summaries(&store::EnterpriseScope::everything())
            .await
            .unwrap()
    );
    for chain in ["SX-01", "SX-16"] {
        let nodes = |s: Vec<store::StoredNode>| {
            s.into_iter()
                .map(|n| (n.node, n.enterprise_count))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            nodes(
                a.chain_nodes(&store::EnterpriseScope::everything(), chain)
                    .await
                    .unwrap()
            ),
            nodes(
                b.chain_nodes(&store::EnterpriseScope::everything(), chain)
                    .await
                    .unwrap()
            )
        );
        assert_eq!(
            a.chain_relations(chain).await.unwrap(),
            b.chain_relations(chain).await.unwrap()
        );
    }
    assert_eq!(
        a.list_memberships(None).await.unwrap(),
        b.list_memberships(None).await.unwrap()
    );
    assert_eq!(
        a.list_designations().await.unwrap(),
        b.list_designations().await.unwrap()
    );
    assert_eq!(
        a.list_supply_links(None).await.unwrap(),
        b.list_supply_links(None).await.unwrap()
    );
    assert_eq!(a.list_parks().await.unwrap(), b.list_parks().await.unwrap());
    assert_eq!(a.list_towns().await.unwrap(), b.list_towns().await.unwrap());
    // The demo's facts file carries no source column.
    let facts = |facts: Vec<store::Fact>| {
        facts
            .into_iter()
            .map(|f| (f.uscc, f.fact, f.value))
            .collect::<Vec<_>>()
    };
    let fa = facts(a.list_facts().await.unwrap());
    assert!(fa.len() > 10_000, "{} facts", fa.len());
    assert_eq!(fa, facts(b.list_facts().await.unwrap()));
    let (first, last) = a.observation_period_range().await.unwrap().unwrap();
    assert_eq!(
        b.observation_period_range().await.unwrap(),
        Some((first, last))
    );
    for (code, ..) in demo::INDICATORS {
        let filter = store::ObservationFilter {
            indicator: Some(code.into()),
            ..Default::default()
        };
        let ours = a.list_observations(&filter).await.unwrap();
        let theirs = b.list_observations(&filter).await.unwrap();
        assert!(!ours.is_empty());
        assert_eq!(ours, theirs, "{code}");
    }
}

#[tokio::test]
async fn exports_import_back_unchanged() {
    let a = common::sqlite().await;
    reference_data(&a.store).await;
    committed(
        &a.store,
        Kind::Parks,
        "parks.csv",
        "code,name,region,level,available_land_ha,standard_factory_m2\nP1,甲园区,140105,省级,12.5,\n",
    )
    .await;
    committed(
        &a.store,
        Kind::Memberships,
        "m.csv",
        &format!(
            "uscc,chain,node,role,evidence,source\n{},SX-T,02,chain_master,strong,招投标\n",
            uscc(1)
        ),
    )
    .await;
    committed(
        &a.store,
        Kind::SupplyLinks,
        "l.csv",
        &format!(
            "supplier,customer,year,value\n{},{},2025,1234.5\n",
            uscc(2),
            uscc(1)
        ),
    )
    .await;
    committed(
        &a.store,
        Kind::Observations,
        "o.csv",
        &format!(
            "uscc,indicator,period,value\n{u},output_value,2025-02,0.1\n{u},output_value,2025-03,1e15\n{u},total_profit,2025-03,-2.5\n",
            u = uscc(1)
        ),
    )
    .await;
    committed(
        &a.store,
        Kind::Designations,
        "d.csv",
        &format!(
            "uscc,title,chain,status,valid_from\n{},chain_master,SX-T,approved,2025-01-01\n",
            uscc(1)
        ),
    )
    .await;
    committed(
        &a.store,
        Kind::Facts,
        "f.csv",
        &format!(
            "uscc,fact,value,source\n{u},revenue_2025,35000000,申报\n{u},ip_class1,3,\n",
            u = uscc(1)
        ),
    )
    .await;
    let b = common::sqlite().await;
    let filter = ingest::export::ExportFilter::default();
    let mut exported = Vec::new();
    for kind in Kind::ALL {
        let table = ingest::export::table_of(&a.store, kind, &filter)
            .await
            .unwrap();
        if table.rows.is_empty() {
            continue;
        }
        // CSV for half the kinds, XLSX for the other half.
        let (name, bytes) = if (kind as usize).is_multiple_of(2) {
            let mut csv = Vec::new();
            table.write_csv(&mut csv, Headers::Zh).unwrap();
            (format!("{kind}.csv"), csv)
        } else {
            (
                format!("{kind}.xlsx"),
                ingest::table::workbook(&[&table], Headers::Zh).unwrap(),
            )
        };
        let outcome = import(&b.store, kind, &name, &bytes).await;
        assert_eq!(
            outcome.outcome,
            Outcome::Committed,
            "{name}: {}",
            outcome.report.summary()
        );
        exported.push((kind, table));
    }
    assert_eq!(
        exported.len(),
        10,
        "every kind but towns and node relations has rows"
    );
    for (kind, table) in exported {
        let again = ingest::export::table_of(&b.store, kind, &filter)
            .await
            .unwrap();
        assert_eq!(again, table, "{kind}");
    }
    let revision = b
        .store
        .observation_history(&uscc(1), "output_value", Period::new(2025, 3).unwrap())
        .await
        .unwrap();
    assert_eq!(revision[0].value, 1e15);
}

fn example_keys() -> StoredKeys {
    let mut keys = StoredKeys::default();
    for code in ["91140100MA0GRKXB3G", "91140100MA0GRKXC1B"] {
        keys.enterprises
            .insert(code.into(), keys.enterprises.len() as i64 + 1);
    }
    keys.chains.insert("SX-01".into());
    for node in ["SX-01-01", "SX-01-03"] {
        keys.nodes.insert(("SX-01".into(), node.into()));
    }
    let indicator = model::Indicator {
        code: "output_value".into(),
        name_zh: "工业总产值".into(),
        name_en: "gross industrial output value".into(),
        unit: "yuan".into(),
        frequency: model::Frequency::Monthly,
        aggregation: model::Aggregation::Sum,
        comparable_price: false,
        numerator: None,
        denominator: None,
    };
    keys.indicators
        .insert("output_value".into(), (1, indicator));
    keys
}

#[test]
fn every_template_names_its_columns_and_its_example_imports() {
    let keys = example_keys();
    let example = ImportOptions {
        sheet: Some("示例".into()),
        ..Default::default()
    };
    for kind in Kind::ALL {
        let bytes = ingest::template::template(kind).unwrap();
        // The data sheet: two header rows and nothing else.
        let parsed = ingest::parse(
            kind,
            "template.xlsx",
            &bytes,
            &keys,
            &ImportOptions::default(),
        );
        assert_eq!(
            parsed.report.refusal.as_ref().map(|r| r.code()),
            Some("no_data"),
            "{kind}: {}",
            parsed.report.summary()
        );
        let parsed = ingest::parse(kind, "template.xlsx", &bytes, &keys, &example);
        assert!(
            !parsed.report.is_rejected(),
            "{kind}: {}",
            parsed.report.summary()
        );
        assert_eq!(parsed.records.len(), 1, "{kind}");
        let sheets: HashSet<String> = {
            use calamine::Reader;
            let book: calamine::Xlsx<_> =
                calamine::Xlsx::new(std::io::Cursor::new(&bytes)).unwrap();
            book.sheet_names().into_iter().collect()
        };
        assert!(sheets.contains("说明 notes"), "{sheets:?}");
    }
}

#[tokio::test]
async fn options_reach_the_layout() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let text = format!("uscc,3月,4月\n{},1,2\n", uscc(1));
    let options = ImportOptions {
        indicator: Some("output_value".into()),
        year: Some(2024),
        unit: Some("万元".into()),
        ..Default::default()
    };
    let outcome = import_with(
        &db.store,
        Kind::Observations,
        "w.csv",
        text.as_bytes(),
        &options,
    )
    .await;
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}",
        outcome.report.summary()
    );
    let listed = db
        .store
        .list_observations(&Default::default())
        .await
        .unwrap();
    let got: Vec<(String, f64)> = listed
        .iter()
        .map(|o| (o.period.to_string(), o.value))
        .collect();
    assert_eq!(
        got,
        [("2024-03".into(), 10_000.0), ("2024-04".into(), 20_000.0)]
    );
}
