//! The nouns every layer shares: what a product looks like to a provider, orders, payments,
//! refunds and payouts as pulled from one, the outbox's changes, and the status vocabularies.
//!
//! This module depends on nothing in shopctl but `money`: the provider and channel adapters,
//! the store, the core modules and the command line all speak these types, so that no layer
//! has to import another to name a thing. Each status is an enum with one spelling
//! (`as_str`, `FromStr`, serde), the one the shop file and the JSON output use.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// The one text form of a status enum: `as_str` and `ALL` from the list of variants and their
/// spellings; `Display` and `FromStr` (whose error lists the spellings) from those.
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $t:ident ($what:literal) {
        $($(#[$vmeta:meta])* $v:ident => $s:literal,)+
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $t {
            $($(#[$vmeta])* $v,)+
        }

        impl $t {
            pub const ALL: &'static [$t] = &[$($t::$v,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($t::$v => $s,)+
                }
            }
        }

        impl Vocabulary for $t {
            const ALL: &'static [$t] = $t::ALL;
            fn as_str(self) -> &'static str {
                $t::as_str(self)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                $t::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| UnknownValue {
                    what: $what,
                    value: s.to_string(),
                    expected: $t::ALL.iter().map(|v| v.as_str()).collect(),
                })
            }
        }

        impl rusqlite::types::FromSql for $t {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = v.as_str()?;
                text.parse().map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }

        impl rusqlite::types::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
    };
}

/// A closed set of words (a status enum): the command line builds its value parsers, "did you
/// mean" and completions from it.
pub trait Vocabulary: Copy + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
}

/// A status text that is not one of its enum's spellings (a bad `--status`, or a row written
/// by something other than shopctl).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} \"{value}\" (expected one of: {})", expected.join(", "))]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: Vec<&'static str>,
}

text_enum! {
    /// Whether a product is for sale.
    pub enum ProductStatus ("product status") {
        Active => "active",
        Draft => "draft",
        Archived => "archived",
    }
}

text_enum! {
    /// An order's progress. The vocabulary follows WhatsApp's `order_status`; the moves allowed
    /// between them are in `orders::status`.
    pub enum OrderStatus ("order status") {
        /// Placed, not yet paid.
        Pending => "pending",
        /// Paid, nothing shipped yet.
        Processing => "processing",
        PartiallyShipped => "partially_shipped",
        Shipped => "shipped",
        Completed => "completed",
        Canceled => "canceled",
    }
}

text_enum! {
    /// What the shop has been paid for an order, and what went back.
    pub enum PaymentStatus ("payment status") {
        Pending => "pending",
        Captured => "captured",
        Failed => "failed",
        PartiallyRefunded => "partially_refunded",
        Refunded => "refunded",
    }
}

impl PaymentStatus {
    /// True once money has been taken (and some may have gone back).
    pub fn is_paid(self) -> bool {
        matches!(
            self,
            PaymentStatus::Captured | PaymentStatus::PartiallyRefunded | PaymentStatus::Refunded
        )
    }
}

text_enum! {
    /// One payment attempt's state, at the provider and in the shop's `payments` table.
    pub enum PaymentState ("payment state") {
        Pending => "pending",
        Captured => "captured",
        Failed => "failed",
    }
}

text_enum! {
    /// A refund's state, at the provider and in the shop's `refunds` table.
    pub enum RefundState ("refund status") {
        Pending => "pending",
        Succeeded => "succeeded",
        Failed => "failed",
    }
}

text_enum! {
    pub enum PayoutState ("payout status") {
        Pending => "pending",
        InTransit => "in_transit",
        Paid => "paid",
        Failed => "failed",
        Canceled => "canceled",
    }
}

text_enum! {
    /// Reporting categories of a balance transaction (Stripe's names).
    pub enum TxnKind ("transaction kind") {
        Charge => "charge",
        Refund => "refund",
        Fee => "fee",
        Adjustment => "adjustment",
        Payout => "payout",
    }
}

text_enum! {
    /// What `payouts reconcile` can find wrong (and what the sandbox can plant).
    pub enum DiscrepancyKind ("discrepancy kind") {
        MissingInShop => "missing_in_shop",
        MissingAtProvider => "missing_at_provider",
        AmountMismatch => "amount_mismatch",
        PayoutSumMismatch => "payout_sum_mismatch",
        Duplicate => "duplicate",
        Unpaid => "unpaid",
        /// A provider's transaction whose gross less its fee is not its net.
        InconsistentTransaction => "inconsistent_transaction",
    }
}

text_enum! {
    /// Where a webhook delivery kept in the inbox stands.
    pub enum InboxStatus ("inbox status") {
        /// Stored (and answered), not yet processed.
        Pending => "pending",
        Processed => "processed",
        /// Processing found a problem (e.g. an unknown SKU); kept for `inbox retry`.
        Failed => "failed",
    }
}

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
    pub status: ProductStatus,
    pub price: Money,
    pub sale_price: Option<Money>,
    /// Units in stock; `None`: stock is not tracked (the product is always sellable, as a
    /// platform's untracked inventory is). Outbox payloads written before untracked stock
    /// existed hold a number, which reads as `Some`.
    pub stock: Option<i64>,
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

/// The account at an outside service that a shop's pushes reach: a payment provider's, and
/// (for the chat channel) a catalog's. `sync` records, per target, the account its pushed
/// state went to, so that a new account gets the whole catalog. Never holds a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// `sandbox`, `stripe`, `razorpay`, `whatsapp`...
    pub service: String,
    /// The API base the calls go to (`embedded` for the sandbox).
    pub base: String,
    /// The account at that base, where there is one: Stripe's `acct_...` (the connected
    /// account with Connect, else the key's own) with its mode (`test`, `live`); the sandbox
    /// file's own id; a Meta catalog id.
    pub id: Option<String>,
}

impl Account {
    /// The one text `sync` records and compares: `stripe https://api.stripe.com acct_1 test`.
    pub fn identity(&self) -> String {
        format!(
            "{} {} {}",
            self.service,
            self.base,
            self.id.as_deref().unwrap_or("-")
        )
    }
}

/// Items pulled since a cursor, and the cursor to store for the next pull.
#[derive(Clone, Debug)]
pub struct Pulled<T> {
    pub items: Vec<T>,
    /// `None` means "nothing new": keep the old cursor.
    pub next_cursor: Option<String>,
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
    /// webhook), that order's local id, or the message id of the cart it came from. `None`:
    /// the provider's checkout created the order.
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemotePayout {
    pub provider_ref: String,
    pub amount: Money,
    pub state: PayoutState,
    pub created_at: Timestamp,
    pub arrival_date: Timestamp,
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

/// What the shop asks a provider to make ready before it asks a customer to pay an order (a
/// payment request in the chat); see `Provider::prepare_payment`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentAsk {
    /// The shop's order reference (its local id, e.g. "1001"). The payment must carry it back
    /// (`order_ref` in the provider's notes or metadata) for `sync` to settle this order.
    pub order_ref: String,
    /// 1 for the first request for this order, one more for each new request after a payment
    /// failed: a provider that binds one payment attempt to one object makes a new one.
    pub attempt: u32,
    pub amount: Money,
}

/// What a provider made ready for a payment request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedPayment {
    /// The provider's object the customer pays against (Razorpay: `order_...`), for the
    /// payment request to name.
    pub provider_ref: String,
    /// The reference the provider files it under (Razorpay: the order's `receipt`).
    pub receipt: String,
}

/// A problem found in input from outside (a file, a webhook): where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// e.g. `line 3, entry[0].changes[0].value.messages[1] (wamid.X) item 2 (TEE-M)`.
    pub at: String,
    pub message: String,
}

mod chat;
mod tagged;
pub use chat::*;
