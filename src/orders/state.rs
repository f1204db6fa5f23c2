//! The only way an order's status or payment status changes: each move is checked by the
//! status machine (`status.rs`) or computed from the payments and refunds, and leaves a line in
//! the order's history (`order_events`).

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::{Order, OrderStatus, PaymentStatus};
use crate::clock;
use crate::model::{PaymentState, RefundState};
use crate::money::Money;

/// Adds a line to the order's history.
pub fn add_event(conn: &Connection, id: i64, what: &str, note: &str, now: Timestamp) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO order_events (order_id, at, what, note) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, clock::format(now), what, note])?;
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
    conn.prepare_cached("UPDATE orders SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![order.id, to, clock::format(now)])?;
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
    let from: PaymentStatus = conn
        .prepare_cached("SELECT payment_status FROM orders WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .with_context(|| format!("there is no order {id}"))?;
    if from == to {
        return Ok(());
    }
    conn.prepare_cached("UPDATE orders SET payment_status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, to, clock::format(now)])?;
    add_event(conn, id, &format!("payment: {from} -> {to}"), note, now)
}

/// Sets a paid order's payment status from its captured payments and succeeded refunds
/// (captured, partially refunded, refunded). Reads the refunds table; writes only the order.
pub fn refresh_payment_status(conn: &Connection, order_id: i64, now: Timestamp) -> Result<()> {
    // The head is enough: its payment status and currency.
    let order = super::store::find_head(conn, order_id)?
        .with_context(|| format!("there is no order {order_id}"))?;
    if !order.payment_status.is_paid() {
        return Ok(());
    }
    let captured: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(amount), 0) FROM payments WHERE order_id = ?1 AND status = ?2",
        )?
        .query_row(params![order_id, PaymentState::Captured], |r| r.get(0))?;
    let refunded: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND status = ?2",
        )?
        .query_row(params![order_id, RefundState::Succeeded], |r| r.get(0))?;
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
