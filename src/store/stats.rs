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
        ..Counts::default()
    };
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
}
