//! `shopctl inbox list | retry`: the webhook deliveries `serve` (and `sync`) stored, and a
//! second chance for those whose processing failed.

use anyhow::Result;

use super::Ctx;
use crate::error::Outcome;
use crate::inbox;
use crate::output::Pick;

#[derive(Debug, clap::Subcommand)]
pub enum InboxCmd {
    /// Deliveries, newest first
    #[command(after_help = super::examples!(
        "shopctl inbox list --failed",
        "shopctl --format json inbox list --limit 10",
    ))]
    List(ListArgs),
    /// Process a failed delivery again (after fixing its cause, e.g. adding the SKU)
    #[command(after_help = super::examples!("shopctl inbox retry 42"))]
    Retry(RetryArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only deliveries whose processing failed
    #[arg(long)]
    pub failed: bool,
    /// At most this many
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
    #[command(flatten)]
    pub pick: Pick,
}

#[derive(Debug, clap::Args)]
pub struct RetryArgs {
    /// The delivery's id, from `shopctl inbox list`
    pub id: i64,
}

pub fn run(ctx: &Ctx, cmd: InboxCmd) -> Result<Outcome> {
    match cmd {
        InboxCmd::List(args) => {
            let store = ctx.open()?;
            ctx.out
                .picked(&args.pick)
                .rows(inbox::list(store.conn(), args.failed, args.limit)?)?;
        }
        InboxCmd::Retry(args) => {
            let mut store = ctx.open()?;
            store.write(|tx| inbox::retry(tx, args.id))?;
            let mut done = crate::sync::inbox::process_pending(
                &mut store,
                ctx.now,
                crate::sync::inbox::Lines::Every,
            )?;
            // A provider's event: the pull it asks for (nothing when none waits).
            let pulled = crate::sync::webhooks::process_pending(&mut store, ctx.now)?;
            done.processed += pulled.processed;
            done.failed += pulled.failed;
            done.waiting += pulled.waiting;
            done.lines.extend(pulled.lines);
            for line in done.log_lines() {
                ctx.out.hint(line);
            }
            ctx.out.summary(
                &serde_json::to_value(&done)?,
                &format!(
                    "delivery {}: {} processed, {} failed, {} waiting",
                    args.id, done.processed, done.failed, done.waiting
                ),
            )?;
            if done.failed > 0 {
                anyhow::bail!(
                    "delivery {} failed again; see `shopctl inbox list --failed`",
                    args.id
                );
            }
        }
    }
    Ok(Outcome::Done)
}
