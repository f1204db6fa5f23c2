//! Orders and payments pulled from the provider by `sync`, upserted by provider reference so
//! that pulling the same order twice changes nothing.
//!
//! A pulled order either settles an order already in the shop (`order_ref`, e.g. one imported
//! from a WhatsApp webhook) or is new (the provider's checkout made it). Stock is reserved when
//! an order arrives, released when its payment fails, and reserved again if a later payment
//! for it succeeds: "reserved" always means "not canceled and not failed".

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::state::{HeadMoves, History};
use super::store::find_head;
use super::{Order, OrderStatus, PaymentStatus, add_event, load, payment_by_ref};
use crate::catalog;
use crate::clock;
use crate::model::{PaymentState, RemoteOrder};

/// What recording one pulled order changed, for the sync summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub orders_new: usize,
    pub orders_changed: usize,
    pub payments_new: usize,
    pub payments_changed: usize,
    /// Things a person should know (stock below zero, an order the shop does not have).
    pub warnings: Vec<String>,
}

/// Upserts a page of pulled orders with their payments, inside the caller's transaction; their
/// lines of history are written together at the end (`state::History`).
pub fn record_pulled(conn: &Connection, page: &[RemoteOrder], now: Timestamp) -> Result<Recorded> {
    let mut all = Recorded::default();
    let mut history = History::default();
    for remote in page {
        let rec = record_one(conn, remote, now, &mut history)?;
        all.orders_new += rec.orders_new;
        all.orders_changed += rec.orders_changed;
        all.payments_new += rec.payments_new;
        all.payments_changed += rec.payments_changed;
        all.warnings.extend(rec.warnings);
    }
    history.write(conn, now)?;
    Ok(all)
}

/// Upserts one pulled order with its payments; its lines of history go to `history`.
fn record_one(
    conn: &Connection,
    remote: &RemoteOrder,
    now: Timestamp,
    history: &mut History,
) -> Result<Recorded> {
    let mut rec = Recorded::default();
    // The head is enough: `settle` reads the lines if stock moves.
    let before = match find_local(conn, remote)? {
        Some(order) => order,
        None => match &remote.order_ref {
            Some(order_ref) => {
                rec.warnings.push(format!(
                    "the provider's payment {} names order {order_ref}, which this shop does not \
                     have; it was not recorded (reconciliation will report it)",
                    remote.provider_ref
                ));
                return Ok(rec);
            }
            None => {
                rec.orders_new += 1;
                let id = insert(conn, remote, now, &mut rec.warnings)?;
                find_head(conn, id)?.with_context(|| format!("there is no order {id}"))?
            }
        },
    };
    let id = before.id;
    // The provider's reference follows the attempt that paid: shipments and cancels pushed
    // later must name it, not an earlier attempt whose payment failed.
    let pays = remote
        .payments
        .iter()
        .any(|p| p.state == PaymentState::Captured);
    let new_ref = (before.provider_ref.is_none()
        || (pays && before.provider_ref.as_deref() != Some(remote.provider_ref.as_str())))
    .then_some(remote.provider_ref.as_str());
    // The order's moves and lines of history are gathered, then written at once.
    let mut moves = HeadMoves::of(&before);
    if let Some(provider_ref) = new_ref {
        moves.provider_ref(provider_ref);
    }
    record_payments(conn, id, remote, now, &mut rec, &mut moves)?;
    let note = format!("payment at the provider ({})", remote.provider_ref);
    weigh_and_move(conn, &before, &mut moves, &note, now, &mut rec.warnings)?;
    // Only the moves write the order's head, so that it changed is that they moved it.
    let changed = moves.write_into(conn, now, history)?;
    if rec.orders_new == 0 && changed {
        rec.orders_changed += 1;
    }
    Ok(rec)
}

/// Upserts the payments of a pulled order by provider reference, each new payment or change of
/// state leaving a line in the order's history (among `moves`' lines, before theirs).
fn record_payments(
    conn: &Connection,
    id: i64,
    remote: &RemoteOrder,
    now: Timestamp,
    rec: &mut Recorded,
    moves: &mut HeadMoves,
) -> Result<()> {
    for p in &remote.payments {
        // Looked up first, not `INSERT ... ON CONFLICT DO NOTHING`: a conflict still moves
        // the table's AUTOINCREMENT sequence, so a second sync would change the file.
        match payment_by_ref(conn, &p.provider_ref)? {
            None => {
                conn.prepare_cached(
                    "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    id,
                    p.provider_ref,
                    p.method,
                    p.amount.minor,
                    p.amount.currency.code(),
                    p.state,
                    clock::format(p.created_at),
                    clock::format(now)
                ])?;
                rec.payments_new += 1;
                moves.line(
                    format!("payment {}: {}", p.provider_ref, p.state),
                    format!("{} by {}", p.amount, p.method),
                );
            }
            Some(known) if known.status != p.state || known.amount.minor != p.amount.minor => {
                conn.prepare_cached(
                    "UPDATE payments SET status = ?2, amount = ?3, updated_at = ?4 WHERE id = ?1",
                )?
                .execute(params![
                    known.id,
                    p.state,
                    p.amount.minor,
                    clock::format(now)
                ])?;
                rec.payments_changed += 1;
                moves.line(
                    format!(
                        "payment {}: {} -> {}",
                        p.provider_ref, known.status, p.state
                    ),
                    String::new(),
                );
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The order the pulled one is, as it is in the shop (its head): by the provider's
/// reference, else by the order it names: the shop's order id (what a payment request
/// names), or the message id of the cart the order came from (the sandbox's simulated
/// customers pay as they send the cart, before the shop has numbered the order).
fn find_local(conn: &Connection, remote: &RemoteOrder) -> Result<Option<Order>> {
    let order_ref = remote.order_ref.as_deref();
    super::store::head_by_first(
        conn,
        &remote.provider_ref,
        order_ref.and_then(super::id_in),
        order_ref,
    )
}

fn insert(
    conn: &Connection,
    remote: &RemoteOrder,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO orders (provider_ref, source, customer_phone, customer_name, status,
                             payment_status, currency, total, created_at, updated_at)
         VALUES (?1, 'provider', ?2, ?3, 'pending', 'pending', ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        remote.provider_ref,
        remote.customer_phone,
        remote.customer_name,
        remote.total.currency.code(),
        remote.total.minor,
        clock::format(remote.created_at),
        clock::format(now)
    ])?;
    let id = conn.last_insert_rowid();
    let mut add_line = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, sku, title, quantity, unit_price) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (order_id, sku) DO UPDATE SET quantity = quantity + excluded.quantity",
    )?;
    for line in &remote.lines {
        let title = catalog::load(conn, &line.sku)?
            .map(|p| p.title)
            .unwrap_or_default();
        add_line.execute(params![
            id,
            line.sku,
            title,
            line.quantity,
            line.unit_price.minor
        ])?;
    }
    add_event(
        conn,
        id,
        "created: pending (provider checkout)",
        &format!("{} from {}", remote.provider_ref, remote.customer_phone),
        now,
    )?;
    let order = load(conn, id)?;
    warnings.extend(super::reserve_stock(conn, &order, now)?);
    Ok(id)
}

/// An order's payments as `settle` weighs them, read in one query.
struct Weighed {
    /// The order has payments at all.
    any: bool,
    all_failed: bool,
    /// Captured, in the order's currency (what can pay for it).
    captured: i64,
    /// Captured, in every currency (what `refresh_payment_status` weighs refunds against).
    captured_all: i64,
    /// The order's succeeded refunds (`state::REFUNDED`), read with the payments.
    refunded: i64,
}

fn weigh(conn: &Connection, order: &Order) -> Result<Weighed> {
    // The refunds' sum beside each payment (an order has one or two): one query, not two.
    let mut stmt = conn.prepare_cached(
        "SELECT status, amount, currency,
                (SELECT coalesce(sum(amount), 0) FROM refunds
                  WHERE order_id = ?1 AND status = 'succeeded')
           FROM payments WHERE order_id = ?1",
    )?;
    let mut rows = stmt.query([order.id])?;
    let mut w = Weighed {
        any: false,
        all_failed: true,
        captured: 0,
        captured_all: 0,
        refunded: 0,
    };
    let too_much = || format!("order {}: its captured payments overflow", order.id);
    while let Some(row) = rows.next()? {
        let state: PaymentState = row.get(0)?;
        w.any = true;
        w.refunded = row.get(3)?;
        w.all_failed &= state == PaymentState::Failed;
        if state == PaymentState::Captured {
            let amount: i64 = row.get(1)?;
            w.captured_all = w.captured_all.checked_add(amount).with_context(too_much)?;
            if row.get_ref(2)?.as_str()? == order.currency.code() {
                w.captured = w.captured.checked_add(amount).with_context(too_much)?;
            }
        }
    }
    Ok(w)
}

/// Moves the order's payment status (and its status, once paid) to what its payments say, and
/// keeps the stock reservation in step with a failed payment. `note` says where the payment
/// news came from. (For payments made in the chat: `orders::chat`; sync's pulls gather more
/// moves first, `record_pulled`.) `before` is the order as read in the caller's transaction
/// before its payments were recorded; its head is enough (the lines are read here when stock
/// moves). The moves are written at the end, in one UPDATE (`state::HeadMoves`); true when
/// the order changed.
pub(super) fn settle(
    conn: &Connection,
    before: &Order,
    note: &str,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<bool> {
    let mut moves = HeadMoves::of(before);
    weigh_and_move(conn, before, &mut moves, note, now, warnings)?;
    moves.write(conn, now)
}

/// `settle`'s moves, added to `moves`.
fn weigh_and_move(
    conn: &Connection,
    before: &Order,
    moves: &mut HeadMoves,
    note: &str,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let paid = weigh(conn, before)?;
    if !paid.any {
        return Ok(());
    }
    let captured = paid.captured;
    let from = before.payment_status;
    let lines = || load(conn, before.id);
    if captured > 0 && captured < before.total.minor && !from.is_paid() {
        // A payment that names the order but does not cover it must not make it shippable.
        warnings.push(format!(
            "order {}: the provider captured {} of its total {}; it stays unpaid until the rest \
             is paid (or refund what was paid: `shopctl refunds create {} --all`)",
            before.id,
            crate::money::Money::new(captured, before.currency),
            before.total,
            before.id
        ));
        return Ok(());
    }
    if captured > 0 {
        if !from.is_paid() {
            moves.payment(PaymentStatus::Captured, note);
            if from == PaymentStatus::Failed && before.status != OrderStatus::Canceled {
                warnings.extend(super::reserve_stock(conn, &lines()?, now)?);
            }
        }
        let head = Order {
            payment_status: moves.payment_status(),
            lines: Vec::new(),
            ..before.clone()
        };
        let (to, why) = super::state::refreshed_from(&head, paid.captured_all, paid.refunded);
        moves.payment(to, &why);
        if before.status == OrderStatus::Pending {
            moves.status(OrderStatus::Processing, "paid")?;
        } else if before.status == OrderStatus::Canceled {
            warnings.push(format!(
                "order {} is canceled but the provider captured a payment for it; refund it \
                 (`shopctl refunds create {} --all`)",
                before.id, before.id
            ));
        }
    } else if paid.all_failed && from.is_paid() {
        // Money the shop recorded as taken is not undone by a later report: a person decides.
        warnings.push(format!(
            "order {}: the provider now reports its payment as failed, but the shop recorded it \
             as paid ({}); check it at the provider before shipping or refunding",
            before.id, from
        ));
    } else if paid.all_failed {
        if from != PaymentStatus::Failed {
            moves.payment(PaymentStatus::Failed, note);
            if before.status != OrderStatus::Canceled {
                warnings.extend(super::release_stock(conn, &lines()?, now)?);
            }
        }
    } else if from == PaymentStatus::Failed {
        // A new attempt is under way after a failed one: hold the stock for it again.
        moves.payment(PaymentStatus::Pending, note);
        if before.status != OrderStatus::Canceled {
            warnings.extend(super::reserve_stock(conn, &lines()?, now)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{order, shop};

    /// A captured payment on a pending order, part of it refunded already: the order is paid,
    /// partly refunded and processing, with a line of history for each move in the order they
    /// were made, written at once; weighed again, nothing moves and nothing is written.
    #[test]
    fn a_settled_order_moves_once_with_each_line_of_history_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        store
            .write(|tx| {
                order(tx, 7, "pending", "pending", true)?;
                tx.execute_batch(
                    "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status, reason, created_at, updated_at)
                       VALUES (7, 1, 're_1', 'k1', 300, 'SGD', 'succeeded', '', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');",
                )?;
                let now: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
                let before = find_head(tx, 7)?.unwrap();
                let mut warnings = Vec::new();
                let changed = settle(tx, &before, "payment at the provider (ord_7)", now, &mut warnings)?;
                assert!(changed);
                assert!(warnings.is_empty(), "{warnings:?}");
                let after = find_head(tx, 7)?.unwrap();
                assert_eq!(
                    (after.status, after.payment_status),
                    (OrderStatus::Processing, PaymentStatus::PartiallyRefunded)
                );
                assert_eq!(after.updated_at, "2026-11-20T10:00:00Z");
                let history = |tx: &rusqlite::Transaction| -> rusqlite::Result<Vec<(String, String)>> {
                    tx.prepare("SELECT what, note FROM order_events WHERE order_id = 7 ORDER BY id")?
                        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect()
                };
                let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
                    p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
                };
                assert_eq!(
                    history(tx)?,
                    pairs(&[
                        ("payment: pending -> captured", "payment at the provider (ord_7)"),
                        ("payment: captured -> partially_refunded", "3.00 SGD of 10.00 SGD refunded"),
                        ("status: pending -> processing", "paid"),
                    ])
                );
                let changed = settle(tx, &after, "again", now, &mut warnings)?;
                assert!(!changed, "nothing left to move");
                assert_eq!(history(tx)?.len(), 3);
                Ok::<_, anyhow::Error>(())
            })
            .unwrap();
    }

    fn now_at() -> Timestamp {
        "2026-11-20T10:00:00Z".parse().unwrap()
    }

    /// A pulled order is its shop order by the provider's reference first, then by the
    /// shop's id it names, then by its cart's message id: one query makes the choice three
    /// made one after the other.
    #[test]
    fn a_pulled_order_is_found_by_reference_then_id_then_cart() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        store
            .write(|tx| {
                for id in [7, 8, 9] {
                    order(tx, id, "pending", "pending", false)?;
                }
                tx.execute_batch(
                    "UPDATE orders SET provider_ref = 'ord_a' WHERE id = 7;
                     UPDATE orders SET source_ref = '8' WHERE id = 9;
                     UPDATE orders SET source_ref = 'wamid.c' WHERE id = 8;",
                )?;
                let found = |provider_ref: &str, order_ref: Option<&str>| -> Result<Option<i64>> {
                    let remote = RemoteOrder {
                        provider_ref: provider_ref.into(),
                        order_ref: order_ref.map(str::to_string),
                        customer_phone: String::new(),
                        customer_name: String::new(),
                        lines: Vec::new(),
                        total: crate::money::Money::new(
                            1000,
                            crate::money::Currency::from_code("SGD").unwrap(),
                        ),
                        payments: Vec::new(),
                        created_at: now_at(),
                    };
                    Ok(find_local(tx, &remote)?.map(|o| o.id))
                };
                // The reference wins over the id and the cart it names.
                assert_eq!(found("ord_a", Some("8"))?, Some(7));
                // The id "8" names order 8, though order 9's cart is "8".
                assert_eq!(found("ord_b", Some("8"))?, Some(8));
                assert_eq!(found("ord_b", Some("wamid.c"))?, Some(8));
                assert_eq!(found("ord_b", Some("wamid.x"))?, None);
                assert_eq!(found("ord_b", None)?, None);
                Ok::<_, anyhow::Error>(())
            })
            .unwrap();
    }
}
