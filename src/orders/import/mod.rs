//! `orders import`: files of WhatsApp Cloud API webhook payloads, one document or several (one
//! per line, as a webhook log would hold them). The payloads are read by the WhatsApp adapter
//! (`channel::whatsapp::webhook`, prices as exact decimals) and each cart is checked and
//! recorded by `orders::chat`, the same code that `serve` and `sync` process deliveries with.
//!
//! In one pass and bounded memory, whatever the file's size (issue 18): `documents` reads one
//! document at a time, and each order is checked and written at once with statements prepared
//! once, inside the caller's one transaction. Stock is held per SKU in memory and written once
//! per SKU at the end, with one outbox entry per SKU rather than one per order line.
//!
//! All or nothing: every problem in every document is collected (with its line and the JSON
//! path of the field); after the first one nothing more is written, and the caller's
//! transaction is rolled back, so nothing is imported. Each order message becomes a `pending`,
//! unpaid order whose `source_ref` is the message id, so importing the same message again (or
//! twice in one file) changes nothing. Going below zero stock is allowed (the customer already
//! ordered) but comes back as a warning, once per SKU. Statuses and other messages in the file
//! are left alone (counted as skipped when they are messages).

mod documents;
mod writer;

use std::fmt;
use std::io::Read;
use std::ops::RangeInclusive;

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::Connection;

use self::documents::{Documents, ReadError};
use super::chat;
use crate::channel::Parsed;
use crate::channel::whatsapp::{json, shape, webhook};
use crate::model::InboundEvent;
pub use crate::model::Problem;
use crate::money::Currency;

/// What one import did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Ids of the orders made.
    pub created: Created,
    /// Order messages already imported before (or twice in this input).
    pub unchanged: usize,
    /// Messages that are not orders (text, statuses...), left alone.
    pub skipped: usize,
    pub warnings: Vec<String>,
}

/// Ids of the orders an import made, kept as runs of consecutive ids (an import's orders take
/// consecutive ids): a million of them take a few bytes, not 8 MB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Created(Vec<RangeInclusive<i64>>);

impl Created {
    pub fn len(&self) -> usize {
        self.0.iter().map(|r| r.clone().count()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids, in the order they were made.
    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        self.0.iter().flat_map(|r| r.clone())
    }
}

impl Extend<i64> for Created {
    fn extend<I: IntoIterator<Item = i64>>(&mut self, ids: I) {
        for id in ids {
            match self.0.last_mut() {
                Some(run) if run.end().checked_add(1) == Some(id) => *run = *run.start()..=id,
                _ => self.0.push(id..=id),
            }
        }
    }
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

/// Imports the documents read from `input` (named `source` in messages) into the shop, inside
/// the caller's transaction. Returns an `ImportError` when anything is wrong: the caller must
/// then roll back (what was written before the first problem is not to be kept).
pub fn import(
    conn: &Connection,
    source: &str,
    input: impl Read,
    currency: Currency,
    now: Timestamp,
) -> Result<Summary> {
    let mut docs = Documents::new(input);
    let mut run = Run {
        conn,
        currency,
        summary: Summary::default(),
        writer: writer::Writer::new(conn, now)?,
        problems: Vec::new(),
        offers: chat::Offers::default(),
    };
    let mut any = false;
    let cannot_read = |e| Err(e).with_context(|| format!("cannot read {source}"));
    loop {
        // Most webhook logs hold one document per line: such a line is read in one pass by
        // the adapter's reader of the common shape, which takes it only when it is one whole
        // document without a problem. Anything else is read below, as it always was.
        let line = match docs.line() {
            Ok(line) => line,
            Err(ReadError::Io(e)) => return cannot_read(e),
            Err(ReadError::Syntax { .. }) => None,
        };
        if let Some((line, events)) =
            line.and_then(|(n, text)| Some((n, shape::read_str(text, now)?)))
        {
            docs.take_line();
            any = true;
            run.take(
                line,
                Parsed {
                    events,
                    problems: Vec::new(),
                },
            )?;
            continue;
        }
        let (line, doc) = match docs.next() {
            Ok(Some(doc)) => doc,
            Ok(None) => break,
            Err(ReadError::Io(e)) => return cannot_read(e),
            Err(ReadError::Syntax {
                line,
                column,
                message,
            }) => {
                run.problems.push(Problem {
                    at: format!("line {line}, column {column}"),
                    message: format!(
                        "the payload is not valid JSON ({message}); expected WhatsApp webhook \
                         documents, one per file or one per line"
                    ),
                });
                break;
            }
        };
        any = true;
        let mut parsed = Parsed::default();
        webhook::parse_document(json::Node::new(&doc), now, &mut parsed);
        run.take(line, parsed)?;
    }
    let Run {
        mut summary,
        writer,
        mut problems,
        ..
    } = run;
    if !any && problems.is_empty() {
        problems.push(Problem {
            at: "line 1".into(),
            message: "no webhook payload in it (the file is empty)".into(),
        });
    }
    if !problems.is_empty() {
        return Err(ImportError {
            source: source.to_string(),
            problems,
        }
        .into());
    }
    writer.finish(&mut summary)?;
    Ok(summary)
}

/// An import under way.
struct Run<'c> {
    conn: &'c Connection,
    currency: Currency,
    summary: Summary,
    writer: writer::Writer<'c>,
    /// Every problem so far: once there is one, carts are only checked, nothing is kept.
    problems: Vec<Problem>,
    offers: chat::Offers,
}

impl Run<'_> {
    /// The events and problems of the document on `line`.
    fn take(&mut self, line: usize, parsed: Parsed) -> Result<()> {
        let at_line = |p: Problem| Problem {
            at: format!("line {line}, {}", p.at),
            message: p.message,
        };
        self.problems
            .extend(parsed.problems.into_iter().map(at_line));
        for event in parsed.events {
            match event {
                InboundEvent::Order(order) => {
                    match chat::check_with(self.conn, order, self.currency, &mut self.offers)? {
                        Ok(checked) if self.problems.is_empty() => {
                            self.writer.add(checked, &mut self.summary)?
                        }
                        Ok(_) => {}
                        Err(found) => self.problems.extend(found.into_iter().map(at_line)),
                    }
                }
                InboundEvent::Other { .. } => self.summary.skipped += 1,
                InboundEvent::Payment(_) | InboundEvent::Delivery(_) => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Created;

    #[test]
    fn created_ids_are_kept_as_runs() {
        let mut created = Created::default();
        assert!(created.is_empty());
        created.extend([1001, 1002, 1003]);
        created.extend([1004, 1010, 1011, i64::MAX]);
        assert_eq!(created.0.len(), 3);
        assert_eq!(created.len(), 7);
        assert_eq!(
            created.iter().collect::<Vec<_>>(),
            [1001, 1002, 1003, 1004, 1010, 1011, i64::MAX]
        );
    }
}
