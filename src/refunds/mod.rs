//! Refunds and their limits, and the "never twice" protocol.
//!
//! - `plan`: the limit rule, pure (how much may go back, at which price, against which
//!   payment, under which method's rule), with its table of cases;
//! - `store`: the refund rows, the facts the rule reads, the pending insert and the one way a
//!   refund's state changes;
//! - `protocol`: prepare, send, record; resuming refunds a crash left pending; pulled states;
//! - `cancel`: canceling an order together with the refund of what was paid.
//!
//! Refund ids are typed as `R1`, `R2`... (or just the number).

pub mod cancel;
pub mod plan;
pub mod protocol;
pub mod store;

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::Connection;

pub use cancel::{CanceledOrder, cancel_order};
pub use plan::Scope;
pub use protocol::{
    Made, Prepared, create, prepare, record_pulled, record_result, resume_pending, send,
    settle_unknown,
};
pub use store::{Filter, Refund, Standing, count, each, find, list, load, of_order};

/// What a refund of `scope` would give back now, recording nothing: what `refunds create`
/// and `orders cancel` show before they ask on a terminal. `None`: nothing is left to refund.
/// A refusal is the same one the refund itself would meet.
pub fn preview(
    conn: &Connection,
    order_id: i64,
    scope: &Scope,
    now: Timestamp,
) -> Result<Option<plan::Plan>> {
    let order = crate::orders::load(conn, order_id)?;
    let facts = store::facts(conn, &order, now)?;
    if !facts.refundable() {
        return Ok(None);
    }
    plan::plan(&facts, scope).map(Some)
}

/// `R7` for refund 7: refunds and orders both have numbers, and `R` keeps them apart.
pub fn label(id: i64) -> String {
    format!("R{id}")
}

/// Reads `R7`, `r7` or `7`.
pub fn parse_id(text: &str) -> Result<i64> {
    let t = text.trim();
    let digits = t.strip_prefix(['R', 'r']).unwrap_or(t);
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!(
            "\"{text}\" is not a refund id (refund ids look like R1; see `shopctl refunds list`)"
        ),
    }
}

#[cfg(test)]
mod tests;
