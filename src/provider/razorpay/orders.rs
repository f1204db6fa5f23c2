//! Razorpay orders for the shop's payment requests: `POST /v1/orders` with `receipt` = the
//! shop's order reference and `unique_receipt`, so that a retried create (a lost answer, a
//! second run) returns the same order instead of a second one
//! (razorpay.com/docs/api/orders/create; "Retries and idempotency" in Razorpay's S2S guide).
//! A Razorpay order takes one payment attempt: after a failed payment, the shop asks again with
//! the next attempt number, and the receipt becomes `REF-2`, `REF-3`, ...

use serde_json::json;

use super::amounts::to_razorpay_amount;
use super::client::Client;
use super::objects::{Notes, Order};
use crate::model::{PaymentAsk, PreparedPayment};
use crate::provider::{ProviderError, ProviderResult};

/// Razorpay's longest receipt.
const RECEIPT_MAX: usize = 40;

pub fn receipt(ask: &PaymentAsk) -> String {
    if ask.attempt <= 1 {
        ask.order_ref.clone()
    } else {
        format!("{}-{}", ask.order_ref, ask.attempt)
    }
}

/// Creates (or finds again) the Razorpay order for one payment attempt of a shop order.
pub fn prepare(client: &Client, ask: &PaymentAsk) -> ProviderResult<PreparedPayment> {
    let receipt = receipt(ask);
    if receipt.is_empty() || receipt.len() > RECEIPT_MAX {
        return Err(ProviderError::Rejected(format!(
            "the order reference \"{receipt}\" cannot be a Razorpay receipt (1 to {RECEIPT_MAX} characters)"
        )));
    }
    let (amount, currency) = to_razorpay_amount(&ask.amount)?;
    let mut notes = Notes::default();
    notes.set("order_ref", ask.order_ref.clone());
    notes.set("shopctl_attempt", ask.attempt.to_string());
    let body = json!({
        "amount": amount, "currency": currency, "receipt": receipt,
        "unique_receipt": true, "notes": notes.to_json(),
    });
    let order: Order = client.send("POST", "/v1/orders", &body, &[], None)?;
    // An order found again by its receipt was made for what the shop asked then; if the
    // order's total has changed since, this attempt needs an order of its own.
    if order.amount != amount || order.currency != currency {
        return Err(ProviderError::Rejected(format!(
            "Razorpay already has order {} with receipt {receipt} for {} {}, not {}; ask again \
             with the next attempt",
            order.id, order.amount, order.currency, ask.amount
        )));
    }
    Ok(PreparedPayment {
        provider_ref: order.id,
        receipt,
    })
}
