//! The import's writes to the catalog, inside the command's one transaction (opened by
//! `import` in `mod.rs`): whether a checked product is stored and the same, UPDATEs of changed
//! ones, new ones held back and written `INSERT_BATCH` per statement (`batch`), and an outbox
//! entry naming the SKU of every product created or updated for the provider, and one entry
//! for the chat's catalog that stands for all of them (`finish`). The statements are prepared
//! once per import: for a million rows, per-statement work is most of the cost.

use anyhow::Result;
use rusqlite::{Connection, Statement, params};

use super::batch::BatchInsert;
use super::report::Outcome;
use crate::catalog::product::{self, select_sql};
use crate::catalog::{Field, FieldSet, Product};
use crate::store::outbox;

/// New products per INSERT statement.
const INSERT_BATCH: usize = 64;

/// What the catalog holds of a product a row names.
#[derive(Debug)]
pub enum Stored {
    New,
    /// Stored, and the fields the row gives are as stored.
    Same,
    /// Stored and different: the stored product when it was asked for.
    Differs(Option<Box<Product>>),
}

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
    /// A product was created or updated (the chat's catalog must hear of it).
    wrote: bool,
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
            wrote: false,
        })
    }

    pub fn now(&self) -> &str {
        &self.now
    }

    /// Whether `p` is stored and the same as stored in the fields of `present` (the others
    /// are not the row's to change), compared in place: a re-import of a big file is mostly
    /// this, and building a `Product` of each row would be most of its cost. When it differs
    /// and `want_old`, the stored product comes back (to merge with, or to list what changes).
    pub fn stored(&mut self, p: &Product, present: FieldSet, want_old: bool) -> Result<Stored> {
        if self.fresh {
            return Ok(Stored::New);
        }
        self.lookup(p, present, want_old)
    }

    /// `stored`, looked up even in a fresh import (a SKU written earlier in this file).
    pub fn lookup(&mut self, p: &Product, present: FieldSet, want_old: bool) -> Result<Stored> {
        let mut rows = self.select.query([&p.sku])?;
        let Some(r) = rows.next()? else {
            return Ok(Stored::New);
        };
        let has = |f: Field| present.has(f);
        let text = |i: usize, s: &str| -> Result<bool> { Ok(r.get_ref(i)?.as_str()? == s) };
        // In `PRODUCT_COLUMNS` order; a field the row does not give is as stored.
        let same = (!has(Field::Group) || text(1, &p.group)?)
            && (!has(Field::Title) || text(2, &p.title)?)
            && (!has(Field::Description) || text(3, &p.description)?)
            && (!has(Field::Status) || text(4, p.status.as_str())?)
            && (!has(Field::Price)
                || (r.get::<_, i64>(5)? == p.price.minor && text(7, p.price.currency.code())?))
            && (!has(Field::SalePrice)
                || r.get::<_, Option<i64>>(6)? == p.sale_price.map(|m| m.minor))
            && (!has(Field::Stock) || r.get::<_, Option<i64>>(8)? == p.stock)
            && (!has(Field::Category) || text(9, &p.category)?)
            && (!has(Field::Brand) || text(10, &p.brand)?)
            && (!has(Field::Condition) || text(11, &p.condition)?)
            && (!has(Field::Options) || text(12, &p.options)?)
            && (!has(Field::Images) || text(13, &p.images)?)
            && (!has(Field::Link) || text(14, &p.link)?)
            && (!has(Field::Availability) || text(15, &p.availability)?);
        if same {
            return Ok(Stored::Same);
        }
        Ok(Stored::Differs(if want_old {
            Some(Box::new(Product::from_row(r)??))
        } else {
            None
        }))
    }

    /// The title of a product this import wrote or found (held back or stored), for a
    /// message about a duplicate SKU.
    pub fn title_of(&mut self, sku: &str) -> Result<Option<String>> {
        if let Some(p) = self.created.iter().find(|p| p.sku == sku) {
            return Ok(Some(p.title.clone()));
        }
        let mut rows = self.select.query([sku])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(2)?),
            None => None,
        })
    }

    /// Writes `p` as `outcome` calls for: nothing when unchanged, an UPDATE, or a place in
    /// the next batch of new products.
    pub fn write(&mut self, p: Product, outcome: Outcome) -> Result<()> {
        self.wrote |= matches!(outcome, Outcome::Updated | Outcome::Created);
        match outcome {
            Outcome::Unchanged | Outcome::Rejected => {}
            Outcome::Updated => {
                product::execute(&mut self.update, &p, &self.now)?;
                // The entry names the SKU only; the push reads the product as it is then.
                self.outbox.push(&p.sku)?;
            }
            Outcome::Created => {
                self.created.push(p);
                if self.created.len() == INSERT_BATCH {
                    self.flush_created()?;
                }
            }
        }
        Ok(())
    }

    /// Writes the new products held back, so that a SKU this file wrote can be looked up
    /// and written over (`--on-duplicate last`).
    pub fn settle(&mut self) -> Result<()> {
        self.flush_created()
    }

    /// Writes everything held back: at the end of each file. A later file may repeat this
    /// one's SKUs, which exist now.
    pub fn end_of_file(&mut self) -> Result<()> {
        self.flush_created()?;
        self.outbox.flush()?;
        self.fresh = false;
        Ok(())
    }

    /// After the last file: one `catalog_scan` entry for the chat's catalog, standing for every
    /// product this import wrote (each carries the import's time as `updated_at`), instead of
    /// an entry per product; `sync` expands it when it publishes. Nothing when nothing was
    /// written.
    pub fn finish(&mut self) -> Result<()> {
        self.end_of_file()?;
        if self.wrote {
            outbox::enqueue_catalog_scan(self.conn, &self.now)?;
        }
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
