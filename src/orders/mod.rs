//! Orders, their lines, the status machine and fulfilment.
//!
//! This module reads and changes orders inside a caller's transaction: `load`/`list` for the
//! list and show commands, `set_status`/`set_payment_status` as the only way a status changes
//! (both go through `status.rs` and leave a line in `order_events`), `cancel`, and the
//! sub-modules for WhatsApp webhook import and fulfilment. Core code never prints: warnings
//! come back in the result for the command line to show.

pub mod fulfil;
pub mod import;
pub mod remote;
pub mod status;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::catalog;
use crate::clock;
use crate::model::Change;
use crate::money::{Currency, Money};
use crate::store::outbox;
pub use status::{OrderStatus, PaymentStatus};

/// An order with its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub provider_ref: Option<String>,
    pub source: String,
    pub source_ref: Option<String>,
    pub customer_phone: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub payment_status: PaymentStatus,
    pub currency: Currency,
    pub total: Money,
    pub created_at: String,
    pub updated_at: String,
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub sku: String,
    pub title: String,
    pub quantity: i64,
    pub fulfilled_quantity: i64,
    pub refunded_quantity: i64,
    /// The price actually paid per unit.
    pub unit_price: Money,
}

impl Order {
    /// The id as people type it.
    pub fn label(&self) -> String {
        self.id.to_string()
    }

    pub fn line(&self, sku: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.sku == sku)
    }

    /// Units ordered and not yet shipped, over all lines.
    pub fn unshipped(&self) -> i64 {
        self.lines
            .iter()
            .map(|l| l.quantity - l.fulfilled_quantity)
            .sum()
    }
}

/// Reads an order id as typed: `1042` or `#1042`.
pub fn parse_id(text: &str) -> Result<i64> {
    let t = text.trim().trim_start_matches('#');
    match t.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!(
            "\"{text}\" is not an order id (order ids are numbers like 1001; see `shopctl orders list`)"
        ),
    }
}

const ORDER_COLUMNS: &str = "id, provider_ref, source, source_ref, customer_phone, customer_name, status, \
     payment_status, currency, total, created_at, updated_at";

type OrderRow = (
    (i64, Option<String>, String, Option<String>, String, String),
    (String, String, String, i64, String, String),
);

fn order_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok((
        (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ),
        (
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
        ),
    ))
}

fn order_from_row(conn: &Connection, row: OrderRow) -> Result<Order> {
    let (
        (id, provider_ref, source, source_ref, customer_phone, customer_name),
        (status, payment_status, currency, total, created_at, updated_at),
    ) = row;
    let currency = Currency::from_code(&currency)?;
    let mut stmt = conn.prepare_cached(
        "SELECT sku, title, quantity, fulfilled_quantity, refunded_quantity, unit_price
         FROM order_lines WHERE order_id = ?1 ORDER BY rowid",
    )?;
    let lines = stmt
        .query_map([id], |r| {
            Ok(Line {
                sku: r.get(0)?,
                title: r.get(1)?,
                quantity: r.get(2)?,
                fulfilled_quantity: r.get(3)?,
                refunded_quantity: r.get(4)?,
                unit_price: Money::new(r.get(5)?, currency),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Order {
        id,
        provider_ref,
        source,
        source_ref,
        customer_phone,
        customer_name,
        status: status.parse()?,
        payment_status: payment_status.parse()?,
        currency,
        total: Money::new(total, currency),
        created_at,
        updated_at,
        lines,
    })
}

/// The order with this id, if any.
pub fn find(conn: &Connection, id: i64) -> Result<Option<Order>> {
    let row = conn
        .query_row(
            &format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"),
            [id],
            order_row,
        )
        .optional()?;
    row.map(|row| order_from_row(conn, row)).transpose()
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
    let mut sql = format!("SELECT {ORDER_COLUMNS} FROM orders o WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(s) = filter.status {
        arg(&mut sql, " AND status = ?", s.as_str().to_string().into());
    }
    if let Some(p) = filter.payment {
        arg(
            &mut sql,
            " AND payment_status = ?",
            p.as_str().to_string().into(),
        );
    }
    // Stored timestamps are RFC 3339 UTC with whole seconds, so text order is time order.
    if let Some(t) = filter.since {
        arg(&mut sql, " AND created_at >= ?", clock::format(t).into());
    }
    if let Some(t) = filter.until {
        arg(&mut sql, " AND created_at < ?", clock::format(t).into());
    }
    if let Some(c) = &filter.customer {
        let pattern = format!("%{}%", c.to_lowercase());
        arg(
            &mut sql,
            // Both placeholders become the same ?N: one bound value.
            " AND (lower(customer_phone) LIKE ? OR lower(customer_name) LIKE ?)",
            pattern.into(),
        );
    }
    if filter.status != Some(OrderStatus::Canceled) && filter.unfulfilled {
        sql.push_str(
            " AND status <> 'canceled' AND EXISTS (SELECT 1 FROM order_lines l
               WHERE l.order_id = o.id AND l.fulfilled_quantity < l.quantity)",
        );
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC");
    if let Some(n) = filter.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), order_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|row| order_from_row(conn, row))
        .collect()
}

/// Adds a line to the order's history.
pub fn add_event(conn: &Connection, id: i64, what: &str, note: &str, now: Timestamp) -> Result<()> {
    conn.execute(
        "INSERT INTO order_events (order_id, at, what, note) VALUES (?1, ?2, ?3, ?4)",
        params![id, clock::format(now), what, note],
    )?;
    Ok(())
}

/// Moves an order to `to`, if the status machine allows it, and records why.
pub fn set_status(
    conn: &Connection,
    order: &Order,
    to: OrderStatus,
    note: &str,
    now: Timestamp,
) -> Result<()> {
    order.status.check_transition(to, &order.label())?;
    if order.status == to {
        return Ok(());
    }
    conn.execute(
        "UPDATE orders SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![order.id, to.as_str(), clock::format(now)],
    )?;
    add_event(
        conn,
        order.id,
        &format!("status: {} -> {}", order.status, to),
        note,
        now,
    )
}

/// Sets the payment status (no-op when unchanged) and records the change.
pub fn set_payment_status(
    conn: &Connection,
    id: i64,
    to: PaymentStatus,
    note: &str,
    now: Timestamp,
) -> Result<()> {
    let from: String = conn
        .query_row(
            "SELECT payment_status FROM orders WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .with_context(|| format!("there is no order {id}"))?;
    if from == to.as_str() {
        return Ok(());
    }
    conn.execute(
        "UPDATE orders SET payment_status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, to.as_str(), clock::format(now)],
    )?;
    add_event(conn, id, &format!("payment: {from} -> {to}"), note, now)
}

/// Sets a paid order's payment status from its captured payments and succeeded refunds
/// (captured, partially refunded, refunded). Reads the refunds table; writes only the order.
pub fn refresh_payment_status(conn: &Connection, order_id: i64, now: Timestamp) -> Result<()> {
    let order = load(conn, order_id)?;
    if !order.payment_status.is_paid() {
        return Ok(());
    }
    let captured: i64 = conn.query_row(
        "SELECT coalesce(sum(amount), 0) FROM payments WHERE order_id = ?1 AND status = 'captured'",
        [order_id],
        |r| r.get(0),
    )?;
    let refunded: i64 = conn.query_row(
        "SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND status = 'succeeded'",
        [order_id],
        |r| r.get(0),
    )?;
    let to = if refunded == 0 {
        PaymentStatus::Captured
    } else if refunded >= captured {
        PaymentStatus::Refunded
    } else {
        PaymentStatus::PartiallyRefunded
    };
    set_payment_status(
        conn,
        order_id,
        to,
        &format!(
            "{} of {} refunded",
            Money::new(refunded, order.currency),
            Money::new(captured, order.currency)
        ),
        now,
    )
}

/// Puts the unshipped units of an order back in stock. A SKU the catalog no longer has is
/// returned in the warnings instead (nothing to put back).
pub fn release_stock(conn: &Connection, order: &Order, now: Timestamp) -> Result<Vec<String>> {
    move_unshipped(conn, order, 1, now)
}

/// Takes the unshipped units of an order out of stock (an order that arrived, or whose new
/// payment attempt holds the stock again). Below zero is allowed, with a warning: the customer
/// has already ordered.
pub fn reserve_stock(conn: &Connection, order: &Order, now: Timestamp) -> Result<Vec<String>> {
    move_unshipped(conn, order, -1, now)
}

fn move_unshipped(
    conn: &Connection,
    order: &Order,
    sign: i64,
    now: Timestamp,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for line in &order.lines {
        let qty = line.quantity - line.fulfilled_quantity;
        if qty <= 0 {
            continue;
        }
        if catalog::load(conn, &line.sku)?.is_none() {
            warnings.push(format!(
                "order {}: {} is not in the catalog; {qty} unit(s) not {} stock",
                order.id,
                line.sku,
                if sign > 0 {
                    "put back in"
                } else {
                    "taken from"
                }
            ));
            continue;
        }
        let left = catalog::adjust_stock(conn, &line.sku, sign * qty, true, now)?;
        if left < 0 {
            warnings.push(format!(
                "order {}: {} is now at {left} in stock (the customer ordered {qty}); restock \
                 it with `shopctl catalog stock {} +N` or cancel the order",
                order.id, line.sku, line.sku
            ));
        }
    }
    Ok(warnings)
}

/// What `cancel` did in its transaction.
#[derive(Clone, Debug)]
pub struct Canceled {
    pub order: i64,
    pub warnings: Vec<String>,
}

/// Says whether an order may be canceled (nothing shipped, not canceled already).
pub fn check_cancel(order: &Order) -> Result<()> {
    let id = order.id;
    order
        .status
        .check_transition(OrderStatus::Canceled, &order.label())?;
    if order.lines.iter().any(|l| l.fulfilled_quantity > 0) {
        bail!(
            "order {id} has shipped items; it cannot be canceled: refund it instead (`shopctl refunds create {id} --all`)"
        );
    }
    Ok(())
}

/// Cancels an order that has not shipped: status `canceled`, stock released, the provider told
/// (for orders it knows). Refunding a paid order is the caller's job through
/// `refunds::prepare`, in the same transaction, so that cancel and refund commit together.
pub fn cancel(conn: &Connection, id: i64, reason: &str, now: Timestamp) -> Result<Canceled> {
    let order = load(conn, id)?;
    if order.status != OrderStatus::Canceled && order.lines.iter().any(|l| l.fulfilled_quantity > 0)
    {
        bail!(
            "order {id} has shipped items; it cannot be canceled: refund it instead (`shopctl refunds create {id} --all`)"
        );
    }
    set_status(conn, &order, OrderStatus::Canceled, reason, now)?;
    // A failed payment already gave the stock back (orders::remote): only held stock returns.
    let warnings = if order.payment_status == PaymentStatus::Failed {
        Vec::new()
    } else {
        release_stock(conn, &order, now)?
    };
    if let Some(provider_ref) = &order.provider_ref {
        outbox::enqueue(
            conn,
            &Change::OrderCancel {
                order_ref: provider_ref.clone(),
                reason: reason.to_string(),
            },
            &order.label(),
            now,
        )?;
    }
    Ok(Canceled {
        order: id,
        warnings,
    })
}

/// A payment of an order, for `orders show` and refunds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub id: i64,
    pub provider_ref: String,
    pub method: String,
    pub amount: Money,
    pub status: String,
    pub created_at: String,
}

pub fn payments(conn: &Connection, order: &Order) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, provider_ref, method, amount, currency, status, created_at
         FROM payments WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([order.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, provider_ref, method, amount, currency, status, created_at)| {
                Ok(Payment {
                    id,
                    provider_ref,
                    method,
                    amount: Money::new(amount, Currency::from_code(&currency)?),
                    status,
                    created_at,
                })
            },
        )
        .collect()
}

/// A shipment of some lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fulfilment {
    pub id: i64,
    pub carrier: String,
    pub tracking: String,
    pub created_at: String,
    pub lines: Vec<(String, i64)>,
}

pub fn fulfilments(conn: &Connection, order_id: i64) -> Result<Vec<Fulfilment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, carrier, tracking, created_at FROM fulfilments WHERE order_id = ?1 ORDER BY id",
    )?;
    let heads = stmt
        .query_map([order_id], |r| {
            Ok(Fulfilment {
                id: r.get(0)?,
                carrier: r.get(1)?,
                tracking: r.get(2)?,
                created_at: r.get(3)?,
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
                .query_map([f.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(f)
        })
        .collect()
}

/// One line of an order's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: String,
    pub what: String,
    pub note: String,
}

pub fn events(conn: &Connection, order_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, what, note FROM order_events WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([order_id], |r| {
            Ok(Event {
                at: r.get(0)?,
                what: r.get(1)?,
                note: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Parses `SKU` or `SKU:QTY` (`--line`). A SKU may itself contain `:`; only a numeric tail
/// after the last `:` is read as the quantity.
pub fn parse_line_arg(text: &str) -> Result<(String, Option<i64>)> {
    let text = text.trim();
    if let Some((sku, qty)) = text.rsplit_once(':')
        && !qty.is_empty()
        && qty
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
    {
        let n: i64 = qty.parse().ok().filter(|n| *n > 0).with_context(|| {
            format!("--line {text}: the quantity \"{qty}\" must be a whole number above 0")
        })?;
        if sku.is_empty() {
            bail!("--line {text}: a SKU is needed before the quantity (SKU:QTY)");
        }
        return Ok((sku.to_string(), Some(n)));
    }
    if text.is_empty() {
        bail!("--line needs a SKU, or SKU:QTY");
    }
    Ok((text.to_string(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_line_arguments() {
        assert_eq!(parse_id("1042").unwrap(), 1042);
        assert_eq!(parse_id("#1042").unwrap(), 1042);
        assert!(parse_id("abc").is_err());
        assert!(parse_id("0").is_err());
        assert_eq!(parse_line_arg("TEE-M").unwrap(), ("TEE-M".into(), None));
        assert_eq!(
            parse_line_arg("TEE-M:2").unwrap(),
            ("TEE-M".into(), Some(2))
        );
        assert_eq!(
            parse_line_arg("NS:TEE:3").unwrap(),
            ("NS:TEE".into(), Some(3))
        );
        assert!(parse_line_arg("TEE:0").is_err());
        assert!(parse_line_arg("TEE:-1").is_err());
        assert!(parse_line_arg(":2").is_err());
    }
}
