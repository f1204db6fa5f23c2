//! `shopctl provider show | set`: which provider the shop syncs with and where its secrets
//! come from. A secret itself is never read into output.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::Ctx;
use crate::error::Outcome;
use crate::payments;
use crate::provider::config::{self, KeySource, ProviderView, SetRequest};
use crate::provider::markets;

#[derive(Debug, clap::Subcommand)]
pub enum ProviderCmd {
    /// The provider and its settings (never the key itself)
    #[command(after_help = super::examples!("shopctl provider show"))]
    Show,
    /// Switch provider or change its settings
    #[command(after_help = super::examples!(
        "shopctl provider set stripe --api-key-env STRIPE_API_KEY",
        "shopctl provider set razorpay --key-id-env RAZORPAY_KEY_ID --key-secret-env RAZORPAY_KEY_SECRET",
        "shopctl provider set sandbox",
    ))]
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The provider to use
    #[arg(value_parser = ["sandbox", "stripe", "razorpay"])]
    pub name: String,
    /// Stripe: read the API key from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "api_key_file")]
    pub api_key_env: Option<String>,
    /// Stripe: read the API key from this file (mode 0600)
    #[arg(long, value_name = "F", value_hint = clap::ValueHint::FilePath)]
    pub api_key_file: Option<PathBuf>,
    /// Stripe Connect: act for this connected account (Stripe-Account header on every call)
    #[arg(long, value_name = "acct_...", conflicts_with = "no_account")]
    pub account: Option<String>,
    /// Stripe Connect: act for the platform's own account again
    #[arg(long)]
    pub no_account: bool,
    /// Razorpay: read the key id from this environment variable
    #[arg(long, value_name = "VAR")]
    pub key_id_env: Option<String>,
    /// Razorpay: read the key secret from this environment variable
    #[arg(long, value_name = "VAR")]
    pub key_secret_env: Option<String>,
    /// The API's base URL (e.g. a local test server)
    #[arg(long, value_name = "URL")]
    pub api_base: Option<String>,
    /// Read the webhook signing secret (for `shopctl serve`) from this environment variable
    #[arg(long, value_name = "VAR")]
    pub webhook_secret_env: Option<String>,
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
                account: args.account,
                no_account: args.no_account,
                webhook_secret_env: args.webhook_secret_env,
                key_id_env: args.key_id_env,
                key_secret_env: args.key_secret_env,
            };
            let mut store = ctx.open()?;
            let v = store.write(|tx| config::apply_set(tx, &req))?;
            if let Some(problem) = &v.key_problem {
                ctx.out.warn(&format!(
                    "{problem}\n(the setting is saved; sync will need the key)"
                ));
            }
            ctx.out.summary_object(&doc(&v))?;
            warn_untaken_methods(ctx, &store)?;
        }
    }
    Ok(Outcome::Done)
}

/// Enabled payment methods the shop's (new) provider does not take: said, not left to fail.
fn warn_untaken_methods(ctx: &Ctx, store: &crate::store::Store) -> Result<()> {
    let shop = store.shop()?;
    let methods = payments::list(store.conn(), &shop.country, shop.currency, &shop.provider)?;
    for m in methods.iter().filter(|m| m.enabled) {
        if markets::switch(&shop.provider, m.method.name).is_none() {
            ctx.out.warn(&format!(
                "{} is enabled, but {}; `shopctl payments disable {}` or switch provider",
                m.method.name,
                markets::needs_another(&shop.provider, m.method.name, &shop.country),
                m.method.name
            ));
        }
    }
    Ok(())
}

fn absolute(path: PathBuf) -> Result<PathBuf> {
    Ok(if path.is_absolute() {
        path
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// The same keys for every provider (null where one does not apply), so that scripts can rely
/// on them.
fn doc(v: &ProviderView) -> Value {
    let (kind, place) = match &v.key_source {
        Some(KeySource::Env(var)) => (Value::from("env"), Value::from(var.as_str())),
        Some(KeySource::File(p)) => (Value::from("file"), Value::from(p.display().to_string())),
        None => (Value::Null, Value::Null),
    };
    let secret = match &v.secret_source {
        Some(KeySource::Env(var)) => Value::from(var.as_str()),
        Some(KeySource::File(p)) => Value::from(p.display().to_string()),
        None => Value::Null,
    };
    json!({
        "provider": v.name,
        "api_base": v.api_base,
        "api_key_source": kind,
        "api_key_from": place,
        "api_secret_from": secret,
        "api_key_available": v.key_available,
        "account": v.account,
        "webhook_secret_from": v.webhook_secret_env,
    })
}
