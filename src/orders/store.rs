//! The rows of orders, their lines, payments, fulfilments and history: one column list per
//! table, each read by name into its struct, and the queries `orders list` and `orders show`
//! ask.

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Event, Fulfilment, Line, Order, OrderStatus, Payment, PaymentStatus};
use crate::clock;
use crate::money::Money;
use crate::store::stats;

const ORDER_COLUMNS: &str = "id, provider_ref, source, source_ref, customer_phone, customer_name, \
     status, payment_status, currency, total, created_at, updated_at";
const LINE_COLUMNS: &str =
    "sku, title, quantity, fulfilled_quantity, refunded_quantity, unit_price";
const PAYMENT_COLUMNS: &str = "id, order_id, provider_ref, method, amount, currency, status, \
     created_at";
const FULFILMENT_COLUMNS: &str = "id, carrier, tracking, created_at";
const EVENT_COLUMNS: &str = "at, what, note";

/// An order row without its lines, selected as `ORDER_COLUMNS` (read by position: by name,
/// each value costs a search of the column names, a tenth of a long list's time).
fn order_head(r: &Row<'_>) -> rusqlite::Result<Order> {
    let currency = r.get(8)?;
    Ok(Order {
        id: r.get(0)?,
        provider_ref: r.get(1)?,
        source: r.get(2)?,
        source_ref: r.get(3)?,
        customer_phone: r.get(4)?,
        customer_name: r.get(5)?,
        status: r.get(6)?,
        payment_status: r.get(7)?,
        currency,
        total: Money::new(r.get(9)?, currency),
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        lines: Vec::new(),
    })
}

/// Reads the lines of an order into it, in the order they were written. Sorted here, not by
/// `ORDER BY rowid`: the lines are found through the `(order_id, sku)` key, in SKU order, and
/// SQLite sorted each order's few lines through a temporary B-tree, a tenth of a sync's CPU
/// (issue 18).
fn with_lines(conn: &Connection, mut order: Order) -> Result<Order> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, {LINE_COLUMNS} FROM order_lines WHERE order_id = ?1"
    ))?;
    let currency = order.currency;
    let mut lines = stmt
        .query_map([order.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Line {
                    sku: r.get(1)?,
                    title: r.get(2)?,
                    quantity: r.get(3)?,
                    fulfilled_quantity: r.get(4)?,
                    refunded_quantity: r.get(5)?,
                    unit_price: Money::new(r.get(6)?, currency),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    lines.sort_unstable_by_key(|(rowid, _)| *rowid);
    order.lines = lines.into_iter().map(|(_, line)| line).collect();
    Ok(order)
}

/// The order with this id, if any.
pub fn find(conn: &Connection, id: i64) -> Result<Option<Order>> {
    find_head(conn, id)?
        .map(|order| with_lines(conn, order))
        .transpose()
}

/// The order with this id without its lines (None: no such order): what a check of its
/// status needs, without the lines' query.
pub fn find_head(conn: &Connection, id: i64) -> Result<Option<Order>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"))?
        .query_row([id], order_head)
        .optional()?)
}

/// The order found by the first of these keys that names one: the provider's reference, the
/// shop's id, the source's reference (a pulled order's three ways of naming its order, asked
/// in one query rather than one each: issue 18).
pub fn head_by_first(
    conn: &Connection,
    provider_ref: &str,
    id: Option<i64>,
    source_ref: Option<&str>,
) -> Result<Option<Order>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE provider_ref = ?1 OR id = ?2 OR source_ref = ?3"
    ))?;
    let found = stmt
        .query_map(params![provider_ref, id, source_ref], order_head)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let rank = |o: &Order| {
        if o.provider_ref.as_deref() == Some(provider_ref) {
            0
        } else if Some(o.id) == id {
            1
        } else {
            2
        }
    };
    Ok(found.into_iter().min_by_key(rank))
}

/// The order with this id, or an error that says how to find one.
pub fn load(conn: &Connection, id: i64) -> Result<Order> {
    find(conn, id)?.with_context(|| {
        format!("there is no order {id}; `shopctl orders list` shows the shop's orders")
    })
}

/// What `orders list` asks for.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<OrderStatus>,
    pub payment: Option<PaymentStatus>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Part of the customer's phone or name (case-insensitive).
    pub customer: Option<String>,
    pub unfulfilled: bool,
    pub limit: Option<usize>,
}

/// Orders matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Order>> {
    let mut out = Vec::new();
    each(conn, filter, |order| {
        out.push(order);
        Ok(())
    })?;
    Ok(out)
}

/// Hands each order matching `filter`, with its lines, to `f` as it is read, newest first:
/// one query joins the lines, so a million orders are neither held nor asked for one by one
/// (issue 18). An error from `f` (a closed pipe) stops the reading.
pub fn each(
    conn: &Connection,
    filter: &Filter,
    mut f: impl FnMut(Order) -> Result<()>,
) -> Result<()> {
    let broad = filter.limit.is_some() && broad_customer(conn, filter)?;
    let (clause, args) = filter_sql(filter, Reading::Newest { broad });
    let cols = ORDER_COLUMNS
        .split(", ")
        .map(|c| format!("o.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = LINE_COLUMNS
        .split(", ")
        .map(|c| format!("l.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // With a limit, the orders are picked first; the join then adds their lines.
    let from = match filter.limit {
        Some(n) => format!(
            "(SELECT * FROM orders o WHERE {clause} ORDER BY created_at DESC, id DESC LIMIT {n}) o"
        ),
        None => "orders o".to_string(),
    };
    let filter_after = if filter.limit.is_some() {
        "1 = 1"
    } else {
        &clause
    };
    let sql = format!(
        "SELECT {cols}, {lines} FROM {from} LEFT JOIN order_lines l ON l.order_id = o.id
         WHERE {filter_after} ORDER BY o.created_at DESC, o.id DESC, l.rowid"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut current: Option<Order> = None;
    // The line's columns follow the order's twelve.
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if current.as_ref().is_some_and(|o| o.id != id) {
            f(current.take().expect("checked"))?;
        }
        let order = match &mut current {
            Some(o) => o,
            None => current.insert(order_head(r)?),
        };
        if let Some(sku) = r.get::<_, Option<String>>(12)? {
            order.lines.push(Line {
                sku,
                title: r.get(13)?,
                quantity: r.get(14)?,
                fulfilled_quantity: r.get(15)?,
                refunded_quantity: r.get(16)?,
                unit_price: Money::new(r.get(17)?, order.currency),
            });
        }
    }
    match current {
        Some(o) => f(o),
        None => Ok(()),
    }
}

/// How many orders match `filter` (its limit aside).
pub fn count(conn: &Connection, filter: &Filter) -> Result<u64> {
    // Named field by field, so that a new filter cannot slip past this shortcut.
    let Filter {
        status,
        payment,
        since,
        until,
        customer,
        unfulfilled,
        limit: _,
    } = filter;
    if *status == Some(OrderStatus::Completed)
        && payment.is_none()
        && since.is_none()
        && until.is_none()
        && customer.is_none()
        && !unfulfilled
    {
        // No index holds completed orders (most of a shop's): counted as all but the others.
        return Ok(u64::try_from(stats::orders_completed(conn)?).unwrap_or(0));
    }
    let (clause, args) = filter_sql(filter, Reading::Count);
    if clause == "1 = 1" {
        // Every order: the kept count, not a read of a whole index (50 ms at a million
        // orders, for the "… N more" under a table's page).
        return Ok(u64::try_from(stats::counted(conn, "orders")?).unwrap_or(0));
    }
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM orders o WHERE {clause}"),
        rusqlite::params_from_iter(args),
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Whether `filter`'s customer matches more than one in a hundred of the shop's customers:
/// then one order in about a hundred is theirs, and a page of the newest is found by reading
/// a few thousand orders, where gathering all of theirs first would read and sort a tenth of
/// the shop.
fn broad_customer(conn: &Connection, filter: &Filter) -> Result<bool> {
    let Some(c) = &filter.customer else {
        return Ok(false);
    };
    let (matching, all): (i64, i64) = conn.query_row(
        "SELECT coalesce(sum(lower(phone) LIKE ?1 OR lower(name) LIKE ?1), 0), count(*)
         FROM order_customers",
        [format!("%{}%", c.to_lowercase())],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(matching * 100 > all)
}

/// What a filter's WHERE clause is for.
#[derive(Clone, Copy, Debug)]
enum Reading {
    /// Orders read newest first, a page at a time. `broad`: the customer filter matches so
    /// many customers that reading orders newest first fills a page sooner than gathering
    /// theirs (see `broad_customer`).
    Newest { broad: bool },
    /// How many match.
    Count,
}

/// The WHERE clause of `filter` (on `orders o`) and the values it binds.
fn filter_sql(filter: &Filter, reading: Reading) -> (String, Vec<rusqlite::types::Value>) {
    let broad = matches!(reading, Reading::Newest { broad: true });
    let mut sql = String::from("1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(s) = filter.status {
        // A page: `+` keeps SQLite off the partial index `orders_open`. Bound to an open
        // status, its condition (`status = 'pending' OR ...`, migration 0012) would let the
        // planner gather every open order and sort them all for one page, where reading
        // newest first fills a page soon. A count of an open status reads that index alone.
        let clause = match reading {
            Reading::Newest { .. } => " AND +o.status = ?",
            Reading::Count => " AND o.status = ?",
        };
        arg(&mut sql, clause, s.as_str().to_string().into());
    }
    if let Some(p) = filter.payment {
        arg(
            &mut sql,
            " AND o.payment_status = ?",
            p.as_str().to_string().into(),
        );
    }
    // Stored timestamps are RFC 3339 UTC with whole seconds, so text order is time order.
    if let Some(t) = filter.since {
        arg(&mut sql, " AND o.created_at >= ?", clock::format(t).into());
    }
    if let Some(t) = filter.until {
        arg(&mut sql, " AND o.created_at < ?", clock::format(t).into());
    }
    if let Some(c) = &filter.customer {
        let pattern = format!("%{}%", c.to_lowercase());
        arg(
            &mut sql,
            // Both placeholders become the same ?N: one bound value. The (phone, name) pairs
            // that match are found among the shop's few distinct ones (`order_customers`),
            // their orders by the index `orders_customer`, rather than by reading every order
            // (issue 18). A match as broad as a common name reads the orders newest first
            // instead (`+` keeps SQLite off the index), where a page is soon full.
            &format!(
                " AND ({}o.customer_phone, o.customer_name) IN (SELECT c.phone, c.name
                   FROM order_customers c WHERE lower(c.phone) LIKE ? OR lower(c.name) LIKE ?)",
                if broad { "+" } else { "" }
            ),
            pattern.into(),
        );
    }
    if filter.status != Some(OrderStatus::Canceled) && filter.unfulfilled {
        sql.push_str(
            " AND o.status <> 'canceled' AND EXISTS (SELECT 1 FROM order_lines u
               WHERE u.order_id = o.id AND u.fulfilled_quantity < u.quantity)",
        );
    }
    (sql, args)
}

/// Counts `delta` more units of a line as refunded (fewer, when negative: a refund that
/// failed gives its units back; never below zero).
pub fn add_refunded_units(conn: &Connection, order_id: i64, sku: &str, delta: i64) -> Result<()> {
    conn.execute(
        "UPDATE order_lines SET refunded_quantity = max(0, refunded_quantity + ?3)
         WHERE order_id = ?1 AND sku = ?2",
        params![order_id, sku, delta],
    )?;
    Ok(())
}

fn payment_row(r: &Row<'_>) -> rusqlite::Result<Payment> {
    Ok(Payment {
        id: r.get("id")?,
        order_id: r.get("order_id")?,
        provider_ref: r.get("provider_ref")?,
        method: r.get("method")?,
        amount: Money::new(r.get("amount")?, r.get("currency")?),
        status: r.get("status")?,
        created_at: r.get("created_at")?,
    })
}

/// An order's payments, oldest first.
pub fn payments(conn: &Connection, order: &Order) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments WHERE order_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([order.id], payment_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The payment with this provider reference, if the shop has it.
pub fn payment_by_ref(conn: &Connection, provider_ref: &str) -> Result<Option<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments WHERE provider_ref = ?1"
    ))?;
    Ok(stmt.query_row([provider_ref], payment_row).optional()?)
}

/// An order's shipments, oldest first, each with its lines.
pub fn fulfilments(conn: &Connection, order_id: i64) -> Result<Vec<Fulfilment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {FULFILMENT_COLUMNS} FROM fulfilments WHERE order_id = ?1 ORDER BY id"
    ))?;
    let heads = stmt
        .query_map([order_id], |r| {
            Ok(Fulfilment {
                id: r.get("id")?,
                carrier: r.get("carrier")?,
                tracking: r.get("tracking")?,
                created_at: r.get("created_at")?,
                lines: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut lines = conn.prepare_cached(
        "SELECT sku, quantity FROM fulfilment_lines WHERE fulfilment_id = ?1 ORDER BY rowid",
    )?;
    heads
        .into_iter()
        .map(|mut f| {
            f.lines = lines
                .query_map([f.id], |r| Ok((r.get("sku")?, r.get("quantity")?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(f)
        })
        .collect()
}

/// An order's history, oldest first.
pub fn events(conn: &Connection, order_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM order_events WHERE order_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([order_id], |r| {
            Ok(Event {
                at: r.get("at")?,
                what: r.get("what")?,
                note: r.get("note")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for `sql` (`?1` bound to a pattern), in one line.
    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(["%x%"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>();
        rows.join("; ")
    }

    /// Issue 18's ten-million-order shop: a customer's orders come from the index on the
    /// customer, a broad match reads the newest first, and `--since` reads its days alone.
    #[test]
    fn the_lists_a_person_asks_for_read_indexes_not_every_order() {
        let conn = crate::store::testing::migrated();
        let page = |filter: &Filter, broad: bool| {
            let (clause, _) = filter_sql(filter, Reading::Newest { broad });
            plan(
                &conn,
                &format!(
                    "SELECT * FROM orders o WHERE {clause} ORDER BY created_at DESC, id DESC LIMIT 51"
                ),
            )
        };
        let customer = Filter {
            customer: Some("x".into()),
            ..Filter::default()
        };
        let narrow = page(&customer, false);
        assert!(narrow.contains("USING INDEX orders_customer"), "{narrow}");
        let broad = page(&customer, true);
        assert!(
            broad.contains("SCAN o USING INDEX orders_created"),
            "{broad}"
        );
        let (clause, _) = filter_sql(&customer, Reading::Count);
        let count = plan(
            &conn,
            &format!("SELECT count(*) FROM orders o WHERE {clause}"),
        );
        assert!(count.contains("COVERING INDEX orders_customer"), "{count}");
        let since = Filter {
            since: Some("2026-11-01T00:00:00Z".parse().unwrap()),
            ..Filter::default()
        };
        let (clause, _) = filter_sql(&since, Reading::Count);
        let count = plan(
            &conn,
            &format!("SELECT count(*) FROM orders o WHERE {clause}"),
        );
        assert!(count.contains("orders_created (created_at>?)"), "{count}");
        // A status is filtered row by row as a page is read newest first, whatever its value:
        // bound to an open status, `orders_open`'s condition (migration 0012) would let SQLite
        // gather every open order and sort them all for a page of 51.
        for status in [OrderStatus::Processing, OrderStatus::Shipped] {
            let filter = Filter {
                status: Some(status),
                ..Filter::default()
            };
            let bound_plan = |reading: Reading, select: &str, tail: &str| {
                let (clause, args) = filter_sql(&filter, reading);
                let mut stmt = conn
                    .prepare(&format!(
                        "EXPLAIN QUERY PLAN SELECT {select} FROM orders o WHERE {clause} {tail}"
                    ))
                    .unwrap();
                stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let page = bound_plan(
                Reading::Newest { broad: false },
                "*",
                "ORDER BY created_at DESC, id DESC LIMIT 51",
            );
            assert!(
                page.contains("SCAN o USING INDEX orders_created"),
                "{status}: {page}"
            );
            assert!(!page.contains("TEMP B-TREE"), "{status}: {page}");
            let count = bound_plan(Reading::Count, "count(*)", "");
            let index = match status {
                OrderStatus::Processing => "orders_open",
                _ => "orders_shipped_canceled",
            };
            assert!(count.contains(index), "{status}: {count}");
        }
    }

    /// `orders list --status S` says how many more there are: every status is counted right,
    /// `completed` (which no index holds) as all orders but the others, and a filter beside
    /// the status is still counted by the query.
    #[test]
    fn each_status_is_counted_whatever_index_it_comes_from() {
        let conn = crate::store::testing::migrated();
        let statuses = [
            ("pending", 1),
            ("processing", 2),
            ("partially_shipped", 3),
            ("shipped", 4),
            ("completed", 5),
            ("canceled", 6),
        ];
        let mut id = 0;
        for (status, n) in statuses {
            for _ in 0..n {
                id += 1;
                crate::store::testing::order(&conn, id, status, "captured", false).unwrap();
            }
        }
        // One completed order moves on to canceled: the counts follow the rows.
        conn.execute("UPDATE orders SET status = 'canceled' WHERE id = 15", [])
            .unwrap();
        for (status, n) in statuses {
            let expected = match status {
                "completed" => n - 1,
                "canceled" => n + 1,
                _ => n,
            };
            let filter = Filter {
                status: Some(status.parse().unwrap()),
                ..Filter::default()
            };
            assert_eq!(count(&conn, &filter).unwrap(), expected, "{status}");
            let paid = Filter {
                payment: Some(PaymentStatus::Captured),
                ..filter
            };
            assert_eq!(count(&conn, &paid).unwrap(), expected, "{status}, captured");
        }
        let unpaid = Filter {
            status: Some(OrderStatus::Completed),
            payment: Some(PaymentStatus::Pending),
            ..Filter::default()
        };
        assert_eq!(count(&conn, &unpaid).unwrap(), 0);
    }
}
