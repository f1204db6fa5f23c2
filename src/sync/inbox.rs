//! Processing the inbox: every pending delivery, in arrival order, in transactions of up to
//! `BATCH` that first check each is still pending (so `serve` and `sync` never process one
//! twice) and mark each processed or failed with the reason. A run of deliveries made only of
//! carts is checked, then written together (`inbox::chat::apply_carts`); any other delivery
//! is applied alone inside a savepoint. `serve` runs this after
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
enum Outcome {
    Done(String),
    Failed(String),
    /// No processor for the source in this shopctl: left pending for one that has it.
    NoProcessor,
}

/// Deliveries processed per transaction: a burst of webhooks costs one commit per batch rather
/// than one per delivery. Carts are checked before anything is written and other deliveries
/// are applied inside their own savepoint, so one that fails is rolled back alone. 1,000: the
/// stock a batch's carts take is written once per SKU, which at 100 a batch was still a
/// sixth of the processing; a batch holds its deliveries' parsed carts (a few MB).
const BATCH: i64 = 1000;

/// Processes every pending delivery. Each batch's deliveries are parsed on a thread of their
/// own while the batch before is written (a body never changes, so what was parsed before the
/// claim is what the claimed delivery says).
pub fn process_pending(store: &mut Store, now: Timestamp) -> Result<Processed> {
    let mut done = Processed::default();
    let mut after = 0;
    std::thread::scope(|scope| {
        let mut parsing: Option<std::thread::ScopedJoinHandle<'_, Vec<Parsed>>> = None;
        loop {
            let next = inbox::pending_after(store.conn(), after, BATCH)?;
            if let Some(last) = next.last() {
                after = last.id;
            }
            let read = (!next.is_empty()).then(|| {
                std::thread::Builder::new()
                    .name("parse inbox".into())
                    .spawn_scoped(scope, move || parse_batch(next, now))
            });
            if let Some(parsed) = parsing.take() {
                let parsed = parsed
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                write_batch(store, parsed, now, &mut done)?;
            }
            match read {
                Some(thread) => parsing = Some(thread?),
                None => return Ok(done),
            }
        }
    })
}

/// A pending delivery with its cart events read ahead (`None`: not only carts).
struct Parsed {
    id: i64,
    carts: Option<Vec<crate::model::InboundEvent>>,
}

fn parse_batch(batch: Vec<inbox::Pending>, now: Timestamp) -> Vec<Parsed> {
    batch
        .into_iter()
        .map(|p| Parsed {
            id: p.id,
            carts: cart_events(&p.source, &p.body, now),
        })
        .collect()
}

/// Claims and applies one batch in one transaction, and adds what it came to.
fn write_batch(
    store: &mut Store,
    batch: Vec<Parsed>,
    now: Timestamp,
    done: &mut Processed,
) -> Result<()> {
    let outcomes = store.write(|tx| {
        let mut outcomes = Vec::with_capacity(batch.len());
        // Deliveries made only of carts, waiting to be applied together: the run ends at any
        // other delivery, which is applied after them (arrival order holds).
        let mut carts = Vec::new();
        for Parsed { id, carts: events } in batch {
            let Some(entry) = inbox::claim(tx, id)? else {
                // Another process took it meanwhile.
                continue;
            };
            // The provider's events are `sync::webhooks`'s: pulls, not one transaction.
            if super::webhooks::SOURCES.contains(&entry.source.as_str()) {
                continue;
            }
            if let Some(events) = events {
                carts.push((id, events));
                continue;
            }
            apply_carts(tx, &mut carts, now, &mut done.warnings, &mut outcomes)?;
            let outcome = apply(tx, &entry, now, &mut done.warnings)?;
            mark(tx, id, &outcome, now)?;
            outcomes.push((id, outcome));
        }
        apply_carts(tx, &mut carts, now, &mut done.warnings, &mut outcomes)?;
        Ok(outcomes)
    })?;
    for (id, outcome) in outcomes {
        match outcome {
            Outcome::Done(what) => {
                done.processed += 1;
                done.lines.push(format!("inbox {id}: {what}"));
            }
            Outcome::Failed(why) => {
                done.failed += 1;
                done.lines.push(format!(
                    "inbox {id} failed: {why}; kept, see `shopctl inbox list --failed`"
                ));
            }
            Outcome::NoProcessor => done.waiting += 1,
        }
    }
    Ok(())
}

/// The events of a chat delivery made only of carts (`inbox::chat::only_carts`), which
/// `apply_carts` takes with others; `None` for any other delivery (`apply`'s).
fn cart_events(
    source: &str,
    body: &[u8],
    now: Timestamp,
) -> Option<Vec<crate::model::InboundEvent>> {
    if !matches!(source, "whatsapp" | "sandbox_chat") {
        return None;
    }
    let parsed = crate::channel::whatsapp::webhook::parse(body, now);
    (parsed.problems.is_empty() && inbox::chat::only_carts(&parsed.events)).then_some(parsed.events)
}

/// Applies the deliveries of carts gathered in `carts` together (`inbox::chat::apply_carts`),
/// marks each and adds their outcomes; `carts` is left empty.
fn apply_carts(
    tx: &rusqlite::Transaction,
    carts: &mut Vec<(i64, Vec<crate::model::InboundEvent>)>,
    now: Timestamp,
    warnings: &mut Vec<String>,
    outcomes: &mut Vec<(i64, Outcome)>,
) -> Result<()> {
    if carts.is_empty() {
        return Ok(());
    }
    let (ids, events): (Vec<i64>, Vec<_>) = std::mem::take(carts).into_iter().unzip();
    let results = inbox::chat::apply_carts(tx, events, now, warnings)?;
    let mut processed = Vec::with_capacity(ids.len());
    for (id, result) in ids.into_iter().zip(results) {
        let outcome = match result {
            Ok(what) => {
                processed.push(id);
                Outcome::Done(what)
            }
            Err(why) => Outcome::Failed(why),
        };
        if let Outcome::Failed(_) = outcome {
            mark(tx, id, &outcome, now)?;
        }
        outcomes.push((id, outcome));
    }
    inbox::mark_processed_many(tx, &processed, now)?;
    Ok(())
}

/// Records what processing delivery `id` came to.
fn mark(tx: &rusqlite::Transaction, id: i64, outcome: &Outcome, now: Timestamp) -> Result<()> {
    match outcome {
        Outcome::Done(_) => inbox::mark_processed(tx, id, now),
        Outcome::Failed(why) => inbox::mark_failed(tx, id, why, now),
        Outcome::NoProcessor => Ok(()),
    }
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
