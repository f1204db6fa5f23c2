//! The outbox's read side: pending entries in order, the product an entry without payload
//! stands for, and settling entries after a push (done, failed with the state it tried, or
//! superseded by a newer state of the same product). The write side, which every core module
//! calls in its own transaction, is `store::outbox`.
//!
//! An entry's idempotency key is `shopctl-outbox-<id>` unless one was stored; ids come from
//! AUTOINCREMENT and are never reused, so neither are keys. A `product_upsert` entry without a
//! payload pushes the product as it is when pushed, read from the catalog; when such a push
//! fails (or is about to be made), the state it sends is frozen into the entry, so that every
//! retry sends the same body under the same key.

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use crate::model::{Change, ChannelChange, ChannelEntry, OutboxEntry};

const PENDING_SQL: &str = "SELECT id, coalesce(idempotency_key, 'shopctl-outbox-' || id), \
    payload, attempts, last_error, subject, kind FROM outbox \
    WHERE status = 'pending' AND target = 'provider' AND id > ?1 ORDER BY id LIMIT ?2";

/// Pending provider entries in the order they were written.
pub fn pending(conn: &Connection) -> Result<Vec<PendingEntry>> {
    pending_after(conn, 0, i64::MAX)
}

/// At most `limit` pending provider entries with ids above `after`, in order: a caller can page through
/// a large outbox without holding all of it.
pub fn pending_after(conn: &Connection, after: i64, limit: i64) -> Result<Vec<PendingEntry>> {
    let mut stmt = conn.prepare_cached(PENDING_SQL)?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, idempotency_key, payload, attempts, last_error, subject, kind) = row?;
        let change = match payload {
            Some(json) => serde_json::from_str(&json)
                .with_context(|| format!("outbox entry {id} has an unreadable payload"))?,
            None => current(conn, id, &kind, &subject)?,
        };
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

/// Marks done, without pushing, every pending product update that a later pending update of
/// the same product makes out of date (a burst of stock changes is then pushed once), and
/// returns how many. One statement: the newest entry per product is found by grouping, not by
/// looking each entry's successors up (the outbox has no index on subjects). `OR FAIL`: no
/// statement journal, which a backlog spread over thousands of pages would overflow
/// (`store::sqlite::STATEMENT_JOURNAL_SPILL`).
pub fn supersede_product_upserts(conn: &Connection, now: Timestamp) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE OR FAIL outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, pushed_at = ?1
         WHERE status = 'pending' AND target = 'provider' AND kind = 'product_upsert'
           AND id NOT IN (SELECT max(id) FROM outbox
                          WHERE status = 'pending' AND target = 'provider' AND kind = 'product_upsert'
                          GROUP BY subject)",
        [crate::clock::format(now)],
    )?)
}

/// How many entries (for the provider and the channel) wait to be pushed.
pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// True when some entry of `target` (`provider`, `channel`) has been pushed: the shop has a
/// history at some account of that target.
pub fn any_done(conn: &Connection, target: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'done' AND target = ?1)",
        [target],
        |r| r.get(0),
    )?)
}

/// The change an entry without payload stands for: its product as it is now.
fn current(conn: &Connection, id: i64, kind: &str, sku: &str) -> Result<Change> {
    anyhow::ensure!(
        kind == "product_upsert",
        "outbox entry {id} ({kind}) has no payload"
    );
    let product = crate::catalog::load(conn, sku)?.with_context(|| {
        format!("outbox entry {id} is about product \"{sku}\", which is not in the catalog")
    })?;
    Ok(Change::ProductUpsert(crate::catalog::product_state(
        conn, &product,
    )?))
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

/// Stores the state about to be pushed for an entry that had none (a light product entry), so
/// that whatever happens to this push (a failure, or the process killed before the answer is
/// recorded), every retry under the entry's idempotency key sends the same body: providers
/// refuse a key reused with different parameters.
pub fn freeze(conn: &Connection, id: i64, change: &Change) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET payload = ?2 WHERE id = ?1 AND payload IS NULL",
        params![id, serde_json::to_string(change)?],
    )?;
    Ok(())
}

pub fn mark_failed(conn: &Connection, id: i64, error: &str) -> Result<()> {
    // An entry without payload pushed the product as it was; keep that, so that a retry under
    // the same idempotency key sends the same body even if the product changes meanwhile.
    let unfrozen: Option<(String, String)> = conn
        .query_row(
            "SELECT kind, subject FROM outbox WHERE id = ?1 AND payload IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    if let Some((kind, subject)) = unfrozen {
        let change = current(conn, id, &kind, &subject)?;
        conn.execute(
            "UPDATE outbox SET payload = ?2 WHERE id = ?1",
            params![id, serde_json::to_string(&change)?],
        )?;
    }
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
        params![id, error],
    )?;
    Ok(())
}

/// A pending channel entry, in the order written.
#[derive(Clone, Debug)]
pub struct PendingChannel {
    pub entry: ChannelEntry,
    pub subject: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// At most `limit` pending channel entries with ids above `after`, in order: messages (the
/// chat catalog's light entries are read by `sync::catalog`, and published in batches).
pub fn pending_channel_after(
    conn: &Connection,
    after: i64,
    limit: i64,
) -> Result<Vec<PendingChannel>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, coalesce(idempotency_key, 'shopctl-outbox-' || id), payload, attempts, subject, last_error
         FROM outbox WHERE status = 'pending' AND target = 'channel' AND kind = 'message'
           AND id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, idempotency_key, payload, attempts, subject, last_error) = row?;
        let json = payload.with_context(|| format!("channel outbox entry {id} has no payload"))?;
        let change: ChannelChange = serde_json::from_str(&json)
            .with_context(|| format!("outbox entry {id} has an unreadable payload"))?;
        out.push(PendingChannel {
            entry: ChannelEntry {
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

/// The target did it: done, with what it answered (a channel's message id).
pub fn mark_sent(conn: &Connection, id: i64, remote_ref: &str, now: Timestamp) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, remote_ref = ?2, pushed_at = ?3
         WHERE id = ?1",
    )?
    .execute(params![id, remote_ref, crate::clock::format(now)])?;
    Ok(())
}

/// `mark_sent` of a batch's entries (entry, the target's reference): a statement for many.
pub fn mark_sent_many(conn: &Connection, sent: &[(i64, &str)], now: Timestamp) -> Result<()> {
    crate::store::sent_many(
        conn,
        "UPDATE OR FAIL outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, \
         remote_ref = v.column2, pushed_at = ?1",
        "1",
        "outbox",
        sent,
        now,
    )
}

/// The target refused the entry for good (or it no longer applies): it is kept with the
/// reason and never pushed again.
pub fn mark_given_up(conn: &Connection, id: i64, error: &str, now: Timestamp) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?2, pushed_at = ?3
         WHERE id = ?1",
        params![id, error, crate::clock::format(now)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProductState;
    use crate::store::outbox::{enqueue, enqueue_product};

    fn conn() -> Connection {
        crate::store::testing::migrated()
    }

    fn add_product(conn: &Connection, sku: &str, price: i64) {
        conn.execute(
            "INSERT INTO products (sku, title, status, price, currency, stock, created_at, updated_at) \
             VALUES (?1, 'Mug', 'active', ?2, 'SGD', 3, 't', 't')",
            params![sku, price],
        )
        .unwrap();
    }

    fn now() -> Timestamp {
        "2026-11-20T09:00:00Z".parse().unwrap()
    }

    fn price(change: &Change) -> i64 {
        match change {
            Change::ProductUpsert(ProductState { price, .. }) => price.minor,
            other => panic!("not a product upsert: {other:?}"),
        }
    }

    /// Migration 0005 keeps every entry, its key and the sequence, so no key is reused.
    #[test]
    fn migration_0005_keeps_entries_keys_and_the_sequence() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in [
            include_str!("../store/migrations/0001_shop.sql"),
            include_str!("../store/migrations/0002_catalog.sql"),
            include_str!("../store/migrations/0003_orders.sql"),
            include_str!("../store/migrations/0004_payouts.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO products (sku, title, status, price, currency, created_at, updated_at) \
               VALUES ('MUG', 'Mug', 'active', 1200, 'SGD', 't', 't');
             INSERT INTO outbox (id, kind, subject, payload, idempotency_key, created_at) VALUES
               (1, 'product_archive', 'MUG', '{\"kind\":\"product_archive\",\"sku\":\"MUG\"}', 'shopctl-outbox-1', 't'),
               (2, 'product_archive', 'MUG', '{\"kind\":\"product_archive\",\"sku\":\"MUG\"}', 'shopctl-outbox-2', 't');
             DELETE FROM outbox WHERE id = 2;",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        crate::store::migrations::apply(&tx, 4).unwrap();
        tx.commit().unwrap();
        let p = pending(&conn).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].entry.idempotency_key, "shopctl-outbox-1");
        assert_eq!(
            crate::catalog::load(&conn, "MUG")
                .unwrap()
                .unwrap()
                .price
                .minor,
            1200
        );
        // Id 2 was handed out once; the next entry gets 3.
        assert_eq!(enqueue_product(&conn, "MUG", now()).unwrap(), 3);
    }

    /// Migration 0006 keeps every entry (as a provider entry), its key and the sequence; a
    /// channel entry then gets the next id and stays out of the provider's pending list.
    #[test]
    fn migration_0006_keeps_entries_and_channel_entries_have_their_own_lane() {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        crate::store::migrations::apply_upto(&tx, 5).unwrap();
        tx.commit().unwrap();
        conn.execute_batch(
            "INSERT INTO outbox (kind, subject, payload, created_at) VALUES
               ('product_archive', 'MUG', '{\"kind\":\"product_archive\",\"sku\":\"MUG\"}', 't'),
               ('product_archive', 'CAP', '{\"kind\":\"product_archive\",\"sku\":\"CAP\"}', 't');
             DELETE FROM outbox WHERE id = 2;",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        crate::store::migrations::apply(&tx, 5).unwrap();
        tx.commit().unwrap();
        let p = pending(&conn).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].entry.idempotency_key, "shopctl-outbox-1");
        let message = ChannelChange::Message(crate::model::OutgoingMessage {
            message: 1,
            to: "6591234567".into(),
            body: crate::model::MessageBody::Text { body: "hi".into() },
        });
        let id = crate::store::outbox::enqueue_channel(&conn, &message, "1", now()).unwrap();
        assert_eq!(id, 3);
        assert_eq!(pending(&conn).unwrap().len(), 1);
        let chat = pending_channel_after(&conn, 0, 10).unwrap();
        assert_eq!(chat.len(), 1);
        assert_eq!(chat[0].entry.change, message);
        mark_given_up(&conn, id, "refused", now()).unwrap();
        assert!(pending_channel_after(&conn, 0, 10).unwrap().is_empty());
        assert_eq!(pending_count(&conn).unwrap(), 1);
    }

    #[test]
    fn keys_follow_ids_and_entries_come_back_in_order() {
        let conn = conn();
        add_product(&conn, "MUG", 1200);
        let archive = Change::ProductArchive { sku: "MUG".into() };
        let a = enqueue(&conn, &archive, "MUG", now()).unwrap();
        let b = enqueue_product(&conn, "MUG", now()).unwrap();
        assert_eq!((a, b), (1, 2));
        let p = pending(&conn).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].entry.idempotency_key, "shopctl-outbox-1");
        assert_eq!(p[0].entry.change, archive);
        assert_eq!(p[1].entry.idempotency_key, "shopctl-outbox-2");
        assert_eq!(p[1].subject, "MUG");
        assert_eq!(price(&p[1].entry.change), 1200);
        assert_eq!(pending_count(&conn).unwrap(), 2);
        assert_eq!(pending_after(&conn, 1, 10).unwrap().len(), 1);
        mark_done(&conn, 1, now()).unwrap();
        assert_eq!(pending(&conn).unwrap()[0].entry.id, 2);
        // A done entry's id is not handed out again.
        assert_eq!(enqueue_product(&conn, "MUG", now()).unwrap(), 3);
    }

    #[test]
    fn an_entry_without_payload_pushes_the_current_product_until_a_push_fails() {
        let conn = conn();
        add_product(&conn, "MUG", 1200);
        enqueue_product(&conn, "MUG", now()).unwrap();
        conn.execute("UPDATE products SET price = 1500", [])
            .unwrap();
        assert_eq!(price(&pending(&conn).unwrap()[0].entry.change), 1500);
        mark_failed(&conn, 1, "timeout").unwrap();
        conn.execute("UPDATE products SET price = 1800", [])
            .unwrap();
        let p = pending(&conn).unwrap();
        // The retry sends what the failed push sent, under the same key.
        assert_eq!(price(&p[0].entry.change), 1500);
        assert_eq!(p[0].entry.idempotency_key, "shopctl-outbox-1");
        assert_eq!(
            (p[0].attempts, p[0].last_error.as_deref()),
            (1, Some("timeout"))
        );
    }

    /// A backlog of pending updates spread over more of the file than SQLite keeps of a
    /// statement's journal in memory (`store::sqlite::STATEMENT_JOURNAL_SPILL`): superseding
    /// them in one statement inside a transaction works. SQLite 3.54.1 fails the spill of
    /// such a journal to its file ("database or disk is full"); an `UPDATE OR FAIL` keeps
    /// none, and a `sync` after weeks of `serve` would otherwise never push again.
    #[test]
    fn a_backlog_of_updates_larger_than_the_journal_in_memory_is_superseded() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::shop(&dir);
        let n = 5_000;
        store
            .write(|tx| {
                add_product(tx, "MUG", 1200);
                // Each pending update on a page of its own: a message of 4,000 bytes between.
                let filler = "x".repeat(4_000);
                for _ in 0..n {
                    enqueue_product(tx, "MUG", now())?;
                    tx.execute(
                        "INSERT INTO outbox (target, kind, subject, payload, status, created_at)
                         VALUES ('channel', 'message', '1', ?1, 'done', 't')",
                        [&filler],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let superseded = store
            .write(|tx| {
                // A statement before it: the UPDATE is not the transaction's first.
                mark_done(tx, 1, now())?;
                supersede_product_upserts(tx, now())
            })
            .unwrap();
        assert_eq!(superseded, n - 2, "all but the first (done) and the newest");
        assert_eq!(pending(store.conn()).unwrap().len(), 1);
    }
}
