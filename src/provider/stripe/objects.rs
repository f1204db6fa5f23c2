//! Stripe's objects as shopctl reads them: serde types for the fields shopctl uses, in the
//! shapes of Stripe's API reference for the version the client pins (`client::STRIPE_VERSION`).
//!
//! - A field Stripe always sends is a plain field: when it is missing (or `null`), parsing
//!   fails with a message that names the object and the field ("Stripe's PaymentIntent pi_123
//!   has no `amount`"), never a `""` or `0` that would pass for a value.
//! - A field Stripe documents as nullable or optional is an `Option`; where shopctl needs it
//!   anyway (a complete Checkout Session's `amount_total`), `Object::need` names it there.
//! - Fields shopctl does not read are not declared, so extra or new fields are ignored.
//! - Statuses are enums with an `Other` for values added after this version, so that a new
//!   status reads as "not final yet" rather than failing a pull.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde_json::Value;

use crate::provider::ProviderResult;
pub use crate::provider::shapes::Malformed;
use crate::provider::shapes::{self, article, clause, id_in};

/// An object that has its own id and is named in Stripe's API reference.
pub trait Object: DeserializeOwned {
    /// Its name in messages, as the API reference titles it ("PaymentIntent").
    const KIND: &'static str;
    fn id(&self) -> &str;

    /// A field this object may leave out but this use needs (`cs.need("amount_total",
    /// cs.amount_total)`), or the error that names it.
    fn need<V>(&self, field: &str, value: Option<V>) -> ProviderResult<V> {
        value.ok_or_else(|| missing(Self::KIND, self.id(), field).into())
    }

    /// One of its Unix-time fields as a `Timestamp`.
    fn time(&self, field: &str, secs: i64) -> ProviderResult<Timestamp> {
        Timestamp::from_second(secs).map_err(|e| {
            Malformed(format!(
                "Stripe's {} {} has a `{field}` that is not a time: {e}",
                Self::KIND,
                self.id()
            ))
            .into()
        })
    }
}

/// One of Stripe's objects from its JSON.
pub fn parse<T: Object>(value: Value) -> Result<T, Malformed> {
    parse_as(T::KIND, value)
}

/// `parse` for a shape that is not an `Object` of its own (a list envelope, an error body).
pub fn parse_as<T: DeserializeOwned>(kind: &str, value: Value) -> Result<T, Malformed> {
    shapes::parse_as(PROVIDER, kind, value)
}

/// The error for a field that this object may leave out but shopctl needs here.
pub fn missing(kind: &str, id: &str, field: &str) -> Malformed {
    shapes::missing(PROVIDER, kind, id, field)
}

/// How messages name the provider ("Stripe's PaymentIntent pi_1 has no `amount`").
const PROVIDER: &str = "Stripe";

/// An object inside another ("holds a Charge ch_1 that has no `amount`"), so that a field
/// missing deep down is not reported as the outer object's.
fn nested<T: Object>(value: Value) -> Result<T, String> {
    let id = id_in(&value);
    serde_json::from_value(value).map_err(|e| {
        let who = match id {
            Some(id) => format!("{} {} {id}", article(T::KIND), T::KIND),
            None => format!("{} {}", article(T::KIND), T::KIND),
        };
        format!("holds {who} that {}", clause(&e))
    })
}

/// For a field that holds a whole object (not an expandable id): `nested`'s messages.
fn nested_opt<'de, D: Deserializer<'de>, T: Object>(d: D) -> Result<Option<T>, D::Error> {
    let value = Value::deserialize(d)?;
    nested(value).map(Some).map_err(D::Error::custom)
}

/// A field that holds an id, or the object itself when the request asked to `expand` it.
#[derive(Clone, Debug, PartialEq)]
pub enum Expandable<T> {
    Id(String),
    Object(Box<T>),
}

impl<T: Object> Expandable<T> {
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id,
            Expandable::Object(o) => o.id(),
        }
    }

    pub fn object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(o) => Some(o),
        }
    }
}

impl<'de, T: Object> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(id) => Ok(Expandable::Id(id)),
            value @ Value::Object(_) => nested(value)
                .map(|o| Expandable::Object(Box::new(o)))
                .map_err(D::Error::custom),
            other => Err(D::Error::custom(format!(
                "invalid type: {other}, expected the id of a {} or the object",
                T::KIND
            ))),
        }
    }
}

/// `metadata`: Stripe's string keys and values. An empty value reads as absent (at Stripe,
/// posting an empty value unsets a key, so `""` never stands for a value).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Metadata(BTreeMap<String, String>);

impl Metadata {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

macro_rules! object {
    ($t:ident, $kind:literal) => {
        impl Object for $t {
            const KIND: &'static str = $kind;
            fn id(&self) -> &str {
                &self.id
            }
        }
    };
}

/// A page of a list endpoint (docs.stripe.com/api/pagination). `data` is parsed object by
/// object (`parse`), so that a bad object is named by its own id.
#[derive(Debug, Deserialize)]
pub struct List {
    pub data: Vec<Value>,
    pub has_more: bool,
}

/// Stripe's `{"error": {...}}` body (docs.stripe.com/api/errors). Every field is optional and
/// any non-text value reads as absent: a failure's message is read as well as it can be, and
/// never fails itself (a 404 must still read as "no such object" when a field is odd).
#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

/// Stripe's error object; also a PaymentIntent's `last_payment_error`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApiError {
    #[serde(rename = "type", default, deserialize_with = "text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub decline_code: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub param: Option<String>,
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// docs.stripe.com/api/accounts/object: the account a key belongs to (`GET /v1/account`);
/// only its id matters to the shop.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub id: String,
}
object!(Account, "Account");

/// docs.stripe.com/api/products/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Product {
    pub id: String,
    pub metadata: Metadata,
    pub default_price: Option<Expandable<Price>>,
}
object!(Product, "Product");

/// docs.stripe.com/api/prices/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Price {
    pub id: String,
    pub currency: String,
    /// Null for prices without a fixed amount (customer-chosen, tiered).
    pub unit_amount: Option<i64>,
    pub product: Expandable<Product>,
}
object!(Price, "Price");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture,
    Canceled,
    Succeeded,
    #[serde(other)]
    Other,
}

/// docs.stripe.com/api/payment_intents/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: IntentStatus,
    pub created: i64,
    pub metadata: Metadata,
    pub last_payment_error: Option<ApiError>,
    pub latest_charge: Option<Expandable<Charge>>,
    pub payment_method: Option<Expandable<PaymentMethod>>,
    /// Stripe always sends it; localstripe does not, and shopctl reads it only to name the
    /// method when `payment_method` is not expanded, so an absent list reads as empty.
    #[serde(default)]
    pub payment_method_types: Vec<String>,
    pub shipping: Option<Shipping>,
}
object!(PaymentIntent, "PaymentIntent");

/// A PaymentIntent's `shipping`. Stripe requires `name`; it is optional here because shopctl
/// only shows it, and a nameless address is no reason to refuse an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Shipping {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// docs.stripe.com/api/payment_methods/object
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaymentMethod {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
}
object!(PaymentMethod, "PaymentMethod");

/// docs.stripe.com/api/charges/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Charge {
    pub id: String,
    pub amount: i64,
    pub amount_refunded: i64,
    pub payment_intent: Option<Expandable<PaymentIntent>>,
}
object!(Charge, "Charge");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Open,
    Complete,
    Expired,
    #[serde(other)]
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionPaymentStatus {
    Paid,
    Unpaid,
    NoPaymentRequired,
    #[serde(other)]
    Other,
}

/// docs.stripe.com/api/checkout/sessions/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    pub created: i64,
    pub status: Option<SessionStatus>,
    pub payment_status: SessionPaymentStatus,
    pub amount_total: Option<i64>,
    pub currency: Option<String>,
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    #[serde(default)]
    pub metadata: Metadata,
    pub customer_details: Option<CustomerDetails>,
}
object!(CheckoutSession, "Checkout Session");

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct CustomerDetails {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// One line of a Checkout Session (`/v1/checkout/sessions/{id}/line_items`;
/// docs.stripe.com/api/checkout/sessions/line_items).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LineItem {
    pub id: String,
    pub quantity: Option<i64>,
    #[serde(default, deserialize_with = "nested_opt")]
    pub price: Option<Price>,
}
object!(LineItem, "line item");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    Pending,
    RequiresAction,
    Succeeded,
    Failed,
    Canceled,
    #[serde(other)]
    Other,
}

/// docs.stripe.com/api/refunds/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: Option<RefundStatus>,
    pub created: i64,
    #[serde(default)]
    pub metadata: Metadata,
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    pub charge: Option<Expandable<Charge>>,
}
object!(Refund, "Refund");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutStatus {
    Paid,
    Pending,
    InTransit,
    Canceled,
    Failed,
    #[serde(other)]
    Other,
}

/// docs.stripe.com/api/payouts/object
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Payout {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: PayoutStatus,
    pub created: i64,
    pub arrival_date: i64,
}
object!(Payout, "Payout");

/// docs.stripe.com/api/balance_transactions/object
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BalanceTransaction {
    pub id: String,
    pub amount: i64,
    pub fee: i64,
    pub net: i64,
    pub currency: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub reporting_category: String,
    pub description: Option<String>,
    pub created: i64,
    pub source: Option<Expandable<BalanceSource>>,
}
object!(BalanceTransaction, "balance transaction");

/// What a balance transaction's expanded `source` is: a Charge, a Refund, a Payout and more.
/// shopctl reads its id, and a charge's (or refund's) PaymentIntent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BalanceSource {
    pub id: String,
    pub payment_intent: Option<Expandable<PaymentIntent>>,
}
object!(BalanceSource, "balance transaction source");

/// docs.stripe.com/api/payment_method_configurations/object
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaymentMethodConfiguration {
    pub id: String,
    pub is_default: bool,
}
object!(PaymentMethodConfiguration, "payment method configuration");

#[cfg(test)]
#[path = "objects_tests.rs"]
mod tests;
