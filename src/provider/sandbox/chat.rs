//! The sandbox chat's table (`chat_messages`): carts the simulated customers sent (written by
//! `simulate`, one per checkout, naming it), and the messages the shop sent them (written by
//! `channel::sandbox` through `record_sent`, once per idempotency key). The WhatsApp shape of
//! a cart is the channel adapter's business: this file keeps the facts.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::Sandbox;
use super::file::{money, next_id, time};
use crate::clock;
use crate::model::RemoteLine;

/// A cart a simulated customer sent, with its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cart {
    /// The row id: what the shop's cursor counts.
    pub id: i64,
    pub message_id: String,
    pub phone: String,
    pub name: String,
    pub at: Timestamp,
    pub lines: Vec<RemoteLine>,
}

/// One line of the chat, as `sandbox messages` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatLine {
    pub at: String,
    /// `in` (customer to shop) or `out`.
    pub direction: String,
    pub phone: String,
    pub kind: String,
    pub text: String,
}

/// A WhatsApp number as the chat writes it: digits only (`+6591234567` → `6591234567`).
pub fn wa_id(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// The id the next chat message gets, as a message id: `wamid.sandbox.<n>`.
pub(super) fn next_message_id(tx: &Transaction) -> Result<(i64, String)> {
    let id = next_id(tx, "chat_messages")?;
    Ok((id, format!("wamid.sandbox.{id}")))
}

/// A message the shop sends, as the chat keeps it.
#[derive(Clone, Debug)]
pub struct Sent<'a> {
    /// The shop's idempotency key: a repeat is recognised, not sent again.
    pub key: &'a str,
    pub phone: &'a str,
    pub kind: &'a str,
    pub text: String,
    pub payload: String,
}

fn record_sent_in(tx: &Transaction, sent: &Sent, at: Timestamp) -> Result<String> {
    let earlier: Option<String> = tx
        .prepare_cached("SELECT message_id FROM chat_messages WHERE idempotency_key = ?1")?
        .query_row([sent.key], |r| r.get(0))
        .optional()?;
    if let Some(id) = earlier {
        return Ok(id);
    }
    let (id, message_id) = next_message_id(tx)?;
    tx.prepare_cached(
        "INSERT INTO chat_messages (id, direction, phone, message_id, kind, text, payload, idempotency_key, at)
         VALUES (?1, 'out', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        wa_id(sent.phone),
        message_id,
        sent.kind,
        sent.text,
        sent.payload,
        sent.key,
        clock::format(at)
    ])?;
    Ok(message_id)
}

/// Records the cart of a checkout (`order_id`) as a message from the customer.
pub(super) fn record_cart(
    tx: &Transaction,
    id: i64,
    message_id: &str,
    order_id: i64,
    phone: &str,
    name: &str,
    at: Timestamp,
) -> Result<()> {
    tx.execute(
        "INSERT INTO chat_messages (id, direction, phone, message_id, kind, order_id, customer_name, at)
         VALUES (?1, 'in', ?2, ?3, 'order', ?4, ?5, ?6)",
        params![id, wa_id(phone), message_id, order_id, name, clock::format(at)],
    )?;
    Ok(())
}

impl Sandbox {
    /// Carts sent after chat message `after`, oldest first, at most `limit`.
    pub fn carts_after(&self, after: i64, limit: i64) -> Result<Vec<Cart>> {
        // One read transaction for the page and every cart's lines.
        self.db.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, message_id, phone, customer_name, at, order_id FROM chat_messages
                 WHERE direction = 'in' AND id > ?1 ORDER BY id LIMIT ?2",
            )?;
            let heads = stmt
                .query_map(params![after, limit], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        time(r, 4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut lines = conn.prepare_cached(
                "SELECT l.sku, l.quantity, l.unit_price, o.currency FROM order_lines l
                 JOIN orders o ON o.id = l.order_id WHERE l.order_id = ?1 ORDER BY l.line_no",
            )?;
            let mut carts = Vec::with_capacity(heads.len());
            for (id, message_id, phone, name, at, order_id) in heads {
                let lines = lines
                    .query_map([order_id], |r| {
                        Ok(RemoteLine {
                            sku: r.get(0)?,
                            quantity: r.get(1)?,
                            unit_price: money(r, 2, 3)?,
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                carts.push(Cart {
                    id,
                    message_id,
                    phone,
                    name,
                    at,
                    lines,
                });
            }
            Ok(carts)
        })
    }

    /// When `phone` last wrote to the shop (its 24-hour window runs from then).
    pub fn last_heard(&self, phone: &str) -> Result<Option<Timestamp>> {
        let at: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT max(at) FROM chat_messages WHERE direction = 'in' AND phone = ?1",
            )?
            .query_row([wa_id(phone)], |r| r.get(0))
            .optional()?
            .flatten();
        at.map(|t| clock::parse(&t)).transpose()
    }

    /// Records a message the shop sent, once per `key`: a repeated key returns the message id
    /// the first send got, and writes nothing.
    pub fn record_sent(&mut self, sent: &Sent, at: Timestamp) -> Result<String> {
        self.write(|tx| record_sent_in(tx, sent, at))
    }

    /// `record_sent` for many messages in one transaction (sync's batches): all recorded, in
    /// order, or none.
    pub fn record_sent_many(&mut self, sent: &[Sent], at: Timestamp) -> Result<Vec<String>> {
        self.write(|tx| sent.iter().map(|m| record_sent_in(tx, m, at)).collect())
    }

    /// The chat, oldest first: everything, or what one customer sent and received.
    pub fn chat(&self, phone: Option<&str>) -> Result<Vec<ChatLine>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.at, c.direction, c.phone, c.kind, c.text, c.order_id FROM chat_messages c
             WHERE ?1 IS NULL OR c.phone = ?1 ORDER BY c.at, c.id",
        )?;
        let phone = phone.map(wa_id);
        let rows = stmt
            .query_map([phone], |r| {
                Ok((
                    ChatLine {
                        at: r.get(0)?,
                        direction: r.get(1)?,
                        phone: r.get(2)?,
                        kind: r.get(3)?,
                        text: r.get(4)?,
                    },
                    r.get::<_, Option<i64>>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (mut line, order_id) in rows {
            if let (Some(order), true) = (order_id, line.text.is_empty()) {
                line.text = self.cart_text(order)?;
            }
            out.push(line);
        }
        Ok(out)
    }

    /// A cart as the shop sees it arrive: `Cart: 2 × TEE-M (25.00), 1 × MUG (9.90)`.
    fn cart_text(&self, order_id: i64) -> Result<String> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.sku, l.quantity, l.unit_price, o.currency FROM order_lines l
             JOIN orders o ON o.id = l.order_id WHERE l.order_id = ?1 ORDER BY l.line_no",
        )?;
        let items = stmt
            .query_map([order_id], |r| {
                let price = money(r, "unit_price", "currency")?;
                Ok(format!(
                    "{} × {} ({})",
                    r.get::<_, i64>("quantity")?,
                    r.get::<_, String>("sku")?,
                    price.to_major_string()
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(format!("Cart: {}", items.join(", ")))
    }
}
