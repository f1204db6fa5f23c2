//! `shopctl payments list | enable | disable`.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::error::Outcome;
use crate::payments::{self, MethodState, ShopMarket};
use crate::provider::markets::{self, Switch};

#[derive(Debug, clap::Subcommand)]
pub enum PaymentsCmd {
    /// Every payment method: enabled, state at the provider, markets, refund rule
    List,
    /// Let customers pay with these methods (told to the provider at the next sync)
    Enable {
        /// card, paynow, upi, pix, boleto, meta_pay
        #[arg(required = true, value_name = "METHOD")]
        methods: Vec<String>,
    },
    /// Stop offering these methods (told to the provider at the next sync)
    Disable {
        #[arg(required = true, value_name = "METHOD")]
        methods: Vec<String>,
    },
}

pub fn run(ctx: &Ctx, cmd: PaymentsCmd) -> Result<Outcome> {
    match cmd {
        PaymentsCmd::List => list(ctx),
        PaymentsCmd::Enable { methods } => set(ctx, &methods, true),
        PaymentsCmd::Disable { methods } => set(ctx, &methods, false),
    }
}

/// One row of `payments list`; its fields, in order, are the JSON keys and the columns.
#[derive(Default, Serialize)]
struct ListRow {
    method: &'static str,
    name: &'static str,
    enabled: bool,
    provider_state: Option<String>,
    markets: String,
    fits_shop: bool,
    refunds: String,
}

impl ListRow {
    fn of(m: MethodState) -> ListRow {
        ListRow {
            method: m.method.name,
            name: m.method.label,
            enabled: m.enabled,
            provider_state: m.provider_state,
            markets: m.method.markets_text(),
            fits_shop: m.fits,
            refunds: m.method.refunds.describe(),
        }
    }
}

/// One row of `payments enable | disable`: what happened to each method named.
#[derive(Default, Serialize)]
struct ChangedRow {
    method: &'static str,
    enabled: bool,
    changed: bool,
}

fn list(ctx: &Ctx) -> Result<Outcome> {
    let store = ctx.open()?;
    let shop = store.shop()?;
    let methods = payments::list(store.conn(), &shop.country, shop.currency, &shop.provider)?;
    ctx.out.rows(methods.into_iter().map(ListRow::of))?;
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
    ctx.out.rows(changed.iter().map(|c| ChangedRow {
        method: c.method,
        enabled,
        changed: c.changed,
    }))?;
    for c in changed.iter().filter(|c| !c.changed) {
        ctx.out
            .hint(&format!("{} was already {verb}; nothing changed", c.method));
    }
    let done = |switch| {
        changed
            .iter()
            .filter(move |c| c.changed && c.switch == switch)
    };
    if done(Some(Switch::Api)).next().is_some() {
        ctx.out
            .hint("the provider learns this at the next `shopctl sync`");
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
