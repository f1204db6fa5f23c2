//! The one boundary between the shop and a payment provider (DESIGN.md, "Provider adapter").
//!
//! Everything here is in the shop's own types: Money, SKUs, statuses. An adapter turns these
//! into its provider's requests and its provider's answers back into these; nothing
//! provider-specific (JSON shapes, field names) crosses the trait.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// A change the provider must learn, as stored in the outbox (`payload` is this, as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Create or update a product with everything a checkout needs.
    ProductUpsert(ProductState),
    /// Stop selling a product.
    ProductArchive { sku: String },
    /// Turn a payment method on or off at the provider.
    PaymentMethod { method: String, enabled: bool },
    /// Some lines of an order were shipped.
    Fulfilment {
        order_ref: String,
        lines: Vec<LineQty>,
        carrier: String,
        tracking: String,
    },
    /// An unshipped order was canceled.
    OrderCancel { order_ref: String, reason: String },
}

impl Change {
    /// The outbox `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::ProductUpsert(_) => "product_upsert",
            Change::ProductArchive { .. } => "product_archive",
            Change::PaymentMethod { .. } => "payment_method",
            Change::Fulfilment { .. } => "fulfilment",
            Change::OrderCancel { .. } => "order_cancel",
        }
    }
}

/// A product as the provider should see it after a push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductState {
    pub sku: String,
    pub group: String,
    pub title: String,
    pub description: String,
    /// active | draft | archived
    pub status: String,
    pub price: Money,
    pub sale_price: Option<Money>,
    pub stock: i64,
    /// Public image links (a configured base URL + hash, or a URL kept from a CSV).
    pub images: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineQty {
    pub sku: String,
    pub quantity: i64,
}

/// One outbox entry handed to `Provider::push`.
#[derive(Clone, Debug)]
pub struct OutboxEntry {
    pub id: i64,
    /// Chosen when the entry was written, so that a retried push reuses it.
    pub idempotency_key: String,
    pub change: Change,
}

/// What the provider says a push did, recorded beside the outbox entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushOutcome {
    /// The provider's reference for what it created or updated, if any (e.g. a product id).
    pub provider_ref: Option<String>,
}

/// Items pulled since a cursor, and the cursor to store for the next pull.
#[derive(Clone, Debug)]
pub struct Pulled<T> {
    pub items: Vec<T>,
    /// `None` means "nothing new": keep the old cursor.
    pub next_cursor: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    Pending,
    Captured,
    Failed,
}

impl PaymentState {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Captured => "captured",
            PaymentState::Failed => "failed",
        }
    }
}

/// A payment as the provider knows it (Stripe: a PaymentIntent and its charge).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemotePayment {
    pub provider_ref: String,
    /// A method name from the registry in `payments.rs` (card, paynow, upi, pix, ...).
    pub method: String,
    pub amount: Money,
    pub state: PaymentState,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteLine {
    pub sku: String,
    pub quantity: i64,
    /// The price actually charged per unit.
    pub unit_price: Money,
}

/// An order with its payments, as pulled from the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteOrder {
    pub provider_ref: String,
    /// When the payment settles an order already in the shop (e.g. imported from a WhatsApp
    /// webhook), that order's local id. `None`: the provider's checkout created the order.
    pub order_ref: Option<String>,
    pub customer_phone: String,
    pub customer_name: String,
    pub lines: Vec<RemoteLine>,
    pub total: Money,
    pub payments: Vec<RemotePayment>,
    pub created_at: Timestamp,
}

/// A refund the shop asks for. The key is chosen and committed before the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRequest {
    pub idempotency_key: String,
    pub payment_ref: String,
    pub amount: Money,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    Pending,
    Succeeded,
    Failed,
}

impl RefundState {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundState::Pending => "pending",
            RefundState::Succeeded => "succeeded",
            RefundState::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteRefund {
    pub provider_ref: String,
    pub payment_ref: String,
    pub amount: Money,
    pub state: RefundState,
    /// The key the shop sent, when the provider echoes it (lets a pull match a pending refund).
    pub idempotency_key: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutState {
    Pending,
    InTransit,
    Paid,
    Failed,
    Canceled,
}

impl PayoutState {
    pub fn as_str(self) -> &'static str {
        match self {
            PayoutState::Pending => "pending",
            PayoutState::InTransit => "in_transit",
            PayoutState::Paid => "paid",
            PayoutState::Failed => "failed",
            PayoutState::Canceled => "canceled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemotePayout {
    pub provider_ref: String,
    pub amount: Money,
    pub state: PayoutState,
    pub created_at: Timestamp,
    pub arrival_date: Timestamp,
}

/// Reporting categories of a balance transaction (Stripe's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxnKind {
    Charge,
    Refund,
    Fee,
    Adjustment,
    Payout,
}

impl TxnKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TxnKind::Charge => "charge",
            TxnKind::Refund => "refund",
            TxnKind::Fee => "fee",
            TxnKind::Adjustment => "adjustment",
            TxnKind::Payout => "payout",
        }
    }
}

/// One movement of money that makes up a payout. `net = gross - fee`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceTransaction {
    pub provider_ref: String,
    pub kind: TxnKind,
    /// The payment (for a charge) or refund (for a refund) this moves money for; empty for
    /// fees and adjustments that stand alone.
    pub source_ref: String,
    pub gross: Money,
    pub fee: Money,
    pub net: Money,
    pub description: String,
    pub created_at: Timestamp,
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

/// A payment provider, in the shop's own terms.
pub trait Provider {
    /// `sandbox`, `stripe`, ...
    fn name(&self) -> &'static str;

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
}

pub mod config;
pub mod faults;
pub mod sandbox;
pub mod stripe;

/// The provider this shop is configured for, with test faults applied when asked for.
pub fn connect(store: &crate::store::Store) -> anyhow::Result<Box<dyn Provider>> {
    let shop = store.shop()?;
    let inner: Box<dyn Provider> = match shop.provider.as_str() {
        "sandbox" => Box::new(sandbox::Sandbox::open_beside(store.path())?),
        "stripe" => Box::new(stripe::Stripe::from_settings(store.conn())?),
        other => anyhow::bail!(
            "the shop names an unknown provider \"{other}\"; set one with `shopctl provider set sandbox|stripe`"
        ),
    };
    faults::wrap(inner)
}
