//! `shopctl sandbox simulate`.

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum SandboxCmd {
    /// Play customers ordering and paying, and the provider paying out
    Simulate(SimulateArgs),
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// How many orders customers place
    #[arg(long, default_value_t = 20)]
    pub orders: u32,
    /// Over how many days (payouts are made per day)
    #[arg(long, default_value_t = 3)]
    pub days: u32,
    /// The same seed gives the same customers, orders and payouts
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The share of payments that fail, 0 to 1
    #[arg(long, default_value = "0.1")]
    pub failure_rate: String,
    /// Plant K reconciliation faults in the payouts
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub discrepancies: u32,
}

pub fn run(_ctx: &Ctx, _cmd: SandboxCmd) -> Result<Outcome> {
    not_built("sandbox", 4)
}
