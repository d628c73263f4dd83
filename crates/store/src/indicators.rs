//! Indicator definitions.

use std::collections::HashMap;

use model::{Aggregation, Frequency, Id, Indicator};

use crate::bulk::{Value, insert_rows};
use crate::{Store, StoreError, Transaction, on_tx};

impl Store {
    /// Inserts or updates indicator definitions by code; returns code → id for all indicators.
    pub async fn upsert_indicators(
        &self,
        tx: &mut Transaction,
        indicators: &[Indicator],
    ) -> Result<HashMap<String, Id>, StoreError> {
        let values: Vec<Value> = indicators
            .iter()
            .flat_map(|i| {
                [
                    Value::Text(i.code.clone()),
                    Value::Text(i.name_zh.clone()),
                    Value::Text(i.name_en.clone()),
                    Value::Text(i.unit.clone()),
                    Value::Text(i.frequency.as_str().to_owned()),
                    Value::Text(i.aggregation.as_str().to_owned()),
                    Value::Bool(i.comparable_price),
                    Value::OptText(i.numerator.clone()),
                    Value::OptText(i.denominator.clone()),
                ]
            })
            .collect();
        insert_rows(
            tx,
            "INSERT INTO indicator (code, name_zh, name_en, unit, frequency, aggregation, comparable_price, \
             numerator, denominator) VALUES",
            "ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, \
             unit = excluded.unit, frequency = excluded.frequency, aggregation = excluded.aggregation, \
             comparable_price = excluded.comparable_price, numerator = excluded.numerator, \
             denominator = excluded.denominator",
            9,
            &values,
        )
        .await?;
        self.code_ids_in(tx, "SELECT code, id FROM indicator").await
    }

    pub async fn list_indicators(&self) -> Result<Vec<Indicator>, StoreError> {
        let mut tx = self.begin().await?;
        let indicators = self.list_indicators_in(&mut tx).await;
        drop(tx);
        indicators
    }

    /// Every indicator definition, read inside `tx`.
    pub(crate) async fn list_indicators_in(
        &self,
        tx: &mut Transaction,
    ) -> Result<Vec<Indicator>, StoreError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            bool,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_tx!(tx, conn => {
            sqlx::query_as(
                "SELECT code, name_zh, name_en, unit, frequency, aggregation, comparable_price, numerator, \
                 denominator FROM indicator ORDER BY id",
            )
            .fetch_all(conn)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Indicator {
                    frequency: Frequency::parse(&r.4).ok_or_else(|| {
                        StoreError::corrupt("indicator frequency", &r.4, "unknown")
                    })?,
                    aggregation: Aggregation::parse(&r.5).ok_or_else(|| {
                        StoreError::corrupt("indicator aggregation", &r.5, "unknown")
                    })?,
                    code: r.0,
                    name_zh: r.1,
                    name_en: r.2,
                    unit: r.3,
                    comparable_price: r.6,
                    numerator: r.7,
                    denominator: r.8,
                })
            })
            .collect()
    }
}
