//! `shopctl sync`.

use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::error::Outcome;
use crate::store::Store;
use crate::sync::{self, Options};

#[derive(Debug, clap::Args)]
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
}

pub fn run(ctx: &Ctx, args: SyncArgs) -> Result<Outcome> {
    let mut store = ctx.open()?;
    if args.dry_run {
        return dry_run(ctx, &store);
    }
    let wait = Duration::from_millis(store.busy_timeout_ms());
    let _lock = sync::lock(store.path(), wait)?;
    let mut provider = ctx.provider(&store)?;
    let opts = Options {
        push: !args.pull_only,
        pull: !args.push_only,
    };
    let summary = sync::run(&mut store, provider.as_mut(), None, opts, ctx.now)?;
    for w in &summary.warnings {
        ctx.out.warn(w);
    }
    ctx.out.object(&serde_json::to_value(&summary)?)?;
    if summary.nothing_changed() && summary.errors.is_empty() {
        ctx.out
            .hint("nothing to do: the shop and the provider already agree");
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
    Ok(Outcome::Done)
}

/// One row of `sync --dry-run`: an outbox entry that waits to be pushed.
#[derive(Default, Serialize)]
struct PendingRow {
    entry: String,
    kind: &'static str,
    subject: String,
    attempts: i64,
    last_error: Option<String>,
}

fn dry_run(ctx: &Ctx, store: &Store) -> Result<Outcome> {
    let pending = sync::outbox::pending(store.conn())?;
    ctx.out.rows(pending.into_iter().map(|p| PendingRow {
        entry: p.entry.id.to_string(),
        kind: p.entry.change.kind(),
        subject: p.subject,
        attempts: p.attempts,
        last_error: p.last_error,
    }))?;
    ctx.out
        .hint("nothing was pushed or pulled; run `shopctl sync` to do it");
    Ok(Outcome::Done)
}
