//! Fulfilment: shipping all or some of an order's lines (`fulfil_csv` ships many from a
//! courier's CSV through this).
//!
//! The limits: never more than was ordered (counting what already shipped), only paid orders
//! unless forced, never a canceled order. The order moves to `partially_shipped` or `shipped`
//! through the status machine, and orders the provider knows get a `Fulfilment` change in the
//! outbox, in the same transaction.

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::{Order, OrderStatus, PaymentStatus, add_event, load, set_status};
use crate::clock;
use crate::model::{Change, LineQty};
use crate::store::outbox;

/// What to ship.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Empty: everything not yet shipped. Otherwise SKU and quantity (None: all of that line).
    pub lines: Vec<(String, Option<i64>)>,
    pub carrier: String,
    pub tracking: String,
    /// Ship an order that is not paid.
    pub force: bool,
}

/// What one fulfilment did.
#[derive(Clone, Debug)]
pub struct Shipped {
    pub order: i64,
    pub fulfilment: i64,
    pub lines: Vec<(String, i64)>,
    pub status: OrderStatus,
}

/// Checks that the order may ship at all (status, payment).
pub(super) fn check_shippable(order: &Order, force: bool) -> Result<()> {
    let id = order.id;
    match order.status {
        OrderStatus::Canceled => bail!("order {id} is canceled; nothing in it can ship"),
        OrderStatus::Shipped | OrderStatus::Completed => {
            bail!(
                "order {id} is {}; everything in it has already shipped",
                order.status
            )
        }
        _ => {}
    }
    let paid = matches!(
        order.payment_status,
        PaymentStatus::Captured | PaymentStatus::PartiallyRefunded
    );
    if !paid && !force {
        let why = match order.payment_status {
            PaymentStatus::Pending => "is not paid yet (payment pending)",
            PaymentStatus::Failed => "has a failed payment",
            PaymentStatus::Refunded => "was refunded in full",
            _ => "is not paid",
        };
        bail!(
            "order {id} {why}; wait for the payment (`shopctl sync`), or ship it anyway with --force"
        );
    }
    Ok(())
}

/// Ships lines of one order.
pub fn fulfil(conn: &Connection, id: i64, req: &Request, now: Timestamp) -> Result<Shipped> {
    let order = load(conn, id)?;
    check_shippable(&order, req.force)?;
    let ship = lines_to_ship(&order, &req.lines)?;
    let fulfilment = insert(conn, id, req, &ship, now)?;
    let after = load(conn, id)?;
    let to = if after.unshipped() == 0 {
        OrderStatus::Shipped
    } else {
        OrderStatus::PartiallyShipped
    };
    let what: Vec<String> = ship.iter().map(|(s, q)| format!("{q} × {s}")).collect();
    let mut note = what.join(", ");
    if !req.carrier.is_empty() || !req.tracking.is_empty() {
        note.push_str(format!(" via {} {}", req.carrier, req.tracking).trim_end());
    }
    if req.force && !order.payment_status.is_paid() {
        note.push_str(" (forced: not paid)");
    }
    if order.status == to {
        add_event(
            conn,
            id,
            &format!("shipped: fulfilment {fulfilment}"),
            &note,
            now,
        )?;
    } else {
        set_status(
            conn,
            &order,
            to,
            &format!("fulfilment {fulfilment}: {note}"),
            now,
        )?;
    }
    if let Some(provider_ref) = &order.provider_ref {
        outbox::enqueue(
            conn,
            &Change::Fulfilment {
                order_ref: provider_ref.clone(),
                lines: ship
                    .iter()
                    .map(|(sku, quantity)| LineQty {
                        sku: sku.clone(),
                        quantity: *quantity,
                    })
                    .collect(),
                carrier: req.carrier.clone(),
                tracking: req.tracking.clone(),
            },
            &order.label(),
            now,
        )?;
    }
    let mut description = vec![];
    if !req.carrier.is_empty() {
        description.push(format!("Carrier: {}", req.carrier));
    }
    if !req.tracking.is_empty() {
        description.push(format!("tracking number {}", req.tracking));
    }
    super::notify::status(conn, &order, to, &description.join(", "), now)?;
    Ok(Shipped {
        order: id,
        fulfilment,
        lines: ship,
        status: to,
    })
}

/// The units to ship for the asked lines (empty: everything not yet shipped), summed per SKU;
/// never more than was ordered, counting what already shipped.
fn lines_to_ship(order: &Order, asked: &[(String, Option<i64>)]) -> Result<Vec<(String, i64)>> {
    let id = order.id;
    let mut ship: Vec<(String, i64)> = Vec::new();
    if asked.is_empty() {
        for l in &order.lines {
            let left = l.quantity - l.fulfilled_quantity;
            if left > 0 {
                ship.push((l.sku.clone(), left));
            }
        }
        if ship.is_empty() {
            bail!("order {id}: everything in it has already shipped");
        }
        return Ok(ship);
    }
    for (sku, qty) in asked {
        let Some(line) = order.line(sku) else {
            let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
            bail!(
                "order {id} has no line {sku} (its lines: {})",
                skus.join(", ")
            );
        };
        let already_here: i64 = ship.iter().filter(|(s, _)| s == sku).map(|(_, q)| q).sum();
        let left = line.quantity - line.fulfilled_quantity - already_here;
        let qty = qty.unwrap_or(left);
        if left <= 0 {
            bail!(
                "order {id}: {sku} has already shipped in full ({} of {})",
                line.fulfilled_quantity,
                line.quantity
            );
        }
        if qty > left {
            bail!(
                "order {id}: cannot ship {qty} of {sku}: {} ordered, {} already shipped, so at most {left}",
                line.quantity,
                line.fulfilled_quantity + already_here
            );
        }
        match ship.iter_mut().find(|(s, _)| s == sku) {
            Some(entry) => entry.1 += qty,
            None => ship.push((sku.clone(), qty)),
        }
    }
    Ok(ship)
}

/// Writes the fulfilment with its lines and counts them as shipped; returns its id.
fn insert(
    conn: &Connection,
    order_id: i64,
    req: &Request,
    ship: &[(String, i64)],
    now: Timestamp,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO fulfilments (order_id, carrier, tracking, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![order_id, req.carrier, req.tracking, clock::format(now)],
    )?;
    let fulfilment = conn.last_insert_rowid();
    for (sku, qty) in ship {
        conn.execute(
            "INSERT INTO fulfilment_lines (fulfilment_id, sku, quantity) VALUES (?1, ?2, ?3)",
            params![fulfilment, sku, qty],
        )?;
        conn.execute(
            "UPDATE order_lines SET fulfilled_quantity = fulfilled_quantity + ?3
             WHERE order_id = ?1 AND sku = ?2",
            params![order_id, sku, qty],
        )?;
    }
    Ok(fulfilment)
}
