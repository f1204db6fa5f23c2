//! The Stripe adapter: the shop's changes and questions in Stripe's REST API, and Stripe's
//! objects back in the shop's types. Stripe's JSON never leaves this module.
//!
//! Decisions (docs/stripe.md says the same for users):
//! - A product's Stripe id is derived from its SKU (`sku_<SKU>` when the SKU is made of
//!   letters, digits, `-` and `_` and at most 40 long, else `skuh_<sha256 prefix>`), and the SKU
//!   is also in `metadata[sku]`. So an upsert is a GET by id, then a create or an update: no
//!   search index (eventually consistent at Stripe, absent in localstripe) is needed.
//! - Prices are immutable at Stripe: a changed price (the sale price when there is one, else
//!   the price) creates a new Price, makes it the product's `default_price`, and deactivates the
//!   product's other active Prices.
//! - Every POST carries an `Idempotency-Key` derived from the outbox entry's key (or the
//!   refund's key) plus the step, so a retried push or refund reuses the same keys.
//! - Orders come from PaymentIntents that name their order in metadata (`order_ref`, or
//!   `lines` = `SKU:QTY[@UNIT],...`) and from complete Checkout Sessions (their line items).
//!   Other PaymentIntents on the account are not the shop's and are skipped.
//! - Pull cursors are the newest `created` (Unix seconds) seen; each pull re-reads a day before
//!   it (`created[gte]`) so that a payment that settles late (PayNow) is seen again; the shop
//!   upserts by reference, so re-reading changes nothing.
//! - Stripe Connect: a shop that is a connected account (Meta's WhatsApp payments in
//!   Singapore run on one) names it with `provider set stripe --account acct_...`; every
//!   request then carries `Stripe-Account` (direct charges on the connected account, whose
//!   payouts and balance transactions are its own).
//! - Stripe's answers are read into the typed objects of `objects`: a field Stripe always
//!   sends that is missing is an error naming the object and the field, never a `""` or `0`.
//!
//! Files: `objects` (the serde types), `client` (HTTP, retries, pages), `form` (request
//! bodies), `amounts` (currency scale rules), `push` (catalog, prices, payment methods, order
//! metadata), `pull` (cursors; orders, refunds, payouts, balance transactions), `orders`
//! (PaymentIntents and Checkout Sessions as orders), `refunds` (making one exactly once),
//! `webhook` (`Stripe-Signature` and events).

mod amounts;
pub mod client;
pub mod form;
pub mod objects;
mod orders;
mod pull;
mod push;
mod refunds;
pub mod webhook;

use std::time::Duration;

use secrecy::SecretString;

use self::client::{Client, RetryPolicy};
use crate::model::{
    Account, BalanceTransaction, OutboxEntry, Pulled, RefundRequest, RemoteOrder, RemotePayout,
    RemoteRefund,
};
use crate::provider::{Provider, ProviderResult, PushOutcome};

pub use self::amounts::{from_stripe_amount, to_stripe_amount};
pub use self::push::product_id;
pub use crate::provider::lines::parse_lines;

/// Everything the adapter needs; `from_settings` builds it from the shop's settings.
pub struct StripeConfig {
    pub api_base: String,
    pub key: SecretString,
    pub retry: RetryPolicy,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Stripe Connect: the connected account (`acct_...`) the shop is; `None` for the
    /// platform's own account.
    pub account: Option<String>,
}

pub struct Stripe {
    client: Client,
    api_base: String,
    /// `test` or `live`, from the key's prefix: the two modes of one Stripe account hold
    /// separate catalogs, so they are two accounts to sync.
    mode: &'static str,
    /// Stripe Connect's connected account, when the shop is one.
    connect: Option<String>,
}

impl Stripe {
    pub fn new(config: StripeConfig) -> Stripe {
        use secrecy::ExposeSecret;
        let key = config.key.expose_secret();
        let mode = if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
            "live"
        } else {
            "test"
        };
        let mut client = Client::new(&config.api_base, config.key, config.retry, config.timeout);
        client.set_account(config.account.clone());
        Stripe {
            api_base: config.api_base.trim_end_matches('/').to_owned(),
            mode,
            connect: config.account,
            client,
        }
    }

    /// Builds the adapter from the shop's settings (api base, where the key comes from). A
    /// missing key is an error here, before any call, naming where it was looked for.
    pub fn from_settings(conn: &rusqlite::Connection) -> anyhow::Result<Stripe> {
        let settings = super::config::ProviderSettings::load(conn)?;
        let key = settings.stripe_key_source().load()?;
        let retry = RetryPolicy::configured(settings.retry_base_ms, client::MAX_RETRY_MS_ENV)?;
        let source = settings.stripe_key_source();
        let mut stripe = Stripe::new(StripeConfig {
            api_base: settings.stripe_api_base().to_owned(),
            key,
            retry,
            timeout: Duration::from_secs(30),
            account: settings.account.clone(),
        });
        stripe.client.set_key_from(source.describe());
        Ok(stripe)
    }
}

impl Provider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    /// The account the calls act for, in the key's mode: Stripe Connect's connected account
    /// when one is set, else the account the key belongs to, as Stripe says
    /// (`GET /v1/account`).
    fn account(&mut self) -> ProviderResult<Account> {
        let id = match &self.connect {
            Some(acct) => acct.clone(),
            None => {
                let account: objects::Account =
                    self.client.get("/v1/account", &form::Form::new())?;
                account.id
            }
        };
        Ok(Account {
            service: "stripe".into(),
            base: self.api_base.clone(),
            id: Some(format!("{id} {}", self.mode)),
        })
    }

    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        push::push(&self.client, entry)
    }

    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        pull::orders(&self.client, cursor)
    }

    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        refunds::create(&self.client, request)
    }

    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        pull::refunds(&self.client, cursor)
    }

    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        pull::payouts(&self.client, cursor)
    }

    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        pull::payout_transactions(&self.client, payout_ref)
    }
}
