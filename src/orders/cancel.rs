//! Canceling an order that has not shipped: status `canceled`, held stock given back, and the
//! provider told (for orders it knows). Refunding what a paid order's customer paid is
//! `refunds::cancel_order`, which calls this in the same transaction as the refund it records.

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::Connection;

use super::{Order, OrderStatus, PaymentStatus, load, release_stock, set_status};
use crate::model::Change;
use crate::store::outbox;

/// What `cancel` did in its transaction.
#[derive(Clone, Debug)]
pub struct Canceled {
    pub order: i64,
    pub warnings: Vec<String>,
}

/// Says whether an order may be canceled (nothing shipped, not canceled already).
pub fn check_cancel(order: &Order) -> Result<()> {
    order
        .status
        .check_transition(OrderStatus::Canceled, &order.label())?;
    refuse_shipped(order)
}

fn refuse_shipped(order: &Order) -> Result<()> {
    let id = order.id;
    if order.lines.iter().any(|l| l.fulfilled_quantity > 0) {
        bail!(
            "order {id} has shipped items; it cannot be canceled: refund it instead (`shopctl refunds create {id} --all`)"
        );
    }
    Ok(())
}

/// Cancels an order that has not shipped, inside the caller's transaction.
pub fn cancel(conn: &Connection, id: i64, reason: &str, now: Timestamp) -> Result<Canceled> {
    let order = load(conn, id)?;
    if order.status != OrderStatus::Canceled {
        refuse_shipped(&order)?;
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
    let why = if reason.is_empty() {
        String::new()
    } else {
        format!("Reason: {reason}")
    };
    super::notify::status(conn, &order, OrderStatus::Canceled, &why, now)?;
    Ok(Canceled {
        order: id,
        warnings,
    })
}
