//! `shopctl payments list | enable | disable`.

use anyhow::Result;
use serde::Serialize;
use serde_json::json;

use super::{Ctx, args};
use crate::error::Outcome;
use crate::output::Pick;
use crate::payments::{self, MethodState, ShopMarket};
use crate::provider::markets::{self, Switch};

#[derive(Debug, clap::Subcommand)]
pub enum PaymentsCmd {
    /// Every payment method: enabled, state at the provider, markets, refund rule
    #[command(after_help = super::examples!(
        "shopctl payments list",
        "shopctl --format csv payments list --columns method,enabled,fits_shop",
    ))]
    List {
        #[command(flatten)]
        pick: Pick,
    },
    /// Let customers pay with these methods (told to the provider at the next sync)
    #[command(after_help = super::examples!(
        "shopctl payments enable card paynow",
        "shopctl payments enable upi   # an Indian shop (INR)",
    ))]
    Enable {
        /// The methods to turn on
        #[arg(required = true, value_name = "METHOD", value_parser = args::method(), ignore_case = true)]
        methods: Vec<String>,
    },
    /// Stop offering these methods (told to the provider at the next sync)
    #[command(after_help = super::examples!("shopctl payments disable paynow"))]
    Disable {
        /// The methods to turn off
        #[arg(required = true, value_name = "METHOD", value_parser = args::method(), ignore_case = true)]
        methods: Vec<String>,
    },
}

pub fn run(ctx: &Ctx, cmd: PaymentsCmd) -> Result<Outcome> {
    match cmd {
        PaymentsCmd::List { pick } => list(ctx, &pick),
        PaymentsCmd::Enable { methods } => set(ctx, &methods, true),
        PaymentsCmd::Disable { methods } => set(ctx, &methods, false),
    }
}

/// One row of `payments list`; its fields, in order of importance, are the JSON keys and
/// the columns.
#[derive(Default, Serialize)]
struct ListRow {
    method: &'static str,
    enabled: bool,
    fits_shop: bool,
    provider_state: Option<String>,
    name: &'static str,
    markets: String,
    refund_rule: String,
}

impl ListRow {
    fn of(m: MethodState) -> ListRow {
        ListRow {
            method: m.method.name,
            enabled: m.enabled,
            fits_shop: m.fits,
            provider_state: m.provider_state,
            name: m.method.label,
            markets: m.method.markets_text(),
            refund_rule: m.method.refunds.describe(),
        }
    }
}

fn list(ctx: &Ctx, pick: &Pick) -> Result<Outcome> {
    let store = ctx.open()?;
    let shop = store.shop()?;
    let methods = payments::list(store.conn(), &shop.country, shop.currency, &shop.provider)?;
    ctx.out
        .picked(pick)
        .rows(methods.into_iter().map(ListRow::of))?;
    Ok(Outcome::Done)
}

fn set(ctx: &Ctx, methods: &[String], enabled: bool) -> Result<Outcome> {
    let mut store = ctx.open()?;
    let shop = store.shop()?;
    let now = ctx.now;
    let market = ShopMarket {
        country: &shop.country,
        currency: shop.currency,
        provider: &shop.provider,
    };
    let changed = store.write(|tx| payments::set_enabled(tx, methods, enabled, market, now))?;
    let verb = if enabled { "enabled" } else { "disabled" };
    let names = |now: bool| -> Vec<&str> {
        changed
            .iter()
            .filter(|c| c.changed == now)
            .map(|c| c.method)
            .collect()
    };
    let (turned, already) = (names(true), names(false));
    let mut text = Vec::new();
    if !turned.is_empty() {
        text.push(format!("{verb} {}", turned.join(", ")));
    }
    if !already.is_empty() {
        text.push(format!("already {verb}: {}", already.join(", ")));
    }
    ctx.out.summary(
        &json!({
            "methods": changed.iter().map(|c| json!({
                "method": c.method,
                "enabled": enabled,
                "changed": c.changed,
            })).collect::<Vec<_>>(),
        }),
        &text.join("; "),
    )?;
    let done = |switch| {
        changed
            .iter()
            .filter(move |c| c.changed && c.switch == switch)
    };
    if done(Some(Switch::Api)).next().is_some() {
        ctx.out.hint("next: `shopctl sync` tells the provider");
    }
    let in_dashboard: Vec<&str> = done(Some(Switch::Dashboard)).map(|c| c.method).collect();
    if !in_dashboard.is_empty() {
        let label = markets::offer(&shop.provider).map_or(shop.provider.as_str(), |o| o.label);
        ctx.out.hint(&format!(
            "{label} has no API to switch payment methods: turn {} {} in the {label} Dashboard \
             (Account & Settings → Payment methods); shopctl records the shop's choice",
            in_dashboard.join(" and "),
            if enabled { "on" } else { "off" }
        ));
    }
    Ok(Outcome::Done)
}
