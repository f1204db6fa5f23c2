//! `shopctl sync`.

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

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

pub fn run(_ctx: &Ctx, _args: SyncArgs) -> Result<Outcome> {
    not_built("sync", 4)
}
