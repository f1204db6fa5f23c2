//! The writing side of `orders import`: new orders are written in batches of `BATCH` (their
//! lines, history and payment requests with them), while the stock they take is added up per
//! SKU in memory, so that a million orders of a thousand products update a thousand rows and
//! queue a thousand outbox entries, once, at the end (`finish`). Memory grows with the batch
//! and the SKUs ordered, never with the orders.

use std::collections::{BTreeMap, HashSet};

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::Summary;
use crate::clock;
use crate::orders::chat::{self, Checked, PayInChat};
use crate::store::bulk::BulkOrders;
use crate::store::outbox::ProductQueue;

/// A SKU's stock through the import.
struct Held {
    /// Stock left after the orders so far.
    left: i64,
    /// Orders after the first that took it below zero, each further down.
    more_below: usize,
}

/// Orders written per batch: few enough to hold, enough that the per-statement costs of the
/// orders table (its CHECK lists) are shared; the batch's messages are looked up at once.
const BATCH: usize = chat::KNOWN_AT_ONCE;

pub struct Writer<'c> {
    conn: &'c Connection,
    now: Timestamp,
    pay: Option<PayInChat>,
    /// `None`: a product whose stock is not tracked; nothing is held.
    stock: BTreeMap<String, Option<Held>>,
    /// Carts checked and new, not yet written, and their message ids.
    batch: Vec<Checked>,
    batch_ids: HashSet<String>,
    /// Migration 0009's trigger and customer index, set aside while the orders go in.
    bulk: BulkOrders,
    written: usize,
}

impl<'c> Writer<'c> {
    pub fn new(conn: &'c Connection, now: Timestamp) -> Result<Writer<'c>> {
        Ok(Writer {
            conn,
            now,
            pay: PayInChat::of_shop(conn)?,
            stock: BTreeMap::new(),
            batch: Vec::with_capacity(BATCH),
            batch_ids: HashSet::with_capacity(BATCH),
            bulk: BulkOrders::begin(conn)?,
            written: 0,
        })
    }

    /// Takes a checked cart, unless its message made an order already (before, earlier in
    /// this import, or in the batch not yet written: `flush` asks for the first two).
    pub fn add(&mut self, checked: Checked, summary: &mut Summary) -> Result<()> {
        let message = &checked.order.message_id;
        if self.batch_ids.contains(message) {
            summary.unchanged += 1;
            return Ok(());
        }
        self.batch_ids.insert(message.clone());
        self.batch.push(checked);
        if self.batch.len() == BATCH {
            self.flush(summary)?;
        }
        Ok(())
    }

    /// Writes the batch's new orders (those whose message made none before), then the stock
    /// each line takes (in memory) and the payment requests.
    fn flush(&mut self, summary: &mut Summary) -> Result<()> {
        let mut batch = std::mem::take(&mut self.batch);
        let ids: Vec<&str> = batch.iter().map(|c| c.order.message_id.as_str()).collect();
        let known = chat::known_among(self.conn, &ids)?;
        if !known.is_empty() {
            summary.unchanged += known.len();
            batch.retain(|c| !known.contains(&c.order.message_id));
        }
        let ids = chat::insert_many(self.conn, &batch, self.now)?;
        for (&id, cart) in ids.iter().zip(&batch) {
            for line in &cart.lines {
                self.take(id, &line.sku, line.quantity, &mut summary.warnings)?;
            }
            if let Some(pay) = &self.pay {
                pay.request(self.conn, id, cart, self.now)?;
            }
        }
        self.written += ids.len();
        self.bulk.written(self.conn, self.written)?;
        summary.created.extend(ids);
        batch.clear();
        self.batch = batch;
        self.batch_ids.clear();
        Ok(())
    }

    /// Order `id` takes `quantity` of `sku`: said once when the stock goes below zero.
    fn take(
        &mut self,
        id: i64,
        sku: &str,
        quantity: i64,
        warnings: &mut Vec<String>,
    ) -> Result<()> {
        let held = match self.stock.get_mut(sku) {
            Some(held) => held,
            None => {
                let left: Option<i64> = self
                    .conn
                    .prepare_cached("SELECT stock FROM products WHERE sku = ?1")?
                    .query_row([sku], |r| r.get(0))
                    .with_context(|| format!("reading the stock of {sku}"))?;
                let held = left.map(|left| Held {
                    left,
                    more_below: 0,
                });
                self.stock.entry(sku.to_string()).or_insert(held)
            }
        };
        let Some(held) = held else {
            return Ok(());
        };
        let before = held.left;
        held.left = before
            .checked_sub(quantity)
            .with_context(|| format!("stock of {sku} would overflow"))?;
        if held.left < 0 && before >= 0 {
            warnings.push(chat::below_zero(id, sku, held.left, quantity));
        } else if held.left < 0 {
            held.more_below += 1;
        }
        Ok(())
    }

    /// Writes each SKU's stock once and queues it for the provider once.
    pub fn finish(mut self, summary: &mut Summary) -> Result<()> {
        self.flush(summary)?;
        let warnings = &mut summary.warnings;
        let now = clock::format(self.now);
        let mut set = self
            .conn
            .prepare("UPDATE products SET stock = ?2, updated_at = ?3 WHERE sku = ?1")?;
        let mut queue = ProductQueue::new(self.conn, &now);
        for (sku, held) in self
            .stock
            .iter()
            .filter_map(|(s, h)| Some((s, h.as_ref()?)))
        {
            set.execute(params![sku, held.left, now])?;
            queue.push(sku)?;
            if held.more_below > 0 {
                warnings.push(format!(
                    "{sku}: {} more order{} in this import took it further, to {} in stock",
                    held.more_below,
                    if held.more_below == 1 { "" } else { "s" },
                    held.left
                ));
            }
        }
        queue.flush()?;
        self.bulk.finish(self.conn)
    }
}
