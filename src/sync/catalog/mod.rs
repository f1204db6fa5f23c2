//! The chat's catalog side of sync: products are published to the channel's catalog (Meta's,
//! or the sandbox chat's) from the light outbox entries that product changes queue (a
//! `catalog_item` per edited product; one `catalog_scan` per import, which stands for every
//! product the import wrote and is expanded here, page by page), in batches of at most
//! `CATALOG_BATCH_MAX` requests.
//!
//! **Where sync decides what the chat shows** (`plan_one`): the product as it is now, against
//! what the chat was last told (`catalog::chat_state`):
//! - active → an UPDATE, unless the item's data is what was last sent (published, or refused:
//!   a refused item is retried only once the product changes);
//! - draft or archived → a DELETE when the chat may show it, else nothing (a draft is never
//!   published);
//! - only the newest state of each product goes, once: pending entries that another pending
//!   entry makes redundant are settled first, in one statement (`supersede`), so that every
//!   product is named by at most one entry when planning starts.
//!
//! A batch's answer is recorded in one transaction with its entries: an item the channel
//! refused is kept with the reason on the product and its entry ends `failed`; the others end
//! `done`. A batch that failed for now stops the catalog (its entries stay pending with the
//! error, and the next sync sends them again: an UPDATE or DELETE by SKU can be repeated); a
//! refused token stops the sync and records nothing.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde::Serialize;

use super::{Summary, account};
use crate::catalog::chat_state::{self, ChatState};
use crate::channel::{Channel, ChannelError};
use crate::model::{BatchOutcome, CATALOG_SCAN_KIND, CatalogRequest};

mod plan;

use plan::{PlanNotes, Planned, Planner};

/// What publishing the catalog did in one sync.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CatalogSummary {
    /// Items created or updated in the chat's catalog.
    pub published: usize,
    /// Items taken off it.
    pub deleted: usize,
    /// Items the chat refused (each kept on its product: `catalog list --channel-errors`).
    pub rejected: usize,
    /// Items saved with warnings.
    pub warned: usize,
    /// Products whose change did not alter what the chat shows (or a draft never published).
    pub unchanged: usize,
    /// Older entries of a product settled by a newer one.
    pub superseded: usize,
    /// Batches sent.
    pub batches: usize,
    /// Calls made to the channel (batches, status checks and retries).
    pub requests: u64,
}

impl CatalogSummary {
    pub fn nothing_changed(&self) -> bool {
        self.published + self.deleted + self.rejected + self.superseded == 0
    }
}

/// How to publish.
#[derive(Clone, Copy, Debug, Default)]
pub struct PublishOptions {
    /// Send every product again (a new catalog, or one edited by hand in Commerce Manager),
    /// not only those with pending changes.
    pub full: bool,
}

/// The pending catalog entries, of both kinds, in SQL.
const PENDING: &str =
    "status = 'pending' AND target = 'channel' AND kind IN ('catalog_item', 'catalog_scan')";

/// The pending `catalog_scan` entries (imports), in SQL.
const PENDING_SCAN: &str = "status = 'pending' AND target = 'channel' AND kind = 'catalog_scan'";
/// Publishes what waits. Channel failures are recorded and listed in `s.errors`, except a
/// refused token, which stops the sync (`Err`).
pub fn publish(
    store: &mut crate::store::Store,
    channel: &mut dyn Channel,
    opts: PublishOptions,
    now: Timestamp,
    s: &mut Summary,
) -> Result<()> {
    let start = channel.requests_made();
    let mut c = s.catalog.take().unwrap_or_default();
    let result = publish_inner(store, channel, opts, now, &mut c, s);
    c.requests += channel.requests_made() - start;
    s.catalog = Some(c);
    result
}

fn publish_inner(
    store: &mut crate::store::Store,
    channel: &mut dyn Channel,
    opts: PublishOptions,
    now: Timestamp,
    c: &mut CatalogSummary,
    s: &mut Summary,
) -> Result<()> {
    if !settle_account(store, channel, now, s)? {
        return Ok(());
    }
    c.superseded += store.write(|tx| supersede(tx, now))?;
    let last_entry = last_pending(store.conn())?;
    let mut planner = Planner::new(store.conn(), opts)?;
    let mut failed = None;
    while let Some(batch) = planner.next_batch(store.conn(), c)? {
        match send(store, channel, &batch, now, c, s) {
            Ok(()) => {}
            Err(e) => match e.downcast::<ChannelError>() {
                Ok(ChannelError::Auth(m)) => return Err(ChannelError::Auth(m).into()),
                Ok(e) => {
                    failed = Some((e.to_string(), batch));
                    break;
                }
                Err(e) => return Err(e),
            },
        }
    }
    if let Some((why, batch)) = failed {
        store.write(|tx| mark_attempt_failed(tx, &batch, &why))?;
        s.errors.push(format!(
            "publishing the catalog to the {} chat failed: {why}; changes to {} product(s) stay \
             queued and the next `shopctl sync` sends what the chat does not show yet",
            channel.name(),
            pending_products(store.conn())?
        ));
    } else {
        // Every entry queued before this run was sent or needed nothing sent (the chat already
        // shows the product so, or a draft never published): settled.
        store.write(|tx| settle_up_to(tx, last_entry, now))?;
    }
    warn_notes(&planner.notes, s);
    if c.rejected > 0 && c.published + c.deleted == 0 {
        s.errors.push(format!(
            "the {} chat refused all {} product(s) sent and published none: see `shopctl catalog \
             list --channel-errors`",
            channel.name(),
            c.rejected
        ));
    } else if c.rejected > 0 {
        s.warnings.push(format!(
            "the {} chat refused {} product(s); they are not shown in the chat until they are \
             fixed: see `shopctl catalog list --channel-errors`",
            channel.name(),
            c.rejected
        ));
    }
    Ok(())
}

/// Asks the channel which catalog it writes to and compares it with the one recorded (issue
/// 16): a catalog that never saw the shop (another Meta catalog id or Graph base, a new sandbox
/// file) gets every product queued again, and what the old one was told is forgotten, so each
/// product is planned as never sent. The first catalog is recorded at once: nothing was
/// published before it, so there is nothing to requeue. False (and an error in the summary)
/// when the channel cannot say: nothing is published then.
fn settle_account(
    store: &mut crate::store::Store,
    channel: &mut dyn Channel,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let current = match channel.account() {
        Ok(a) => a,
        Err(e) => {
            s.errors.push(format!(
                "asking the {} chat which catalog it is failed: {e}; the catalog was not \
                 published",
                channel.name()
            ));
            return Ok(false);
        }
    };
    let settled = store.write(|tx| {
        let published_before = chat_state::any(tx)?;
        let settled = account::settle(
            tx,
            account::Target::Channel,
            &current,
            published_before,
            false,
            now,
            requeue_catalog,
        )?;
        if settled.first {
            account::record(tx, account::Target::Channel, &current)?;
        }
        Ok(settled)
    })?;
    if let Some(was) = settled.changed_from {
        s.warnings.push(format!(
            "the chat's catalog changed (the shop last published to {was}; this is {}): every \
             product ({} entries) is published to it",
            current.identity(),
            settled.requeued
        ));
    }
    Ok(true)
}

/// What a new chat catalog must hear: every product, planned as never sent (what the old
/// catalog was told, and its verdicts, are forgotten). Drafts and archived products are then
/// left out by the plan, as for a first publish.
fn requeue_catalog(tx: &rusqlite::Transaction, now: Timestamp) -> Result<usize> {
    chat_state::forget_all(tx)?;
    crate::store::outbox::enqueue_every_catalog_item(tx, now)
}

/// Settles, without sending, every pending catalog entry that another pending entry makes
/// redundant: an older `catalog_item` of the same SKU; an older `catalog_scan` of the same
/// time (two imports in the same second: the newer one's scan lists the products of both);
/// a `catalog_item` whose product still carries the time of a pending scan (imported, then
/// changed again in the same second: the scan lists it, and it sends the product as it is
/// then). After this, no product is named by two pending entries: a product has one
/// `updated_at`, so it is in one scan at most. One statement, as for the provider's entries
/// (and `OR FAIL` for the same reason).
fn supersede(conn: &Connection, now: Timestamp) -> Result<usize> {
    // The scans' times are read once (an uncorrelated IN list), each item's product by its
    // SKU (the primary key).
    Ok(conn.execute(
        &format!(
            "UPDATE OR FAIL outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, \
             pushed_at = ?1
             WHERE {PENDING}
               AND (id NOT IN (SELECT max(id) FROM outbox WHERE {PENDING} GROUP BY kind, subject)
                    OR (kind = 'catalog_item'
                        AND (SELECT updated_at FROM products WHERE sku = outbox.subject)
                            IN (SELECT subject FROM outbox WHERE {PENDING_SCAN})))"
        ),
        [crate::clock::format(now)],
    )?)
}

fn last_pending(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM outbox WHERE {PENDING}"),
        [],
        |r| r.get(0),
    )?)
}

/// Products that pending catalog entries name: one for each `catalog_item`, and those a
/// pending import's scan lists (a pass over the products: said only when a publish failed).
pub fn pending_products(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT (SELECT count(*) FROM outbox WHERE {PENDING} AND kind = 'catalog_item')
                  + (SELECT count(*) FROM products
                     WHERE updated_at IN (SELECT subject FROM outbox WHERE {PENDING_SCAN}))"
        ),
        [],
        |r| r.get(0),
    )?)
}

/// A pending catalog entry, for `sync --dry-run`.
#[derive(Clone, Debug)]
pub struct PendingCatalog {
    pub id: i64,
    /// `catalog_item` or `catalog_scan`.
    pub kind: &'static str,
    /// The SKU, or an import's time.
    pub subject: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Every pending catalog entry, in order.
pub fn pending_entries(conn: &Connection) -> Result<Vec<PendingCatalog>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, kind, subject, attempts, last_error FROM outbox WHERE {PENDING} ORDER BY id"
    ))?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(1)?;
        Ok(PendingCatalog {
            id: r.get(0)?,
            kind: if kind == CATALOG_SCAN_KIND {
                CATALOG_SCAN_KIND
            } else {
                crate::model::CATALOG_ITEM_KIND
            },
            subject: r.get(2)?,
            attempts: r.get(3)?,
            last_error: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Settles every pending catalog entry up to `last` (`OR FAIL`, as `supersede`).
fn settle_up_to(conn: &Connection, last: i64, now: Timestamp) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE OR FAIL outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, \
             pushed_at = ?2 WHERE {PENDING} AND id <= ?1"
        ),
        params![last, crate::clock::format(now)],
    )?;
    Ok(())
}

/// Sends one batch and records its answer.
fn send(
    store: &mut crate::store::Store,
    channel: &mut dyn Channel,
    batch: &[Planned],
    now: Timestamp,
    c: &mut CatalogSummary,
    s: &mut Summary,
) -> Result<()> {
    let requests: Vec<CatalogRequest> = batch.iter().map(|p| p.request.clone()).collect();
    c.batches += 1;
    let outcome = channel.publish(&requests).map_err(anyhow::Error::new)?;
    store.write(|tx| record(tx, batch, &outcome, now, c))?;
    for note in &outcome.notes {
        s.warnings
            .push(format!("the {} chat says: {note}", channel.name()));
    }
    Ok(())
}

/// Records a batch's answer: each item's state on its product, each entry settled.
fn record(
    conn: &Connection,
    batch: &[Planned],
    outcome: &BatchOutcome,
    now: Timestamp,
    c: &mut CatalogSummary,
) -> Result<()> {
    let handle = outcome.handle.as_deref();
    for p in batch {
        let id = p.request.id();
        let verdict = outcome.verdicts.iter().find(|v| v.id == id);
        let (errors, warnings) = verdict.map_or((&[][..], &[][..]), |v| {
            (v.errors.as_slice(), v.warnings.as_slice())
        });
        let state = match (&p.request, errors.is_empty()) {
            (_, false) => ChatState::Rejected,
            (CatalogRequest::Update(_), true) => ChatState::Published,
            (CatalogRequest::Delete { .. }, true) => ChatState::Deleted,
        };
        chat_state::record(
            conn,
            &chat_state::Sent {
                sku: id,
                state,
                data_hash: &p.data_hash,
                errors,
                warnings,
                batch: handle,
            },
            now,
        )?;
        match state {
            ChatState::Rejected => c.rejected += 1,
            ChatState::Published => c.published += 1,
            ChatState::Deleted => c.deleted += 1,
        }
        if !warnings.is_empty() {
            c.warned += 1;
        }
        if let Some(entry) = p.entry {
            if errors.is_empty() {
                super::outbox::mark_sent(conn, entry, handle.unwrap_or(""), now)?;
            } else {
                super::outbox::mark_given_up(conn, entry, &errors.join("; "), now)?;
            }
        }
    }
    Ok(())
}

/// A batch that failed for now: its entries (and the scans that listed its products) stay
/// pending, with the attempt and the error.
fn mark_attempt_failed(conn: &Connection, batch: &[Planned], why: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
    )?;
    let entries: std::collections::BTreeSet<i64> =
        batch.iter().filter_map(|p| p.entry.or(p.scan)).collect();
    for entry in entries {
        stmt.execute(params![entry, why])?;
    }
    Ok(())
}

/// The plan's notes as warnings: images left out once, with the commands that fix it; cuts
/// one a product, the first few.
fn warn_notes(notes: &PlanNotes, s: &mut Summary) {
    if notes.images_left_out > 0 {
        s.warnings.push(format!(
            "{} product(s) have images stored in the shop file, but no public base URL is set, \
             so the chat shows them without images: export them with `shopctl catalog images \
             export DIR`, put DIR on a web host, then `shopctl config set catalog.image_base_url \
             https://...` and `shopctl catalog publish --full`",
            notes.images_left_out
        ));
    }
    const SHOWN: usize = 10;
    for cut in notes.cuts.iter().take(SHOWN) {
        s.warnings.push(cut.clone());
    }
    if notes.cuts.len() > SHOWN {
        s.warnings.push(format!(
            "... and {} more titles or descriptions cut",
            notes.cuts.len() - SHOWN
        ));
    }
}

/// `catalog publish --dry-run`: the batches a publish would send now, and the plan's notes.
/// Changes nothing (the superseding it needs is rolled back).
pub fn dry_run(
    conn: &Connection,
    opts: PublishOptions,
) -> Result<(Vec<Vec<CatalogRequest>>, Vec<String>)> {
    conn.execute_batch("BEGIN")?;
    let result = (|| {
        supersede(conn, Timestamp::UNIX_EPOCH)?;
        let mut planner = Planner::new(conn, opts)?;
        let mut counts = CatalogSummary::default();
        let mut batches = Vec::new();
        while let Some(batch) = planner.next_batch(conn, &mut counts)? {
            batches.push(batch.into_iter().map(|p| p.request).collect());
        }
        let mut s = Summary::default();
        warn_notes(&planner.notes, &mut s);
        Ok((batches, s.warnings))
    })();
    conn.execute_batch("ROLLBACK")?;
    result
}
