//! Razorpay's entities as shopctl reads them: serde types for the fields shopctl uses, in the
//! shapes of Razorpay's API reference (https://razorpay.com/docs/api/): payments, orders,
//! refunds, settlements and settlement recon rows.
//!
//! As for Stripe (`provider::shapes`): a field Razorpay always sends is a plain field, and a
//! missing one is an error naming the entity and the field; a field it documents as nullable
//! is an `Option`; fields shopctl does not read are not declared; statuses are enums with an
//! `Other` for values added later. Razorpay writes empty `notes` as `[]`, which reads as no
//! notes.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};
use serde_json::Value;

use crate::provider::ProviderResult;
use crate::provider::shapes;
pub use crate::provider::shapes::Malformed;

/// How messages name the provider ("Razorpay's payment pay_1 has no `amount`").
const PROVIDER: &str = "Razorpay";

/// An entity that has its own id, named as Razorpay's API reference names it.
pub trait Entity: DeserializeOwned {
    const KIND: &'static str;
    fn id(&self) -> &str;

    /// One of its Unix-time fields as a `Timestamp`.
    fn time(&self, field: &str, secs: i64) -> ProviderResult<Timestamp> {
        Timestamp::from_second(secs).map_err(|e| {
            Malformed(format!(
                "{PROVIDER}'s {} {} has a `{field}` that is not a time: {e}",
                Self::KIND,
                self.id()
            ))
            .into()
        })
    }
}

/// One of Razorpay's entities from its JSON.
pub fn parse<T: Entity>(value: Value) -> Result<T, Malformed> {
    parse_as(T::KIND, value)
}

/// `parse` for a shape that is not an entity of its own (a collection, an error body).
pub fn parse_as<T: DeserializeOwned>(kind: &str, value: Value) -> Result<T, Malformed> {
    shapes::parse_as(PROVIDER, kind, value)
}

macro_rules! entity {
    ($t:ident, $kind:literal, $id:ident) => {
        impl Entity for $t {
            const KIND: &'static str = $kind;
            fn id(&self) -> &str {
                &self.$id
            }
        }
    };
}

/// `notes`: up to 15 key-value pairs of text. Razorpay sends `[]` for none; a number or a
/// boolean value is read as its text. An empty value reads as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notes(BTreeMap<String, String>);

impl Notes {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The notes as Razorpay takes them in a request body.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        )
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.0.insert(key.to_owned(), value.into());
    }
}

impl<'de> Deserialize<'de> for Notes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Value::deserialize(d)? {
            Value::Array(items) if items.is_empty() => Ok(Notes::default()),
            Value::Object(map) => Ok(Notes(
                map.into_iter()
                    .filter_map(|(k, v)| match v {
                        Value::String(s) => Some((k, s)),
                        Value::Number(n) => Some((k, n.to_string())),
                        Value::Bool(b) => Some((k, b.to_string())),
                        _ => None,
                    })
                    .collect(),
            )),
            other => Err(D::Error::custom(format!(
                "invalid type: {other}, expected notes (an object of text values)"
            ))),
        }
    }
}

/// A page of a fetch-all endpoint: `{"entity": "collection", "count": N, "items": [...]}`.
/// `items` are parsed one by one (`parse`), so that a bad one is named by its own id.
#[derive(Debug, Deserialize)]
pub struct Collection {
    pub items: Vec<Value>,
}

/// Razorpay's `{"error": {...}}` body (razorpay.com/docs/errors). Every field is optional and
/// a non-text value reads as absent: a failure's message is read as well as it can be.
#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ApiError {
    #[serde(default, deserialize_with = "text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub field: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub reason: Option<String>,
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Created,
    Authorized,
    Captured,
    Refunded,
    Failed,
    #[serde(other)]
    Other,
}

/// razorpay.com/docs/api/payments (the payment entity). `fee` is Razorpay's fee including
/// GST, `tax` the GST in it; both are null until the payment is captured.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Payment {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: PaymentStatus,
    /// True once captured; a payment that was only authorized and then given back reads
    /// `refunded` with `captured: false`.
    pub captured: bool,
    pub method: String,
    pub order_id: Option<String>,
    #[serde(default)]
    pub amount_refunded: i64,
    #[serde(default)]
    pub notes: Notes,
    pub contact: Option<String>,
    pub error_code: Option<String>,
    pub error_description: Option<String>,
    pub created_at: i64,
}
entity!(Payment, "payment", id);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Created,
    Attempted,
    Paid,
    #[serde(other)]
    Other,
}

/// razorpay.com/docs/api/orders (the order entity).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Order {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub receipt: Option<String>,
    pub status: OrderStatus,
    #[serde(default)]
    pub notes: Notes,
    pub created_at: i64,
}
entity!(Order, "order", id);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    Pending,
    Processed,
    Failed,
    #[serde(other)]
    Other,
}

/// razorpay.com/docs/api/refunds (the refund entity). The reference shows `currency` as `""`
/// in some answers, so it is optional and an empty one reads as unknown.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: Option<String>,
    pub payment_id: String,
    #[serde(default)]
    pub notes: Notes,
    pub status: RefundStatus,
    pub created_at: i64,
}
entity!(Refund, "refund", id);

impl Refund {
    pub fn currency(&self) -> Option<&str> {
        self.currency.as_deref().filter(|c| !c.is_empty())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettlementStatus {
    Created,
    Processed,
    Failed,
    #[serde(other)]
    Other,
}

/// razorpay.com/docs/api/settlements (the settlement entity). Settlements are in INR and carry
/// no currency. `fees` and `tax` are what the settlement itself cost (an instant settlement);
/// 0 for a normal one, whose fees are on each payment's recon row.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Settlement {
    pub id: String,
    pub amount: i64,
    pub status: SettlementStatus,
    pub fees: i64,
    pub tax: i64,
    pub utr: Option<String>,
    pub created_at: i64,
}
entity!(Settlement, "settlement", id);

/// One row of `/v1/settlements/recon/combined` (razorpay.com/docs/api/settlements/fetch-recon):
/// a payment, refund, transfer or adjustment settled, with what it credited or debited.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ReconItem {
    pub entity_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub debit: i64,
    pub credit: i64,
    pub amount: i64,
    pub currency: String,
    pub fee: i64,
    pub tax: i64,
    pub settlement_id: Option<String>,
    pub description: Option<String>,
    pub created_at: i64,
}
entity!(ReconItem, "settlement recon item", entity_id);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The payment entity as the API reference shows it (a captured UPI payment), trimmed.
    fn payment() -> Value {
        json!({
            "id": "pay_DORWaWz6UGwvRx", "entity": "payment", "amount": 70000,
            "currency": "INR", "status": "captured", "order_id": "order_DORWL4a5PvwmiR",
            "invoice_id": null, "international": false, "method": "upi",
            "amount_refunded": 0, "refund_status": null, "captured": true,
            "description": null, "card_id": null, "bank": null, "wallet": null,
            "vpa": "gaurav.kumar@exampleupi", "email": "gaurav.kumar@example.com",
            "contact": "+919000090000", "notes": [], "fee": 1652, "tax": 252,
            "error_code": null, "error_description": null, "created_at": 1569853622
        })
    }

    #[test]
    fn a_payment_in_the_reference_shape_parses_and_empty_notes_are_an_array() {
        let p: Payment = parse(payment()).unwrap();
        assert_eq!((p.amount, p.currency.as_str()), (70000, "INR"));
        assert_eq!((p.status, p.captured), (PaymentStatus::Captured, true));
        assert_eq!(p.notes, Notes::default());
        let mut v = payment();
        v["notes"] = json!({"order_ref": "1001", "n": 3, "blank": ""});
        let p: Payment = parse(v).unwrap();
        assert_eq!(p.notes.get("order_ref"), Some("1001"));
        assert_eq!(p.notes.get("n"), Some("3"));
        assert_eq!(p.notes.get("blank"), None);
        let mut v = payment();
        v["status"] = json!("a_later_status");
        assert_eq!(parse::<Payment>(v).unwrap().status, PaymentStatus::Other);
    }

    #[test]
    fn a_missing_field_names_the_entity_and_the_field() {
        let mut v = payment();
        v.as_object_mut().unwrap().remove("amount");
        assert_eq!(
            parse::<Payment>(v).unwrap_err().to_string(),
            "Razorpay's payment pay_DORWaWz6UGwvRx has no `amount`"
        );
        let mut v = payment();
        v["created_at"] = Value::Null;
        assert_eq!(
            parse::<Payment>(v).unwrap_err().to_string(),
            "Razorpay's payment pay_DORWaWz6UGwvRx has no `created_at`"
        );
        let row = json!({"entity_id": "pay_1", "type": "payment", "debit": 0, "credit": 97100,
            "amount": 100000, "currency": "INR", "fee": 2900, "created_at": 1567692556});
        assert_eq!(
            parse::<ReconItem>(row).unwrap_err().to_string(),
            "a settlement recon item from Razorpay has no `tax`"
        );
    }

    #[test]
    fn refunds_settlements_and_recon_rows_parse() {
        let r: Refund = parse(json!({"id": "rfnd_FP8QHiV938haTz", "entity": "refund",
            "amount": 500100, "receipt": "Receipt No. 31", "currency": "",
            "payment_id": "pay_29QQoUBi66xm2f", "notes": {}, "acquirer_data": {"arn": null},
            "created_at": 1597078866, "batch_id": null, "status": "processed",
            "speed_processed": "normal"}))
        .unwrap();
        assert_eq!((r.status, r.currency()), (RefundStatus::Processed, None));
        let s: Settlement = parse(json!({"id": "setl_DGlQ1Rj8os78Ec", "entity": "settlement",
            "amount": 9973635, "status": "processed", "fees": 0, "tax": 0,
            "utr": "1568176960vxp0rj", "created_at": 1568176960}))
        .unwrap();
        assert_eq!((s.amount, s.status), (9973635, SettlementStatus::Processed));
        let row: ReconItem = parse(json!({"entity_id": "pay_DEXrnipqTmWVGE", "type": "payment",
            "debit": 0, "credit": 97100, "amount": 100000, "currency": "INR", "fee": 2900,
            "tax": 0, "on_hold": false, "settled": true, "created_at": 1567692556,
            "settled_at": 1568176960, "settlement_id": "setl_DGlQ1Rj8os78Ec",
            "posted_at": null, "credit_type": "default", "description": null,
            "notes": "Beam me up Scotty.", "payment_id": null,
            "order_id": "order_DEXrnRiR3SNDHA", "method": "card"}))
        .unwrap();
        assert_eq!(
            (row.kind.as_str(), row.credit, row.fee),
            ("payment", 97100, 2900)
        );
    }
}
