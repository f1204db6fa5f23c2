//! Processing the inbox: every pending delivery, in arrival order, each in its own
//! transaction that first checks it is still pending (so `serve` and `sync` never process one
//! twice) and ends by marking it processed or failed with the reason. `serve` runs this after
//! each commit; `sync` runs it after pulling the channel's deliveries.
//!
//! A processor per source: chat deliveries (`whatsapp`, `sandbox_chat`) are parsed by the
//! channel and applied by `inbox::chat`. Issue 14 adds `stripe` and `razorpay` here: their
//! events trigger the same pulls `sync` runs.

use anyhow::Result;
use jiff::Timestamp;

use crate::inbox::{self, Entry};
use crate::store::Store;

/// What one round of processing did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Processed {
    pub processed: usize,
    pub failed: usize,
    /// Deliveries of a source this shopctl has no processor for (left pending).
    pub waiting: usize,
    #[serde(skip)]
    pub lines: Vec<String>,
    /// Things a person should know (stock below zero, ...).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl Processed {
    /// One line per delivery, for `serve`'s log.
    pub fn log_lines(&self) -> &[String] {
        &self.lines
    }
}

/// What processing one delivery came to.
enum Outcome {
    Done(String),
    Failed(String),
    /// No processor for the source in this shopctl: left pending for one that has it.
    NoProcessor,
}

/// Processes every pending delivery.
pub fn process_pending(store: &mut Store, now: Timestamp) -> Result<Processed> {
    let mut done = Processed::default();
    let mut after = 0;
    while let Some(next) = inbox::next_pending(store.conn(), after)? {
        after = next.id;
        let outcome = store.write(|tx| {
            let Some(entry) = inbox::claim(tx, next.id)? else {
                // Another process took it meanwhile.
                return Ok(None);
            };
            let outcome = apply(tx, &entry, now, &mut done.warnings)?;
            match &outcome {
                Outcome::Done(_) => inbox::mark_processed(tx, entry.id, now)?,
                Outcome::Failed(why) => inbox::mark_failed(tx, entry.id, why, now)?,
                Outcome::NoProcessor => {}
            }
            Ok(Some(outcome))
        })?;
        match outcome {
            Some(Outcome::Done(what)) => {
                done.processed += 1;
                done.lines.push(format!("inbox {}: {what}", next.id));
            }
            Some(Outcome::Failed(why)) => {
                done.failed += 1;
                done.lines.push(format!(
                    "inbox {} failed: {why}; kept, see `shopctl inbox list --failed`",
                    next.id
                ));
            }
            Some(Outcome::NoProcessor) => done.waiting += 1,
            None => {}
        }
    }
    Ok(done)
}

/// Applies one delivery in the caller's transaction, all of it or (inside a savepoint rolled
/// back on failure) none of it.
fn apply(
    tx: &rusqlite::Transaction,
    entry: &Entry,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<Outcome> {
    match entry.source.as_str() {
        "whatsapp" | "sandbox_chat" => {
            let parsed = crate::channel::whatsapp::webhook::parse(&entry.body, now);
            if !parsed.problems.is_empty() {
                let text: Vec<String> = parsed
                    .problems
                    .iter()
                    .map(|p| format!("{}: {}", p.at, p.message))
                    .collect();
                return Ok(Outcome::Failed(text.join("; ")));
            }
            tx.execute_batch("SAVEPOINT delivery")?;
            match inbox::chat::apply(tx, &parsed.events, now, warnings) {
                Ok(Ok(what)) => {
                    tx.execute_batch("RELEASE delivery")?;
                    Ok(Outcome::Done(what))
                }
                Ok(Err(why)) => {
                    tx.execute_batch("ROLLBACK TO delivery; RELEASE delivery")?;
                    Ok(Outcome::Failed(why))
                }
                Err(e) => Err(e),
            }
        }
        _ => Ok(Outcome::NoProcessor),
    }
}
