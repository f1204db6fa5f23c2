//! `shopctl provider show | set`.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum ProviderCmd {
    /// The provider and its settings (never the key itself)
    Show,
    /// Switch provider or change its settings
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// sandbox or stripe
    pub name: String,
    /// Read the API key from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "api_key_file")]
    pub api_key_env: Option<String>,
    /// Read the API key from this file (mode 0600)
    #[arg(long, value_name = "F")]
    pub api_key_file: Option<PathBuf>,
    /// The API's base URL (e.g. a local test server)
    #[arg(long, value_name = "URL")]
    pub api_base: Option<String>,
}

pub fn run(_ctx: &Ctx, _cmd: ProviderCmd) -> Result<Outcome> {
    not_built("provider", 4)
}
