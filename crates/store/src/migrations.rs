//! Schema migrations, one folder per backend, compiled into the binary and run at start-up.
//!
//! Never edit a migration that has shipped: add a new numbered file to both folders instead.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// (version, description, SQLite DDL, PostgreSQL DDL)
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "core",
        include_str!("../migrations/sqlite/0001_core.sql"),
        include_str!("../migrations/postgres/0001_core.sql"),
    ),
    (
        2,
        "ingest",
        include_str!("../migrations/sqlite/0002_ingest.sql"),
        include_str!("../migrations/postgres/0002_ingest.sql"),
    ),
    (
        3,
        "access",
        include_str!("../migrations/sqlite/0003_access.sql"),
        include_str!("../migrations/postgres/0003_access.sql"),
    ),
    (
        4,
        "facts",
        include_str!("../migrations/sqlite/0004_facts.sql"),
        include_str!("../migrations/postgres/0004_facts.sql"),
    ),
    (
        5,
        "evaluation",
        include_str!("../migrations/sqlite/0005_evaluation.sql"),
        include_str!("../migrations/postgres/0005_evaluation.sql"),
    ),
];

fn migrator(pick: impl Fn(&(i64, &str, &'static str, &'static str)) -> &'static str) -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|m| {
                Migration::new(
                    m.0,
                    Cow::Borrowed(m.1),
                    MigrationType::Simple,
                    pick(m).into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

pub fn sqlite() -> Migrator {
    migrator(|m| m.2)
}

pub fn postgres() -> Migrator {
    migrator(|m| m.3)
}
