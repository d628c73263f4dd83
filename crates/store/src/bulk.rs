//! Multi-row INSERT in chunks, the fast path for imports and the demo on both backends.

use sqlx::AssertSqlSafe;

use crate::{StoreError, Transaction, on_tx};

/// A value bound to a placeholder. Keeping the row as values lets one insert routine serve every
/// table and both backends.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    OptInt(Option<i64>),
    Float(f64),
    OptFloat(Option<f64>),
    Text(String),
    OptText(Option<String>),
    Bool(bool),
}

/// Binds every value in `$values` to `$query`, in order (expanded once per backend).
macro_rules! bind_values {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match value {
                $crate::Value::Int(v) => query.bind(*v),
                $crate::Value::OptInt(v) => query.bind(*v),
                $crate::Value::Float(v) => query.bind(*v),
                $crate::Value::OptFloat(v) => query.bind(*v),
                $crate::Value::Text(v) => query.bind(v.clone()),
                $crate::Value::OptText(v) => query.bind(v.clone()),
                $crate::Value::Bool(v) => query.bind(*v),
            };
        }
        query
    }};
}
pub(crate) use bind_values;

/// SQLite accepts at most 32,766 parameters per statement, PostgreSQL 65,535.
const MAX_PARAMETERS: usize = 32_000;

/// The `VALUES` part for `rows` rows of `columns` placeholders: `($1, $2), ($3, $4)` when
/// `numbered`, `(?, ?), (?, ?)` otherwise.
///
/// SQLite gets anonymous `?`: it treats `$N` as a named parameter, and sqlx looks up every
/// parameter's name, a linear scan inside SQLite, which makes a 30,000-parameter statement
/// quadratic (measured: 2k rows/s instead of 200k+).
fn placeholders(rows: usize, columns: usize, numbered: bool) -> String {
    let mut sql = String::with_capacity(rows * columns * 7);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push('$');
                sql.push_str(&(row * columns + column + 1).to_string());
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// Inserts `values` (row-major, `columns` per row) with `head` = `INSERT INTO t (a, b) VALUES` and
/// `tail` = an optional `ON CONFLICT …` clause. Returns the number of rows affected.
pub(crate) async fn insert_rows(
    tx: &mut Transaction,
    head: &str,
    tail: &str,
    columns: usize,
    values: &[Value],
) -> Result<u64, StoreError> {
    debug_assert_eq!(values.len() % columns, 0);
    let rows_per_chunk = (MAX_PARAMETERS / columns).max(1);
    let numbered = matches!(tx, Transaction::Postgres(_));
    let mut affected = 0;
    let mut full_chunk_sql: Option<String> = None;
    for chunk in values.chunks(rows_per_chunk * columns) {
        let rows = chunk.len() / columns;
        let sql = if rows == rows_per_chunk {
            full_chunk_sql
                .get_or_insert_with(|| {
                    format!("{head} {} {tail}", placeholders(rows, columns, numbered))
                })
                .clone()
        } else {
            format!("{head} {} {tail}", placeholders(rows, columns, numbered))
        };
        affected += on_tx!(tx, conn => {
            bind_values!(sqlx::query(AssertSqlSafe(sql)), chunk).execute(conn).await?.rows_affected()
        });
    }
    Ok(affected)
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_number_rows_then_columns() {
        assert_eq!(placeholders(2, 3, true), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(1, 2, false), "(?, ?)");
    }
}
