//! The OpenAPI schema of `analytics::table::Table`, what the engine endpoints send: columns named
//! in Chinese and English with a format, and rows of cells (text, number or null). Fields of that
//! type are annotated `#[schema(value_type = ResultTable)]`.

use serde::Serialize;
use utoipa::ToSchema;

/// A result table: `{columns: [{key, zh, en, format}], rows: [[cell…]]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultTable {
    pub columns: Vec<ResultColumn>,
    /// One array per row, one cell per column: a string, a number or null.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// A column of a result table.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultColumn {
    /// Stable key (`row`, `score`, `rank`…).
    pub key: String,
    pub zh: String,
    pub en: String,
    /// `text`, `integer`, `number`, `percent` or `fine_percent`.
    pub format: String,
}
