//! Telling a chat customer what happened to their order: a status update (`order_status`,
//! after a payment request for the order; plain text otherwise) when it ships or is
//! canceled, text when money goes back, and free-form text (`orders notify`). Each message is
//! queued with its outbox entry in the caller's transaction (`messages::queue`), so it goes
//! out with the change that caused it or not at all.
//!
//! Only orders that came from the chat (`source = 'whatsapp'`) have a customer to tell there.

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::Connection;

use super::Order;
use crate::model::{MessageBody, OrderStatus};

/// True when the order's customer is in the chat.
pub fn in_chat(order: &Order) -> bool {
    order.source == "whatsapp" && !order.customer_phone.is_empty()
}

/// Queues a status update for a chat order (none for other orders). Returns the message id.
pub fn status(
    conn: &Connection,
    order: &Order,
    status: OrderStatus,
    description: &str,
    now: Timestamp,
) -> Result<Option<i64>> {
    if !in_chat(order) {
        return Ok(None);
    }
    // `order_status` refers to the payment request's reference: without one, plain text.
    let body = if crate::messages::asked_to_pay(conn, order.id)? {
        MessageBody::OrderStatus {
            order_ref: order.id.to_string(),
            status,
            description: description.to_string(),
        }
    } else {
        MessageBody::Text {
            body: crate::channel::text::body_text(&MessageBody::OrderStatus {
                order_ref: order.id.to_string(),
                status,
                description: description.to_string(),
            }),
        }
    };
    Ok(Some(crate::messages::queue(
        conn,
        Some(order.id),
        &order.customer_phone,
        body,
        now,
    )?))
}

/// Queues free-form text to a chat order's customer (none for other orders).
pub fn text(conn: &Connection, order: &Order, body: &str, now: Timestamp) -> Result<Option<i64>> {
    if !in_chat(order) {
        return Ok(None);
    }
    Ok(Some(crate::messages::queue(
        conn,
        Some(order.id),
        &order.customer_phone,
        MessageBody::Text {
            body: body.to_string(),
        },
        now,
    )?))
}

/// `orders notify ID --text T`: refused for an order whose customer is not in the chat.
pub fn notify(conn: &Connection, id: i64, body: &str, now: Timestamp) -> Result<i64> {
    let order = super::load(conn, id)?;
    if body.trim().is_empty() {
        bail!("--text is empty; write what the customer should read");
    }
    if body.chars().count() > 4096 {
        bail!("--text is longer than WhatsApp's 4096 characters");
    }
    match text(conn, &order, body, now)? {
        Some(m) => Ok(m),
        None => bail!(
            "order {id} did not come from the chat (it came from {}); there is no chat to write to",
            order.source
        ),
    }
}
