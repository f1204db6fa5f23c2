//! `shopctl sync`.

use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::error::Outcome;
use crate::output::Pick;
use crate::store::Store;
use crate::sync::{self, Options, Summary};

#[derive(Debug, clap::Args)]
#[command(after_help = super::examples!(
    "shopctl sync",
    "shopctl sync --dry-run   # what would be pushed",
    "shopctl --format json sync >> sync.log 2>&1   # from cron: one JSON line per run",
))]
pub struct SyncArgs {
    /// Only push local changes
    #[arg(long, conflicts_with = "pull_only")]
    pub push_only: bool,
    /// Only pull what happened at the provider
    #[arg(long)]
    pub pull_only: bool,
    /// Say what would be pushed, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Push the whole catalog and the enabled payment methods again and pull everything from
    /// the start, as for a new provider account (which sync does by itself when the account
    /// changes)
    #[arg(long, conflicts_with = "dry_run")]
    pub full: bool,
    /// With --dry-run: only these columns
    #[command(flatten)]
    pub pick: Pick,
}

pub fn run(ctx: &Ctx, args: SyncArgs) -> Result<Outcome> {
    if !args.dry_run {
        // A sync commits a batch at a time, in the shop file and the sandbox's.
        crate::store::checkpoint_apart();
    }
    let mut store = ctx.open()?;
    if args.dry_run {
        return dry_run(ctx, &store, &args.pick);
    }
    store.for_bulk_writes(SYNC_CACHE_MB)?;
    let wait = Duration::from_millis(store.busy_timeout_ms());
    let _lock = sync::lock(&store, wait)?;
    let mut provider = ctx.provider(&store)?;
    let mut channel = ctx.channel(&store)?;
    let opts = Options {
        push: !args.pull_only,
        pull: !args.push_only,
        full: args.full,
    };
    let summary = sync::run(
        &mut store,
        provider.as_mut(),
        Some(channel.as_mut()),
        opts,
        ctx.now,
    )?;
    // Each file's close copies its log back into it and waits for the disk: the provider's
    // and the chat's (the sandbox's file) close on a thread of their own while the shop's does.
    let closing = std::thread::spawn(move || drop((provider, channel)));
    drop(store);
    let _ = closing.join();
    for w in &summary.warnings {
        ctx.out.warn(w);
    }
    let mut doc = serde_json::to_value(&summary)?;
    // When it ended, for a cron log read later (`started_at` is the "now" it ran at).
    doc["started_at"] = crate::clock::format(ctx.now).into();
    doc["finished_at"] = crate::clock::format(crate::clock::now()?).into();
    ctx.out.summary(&doc, &summary_text(&summary))?;
    for line in &summary.chat.undelivered {
        ctx.out.warn(&format!("not delivered: {line}"));
    }
    if !summary.errors.is_empty() {
        anyhow::bail!(
            "sync did not finish: {}{}",
            summary.errors.join("; "),
            if summary.pending > 0 {
                format!(" ({} change(s) still wait to be pushed)", summary.pending)
            } else {
                String::new()
            }
        );
    }
    if summary.chat.messages_failed > 0 {
        // The sync finished, but customers were not told something: a script must notice.
        return Ok(Outcome::Problems);
    }
    Ok(Outcome::Done)
}

/// One row of `sync --dry-run`: an outbox entry that waits to be pushed.
#[derive(Default, Serialize)]
struct PendingRow {
    entry: String,
    /// `provider` or `channel`.
    target: &'static str,
    kind: &'static str,
    subject: String,
    attempts: i64,
    last_error: Option<String>,
}

/// `count one|many`.
fn n(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// "`head` 3 payments, 1 payout" of the counts that are not 0, or nothing.
fn counted(head: &str, counts: &[(usize, &str, &str)]) -> Option<String> {
    let said: Vec<String> = counts
        .iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|&(count, one, many)| n(count, one, many))
        .collect();
    (!said.is_empty()).then(|| format!("{head}{}", said.join(", ")))
}

/// What a sync did, in a sentence: "pushed 8 changes (19 older versions skipped); pulled 12
/// new orders, 12 payments, 3 payouts", or "nothing to do".
fn summary_text(s: &Summary) -> String {
    let mut parts = Vec::new();
    if s.requeued > 0 {
        parts.push(format!(
            "queued the whole catalog and the enabled methods again ({})",
            n(s.requeued, "change", "changes")
        ));
    }
    if s.pushed > 0 || s.superseded > 0 {
        let mut push = format!("pushed {}", n(s.pushed, "change", "changes"));
        if s.superseded > 0 {
            push.push_str(&format!(
                " ({} skipped: a newer one was sent)",
                n(s.superseded, "older version", "older versions")
            ));
        }
        parts.push(push);
    }
    if s.refunds_completed > 0 {
        parts.push(format!(
            "completed {}",
            n(s.refunds_completed, "pending refund", "pending refunds")
        ));
    }
    let p = &s.pulled;
    parts.extend(counted(
        "pulled ",
        &[
            (p.orders_new, "new order", "new orders"),
            (p.orders_changed, "order update", "order updates"),
            (p.payments_new, "payment", "payments"),
            (p.payments_changed, "payment update", "payment updates"),
            (p.refunds_changed, "refund update", "refund updates"),
            (p.payouts_new, "payout", "payouts"),
            (p.payouts_changed, "payout update", "payout updates"),
            (
                p.transactions_new,
                "balance transaction",
                "balance transactions",
            ),
        ],
    ));
    let c = &s.chat;
    parts.extend(counted(
        "chat: ",
        &[
            (c.processed, "delivery processed", "deliveries processed"),
            (c.processing_failed, "delivery failed", "deliveries failed"),
            (c.messages_sent, "message sent", "messages sent"),
            (
                c.messages_failed,
                "message not delivered",
                "messages not delivered",
            ),
            (c.messages_skipped, "message skipped", "messages skipped"),
        ],
    ));
    if let Some(c) = &s.catalog {
        parts.extend(counted(
            "chat catalog: ",
            &[
                (c.published, "product published", "products published"),
                (c.deleted, "product taken off", "products taken off"),
                (c.rejected, "product refused", "products refused"),
            ],
        ));
    }
    let mut text = if parts.is_empty() && s.errors.is_empty() {
        "nothing to do: the shop and the provider already agree".to_string()
    } else if parts.is_empty() {
        "nothing was synced".to_string()
    } else {
        parts.join("; ")
    };
    if s.pending > 0 {
        text.push_str(&format!(
            "; {} still to push",
            n(s.pending, "change", "changes")
        ));
    }
    text
}

fn dry_run(ctx: &Ctx, store: &Store, pick: &Pick) -> Result<Outcome> {
    let pending = sync::outbox::pending(store.conn())?;
    let chat = sync::outbox::pending_channel_after(store.conn(), 0, i64::MAX)?;
    let catalog = sync::catalog::pending_entries(store.conn())?;
    let mut rows: Vec<PendingRow> = pending
        .into_iter()
        .map(|p| PendingRow {
            entry: p.entry.id.to_string(),
            target: "provider",
            kind: p.entry.change.kind(),
            subject: p.subject,
            attempts: p.attempts,
            last_error: p.last_error,
        })
        .chain(chat.into_iter().map(|p| PendingRow {
            entry: p.entry.id.to_string(),
            target: "channel",
            kind: p.entry.change.kind(),
            subject: p.subject,
            attempts: p.attempts,
            last_error: p.last_error,
        }))
        .chain(catalog.into_iter().map(|p| PendingRow {
            entry: p.id.to_string(),
            target: "channel",
            kind: p.kind,
            subject: p.subject,
            attempts: p.attempts,
            last_error: p.last_error,
        }))
        .collect();
    rows.sort_by_key(|r| r.entry.parse::<i64>().unwrap_or(0));
    ctx.out.picked(pick).rows(rows)?;
    ctx.out
        .hint("nothing was pushed or pulled; run `shopctl sync` to do it");
    Ok(Outcome::Done)
}

/// The shop's page cache during a sync, in MB (`Store::for_bulk_writes`): its transactions of
/// 5,000 deliveries (`sync::inbox`) dirty more pages than SQLite's own 2 MB holds. A sync of
/// 100,000 orders, seconds in two rounds of interleaved runs: 2 MB 14.8 and 12.9, 8 MB 12.1
/// and 10.9, 16 MB 12.2 and 12.6; peak RSS 70, 80 and 87 MB (issue 18).
const SYNC_CACHE_MB: i64 = 8;
