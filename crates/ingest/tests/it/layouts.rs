//! Observation layouts, units and the NBS January rule, end to end.

use ingest::{ImportOptions, Kind, Outcome};
use model::Period;

use crate::common::{self, committed, import, import_with, reference_data, uscc, workbook};

async fn series(store: &store::Store, n: u16, indicator: &str) -> Vec<(String, f64)> {
    let id = store.stored_keys().await.unwrap().enterprises[uscc(n).as_str()];
    store
        .enterprise_series(id, indicator, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|(p, v)| (p.to_string(), v))
        .collect()
}

#[tokio::test]
async fn wide_by_period_with_the_indicator_and_unit_in_the_header_or_options() {
    let db = common::sqlite().await;
    let store = &db.store;
    reference_data(store).await;
    // Indicator as a column, unit in a column, periods as people write them in headers.
    let text = format!(
        "统一社会信用代码,企业名称,指标,单位,2025年1-2月,2025年3月,2025-04\n\
         {},测试企业1,营业收入,万元,\"1,200\",1.5,\n\
         {},测试企业2,用电量,万千瓦时,３,—,0\n",
        uscc(1),
        uscc(2)
    );
    let outcome = committed(store, Kind::Observations, "wide.csv", &text).await;
    assert_eq!(outcome.report.values, 4);
    assert_eq!(
        outcome.report.values_blank, 2,
        "blank and — are no data, not zero"
    );
    assert_eq!(
        series(store, 1, "operating_revenue").await,
        [
            ("2025-02".into(), 12_000_000.0),
            ("2025-03".into(), 15_000.0)
        ]
    );
    assert_eq!(
        series(store, 2, "electricity").await,
        [("2025-02".into(), 30_000.0), ("2025-04".into(), 0.0)]
    );

    // Indicator given as an option, unit in the header cells of an XLSX.
    let book = workbook(|book| {
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "信用代码").unwrap();
        sheet.write_string(0, 1, "2025年5月(亿元)").unwrap();
        sheet.write_string(0, 2, "2025年6月(亿元)").unwrap();
        sheet.write_string(1, 0, uscc(3).as_str()).unwrap();
        sheet.write_number(1, 1, 0.5).unwrap();
        sheet.write_number(1, 2, 0.25).unwrap();
    });
    let options = ImportOptions {
        indicator: Some("工业总产值".into()),
        ..Default::default()
    };
    let outcome = import_with(store, Kind::Observations, "wide.xlsx", &book, &options).await;
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}",
        outcome.report.summary()
    );
    assert_eq!(
        series(store, 3, "output_value").await,
        [
            ("2025-05".into(), 50_000_000.0),
            ("2025-06".into(), 25_000_000.0)
        ]
    );
}

#[tokio::test]
async fn wide_by_indicator_with_units_in_headers_and_the_period_as_an_option() {
    let db = common::sqlite().await;
    let store = &db.store;
    reference_data(store).await;
    let text = format!(
        "USCC,名称,工业总产值(万元),营业收入（亿元）,用电量[万千瓦时],从业人员,利润总额(千元),备注\n\
         {},甲,１２，３４５,0.1,2,150,-30,x\n",
        uscc(1)
    );
    let options = ImportOptions {
        period: Some("2025年7月".into()),
        ..Default::default()
    };
    let outcome = import_with(
        store,
        Kind::Observations,
        "by-indicator.csv",
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
    assert_eq!(outcome.report.values, 5);
    assert_eq!(
        series(store, 1, "output_value").await,
        [("2025-07".into(), 123_450_000.0)]
    );
    assert_eq!(
        series(store, 1, "operating_revenue").await,
        [("2025-07".into(), 10_000_000.0)]
    );
    assert_eq!(
        series(store, 1, "electricity").await,
        [("2025-07".into(), 20_000.0)]
    );
    assert_eq!(
        series(store, 1, "employees").await,
        [("2025-07".into(), 150.0)]
    );
    assert_eq!(
        series(store, 1, "total_profit").await,
        [("2025-07".into(), -30_000.0)]
    );
    // The 备注 column is reported as ignored, not silently dropped.
    assert!(
        outcome
            .report
            .issues
            .iter()
            .any(|i| i.reason() == "ignored_column" && i.column_name == "备注")
    );

    // Without the period anywhere the layout is refused with the reason.
    let outcome = import(store, Kind::Observations, "no-period.csv", text.as_bytes()).await;
    assert_eq!(outcome.outcome, Outcome::Rejected);
    assert!(
        outcome
            .report
            .refusal
            .unwrap()
            .message_zh()
            .contains("报告期")
    );
    // A unit that measures something else is a row error.
    let wrong = format!("USCC,工业总产值(万千瓦时),报告期\n{},1,2025-07\n", uscc(1));
    let outcome = import(
        store,
        Kind::Observations,
        "wrong-unit.csv",
        wrong.as_bytes(),
    )
    .await;
    assert_eq!(outcome.report.errors_by_reason.get("unit"), Some(&1));
}

#[tokio::test]
async fn january_is_refused_alone_or_combined_with_february_on_request() {
    let db = common::sqlite().await;
    let store = &db.store;
    reference_data(store).await;
    let text = format!(
        "统一社会信用代码,指标,报告期,数值\n\
         {u1},output_value,2025年1月,100\n\
         {u1},output_value,2025年2月,80\n\
         {u1},employees,2025-01,50\n\
         {u1},employees,2025-02,52\n\
         {u2},output_value,2025-01,7\n",
        u1 = uscc(1),
        u2 = uscc(2)
    );
    let outcome = import(store, Kind::Observations, "months.csv", text.as_bytes()).await;
    assert_eq!(outcome.outcome, Outcome::Rejected);
    assert_eq!(
        outcome.report.errors_by_reason.get("january_alone"),
        Some(&3)
    );

    let combine = ImportOptions {
        combine_jan_feb: true,
        ..Default::default()
    };
    let outcome = import_with(
        store,
        Kind::Observations,
        "months.csv",
        text.as_bytes(),
        &combine,
    )
    .await;
    assert_eq!(
        outcome.outcome,
        Outcome::Rejected,
        "enterprise 2 has January without February"
    );
    let issue = &outcome.report.issues[0];
    assert_eq!(issue.row, 6);
    assert!(
        issue.message_zh().contains("1月和2月"),
        "{}",
        issue.message_zh()
    );

    let complete: String = text.lines().take(5).map(|l| format!("{l}\n")).collect();
    let outcome = import_with(
        store,
        Kind::Observations,
        "months.csv",
        complete.as_bytes(),
        &combine,
    )
    .await;
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}",
        outcome.report.summary()
    );
    // Flows add up; a stock takes February's value.
    assert_eq!(
        series(store, 1, "output_value").await,
        [("2025-02".into(), 180.0)]
    );
    assert_eq!(
        series(store, 1, "employees").await,
        [("2025-02".into(), 52.0)]
    );
    let jan_feb = Period::jan_feb(2025).unwrap();
    assert_eq!(jan_feb.label_zh(), "2025年1-2月");
}

#[tokio::test]
async fn other_kinds_check_references_duplicates_and_cycles() {
    let db = common::sqlite().await;
    let store = &db.store;
    reference_data(store).await;
    let nodes = "chain,code,name,segment,parent\n\
                 SX-T,10,甲,upstream,11\nSX-T,11,乙,upstream,10\nSX-T,12,丙,上游,99\nSX-X,13,丁,中游,\nSX-T,01,重复,上游,\n";
    let outcome = import(store, Kind::ChainNodes, "nodes.csv", nodes.as_bytes()).await;
    let reasons = &outcome.report.errors_by_reason;
    assert_eq!(
        reasons.get("cycle"),
        Some(&2),
        "{}",
        outcome.report.summary()
    );
    assert_eq!(reasons.get("unknown_reference"), Some(&2));
    assert_eq!(outcome.report.rows_read, 5);
    // 01 exists in the store: a re-import upserts it, it is no duplicate.
    assert_eq!(reasons.get("duplicate"), None);

    let links = format!(
        "供应方信用代码,采购方信用代码,年份,交易额(万元)\n{a},{b},2025,12\n{a},{b},2025,13\n{a},{a},2025,1\n{a},{b},2024,-1\n",
        a = uscc(1),
        b = uscc(2)
    );
    let outcome = import(store, Kind::SupplyLinks, "links.csv", links.as_bytes()).await;
    let reasons = &outcome.report.errors_by_reason;
    assert_eq!(
        (
            reasons.get("duplicate"),
            reasons.get("self_reference"),
            reasons.get("negative")
        ),
        (Some(&1), Some(&1), Some(&1)),
        "{}",
        outcome.report.summary()
    );
    let good = format!(
        "供应方信用代码,采购方信用代码,年份,交易额(万元)\n{},{},2025,12\n",
        uscc(1),
        uscc(2)
    );
    committed(store, Kind::SupplyLinks, "links.csv", &good).await;
    assert_eq!(
        store.supply_link_columns(2025).await.unwrap().values,
        [120_000.0]
    );

    let memberships = format!(
        "统一社会信用代码,产业链代码,环节代码,链上角色,证据等级,依据来源\n{u},SX-T,02,链主,强,招投标\n{u},SX-T,09,成员,弱,名称\n{u},SX-T,03,boss,强,x\n",
        u = uscc(1)
    );
    let outcome = import(store, Kind::Memberships, "m.csv", memberships.as_bytes()).await;
    let reasons = &outcome.report.errors_by_reason;
    assert_eq!(
        (reasons.get("unknown_reference"), reasons.get("choice")),
        (Some(&1), Some(&1))
    );
    let issue = outcome
        .report
        .issues
        .iter()
        .find(|i| i.reason() == "choice")
        .unwrap();
    assert!(
        issue.message_zh().contains("链主"),
        "{}",
        issue.message_zh()
    );

    let designations = format!(
        "统一社会信用代码,称号,产业链代码,状态,有效期起,有效期止\n{u},小巨人,,已认定,2024-07-01,2027-06-30\n{u},链主,,已公示,2024/1/1,2023-12-31\n",
        u = uscc(1)
    );
    let outcome = import(store, Kind::Designations, "d.csv", designations.as_bytes()).await;
    assert_eq!(
        outcome.report.errors_by_reason.get("rule"),
        Some(&2),
        "{}",
        outcome.report.summary()
    );
    let fine: String = designations
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    committed(store, Kind::Designations, "d.csv", &fine).await;
    committed(store, Kind::Designations, "d.csv", &fine).await;
    assert_eq!(
        store.list_designations().await.unwrap().len(),
        1,
        "re-import matches the natural key"
    );
}

#[tokio::test]
async fn facts_are_checked_as_the_rules_read_them() {
    let db = common::sqlite().await;
    reference_data(&db.store).await;
    let store = &db.store;
    let text = format!(
        "统一社会信用代码,事实,取值,来源\n\
         {u},revenue_2025,3500万,年报\n\
         {u},营收2025,1,年报\n\
         {u},total_assets_2025,很多,年报\n\
         {u},revenue_2025,1,重复\n\
         91140100MA0GRKXB3G,ip_class1,2,\n\
         {u},2024年营业收入,12000000,\n\
         {u},value_added_2025,1.5亿,评价用\n\
         {u},2025年营业收入,1,同一事实\n",
        u = uscc(1)
    );
    let outcome = import(store, Kind::Facts, "f.csv", text.as_bytes()).await;
    assert_eq!(outcome.outcome, Outcome::Rejected);
    let at = |row: u64| {
        let issue = outcome
            .report
            .issues
            .iter()
            .find(|i| i.row == row)
            .unwrap_or_else(|| panic!("no issue in row {row}: {}", outcome.report.summary()));
        (
            issue.column_name.clone(),
            issue.reason(),
            issue.message_en(),
        )
    };
    let (column, reason, message) = at(3);
    assert_eq!((column.as_str(), reason), ("事实", "rule"), "{message}");
    assert!(message.contains("FACTS_TABLE.md"), "{message}");
    assert!(message.contains("lower-case"), "{message}");
    let (column, reason, message) = at(4);
    assert_eq!((column.as_str(), reason), ("取值", "rule"), "{message}");
    assert_eq!(at(5).1, "duplicate");
    assert_eq!(at(6).1, "unknown_reference");
    assert_eq!(at(9).1, "duplicate", "2025年营业收入 is revenue_2025");
    let all: Vec<_> = outcome
        .report
        .issues
        .iter()
        .map(|i| (i.row, i.message_en()))
        .collect();
    assert_eq!(outcome.report.issues.len(), 5, "{all:?}");
    assert!(
        store.list_facts().await.unwrap().is_empty(),
        "nothing committed"
    );

    let fine: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| [0, 1, 6, 7].contains(i))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    committed(store, Kind::Facts, "f.csv", &fine).await;
    committed(store, Kind::Facts, "f.csv", &fine).await;
    let facts: Vec<(String, String)> = store
        .list_facts()
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.fact, f.value))
        .collect();
    assert_eq!(
        facts,
        [
            ("revenue_2024".to_owned(), "12000000".to_owned()),
            ("revenue_2025".to_owned(), "3500万".to_owned()),
            ("value_added_2025".to_owned(), "1.5亿".to_owned())
        ],
        "stored under the stable name; re-import matches (enterprise, fact)"
    );
}
