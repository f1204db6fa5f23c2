//! `orders import`: files of WhatsApp Cloud API webhook payloads, one document or several (one
//! per line, as a webhook log would hold them). The payloads are read by the WhatsApp adapter
//! (`channel::whatsapp::webhook`, prices as exact decimals) and each cart is checked and
//! recorded by `orders::chat`, the same code that `serve` and `sync` process deliveries with.
//!
//! All or nothing: every problem in every document is collected first (with its line and the
//! JSON path of the field), and nothing is written unless there are none. Each order message
//! becomes a `pending`, unpaid order whose `source_ref` is the message id, so importing the same
//! message again changes nothing. Stock is reserved for every line; going below zero is allowed
//! (the customer already ordered) but comes back as a warning. Statuses and other messages in
//! the file are left alone (counted as skipped when they are messages).

use std::collections::HashSet;
use std::fmt;

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::Connection;

use super::chat;
use crate::channel::Parsed;
use crate::channel::whatsapp::{json, webhook};
use crate::model::InboundEvent;
pub use crate::model::Problem;
use crate::money::Currency;

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

/// Imports `text` (read from `source`, named in messages) into the shop, inside the caller's
/// transaction. Returns an `ImportError` (nothing written) when anything is wrong.
pub fn import(
    conn: &Connection,
    source: &str,
    text: &str,
    currency: Currency,
    now: Timestamp,
) -> Result<Summary> {
    let refused = |problems| ImportError {
        source: source.to_string(),
        problems,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let docs = json::documents(text).map_err(|e| {
        refused(vec![Problem {
            at: format!("line {}, column {}", e.line(), e.column()),
            message: format!(
                "the payload is not valid JSON ({}); expected WhatsApp webhook documents, one per \
                 file or one per line",
                strip_position(&e.to_string())
            ),
        }])
    })?;
    if docs.is_empty() {
        return Err(refused(vec![Problem {
            at: "line 1".into(),
            message: "no webhook payload in it (the file is empty)".into(),
        }])
        .into());
    }
    let mut problems = Vec::new();
    let mut carts = Vec::new();
    let mut skipped = 0;
    for (line, doc) in docs {
        let mut parsed = Parsed::default();
        webhook::parse_document(json::Node::new(doc), now, &mut parsed);
        let at_line = |p: Problem| Problem {
            at: format!("line {line}, {}", p.at),
            message: p.message,
        };
        problems.extend(parsed.problems.into_iter().map(at_line));
        for event in parsed.events {
            match event {
                InboundEvent::Order(order) => match chat::check(conn, &order, currency)? {
                    Ok(checked) => carts.push(checked),
                    Err(found) => problems.extend(found.into_iter().map(at_line)),
                },
                InboundEvent::Other { .. } => skipped += 1,
                InboundEvent::Payment(_) | InboundEvent::Delivery(_) => {}
            }
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems).into());
    }
    let mut summary = Summary {
        skipped,
        ..Summary::default()
    };
    let mut seen = HashSet::new();
    for cart in carts {
        let id = &cart.order.message_id;
        if chat::known(conn, id)?.is_some() || !seen.insert(id.clone()) {
            summary.unchanged += 1;
            continue;
        }
        let recorded = chat::record(conn, &cart, now, &mut summary.warnings)?;
        summary.created.push(recorded.order);
    }
    Ok(summary)
}

/// serde_json appends " at line L column C"; the position is already in front.
fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_not_said_twice() {
        assert_eq!(
            strip_position("expected `,` or `}` at line 2 column 7"),
            "expected `,` or `}`"
        );
    }
}
