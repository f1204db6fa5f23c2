//! The provider's webhook deliveries in the inbox (`stripe`, `razorpay`): each names an event,
//! and an event is only a hint. Processing one runs the pull `sync` runs for the event's
//! resource (payments → orders, refunds, settlements and payouts → payouts), under the sync
//! lock, against the provider's API, which stays the source of truth; then the deliveries
//! that asked for it are marked processed. A pull that fails leaves them pending for the next
//! round (they cost nothing to repeat: pulls upsert by reference); a delivery that cannot be
//! read, or is from a provider the shop no longer uses, is marked failed with the reason.
//!
//! Unlike a chat delivery this is not one transaction: a pull commits page by page, as in
//! `sync`, and a delivery is marked processed only after its pull has committed, so a crash in
//! between pulls again, which changes nothing.

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::Result;
use jiff::Timestamp;

use super::inbox::Processed;
use super::{Summary, pull};
use crate::inbox::{self, Entry};
use crate::provider::webhooks::{Event, Resource};
use crate::provider::{self, Provider};
use crate::store::Store;

/// The inbox sources of provider webhooks.
pub const SOURCES: &[&str] = &["stripe", "razorpay"];

fn read_event(source: &str, body: &[u8]) -> Result<Event, String> {
    match source {
        "stripe" => provider::stripe::webhook::event(body),
        _ => provider::razorpay::webhook::event(body),
    }
}

/// The pending provider deliveries, oldest first.
fn pending(store: &Store) -> Result<Vec<Entry>> {
    let mut found = Vec::new();
    let mut after = 0;
    while let Some(next) = inbox::next_pending(store.conn(), after)? {
        after = next.id;
        if SOURCES.contains(&next.source.as_str()) {
            found.push(next);
        }
    }
    Ok(found)
}

/// Processes the pending provider deliveries, if any: opens the shop's provider (its keys from
/// the environment) and takes the sync lock only when there is one.
pub fn process_pending(store: &mut Store, now: Timestamp) -> Result<Processed> {
    let waiting = pending(store)?;
    if waiting.is_empty() {
        return Ok(Processed::default());
    }
    let shop = store.shop()?;
    let wait = Duration::from_millis(store.busy_timeout_ms());
    let _lock = super::lock(store, wait)?;
    let mut provider = provider::open(&shop.provider, store.path(), store.conn())?;
    apply(store, provider.as_mut(), waiting, now)
}

/// Reads each delivery's event, runs the pulls they ask for, and marks them.
fn apply(
    store: &mut Store,
    provider: &mut dyn Provider,
    waiting: Vec<Entry>,
    now: Timestamp,
) -> Result<Processed> {
    let mut done = Processed::default();
    let events = read_events(store, provider.name(), waiting, now, &mut done)?;
    let wanted: BTreeSet<Resource> = events.iter().filter_map(|(_, e)| e.resource).collect();
    let mut s = Summary::default();
    for resource in &wanted {
        let ok = match resource {
            Resource::Orders => pull::pull_orders(store, provider, now, &mut s)?,
            Resource::Refunds => pull::pull_refunds(store, provider, now, &mut s)?,
            Resource::Payouts => pull::pull_payouts(store, provider, now, &mut s)?,
        };
        if !ok {
            break;
        }
    }
    done.warnings.extend(s.warnings.iter().cloned());
    if !s.errors.is_empty() {
        let why = s.errors.join("; ");
        for (entry, event) in &events {
            done.waiting += 1;
            done.lines.push(format!(
                "inbox {}: {} {} waits for the next round: {why}",
                entry.id, entry.source, event.kind
            ));
        }
        return Ok(done);
    }
    let pulled = pulled_text(&s);
    for (entry, event) in &events {
        let marked = store.write(|tx| {
            if inbox::claim(tx, entry.id)?.is_none() {
                return Ok(false);
            }
            inbox::mark_processed(tx, entry.id, now)?;
            Ok(true)
        })?;
        if !marked {
            continue;
        }
        done.processed += 1;
        let what = match event.resource {
            Some(r) => format!("pulled {} ({pulled})", r.as_str()),
            None => "nothing to pull".to_owned(),
        };
        done.lines.push(format!(
            "inbox {}: {} {}: {what}",
            entry.id, entry.source, event.kind
        ));
    }
    Ok(done)
}

/// Each delivery's event; one that cannot be read, or is from another provider than the
/// shop's, is marked failed with the reason (and left out).
fn read_events(
    store: &mut Store,
    provider: &str,
    waiting: Vec<Entry>,
    now: Timestamp,
    done: &mut Processed,
) -> Result<Vec<(Entry, Event)>> {
    let mut events = Vec::new();
    for entry in waiting {
        let read = if entry.source == provider {
            read_event(&entry.source, &entry.body)
        } else {
            Err(format!(
                "the shop uses {provider} now; this {} event was not applied",
                entry.source
            ))
        };
        match read {
            Ok(event) => events.push((entry, event)),
            Err(why) => {
                store.write(|tx| {
                    if inbox::claim(tx, entry.id)?.is_some() {
                        inbox::mark_failed(tx, entry.id, &why, now)?;
                    }
                    Ok(())
                })?;
                done.failed += 1;
                done.lines.push(format!(
                    "inbox {} failed: {why}; kept, see `shopctl inbox list --failed`",
                    entry.id
                ));
            }
        }
    }
    Ok(events)
}

/// "1 new payment, 1 changed order" from a summary's pull counts; "no change" when none.
fn pulled_text(s: &Summary) -> String {
    let p = &s.pulled;
    let parts: Vec<String> = [
        (p.orders_new, "new order"),
        (p.orders_changed, "changed order"),
        (p.payments_new, "new payment"),
        (p.payments_changed, "changed payment"),
        (p.refunds_changed, "changed refund"),
        (p.payouts_new, "new payout"),
        (p.payouts_changed, "changed payout"),
        (p.transactions_new, "new transaction"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
    .collect();
    if parts.is_empty() {
        "no change".to_owned()
    } else {
        parts.join(", ")
    }
}
