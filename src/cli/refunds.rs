//! `shopctl refunds create | list | show`.

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum RefundsCmd {
    /// Refund an order: an amount, some lines, or all of it
    Create(CreateArgs),
    /// List refunds
    List {
        #[arg(long, value_name = "ID")]
        order: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "D")]
        since: Option<String>,
    },
    /// Show one refund
    Show { id: String },
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["amount", "lines", "all"])))]
pub struct CreateArgs {
    /// The order to refund
    pub order: String,
    /// Refund this amount
    #[arg(long, value_name = "A")]
    pub amount: Option<String>,
    /// Refund this line, or QTY of it, at the price paid (repeatable)
    #[arg(long = "line", value_name = "SKU[:QTY]")]
    pub lines: Vec<String>,
    /// Refund everything not yet refunded
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub reason: Option<String>,
    /// Reuse a key to make a retried command return the first refund
    #[arg(long, value_name = "K")]
    pub idempotency_key: Option<String>,
}

pub fn run(_ctx: &Ctx, _cmd: RefundsCmd) -> Result<Outcome> {
    not_built("refunds", 5)
}
