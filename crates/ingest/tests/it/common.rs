//! Test databases on every backend, a small reference data set imported through the importer
//! itself, and helpers to build workbooks.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use ingest::{ImportOptions, ImportOutcome, Kind, Outcome};
use model::Uscc;
use store::Store;

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh database; the SQLite file is removed on drop.
pub struct TestDb {
    pub store: Store,
    pub name: &'static str,
    path: Option<std::path::PathBuf>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

fn unique_name() -> String {
    format!(
        "cc_ingest_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

pub async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("{}.sqlite", unique_name()));
    let store = Store::open(path.to_str().unwrap())
        .await
        .expect("open sqlite");
    TestDb {
        store,
        name: "sqlite",
        path: Some(path),
    }
}

async fn postgres(admin_url: &str) -> TestDb {
    let name = unique_name();
    let admin = sqlx::PgPool::connect(admin_url)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create db");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
    let store = Store::open(&format!("{base}/{name}"))
        .await
        .expect("open postgres");
    TestDb {
        store,
        name: "postgres",
        path: None,
    }
}

/// SQLite always; PostgreSQL when `CHAINCHIEF_TEST_POSTGRES_URL` is set (required when
/// `CHAINCHIEF_REQUIRE_POSTGRES=1`).
pub async fn backends() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    match std::env::var("CHAINCHIEF_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => dbs.push(postgres(&url).await),
        _ if std::env::var("CHAINCHIEF_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("CHAINCHIEF_REQUIRE_POSTGRES=1 but CHAINCHIEF_TEST_POSTGRES_URL is not set")
        }
        _ => eprintln!("PostgreSQL not configured (CHAINCHIEF_TEST_POSTGRES_URL): SQLite only"),
    }
    dbs
}

/// Test enterprise `n` (valid check characters), registered in Taiyuan.
pub fn uscc(n: u16) -> Uscc {
    let org = format!("MA0T{n:04}");
    Uscc::assemble(b'9', b'1', "140100", org.as_bytes().try_into().unwrap()).unwrap()
}

pub async fn import(store: &Store, kind: Kind, name: &str, bytes: &[u8]) -> ImportOutcome {
    import_with(store, kind, name, bytes, &ImportOptions::default()).await
}

pub async fn import_with(
    store: &Store,
    kind: Kind,
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> ImportOutcome {
    ingest::import_bytes(store, kind, name, bytes.to_vec(), options)
        .await
        .expect("no database error")
}

/// Imports and insists on a commit, printing the report otherwise.
pub async fn committed(store: &Store, kind: Kind, name: &str, text: &str) -> ImportOutcome {
    let outcome = import(store, kind, name, text.as_bytes()).await;
    assert_eq!(
        outcome.outcome,
        Outcome::Committed,
        "{}\n{:#?}",
        outcome.report.summary(),
        outcome.report.issues
    );
    outcome
}

/// Three parks-free enterprises, one chain with three nodes, five indicators.
pub async fn reference_data(store: &Store) {
    committed(
        store,
        Kind::Indicators,
        "indicators.csv",
        "code,name_zh,name_en,unit,frequency,aggregation\n\
         output_value,工业总产值,gross industrial output value,yuan,monthly,sum\n\
         operating_revenue,营业收入,operating revenue,yuan,monthly,sum\n\
         total_profit,利润总额,total profit,yuan,monthly,sum\n\
         electricity,用电量,electricity consumption,kWh,monthly,sum\n\
         employees,从业人员,employees,person,monthly,stock\n",
    )
    .await;
    let enterprises: String = (1..=3)
        .map(|n| format!("{},测试企业{n},140105,3670,中型,是,,2010\n", uscc(n)))
        .collect();
    committed(
        store,
        Kind::Enterprises,
        "enterprises.csv",
        &format!("统一社会信用代码,企业名称,行政区划代码,行业代码,企业规模,是否规上,所在园区,成立年份\n{enterprises}"),
    )
    .await;
    committed(
        store,
        Kind::Chains,
        "chains.csv",
        "code,name,level,region,parent,chief,lead_department,co_departments\n\
         SX-T,测试产业链,province,140000,,,省工信厅,\n",
    )
    .await;
    committed(
        store,
        Kind::ChainNodes,
        "nodes.csv",
        "chain,code,name,segment,parent,industries,key_products\n\
         SX-T,03,整机,downstream,02,3670,\n\
         SX-T,01,原材料,upstream,,3140,钢材;铝材\n\
         SX-T,02,零部件,midstream,01,3670,\n",
    )
    .await;
}

/// Counts rows of the main tables (for "nothing was written" checks).
pub async fn counts(store: &Store) -> Vec<(String, usize)> {
    let keys = store.stored_keys().await.unwrap();
    let observations = store
        .list_observations(&store::ObservationFilter::default())
        .await
        .unwrap()
        .len();
    vec![
        ("enterprises".into(), keys.enterprises.len()),
        ("parks".into(), keys.parks.len()),
        ("chains".into(), keys.chains.len()),
        ("nodes".into(), keys.nodes.len()),
        ("indicators".into(), keys.indicators.len()),
        ("observations".into(), observations),
        (
            "links".into(),
            store.list_supply_links(None).await.unwrap().len(),
        ),
        (
            "memberships".into(),
            store.list_memberships(None).await.unwrap().len(),
        ),
    ]
}

/// A workbook built with rust_xlsxwriter by `build`.
pub fn workbook(build: impl FnOnce(&mut rust_xlsxwriter::Workbook)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    build(&mut book);
    book.save_to_buffer().unwrap()
}

/// A minimal workbook around `sheet` (the worksheet XML after its opening tag), for cells that
/// spreadsheet writers would not produce.
pub fn raw_workbook(sheet: &str) -> Vec<u8> {
    const PARTS: &[(&str, &str)] = &[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    let mut out = Vec::new();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in PARTS {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#).unwrap();
    zip.write_all(sheet.as_bytes()).unwrap();
    zip.finish().unwrap();
    out
}
