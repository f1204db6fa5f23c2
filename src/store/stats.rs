//! Counts of what the shop holds, for `shopctl status`.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Params};

use crate::model::{ProductStatus, RefundState};

#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub products_active: i64,
    pub products_draft: i64,
    pub products_archived: i64,
    pub images: i64,
    pub methods_enabled: Vec<String>,
    pub orders: i64,
    pub orders_unfulfilled: i64,
    pub payments: i64,
    pub refunds: i64,
    pub refunds_pending: i64,
    pub payouts: i64,
    pub outbox_pending: i64,
    pub outbox_failing: i64,
    /// Chat deliveries whose processing failed (kept for `inbox retry`).
    pub inbox_failed: i64,
    /// Messages a channel refused for good, and the newest orders they were about.
    pub messages_failed: i64,
    pub messages_failed_orders: Vec<i64>,
    pub last_reconcile: Option<LastReconcile>,
}

#[derive(Clone, Debug)]
pub struct LastReconcile {
    pub at: String,
    pub scope: String,
    pub payouts: i64,
    pub matched: i64,
    pub discrepancies: i64,
}

/// The open statuses, as the condition of the partial index `orders_open` spells them
/// (migration 0012): word for word, so that SQLite counts them from it.
const OPEN: &str = "status = 'pending' OR status = 'processing' OR status = 'partially_shipped'";

fn count(conn: &Connection, sql: &str, params: impl Params) -> Result<i64> {
    Ok(conn.query_row(sql, params, |r| r.get(0))?)
}

/// Products in one status.
fn products(conn: &Connection, status: ProductStatus) -> Result<i64> {
    count(
        conn,
        "SELECT count(*) FROM products WHERE status = ?1",
        [status],
    )
}

/// Rows of a table that `row_counts` counts (migration 0009: triggers keep it, so that
/// `status` on a shop of millions of orders reads one row instead of a whole index).
pub fn counted(conn: &Connection, table: &str) -> Result<i64> {
    count(conn, "SELECT n FROM row_counts WHERE name = ?1", [table])
}

/// The statuses of the partial index `orders_shipped_canceled` (migration 0013), spelled as
/// its condition is.
const SHIPPED_CANCELED: &str = "status = 'shipped' OR status = 'canceled'";

/// The condition of the partial index `inbox_open`, which holds the deliveries not processed
/// yet or failed: written beside `status = 'failed'` so that SQLite counts from it.
const INBOX_OPEN: &str = "status != 'processed'";

/// The condition of the partial index `messages_failed` (migration 0014).
const MESSAGES_FAILED: &str = "status = 'failed'";

/// How many orders with a failed message `status` names.
const FAILED_ORDERS_SHOWN: usize = 3;

/// How many orders are completed, the status most of a shop's orders end in, which no index
/// holds: all of them (`row_counts`) less those of every other status, each counted from its
/// partial index (`orders_open`, `orders_shipped_canceled`), so that a shop of millions
/// answers at once.
pub fn orders_completed(conn: &Connection) -> Result<i64> {
    count(
        conn,
        &format!(
            "SELECT (SELECT n FROM row_counts WHERE name = 'orders')
                  - (SELECT count(*) FROM orders WHERE {OPEN})
                  - (SELECT count(*) FROM orders WHERE {SHIPPED_CANCELED})"
        ),
        [],
    )
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    let mut c = Counts {
        products_active: products(conn, ProductStatus::Active)?,
        products_draft: products(conn, ProductStatus::Draft)?,
        products_archived: products(conn, ProductStatus::Archived)?,
        images: count(conn, "SELECT count(*) FROM images", [])?,
        orders: counted(conn, "orders")?,
        // Orders with something still to ship (a canceled one has nothing). The statuses are
        // written out, not bound: only then may SQLite count them from the partial index
        // `orders_open`, which holds these orders alone.
        orders_unfulfilled: count(
            conn,
            &format!("SELECT count(*) FROM orders WHERE {OPEN}"),
            [],
        )?,
        payments: counted(conn, "payments")?,
        refunds: count(conn, "SELECT count(*) FROM refunds", [])?,
        // Written out for the partial index `refunds_pending`, as above.
        refunds_pending: count(
            conn,
            &format!(
                "SELECT count(*) FROM refunds WHERE status = '{}'",
                RefundState::Pending.as_str()
            ),
            [],
        )?,
        payouts: count(conn, "SELECT count(*) FROM payouts", [])?,
        // The outbox's statuses (pending, done) have no enum yet; `sync::outbox` spells them
        // the same way.
        outbox_pending: count(
            conn,
            "SELECT count(*) FROM outbox WHERE status = 'pending'",
            [],
        )?,
        outbox_failing: count(
            conn,
            "SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts > 0",
            [],
        )?,
        inbox_failed: count(
            conn,
            &format!("SELECT count(*) FROM inbox WHERE {INBOX_OPEN} AND status = 'failed'"),
            [],
        )?,
        messages_failed: count(
            conn,
            &format!("SELECT count(*) FROM messages WHERE {MESSAGES_FAILED}"),
            [],
        )?,
        ..Counts::default()
    };
    if c.messages_failed > 0 {
        // Newest first, from the partial index; an order with several failed messages once.
        let mut stmt = conn.prepare(&format!(
            "SELECT order_id FROM messages WHERE {MESSAGES_FAILED} AND order_id IS NOT NULL
             ORDER BY id DESC"
        ))?;
        let mut rows = stmt.query([])?;
        // Read no further than a few hundred, whatever one order's failures number.
        for _ in 0..500 {
            let Some(row) = rows.next()? else { break };
            let order: i64 = row.get(0)?;
            if !c.messages_failed_orders.contains(&order) {
                c.messages_failed_orders.push(order);
            }
            if c.messages_failed_orders.len() == FAILED_ORDERS_SHOWN {
                break;
            }
        }
    }
    let mut stmt =
        conn.prepare("SELECT method FROM payment_methods WHERE enabled = 1 ORDER BY method")?;
    c.methods_enabled = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    c.last_reconcile = conn
        .query_row(
            "SELECT at, scope, payouts, matched, discrepancies FROM reconcile_runs ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(LastReconcile {
                    at: r.get(0)?,
                    scope: r.get(1)?,
                    payouts: r.get(2)?,
                    matched: r.get(3)?,
                    discrepancies: r.get(4)?,
                })
            },
        )
        .optional()?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `status` on a shop of millions of orders (issue 18): the counts follow every insert and
    /// delete, and the open orders, pending refunds and waiting outbox entries are counted from
    /// their partial indexes.
    #[test]
    fn counts_follow_the_tables_and_read_small_indexes() {
        let conn = crate::store::testing::migrated();
        conn.execute_batch(
            "INSERT INTO orders (source, status, payment_status, currency, total, created_at, updated_at)
             VALUES ('manual', 'pending', 'pending', 'SGD', 1, 't', 't'),
                    ('manual', 'shipped', 'captured', 'SGD', 1, 't', 't'),
                    ('manual', 'partially_shipped', 'captured', 'SGD', 1, 't', 't');
             INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
             VALUES (1002, 'p1', 'card', 1, 'SGD', 'captured', 't', 't'),
                    (1003, 'p2', 'card', 1, 'SGD', 'captured', 't', 't');
             DELETE FROM payments WHERE provider_ref = 'p2';",
        )
        .unwrap();
        let c = counts(&conn).unwrap();
        assert_eq!((c.orders, c.orders_unfulfilled, c.payments), (3, 2, 1));
        let plan = |sql: &str| -> String {
            conn.query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
                .unwrap()
        };
        let open = plan(&format!("SELECT count(*) FROM orders WHERE {OPEN}"));
        assert!(open.contains("orders_open"), "{open}");
        let ended = plan(&format!(
            "SELECT count(*) FROM orders WHERE {SHIPPED_CANCELED}"
        ));
        assert!(ended.contains("orders_shipped_canceled"), "{ended}");
        assert_eq!(orders_completed(&conn).unwrap(), 0);
        let pending = plan("SELECT count(*) FROM refunds WHERE status = 'pending'");
        assert!(pending.contains("refunds_pending"), "{pending}");
        // What waits in the outbox, which keeps every entry it ever sent (migration 0011).
        for sql in [
            "SELECT count(*) FROM outbox WHERE status = 'pending'",
            "SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts > 0",
        ] {
            let waiting = plan(sql);
            assert!(waiting.contains("outbox_waiting"), "{sql}: {waiting}");
        }
        // The chat's failures, from the indexes that hold them alone.
        let inbox = plan(&format!(
            "SELECT count(*) FROM inbox WHERE {INBOX_OPEN} AND status = 'failed'"
        ));
        assert!(inbox.contains("inbox_open"), "{inbox}");
        let messages = plan(&format!(
            "SELECT count(*) FROM messages WHERE {MESSAGES_FAILED}"
        ));
        assert!(messages.contains("messages_failed"), "{messages}");
        // Every open status, and only those, is in the index.
        use crate::model::OrderStatus;
        for s in [
            OrderStatus::Pending,
            OrderStatus::Processing,
            OrderStatus::PartiallyShipped,
        ] {
            assert!(OPEN.contains(&format!("'{}'", s.as_str())), "{s:?}");
        }
    }

    /// The chat's failures: failed deliveries, and failed messages with the newest orders they
    /// were about, each order once.
    #[test]
    fn the_chats_failures_are_counted_and_their_newest_orders_named() {
        let conn = crate::store::testing::migrated();
        conn.execute_batch(
            "INSERT INTO orders (source, status, payment_status, currency, total, created_at, updated_at)
             VALUES ('manual', 'pending', 'pending', 'SGD', 1, 't', 't'),
                    ('manual', 'pending', 'pending', 'SGD', 1, 't', 't'),
                    ('manual', 'pending', 'pending', 'SGD', 1, 't', 't'),
                    ('manual', 'pending', 'pending', 'SGD', 1, 't', 't'),
                    ('manual', 'pending', 'pending', 'SGD', 1, 't', 't');
             INSERT INTO messages (order_id, to_phone, kind, summary, status, outbox_id, created_at, updated_at)
             VALUES (1001, '65', 'text', 's', 'failed', 1, 't', 't'),
                    (1002, '65', 'text', 's', 'failed', 2, 't', 't'),
                    (1001, '65', 'text', 's', 'failed', 3, 't', 't'),
                    (1003, '65', 'text', 's', 'sent', 4, 't', 't'),
                    (NULL, '65', 'text', 's', 'failed', 5, 't', 't'),
                    (1004, '65', 'text', 's', 'failed', 6, 't', 't'),
                    (1005, '65', 'text', 's', 'failed', 7, 't', 't');
             INSERT INTO inbox (source, dedupe_key, body, received_at, status)
             VALUES ('whatsapp', 'a', x'', 't', 'failed'), ('whatsapp', 'b', x'', 't', 'processed'),
                    ('whatsapp', 'c', x'', 't', 'pending'), ('whatsapp', 'd', x'', 't', 'failed');",
        )
        .unwrap();
        let c = counts(&conn).unwrap();
        assert_eq!((c.inbox_failed, c.messages_failed), (2, 6));
        assert_eq!(c.messages_failed_orders, [1005, 1004, 1001]);
        // A shop with none reads no further.
        let none = counts(&crate::store::testing::migrated()).unwrap();
        assert_eq!((none.inbox_failed, none.messages_failed), (0, 0));
        assert!(none.messages_failed_orders.is_empty());
    }
}
