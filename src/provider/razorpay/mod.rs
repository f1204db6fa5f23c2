//! The Razorpay adapter: India's payments (UPI, cards) for the shop, through Razorpay's REST
//! API (https://razorpay.com/docs/api/). Razorpay's JSON never leaves this module.
//!
//! Decisions (docs/razorpay.md says the same for users):
//! - Basic auth with the key id and key secret, each read from an environment variable when
//!   the adapter is opened; neither is stored, printed or logged (both are blanked out of any
//!   error text).
//! - Orders come from payments (`GET /v1/payments`, `from`/`count`/`skip`) that name their
//!   order in `notes.order_ref` or `notes.lines`, or whose Razorpay order does (`prepare_payment`
//!   makes such orders); other payments on the account are not the shop's.
//! - Refunds: `POST /v1/payments/{id}/refund` with `X-Refund-Idempotency` and the key in the
//!   refund's notes, so that one is never made twice (`refunds`).
//! - Payouts are settlements; their transactions are the settlement recon rows, each payment
//!   with Razorpay's fee including its GST (`settlements`).
//! - There is no catalog at Razorpay and no API to switch payment methods (`push`).
//!
//! Files: `objects` (the serde types), `client` (HTTP, retries, pages), `amounts` (paise),
//! `payments` (payments as orders), `orders` (Razorpay orders for payment requests), `refunds`,
//! `settlements` (payouts and their transactions), `pull` (cursors), `push`, `webhook`
//! (`X-Razorpay-Signature` and events).

mod amounts;
pub mod client;
pub mod objects;
mod orders;
mod payments;
mod pull;
mod push;
pub mod refunds;
mod settlements;
pub mod webhook;

use std::time::Duration;

use secrecy::SecretString;

use self::client::{Client, RetryPolicy};
use crate::model::{
    Account, BalanceTransaction, OutboxEntry, PaymentAsk, PreparedPayment, Pulled, RefundRequest,
    RemoteOrder, RemotePayout, RemoteRefund,
};
use crate::provider::{Provider, ProviderResult, PushOutcome};

pub use self::amounts::{from_razorpay_amount, to_razorpay_amount};

/// Everything the adapter needs; `from_settings` builds it from the shop's settings.
pub struct RazorpayConfig {
    pub api_base: String,
    pub key_id: SecretString,
    pub key_secret: SecretString,
    pub retry: RetryPolicy,
    /// Whole-request timeout.
    pub timeout: Duration,
}

pub struct Razorpay {
    client: Client,
    seen: pull::Seen,
    api_base: String,
    /// `test` or `live`, from the key id's prefix (`rzp_test_`, `rzp_live_`).
    mode: &'static str,
}

impl Razorpay {
    pub fn new(config: RazorpayConfig) -> Razorpay {
        use secrecy::ExposeSecret;
        let mode = if config.key_id.expose_secret().starts_with("rzp_live_") {
            "live"
        } else {
            "test"
        };
        Razorpay {
            api_base: config.api_base.trim_end_matches('/').to_owned(),
            mode,
            client: Client::new(
                &config.api_base,
                config.key_id,
                config.key_secret,
                config.retry,
                config.timeout,
            ),
            seen: pull::Seen::default(),
        }
    }

    /// Builds the adapter from the shop's settings. Missing keys are an error here, before any
    /// call, naming the variables they were looked for in.
    pub fn from_settings(conn: &rusqlite::Connection) -> anyhow::Result<Razorpay> {
        let settings = super::config::ProviderSettings::load(conn)?;
        let r = &settings.razorpay;
        let (key_id, key_secret) = r.load_keys()?;
        let retry = RetryPolicy::configured(settings.retry_base_ms, client::MAX_RETRY_MS_ENV)?;
        let (id_from, secret_from) = r.key_sources();
        let mut razorpay = Razorpay::new(RazorpayConfig {
            api_base: r.api_base().to_owned(),
            key_id,
            key_secret,
            retry,
            timeout: Duration::from_secs(30),
        });
        let names = |s: &super::config::KeySource| match s {
            super::config::KeySource::Env(v) => v.clone(),
            super::config::KeySource::File(p) => p.display().to_string(),
        };
        razorpay.client.set_keys_from(format!(
            "environment variables {} and {}",
            names(&id_from),
            names(&secret_from)
        ));
        Ok(razorpay)
    }
}

impl Provider for Razorpay {
    fn name(&self) -> &'static str {
        "razorpay"
    }

    /// Razorpay's API base and the key's mode. Razorpay names no account to its merchants'
    /// keys (and the key id is kept out of the shop file like a secret), so another account
    /// at the same base and mode is not told apart: `sync --full` is for that. Nothing is
    /// pushed to Razorpay; a new account matters for the pull cursors.
    fn account(&mut self) -> ProviderResult<Account> {
        Ok(Account {
            service: "razorpay".into(),
            base: self.api_base.clone(),
            id: Some(self.mode.into()),
        })
    }

    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        push::push(&self.client, entry)
    }

    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        pull::orders(&self.client, &mut self.seen, cursor)
    }

    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        refunds::create(&self.client, request)
    }

    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        pull::refunds(&self.client, &mut self.seen, cursor)
    }

    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        pull::payouts(&self.client, &mut self.seen, cursor)
    }

    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        pull::payout_transactions(&self.client, &mut self.seen, payout_ref)
    }

    fn prepare_payment(&mut self, ask: &PaymentAsk) -> ProviderResult<Option<PreparedPayment>> {
        orders::prepare(&self.client, ask).map(Some)
    }

    fn prepares_payments(&self) -> bool {
        true
    }
}
