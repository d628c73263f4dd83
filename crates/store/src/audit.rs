//! The audit trail: an append-only, hash-chained log of who did or read what, when, from where,
//! and with what outcome.
//!
//! Each event's hash is SHA-256 over its sequence number, its content and the previous event's
//! hash, so changing, removing or reordering any row breaks every hash after it; `audit_head`
//! holds the last sequence number and hash, so cutting rows off the end shows too. Appends take
//! the head row's write lock first, which serialises them on both backends (and an in-process
//! mutex keeps SQLite writers from queueing on its busy handler). Triggers refuse UPDATE and
//! DELETE on `audit_event`; the hashes catch whoever drops the triggers.

use model::Id;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::bulk::{Value, bind_values, insert_rows};
use crate::enterprises::Page;
use crate::scope::Conditions;
use crate::{Store, StoreError, on_pool, on_tx};

/// What to append.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    /// Unix seconds.
    pub at: i64,
    /// Username, or `anonymous`, or `cli:<user>` for commands run on the server machine.
    pub actor: String,
    pub role: String,
    /// What was done, e.g. `GET /api/enterprises/{uscc}` or `user.create`.
    pub action: String,
    /// The object acted on (a path with its parameters, a username, a grant id).
    pub object: String,
    pub client_ip: String,
    /// `ok`, `denied`, `not_found`, `invalid`, `error`, … (the HTTP status for API calls).
    pub outcome: String,
    /// Free text (query string, rows returned); never secrets.
    pub detail: String,
    /// The sharing grant the access went through, if any.
    pub grant_id: Option<Id>,
    /// USCCs of the enterprises whose data was read (so each can see who read it).
    pub subjects: Vec<String>,
}

/// A stored event: the record, its place in the chain and its hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub seq: i64,
    #[serde(flatten)]
    pub record: AuditRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// What `verify_audit_chain` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerdict {
    /// Rows read.
    pub checked: i64,
    /// The first row that does not match its hash or its predecessor, and why.
    pub first_broken: Option<(i64, String)>,
}

/// Filters for listing events; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action_prefix: Option<String>,
    pub outcome: Option<String>,
    /// Only events that read this enterprise's data.
    pub subject: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// SHA-256 (lowercase hex) over the sequence number, every field and the previous hash, each
/// field length-prefixed so that no two different rows serialise alike.
pub fn audit_hash(seq: i64, record: &AuditRecord, prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(&seq.to_le_bytes());
    field(&record.at.to_le_bytes());
    field(record.actor.as_bytes());
    field(record.role.as_bytes());
    field(record.action.as_bytes());
    field(record.object.as_bytes());
    field(record.client_ip.as_bytes());
    field(record.outcome.as_bytes());
    field(record.detail.as_bytes());
    field(&record.grant_id.unwrap_or(-1).to_le_bytes());
    field(record.subjects.join(",").as_bytes());
    field(prev_hash.as_bytes());
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

type EventRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    String,
);

const EVENT_COLUMNS: &str = "ev.seq, ev.at, ev.actor, ev.role, ev.action, ev.object, ev.client_ip, \
     ev.outcome, ev.detail, ev.grant_id, ev.subjects, ev.prev_hash, ev.hash";

fn decode(r: EventRow) -> AuditEvent {
    AuditEvent {
        seq: r.0,
        record: AuditRecord {
            at: r.1,
            actor: r.2,
            role: r.3,
            action: r.4,
            object: r.5,
            client_ip: r.6,
            outcome: r.7,
            detail: r.8,
            grant_id: r.9,
            subjects: r
                .10
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        prev_hash: r.11,
        hash: r.12,
    }
}

fn filter_conditions(filter: &AuditFilter) -> Conditions {
    let mut c = Conditions::default();
    if let Some(actor) = &filter.actor {
        c.push("ev.actor = ?", vec![Value::Text(actor.clone())]);
    }
    if let Some(prefix) = &filter.action_prefix {
        c.push(
            "ev.action LIKE ?",
            vec![Value::Text(format!("{}%", prefix.replace(['%', '_'], "")))],
        );
    }
    if let Some(outcome) = &filter.outcome {
        c.push("ev.outcome = ?", vec![Value::Text(outcome.clone())]);
    }
    if let Some(subject) = &filter.subject {
        c.push(
            "ev.seq IN (SELECT seq FROM audit_subject WHERE uscc = ?)",
            vec![Value::Text(subject.clone())],
        );
    }
    if let Some(since) = filter.since {
        c.push("ev.at >= ?", vec![Value::Int(since)]);
    }
    if let Some(until) = filter.until {
        c.push("ev.at <= ?", vec![Value::Int(until)]);
    }
    c
}

impl Store {
    /// Appends one event to the chain and returns its sequence number.
    pub async fn append_audit(&self, record: &AuditRecord) -> Result<i64, StoreError> {
        let _serialised = self.audit_lock.lock().await;
        let mut tx = self.begin().await?;
        // Taking the head row's write lock first serialises appenders across processes.
        let (seq, prev_hash): (i64, String) = on_tx!(&mut tx, conn => {
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(conn)
                .await?
        });
        let hash = audit_hash(seq, record, &prev_hash);
        on_tx!(&mut tx, conn => {
            sqlx::query(
                "INSERT INTO audit_event (seq, at, actor, role, action, object, client_ip, outcome, detail, \
                 grant_id, subjects, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(seq)
            .bind(record.at)
            .bind(&record.actor)
            .bind(&record.role)
            .bind(&record.action)
            .bind(&record.object)
            .bind(&record.client_ip)
            .bind(&record.outcome)
            .bind(&record.detail)
            .bind(record.grant_id)
            .bind(record.subjects.join(","))
            .bind(&prev_hash)
            .bind(&hash)
            .execute(&mut *conn)
            .await?;
            sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
                .bind(&hash)
                .execute(&mut *conn)
                .await
                .map(|_| ())?
        });
        if !record.subjects.is_empty() {
            let mut subjects: Vec<&String> = record.subjects.iter().collect();
            subjects.sort();
            subjects.dedup();
            let values: Vec<Value> = subjects
                .into_iter()
                .flat_map(|s| [Value::Text(s.clone()), Value::Int(seq)])
                .collect();
            insert_rows(
                &mut tx,
                "INSERT INTO audit_subject (uscc, seq) VALUES",
                "",
                2,
                &values,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(seq)
    }

    /// Up to `limit` events with `seq > after`, in order (for verification and export).
    pub async fn audit_events_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM audit_event ev WHERE ev.seq > $1 ORDER BY ev.seq LIMIT $2"
        );
        let rows: Vec<EventRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(after).bind(limit).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(decode).collect())
    }

    /// Walks the whole chain and names the first row that was changed, removed or inserted.
    pub async fn verify_audit_chain(&self) -> Result<AuditVerdict, StoreError> {
        const CHUNK: i64 = 10_000;
        let mut checked = 0;
        let mut expected_seq = 1;
        let mut prev_hash = String::new();
        loop {
            let events = self.audit_events_after(expected_seq - 1, CHUNK).await?;
            let n = events.len() as i64;
            for event in events {
                checked += 1;
                let broken = if event.seq != expected_seq {
                    Some(format!(
                        "expected sequence number {expected_seq} but found {}: rows were removed",
                        event.seq
                    ))
                } else if event.prev_hash != prev_hash {
                    Some("its previous-hash does not match the row before it".to_owned())
                } else if audit_hash(event.seq, &event.record, &event.prev_hash) != event.hash {
                    Some("its content does not match its hash: the row was changed".to_owned())
                } else {
                    None
                };
                if let Some(reason) = broken {
                    return Ok(AuditVerdict {
                        checked,
                        first_broken: Some((event.seq, reason)),
                    });
                }
                prev_hash = event.hash;
                expected_seq += 1;
            }
            if n < CHUNK {
                break;
            }
        }
        let head: (i64, String) = on_pool!(self, pool => {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(pool).await?
        });
        let last = expected_seq - 1;
        let first_broken = if head.0 != last || head.1 != prev_hash {
            Some((
                last + 1,
                format!(
                    "the chain's head records {} events but {last} are left: rows were removed from the end",
                    head.0
                ),
            ))
        } else {
            None
        };
        Ok(AuditVerdict {
            checked,
            first_broken,
        })
    }

    /// Events matching `filter`, newest first.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Page<AuditEvent>, StoreError> {
        let conditions = filter_conditions(filter);
        let clause = conditions.where_clause();
        let n = conditions.used();
        let count_sql = format!("SELECT COUNT(*) FROM audit_event ev{clause}");
        let list_sql = format!(
            "SELECT {EVENT_COLUMNS} FROM audit_event ev{clause} ORDER BY ev.seq DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut list_values = conditions.values.clone();
        list_values.extend([Value::Int(limit), Value::Int(offset)]);
        let (total, rows): ((i64,), Vec<EventRow>) = on_pool!(self, pool => {
            let total = bind_values!(sqlx::query_as(sqlx::AssertSqlSafe(count_sql)), &conditions.values).fetch_one(pool).await?;
            let rows = bind_values!(sqlx::query_as(sqlx::AssertSqlSafe(list_sql)), &list_values).fetch_all(pool).await?;
            (total, rows)
        });
        Ok(Page {
            total: total.0,
            offset,
            limit,
            items: rows.into_iter().map(decode).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let record = AuditRecord {
            at: 1_700_000_000,
            actor: "admin".into(),
            role: "administrator".into(),
            action: "user.create".into(),
            object: "alice".into(),
            client_ip: "127.0.0.1".into(),
            outcome: "ok".into(),
            detail: String::new(),
            grant_id: None,
            subjects: vec![],
        };
        let base = audit_hash(1, &record, "");
        assert_eq!(base.len(), 64);
        assert_ne!(base, audit_hash(2, &record, ""));
        assert_ne!(base, audit_hash(1, &record, "x"));
        let mut changed = record.clone();
        changed.outcome = "denied".into();
        assert_ne!(base, audit_hash(1, &changed, ""));
        // Moving a character between neighbouring fields is a different row.
        let mut shifted = record.clone();
        shifted.actor = "admi".into();
        shifted.role = "nadministrator".into();
        assert_ne!(base, audit_hash(1, &shifted, ""));
    }
}
