//! Orders that arrive in the chat: a customer's cart (`model::ChatOrder`, parsed from a
//! WhatsApp webhook by the channel adapter) checked against the shop's currency and catalog,
//! then recorded as a `pending`, unpaid order whose `source_ref` is the message id (so the
//! same message never makes two orders), with its stock held and, when the shop's market can
//! pay in the chat with a method the shop has enabled, a payment request queued to the
//! customer. `orders import` (files) and the inbox (`serve`, `sync`) both come through here.
//!
//! Payments made in the chat (`model::ChatPayment`) settle the order they name.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::add_event;
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
    check_with(conn, order.clone(), currency, &mut Offers::default())
}

/// The catalog's offers read so far by one import, which asks for the same products again and
/// again (a sixth of its time went to these lookups). Bounded: past `OFFERS_KEPT` products
/// it starts over, so a huge catalog costs lookups, not memory.
#[derive(Default)]
pub struct Offers(std::collections::HashMap<String, Option<catalog::Offer>>);

const OFFERS_KEPT: usize = 10_000;

impl Offers {
    fn get(&mut self, conn: &Connection, sku: &str) -> Result<Option<catalog::Offer>> {
        if let Some(offer) = self.0.get(sku) {
            return Ok(offer.clone());
        }
        if self.0.len() >= OFFERS_KEPT {
            self.0.clear();
        }
        let offer = catalog::offer(conn, sku)?;
        self.0.insert(sku.to_string(), offer.clone());
        Ok(offer)
    }
}

/// `check`, reading the catalog through `offers` (the catalog does not change meanwhile); the
/// cart is taken, not copied.
pub fn check_with(
    conn: &Connection,
    order: ChatOrder,
    currency: Currency,
    offers: &mut Offers,
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
        let (price, offer) = match check_item(conn, item, currency, offers)? {
            Ok(found) => found,
            Err(messages) => {
                messages.into_iter().for_each(&mut bad);
                continue;
            }
        };
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
                    title: offer.title,
                    quantity: item.quantity,
                    unit_price: price,
                });
            }
        }
    }
    let total = match total(&order, &lines, currency) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            Money::zero(currency)
        }
    };
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(Checked {
        order,
        lines,
        total,
    }))
}

/// One cart item against the catalog: its price and the catalog's offer, or every message
/// that applies to it (a price that does not parse and an unknown SKU are both said).
fn check_item(
    conn: &Connection,
    item: &crate::model::ChatItem,
    currency: Currency,
    offers: &mut Offers,
) -> Result<std::result::Result<(Money, catalog::Offer), Vec<String>>> {
    if !item.currency.eq_ignore_ascii_case(currency.code()) {
        return Ok(Err(vec![format!(
            "currency \"{}\", but the shop sells in {currency}; orders in other currencies \
             cannot be imported",
            item.currency
        )]));
    }
    let mut messages = Vec::new();
    let price = Money::parse(
        &item.unit_price.to_string(),
        currency,
        ParseOptions::default(),
    )
    .map_err(|e| messages.push(format!("item_price: {e}")))
    .ok();
    let Some(offer) = offers.get(conn, &item.sku)? else {
        messages.push(format!(
            "unknown SKU \"{}\": it is not in the catalog (add it with `shopctl catalog \
             import`, or check the catalog synced to WhatsApp)",
            item.sku
        ));
        return Ok(Err(messages));
    };
    let Some(price) = price else {
        return Ok(Err(messages));
    };
    if price != offer.selling {
        let which = if offer.on_sale { "sale price" } else { "price" };
        messages.push(format!(
            "item_price {} differs from the catalog's {which} {}; update the catalog \
             or ask the customer to order again",
            price.to_major_string(),
            offer.selling
        ));
        return Ok(Err(messages));
    }
    Ok(Ok((price, offer)))
}

/// The cart's total, or the problem when a line or the sum is more than an order can hold.
fn total(
    order: &ChatOrder,
    lines: &[CheckedLine],
    currency: Currency,
) -> std::result::Result<Money, Problem> {
    let mut total = Money::zero(currency);
    for line in lines {
        total = line
            .unit_price
            .checked_mul(line.quantity)
            .and_then(|t| total.checked_add(t))
            .map_err(|_| Problem {
                at: format!("{} ({})", order.at, line.sku),
                message: format!(
                    "{} × {} at {} is more than an order can hold",
                    line.quantity, line.sku, line.unit_price
                ),
            })?;
    }
    Ok(total)
}

/// The order a cart message already made, if any.
pub fn known(conn: &Connection, message_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM orders WHERE source_ref = ?1")?
        .query_row([message_id], |r| r.get(0))
        .optional()?)
}

/// Which of `message_ids` (at most `KNOWN_AT_ONCE`) made an order already: one query for a
/// batch of an import rather than one per cart.
pub fn known_among(conn: &Connection, message_ids: &[&str]) -> Result<HashSet<String>> {
    anyhow::ensure!(
        message_ids.len() <= KNOWN_AT_ONCE,
        "too many message ids at once"
    );
    // Always `KNOWN_AT_ONCE` parameters (NULL matches nothing): one statement prepared.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT source_ref FROM orders WHERE source_ref IN ({})",
        vec!["?"; KNOWN_AT_ONCE].join(",")
    ))?;
    for i in 0..KNOWN_AT_ONCE {
        stmt.raw_bind_parameter(i + 1, message_ids.get(i))?;
    }
    let mut known = HashSet::new();
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        known.insert(row.get(0)?);
    }
    Ok(known)
}

/// The most message ids `known_among` takes.
pub const KNOWN_AT_ONCE: usize = 128;

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
    let id = insert(conn, checked, now)?;
    for line in &checked.lines {
        // None: the product's stock is not tracked, so nothing is held.
        let left = catalog::adjust_stock(conn, &line.sku, -line.quantity, true, now)?;
        if let Some(left) = left
            && left < 0
        {
            warnings.push(below_zero(id, &line.sku, left, line.quantity));
        }
    }
    let payment_request = match PayInChat::of_shop(conn)? {
        Some(pay) => Some(pay.request(conn, id, checked, now)?),
        None => None,
    };
    Ok(Recorded {
        order: id,
        payment_request,
    })
}

/// The warning for a line that took its SKU's stock below zero.
pub fn below_zero(order: i64, sku: &str, left: i64, ordered: i64) -> String {
    format!(
        "order {order}: {sku} is now at {left} in stock (the customer ordered {ordered}); \
         restock it with `shopctl catalog stock {sku} +N` or cancel the order"
    )
}

/// Writes a checked cart's order, its lines and the first line of its history (not its stock
/// nor its payment request: `record` does all, `orders import` queues stock by SKU).
pub fn insert(conn: &Connection, checked: &Checked, now: Timestamp) -> Result<i64> {
    Ok(insert_many(conn, std::slice::from_ref(checked), now)?[0])
}

/// `insert` of several carts (none known yet, no message twice); returns their order ids, in
/// order. The orders go in with one statement: each execution of an INSERT into `orders`
/// builds the lookup tables of its three `CHECK (... IN (...))` constraints, so a row per
/// statement would pay for them per order. Lines and history go in through statements cached
/// on the connection, prepared once per import, several rows at a time (`insert_rows`).
pub fn insert_many(conn: &Connection, carts: &[Checked], now: Timestamp) -> Result<Vec<i64>> {
    if carts.is_empty() {
        return Ok(Vec::new());
    }
    let now = clock::format(now);
    let mut orders = conn.prepare_cached(&orders_sql(carts.len()))?;
    orders.raw_bind_parameter(1, &now)?;
    let mut i = 2;
    for cart in carts {
        let o = &cart.order;
        orders.raw_bind_parameter(i, &o.message_id)?;
        orders.raw_bind_parameter(i + 1, &o.from)?;
        orders.raw_bind_parameter(i + 2, &o.name)?;
        orders.raw_bind_parameter(i + 3, cart.total.currency.code())?;
        orders.raw_bind_parameter(i + 4, cart.total.minor)?;
        orders.raw_bind_parameter(i + 5, clock::format(o.created_at))?;
        i += 6;
    }
    orders.raw_execute()?;
    // Under the write lock, AUTOINCREMENT gives one statement's rows consecutive ids.
    let last = conn.last_insert_rowid();
    let first = last - carts.len() as i64 + 1;
    let ids: Vec<i64> = (first..=last).collect();
    let lines: Vec<[&dyn ToSql; 5]> = ids
        .iter()
        .zip(carts)
        .flat_map(|(id, cart)| {
            cart.lines.iter().map(move |line| -> [&dyn ToSql; 5] {
                [
                    id,
                    &line.sku,
                    &line.title,
                    &line.quantity,
                    &line.unit_price.minor,
                ]
            })
        })
        .collect();
    insert_rows(
        conn,
        "INSERT INTO order_lines (order_id, sku, title, quantity, unit_price)",
        "(?, ?, ?, ?, ?)",
        &lines,
    )?;
    let notes: Vec<String> = carts
        .iter()
        .map(|cart| creation_note(&cart.order))
        .collect();
    let events: Vec<[&dyn ToSql; 3]> = ids
        .iter()
        .zip(&notes)
        .map(|(id, note)| -> [&dyn ToSql; 3] { [id, &now, note] })
        .collect();
    insert_rows(
        conn,
        "INSERT INTO order_events (order_id, at, what, note)",
        "(?, ?, 'created: pending (WhatsApp order)', ?)",
        &events,
    )?;
    Ok(ids)
}

/// The note of a chat order's first history line.
fn creation_note(o: &ChatOrder) -> String {
    if o.catalog_id.is_empty() {
        format!("message {} from {}", o.message_id, o.from)
    } else {
        format!(
            "message {} from {}, catalog {}",
            o.message_id, o.from, o.catalog_id
        )
    }
}

/// Rows a statement of `insert_rows` writes.
const ROWS_AT_ONCE: usize = 64;

/// `head VALUES row, row, ...` for every row of `rows`: `ROWS_AT_ONCE` rows a statement and
/// the rest one by one, so that two statements are prepared (and cached) whatever the count.
/// A statement per row paid its setup (cursors on the table, its indexes and, for the foreign
/// key, the orders) for each line of each order of an import.
fn insert_rows<const N: usize>(
    conn: &Connection,
    head: &str,
    row: &str,
    rows: &[[&dyn ToSql; N]],
) -> Result<()> {
    let mut chunks = rows.chunks_exact(ROWS_AT_ONCE);
    if rows.len() >= ROWS_AT_ONCE {
        let mut many = conn.prepare_cached(&format!(
            "{head} VALUES {}",
            vec![row; ROWS_AT_ONCE].join(",")
        ))?;
        for chunk in &mut chunks {
            for (i, value) in chunk.iter().flatten().enumerate() {
                many.raw_bind_parameter(i + 1, value)?;
            }
            many.raw_execute()?;
        }
    }
    let mut one = conn.prepare_cached(&format!("{head} VALUES {row}"))?;
    for values in chunks.remainder() {
        one.execute(&values[..])?;
    }
    Ok(())
}

/// The INSERT of `rows` new chat orders: `?1` is the time of writing, then six values a row.
fn orders_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO orders (provider_ref, source, updated_at, source_ref, customer_phone,
                             customer_name, currency, total, created_at, status, payment_status)
         VALUES ",
    );
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        // `?1` comes first: a bare `?` takes the number after the highest so far.
        sql.push_str("(NULL, 'whatsapp', ?1, ?, ?, ?, ?, ?, ?, 'pending', 'pending')");
    }
    sql
}

/// The shop's market pays in the chat with a method the shop has enabled: a new chat order
/// gets a payment request. Read once per import, not once per order.
pub struct PayInChat {
    country: String,
    payment_configuration: Option<String>,
}

impl PayInChat {
    /// `None`: nothing is queued for new chat orders.
    pub fn of_shop(conn: &Connection) -> Result<Option<PayInChat>> {
        let shop = crate::store::shop::load(conn)?;
        let payable = crate::payments::list(conn, &shop.country, shop.currency, &shop.provider)?
            .iter()
            .any(|m| {
                m.enabled && crate::channel::markets::pays_in_chat(&shop.country, m.method.name)
            });
        if !payable {
            return Ok(None);
        }
        let key = crate::store::settings::find(crate::store::settings::PAYMENT_CONFIGURATION)?;
        Ok(Some(PayInChat {
            country: shop.country,
            payment_configuration: crate::store::settings::get(conn, key)?,
        }))
    }

    /// Queues the payment request of order `id` to the customer; returns the message's id.
    pub fn request(
        &self,
        conn: &Connection,
        id: i64,
        checked: &Checked,
        now: Timestamp,
    ) -> Result<i64> {
        let body = self.body(id, checked);
        crate::messages::queue(conn, Some(id), &checked.order.from, body, now)
    }

    /// The payment request of order `id` (`request` queues it).
    pub fn body(&self, id: i64, checked: &Checked) -> MessageBody {
        MessageBody::PaymentRequest(PaymentRequest {
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
            payment_configuration: self.payment_configuration.clone(),
            country: self.country.clone(),
            gateway: None,
        })
    }
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
    let Some(id) = super::id_in(&payment.order_ref) else {
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
