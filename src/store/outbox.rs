//! The outbox: changes the provider must learn, written in the same transaction as the change
//! and pushed in order by `sync`.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, params};

use crate::provider::{Change, OutboxEntry};

/// Queues `change`. The idempotency key is fixed here, before any call, so that every retry of
/// this entry carries the same key.
pub fn enqueue(conn: &Connection, change: &Change, subject: &str, now: Timestamp) -> Result<i64> {
    let payload = serde_json::to_string(change)?;
    // The row id is not known before the insert; a random-free, unique key is the kind plus
    // the next sequence value, read inside the same transaction.
    let next: i64 = conn.query_row(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) + 1",
        [],
        |r| r.get(0),
    )?;
    let key = format!("shopctl-outbox-{next}");
    conn.execute(
        "INSERT INTO outbox (id, kind, subject, payload, idempotency_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![next, change.kind(), subject, payload, key, crate::clock::format(now)],
    )?;
    Ok(next)
}

/// Pending entries in the order they were written.
pub fn pending(conn: &Connection) -> Result<Vec<PendingEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, idempotency_key, payload, attempts, last_error, subject FROM outbox WHERE status = 'pending' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, idempotency_key, payload, attempts, last_error, subject) = row?;
        let change: Change = serde_json::from_str(&payload)?;
        out.push(PendingEntry {
            entry: OutboxEntry {
                id,
                idempotency_key,
                change,
            },
            subject,
            attempts,
            last_error,
        });
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub struct PendingEntry {
    pub entry: OutboxEntry,
    pub subject: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

pub fn mark_done(conn: &Connection, id: i64, now: Timestamp) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, pushed_at = ?2 WHERE id = ?1",
        params![id, crate::clock::format(now)],
    )?;
    Ok(())
}

pub fn mark_failed(conn: &Connection, id: i64, error: &str) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
        params![id, error],
    )?;
    Ok(())
}
