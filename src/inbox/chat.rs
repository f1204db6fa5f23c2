//! What a chat delivery (WhatsApp's, or the sandbox chat's) changes in the shop: carts become
//! orders (with their payment requests), payments made in the chat settle their orders, and
//! delivery reports move the shop's messages on. All of a delivery applies, or none of it: the
//! first event that cannot be recorded (an unknown SKU, a payment for an order the shop does
//! not have) fails the whole delivery with that reason, and the caller rolls it back.

use anyhow::Result;
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
