//! Parks and professional towns.

use std::collections::HashMap;

use model::{Id, IndustryCode, Park, ProfessionalTown, RegionCode};

use crate::bulk::{Value, insert_rows};
use crate::{Store, StoreError, Transaction, on_pool};

/// `region_code, city_code, province_code` for a place, so that scope filters are plain equality
/// tests on indexed columns.
pub(crate) fn region_values(code: RegionCode) -> [Value; 3] {
    [
        Value::Int(i64::from(code.as_u32())),
        Value::OptInt(code.city().map(|c| i64::from(c.as_u32()))),
        Value::Int(i64::from(code.province().as_u32())),
    ]
}

/// Joins codes into the comma-separated text stored in list columns.
pub(crate) fn join_codes(codes: &[IndustryCode]) -> String {
    codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Splits a stored comma-separated list of industry codes.
pub(crate) fn split_codes(text: &str) -> Result<Vec<IndustryCode>, StoreError> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| IndustryCode::parse(c).map_err(|e| StoreError::corrupt("industry code", c, e)))
        .collect()
}

pub(crate) fn stored_region(code: i64) -> Result<RegionCode, StoreError> {
    u32::try_from(code)
        .ok()
        .and_then(|c| RegionCode::from_u32(c).ok())
        .ok_or_else(|| StoreError::corrupt("region code", code, "not in the GB/T 2260 table"))
}

impl Store {
    /// Inserts or updates parks by code; returns code → id for every park in the database.
    pub async fn upsert_parks(
        &self,
        tx: &mut Transaction,
        parks: &[Park],
    ) -> Result<HashMap<String, Id>, StoreError> {
        let values: Vec<Value> = parks
            .iter()
            .flat_map(|p| {
                let [region, city, province] = region_values(p.region);
                [
                    Value::Text(p.code.clone()),
                    Value::Text(p.name.clone()),
                    region,
                    city,
                    province,
                    Value::Text(p.level.clone()),
                    Value::OptFloat(p.available_land_ha),
                    Value::OptFloat(p.standard_factory_m2),
                ]
            })
            .collect();
        insert_rows(
            tx,
            "INSERT INTO park (code, name, region_code, city_code, province_code, level, \
             available_land_ha, standard_factory_m2) VALUES",
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, \
             city_code = excluded.city_code, province_code = excluded.province_code, level = excluded.level, \
             available_land_ha = excluded.available_land_ha, standard_factory_m2 = excluded.standard_factory_m2",
            8,
            &values,
        )
        .await?;
        self.code_ids_in(tx, "SELECT code, id FROM park").await
    }

    /// Inserts or updates professional towns by code.
    pub async fn upsert_towns(
        &self,
        tx: &mut Transaction,
        towns: &[ProfessionalTown],
    ) -> Result<u64, StoreError> {
        let values: Vec<Value> = towns
            .iter()
            .flat_map(|t| {
                let [region, city, province] = region_values(t.region);
                [
                    Value::Text(t.code.clone()),
                    Value::Text(t.name.clone()),
                    region,
                    city,
                    province,
                    Value::Text(t.tier.clone()),
                    Value::Text(t.field.clone()),
                    Value::Text(join_codes(&t.industries)),
                    Value::OptText(t.designated.clone()),
                    Value::OptInt(t.batch.map(i64::from)),
                    Value::OptText(t.note.clone()),
                ]
            })
            .collect();
        insert_rows(
            tx,
            "INSERT INTO professional_town (code, name, region_code, city_code, province_code, tier, field, \
             industries, designated, batch, note) VALUES",
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, \
             city_code = excluded.city_code, province_code = excluded.province_code, tier = excluded.tier, \
             field = excluded.field, industries = excluded.industries, designated = excluded.designated, \
             batch = excluded.batch, note = excluded.note",
            11,
            &values,
        )
        .await
    }

    pub async fn list_parks(&self) -> Result<Vec<Park>, StoreError> {
        type Row = (String, String, i64, String, Option<f64>, Option<f64>);
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT code, name, region_code, level, available_land_ha, standard_factory_m2 \
                 FROM park ORDER BY code",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Park {
                    code: r.0,
                    name: r.1,
                    region: stored_region(r.2)?,
                    level: r.3,
                    available_land_ha: r.4,
                    standard_factory_m2: r.5,
                })
            })
            .collect()
    }

    pub async fn list_towns(&self) -> Result<Vec<ProfessionalTown>, StoreError> {
        type Row = (
            String,
            String,
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<i64>,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT code, name, region_code, tier, field, industries, designated, batch, note \
                 FROM professional_town ORDER BY code",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ProfessionalTown {
                    code: r.0,
                    name: r.1,
                    region: stored_region(r.2)?,
                    tier: r.3,
                    field: r.4,
                    industries: split_codes(&r.5)?,
                    designated: r.6,
                    batch: r.7.and_then(|b| u16::try_from(b).ok()),
                    note: r.8,
                })
            })
            .collect()
    }
}
