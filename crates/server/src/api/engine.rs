//! What the engine endpoints share: running engine work off the async workers, and the
//! enterprises a result table names (the subjects of its audit event).

use std::collections::HashSet;

use analytics::table::{Cell, Table};

use crate::ApiError;

/// Runs engine work off the async workers (rollups use all cores through rayon).
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(%e, "engine task failed");
        ApiError::internal()
    })?
}

/// The values of column `key` (enterprise USCCs) as audit subjects.
pub(crate) fn subjects(table: &Table, key: &str) -> Vec<String> {
    let Some(i) = table.columns.iter().position(|c| c.key == key) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    table
        .rows
        .iter()
        .filter_map(|row| match row.get(i) {
            Some(Cell::Text(t)) if !t.is_empty() && seen.insert(t.clone()) => Some(t.clone()),
            _ => None,
        })
        .collect()
}
