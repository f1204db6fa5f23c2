//! The chat's catalog side of sync: products are published to the channel's catalog (Meta's,
//! or the sandbox chat's) from the light `catalog_item` outbox entries that every product
//! change queues, in batches of at most `CATALOG_BATCH_MAX` requests.
//!
//! **Where sync decides what the chat shows** (`plan_one`): the product as it is now, against
//! what the chat was last told (`catalog::chat_state`):
//! - active → an UPDATE, unless the item's data is what was last sent (published, or refused:
//!   a refused item is retried only once the product changes);
//! - draft or archived → a DELETE when the chat may show it, else nothing (a draft is never
//!   published);
//! - only the newest state of each product goes: older pending entries of the same product are
//!   settled first, in one statement.
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

use super::Summary;
use crate::catalog::chat_item::{self, ItemNote, ItemSettings};
use crate::catalog::chat_state::{self, ChatState};
use crate::channel::{CATALOG_BATCH_MAX, Channel, ChannelError};
use crate::model::{BatchOutcome, CatalogRequest, ProductStatus};

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

/// One request planned, with what settles it.
#[derive(Clone, Debug)]
pub struct Planned {
    pub request: CatalogRequest,
    /// The outbox entry it answers (none in a full publish of a product without one).
    pub entry: Option<i64>,
    pub data_hash: String,
}

/// What a plan found beside its requests.
#[derive(Clone, Debug, Default)]
pub struct PlanNotes {
    /// Products with stored images sent without them (no `catalog.image_base_url`).
    pub images_left_out: usize,
    /// `SKU: title cut to 200 characters`, ...
    pub cuts: Vec<String>,
}

/// Approximate JSON bytes of one batch past which it is closed even below
/// `CATALOG_BATCH_MAX` requests: Meta refuses bodies over 28 MB.
const BATCH_BYTES: usize = 20 * 1024 * 1024;

/// Entries (or products, in a full publish) read at a time.
const PAGE: i64 = 1000;

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
            "publishing the catalog to the {} chat failed: {why}; {} change(s) stay queued and \
             the next `shopctl sync` sends them",
            channel.name(),
            pending_count(store.conn())?
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

/// Settles, without sending, every pending catalog entry that a later pending entry of the
/// same product makes out of date. One statement, as for the provider's product entries.
fn supersede(conn: &Connection, now: Timestamp) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, pushed_at = ?1
         WHERE status = 'pending' AND target = 'channel' AND kind = 'catalog_item'
           AND id NOT IN (SELECT max(id) FROM outbox
                          WHERE status = 'pending' AND target = 'channel' AND kind = 'catalog_item'
                          GROUP BY subject)",
        [crate::clock::format(now)],
    )?)
}

fn last_pending(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(id), 0) FROM outbox
         WHERE status = 'pending' AND target = 'channel' AND kind = 'catalog_item'",
        [],
        |r| r.get(0),
    )?)
}

/// Pending catalog entries.
pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox
         WHERE status = 'pending' AND target = 'channel' AND kind = 'catalog_item'",
        [],
        |r| r.get(0),
    )?)
}

fn settle_up_to(conn: &Connection, last: i64, now: Timestamp) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, pushed_at = ?2
         WHERE status = 'pending' AND target = 'channel' AND kind = 'catalog_item' AND id <= ?1",
        params![last, crate::clock::format(now)],
    )?;
    Ok(())
}

/// Plans the requests that bring the chat in step, one batch at a time, reading a page of
/// entries (or products) at a time: memory holds a batch, never the catalog. Reads only.
pub struct Planner {
    opts: PublishOptions,
    settings: ItemSettings,
    after: i64,
    after_sku: String,
    /// Planned, not yet handed out (a batch closed on the size limit leaves its next item).
    ready: Vec<Planned>,
    exhausted: bool,
    pub notes: PlanNotes,
}

impl Planner {
    pub fn new(conn: &Connection, opts: PublishOptions) -> Result<Planner> {
        Ok(Planner {
            opts,
            settings: ItemSettings::load(conn)?,
            after: 0,
            after_sku: String::new(),
            ready: Vec::new(),
            exhausted: false,
            notes: PlanNotes::default(),
        })
    }

    /// The next batch (at most `CATALOG_BATCH_MAX` requests and about `BATCH_BYTES`), or
    /// None when everything is planned.
    pub fn next_batch(
        &mut self,
        conn: &Connection,
        counts: &mut CatalogSummary,
    ) -> Result<Option<Vec<Planned>>> {
        let mut bytes: usize = self.ready.iter().map(|p| approx_size(&p.request)).sum();
        while self.ready.len() < CATALOG_BATCH_MAX && bytes < BATCH_BYTES && !self.exhausted {
            let page = self.page(conn)?;
            if page.is_empty() {
                self.exhausted = true;
                break;
            }
            for (entry, sku) in page {
                match plan_one(conn, &self.settings, &sku, self.opts.full, &mut self.notes)? {
                    Some(p) => {
                        bytes += approx_size(&p.request);
                        self.ready.push(Planned { entry, ..p });
                    }
                    None => counts.unchanged += 1,
                }
            }
        }
        if self.ready.is_empty() {
            return Ok(None);
        }
        // Close the batch at the count and size limits; the rest waits for the next call.
        let mut size = 0;
        let mut take = 0;
        for p in self.ready.iter().take(CATALOG_BATCH_MAX) {
            size += approx_size(&p.request);
            if take > 0 && size > BATCH_BYTES {
                break;
            }
            take += 1;
        }
        let rest = self.ready.split_off(take);
        Ok(Some(std::mem::replace(&mut self.ready, rest)))
    }

    /// The next page of (entry, SKU): pending entries in order, or every SKU in a full
    /// publish.
    fn page(&mut self, conn: &Connection) -> Result<Vec<(Option<i64>, String)>> {
        let page: Vec<(Option<i64>, String)> = if self.opts.full {
            skus_after(conn, &self.after_sku, PAGE)?
                .into_iter()
                .map(|sku| (None, sku))
                .collect()
        } else {
            pending_after(conn, self.after, PAGE)?
                .into_iter()
                .map(|(id, sku)| (Some(id), sku))
                .collect()
        };
        if let Some((entry, sku)) = page.last() {
            self.after = entry.unwrap_or(self.after);
            self.after_sku = sku.clone();
        }
        Ok(page)
    }
}

/// What to send for `sku` now, if anything.
fn plan_one(
    conn: &Connection,
    settings: &ItemSettings,
    sku: &str,
    full: bool,
    notes: &mut PlanNotes,
) -> Result<Option<Planned>> {
    let product = crate::catalog::load(conn, sku)?;
    let last = chat_state::load(conn, sku)?;
    let shown = last.as_ref().is_some_and(|l| l.state != ChatState::Deleted);
    let active = product
        .as_ref()
        .filter(|p| p.status == ProductStatus::Active);
    let Some(p) = active else {
        // Not for sale (or gone): off the chat if it may be there.
        return Ok((shown || (full && last.is_some())).then(|| Planned {
            request: CatalogRequest::Delete {
                id: sku.to_string(),
            },
            entry: None,
            data_hash: String::new(),
        }));
    };
    let built = chat_item::chat_item(conn, settings, p)?;
    let hash = chat_state::data_hash(&built.item)?;
    if !full
        && last
            .as_ref()
            .is_some_and(|l| l.state != ChatState::Deleted && l.data_hash == hash)
    {
        return Ok(None);
    }
    for note in &built.notes {
        match note {
            ItemNote::ImagesNeedBaseUrl => notes.images_left_out += 1,
            ItemNote::TitleCut => notes.cuts.push(format!(
                "{sku}: the title is longer than {} characters; the chat shows it cut at a word",
                chat_item::TITLE_MAX
            )),
            ItemNote::DescriptionCut => notes.cuts.push(format!(
                "{sku}: the description is longer than {} characters (as text); the chat shows \
                 it cut at a word",
                chat_item::DESCRIPTION_MAX
            )),
        }
    }
    Ok(Some(Planned {
        request: CatalogRequest::Update(built.item),
        entry: None,
        data_hash: hash,
    }))
}

fn approx_size(r: &CatalogRequest) -> usize {
    match r {
        CatalogRequest::Update(i) => {
            200 + i.title.len()
                + i.description.len()
                + i.link.len()
                + i.images.iter().map(|l| l.len() + 3).sum::<usize>()
                + i.brand.len()
        }
        CatalogRequest::Delete { id } => 40 + id.len(),
    }
}

fn pending_after(conn: &Connection, after: i64, limit: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject FROM outbox WHERE status = 'pending' AND target = 'channel'
           AND kind = 'catalog_item' AND id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every SKU the chat should hear about in a full publish: the catalog's, and those the chat
/// was told about that are no longer in it.
fn skus_after(conn: &Connection, after: &str, limit: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku FROM products WHERE sku > ?1
         UNION SELECT sku FROM chat_items WHERE sku > ?1
         ORDER BY 1 LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

/// A batch that failed for now: its entries stay pending, with the attempt and the error.
fn mark_attempt_failed(conn: &Connection, batch: &[Planned], why: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
    )?;
    for entry in batch.iter().filter_map(|p| p.entry) {
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
