//! A tiny hand-made province slice: two parks, five enterprises (one outside Shanxi), one chain
//! with three nodes, memberships, links, two indicators and a few observations.

use model::*;

use crate::Store;

pub(crate) fn uscc(n: u8) -> Uscc {
    let org = format!("MA0K{n:04}");
    Uscc::assemble(b'9', b'1', "140100", org.as_bytes().try_into().unwrap()).unwrap()
}

pub(crate) fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

fn industry(code: &str) -> IndustryCode {
    IndustryCode::parse(code).unwrap()
}

pub(crate) fn enterprise(n: u8, region_code: &str, park: Option<&str>) -> Enterprise {
    Enterprise {
        uscc: uscc(n),
        name: format!("示例{n}号制造有限公司"),
        region: region(region_code),
        industry: industry("3670"),
        size_class: if n == 1 {
            SizeClass::Large
        } else {
            SizeClass::Small
        },
        above_designated_size: n <= 3,
        park: park.map(str::to_owned),
        founded: Some(2000 + u16::from(n)),
    }
}

pub(crate) fn chain() -> Chain {
    Chain {
        code: "SX-T1".into(),
        name: "测试链".into(),
        level: ChainLevel::Province,
        region: region("140000"),
        parent: None,
        chief: Some("副省长".into()),
        lead_department: Some("省工信厅".into()),
        co_departments: vec!["省发改委".into(), "省科技厅".into()],
    }
}

pub(crate) fn node(code: &str, segment: Segment, parent: Option<&str>) -> ChainNode {
    ChainNode {
        chain: "SX-T1".into(),
        code: code.into(),
        name: format!("节点{code}"),
        segment,
        parent: parent.map(str::to_owned),
        industries: vec![industry("3670")],
        key_products: vec!["零部件".into()],
    }
}

pub(crate) fn membership(n: u8, node: &str, role: MembershipRole) -> Membership {
    Membership {
        uscc: uscc(n),
        chain: "SX-T1".into(),
        node: node.into(),
        role,
        evidence: EvidenceGrade::Strong,
        source: "测试".into(),
    }
}

pub(crate) fn indicator(code: &str) -> Indicator {
    Indicator {
        code: code.into(),
        name_zh: code.into(),
        name_en: code.into(),
        unit: "yuan".into(),
        frequency: Frequency::Monthly,
        aggregation: Aggregation::Sum,
        comparable_price: false,
        numerator: None,
        denominator: None,
    }
}

fn park(code: &str, region_code: &str) -> Park {
    Park {
        code: code.into(),
        name: format!("{code}园区"),
        region: region(region_code),
        level: "省级".into(),
        available_land_ha: Some(120.0),
        standard_factory_m2: None,
    }
}

/// Loads the slice in one transaction.
pub(crate) async fn load(store: &Store) {
    let mut tx = store.begin().await.unwrap();
    store
        .upsert_parks(&mut tx, &[park("P1", "140105"), park("P2", "140213")])
        .await
        .unwrap();
    let enterprises = [
        enterprise(1, "140105", Some("P1")),
        enterprise(2, "140105", None),
        enterprise(3, "140213", Some("P2")),
        enterprise(4, "140213", None),
        enterprise(5, "320102", None),
    ];
    store
        .upsert_enterprises(&mut tx, &enterprises, None)
        .await
        .unwrap();
    store.upsert_chains(&mut tx, &[chain()]).await.unwrap();
    // The child is listed before its parent on purpose.
    let nodes = [
        node("03", Segment::Downstream, Some("02")),
        node("01", Segment::Upstream, None),
        node("02", Segment::Midstream, Some("01")),
    ];
    let relations = [
        NodeRelation {
            chain: "SX-T1".into(),
            from: "01".into(),
            to: "02".into(),
        },
        NodeRelation {
            chain: "SX-T1".into(),
            from: "02".into(),
            to: "03".into(),
        },
    ];
    store
        .upsert_chain_maps(&mut tx, &nodes, &relations)
        .await
        .unwrap();
    let memberships = [
        membership(1, "03", MembershipRole::ChainMaster),
        membership(2, "02", MembershipRole::ChainCore),
        membership(3, "01", MembershipRole::Member),
        membership(3, "02", MembershipRole::Member),
        membership(4, "01", MembershipRole::Member),
    ];
    store
        .upsert_memberships(&mut tx, &memberships, None)
        .await
        .unwrap();
    let link = |s, c, value| SupplyLink {
        supplier: uscc(s),
        customer: uscc(c),
        year: 2025,
        value,
        product: None,
    };
    store
        .upsert_supply_links(
            &mut tx,
            &[link(3, 2, 5.0e6), link(2, 1, 2.0e7), link(5, 1, 1.0e6)],
            None,
        )
        .await
        .unwrap();
    let indicators = store
        .upsert_indicators(&mut tx, &[indicator("output_value"), indicator("revenue")])
        .await
        .unwrap();
    let ids = store.enterprise_ids(&mut tx).await.unwrap();
    let id = |n: u8| ids[uscc(n).as_str()];
    let output = indicators["output_value"];
    let p = |y, m| Period::new(y, m).unwrap();
    let rows = [
        (id(1), output, p(2024, 3), 100.0),
        (id(1), output, p(2025, 3), 110.0),
        (id(2), output, p(2025, 3), 50.0),
        (id(1), output, p(2025, 2), 180.0),
    ];
    store
        .insert_observations(&mut tx, &rows, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
