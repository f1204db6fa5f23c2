//! What a chat delivery (WhatsApp's, or the sandbox chat's) changes in the shop: carts become
//! orders (with their payment requests), payments made in the chat settle their orders, and
//! delivery reports move the shop's messages on. All of a delivery applies, or none of it: the
//! first event that cannot be recorded (an unknown SKU, a payment for an order the shop does
//! not have) fails the whole delivery with that reason, and the caller rolls it back.
//! Deliveries made only of carts can be applied many at once (`apply_carts`): each cart is
//! checked before anything is written, so a delivery that fails has written nothing.

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::Connection;

use crate::model::InboundEvent;
use crate::orders::chat;

/// What applying a delivery did, in one line for the log; or why it could not.
pub fn apply(
    conn: &Connection,
    events: &[InboundEvent],
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<Result<String, String>> {
    let currency = crate::store::shop::load(conn)?.currency;
    let mut done = Vec::new();
    let mut other = 0;
    for event in events {
        match event {
            InboundEvent::Order(order) => {
                if let Some(id) = chat::known(conn, &order.message_id)? {
                    done.push(format!("cart {} was order {id} already", order.message_id));
                    continue;
                }
                let checked = match chat::check(conn, order, currency)? {
                    Ok(c) => c,
                    Err(problems) => {
                        let text: Vec<String> = problems
                            .iter()
                            .map(|p| format!("{}: {}", p.at, p.message))
                            .collect();
                        return Ok(Err(text.join("; ")));
                    }
                };
                let r = chat::record(conn, &checked, now, warnings)?;
                done.push(match r.payment_request {
                    Some(m) => format!("order {} (payment request: message {m})", r.order),
                    None => format!("order {}", r.order),
                });
            }
            InboundEvent::Payment(payment) => {
                match chat::record_payment(conn, payment, now, warnings)? {
                    Ok(what) => done.push(what),
                    Err(why) => return Ok(Err(why)),
                }
            }
            InboundEvent::Delivery(d) => {
                let error = match (&d.error_code, &d.error) {
                    (Some(code), Some(text)) => Some(format!("{text} (code {code})")),
                    (None, Some(text)) => Some(text.clone()),
                    (Some(code), None) => Some(format!("code {code}")),
                    (None, None) => None,
                };
                match crate::messages::record_delivery(
                    conn,
                    &d.message_id,
                    d.state,
                    error.as_deref(),
                    now,
                )? {
                    Some(id) => done.push(format!("message {id}: {}", d.state)),
                    None => other += 1,
                }
            }
            InboundEvent::Other { .. } => other += 1,
        }
    }
    if other > 0 {
        done.push(format!("{other} event(s) with nothing to record"));
    }
    Ok(Ok(done.join(", ")))
}

/// True when every event of a delivery is a cart (or has nothing to record): the deliveries
/// `apply_carts` takes together.
pub fn only_carts(events: &[InboundEvent]) -> bool {
    events
        .iter()
        .all(|e| matches!(e, InboundEvent::Order(_) | InboundEvent::Other { .. }))
}

/// What a cart of a delivery came to.
enum Step {
    /// Its message (`.1`) made order `.0` before this batch.
    Known(i64, String),
    /// A new order: the `.0`th cart written by this batch.
    New(usize),
    /// Its message is the `.0`th cart written by this batch, by an earlier cart.
    Again(usize),
}

/// `apply` of several deliveries made only of carts (`only_carts`), in the caller's
/// transaction, with the outcome of each in order: every result is what `apply` of each in
/// turn would give (the same lines, warnings and failures), but the carts are checked first,
/// without writing, so that a delivery that fails writes nothing and needs no savepoint; the
/// new orders then go in with multi-row statements, the stock they take is added up per SKU
/// and written once, and their payment requests are queued. `serve` and `sync` take a batch
/// of the inbox through here (issue 18: one delivery at a time was half of a sync's CPU).
pub fn apply_carts(
    conn: &Connection,
    deliveries: Vec<Vec<InboundEvent>>,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<Vec<Result<String, String>>> {
    let currency = crate::store::shop::load(conn)?.currency;
    // The orders the batch's messages made before it: one query per `KNOWN_AT_ONCE`.
    let messages: Vec<&str> = deliveries
        .iter()
        .flatten()
        .filter_map(|e| match e {
            InboundEvent::Order(o) => Some(o.message_id.as_str()),
            _ => None,
        })
        .collect();
    let mut known = std::collections::HashMap::new();
    for chunk in messages.chunks(chat::KNOWN_AT_ONCE) {
        for message in chat::known_among(conn, chunk)? {
            if let Some(id) = chat::known(conn, &message)? {
                known.insert(message, id);
            }
        }
    }
    // Check every cart, in order, writing nothing.
    let mut offers = chat::Offers::default();
    let mut carts: Vec<chat::Checked> = Vec::new();
    let mut in_batch: std::collections::HashMap<String, usize> = Default::default();
    let mut plans: Vec<Result<(Vec<Step>, usize), String>> = Vec::with_capacity(deliveries.len());
    for events in deliveries {
        let (mut steps, mut other) = (Vec::new(), 0);
        let first = carts.len();
        let mut failed = None;
        for event in events {
            let order = match event {
                InboundEvent::Order(order) => order,
                InboundEvent::Other { .. } => {
                    other += 1;
                    continue;
                }
                _ => anyhow::bail!("apply_carts takes deliveries of carts only"),
            };
            if let Some(&id) = known.get(&order.message_id) {
                steps.push(Step::Known(id, order.message_id));
                continue;
            }
            if let Some(&i) = in_batch.get(&order.message_id) {
                steps.push(Step::Again(i));
                continue;
            }
            match chat::check_with(conn, order, currency, &mut offers)? {
                Ok(c) => {
                    in_batch.insert(c.order.message_id.clone(), carts.len());
                    steps.push(Step::New(carts.len()));
                    carts.push(c);
                }
                Err(problems) => {
                    let text: Vec<String> = problems
                        .iter()
                        .map(|p| format!("{}: {}", p.at, p.message))
                        .collect();
                    failed = Some(text.join("; "));
                    break;
                }
            }
        }
        match failed {
            None => plans.push(Ok((steps, other))),
            Some(why) => {
                // None of the delivery is written: its carts leave the batch.
                for c in carts.drain(first..) {
                    in_batch.remove(&c.order.message_id);
                }
                plans.push(Err(why));
            }
        }
    }
    // The orders, with their lines and history: a few statements prepared whatever the
    // batch's count, each paying the table's CHECK lists once.
    let ids = crate::store::in_statements(&carts, |run| chat::insert_many(conn, run, now))?;
    // The stock each line takes, in order (a line that leaves its SKU below zero is said, as
    // one at a time would), written once per SKU.
    let mut stock: std::collections::BTreeMap<&str, (Option<i64>, i64)> = Default::default();
    for (&id, cart) in ids.iter().zip(&carts) {
        for line in &cart.lines {
            let (left, taken) = match stock.get_mut(line.sku.as_str()) {
                Some(s) => s,
                None => {
                    let left = crate::catalog::load(conn, &line.sku)?
                        .with_context(|| {
                            format!("unknown SKU \"{}\": it is not in the catalog", line.sku)
                        })?
                        .stock;
                    stock.entry(&line.sku).or_insert((left, 0))
                }
            };
            let Some(left) = left else { continue };
            *left = left
                .checked_sub(line.quantity)
                .with_context(|| format!("stock of {} would overflow", line.sku))?;
            *taken += line.quantity;
            if *left < 0 {
                warnings.push(chat::below_zero(id, &line.sku, *left, line.quantity));
            }
        }
    }
    for (sku, (left, taken)) in &stock {
        if left.is_some() {
            crate::catalog::adjust_stock(conn, sku, -taken, true, now)?;
        }
    }
    // The payment requests, in the orders' order, many rows a statement.
    let requests: Vec<Option<i64>> = match chat::PayInChat::of_shop(conn)? {
        Some(pay) => {
            let bodies = ids
                .iter()
                .zip(&carts)
                .map(|(&id, cart)| (Some(id), cart.order.from.as_str(), pay.body(id, cart)))
                .collect();
            crate::messages::queue_many(conn, bodies, now)?
                .into_iter()
                .map(Some)
                .collect()
        }
        None => vec![None; carts.len()],
    };
    // Each delivery's line, as `apply` words it.
    Ok(plans
        .into_iter()
        .map(|plan| {
            let (steps, other) = plan?;
            let mut done: Vec<String> = steps
                .iter()
                .map(|step| match *step {
                    Step::Known(id, ref message) => {
                        format!("cart {message} was order {id} already")
                    }
                    Step::Again(i) => format!(
                        "cart {} was order {} already",
                        carts[i].order.message_id, ids[i]
                    ),
                    Step::New(i) => match requests[i] {
                        Some(m) => format!("order {} (payment request: message {m})", ids[i]),
                        None => format!("order {}", ids[i]),
                    },
                })
                .collect();
            if other > 0 {
                done.push(format!("{other} event(s) with nothing to record"));
            }
            Ok(done.join(", "))
        })
        .collect())
}
