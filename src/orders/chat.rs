//! Orders that arrive in the chat: a customer's cart (`model::ChatOrder`, parsed from a
//! WhatsApp webhook by the channel adapter) checked against the shop's currency and catalog,
//! then recorded as a `pending`, unpaid order whose `source_ref` is the message id (so the
//! same message never makes two orders), with its stock held and, when the shop's market can
//! pay in the chat with a method the shop has enabled, a payment request queued to the
//! customer. `orders import` (files) and the inbox (`serve`, `sync`) both come through here.
//!
//! Payments made in the chat (`model::ChatPayment`) settle the order they name.

use std::collections::BTreeMap;

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use super::{OrderStatus, PaymentStatus, add_event};
use crate::catalog;
use crate::clock;
use crate::model::{
    ChatOrder, ChatPayment, MessageBody, PaymentRequest, PaymentState, Problem, RequestItem,
};
use crate::money::{Currency, Money, ParseOptions};

/// A cart that passed every check.
#[derive(Clone, Debug)]
pub struct Checked {
    pub order: ChatOrder,
    /// In the order the customer added them; the same SKU twice in a cart is one line.
    pub lines: Vec<CheckedLine>,
    pub total: Money,
}

#[derive(Clone, Debug)]
pub struct CheckedLine {
    pub sku: String,
    pub title: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// Checks a cart against the shop's currency and catalog. `Err` lists every problem, each
/// placed by the cart's path and the item.
pub fn check(
    conn: &Connection,
    order: &ChatOrder,
    currency: Currency,
) -> Result<std::result::Result<Checked, Vec<Problem>>> {
    let mut problems = Vec::new();
    let mut lines: Vec<CheckedLine> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for item in &order.items {
        let mut bad = |message: String| {
            problems.push(Problem {
                at: format!("{}{}", order.at, item.at),
                message,
            })
        };
        if !item.currency.eq_ignore_ascii_case(currency.code()) {
            bad(format!(
                "currency \"{}\", but the shop sells in {currency}; orders in other currencies \
                 cannot be imported",
                item.currency
            ));
            continue;
        }
        let price = Money::parse(
            &item.unit_price.to_string(),
            currency,
            ParseOptions::default(),
        )
        .map_err(|e| bad(format!("item_price: {e}")))
        .ok();
        let Some(product) = catalog::load(conn, &item.sku)? else {
            bad(format!(
                "unknown SKU \"{}\": it is not in the catalog (add it with `shopctl catalog \
                 import`, or check the catalog synced to WhatsApp)",
                item.sku
            ));
            continue;
        };
        let Some(price) = price else { continue };
        // The catalog's selling price: the sale price while there is one.
        let selling = product.sale_price.unwrap_or(product.price);
        if price != selling {
            let which = if product.sale_price.is_some() {
                "sale price"
            } else {
                "price"
            };
            bad(format!(
                "item_price {} differs from the catalog's {which} {selling}; update the catalog \
                 or ask the customer to order again",
                price.to_major_string()
            ));
            continue;
        }
        match index.get(&item.sku) {
            Some(&i) => match lines[i].quantity.checked_add(item.quantity) {
                Some(q) => lines[i].quantity = q,
                None => bad(format!(
                    "quantity {} of {} added to the cart's earlier {} is too large",
                    item.quantity, item.sku, lines[i].quantity
                )),
            },
            None => {
                index.insert(item.sku.clone(), lines.len());
                lines.push(CheckedLine {
                    sku: item.sku.clone(),
                    title: product.title,
                    quantity: item.quantity,
                    unit_price: price,
                });
            }
        }
    }
    let mut total = Money::zero(currency);
    for line in &lines {
        match line
            .unit_price
            .checked_mul(line.quantity)
            .and_then(|t| total.checked_add(t))
        {
            Ok(t) => total = t,
            Err(_) => {
                problems.push(Problem {
                    at: format!("{} ({})", order.at, line.sku),
                    message: format!(
                        "{} × {} at {} is more than an order can hold",
                        line.quantity, line.sku, line.unit_price
                    ),
                });
                break;
            }
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(Checked {
        order: order.clone(),
        lines,
        total,
    }))
}

/// The order a cart message already made, if any.
pub fn known(conn: &Connection, message_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM orders WHERE source_ref = ?1")?
        .query_row([message_id], |r| r.get(0))
        .optional()?)
}

/// What recording a cart did.
#[derive(Clone, Debug, Default)]
pub struct Recorded {
    pub order: i64,
    /// The payment request queued to the customer (its message id), if one was.
    pub payment_request: Option<i64>,
}

/// Records a checked cart (not yet known: see `known`) in the caller's transaction. Stock is
/// held for every line; going below zero is allowed (the customer already ordered) and comes
/// back as a warning.
pub fn record(
    conn: &Connection,
    checked: &Checked,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<Recorded> {
    let order = &checked.order;
    conn.execute(
        "INSERT INTO orders (provider_ref, source, source_ref, customer_phone, customer_name,
                             status, payment_status, currency, total, created_at, updated_at)
         VALUES (NULL, 'whatsapp', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            order.message_id,
            order.from,
            order.name,
            OrderStatus::Pending,
            PaymentStatus::Pending,
            checked.total.currency.code(),
            checked.total.minor,
            clock::format(order.created_at),
            clock::format(now),
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut add = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, sku, title, quantity, unit_price) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for line in &checked.lines {
        add.execute(params![
            id,
            line.sku,
            line.title,
            line.quantity,
            line.unit_price.minor
        ])?;
        // None: the product's stock is not tracked, so nothing is held.
        let left = catalog::adjust_stock(conn, &line.sku, -line.quantity, true, now)?;
        if let Some(left) = left
            && left < 0
        {
            warnings.push(format!(
                "order {id}: {} is now at {left} in stock (the customer ordered {}); restock it \
                 with `shopctl catalog stock {} +N` or cancel the order",
                line.sku, line.quantity, line.sku
            ));
        }
    }
    add_event(
        conn,
        id,
        "created: pending (WhatsApp order)",
        &format!(
            "message {} from {}{}",
            order.message_id,
            order.from,
            if order.catalog_id.is_empty() {
                String::new()
            } else {
                format!(", catalog {}", order.catalog_id)
            }
        ),
        now,
    )?;
    let payment_request = request_payment(conn, id, checked, now)?;
    Ok(Recorded {
        order: id,
        payment_request,
    })
}

/// Queues a payment request for a new chat order when the shop's market can pay in the chat
/// with a method the shop has enabled; `None` (nothing queued) otherwise.
fn request_payment(
    conn: &Connection,
    id: i64,
    checked: &Checked,
    now: Timestamp,
) -> Result<Option<i64>> {
    let shop = crate::store::shop::load(conn)?;
    let payable = crate::payments::list(conn, &shop.country, shop.currency, &shop.provider)?
        .iter()
        .any(|m| m.enabled && crate::channel::markets::pays_in_chat(&shop.country, m.method.name));
    if !payable {
        return Ok(None);
    }
    let key = crate::store::settings::find(crate::store::settings::PAYMENT_CONFIGURATION)?;
    let body = MessageBody::PaymentRequest(PaymentRequest {
        order_ref: id.to_string(),
        items: checked
            .lines
            .iter()
            .map(|l| RequestItem {
                sku: l.sku.clone(),
                name: l.title.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
            })
            .collect(),
        total: checked.total,
        payment_configuration: crate::store::settings::get(conn, key)?,
        country: shop.country,
        gateway: None,
    });
    Ok(Some(crate::messages::queue(
        conn,
        Some(id),
        &checked.order.from,
        body,
        now,
    )?))
}

/// Records a payment made in the chat on the order it names, in the caller's transaction.
/// `Ok(Err(why))` when it cannot be recorded (an order the shop does not have, another
/// currency): the delivery is kept as failed with that reason. A report that would move a
/// payment back (a `pending` arriving after `captured`) changes nothing.
pub fn record_payment(
    conn: &Connection,
    payment: &ChatPayment,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<std::result::Result<String, String>> {
    let Ok(id) = super::parse_id(&payment.order_ref) else {
        return Ok(Err(format!(
            "the payment names order \"{}\", which is not one of the shop's order ids",
            payment.order_ref
        )));
    };
    let Some(before) = super::find(conn, id)? else {
        return Ok(Err(format!(
            "the payment names order {id}, which this shop does not have"
        )));
    };
    if !payment
        .currency
        .eq_ignore_ascii_case(before.currency.code())
    {
        return Ok(Err(format!(
            "the payment for order {id} is in {}, the order in {}",
            payment.currency, before.currency
        )));
    }
    let amount = match Money::parse(
        &payment.amount.to_string(),
        before.currency,
        ParseOptions::default(),
    ) {
        Ok(m) => m,
        Err(e) => return Ok(Err(format!("the payment for order {id}: amount {e}"))),
    };
    let what = format!(
        "payment {} of order {id}: {}",
        payment.payment_ref, payment.state
    );
    match super::payment_by_ref(conn, &payment.payment_ref)? {
        Some(known) if known.order_id != id => {
            return Ok(Err(format!(
                "payment {} is recorded on order {}, not {id}",
                payment.payment_ref, known.order_id
            )));
        }
        Some(known) if !moves_forward(known.status, payment.state) => {
            return Ok(Ok(format!("{what} (stale: already {})", known.status)));
        }
        Some(known) => {
            conn.execute(
                "UPDATE payments SET status = ?2, amount = ?3, updated_at = ?4 WHERE id = ?1",
                params![known.id, payment.state, amount.minor, clock::format(now)],
            )?;
            add_event(
                conn,
                id,
                &format!(
                    "payment {}: {} -> {}",
                    payment.payment_ref, known.status, payment.state
                ),
                "in the chat",
                now,
            )?;
        }
        None => {
            conn.execute(
                "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    payment.payment_ref,
                    payment.method,
                    amount.minor,
                    amount.currency.code(),
                    payment.state,
                    clock::format(payment.at),
                    clock::format(now)
                ],
            )?;
            add_event(
                conn,
                id,
                &format!("payment {}: {}", payment.payment_ref, payment.state),
                &format!("{amount} by {} in the chat", payment.method),
                now,
            )?;
        }
    }
    let note = format!("payment in the chat ({})", payment.payment_ref);
    super::remote::settle(conn, &before, &note, now, warnings)?;
    Ok(Ok(what))
}

/// Pending may become captured or failed; a final state stays (a `failed` after `captured` is
/// a person's call, as for pulled payments).
fn moves_forward(from: PaymentState, to: PaymentState) -> bool {
    from == PaymentState::Pending && to != PaymentState::Pending
}
