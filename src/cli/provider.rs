//! `shopctl provider show | set`: which provider the shop syncs with and where its API key
//! comes from. The key itself is never read into output.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::Ctx;
use crate::error::Outcome;
use crate::provider::config::{self, KeySource, ProviderView, SetRequest};

#[derive(Debug, clap::Subcommand)]
pub enum ProviderCmd {
    /// The provider and its settings (never the key itself)
    #[command(after_help = super::examples!("shopctl provider show"))]
    Show,
    /// Switch provider or change its settings
    #[command(after_help = super::examples!(
        "shopctl provider set stripe --api-key-env STRIPE_API_KEY",
        "shopctl provider set stripe --api-key-file ~/.config/shopctl/stripe-key",
        "shopctl provider set sandbox",
    ))]
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The provider to use
    #[arg(value_parser = ["sandbox", "stripe"])]
    pub name: String,
    /// Read the API key from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "api_key_file")]
    pub api_key_env: Option<String>,
    /// Read the API key from this file (mode 0600)
    #[arg(long, value_name = "F", value_hint = clap::ValueHint::FilePath)]
    pub api_key_file: Option<PathBuf>,
    /// The API's base URL (e.g. a local test server)
    #[arg(long, value_name = "URL")]
    pub api_base: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: ProviderCmd) -> Result<Outcome> {
    match cmd {
        ProviderCmd::Show => {
            let store = ctx.open()?;
            let v = config::view(store.conn())?;
            if let Some(problem) = &v.key_problem {
                ctx.out.warn(problem);
            }
            ctx.out.object(&doc(&v))?;
        }
        ProviderCmd::Set(args) => {
            let key_source = match (args.api_key_env, args.api_key_file) {
                (Some(var), _) => Some(KeySource::Env(var)),
                (None, Some(f)) => Some(KeySource::File(absolute(f)?)),
                (None, None) => None,
            };
            let req = SetRequest {
                name: args.name,
                key_source,
                api_base: args.api_base,
            };
            let mut store = ctx.open()?;
            let v = store.write(|tx| config::apply_set(tx, &req))?;
            if let Some(problem) = &v.key_problem {
                ctx.out.warn(&format!(
                    "{problem}\n(the setting is saved; sync will need the key)"
                ));
            }
            ctx.out.summary_object(&doc(&v))?;
        }
    }
    Ok(Outcome::Done)
}

fn absolute(path: PathBuf) -> Result<PathBuf> {
    Ok(if path.is_absolute() {
        path
    } else {
        std::env::current_dir()?.join(path)
    })
}

fn doc(v: &ProviderView) -> Value {
    let (kind, place) = match &v.key_source {
        Some(KeySource::Env(var)) => (Value::from("env"), Value::from(var.as_str())),
        Some(KeySource::File(p)) => (Value::from("file"), Value::from(p.display().to_string())),
        None => (Value::Null, Value::Null),
    };
    json!({
        "provider": v.name,
        "api_base": v.api_base,
        "api_key_source": kind,
        "api_key_from": place,
        "api_key_available": v.key_available,
    })
}
