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
    Show,
    /// Choose the chat channel: sandbox (offline), or whatsapp (Meta's Cloud API)
    Set(Box<SetArgs>),
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// sandbox or whatsapp
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
    #[arg(long, value_name = "F")]
    pub token_file: Option<PathBuf>,
    /// Read the Meta app secret (signs the webhooks) from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "app_secret_file")]
    pub app_secret_env: Option<String>,
    /// Read the Meta app secret from this file (mode 0600)
    #[arg(long, value_name = "F")]
    pub app_secret_file: Option<PathBuf>,
    /// Read the webhook verify token (you chose it in Meta's dashboard) from this variable
    #[arg(long, value_name = "VAR", conflicts_with = "verify_token_file")]
    pub verify_token_env: Option<String>,
    /// Read the webhook verify token from this file (mode 0600)
    #[arg(long, value_name = "F")]
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
            show(ctx, &settings)?;
        }
        ChannelCmd::Set(args) => {
            let req = request(*args)?;
            let mut store = ctx.open()?;
            let settings = store.write(|tx| config::apply_set(tx, &req))?;
            show(ctx, &settings)?;
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

fn show(ctx: &Ctx, settings: &ChannelSettings) -> Result<()> {
    let views = secret_views(settings);
    for v in &views {
        if let Some(problem) = &v.problem {
            ctx.out.warn(problem);
        }
    }
    ctx.out.object(&doc(settings, &views))
}

fn doc(settings: &ChannelSettings, views: &[config::SecretView]) -> Value {
    let ChannelSettings::WhatsApp(w) = settings else {
        return json!({ "channel": "sandbox" });
    };
    let mut doc = json!({
        "channel": "whatsapp",
        "phone_number_id": w.phone_number_id,
        "catalog_id": w.catalog_id,
        "graph_base": w.graph_base,
        "graph_version": GRAPH_VERSION,
    });
    for v in views {
        doc[format!("{}_from", v.kind.stem())] = Value::from(v.from.as_str());
        doc[format!("{}_available", v.kind.stem())] = Value::from(v.problem.is_none());
    }
    doc
}
