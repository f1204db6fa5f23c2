//! Orders, their lines and payments, the status machine, stock holds and fulfilment.
//!
//! This module reads and changes orders inside a caller's transaction. Where each part lives:
//! - `store`: the rows (one column list per table, read into the structs below) and the
//!   queries of `orders list` and `orders show`;
//! - `status`: the status machine, pure: which moves are allowed and why not;
//! - `state`: the only way an order's status or payment status changes, each change leaving a
//!   line in its history (`order_events`);
//! - `stock`: holding and giving back the stock of an order's unshipped units;
//! - `cancel`: canceling an order that has not shipped;
//! - `fulfil` / `fulfil_csv`: shipping lines, one order at a time or from a courier's CSV;
//! - `import`: WhatsApp `order` webhook payloads; `remote`: orders and payments pulled by sync.
//!
//! Core code never prints: warnings come back in the result for the command line to show.

pub mod cancel;
pub mod chat;
pub mod fulfil;
pub mod fulfil_csv;
pub mod import;
pub mod notify;
pub mod remote;
pub mod state;
pub mod status;
pub mod stock;
pub mod store;

use anyhow::{Context, Result, bail};

use crate::model::PaymentState;
use crate::money::{Currency, Money};
pub use cancel::{Canceled, cancel, check_cancel};
pub use state::{add_event, refresh_payment_status, set_status};
pub use status::{OrderStatus, PaymentStatus};
pub use stock::{release_stock, reserve_stock};
pub use store::{
    Filter, add_refunded_units, count, each, events, find, find_head, fulfilments, list, load,
    payment_by_ref, payments,
};

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

/// A payment of an order, for `orders show` and refunds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub id: i64,
    pub order_id: i64,
    pub provider_ref: String,
    pub method: String,
    pub amount: Money,
    pub status: PaymentState,
    pub created_at: String,
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

/// One line of an order's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: String,
    pub what: String,
    pub note: String,
}

/// Reads an order id as typed: `1042` or `#1042`.
pub fn parse_id(text: &str) -> Result<i64> {
    match id_in(text) {
        Some(n) => Ok(n),
        None => bail!(
            "\"{text}\" is not an order id (order ids are numbers like 1001; see `shopctl orders list`)"
        ),
    }
}

/// `parse_id` without the error, for references that are often something else (a pulled
/// order's reference is a cart's message id): an error is built with a backtrace when
/// `RUST_BACKTRACE` is set, 2.6% of a sync's CPU for nothing (issue 18).
pub fn id_in(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('#');
    t.parse::<i64>().ok().filter(|n| *n > 0)
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
