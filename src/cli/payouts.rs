//! `shopctl payouts list | show | reconcile`.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum PayoutsCmd {
    /// List payouts
    List {
        #[arg(long, value_name = "D")]
        since: Option<String>,
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one payout with its transactions
    Show { id: String },
    /// Check that payouts add up to the shop's payments, refunds and fees (exit 3 on discrepancies)
    Reconcile(ReconcileArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// Only payouts created on or after this date
    #[arg(long, value_name = "D", conflicts_with = "payout")]
    pub since: Option<String>,
    /// Only this payout
    #[arg(long, value_name = "ID")]
    pub payout: Option<String>,
    /// Reconcile a Stripe itemized payout reconciliation report (CSV) instead of synced data
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

pub fn run(_ctx: &Ctx, _cmd: PayoutsCmd) -> Result<Outcome> {
    not_built("payouts", 6)
}
