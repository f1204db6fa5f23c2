//! Many orders written in one transaction (`orders import`, issue 18) without paying, order by
//! order, for what migration 0009 keeps for a big shop: the `orders_added` trigger (the
//! `row_counts` counter and the `order_customers` pairs) and the `orders_customer` index.
//!
//! Measured on 200,000 webhook orders into a new shop (CPU s, `scripts/bench-orders-import.sh`):
//! 5.4 with both, 4.3 without the trigger, 4.1 without the index, 2.8 without either; building
//! the index afterwards took 0.3 and the trigger's work done once at the end 0.1. The trigger
//! costs a statement journal per INSERT besides its two statements; the index takes an entry
//! out of order (by customer) for every order.
//!
//! So, inside the caller's transaction: the trigger is dropped at the start and its work done
//! once at the end, for the orders written since (their ids are above every id held before:
//! AUTOINCREMENT, under the write lock); the index is dropped once the import has written more
//! orders than the shop held (from then on building it again costs less than keeping it) and
//! built again at the end. Both are made again from their own text in `sqlite_schema`, so the
//! schema after is the migration's, byte for byte. A failed import rolls the transaction back,
//! drops included; other connections see the schema of before until the commit.

use anyhow::{Context, Result};
use rusqlite::Connection;

/// Below this many orders an import keeps the index as it goes: a schema change makes every
/// other connection read the schema again, which is not worth it for a small file.
const REBUILD_FROM: i64 = 1_000;

const TRIGGER: &str = "orders_added";
const INDEX: &str = "orders_customer";

/// A bulk write of orders under way (see the module's text). `finish` must run before the
/// commit; without it, the caller's transaction must be rolled back.
pub struct BulkOrders {
    /// The largest order id before the import: the orders written since are above it.
    after: i64,
    /// Orders held before.
    held: i64,
    trigger: String,
    /// The index's text, once dropped.
    index: Option<String>,
}

fn schema_sql(conn: &Connection, kind: &str, name: &str) -> Result<String> {
    conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
        [kind, name],
        |r| r.get(0),
    )
    .with_context(|| format!("reading the {kind} {name} of the shop file's schema"))
}

impl BulkOrders {
    pub fn begin(conn: &Connection) -> Result<BulkOrders> {
        let trigger = schema_sql(conn, "trigger", TRIGGER)?;
        let after = conn.query_row("SELECT coalesce(max(id), 0) FROM orders", [], |r| r.get(0))?;
        let held = conn.query_row("SELECT n FROM row_counts WHERE name = 'orders'", [], |r| {
            r.get(0)
        })?;
        conn.execute_batch(&format!("DROP TRIGGER {TRIGGER}"))?;
        Ok(BulkOrders {
            after,
            held,
            trigger,
            index: None,
        })
    }

    /// `written` orders so far in this import: past what the shop held, the index goes.
    pub fn written(&mut self, conn: &Connection, written: usize) -> Result<()> {
        let written = i64::try_from(written).unwrap_or(i64::MAX);
        if self.index.is_none() && written > self.held.max(REBUILD_FROM) {
            self.index = Some(schema_sql(conn, "index", INDEX)?);
            conn.execute_batch(&format!("DROP INDEX {INDEX}"))?;
        }
        Ok(())
    }

    /// Does the trigger's work for the orders written, builds the index again if it was
    /// dropped, and makes the trigger again.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        conn.execute(
            "UPDATE row_counts SET n = n + (SELECT count(*) FROM orders WHERE id > ?1)
             WHERE name = 'orders'",
            [self.after],
        )?;
        conn.execute(
            "INSERT OR IGNORE INTO order_customers (phone, name)
             SELECT DISTINCT customer_phone, customer_name FROM orders WHERE id > ?1",
            [self.after],
        )?;
        if let Some(index) = &self.index {
            conn.execute_batch(index)?;
        }
        conn.execute_batch(&self.trigger)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema's text of every trigger and index, in order.
    fn schema(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare(
                "SELECT name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index')
                 AND sql IS NOT NULL ORDER BY name",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_counts_pairs_and_schema_after_are_those_the_trigger_would_have_kept() {
        let conn = crate::store::testing::migrated();
        let insert = |conn: &Connection, phone: &str| {
            conn.execute(
                "INSERT INTO orders (source, status, payment_status, currency, total,
                 created_at, updated_at, customer_phone, customer_name)
                 VALUES ('whatsapp', 'pending', 'pending', 'SGD', 100, 't', 't', ?1, 'Mei')",
                [phone],
            )
            .unwrap();
        };
        insert(&conn, "6591");
        let before = schema(&conn);
        for (written, rebuild) in [(10, false), (1_500, true)] {
            let mut bulk = BulkOrders::begin(&conn).unwrap();
            for i in 0..written {
                insert(&conn, &format!("65{}", i % 7));
                bulk.written(&conn, i + 1).unwrap();
            }
            assert_eq!(bulk.index.is_some(), rebuild, "{written} orders");
            bulk.finish(&conn).unwrap();
        }
        assert_eq!(schema(&conn), before);
        let counted: i64 = conn
            .query_row("SELECT n FROM row_counts WHERE name = 'orders'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(counted, 1 + 10 + 1_500);
        let pairs: i64 = conn
            .query_row("SELECT count(*) FROM order_customers", [], |r| r.get(0))
            .unwrap();
        assert_eq!(pairs, 1 + 7);
        // And the trigger is back: one more order is counted as it is written.
        insert(&conn, "6599");
        let counted: i64 = conn
            .query_row("SELECT n FROM row_counts WHERE name = 'orders'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(counted, 1 + 10 + 1_500 + 1);
        let mut problems = Vec::new();
        crate::store::check::derived(&conn, &mut problems).unwrap();
        assert_eq!(problems, Vec::<String>::new());
    }
}
