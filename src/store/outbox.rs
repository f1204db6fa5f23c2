//! The outbox's write side: a change the provider must learn is queued here, in the same
//! transaction as the change (DESIGN.md, "Sync"). Reading, pushing and settling entries is
//! `sync::outbox`'s job; this part sits below the core modules so that each of them can queue
//! in its own transaction.
//!
//! Entries have a `target`: `provider` (a `model::Change`, the default) or `channel` (a
//! `model::ChannelChange`). Each target's entries are pushed in their own order.
//!
//! The chat's catalog (issue 13) is kept in step by light channel entries without a payload:
//! a `catalog_item` names one product (a single edit, a stock move, an archive: queued beside
//! the provider's entry), and a `catalog_scan` stands for every product one `catalog import`
//! wrote (queued once per import, in its transaction: the products whose `updated_at` is the
//! import's time). `sync` reads the products as they are when it publishes them, and compares
//! each with what the chat was last sent, so an entry that covers more than changed costs a
//! comparison, never a request. One entry per import instead of one per product keeps the
//! import's per-row cost what it was before the chat had a catalog (CONTRIBUTING.md,
//! "Benchmarks").
//!
//! An entry's idempotency key is `shopctl-outbox-<id>` unless one was stored; ids come from
//! AUTOINCREMENT and are never reused, so neither are keys. A `product_upsert` entry may be
//! queued without a payload (`enqueue_product`, what `catalog import` does for every product
//! it writes): it then pushes the product as it is when pushed, read from the catalog, which
//! keeps a million-row import from writing a million copies of its products as JSON. When such
//! a push fails, `mark_failed` stores the state it tried, so that every retry sends the same
//! body under the same key.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, Statement, params};

use crate::model::{CATALOG_ITEM_KIND, CATALOG_SCAN_KIND, Change, ChannelChange};

/// Queues `change`. The idempotency key is fixed here, before any call, so that every retry of
/// this entry carries the same key.
pub fn enqueue(conn: &Connection, change: &Change, subject: &str, now: Timestamp) -> Result<i64> {
    let payload = serde_json::to_string(change)?;
    conn.prepare_cached(
        "INSERT INTO outbox (kind, subject, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        change.kind(),
        subject,
        payload,
        crate::clock::format(now)
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Queues a change for the chat channel (a message now; catalog items with issue 13), pushed
/// by sync in its own order beside the provider's entries. Returns the entry's id.
pub fn enqueue_channel(
    conn: &Connection,
    change: &ChannelChange,
    subject: &str,
    now: Timestamp,
) -> Result<i64> {
    let payload = serde_json::to_string(change)?;
    conn.prepare_cached("INSERT INTO outbox (target, kind, subject, payload, created_at) VALUES ('channel', ?1, ?2, ?3, ?4)")?.execute(params![change.kind(), subject, payload, crate::clock::format(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// `enqueue_channel` of several changes (each with its subject) in one statement; returns the
/// first entry's id, the others following it one by one. `at` is `clock::format`'s.
pub fn enqueue_channel_many(
    conn: &Connection,
    changes: &[(ChannelChange, String)],
    at: &str,
) -> Result<i64> {
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO outbox (created_at, target, kind, subject, payload) VALUES {}",
        vec!["(?1, 'channel', ?, ?, ?)"; changes.len()].join(",")
    ))?;
    stmt.raw_bind_parameter(1, at)?;
    for (i, (change, subject)) in changes.iter().enumerate() {
        stmt.raw_bind_parameter(2 + i * 3, change.kind())?;
        stmt.raw_bind_parameter(3 + i * 3, subject)?;
        stmt.raw_bind_parameter(4 + i * 3, serde_json::to_string(change)?)?;
    }
    stmt.raw_execute()?;
    // Under the write lock, one statement's rows get consecutive ids.
    Ok(conn.last_insert_rowid() - changes.len() as i64 + 1)
}

/// Queues a light `catalog_item` entry for the chat's catalog: the product `sku` as it is when
/// pushed (published, deleted, or left out, as `sync` decides then). Call it beside the
/// provider's entry, in the same transaction, whenever a product changes outside an import.
pub fn enqueue_catalog_item(conn: &Connection, sku: &str, now: Timestamp) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO outbox (target, kind, created_at, subject) VALUES ('channel', ?1, ?2, ?3)",
    )?
    .execute(params![CATALOG_ITEM_KIND, crate::clock::format(now), sku])?;
    Ok(conn.last_insert_rowid())
}

/// Queues a `catalog_item` entry for every product, in catalog order (a chat catalog that
/// never saw the shop); returns how many.
pub fn enqueue_every_catalog_item(conn: &Connection, now: Timestamp) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO outbox (target, kind, created_at, subject) \
         SELECT 'channel', ?1, ?2, sku FROM products ORDER BY rowid",
        params![CATALOG_ITEM_KIND, crate::clock::format(now)],
    )?)
}

/// Queues one light `catalog_scan` entry for the chat's catalog, at `now` (RFC 3339,
/// `clock::format`): every product whose `updated_at` is `now`, as it is when pushed. `catalog
/// import` queues it once, in its transaction, for all the products it wrote (created and
/// updated, all stamped with the import's time). The scan may also match products another
/// command stamped in the same second, which costs `sync` a comparison, not a request; a
/// product changed again later no longer matches it, and that change queued its own entry.
pub fn enqueue_catalog_scan(conn: &Connection, now: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO outbox (target, kind, created_at, subject) VALUES ('channel', ?1, ?2, ?2)",
    )?
    .execute(params![CATALOG_SCAN_KIND, now])?;
    Ok(conn.last_insert_rowid())
}

/// Queues a `product_upsert` of `sku` that pushes the product as it is when pushed.
pub fn enqueue_product(conn: &Connection, sku: &str, now: Timestamp) -> Result<i64> {
    let mut q = ProductQueue::new(conn, &crate::clock::format(now));
    q.push(sku)?;
    q.flush()?;
    Ok(conn.last_insert_rowid())
}

/// `enqueue_product` for many products, in order: entries are written some rows per
/// statement, which is what keeps a large import's outbox cheap. Call `flush` at the end.
pub struct ProductQueue<'c> {
    conn: &'c Connection,
    now: String,
    skus: Vec<String>,
    /// The statement for a full batch, prepared at the first one.
    full: Option<Statement<'c>>,
}

/// Entries per INSERT statement.
const QUEUE_BATCH: usize = 128;

/// The INSERT for `rows` entries. `OR FAIL`: a failed insert fails the command's transaction
/// anyway, and it spares SQLite a statement journal for a many-row statement.
fn queue_sql(rows: usize) -> String {
    let mut sql = String::from("INSERT OR FAIL INTO outbox (kind, created_at, subject) VALUES ");
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        // `?1` comes first: a bare `?` takes the number after the highest so far.
        sql.push_str("('product_upsert', ?1, ?)");
    }
    sql
}

impl<'c> ProductQueue<'c> {
    /// `now` is an RFC 3339 timestamp (`clock::format`).
    pub fn new(conn: &'c Connection, now: &str) -> ProductQueue<'c> {
        ProductQueue {
            conn,
            now: now.to_string(),
            skus: Vec::with_capacity(QUEUE_BATCH),
            full: None,
        }
    }

    pub fn push(&mut self, sku: &str) -> Result<()> {
        self.skus.push(sku.to_string());
        if self.skus.len() == QUEUE_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is queued so far.
    pub fn flush(&mut self) -> Result<()> {
        if self.skus.is_empty() {
            return Ok(());
        }
        let mut partial;
        let stmt = if self.skus.len() == QUEUE_BATCH {
            match &mut self.full {
                Some(s) => s,
                full => full.insert(self.conn.prepare(&queue_sql(QUEUE_BATCH))?),
            }
        } else {
            partial = self.conn.prepare(&queue_sql(self.skus.len()))?;
            &mut partial
        };
        stmt.raw_bind_parameter(1, &self.now)?;
        for (i, sku) in self.skus.iter().enumerate() {
            stmt.raw_bind_parameter(i + 2, sku)?;
        }
        stmt.raw_execute()?;
        self.skus.clear();
        Ok(())
    }
}

/// The statement that queues a light `product_upsert` for every product whose rowid is above
/// `?2`, at time `?1` (RFC 3339): one statement per batch of rows just written, which keeps a
/// big first import's outbox cheap. The caller binds and executes it once per batch.
pub fn prepare_queue_products_after(conn: &Connection) -> Result<Statement<'_>> {
    Ok(conn.prepare(
        "INSERT OR FAIL INTO outbox (kind, created_at, subject) \
         SELECT 'product_upsert', ?1, sku FROM products WHERE rowid > ?2 ORDER BY rowid",
    )?)
}
