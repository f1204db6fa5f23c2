//! Processing the inbox: every pending delivery, in arrival order, each in its own
//! transaction that first checks it is still pending (so `serve` and `sync` never process one
//! twice) and ends by marking it processed or failed with the reason. `serve` runs this after
//! each commit; `sync` runs it after pulling the channel's deliveries.
//!
//! A processor per source: chat deliveries (`whatsapp`, `sandbox_chat`) are parsed by the
//! channel and applied by `inbox::chat`. The provider's (`stripe`, `razorpay`) are not one
//! transaction each: `sync::webhooks` runs the pulls their events ask for.

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
// `Done` and `Failed` come with the chat processor (the commit after the skeleton).
#[allow(dead_code)]
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
        // The provider's events are `sync::webhooks`'s: pulls, not one transaction.
        if super::webhooks::SOURCES.contains(&next.source.as_str()) {
            continue;
        }
        let outcome = store.write(|tx| {
            let Some(entry) = inbox::claim(tx, next.id)? else {
                // Another process took it meanwhile.
                return Ok(None);
            };
            let outcome = apply(tx, &entry, now)?;
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

/// Applies one delivery in the caller's transaction.
fn apply(_tx: &rusqlite::Transaction, _entry: &Entry, _now: Timestamp) -> Result<Outcome> {
    Ok(Outcome::NoProcessor)
}
