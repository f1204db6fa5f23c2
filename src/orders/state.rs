//! The only way an order's status or payment status changes: `HeadMoves` gathers an order's
//! moves, each checked by the status machine (`status.rs`) or computed from the payments and
//! refunds, and writes them with a line of history each (`order_events`); `set_status` and
//! `refresh_payment_status` are one move.

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::{Order, OrderStatus, PaymentStatus};
use crate::clock;
use crate::model::PaymentState;
use crate::money::Money;

/// Adds a line to the order's history.
pub fn add_event(conn: &Connection, id: i64, what: &str, note: &str, now: Timestamp) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO order_events (order_id, at, what, note) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, clock::format(now), what, note])?;
    Ok(())
}

/// Lines for one order's history in one statement (a pulled payment's order gets three).
fn add_events(
    conn: &Connection,
    id: i64,
    events: &[(String, String)],
    now: Timestamp,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = (0..events.len())
        .map(|i| format!("(?1, ?2, ?{}, ?{})", 3 + 2 * i, 4 + 2 * i))
        .collect();
    let at = clock::format(now);
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&id, &at];
    for (what, note) in events {
        args.push(what);
        args.push(note);
    }
    conn.prepare_cached(&format!(
        "INSERT INTO order_events (order_id, at, what, note) VALUES {}",
        rows.join(", ")
    ))?
    .execute(&*args)?;
    Ok(())
}

/// The moves of one order's head (its provider reference, payment status and status),
/// gathered while its news is weighed and then written in one UPDATE with their lines of
/// history. Each UPDATE of an order rewrites its row and the index entries of what it
/// sets, and a pulled payment moved its order three times (issue 18).
pub(super) struct HeadMoves {
    id: i64,
    provider_ref: Option<String>,
    payment: PaymentStatus,
    payment_moved: bool,
    status: OrderStatus,
    status_moved: bool,
    events: Vec<(String, String)>,
}

impl HeadMoves {
    /// No moves yet of `order`, as read in the caller's transaction.
    pub fn of(order: &Order) -> HeadMoves {
        HeadMoves {
            id: order.id,
            provider_ref: None,
            payment: order.payment_status,
            payment_moved: false,
            status: order.status,
            status_moved: false,
            events: Vec::new(),
        }
    }

    pub fn provider_ref(&mut self, provider_ref: &str) {
        self.provider_ref = Some(provider_ref.to_string());
    }

    /// A line of the order's history that moves nothing (a payment recorded), written with
    /// the moves' lines, in the order given.
    pub fn line(&mut self, what: String, note: String) {
        self.events.push((what, note));
    }

    /// The payment status after the moves so far.
    pub fn payment_status(&self) -> PaymentStatus {
        self.payment
    }

    pub fn payment(&mut self, to: PaymentStatus, note: &str) {
        if self.payment == to {
            return;
        }
        self.events.push((
            format!("payment: {} -> {to}", self.payment),
            note.to_string(),
        ));
        self.payment = to;
        self.payment_moved = true;
    }

    /// Moves the status, if the status machine allows it.
    pub fn status(&mut self, to: OrderStatus, note: &str) -> Result<()> {
        self.status.check_transition(to, &self.id.to_string())?;
        if self.status == to {
            return Ok(());
        }
        self.events
            .push((format!("status: {} -> {to}", self.status), note.to_string()));
        self.status = to;
        self.status_moved = true;
        Ok(())
    }

    /// Writes the moves and the lines, in the caller's transaction; false when the order's
    /// head did not move.
    pub fn write(self, conn: &Connection, now: Timestamp) -> Result<bool> {
        let id = self.id;
        let mut lines = Vec::new();
        let moved = self.write_head(conn, now, &mut lines)?;
        add_events(conn, id, &lines, now)?;
        Ok(moved)
    }

    /// `write`, with the lines added to `history` to be written with other orders' lines.
    pub fn write_into(
        self,
        conn: &Connection,
        now: Timestamp,
        history: &mut History,
    ) -> Result<bool> {
        let id = self.id;
        let mut lines = Vec::new();
        let moved = self.write_head(conn, now, &mut lines)?;
        history
            .0
            .extend(lines.into_iter().map(|(what, note)| (id, what, note)));
        Ok(moved)
    }

    /// Writes the moves (not the lines, which it hands to `lines`); false when the order's
    /// head did not move.
    fn write_head(
        self,
        conn: &Connection,
        now: Timestamp,
        lines: &mut Vec<(String, String)>,
    ) -> Result<bool> {
        *lines = self.events;
        if self.provider_ref.is_none() && !self.payment_moved && !self.status_moved {
            return Ok(false);
        }
        let at = clock::format(now);
        // Only what moved is set: setting a column rewrites the index entries it is in.
        let mut sets: Vec<(&str, &dyn rusqlite::ToSql)> = vec![("updated_at", &at)];
        if let Some(provider_ref) = &self.provider_ref {
            sets.push(("provider_ref", provider_ref));
        }
        if self.payment_moved {
            sets.push(("payment_status", &self.payment));
        }
        if self.status_moved {
            sets.push(("status", &self.status));
        }
        let columns: Vec<String> = sets
            .iter()
            .enumerate()
            .map(|(i, (column, _))| format!("{column} = ?{}", i + 2))
            .collect();
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&self.id];
        args.extend(sets.iter().map(|(_, value)| *value));
        conn.prepare_cached(&format!(
            "UPDATE orders SET {} WHERE id = ?1",
            columns.join(", ")
        ))?
        .execute(&*args)?;
        Ok(true)
    }
}

/// Lines of history of many orders (`HeadMoves::write_into`), written together: a pulled
/// page's orders get three each, which one multi-row statement for many orders writes with
/// less than a statement an order (issue 18). Nothing reads an order's history while a page
/// is written, and each order's lines keep their order.
#[derive(Default)]
pub struct History(Vec<(i64, String, String)>);

/// Lines a statement of `History::write` takes.
const LINES_AT_ONCE: usize = 64;

impl History {
    /// Writes the lines gathered, in order, in the caller's transaction.
    pub fn write(self, conn: &Connection, now: Timestamp) -> Result<()> {
        let at = clock::format(now);
        let mut chunks = self.0.chunks_exact(LINES_AT_ONCE);
        if self.0.len() >= LINES_AT_ONCE {
            let mut many = conn.prepare_cached(&format!(
                "INSERT INTO order_events (order_id, at, what, note) VALUES {}",
                vec!["(?, ?, ?, ?)"; LINES_AT_ONCE].join(", ")
            ))?;
            for chunk in &mut chunks {
                let mut i = 1;
                for (id, what, note) in chunk {
                    many.raw_bind_parameter(i, id)?;
                    many.raw_bind_parameter(i + 1, &at)?;
                    many.raw_bind_parameter(i + 2, what)?;
                    many.raw_bind_parameter(i + 3, note)?;
                    i += 4;
                }
                many.raw_execute()?;
            }
        }
        for (id, what, note) in chunks.remainder() {
            add_event(conn, *id, what, note, now)?;
        }
        Ok(())
    }
}

/// Moves an order to `to`, if the status machine allows it, and records why.
pub fn set_status(
    conn: &Connection,
    order: &Order,
    to: OrderStatus,
    note: &str,
    now: Timestamp,
) -> Result<()> {
    let mut moves = HeadMoves::of(order);
    moves.status(to, note)?;
    moves.write(conn, now)?;
    Ok(())
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
    let (to, note) = refreshed(conn, &order, captured)?;
    let mut moves = HeadMoves::of(&order);
    moves.payment(to, &note);
    moves.write(conn, now)?;
    Ok(())
}

/// An order's succeeded refunds. The state is written in, not bound: `status = ?` beside the
/// partial index `refunds_pending` (`WHERE status = 'pending'`) makes SQLite's planner weigh
/// the bound value, and so prepare the statement again at every call (a tenth of a sync's
/// instructions went to preparing this and `messages::request_attempt` again, 10,000 times
/// each; SQLite 3.54, `sqlite3Reprepare`).
const REFUNDED: &str =
    "SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND status = 'succeeded'";

/// What a paid order's payment status should be, from its captured payments (`captured`, in
/// every currency, as the table now holds them) and its succeeded refunds, and the note that
/// says why.
pub(super) fn refreshed(
    conn: &Connection,
    order: &Order,
    captured: i64,
) -> Result<(PaymentStatus, String)> {
    let refunded: i64 = conn
        .prepare_cached(REFUNDED)?
        .query_row([order.id], |r| r.get(0))?;
    Ok(refreshed_from(order, captured, refunded))
}

/// `refreshed`, with the succeeded refunds' sum read by the caller.
pub(super) fn refreshed_from(
    order: &Order,
    captured: i64,
    refunded: i64,
) -> (PaymentStatus, String) {
    let to = if refunded == 0 {
        PaymentStatus::Captured
    } else if refunded >= captured {
        PaymentStatus::Refunded
    } else {
        PaymentStatus::PartiallyRefunded
    };
    let note = format!(
        "{} of {} refunded",
        Money::new(refunded, order.currency),
        Money::new(captured, order.currency)
    );
    (to, note)
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;
    use crate::model::RefundState;
    use crate::store::testing::{order, shop};

    /// The text written into `REFUNDED` is the state's own.
    #[test]
    fn refunds_are_summed_once_prepared_and_only_the_succeeded_ones() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        assert!(REFUNDED.contains(&format!("'{}'", RefundState::Succeeded)));
        store
            .write(|tx| {
                for id in 1..=3 {
                    order(tx, id, "processing", "captured", true)?;
                }
                for (order, state, amount) in [(2, "succeeded", 400), (2, "pending", 600), (3, "failed", 1000)] {
                    tx.execute(
                        "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status, reason, created_at, updated_at)
                         VALUES (?1, ?1, NULL, 'k' || ?1 || ?2, ?3, 'SGD', ?2, '', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z')",
                        params![order, state, amount],
                    )?;
                }
                let now = "2026-11-20T00:00:00Z".parse().unwrap();
                for id in 1..=3 {
                    refresh_payment_status(tx, id, now)?;
                }
                let status = |id: i64| -> rusqlite::Result<String> {
                    tx.query_row("SELECT payment_status FROM orders WHERE id = ?1", [id], |r| r.get(0))
                };
                assert_eq!(status(1)?, "captured");
                assert_eq!(status(2)?, "partially_refunded", "the pending refund is not counted");
                assert_eq!(status(3)?, "captured", "nor the failed one");
                assert_eq!(
                    tx.prepare_cached(REFUNDED)?.get_status(StatementStatus::RePrepare),
                    0,
                    "prepared once for three orders"
                );
                Ok::<_, anyhow::Error>(())
            })
            .unwrap();
    }
}
