//! `shopctl init`: create a shop file.

use anyhow::{Context, Result};
use serde_json::json;

use super::Ctx;
use crate::error::Outcome;
use crate::money::Currency;
use crate::provider::markets;
use crate::store::{NewShop, Store, shop};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ProviderName {
    /// The embedded offline provider (simulated customers)
    Sandbox,
    /// Stripe (set its key with `shopctl provider set stripe`)
    Stripe,
    /// Razorpay (set its keys with `shopctl provider set razorpay`)
    Razorpay,
}

#[derive(Debug, clap::Args)]
#[command(after_help = super::examples!(
    "shopctl init --name \"Kopi Corner\" --country SG",
    "shopctl --db ~/shops/chai.db init --name \"Chai Point\" --country IN",
))]
pub struct InitArgs {
    /// The shop's name, as customers see it
    #[arg(long, default_value = "My Shop")]
    pub name: String,
    /// Where the shop sells: an ISO 3166-1 alpha-2 code (SG, IN, BR, ...)
    #[arg(long, default_value = "SG")]
    pub country: String,
    /// The shop's currency, ISO 4217 [default: the country's currency]
    #[arg(long)]
    pub currency: Option<String>,
    /// The payment provider (the sandbox works offline; `shopctl provider set` sets up the others)
    #[arg(long, value_enum, default_value_t = ProviderName::Sandbox)]
    pub provider: ProviderName,
}

pub fn run(ctx: &Ctx, args: InitArgs) -> Result<Outcome> {
    // Everything is checked before the file is touched.
    let country = shop::validate_country(&args.country)?;
    let currency = match &args.currency {
        Some(code) => Currency::from_code(code)?,
        None => shop::default_currency(&country).with_context(|| {
            format!("no default currency is known for {country}; pass --currency")
        })?,
    };
    let name = args.name.trim();
    anyhow::ensure!(!name.is_empty(), "--name must not be empty");
    let provider = match args.provider {
        ProviderName::Sandbox => "sandbox",
        ProviderName::Stripe => "stripe",
        ProviderName::Razorpay => "razorpay",
    };
    let path = ctx.db_path()?;
    if ctx.db_is_default()
        && let Some(dir) = path.parent()
    {
        crate::files::create_private_dir(dir)
            .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    }
    let store = Store::create(
        &path,
        &NewShop {
            name: name.to_string(),
            country: country.clone(),
            currency,
            provider: provider.to_string(),
            created_at: ctx.now,
        },
    )?;
    let shop = store.shop()?;
    ctx.out.summary(
        &json!({
            "path": path.display().to_string(),
            "name": shop.name,
            "country": shop.country,
            "currency": shop.currency.code(),
            "provider": shop.provider,
        }),
        &format!(
            "created {} ({}, {}, provider {}) at {}",
            shop.name,
            shop.country,
            shop.currency,
            shop.provider,
            path.display()
        ),
    )?;
    ctx.out
        .hint("next: `shopctl catalog import FILE`, then `shopctl payments enable card`");
    // The market map's provider for this country, when the shop starts on another one.
    if markets::market(&shop.country).is_some_and(|m| m.provider != shop.provider)
        && let Some(suggestion) = markets::suggestion(&shop.country)
    {
        ctx.out.hint(&suggestion);
    }
    Ok(Outcome::Done)
}
