//! `orders import`: WhatsApp Cloud API webhook payloads whose messages are of type `order`.
//!
//! Meta posts `{"object": "whatsapp_business_account", "entry": [{"changes": [{"value":
//! {"contacts": [...], "messages": [{"id": "wamid...", "from": "<wa_id>", "timestamp": "<unix
//! seconds>", "type": "order", "order": {"catalog_id", "text", "product_items":
//! [{"product_retailer_id", "quantity", "item_price", "currency"}]}}]}, "field": "messages"}]}]}`.
//! A file holds one such document or several (one per line, as a webhook log would).
//!
//! All or nothing: every problem in every document is collected first (with its line and the
//! JSON path of the field), and nothing is written unless there are none. Each order message
//! becomes a `pending`, unpaid order whose `source_ref` is the message id, so importing the same
//! message again changes nothing. Stock is reserved for every line; going below zero is allowed
//! (the customer already ordered) but comes back as a warning.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::{OrderStatus, PaymentStatus, add_event};
use crate::catalog;
use crate::clock;
use crate::money::{Currency, Money, ParseOptions};

/// What one import did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Ids of the orders made.
    pub created: Vec<i64>,
    /// Order messages already imported before (or twice in this input).
    pub unchanged: usize,
    /// Messages that are not orders (text, statuses...), left alone.
    pub skipped: usize,
    pub warnings: Vec<String>,
}

/// Where a problem is and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: String,
    pub message: String,
}

/// The error of a refused import: every problem found; nothing was imported.
#[derive(Debug)]
pub struct ImportError {
    pub source: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} problem{}, nothing was imported:",
            self.source,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {}: {}", p.at, p.message)?;
        }
        write!(
            f,
            "\nfix the payloads (or the catalog) and import the file again; \
             messages already imported are skipped"
        )
    }
}

impl std::error::Error for ImportError {}

/// An order message that passed every check.
#[derive(Clone, Debug)]
struct WaOrder {
    message_id: String,
    from: String,
    name: String,
    catalog_id: String,
    created_at: Timestamp,
    /// sku -> (title, quantity, unit price); same SKU twice in one cart is one line.
    lines: BTreeMap<String, (String, i64, Money)>,
    /// The SKUs in the order the customer added them (BTreeMap sorts).
    order: Vec<String>,
}

/// Imports `text` (read from `source`, named in messages) into the shop, inside the caller's
/// transaction. Returns an `ImportError` (nothing written) when anything is wrong.
pub fn import(
    conn: &Connection,
    source: &str,
    text: &str,
    currency: Currency,
    now: Timestamp,
) -> Result<Summary> {
    let docs = split_documents(source, text)?;
    let mut problems = Vec::new();
    let mut orders = Vec::new();
    let mut skipped = 0;
    for (line, doc) in &docs {
        read_document(
            conn,
            *line,
            doc,
            currency,
            now,
            &mut orders,
            &mut skipped,
            &mut problems,
        )?;
    }
    if !problems.is_empty() {
        return Err(ImportError {
            source: source.to_string(),
            problems,
        }
        .into());
    }

    let mut summary = Summary {
        skipped,
        ..Summary::default()
    };
    let mut seen = HashSet::new();
    for order in orders {
        let known: Option<i64> = conn
            .query_row(
                "SELECT id FROM orders WHERE source_ref = ?1",
                [&order.message_id],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_some() || !seen.insert(order.message_id.clone()) {
            summary.unchanged += 1;
            continue;
        }
        let id = insert(conn, &order, currency, now, &mut summary.warnings)?;
        summary.created.push(id);
    }
    Ok(summary)
}

/// One JSON document, or several in a row (JSON Lines), each with the line it starts on. A
/// syntax error stops everything: the rest cannot be trusted to start where it seems to.
fn split_documents(source: &str, text: &str) -> Result<Vec<(usize, Value)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut docs = Vec::new();
    let mut start = 0;
    loop {
        let rest = &text[start..];
        let skipped = rest.len() - rest.trim_start().len();
        let line = text[..start + skipped].matches('\n').count() + 1;
        match stream.next() {
            None => break,
            Some(Ok(v)) => docs.push((line, v)),
            Some(Err(e)) => {
                return Err(ImportError {
                    source: source.to_string(),
                    problems: vec![Problem {
                        at: format!("line {}, column {}", e.line(), e.column()),
                        message: format!(
                            "the payload is not valid JSON ({}); expected WhatsApp webhook \
                             documents, one per file or one per line",
                            strip_position(&e.to_string())
                        ),
                    }],
                }
                .into());
            }
        }
        start = stream.byte_offset();
    }
    if docs.is_empty() {
        return Err(ImportError {
            source: source.to_string(),
            problems: vec![Problem {
                at: "line 1".into(),
                message: "no webhook payload in it (the file is empty)".into(),
            }],
        }
        .into());
    }
    Ok(docs)
}

/// serde_json appends " at line L column C"; the position is already in front.
fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// A string or a number, as text (Meta sends numbers; some relays quote them).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        // The number's own shortest decimal text, read as an exact decimal below; no float
        // arithmetic touches the amount.
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn read_document(
    conn: &Connection,
    line: usize,
    doc: &Value,
    currency: Currency,
    now: Timestamp,
    orders: &mut Vec<WaOrder>,
    skipped: &mut usize,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let mut problem = |at: String, message: String| {
        problems.push(Problem {
            at: format!("line {line}, {at}"),
            message,
        })
    };
    let Some(entries) = doc.get("entry").and_then(Value::as_array) else {
        problem(
            "the document".into(),
            "has no \"entry\" list: this is not a WhatsApp Cloud API webhook payload".into(),
        );
        return Ok(());
    };
    for (ei, entry) in entries.iter().enumerate() {
        let Some(changes) = entry.get("changes").and_then(Value::as_array) else {
            problem(format!("entry[{ei}]"), "has no \"changes\" list".into());
            continue;
        };
        for (ci, change) in changes.iter().enumerate() {
            let path = format!("entry[{ei}].changes[{ci}].value");
            let Some(value) = change.get("value").filter(|v| v.is_object()) else {
                problem(
                    path,
                    "is missing (each change carries a \"value\" object)".into(),
                );
                continue;
            };
            let Some(messages) = value.get("messages") else {
                // Status updates and other changes carry no messages: nothing to import.
                continue;
            };
            let Some(messages) = messages.as_array() else {
                problem(format!("{path}.messages"), "is not a list".into());
                continue;
            };
            let contacts = value.get("contacts").and_then(Value::as_array);
            for (mi, message) in messages.iter().enumerate() {
                let mpath = format!("{path}.messages[{mi}]");
                if message.get("type").and_then(Value::as_str) != Some("order") {
                    *skipped += 1;
                    continue;
                }
                let mut errs = Vec::new();
                let order = read_order(conn, message, contacts, currency, now, &mut errs)?;
                let label = match message.get("id").and_then(Value::as_str) {
                    Some(id) => format!("{mpath} ({id})"),
                    None => mpath.clone(),
                };
                for (at, msg) in errs {
                    problem(format!("{label}{at}"), msg);
                }
                if let Some(order) = order {
                    orders.push(order);
                }
            }
        }
    }
    Ok(())
}

/// Checks one order message; problems go to `errs` as (path suffix, message).
fn read_order(
    conn: &Connection,
    message: &Value,
    contacts: Option<&Vec<Value>>,
    currency: Currency,
    now: Timestamp,
    errs: &mut Vec<(String, String)>,
) -> Result<Option<WaOrder>> {
    let before = errs.len();
    let head = read_head(message, contacts, now, errs);
    let Some(order) = message.get("order").filter(|o| o.is_object()) else {
        errs.push((
            ".order".into(),
            "a message of type order has no \"order\" object".into(),
        ));
        return Ok(None);
    };
    let catalog_id = order
        .get("catalog_id")
        .and_then(scalar_text)
        .unwrap_or_default();
    let items = match order.get("product_items").and_then(Value::as_array) {
        Some(items) if !items.is_empty() => items,
        _ => {
            errs.push((
                ".order.product_items".into(),
                "the order has no items".into(),
            ));
            return Ok(None);
        }
    };
    let mut lines: BTreeMap<String, (String, i64, Money)> = BTreeMap::new();
    let mut seq = Vec::new();
    for (ii, item) in items.iter().enumerate() {
        let Some(item) = read_item(conn, ii, item, currency, errs)? else {
            continue;
        };
        match lines.get_mut(&item.sku) {
            Some(line) => line.1 += item.quantity,
            None => {
                seq.push(item.sku.clone());
                lines.insert(item.sku, (item.title, item.quantity, item.price));
            }
        }
    }
    if errs.len() > before {
        return Ok(None);
    }
    Ok(Some(WaOrder {
        message_id: head.message_id.unwrap_or_default(),
        from: head.from,
        name: head.name,
        catalog_id,
        created_at: head.created_at,
        lines,
        order: seq,
    }))
}

/// Who sent an order message, and when.
struct Head {
    message_id: Option<String>,
    from: String,
    name: String,
    created_at: Timestamp,
}

/// Reads the message id, the customer and the time of an order message.
fn read_head(
    message: &Value,
    contacts: Option<&Vec<Value>>,
    now: Timestamp,
    errs: &mut Vec<(String, String)>,
) -> Head {
    let message_id = message
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string);
    if message_id.is_none() {
        errs.push((
            ".id".into(),
            "the message has no id (needed to import each message once)".into(),
        ));
    }
    let from = message
        .get("from")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if from.is_empty() {
        errs.push((
            ".from".into(),
            "the customer's WhatsApp number is missing".into(),
        ));
    }
    let name = contacts
        .into_iter()
        .flatten()
        .find(|c| c.get("wa_id").and_then(Value::as_str) == Some(from.as_str()))
        .or_else(|| contacts.and_then(|c| c.first()))
        .and_then(|c| c.pointer("/profile/name"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let created_at = match message.get("timestamp").map(scalar_text) {
        None => now,
        Some(Some(t)) => match t
            .parse::<i64>()
            .ok()
            .and_then(|s| Timestamp::from_second(s).ok())
        {
            Some(ts) => ts,
            None => {
                errs.push((
                    ".timestamp".into(),
                    format!("\"{t}\" is not a Unix time in seconds"),
                ));
                now
            }
        },
        Some(None) => {
            errs.push((".timestamp".into(), "is not a Unix time in seconds".into()));
            now
        }
    };
    Head {
        message_id,
        from,
        name,
        created_at,
    }
}

/// One cart item that passed every check.
struct Item {
    sku: String,
    title: String,
    quantity: i64,
    price: Money,
}

/// Checks cart item `ii` against the shop's currency and catalog; its problems go to `errs`.
fn read_item(
    conn: &Connection,
    ii: usize,
    item: &Value,
    currency: Currency,
    errs: &mut Vec<(String, String)>,
) -> Result<Option<Item>> {
    let sku = item
        .get("product_retailer_id")
        .and_then(scalar_text)
        .unwrap_or_default();
    let at = if sku.is_empty() {
        format!(" item {}", ii + 1)
    } else {
        format!(" item {} ({sku})", ii + 1)
    };
    let mut bad = |msg: String| errs.push((at.clone(), msg));
    if sku.is_empty() {
        bad("product_retailer_id (the SKU) is missing".into());
        return Ok(None);
    }
    let quantity = quantity_of(item).map_err(&mut bad).ok();
    let item_currency = item
        .get("currency")
        .and_then(scalar_text)
        .unwrap_or_default();
    if !item_currency.eq_ignore_ascii_case(currency.code()) {
        bad(format!(
            "currency \"{item_currency}\", but the shop sells in {currency}; \
             orders in other currencies cannot be imported"
        ));
        return Ok(None);
    }
    let price = price_of(item, currency).map_err(&mut bad).ok();
    let Some(product) = catalog::load(conn, &sku)? else {
        bad(format!(
            "unknown SKU \"{sku}\": it is not in the catalog (add it with `shopctl catalog import`, \
             or check the catalog synced to WhatsApp)"
        ));
        return Ok(None);
    };
    let (Some(quantity), Some(price)) = (quantity, price) else {
        return Ok(None);
    };
    // The catalog's selling price: the sale price while there is one.
    let selling = product.sale_price.unwrap_or(product.price);
    if price != selling {
        let which = if product.sale_price.is_some() {
            "sale price"
        } else {
            "price"
        };
        bad(format!(
            "item_price {} differs from the catalog's {which} {selling}; \
             update the catalog or ask the customer to order again",
            price.to_major_string()
        ));
        return Ok(None);
    }
    Ok(Some(Item {
        sku,
        title: product.title,
        quantity,
        price,
    }))
}

/// An item's `quantity`: a whole number above 0.
fn quantity_of(item: &Value) -> Result<i64, String> {
    let Some(q) = item.get("quantity").and_then(scalar_text) else {
        return Err("quantity is missing".into());
    };
    match q.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("quantity \"{q}\" is not a whole number above 0")),
    }
}

/// An item's `item_price`, exact, in the shop's currency.
fn price_of(item: &Value, currency: Currency) -> Result<Money, String> {
    let Some(p) = item.get("item_price").and_then(scalar_text) else {
        return Err("item_price is missing".into());
    };
    Money::parse(&p, currency, ParseOptions::default()).map_err(|e| format!("item_price: {e}"))
}

fn insert(
    conn: &Connection,
    order: &WaOrder,
    currency: Currency,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<i64> {
    let mut total = Money::zero(currency);
    for (_, qty, price) in order.lines.values() {
        total = total.checked_add(price.checked_mul(*qty)?)?;
    }
    conn.execute(
        "INSERT INTO orders (provider_ref, source, source_ref, customer_phone, customer_name,
                             status, payment_status, currency, total, created_at, updated_at)
         VALUES (NULL, 'whatsapp', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            order.message_id,
            order.from,
            order.name,
            OrderStatus::Pending.as_str(),
            PaymentStatus::Pending.as_str(),
            currency.code(),
            total.minor,
            clock::format(order.created_at),
            clock::format(now),
        ],
    )?;
    let id = conn.last_insert_rowid();
    for sku in &order.order {
        let (title, qty, price) = &order.lines[sku];
        conn.execute(
            "INSERT INTO order_lines (order_id, sku, title, quantity, unit_price) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, sku, title, qty, price.minor],
        )?;
        // None: the product's stock is not tracked, so nothing is held.
        let left = catalog::adjust_stock(conn, sku, -qty, true, now)?;
        if let Some(left) = left
            && left < 0
        {
            warnings.push(format!(
                "order {id}: {sku} is now at {left} in stock (the customer ordered {qty}); \
                 restock it with `shopctl catalog stock {sku} +N` or cancel the order"
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
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_one_per_line_or_pretty() {
        let docs = split_documents("x", "{\"a\": 1}\n\n{\"b\":\n 2}\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].0, 1);
        assert_eq!(docs[1].0, 3);
        let err = split_documents("f.json", "{\"a\": 1}\n{\"b\": }\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 2, column 7"), "{text}");
        assert!(split_documents("x", "  \n").is_err());
    }
}
