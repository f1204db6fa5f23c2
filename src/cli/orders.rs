//! `shopctl orders list | show | import | fulfil | cancel`.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum OrdersCmd {
    /// List orders, newest first
    List(ListArgs),
    /// Show one order with its lines, payments, fulfilments, refunds and history
    Show { id: String },
    /// Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)
    Import { file: PathBuf },
    /// Ship an order, all of it or some lines
    Fulfil(FulfilArgs),
    /// Cancel an order that has not shipped (a paid one is refunded in full)
    Cancel {
        id: String,
        /// Why, for the customer and the history
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only orders with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only orders with this payment status
    #[arg(long)]
    pub payment: Option<String>,
    /// Only orders created on or after this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "D")]
    pub since: Option<String>,
    /// Only orders created before this date
    #[arg(long, value_name = "D")]
    pub until: Option<String>,
    /// Only orders whose customer's phone or name contains C
    #[arg(long, value_name = "C")]
    pub customer: Option<String>,
    /// Only orders with lines not yet shipped
    #[arg(long)]
    pub unfulfilled: bool,
    /// At most N orders
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct FulfilArgs {
    /// The order to ship
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub id: Option<String>,
    /// Ship only this line, or QTY of it (repeatable)
    #[arg(long = "line", value_name = "SKU[:QTY]")]
    pub lines: Vec<String>,
    #[arg(long)]
    pub carrier: Option<String>,
    #[arg(long)]
    pub tracking: Option<String>,
    /// Ship even though the order is not paid
    #[arg(long)]
    pub force: bool,
    /// Many shipments from a CSV of order, sku, quantity, carrier, tracking
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

pub fn run(_ctx: &Ctx, _cmd: OrdersCmd) -> Result<Outcome> {
    not_built("orders", 5)
}
