//! The one boundary between the shop and a payment provider (DESIGN.md, "Provider adapter").
//!
//! Everything here is in the shop's own types: Money, SKUs, statuses. An adapter turns these
//! into its provider's requests and its provider's answers back into these; nothing
//! provider-specific (JSON shapes, field names) crosses the trait.

use crate::model::{
    Account, BalanceTransaction, OutboxEntry, PaymentAsk, PreparedPayment, Pulled, RefundRequest,
    RemoteOrder, RemotePayout, RemoteRefund,
};

/// What the provider says a push did, recorded beside the outbox entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushOutcome {
    /// The provider's reference for what it created or updated, if any (e.g. a product id).
    pub provider_ref: Option<String>,
}

/// Why a provider call failed; `transient` ones are worth retrying on the next sync.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("the provider could not be reached or failed for now: {0}")]
    Transient(String),
    #[error("the provider refused the request: {0}")]
    Rejected(String),
    #[error("the provider refused the credentials: {0}")]
    Auth(String),
    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

pub type ProviderResult<T> = Result<T, ProviderError>;

/// A payment provider, in the shop's own terms. `Send`: sync asks it for the next page on a
/// thread of its own while the shop writes the last one (`sync::pull`).
pub trait Provider: Send {
    /// `sandbox`, `stripe`, ...
    fn name(&self) -> &'static str;

    /// The account the calls reach (asked of the provider where the settings do not say it):
    /// `sync` compares it with the account its pushes went to, and a new one gets the whole
    /// catalog and the enabled payment methods.
    fn account(&mut self) -> ProviderResult<Account>;

    /// Applies one outbox change. Must be idempotent for the entry's key: pushing the same
    /// entry twice has the effect of pushing it once.
    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome>;

    /// Orders with their payments created or changed since `cursor` (None: from the start).
    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>>;

    /// Issues a refund. The same `idempotency_key` must never refund twice.
    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund>;

    /// Refunds created or changed since `cursor`, with their final states.
    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>>;

    /// Payouts created or changed since `cursor`.
    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>>;

    /// The balance transactions that make up one payout.
    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>>;

    /// Makes ready what a customer pays an order against, before the shop sends a payment
    /// request (the chat's `order_details`). Razorpay creates an order (`POST /v1/orders`,
    /// `receipt` = the shop's order reference, retried safely with `unique_receipt`) whose
    /// id the request names; a provider whose payments need nothing made first returns
    /// `None`. Calling it again for the same order and attempt returns the same thing.
    fn prepare_payment(&mut self, _ask: &PaymentAsk) -> ProviderResult<Option<PreparedPayment>> {
        Ok(None)
    }

    /// True when `prepare_payment` makes something: sync then works out each payment
    /// request's attempt to ask with (a count in the shop file), which it skips for the
    /// providers that need nothing made first.
    fn prepares_payments(&self) -> bool {
        false
    }
}

pub mod config;
pub mod cursor;
pub mod faults;
pub mod http;
pub mod lines;
pub mod markets;
pub mod razorpay;
pub mod sandbox;
pub mod shapes;
pub mod stripe;
pub mod webhooks;

/// Opens the adapter named `name` for the shop file at `shop_path` (the sandbox keeps its own
/// file beside it; Stripe reads its settings), with test faults applied when asked for.
pub fn open(
    name: &str,
    shop_path: &std::path::Path,
    settings: &rusqlite::Connection,
) -> anyhow::Result<Box<dyn Provider>> {
    let inner: Box<dyn Provider> = match name {
        "sandbox" => Box::new(sandbox::Sandbox::open_beside(shop_path)?),
        "stripe" => Box::new(stripe::Stripe::from_settings(settings)?),
        "razorpay" => Box::new(razorpay::Razorpay::from_settings(settings)?),
        other => anyhow::bail!(
            "the shop names an unknown provider \"{other}\"; set one with `shopctl provider set sandbox|stripe|razorpay`"
        ),
    };
    faults::wrap(inner)
}
