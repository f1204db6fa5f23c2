//! `shopctl serve`: the webhook receiver. Plain HTTP on loopback by default: put a TLS reverse
//! proxy or tunnel in front of it for Meta (docs/whatsapp.md).

use anyhow::Result;

use super::Ctx;
use crate::channel::config::ChannelSettings;
use crate::error::Outcome;
use crate::provider::config::ProviderSettings;
use crate::serve::{self, Options};

#[derive(Debug, clap::Args)]
#[command(after_help = super::examples!(
    "shopctl serve",
    "shopctl serve --listen 0.0.0.0:8787   # behind a TLS reverse proxy",
))]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, printed at start)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8787")]
    pub listen: String,
}

pub fn run(ctx: &Ctx, args: ServeArgs) -> Result<Outcome> {
    let db = ctx.db_path()?;
    let store = serve::check_shop(&db)?;
    let channel = ChannelSettings::load(store.conn())?;
    let provider = ProviderSettings::load(store.conn())?;
    let shop = store.shop()?;
    let sources = serve::sources::configured(&channel, &shop.provider, &provider)?;
    drop(store);
    if sources.is_empty() {
        ctx.out.warn(
            "no webhook source is configured (the chat channel is the sandbox, which needs none, \
             and the provider has no webhook secret): only /healthz is served; `shopctl channel \
             set whatsapp ...` adds /webhooks/whatsapp, `shopctl provider set stripe|razorpay \
             --webhook-secret-env VAR` adds /webhooks/stripe or /webhooks/razorpay",
        );
    }
    let opts = Options {
        listen: args.listen,
        db,
        out: ctx.out.clone(),
    };
    serve::run(&opts, sources, |started| {
        // stderr: stdout is for results, and a server has none.
        ctx.out.hint(&format!(
            "serve: listening on http://{} ({}); stop with Ctrl-C or SIGTERM",
            started.address,
            started.routes.join(", ")
        ));
    })?;
    ctx.out.hint("serve: stopped");
    Ok(Outcome::Done)
}
