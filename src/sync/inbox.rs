//! Processing the inbox: every pending delivery, in arrival order, in transactions of up to
//! `BATCHES_A_COMMIT` batches of `BATCH` that first check each is still pending (so `serve`
//! and `sync` never process one twice) and mark each processed or failed with the reason. A
//! run of deliveries made only of carts is checked, then written together
//! (`inbox::chat::apply_carts`); any other delivery is applied alone inside a savepoint.
//! `serve` runs this after each commit; `sync` runs it before pulling the channel's
//! deliveries, which it then stores and processes in one transaction (`store_and_process`).
//!
//! A processor per source: chat deliveries (`whatsapp`, `sandbox_chat`) are parsed by the
//! channel and applied by `inbox::chat`. The provider's (`stripe`, `razorpay`) are not one
//! transaction each: `sync::webhooks` runs the pulls their events ask for.

use anyhow::Result;
use jiff::Timestamp;

use crate::inbox;
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
    /// One line per delivery (or per failed one: `Lines`), for `serve`'s log.
    pub fn log_lines(&self) -> &[String] {
        &self.lines
    }

    /// Counts the outcomes of committed deliveries, with a line for those `lines` asks for.
    fn add(&mut self, outcomes: Vec<(i64, Outcome)>, lines: Lines) {
        for (id, outcome) in outcomes {
            match outcome {
                Outcome::Done(what) => {
                    self.processed += 1;
                    if lines == Lines::Every {
                        self.lines.push(format!("inbox {id}: {what}"));
                    }
                }
                Outcome::Failed(why) => {
                    self.failed += 1;
                    self.lines.push(format!(
                        "inbox {id} failed: {why}; kept, see `shopctl inbox list --failed`"
                    ));
                }
                Outcome::NoProcessor => self.waiting += 1,
            }
        }
    }
}

/// What processing one delivery came to.
enum Outcome {
    Done(String),
    Failed(String),
    /// No processor for the source in this shopctl: left pending for one that has it.
    NoProcessor,
}

/// Deliveries read and parsed at a time, on a thread of their own while the batch before is
/// written. 1,000: the stock a batch's carts take is written once per SKU, which at 100 a
/// batch was still a sixth of the processing; a batch holds its deliveries' parsed carts (a
/// few MB), and two are in memory at once.
const BATCH: i64 = 1000;

/// Batches written per transaction: a burst of webhooks costs one commit per 5,000
/// deliveries rather than one per delivery. Carts are checked before anything is written and
/// other deliveries are applied inside their own savepoint, so one that fails is rolled back
/// alone. Why more than one batch: each commit writes every page its orders touched to the
/// log again, and the index of orders by customer takes a batch's orders at as many places as
/// it has customers. At 100,000 orders over 500 customers that index was a quarter of the
/// shop's log with a commit per 1,000 deliveries (49,000 page writes, each of its pages
/// written 34 times); with one per 5,000, 14,000 (issue 18). 10,000 a commit was slower: its
/// transactions outgrew the sync's page cache (`cli::sync`), and SQLite wrote them to the log
/// early. `serve` keeps SQLite's own cache: it processes what arrived since its last commit,
/// far fewer deliveries than a commit holds, unless it starts on a large backlog.
const BATCHES_A_COMMIT: usize = 5;

/// How a sync writes the deliveries it pulls from a channel (`store_and_process`): as
/// `process_pending` does, a batch of `BATCH` applied together (the stock its carts take
/// moves once per SKU) and `BATCHES_A_COMMIT` of them a transaction; each batch is applied as
/// soon as its pages are in, while the next are fetched.
pub(super) const PULLED: super::pull::Batches = super::pull::Batches {
    record: BATCH as usize,
    commit: BATCH as usize * BATCHES_A_COMMIT,
};

/// What `process_pending` keeps a line of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Every delivery (`serve`'s log, `inbox retry`).
    Every,
    /// Failed deliveries alone (`sync`, which reports only those): what it holds does not
    /// grow with a backlog of deliveries that went well.
    Failures,
}

/// Processes every pending delivery. Each batch's deliveries are parsed on a thread of their
/// own while the batch before is written (a body never changes, so what was parsed before the
/// claim is what the claimed delivery says).
pub fn process_pending(store: &mut Store, now: Timestamp, lines: Lines) -> Result<Processed> {
    let mut done = Processed::default();
    let mut after = 0;
    std::thread::scope(|scope| {
        // Reads the batch after `after` and starts parsing it; `None` when none is left.
        let read_ahead = |conn: &rusqlite::Connection, after: &mut i64| -> Result<_> {
            let next = inbox::pending_after(conn, *after, BATCH)?;
            let Some(last) = next.last() else {
                return Ok(None);
            };
            *after = last.id;
            let thread = std::thread::Builder::new()
                .name("parse inbox".into())
                .spawn_scoped(scope, move || parse_batch(next, now))?;
            Ok(Some(thread))
        };
        let mut parsing = read_ahead(store.conn(), &mut after)?;
        while parsing.is_some() {
            let outcomes = store.write(|tx| {
                let mut outcomes = Vec::new();
                for _ in 0..BATCHES_A_COMMIT {
                    let Some(thread) = parsing.take() else {
                        break;
                    };
                    let parsed = thread
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e));
                    parsing = read_ahead(tx, &mut after)?;
                    write_batch(
                        tx,
                        parsed,
                        Claim::Check,
                        now,
                        &mut done.warnings,
                        &mut outcomes,
                    )?;
                }
                Ok(outcomes)
            })?;
            done.add(outcomes, lines);
        }
        Ok(done)
    })
}

/// A delivery pulled from a channel, read into events (`arrived`) before it is stored.
pub struct Arrived {
    inbound: crate::channel::Inbound,
    carts: Option<Vec<crate::model::InboundEvent>>,
}

/// Reads a page of deliveries pulled from `source` (on the thread that pulled them), for
/// `store_and_process`.
pub fn arrived(source: &str, page: Vec<crate::channel::Inbound>, now: Timestamp) -> Vec<Arrived> {
    page.into_iter()
        .map(|inbound| Arrived {
            carts: cart_events(source, &inbound.body, now),
            inbound,
        })
        .collect()
}

/// What `store_and_process` did.
#[derive(Default)]
pub struct StoredAndProcessed {
    /// Deliveries new to the inbox (a delivery seen before is neither stored nor processed
    /// again).
    pub stored: usize,
    /// Lines of failed deliveries alone (`Lines::Failures`).
    pub processed: Processed,
}

/// Stores deliveries pulled from `source` and processes the new ones, in the caller's
/// transaction: what `process_pending` does after they are stored, without reading them
/// back, claiming them or writing their pages twice (a sync pulls the sandbox chat's
/// deliveries this way; issue 18). Each delivery is applied as `process_pending` applies it,
/// in arrival order, all of it or none of it, and marked processed or failed; one of a source
/// without a processor here is stored and left pending.
pub fn store_and_process(
    tx: &rusqlite::Transaction,
    source: &str,
    page: Vec<Arrived>,
    now: Timestamp,
) -> Result<StoredAndProcessed> {
    let mut done = StoredAndProcessed::default();
    let mut batch = Vec::with_capacity(page.len());
    // A delivery this shopctl processes is stored as processed, and marked only if it fails.
    let here = processed_here(source);
    for Arrived { inbound, carts } in page {
        let (key, body) = (&inbound.dedupe_key, &inbound.body);
        let stored = if here {
            inbox::store_processed(tx, source, key, body, now)?
        } else {
            inbox::store(tx, source, key, body, now)?
        };
        let inbox::Stored::New(id) = stored else {
            continue;
        };
        done.stored += 1;
        batch.push(Parsed {
            id,
            source: source.to_string(),
            read: match carts {
                Some(events) => Read::Carts(events),
                None => Read::Other(inbound.body),
            },
        });
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    let warnings = &mut done.processed.warnings;
    let claim = if here {
        Claim::StoredProcessed
    } else {
        Claim::Stored
    };
    write_batch(tx, batch, claim, now, warnings, &mut outcomes)?;
    done.processed.add(outcomes, Lines::Failures);
    Ok(done)
}

/// Whether a batch's deliveries must be claimed before they are applied.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// Read before the transaction: applied only if still pending in it.
    Check,
    /// Stored by this transaction: nobody else can have taken them.
    Stored,
    /// Stored by this transaction as processed (`inbox::store_processed`): only a failure is
    /// marked.
    StoredProcessed,
}

/// A pending delivery, read ahead of its claim.
struct Parsed {
    id: i64,
    source: String,
    read: Read,
}

enum Read {
    /// The events of a delivery made only of carts (`apply_carts`'s).
    Carts(Vec<crate::model::InboundEvent>),
    /// Any other delivery's body (`apply`'s).
    Other(Vec<u8>),
}

fn parse_batch(batch: Vec<inbox::Pending>, now: Timestamp) -> Vec<Parsed> {
    batch
        .into_iter()
        .map(|p| {
            let read = match cart_events(&p.source, &p.body, now) {
                Some(events) => Read::Carts(events),
                None => Read::Other(p.body),
            };
            Parsed {
                id: p.id,
                source: p.source,
                read,
            }
        })
        .collect()
}

/// Claims and applies one batch in the caller's transaction, and adds each delivery's outcome
/// to `outcomes`.
fn write_batch(
    tx: &rusqlite::Transaction,
    batch: Vec<Parsed>,
    claim: Claim,
    now: Timestamp,
    warnings: &mut Vec<String>,
    outcomes: &mut Vec<(i64, Outcome)>,
) -> Result<()> {
    // Deliveries made only of carts, waiting to be applied together: the run ends at any
    // other delivery, which is applied after them (arrival order holds).
    let mut carts = Vec::new();
    for Parsed { id, source, read } in batch {
        // The provider's events are `sync::webhooks`'s: pulls, not one transaction.
        if super::webhooks::SOURCES.contains(&source.as_str()) {
            continue;
        }
        if claim == Claim::Check && !inbox::still_pending(tx, id)? {
            // Another process took it meanwhile.
            continue;
        }
        let body = match read {
            Read::Carts(events) => {
                carts.push((id, events));
                continue;
            }
            Read::Other(body) => body,
        };
        apply_carts(tx, &mut carts, claim, now, warnings, outcomes)?;
        let outcome = apply(tx, &source, &body, now, warnings)?;
        mark(tx, id, &outcome, claim, now)?;
        outcomes.push((id, outcome));
    }
    apply_carts(tx, &mut carts, claim, now, warnings, outcomes)
}

/// The events of a chat delivery made only of carts (`inbox::chat::only_carts`), which
/// `apply_carts` takes with others; `None` for any other delivery (`apply`'s).
fn cart_events(
    source: &str,
    body: &[u8],
    now: Timestamp,
) -> Option<Vec<crate::model::InboundEvent>> {
    if !processed_here(source) {
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
    claim: Claim,
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
            mark(tx, id, &outcome, claim, now)?;
        }
        outcomes.push((id, outcome));
    }
    if claim != Claim::StoredProcessed {
        inbox::mark_processed_many(tx, &processed, now)?;
    }
    Ok(())
}

/// Records what processing delivery `id` came to.
fn mark(
    tx: &rusqlite::Transaction,
    id: i64,
    outcome: &Outcome,
    claim: Claim,
    now: Timestamp,
) -> Result<()> {
    match (outcome, claim) {
        (Outcome::Done(_), Claim::StoredProcessed) => Ok(()),
        (Outcome::Done(_), _) => inbox::mark_processed(tx, id, now),
        (Outcome::Failed(why), Claim::StoredProcessed) => {
            inbox::mark_failed_on_arrival(tx, id, why)
        }
        (Outcome::Failed(why), _) => inbox::mark_failed(tx, id, why, now),
        (Outcome::NoProcessor, _) => Ok(()),
    }
}

/// Whether this shopctl processes deliveries of `source` (`apply`): the chat's.
fn processed_here(source: &str) -> bool {
    matches!(source, "whatsapp" | "sandbox_chat")
}

/// Applies one delivery in the caller's transaction, all of it or (inside a savepoint rolled
/// back on failure) none of it.
fn apply(
    tx: &rusqlite::Transaction,
    source: &str,
    body: &[u8],
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<Outcome> {
    match source {
        source if processed_here(source) => {
            let parsed = crate::channel::whatsapp::webhook::parse(body, now);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::shop;

    fn now() -> Timestamp {
        "2026-11-20T09:00:00Z".parse().unwrap()
    }

    fn stored(store: &mut Store, key: &str, body: &[u8]) -> i64 {
        store
            .write(|tx| match inbox::store(tx, "whatsapp", key, body, now())? {
                inbox::Stored::New(id) => Ok(id),
                inbox::Stored::Seen(id) => anyhow::bail!("{id} seen before"),
            })
            .unwrap()
    }

    #[test]
    fn a_delivery_read_ahead_and_taken_meanwhile_is_left_to_whoever_took_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        let taken = stored(&mut store, "a", b"not json");
        let waiting = stored(&mut store, "b", b"not json either");
        let ahead = parse_batch(inbox::pending_after(store.conn(), 0, 10).unwrap(), now());
        assert_eq!(ahead.len(), 2);
        // Another process (`serve`) processes the first between the read and the write.
        store
            .write(|tx| inbox::mark_processed(tx, taken, now()))
            .unwrap();
        let mut done = Processed::default();
        let outcomes = store
            .write(|tx| {
                let mut outcomes = Vec::new();
                write_batch(
                    tx,
                    ahead,
                    Claim::Check,
                    now(),
                    &mut done.warnings,
                    &mut outcomes,
                )?;
                Ok(outcomes)
            })
            .unwrap();
        done.add(outcomes, Lines::Every);
        assert_eq!((done.processed, done.failed), (0, 1), "{:?}", done.lines);
        assert!(
            done.lines[0].starts_with(&format!("inbox {waiting} failed")),
            "{:?}",
            done.lines
        );
        let status = |id: i64| -> String {
            store
                .conn()
                .query_row("SELECT status FROM inbox WHERE id = ?1", [id], |r| r.get(0))
                .unwrap()
        };
        // The first is as the other process left it: not failed by this one.
        assert_eq!(status(taken), "processed");
        assert_eq!(status(waiting), "failed");
    }

    #[test]
    fn a_backlog_of_several_batches_is_all_processed_and_sync_keeps_lines_of_failures_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        // More than one transaction's worth: the read-ahead crosses a commit.
        let n = BATCH as usize * BATCHES_A_COMMIT + 500;
        store
            .write(|tx| {
                for i in 0..n {
                    inbox::store(tx, "whatsapp", &format!("k{i}"), b"not json", now())?;
                }
                Ok(())
            })
            .unwrap();
        let done = process_pending(&mut store, now(), Lines::Failures).unwrap();
        assert_eq!((done.processed, done.failed, done.waiting), (0, n, 0));
        assert_eq!(done.lines.len(), n, "each failure has its line");
        let left: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM inbox WHERE status != 'failed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "every batch of the backlog was written");
        // Nothing is pending now: a second round finds nothing.
        let again = process_pending(&mut store, now(), Lines::Failures).unwrap();
        assert_eq!((again.processed, again.failed), (0, 0));
    }

    /// Pulled deliveries stored and processed in one transaction: one that cannot be read is
    /// kept failed with its reason and its one attempt; one pulled again is neither stored
    /// nor processed again; one of a source processed elsewhere is stored pending.
    #[test]
    fn pulled_deliveries_are_stored_processed_or_failed_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = shop(&dir);
        let page = |source: &str| {
            let inbound = |key: &str| crate::channel::Inbound {
                dedupe_key: key.into(),
                body: b"not json".to_vec(),
            };
            arrived(source, vec![inbound("a"), inbound("b")], now())
        };
        let done = store
            .write(|tx| store_and_process(tx, "sandbox_chat", page("sandbox_chat"), now()))
            .unwrap();
        assert_eq!((done.stored, done.processed.failed), (2, 2));
        assert_eq!(done.processed.lines.len(), 2, "a line for each failure");
        let rows = |store: &Store| -> Vec<(String, String, i64, bool, bool)> {
            store
                .conn()
                .prepare(
                    "SELECT source, status, attempts, last_error IS NOT NULL, processed_at IS NOT NULL
                       FROM inbox ORDER BY id",
                )
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let failed = (
            "sandbox_chat".to_string(),
            "failed".to_string(),
            1,
            true,
            true,
        );
        assert_eq!(rows(&store), [failed.clone(), failed.clone()]);
        // Pulled again: nothing new, nothing processed.
        let again = store
            .write(|tx| store_and_process(tx, "sandbox_chat", page("sandbox_chat"), now()))
            .unwrap();
        assert_eq!((again.stored, again.processed.failed), (0, 0));
        // A source this shopctl does not process here is kept for whoever does.
        let other = store
            .write(|tx| store_and_process(tx, "stripe", page("stripe"), now()))
            .unwrap();
        assert_eq!((other.stored, other.processed.processed), (2, 0));
        let pending = ("stripe".to_string(), "pending".to_string(), 0, false, false);
        assert_eq!(rows(&store)[2..], [pending.clone(), pending]);
    }

    #[test]
    fn lines_of_deliveries_that_went_well_are_kept_only_when_every_line_is_asked_for() {
        let mut done = Processed::default();
        let outcomes = || {
            vec![
                (1, Outcome::Done("order 1001 created".into())),
                (2, Outcome::Failed("bad cart".into())),
                (3, Outcome::NoProcessor),
            ]
        };
        done.add(outcomes(), Lines::Failures);
        assert_eq!((done.processed, done.failed, done.waiting), (1, 1, 1));
        assert_eq!(done.lines.len(), 1);
        assert!(
            done.lines[0].starts_with("inbox 2 failed: bad cart"),
            "{:?}",
            done.lines
        );
        let mut every = Processed::default();
        every.add(outcomes(), Lines::Every);
        assert_eq!(every.lines[0], "inbox 1: order 1001 created");
        assert_eq!(every.lines.len(), 2);
    }
}
