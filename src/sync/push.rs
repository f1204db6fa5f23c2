//! The push side of sync: outbox entries in order, each result recorded as soon as it is
//! known. A failure stops the push there, so that a later change never overtakes an earlier
//! one; the entry stays pending with its error and the next sync carries on from it.

use anyhow::Result;
use jiff::Timestamp;

use super::{Summary, outbox, stop_on_refused_credentials};
use crate::model::Change;
use crate::provider::Provider;
use crate::store::Store;

pub(super) fn push(
    store: &mut Store,
    provider: &mut dyn Provider,
    now: Timestamp,
    s: &mut Summary,
) -> Result<()> {
    // Settled in one statement: a burst of stock changes can leave thousands of them.
    s.superseded += store.write(|tx| outbox::supersede_product_upserts(tx, now))?;
    // Page through the rest, so that the first sync after a big import holds a page of
    // products in memory, not all of them.
    let mut after = 0;
    loop {
        let page = outbox::pending_after(store.conn(), after, PUSH_PAGE)?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.entry.id;
        for pending in &page {
            if !push_one(store, provider, pending, now, s)? {
                return Ok(());
            }
        }
    }
}

/// Entries read from the outbox at a time.
const PUSH_PAGE: i64 = 500;

/// Pushes one entry and records the result; false when it failed (the push stops there).
fn push_one(
    store: &mut Store,
    provider: &mut dyn Provider,
    pending: &outbox::PendingEntry,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let entry = &pending.entry;
    if matches!(entry.change, Change::ProductUpsert(_)) {
        store.write(|tx| outbox::freeze(tx, entry.id, &entry.change))?;
    }
    match provider.push(entry) {
        Ok(_) => store.write(|tx| {
            outbox::mark_done(tx, entry.id, now)?;
            if let Change::PaymentMethod { method, enabled } = &entry.change {
                crate::payments::mark_in_sync(tx, method, *enabled)?;
            }
            Ok(())
        })?,
        Err(e) => {
            let e = stop_on_refused_credentials(e)?;
            let text = e.to_string();
            store.write(|tx| outbox::mark_failed(tx, entry.id, &text))?;
            s.failed += 1;
            s.errors.push(format!(
                "push of {} {} (outbox entry {}) failed: {text}; it stays pending and the \
                 next `shopctl sync` carries on from it",
                entry.change.kind(),
                pending.subject,
                entry.id
            ));
            return Ok(false);
        }
    }
    s.pushed += 1;
    Ok(true)
}
