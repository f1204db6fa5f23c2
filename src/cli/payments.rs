//! `shopctl payments list | enable | disable`.

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum PaymentsCmd {
    /// Every payment method: enabled, state at the provider, markets, refund rule
    List,
    /// Let customers pay with these methods
    Enable {
        #[arg(required = true)]
        methods: Vec<String>,
    },
    /// Stop offering these methods
    Disable {
        #[arg(required = true)]
        methods: Vec<String>,
    },
}

pub fn run(_ctx: &Ctx, _cmd: PaymentsCmd) -> Result<Outcome> {
    not_built("payments", 4)
}
