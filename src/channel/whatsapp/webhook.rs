//! Meta's webhook payloads into the shop's events. A payload is `{"object":
//! "whatsapp_business_account", "entry": [{"changes": [{"value": {...}, "field": "messages"}]}]}`
//! whose values carry `messages` (a customer's cart: `type: order`, with `order.product_items`
//! of `product_retailer_id`, `quantity`, `item_price`, `currency`; other types are noted and
//! left alone) and `statuses` (what became of a message the shop sent: `sent`, `delivered`,
//! `read`, `failed` with `errors`; and, with `type: payment`, a payment made in the chat:
//! `pending`, `captured`, `failed`, with `payment.reference_id`, `amount {value, offset}`,
//! `currency` and `transaction`).
//!
//! Sources: the order message and the status schema in Meta's OpenAPI description of the
//! Business Messaging API v23.0 (`WebhookPayload`, example "Order Message", `Statuses`); the
//! payment status from Meta's "Payments API" pages (Receive payment status, India and
//! Singapore), which the OpenAPI description does not cover.
//!
//! Every problem found is reported with the JSON path of its field (and the message id), and
//! a problem in one message does not hide the others. Prices are read as exact decimals.

use jiff::Timestamp;
use rust_decimal::Decimal;

use super::json::Node;
use crate::channel::Parsed;
use crate::model::{
    ChatItem, ChatOrder, ChatPayment, DeliveryState, DeliveryStatus, InboundEvent, PaymentState,
    Problem,
};

/// Reads one payload. `now` stands in for a missing timestamp.
///
/// A payload of the common shape (order messages without a problem) is read in one pass by
/// `shape`; anything else — a problem to report, a status, a member of an unexpected type —
/// is read by the walk below, which names every problem's path.
pub fn parse_document(doc: Node, now: Timestamp, out: &mut Parsed) {
    if let Some(events) = super::shape::read(doc, now) {
        out.events.extend(events);
        return;
    }
    walk(doc, now, out);
}

/// `parse_document` without the one-pass reader: every member found by its name.
pub fn walk(doc: Node, now: Timestamp, out: &mut Parsed) {
    let Some(entries) = doc.get("entry").and_then(|e| e.array()) else {
        problem(
            out,
            "the document".into(),
            "has no \"entry\" list: this is not a WhatsApp Cloud API webhook payload".into(),
        );
        return;
    };
    for (ei, entry) in entries.iter().enumerate() {
        let Some(changes) = entry.get("changes").and_then(|c| c.array()) else {
            problem(
                out,
                format!("entry[{ei}]"),
                "has no \"changes\" list".into(),
            );
            continue;
        };
        for (ci, change) in changes.iter().enumerate() {
            let path = format!("entry[{ei}].changes[{ci}].value");
            let Some(value) = change.get("value").filter(Node::is_object) else {
                problem(
                    out,
                    path,
                    "is missing (each change carries a \"value\" object)".into(),
                );
                continue;
            };
            read_messages(&value, &path, now, out);
            read_statuses(&value, &path, now, out);
        }
    }
}

fn problem(out: &mut Parsed, at: String, message: String) {
    out.problems.push(Problem { at, message });
}

fn read_messages(value: &Node, path: &str, now: Timestamp, out: &mut Parsed) {
    let Some(messages) = value.get("messages") else {
        return;
    };
    let Some(messages) = messages.array() else {
        problem(out, format!("{path}.messages"), "is not a list".into());
        return;
    };
    let contacts = value
        .get("contacts")
        .and_then(|c| c.array())
        .unwrap_or_default();
    for (mi, message) in messages.iter().enumerate() {
        let kind = message
            .get("type")
            .and_then(|t| t.str())
            .unwrap_or_default();
        let id = message.get("id").and_then(|i| i.str());
        let mpath = message_path(path, mi, id.as_deref());
        if kind != "order" {
            out.events.push(other(&kind));
            continue;
        }
        let before = out.problems.len();
        let order = read_order(message, &contacts, &mpath, now, out);
        if out.problems.len() == before
            && let Some(order) = order
        {
            out.events.push(InboundEvent::Order(order));
        }
    }
}

/// Where message `mi` of the value at `path` is, for problems: its index and id.
pub(super) fn message_path(path: &str, mi: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{path}.messages[{mi}] ({id})"),
        None => format!("{path}.messages[{mi}]"),
    }
}

/// A message that is not an order, of type `kind`.
pub(super) fn other(kind: &str) -> InboundEvent {
    InboundEvent::Other {
        what: format!(
            "a {} message",
            if kind.is_empty() { "typeless" } else { kind }
        ),
    }
}

/// One `order` message; its problems go to `out` under `mpath`.
fn read_order(
    message: &Node,
    contacts: &[Node],
    mpath: &str,
    now: Timestamp,
    out: &mut Parsed,
) -> Option<ChatOrder> {
    let mut bad = |suffix: &str, msg: String| problem(out, format!("{mpath}{suffix}"), msg);
    let message_id = message
        .get("id")
        .and_then(|i| i.str())
        .filter(|s| !s.trim().is_empty());
    if message_id.is_none() {
        bad(
            ".id",
            "the message has no id (needed to import each message once)".into(),
        );
    }
    let from = message
        .get("from")
        .and_then(|f| f.str())
        .unwrap_or_default();
    if from.is_empty() {
        bad(".from", "the customer's WhatsApp number is missing".into());
    }
    let name = contacts
        .iter()
        .find(|c| c.get("wa_id").and_then(|w| w.str()).as_deref() == Some(from.as_str()))
        .or_else(|| contacts.first())
        .and_then(|c| c.get("profile"))
        .and_then(|p| p.get("name"))
        .and_then(|n| n.str())
        .unwrap_or_default();
    let created_at = timestamp(message, now).unwrap_or_else(|e| {
        bad(".timestamp", e);
        now
    });
    let Some(order) = message.get("order").filter(Node::is_object) else {
        bad(
            ".order",
            "a message of type order has no \"order\" object".into(),
        );
        return None;
    };
    let catalog_id = order
        .get("catalog_id")
        .and_then(|c| c.scalar_text())
        .unwrap_or_default();
    let items = match order.get("product_items").and_then(|p| p.array()) {
        Some(items) if !items.is_empty() => items,
        _ => {
            bad(".order.product_items", "the order has no items".into());
            return None;
        }
    };
    let items: Vec<ChatItem> = items
        .iter()
        .enumerate()
        .filter_map(|(ii, item)| read_item(ii, item, mpath, out))
        .collect();
    Some(ChatOrder {
        message_id: message_id?,
        from,
        name,
        catalog_id,
        created_at,
        items,
        at: mpath.to_string(),
    })
}

/// A message's or status's `timestamp`: Unix seconds, as a string or a number.
fn timestamp(node: &Node, now: Timestamp) -> Result<Timestamp, String> {
    unix_time(node.get("timestamp"), now)
}

/// A `timestamp` member (`None`: there is none, so `now`).
pub(super) fn unix_time(node: Option<Node>, now: Timestamp) -> Result<Timestamp, String> {
    match node {
        None => Ok(now),
        Some(t) => {
            let text = t.scalar_text().unwrap_or_default();
            text.parse::<i64>()
                .ok()
                .and_then(|s| Timestamp::from_second(s).ok())
                .ok_or_else(|| format!("\"{text}\" is not a Unix time in seconds"))
        }
    }
}

/// Cart item `ii`: the SKU, a whole quantity above 0, the exact price and its currency.
fn read_item(ii: usize, item: &Node, mpath: &str, out: &mut Parsed) -> Option<ChatItem> {
    let sku = item
        .get("product_retailer_id")
        .and_then(|s| s.scalar_text())
        .unwrap_or_default();
    let at = item_at(ii, &sku);
    if sku.is_empty() {
        problem(
            out,
            format!("{mpath}{at}"),
            "product_retailer_id (the SKU) is missing".into(),
        );
        return None;
    }
    let quantity = item_quantity(item.get("quantity"));
    let unit_price = item_price(item.get("item_price"));
    let currency = item
        .get("currency")
        .and_then(|c| c.scalar_text())
        .unwrap_or_default();
    match (quantity, unit_price) {
        (Ok(quantity), Ok(unit_price)) => Some(ChatItem {
            sku,
            quantity,
            unit_price,
            currency,
            at,
        }),
        (quantity, unit_price) => {
            for message in [quantity.err(), unit_price.err()].into_iter().flatten() {
                problem(out, format!("{mpath}{at}"), message);
            }
            None
        }
    }
}

/// Where item `ii` of a cart is, for problems: its number and SKU.
pub(super) fn item_at(ii: usize, sku: &str) -> String {
    if sku.is_empty() {
        format!(" item {}", ii + 1)
    } else {
        format!(" item {} ({sku})", ii + 1)
    }
}

/// An item's `quantity` member: a whole number above 0.
pub(super) fn item_quantity(node: Option<Node>) -> Result<i64, String> {
    let Some(q) = node.and_then(|q| q.scalar_text()) else {
        return Err("quantity is missing".into());
    };
    match q.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Err(_) if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) => {
            Err(format!("quantity {q} is too large"))
        }
        _ => Err(format!("quantity \"{q}\" is not a whole number above 0")),
    }
}

/// An item's `item_price` member, exactly.
pub(super) fn item_price(node: Option<Node>) -> Result<Decimal, String> {
    let Some(p) = node.and_then(|p| p.scalar_text()) else {
        return Err("item_price is missing".into());
    };
    exact_decimal(&p).ok_or_else(|| format!("item_price \"{p}\" is not a number"))
}

/// The exact decimal a JSON number's text (or a quoted one) says, or `None`. Digits beyond
/// what `Decimal` holds (28) are not rounded away: such a number is refused.
fn exact_decimal(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        return Decimal::from_scientific(text).ok();
    }
    Decimal::from_str_exact(text).ok()
}

fn read_statuses(value: &Node, path: &str, now: Timestamp, out: &mut Parsed) {
    let Some(statuses) = value.get("statuses") else {
        return;
    };
    let Some(statuses) = statuses.array() else {
        problem(out, format!("{path}.statuses"), "is not a list".into());
        return;
    };
    for (si, status) in statuses.iter().enumerate() {
        let spath = format!("{path}.statuses[{si}]");
        let kind = status.get("type").and_then(|t| t.str()).unwrap_or_default();
        let before = out.problems.len();
        let event = if kind == "payment" {
            read_payment(status, &spath, now, out).map(InboundEvent::Payment)
        } else {
            read_delivery(status, &spath, now, out).map(InboundEvent::Delivery)
        };
        if out.problems.len() == before
            && let Some(event) = event
        {
            out.events.push(event);
        }
    }
}

/// A status about a message the shop sent.
fn read_delivery(
    status: &Node,
    spath: &str,
    now: Timestamp,
    out: &mut Parsed,
) -> Option<DeliveryStatus> {
    let mut bad = |suffix: &str, msg: String| problem(out, format!("{spath}{suffix}"), msg);
    let Some(message_id) = status.get("id").and_then(|i| i.str()) else {
        bad(".id", "the status names no message".into());
        return None;
    };
    let text = status
        .get("status")
        .and_then(|s| s.str())
        .unwrap_or_default();
    let state = match text.as_str() {
        "sent" => DeliveryState::Sent,
        "delivered" => DeliveryState::Delivered,
        "read" => DeliveryState::Read,
        "failed" => DeliveryState::Failed,
        other => {
            bad(
                ".status",
                format!("\"{other}\" is not sent, delivered, read or failed"),
            );
            return None;
        }
    };
    let at = timestamp(status, now).unwrap_or(now);
    let error = status
        .get("errors")
        .and_then(|e| e.array())
        .and_then(|e| e.into_iter().next());
    let error_code = error
        .and_then(|e| e.get("code"))
        .and_then(|c| c.scalar_text())
        .and_then(|c| c.parse().ok());
    let error = error.map(|e| {
        ["title", "message"]
            .iter()
            .filter_map(|k| e.get(k).and_then(|v| v.str()))
            .collect::<Vec<_>>()
            .join(": ")
    });
    Some(DeliveryStatus {
        message_id,
        state,
        error_code,
        error,
        at,
    })
}

/// A payment made in the chat (`type: payment`).
fn read_payment(
    status: &Node,
    spath: &str,
    now: Timestamp,
    out: &mut Parsed,
) -> Option<ChatPayment> {
    let mut bad = |suffix: &str, msg: String| problem(out, format!("{spath}{suffix}"), msg);
    let state = match status.get("status").and_then(|s| s.str()).as_deref() {
        Some("pending") => PaymentState::Pending,
        Some("captured") => PaymentState::Captured,
        Some("failed") => PaymentState::Failed,
        other => {
            bad(
                ".status",
                format!(
                    "\"{}\" is not pending, captured or failed",
                    other.unwrap_or("")
                ),
            );
            return None;
        }
    };
    let Some(payment) = status.get("payment").filter(Node::is_object) else {
        bad(
            ".payment",
            "a payment status has no \"payment\" object".into(),
        );
        return None;
    };
    let order_ref = payment
        .get("reference_id")
        .and_then(|r| r.scalar_text())
        .unwrap_or_default();
    if order_ref.is_empty() {
        bad(
            ".payment.reference_id",
            "is missing (it names the order paid for)".into(),
        );
    }
    let amount = payment.get("amount").and_then(|a| offset_amount(&a));
    if amount.is_none() {
        bad(
            ".payment.amount",
            "is not {\"value\": whole number, \"offset\": 1, 10, 100 or 1000}".into(),
        );
    }
    let currency = payment
        .get("currency")
        .and_then(|c| c.scalar_text())
        .unwrap_or_default();
    let txn = payment.get("transaction");
    let field =
        |node: Option<Node>, key: &str| node.and_then(|n| n.get(key)).and_then(|v| v.scalar_text());
    let payment_ref = field(txn, "pg_transaction_id")
        .or_else(|| field(txn, "id"))
        .or_else(|| field(Some(*status), "id"))
        .unwrap_or_default();
    let method = field(txn.and_then(|t| t.get("method")), "type")
        .or_else(|| field(txn, "type"))
        .unwrap_or_else(|| "whatsapp".into());
    let at = timestamp(status, now).unwrap_or(now);
    Some(ChatPayment {
        order_ref,
        payment_ref,
        method,
        amount: amount?,
        currency,
        state,
        at,
    })
}

/// `{"value": 21000, "offset": 100}` → 210.00, exactly.
fn offset_amount(node: &Node) -> Option<Decimal> {
    let value: i64 = node.get("value")?.scalar_text()?.parse().ok()?;
    let offset: u32 = node.get("offset")?.scalar_text()?.parse().ok()?;
    let scale = match offset {
        1 => 0,
        10 => 1,
        100 => 2,
        1000 => 3,
        _ => return None,
    };
    Some(Decimal::new(value, scale))
}

/// Parses one delivery's body (one document).
pub fn parse(body: &[u8], now: Timestamp) -> Parsed {
    let mut out = Parsed::default();
    let text = match std::str::from_utf8(body) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(_) => {
            problem(&mut out, "the body".into(), "is not UTF-8 text".into());
            return out;
        }
    };
    // The common shape read straight from the text: reading it as a document first was a
    // second pass over every delivery (issue 18); anything else is walked as before.
    if let Some(events) = super::shape::read_str(text, now) {
        out.events.extend(events);
        return out;
    }
    match serde_json::from_str::<&serde_json::value::RawValue>(text) {
        Ok(raw) => walk(Node::new(raw), now, &mut out),
        Err(e) => problem(
            &mut out,
            format!("line {}, column {}", e.line(), e.column()),
            format!("the body is not valid JSON ({e})"),
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-20T09:00:00Z".parse().unwrap()
    }

    fn statuses(list: &str) -> Vec<u8> {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","statuses":{list}}}}}]}}]}}"#
        )
        .into_bytes()
    }

    #[test]
    fn payment_and_delivery_statuses_become_events() {
        let body = statuses(
            r#"[{"id":"wamid.A","status":"captured","type":"payment","timestamp":"1763629000",
                 "payment":{"reference_id":"1001","amount":{"value":5990,"offset":100},"currency":"SGD",
                            "transaction":{"id":"t1","pg_transaction_id":"pi_1","method":{"type":"paynow"}}}},
                {"id":"wamid.B","status":"failed","timestamp":"1763629001","recipient_id":"65",
                 "errors":[{"code":131047,"title":"Re-engagement message"}]}]"#,
        );
        let parsed = parse(&body, now());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let InboundEvent::Payment(p) = &parsed.events[0] else {
            panic!("{:?}", parsed.events)
        };
        assert_eq!(
            (
                p.order_ref.as_str(),
                p.payment_ref.as_str(),
                p.method.as_str()
            ),
            ("1001", "pi_1", "paynow")
        );
        assert_eq!(p.amount.to_string(), "59.90");
        assert_eq!(p.state, PaymentState::Captured);
        let InboundEvent::Delivery(d) = &parsed.events[1] else {
            panic!("{:?}", parsed.events)
        };
        assert_eq!(
            (d.state, d.error_code),
            (DeliveryState::Failed, Some(131047))
        );
        assert_eq!(d.error.as_deref(), Some("Re-engagement message"));
    }

    #[test]
    fn bad_statuses_are_named_by_their_path() {
        let body = statuses(
            r#"[{"id":"x","status":"refunded","type":"payment","payment":{}},
                {"id":"y","status":"captured","type":"payment",
                 "payment":{"reference_id":"1","amount":{"value":1,"offset":7},"currency":"SGD"}},
                {"status":"read"}]"#,
        );
        let parsed = parse(&body, now());
        let at: Vec<&str> = parsed.problems.iter().map(|p| p.at.as_str()).collect();
        assert_eq!(
            at,
            [
                "entry[0].changes[0].value.statuses[0].status",
                "entry[0].changes[0].value.statuses[1].payment.amount",
                "entry[0].changes[0].value.statuses[2].id",
            ]
        );
        assert!(parsed.events.is_empty());
        assert!(!parse(b"not json", now()).problems.is_empty());
    }
}
