//! The stock an order holds: its unshipped units are taken from the catalog when it arrives
//! (or when a new payment attempt holds them again) and given back when it is canceled or its
//! payment fails. "Held" always means "not canceled and not failed". A product whose stock is
//! not tracked is always sellable: its units are neither taken nor given back.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::Connection;

use super::Order;
use crate::catalog;

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
        // An untracked product (None) is always sellable: nothing is held or given back.
        let left = catalog::adjust_stock(conn, &line.sku, sign * qty, true, now)?;
        if let Some(left) = left
            && left < 0
        {
            warnings.push(format!(
                "order {}: {} is now at {left} in stock (the customer ordered {qty}); restock \
                 it with `shopctl catalog stock {} +N` or cancel the order",
                order.id, line.sku, line.sku
            ));
        }
    }
    Ok(warnings)
}
