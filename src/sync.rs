//! Sync: pull orders, push the outbox in order, finish refunds left pending, then pull refunds
//! and payouts, with one cursor per resource (DESIGN.md, "Sync").
//!
//! Every result is committed as soon as it is known, so a sync killed at any point loses at
//! most the answer to the call in flight, and that call is repeated with the same idempotency
//! key on the next run. Two syncs never run at once: a lock file beside the shop file is held
//! for the whole run, and the second waits for it up to the busy timeout, then exits 4.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::clock;
use crate::error::Busy;
use crate::orders::remote;
use crate::provider::{self, Change, Provider, ProviderError};
use crate::store::{Store, outbox};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub push: bool,
    pub pull: bool,
}

/// What one sync did, printed as its summary.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub provider: String,
    pub pushed: usize,
    /// Product updates not sent because a later pending update of the same product carries
    /// a newer state (a burst of stock changes is pushed once).
    pub superseded: usize,
    /// Outbox entries whose push failed in this run (0 or 1: a failure stops the push, so that
    /// later changes never overtake an earlier one).
    pub failed: usize,
    /// Outbox entries still waiting after this run.
    pub pending: usize,
    pub refunds_completed: usize,
    pub pulled: Pulled,
    /// What went wrong, one line each; non-empty means the command exits 1.
    pub errors: Vec<String>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Pulled {
    pub orders_new: usize,
    pub orders_changed: usize,
    pub payments_new: usize,
    pub payments_changed: usize,
    pub refunds_changed: usize,
    pub payouts_new: usize,
    pub payouts_changed: usize,
    pub transactions_new: usize,
}

impl Summary {
    /// True when the run changed nothing anywhere.
    pub fn nothing_changed(&self) -> bool {
        let p = &self.pulled;
        self.pushed == 0
            && self.superseded == 0
            && self.failed == 0
            && self.refunds_completed == 0
            && p.orders_new + p.orders_changed + p.payments_new + p.payments_changed == 0
            && p.refunds_changed + p.payouts_new + p.payouts_changed + p.transactions_new == 0
    }
}

/// Held for the whole sync; released when dropped (or when the process dies).
pub struct SyncLock {
    _file: File,
}

pub fn lock_path(shop: &Path) -> PathBuf {
    let mut name = shop.file_name().unwrap_or_default().to_os_string();
    name.push(".sync-lock");
    shop.with_file_name(name)
}

/// Takes the sync lock, waiting up to `wait` for another sync to finish.
pub fn lock(shop: &Path, wait: Duration) -> Result<SyncLock> {
    let path = lock_path(shop);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the sync lock file {}", path.display()))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(SyncLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(anyhow::Error::new(Busy {
                    path: shop.to_path_buf(),
                    waited_ms: wait.as_millis() as u64,
                })
                .context("another `shopctl sync` is running on this shop"));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
}

/// Pushes, resumes pending refunds and pulls. Provider failures do not return `Err`: they are
/// recorded (the entry stays pending with its error) and listed in `errors`, so that the caller
/// can print the summary and then exit 1.
pub fn run(
    store: &mut Store,
    provider: &mut dyn Provider,
    opts: Options,
    now: Timestamp,
) -> Result<Summary> {
    let mut s = Summary {
        provider: provider.name().to_string(),
        ..Summary::default()
    };
    // Orders first: the stock they took must be in the shop before the shop pushes its stock
    // counts, or the push would hand the provider back units it has already sold.
    let mut orders_ok = true;
    if opts.pull {
        orders_ok = pull_orders(store, provider, now, &mut s)?;
    }
    if opts.push && orders_ok {
        push(store, provider, now, &mut s)?;
        let refunds = crate::refunds::resume_pending(store, provider, now)?;
        for r in &refunds {
            match (&r.last_error, r.status.as_str()) {
                (Some(err), "pending") => s.errors.push(format!("refund {}: {err}", r.label())),
                (_, "pending") => {}
                _ => s.refunds_completed += 1,
            }
        }
    }
    if opts.pull && orders_ok {
        pull_rest(store, provider, now, &mut s)?;
    }
    s.pending = outbox::pending_count(store.conn())? as usize;
    Ok(s)
}

fn push(
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

/// Refused credentials fail every call alike: they are no one entry's or resource's failure,
/// and recording them as one would promise that the next sync carries on. The sync stops with
/// the provider's message (which says where the key comes from) and records nothing.
fn stop_on_refused_credentials(e: ProviderError) -> Result<ProviderError> {
    match e {
        ProviderError::Auth(_) => Err(anyhow::Error::new(e)),
        e => Ok(e),
    }
}

fn cursor(conn: &Connection, resource: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT cursor FROM sync_cursors WHERE resource = ?1",
            [resource],
            |r| r.get(0),
        )
        .optional()?)
}

fn set_cursor(conn: &Connection, resource: &str, value: &str, now: Timestamp) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_cursors (resource, cursor, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
        params![resource, value, clock::format(now)],
    )?;
    Ok(())
}

/// A provider that keeps answering with new pages is a bug somewhere; stop rather than spin.
const MAX_PAGES: usize = 100_000;

/// Pulls one resource page by page from its stored cursor: `fetch` asks the provider for the
/// page after a cursor, `record` writes a page's items in the same transaction as the new
/// cursor, so that a pull stopped at any point resumes where its last commit left it.
/// Returns false when the provider failed (recorded in the summary; later resources wait).
fn pull_pages<T>(
    store: &mut Store,
    s: &mut Summary,
    resource: &str,
    now: Timestamp,
    mut fetch: impl FnMut(Option<&str>) -> Result<provider::Pulled<T>, (String, ProviderError)>,
    mut record: impl FnMut(&rusqlite::Transaction, &[T], &mut Summary) -> Result<()>,
) -> Result<bool> {
    let mut cur = cursor(store.conn(), resource)?;
    for _ in 0..MAX_PAGES {
        let page = match fetch(cur.as_deref()) {
            Ok(p) => p,
            Err((what, e)) => {
                let e = stop_on_refused_credentials(e)?;
                s.errors.push(format!("pulling {what} failed: {e}"));
                return Ok(false);
            }
        };
        store.write(|tx| {
            record(tx, &page.items, s)?;
            if let Some(c) = &page.next_cursor {
                set_cursor(tx, resource, c, now)?;
            }
            Ok(())
        })?;
        if page.items.is_empty() || page.next_cursor.is_none() || page.next_cursor == cur {
            return Ok(true);
        }
        cur = page.next_cursor;
    }
    s.errors.push(format!(
        "pulling {resource} stopped after {MAX_PAGES} pages without reaching the end; the next sync carries on"
    ));
    Ok(false)
}

/// Orders with their payments. False when the provider failed.
fn pull_orders(
    store: &mut Store,
    provider: &mut dyn Provider,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    pull_pages(
        store,
        s,
        "orders",
        now,
        |cur| provider.pull_orders(cur).map_err(|e| ("orders".into(), e)),
        |tx, items, s| {
            for o in items {
                let rec = remote::record_pulled(tx, o, now)?;
                s.pulled.orders_new += rec.orders_new;
                s.pulled.orders_changed += rec.orders_changed;
                s.pulled.payments_new += rec.payments_new;
                s.pulled.payments_changed += rec.payments_changed;
                s.warnings.extend(rec.warnings);
            }
            Ok(())
        },
    )
}

/// Refunds' final states, then payouts with their balance transactions.
fn pull_rest(
    store: &mut Store,
    provider: &mut dyn Provider,
    now: Timestamp,
    s: &mut Summary,
) -> Result<()> {
    let ok = pull_pages(
        store,
        s,
        "refunds",
        now,
        |cur| {
            provider
                .pull_refunds(cur)
                .map_err(|e| ("refunds".into(), e))
        },
        |tx, items, s| {
            for r in items {
                if !crate::refunds::record_pulled(tx, r, now)? {
                    continue;
                }
                s.pulled.refunds_changed += 1;
                let order: Option<i64> = tx
                    .query_row(
                        "SELECT order_id FROM refunds WHERE provider_ref = ?1",
                        [&r.provider_ref],
                        |row| row.get(0),
                    )
                    .optional()?;
                if let Some(order) = order {
                    crate::refunds::refresh_payment_status(tx, order, now)?;
                }
            }
            Ok(())
        },
    )?;
    if !ok {
        return Ok(());
    }

    // Payouts, each with the balance transactions that make it up.
    pull_pages(
        store,
        s,
        "payouts",
        now,
        |cur| {
            let page = provider
                .pull_payouts(cur)
                .map_err(|e| ("payouts".to_string(), e))?;
            let mut items = Vec::with_capacity(page.items.len());
            for p in page.items {
                let txns = provider
                    .payout_transactions(&p.provider_ref)
                    .map_err(|e| (format!("the transactions of payout {}", p.provider_ref), e))?;
                items.push((p, txns));
            }
            Ok(provider::Pulled {
                items,
                next_cursor: page.next_cursor,
            })
        },
        |tx, items, s| {
            for (p, t) in items {
                let r = crate::payouts::record_pulled(tx, p, t, now)?;
                s.pulled.payouts_new += r.payouts_new;
                s.pulled.payouts_changed += r.payouts_changed;
                s.pulled.transactions_new += r.transactions_new;
            }
            Ok(())
        },
    )?;
    Ok(())
}
