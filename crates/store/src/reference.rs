//! Keeps the `region` and `industry` tables equal to the reference data compiled into the binary,
//! so that foreign keys refuse unknown codes.

use model::{IndustryCode, RegionCode};

use crate::bulk::{Value, insert_rows};
use crate::{Store, StoreError, on_pool};

pub(crate) async fn sync(store: &Store) -> Result<(), StoreError> {
    let regions = RegionCode::all();
    let industries: Vec<IndustryCode> = IndustryCode::all().collect();
    let (stored_regions, stored_industries): (i64, i64) = on_pool!(store, pool => {
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM region), (SELECT COUNT(*) FROM industry)")
            .fetch_one(pool)
            .await?
    });
    if stored_regions == regions.len() as i64 && stored_industries == industries.len() as i64 {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    // Parents before children: the table lists provinces, then cities, then counties.
    let region_rows: Vec<Value> = regions
        .iter()
        .flat_map(|r| {
            [
                Value::Int(i64::from(r.code.as_u32())),
                Value::Text(r.name.to_owned()),
                Value::Text(r.level.as_str().to_owned()),
                Value::OptInt(r.parent.map(|p| i64::from(p.as_u32()))),
                Value::Bool(r.functional_zone),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "INSERT INTO region (code, name, level, parent, zone) VALUES",
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, \
         parent = excluded.parent, zone = excluded.zone",
        5,
        &region_rows,
    )
    .await?;
    let mut by_level = industries;
    by_level.sort_by_key(|c| (c.level(), c.as_str()));
    let industry_rows: Vec<Value> = by_level
        .iter()
        .flat_map(|c| {
            [
                Value::Text(c.as_str().to_owned()),
                Value::Text(c.name().to_owned()),
                Value::Text(c.level().as_str().to_owned()),
                Value::OptText(c.parent().map(|p| p.as_str().to_owned())),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "INSERT INTO industry (code, name, level, parent) VALUES",
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, \
         parent = excluded.parent",
        4,
        &industry_rows,
    )
    .await?;
    tx.commit().await
}
