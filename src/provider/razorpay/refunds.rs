//! Refunds at Razorpay: making one exactly once for the shop's idempotency key, and Razorpay's
//! refund entities as the shop's `RemoteRefund`.
//!
//! Razorpay's refund idempotency (razorpay.com/docs/api/refunds/normal-refunds-idempotent):
//! `X-Refund-Idempotency` of at least 10 letters, digits, `-` or `_`; the same key with the
//! same body returns the same refund, with another body it is refused (400), and while the
//! first request is still being made it answers 409, to be retried. On top of that, shopctl
//! writes the key in the refund's `notes.shopctl_refund_key` and looks for a refund with it
//! before the first call, before each retry and after a refusal, so that a refund is never
//! made twice even when Razorpay has forgotten the key or the body changed between versions.

use sha2::{Digest, Sha256};

use super::amounts::{from_razorpay_amount, to_razorpay_amount};
use super::client::Client;
use super::objects::{Entity, Notes, Refund, RefundStatus};
use crate::model::{RefundRequest, RefundState, RemoteRefund};
use crate::money::Currency;
use crate::provider::{ProviderError, ProviderResult};

/// The note that carries the shop's idempotency key.
pub const KEY_NOTE: &str = "shopctl_refund_key";

/// The `X-Refund-Idempotency` value for a shop key: the key itself when Razorpay takes it
/// (10 to 64 of `A-Z a-z 0-9 - _`), else a digest of it that does.
pub fn header_key(key: &str) -> String {
    let fits = (10..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        key.to_owned()
    } else {
        format!(
            "shopctl-{}",
            &hex::encode(Sha256::digest(key.as_bytes()))[..40]
        )
    }
}

/// The request body: the same for every attempt with the same key, as Razorpay requires.
pub fn body(request: &RefundRequest) -> ProviderResult<serde_json::Value> {
    let (amount, _) = to_razorpay_amount(&request.amount)?;
    let mut notes = Notes::default();
    notes.set(KEY_NOTE, request.idempotency_key.clone());
    if !request.reason.is_empty() {
        notes.set(
            "reason",
            request.reason.chars().take(256).collect::<String>(),
        );
    }
    Ok(serde_json::json!({"amount": amount, "speed": "normal", "notes": notes.to_json()}))
}

/// Issues the refund, or returns the one already made with this key.
pub fn create(client: &Client, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
    let payment = &request.payment_ref;
    let made = || -> ProviderResult<Option<Refund>> {
        let existing: Vec<Refund> =
            client.list_all(&format!("/v1/payments/{payment}/refunds"), &[])?;
        Ok(existing
            .into_iter()
            .find(|r| r.notes.get(KEY_NOTE) == Some(request.idempotency_key.as_str())))
    };
    if let Some(r) = made()? {
        return found(&r, request);
    }
    let key = header_key(&request.idempotency_key);
    let sent = client.send(
        "POST",
        &format!("/v1/payments/{payment}/refund"),
        &body(request)?,
        &[("X-Refund-Idempotency", key.as_str())],
        Some(&mut || made()),
    );
    match sent {
        Ok(r) => found(&r, request),
        // Refused, yet a refund with this key exists (the key was used with another body):
        // that refund is this one, whatever the refusal says.
        Err(ProviderError::Rejected(msg)) => match made()? {
            Some(r) => found(&r, request),
            None => Err(ProviderError::Rejected(msg)),
        },
        Err(e) => Err(e),
    }
}

/// The refund Razorpay has for the request's key. One for another amount is not this refund
/// and not a reason to make another: an error (not a refusal) that leaves the shop's refund
/// pending for a person to look at.
fn found(r: &Refund, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
    let remote = remote_refund(r, request.amount.currency)?;
    if remote.amount != request.amount {
        return Err(ProviderError::Other(anyhow::anyhow!(
            "Razorpay's refund {} was made with the key {} for {}, not {}; look at the payment \
             {} in the Razorpay Dashboard before refunding more",
            r.id,
            request.idempotency_key,
            remote.amount,
            request.amount,
            request.payment_ref
        )));
    }
    Ok(remote)
}

/// A refund entity in the shop's terms; `currency` stands in when Razorpay sends none (its
/// reference shows `"currency": ""` on some answers): the payment's.
pub fn remote_refund(r: &Refund, currency: Currency) -> ProviderResult<RemoteRefund> {
    let amount = match r.currency() {
        Some(c) => from_razorpay_amount(r.amount, c)?,
        None => crate::money::Money::new(r.amount, currency),
    };
    Ok(RemoteRefund {
        provider_ref: r.id.clone(),
        payment_ref: r.payment_id.clone(),
        amount,
        state: match r.status {
            RefundStatus::Processed => RefundState::Succeeded,
            RefundStatus::Failed => RefundState::Failed,
            RefundStatus::Pending | RefundStatus::Other => RefundState::Pending,
        },
        idempotency_key: r.notes.get(KEY_NOTE).map(str::to_owned),
        created_at: r.time("created_at", r.created_at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    #[test]
    fn keys_razorpay_refuses_are_digested_the_same_way_each_time() {
        let shop_key = "shopctl-refund-1001-18b2c4d5e6f7-3a2b";
        assert_eq!(header_key(shop_key), shop_key);
        for odd in ["short", "has space in it ok", "ünïcödé-key-1234"] {
            let k = header_key(odd);
            assert!(k.starts_with("shopctl-") && k.len() == 48, "{k}");
            assert_eq!(k, header_key(odd));
        }
        assert_ne!(header_key("short"), header_key("short2"));
    }

    #[test]
    fn the_body_is_in_paise_and_carries_the_key() {
        let inr = Currency::from_code("INR").unwrap();
        let req = RefundRequest {
            idempotency_key: "shopctl-refund-1-abc".into(),
            payment_ref: "pay_1".into(),
            amount: Money::new(49900, inr),
            reason: "mug chipped".into(),
        };
        assert_eq!(
            body(&req).unwrap(),
            serde_json::json!({"amount": 49900, "speed": "normal",
                "notes": {"reason": "mug chipped", "shopctl_refund_key": "shopctl-refund-1-abc"}})
        );
    }
}
