//! `shopctl channel show | set`: which chat storefront the shop talks to, its WhatsApp ids,
//! and where each secret lives. No secret is ever printed.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::Ctx;
use crate::channel::config::{
    self, ChannelSettings, GRAPH_VERSION, SecretKind, SetRequest, secret_views,
};
use crate::error::Outcome;
use crate::provider::config::KeySource;

#[derive(Debug, clap::Subcommand)]
pub enum ChannelCmd {
    /// The channel and its settings (where each secret lives, never the secret)
    #[command(after_help = super::examples!("shopctl channel show"))]
    Show,
    /// Choose the chat channel: sandbox (offline), or whatsapp (Meta's Cloud API)
    #[command(after_help = super::examples!(
        "shopctl channel set whatsapp --phone-number-id 106540352242922 --catalog-id 1394017164617036 --token-env WA_TOKEN --app-secret-env META_APP_SECRET --verify-token-env WA_VERIFY_TOKEN",
        "shopctl channel set sandbox",
    ))]
    Set(Box<SetArgs>),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The channel customers use
    #[arg(value_parser = ["sandbox", "whatsapp"])]
    pub name: String,
    /// The WhatsApp business phone number's id (Meta's app dashboard, API setup)
    #[arg(long, value_name = "ID")]
    pub phone_number_id: Option<String>,
    /// The id of the Meta catalog connected to the WhatsApp account
    #[arg(long, value_name = "ID")]
    pub catalog_id: Option<String>,
    /// Read the access token (a system user token) from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "token_file")]
    pub token_env: Option<String>,
    /// Read the access token from this file (mode 0600)
    #[arg(long, value_name = "F", value_hint = clap::ValueHint::FilePath)]
    pub token_file: Option<PathBuf>,
    /// Read the Meta app secret (signs the webhooks) from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "app_secret_file")]
    pub app_secret_env: Option<String>,
    /// Read the Meta app secret from this file (mode 0600)
    #[arg(long, value_name = "F", value_hint = clap::ValueHint::FilePath)]
    pub app_secret_file: Option<PathBuf>,
    /// Read the webhook verify token (you chose it in Meta's dashboard) from this variable
    #[arg(long, value_name = "VAR", conflicts_with = "verify_token_file")]
    pub verify_token_env: Option<String>,
    /// Read the webhook verify token from this file (mode 0600)
    #[arg(long, value_name = "F", value_hint = clap::ValueHint::FilePath)]
    pub verify_token_file: Option<PathBuf>,
    /// The Graph API's base URL (e.g. a local test server) [default: https://graph.facebook.com]
    #[arg(long, value_name = "URL")]
    pub graph_base: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: ChannelCmd) -> Result<Outcome> {
    match cmd {
        ChannelCmd::Show => {
            let store = ctx.open()?;
            let settings = ChannelSettings::load(store.conn())?;
            show(ctx, &settings, false)?;
        }
        ChannelCmd::Set(args) => {
            let req = request(*args)?;
            let mut store = ctx.open()?;
            let settings = store.write(|tx| config::apply_set(tx, &req))?;
            show(ctx, &settings, true)?;
        }
    }
    Ok(Outcome::Done)
}

fn request(args: SetArgs) -> Result<SetRequest> {
    let mut secrets = Vec::new();
    for (kind, env, file) in [
        (SecretKind::Token, args.token_env, args.token_file),
        (
            SecretKind::AppSecret,
            args.app_secret_env,
            args.app_secret_file,
        ),
        (
            SecretKind::VerifyToken,
            args.verify_token_env,
            args.verify_token_file,
        ),
    ] {
        match (env, file) {
            (Some(var), _) => secrets.push((kind, KeySource::Env(var))),
            (None, Some(f)) => secrets.push((kind, KeySource::File(absolute(f)?))),
            (None, None) => {}
        }
    }
    Ok(SetRequest {
        name: args.name,
        phone_number_id: args.phone_number_id,
        catalog_id: args.catalog_id,
        graph_base: args.graph_base,
        secrets,
    })
}

fn absolute(path: PathBuf) -> Result<PathBuf> {
    Ok(if path.is_absolute() {
        path
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// The settings: the data of `show`, the confirmation of `set` (which `--quiet` silences).
fn show(ctx: &Ctx, settings: &ChannelSettings, after_set: bool) -> Result<()> {
    let views = secret_views(settings);
    for v in &views {
        if let Some(problem) = &v.problem {
            ctx.out.warn(problem);
        }
    }
    let doc = doc(settings, &views);
    if after_set {
        ctx.out.summary_object(&doc)
    } else {
        ctx.out.object(&doc)
    }
}

/// The same keys for every channel (null where one does not apply), so that scripts can rely
/// on them.
fn doc(settings: &ChannelSettings, views: &[config::SecretView]) -> Value {
    let w = match settings {
        ChannelSettings::WhatsApp(w) => Some(w),
        _ => None,
    };
    let mut doc = json!({
        "channel": if w.is_some() { "whatsapp" } else { "sandbox" },
        "phone_number_id": w.map(|w| w.phone_number_id.clone()),
        "catalog_id": w.map(|w| w.catalog_id.clone()),
        "graph_base": w.map(|w| w.graph_base.clone()),
        "graph_version": w.map(|_| GRAPH_VERSION),
    });
    for kind in SecretKind::ALL {
        let view = views.iter().find(|v| v.kind == kind);
        doc[format!("{}_from", kind.stem())] = view.map_or(Value::Null, |v| v.from.as_str().into());
        doc[format!("{}_available", kind.stem())] =
            view.map_or(Value::Null, |v| v.problem.is_none().into());
    }
    doc
}
