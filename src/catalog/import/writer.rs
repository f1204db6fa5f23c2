//! The import's writes to the catalog, inside the command's one transaction (opened by
//! `import` in `mod.rs`): whether a checked product is stored and the same, UPDATEs of changed
//! ones, new ones held back and written `INSERT_BATCH` per statement (`batch`), and an outbox
//! entry naming the SKU of every product created or updated. The statements are prepared once
//! per import: for a million rows, per-statement work is most of the cost.

use anyhow::Result;
use rusqlite::{Connection, Statement, params};

use super::batch::BatchInsert;
use super::report::Outcome;
use crate::catalog::Product;
use crate::catalog::product::{self, select_sql};
use crate::store::outbox;

/// New products per INSERT statement.
const INSERT_BATCH: usize = 64;

pub struct Writer<'c> {
    conn: &'c Connection,
    /// The product by SKU, all columns.
    select: Statement<'c>,
    update: Statement<'c>,
    /// Products new to the catalog, written `INSERT_BATCH` per statement, with their outbox
    /// entries.
    created: Vec<Product>,
    /// The INSERT of a full batch, prepared at the first one.
    insert_full: Option<BatchInsert<'c>>,
    /// Queues the products created since rowid ?2 (the products of the last batch).
    queue_created: Statement<'c>,
    /// The highest products rowid so far.
    last_rowid: i64,
    /// Queues updated products.
    outbox: outbox::ProductQueue<'c>,
    /// The catalog was empty when the import began and this is its first file: a SKU not seen
    /// earlier in the file is new, with no need to look it up.
    fresh: bool,
    /// The import's time (RFC 3339), the products' `created_at` / `updated_at`.
    now: String,
}

impl<'c> Writer<'c> {
    pub fn new(conn: &'c Connection, now: &str) -> Result<Writer<'c>> {
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM products)", [], |r| {
                r.get(0)
            })?;
        Ok(Writer {
            conn,
            select: conn.prepare(&select_sql("WHERE sku = ?1"))?,
            update: conn.prepare(&product::update_sql())?,
            created: Vec::with_capacity(INSERT_BATCH),
            insert_full: None,
            queue_created: outbox::prepare_queue_products_after(conn)?,
            last_rowid: conn.query_row(
                "SELECT coalesce(max(rowid), 0) FROM products",
                [],
                |r| r.get(0),
            )?,
            outbox: outbox::ProductQueue::new(conn, now),
            fresh: empty,
            now: now.to_string(),
        })
    }

    pub fn now(&self) -> &str {
        &self.now
    }

    /// Whether `p` is stored (None: no) and the same as stored (Some(true)), compared in
    /// place: a re-import of a big file is mostly this, and building a `Product` of each row
    /// would be most of its cost.
    pub fn stored(&mut self, p: &Product) -> Result<Option<bool>> {
        if self.fresh {
            return Ok(None);
        }
        let mut rows = self.select.query([&p.sku])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let text = |i: usize, s: &str| -> Result<bool> { Ok(r.get_ref(i)?.as_str()? == s) };
        // In `PRODUCT_COLUMNS` order.
        let same = text(1, &p.group)?
            && text(2, &p.title)?
            && text(3, &p.description)?
            && text(4, p.status.as_str())?
            && r.get::<_, i64>(5)? == p.price.minor
            && r.get::<_, Option<i64>>(6)? == p.sale_price.map(|m| m.minor)
            && text(7, p.price.currency.code())?
            && r.get::<_, i64>(8)? == p.stock
            && text(9, &p.category)?
            && text(10, &p.brand)?
            && text(11, &p.condition)?
            && text(12, &p.options)?
            && text(13, &p.images)?
            && text(14, &p.link)?
            && text(15, &p.availability)?;
        Ok(Some(same))
    }

    /// Writes `p` as `stored` (what `stored` said of it) calls for: nothing when unchanged,
    /// an UPDATE, or a place in the next batch of new products.
    pub fn write(&mut self, p: Product, stored: Option<bool>) -> Result<Outcome> {
        Ok(match stored {
            Some(true) => Outcome::Unchanged,
            Some(false) => {
                product::execute(&mut self.update, &p, &self.now)?;
                // The entry names the SKU only; the push reads the product as it is then.
                self.outbox.push(&p.sku)?;
                Outcome::Updated
            }
            None => {
                self.created.push(p);
                if self.created.len() == INSERT_BATCH {
                    self.flush_created()?;
                }
                Outcome::Created
            }
        })
    }

    /// Writes everything held back: at the end of each file. A later file may repeat this
    /// one's SKUs, which exist now.
    pub fn end_of_file(&mut self) -> Result<()> {
        self.flush_created()?;
        self.outbox.flush()?;
        self.fresh = false;
        Ok(())
    }

    /// Writes the new products held back so far, many per statement: per-statement work
    /// is most of what a single-row INSERT costs.
    fn flush_created(&mut self) -> Result<()> {
        if self.created.is_empty() {
            return Ok(());
        }
        let n = self.created.len();
        let mut partial;
        let stmt = if n == INSERT_BATCH {
            match &mut self.insert_full {
                Some(s) => s,
                full => full.insert(BatchInsert::new(self.conn, n)?),
            }
        } else {
            partial = BatchInsert::new(self.conn, n)?;
            &mut partial
        };
        stmt.insert(&self.created, &self.now)?;
        self.created.clear();
        // Their outbox entries, in one statement from the rows just written: new rows take
        // the next rowids, in order.
        let after = self.last_rowid;
        self.last_rowid = self.conn.last_insert_rowid();
        self.queue_created.execute(params![self.now, after])?;
        Ok(())
    }
}
