//! The inbox: every webhook delivery, stored raw and committed before it is answered, then
//! processed (DESIGN.md, "Webhooks"). A delivery is recognised by its source and dedupe key,
//! so a retried one changes nothing; one whose processing failed is kept with its error until
//! `inbox retry` (or a fix and a retry) processes it, never dropped.
//!
//! This module owns the `inbox` table. What a delivery means is its source's business:
//! `chat` applies the events of a chat delivery (orders, payments, message statuses) to the
//! shop; `sync::inbox` runs the processing, for `serve` and for `sync` alike.

pub mod chat;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::clock;
use crate::model::InboxStatus;

/// What storing a delivery did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new delivery, with its inbox id.
    New(i64),
    /// Seen before (a retry): nothing was written.
    Seen(i64),
}

impl Stored {
    pub fn id(self) -> i64 {
        match self {
            Stored::New(id) | Stored::Seen(id) => id,
        }
    }
}

/// Stores a verified delivery in the caller's transaction; a delivery seen before (same source
/// and dedupe key) writes nothing.
pub fn store(
    conn: &Connection,
    source: &str,
    dedupe_key: &str,
    body: &[u8],
    now: Timestamp,
) -> Result<Stored> {
    let insert = "INSERT INTO inbox (source, dedupe_key, body, received_at) VALUES (?1, ?2, ?3, ?4)
                  ON CONFLICT (source, dedupe_key) DO NOTHING";
    store_with(conn, insert, source, dedupe_key, body, now)
}

/// `store`, for a delivery that will be processed in the same transaction, before it
/// commits: stored as processed (attempted once), so that it is written once, not stored and
/// then marked (a sync's pulled deliveries, `sync::inbox::store_and_process`). One that fails
/// is then marked with `mark_failed_on_arrival`.
pub fn store_processed(
    conn: &Connection,
    source: &str,
    dedupe_key: &str,
    body: &[u8],
    now: Timestamp,
) -> Result<Stored> {
    let insert =
        "INSERT INTO inbox (source, dedupe_key, body, received_at, status, attempts, processed_at)
                  VALUES (?1, ?2, ?3, ?4, 'processed', 1, ?4)
                  ON CONFLICT (source, dedupe_key) DO NOTHING";
    store_with(conn, insert, source, dedupe_key, body, now)
}

/// `store` and `store_processed`: `insert` takes the source, key, body and time as `?1` to `?4`
/// and writes nothing for a delivery seen before.
fn store_with(
    conn: &Connection,
    insert: &str,
    source: &str,
    dedupe_key: &str,
    body: &[u8],
    now: Timestamp,
) -> Result<Stored> {
    // Whether it was new is the count of rows written, not a `RETURNING id`: SQLite gathers
    // what RETURNING returns in a temporary B-tree, opened and closed for each delivery.
    let inserted = conn.prepare_cached(insert)?.execute(params![
        source,
        dedupe_key,
        body,
        clock::format(now)
    ])?;
    if inserted == 1 {
        return Ok(Stored::New(conn.last_insert_rowid()));
    }
    let id = conn
        .prepare_cached("SELECT id FROM inbox WHERE source = ?1 AND dedupe_key = ?2")?
        .query_row(params![source, dedupe_key], |r| r.get(0))?;
    Ok(Stored::Seen(id))
}

/// A delivery of `store_processed` whose processing failed: failed, with the reason (its one
/// attempt already counted).
pub fn mark_failed_on_arrival(conn: &Connection, id: i64, error: &str) -> Result<()> {
    conn.execute(
        "UPDATE inbox SET status = 'failed', last_error = ?2 WHERE id = ?1",
        params![id, error],
    )?;
    Ok(())
}

/// A delivery as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub source: String,
    pub dedupe_key: String,
    pub body: Vec<u8>,
    pub received_at: String,
    pub status: InboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub processed_at: Option<String>,
}

const COLUMNS: &str =
    "id, source, dedupe_key, body, received_at, status, attempts, last_error, processed_at";

impl Entry {
    fn read(r: &Row) -> rusqlite::Result<Entry> {
        Ok(Entry {
            id: r.get("id")?,
            source: r.get("source")?,
            dedupe_key: r.get("dedupe_key")?,
            body: r.get("body")?,
            received_at: r.get("received_at")?,
            status: r.get("status")?,
            attempts: r.get("attempts")?,
            last_error: r.get("last_error")?,
            processed_at: r.get("processed_at")?,
        })
    }
}

/// The oldest pending delivery after `after`, if any (processing goes in arrival order).
pub fn next_pending(conn: &Connection, after: i64) -> Result<Option<Entry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM inbox WHERE status = 'pending' AND id > ?1 ORDER BY id LIMIT 1"
        ))?
        .query_row([after], Entry::read)
        .optional()?)
}

/// At most `limit` pending deliveries after `after`, oldest first (processing goes in arrival
/// order).
pub fn pending_after(conn: &Connection, after: i64, limit: i64) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, source, body FROM inbox WHERE status = 'pending' AND id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok(Pending {
            id: r.get(0)?,
            source: r.get(1)?,
            body: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A pending delivery as `pending_after` reads it: what it takes to parse it ahead of its
/// claim (a stored body never changes).
pub struct Pending {
    pub id: i64,
    pub source: String,
    pub body: Vec<u8>,
}

/// The delivery `id`, re-read inside a transaction: processing starts only if it is still
/// pending there, so that `serve` and `sync` never process one twice.
pub fn claim(conn: &Connection, id: i64) -> Result<Option<Entry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM inbox WHERE id = ?1 AND status = 'pending'"
        ))?
        .query_row([id], Entry::read)
        .optional()?)
}

/// Whether delivery `id` is still pending, asked inside the transaction that will process it
/// (`claim` without the entry, for a delivery read ahead: its body never changes).
pub fn still_pending(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM inbox WHERE id = ?1 AND status = 'pending'")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn mark_processed(conn: &Connection, id: i64, now: Timestamp) -> Result<()> {
    conn.prepare_cached(
        "UPDATE inbox SET status = 'processed', attempts = attempts + 1, last_error = NULL, processed_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id, clock::format(now)])?;
    Ok(())
}

/// `mark_processed` of many deliveries, `MARK_AT_ONCE` a statement (fewer padded with NULL,
/// which matches nothing: one statement prepared): a batch of carts marks its deliveries
/// together rather than one statement each.
pub fn mark_processed_many(conn: &Connection, ids: &[i64], now: Timestamp) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "UPDATE inbox SET status = 'processed', attempts = attempts + 1, last_error = NULL, \
         processed_at = ?1 WHERE id IN ({})",
        vec!["?"; MARK_AT_ONCE].join(",")
    ))?;
    let now = clock::format(now);
    for chunk in ids.chunks(MARK_AT_ONCE) {
        stmt.raw_bind_parameter(1, &now)?;
        for i in 0..MARK_AT_ONCE {
            stmt.raw_bind_parameter(i + 2, chunk.get(i))?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// The most deliveries `mark_processed_many` marks per statement.
const MARK_AT_ONCE: usize = 64;

pub fn mark_failed(conn: &Connection, id: i64, error: &str, now: Timestamp) -> Result<()> {
    conn.execute(
        "UPDATE inbox SET status = 'failed', attempts = attempts + 1, last_error = ?2, processed_at = ?3 WHERE id = ?1",
        params![id, error, clock::format(now)],
    )?;
    Ok(())
}

/// Puts a failed delivery back in line to be processed again (`inbox retry`).
pub fn retry(conn: &Connection, id: i64) -> Result<()> {
    let status: InboxStatus = conn
        .query_row("SELECT status FROM inbox WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .with_context(|| {
            format!("there is no delivery {id} in the inbox (see `shopctl inbox list`)")
        })?;
    match status {
        InboxStatus::Failed => {}
        InboxStatus::Pending => bail!("delivery {id} is already waiting to be processed"),
        InboxStatus::Processed => bail!("delivery {id} was processed; there is nothing to retry"),
    }
    conn.execute(
        "UPDATE inbox SET status = 'pending', processed_at = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// One row of `inbox list`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ListRow {
    pub id: String,
    pub source: String,
    pub received_at: String,
    pub status: String,
    pub attempts: i64,
    pub bytes: i64,
    pub last_error: Option<String>,
}

/// Deliveries newest first (`failed_only`: those whose processing failed), at most `limit`.
pub fn list(conn: &Connection, failed_only: bool, limit: i64) -> Result<Vec<ListRow>> {
    let filter = if failed_only {
        "WHERE status = 'failed'"
    } else {
        ""
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, source, received_at, status, attempts, length(body), last_error FROM inbox {filter}
         ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], |r| {
        Ok(ListRow {
            id: r.get::<_, i64>(0)?.to_string(),
            source: r.get(1)?,
            received_at: r.get(2)?,
            status: r.get(3)?,
            attempts: r.get(4)?,
            bytes: r.get(5)?,
            last_error: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many deliveries wait, and how many failed (for `status`).
pub fn counts(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'failed')
         FROM inbox WHERE status != 'processed'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
