//! Refunds at Stripe: making one exactly once for the shop's idempotency key, and Stripe's
//! Refund objects as the shop's `RemoteRefund`.

use super::amounts::{from_stripe_amount, to_stripe_amount};
use super::client::Client;
use super::form::Form;
use super::objects::{Expandable, Object, PaymentIntent, Refund, RefundStatus};
use crate::model::{RefundRequest, RefundState, RemoteRefund};
use crate::provider::{ProviderError, ProviderResult};

/// Issues the refund, or returns the one already made with this key.
pub fn create(client: &Client, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
    let pi = &request.payment_ref;
    // Look before we leap: a refund already made with this key (a retry after a crash, or
    // a server that ignores Idempotency-Key) is returned, never made again.
    let made = || -> ProviderResult<Option<Refund>> {
        let existing: Vec<Refund> = client.list_all(
            "/v1/refunds",
            &Form::new().with("payment_intent", pi.clone()),
        )?;
        Ok(existing.into_iter().find(|r| {
            r.metadata.get("shopctl_refund_key") == Some(request.idempotency_key.as_str())
        }))
    };
    if let Some(r) = made()? {
        return remote_refund(&r, pi);
    }
    let (amount, currency) = to_stripe_amount(&request.amount)?;
    refuse_over_refund(client, request, amount, &currency)?;
    // And look again before each retry of the call itself.
    let created = client.post_unless_done(
        "/v1/refunds",
        &Form::new()
            .with("payment_intent", pi.clone())
            .with("amount", amount.to_string())
            .with(
                "metadata[shopctl_refund_key]",
                request.idempotency_key.clone(),
            )
            .with("metadata[reason]", request.reason.clone()),
        &request.idempotency_key,
        &mut || made(),
    )?;
    remote_refund(&created, pi)
}

/// Refuses an over-refund before calling (some servers do not check): what the intent's
/// latest charge has left to refund.
fn refuse_over_refund(
    client: &Client,
    request: &RefundRequest,
    amount: i64,
    currency: &str,
) -> ProviderResult<()> {
    let pi = &request.payment_ref;
    let intent: PaymentIntent = client.get(
        &format!("/v1/payment_intents/{pi}"),
        &Form::new().with("expand[]", "latest_charge"),
    )?;
    if let Some(charge) = intent.latest_charge.as_ref().and_then(Expandable::object) {
        let left = charge.amount - charge.amount_refunded;
        if amount > left {
            return Err(ProviderError::Rejected(format!(
                "a refund of {} {} is more than the {} left to refund on {pi}",
                request.amount.to_major_string(),
                request.amount.currency.code(),
                from_stripe_amount(left, currency)?.to_major_string()
            )));
        }
    }
    Ok(())
}

/// A Refund of the payment `payment_ref` (the PaymentIntent's id), in the shop's terms.
pub fn remote_refund(r: &Refund, payment_ref: &str) -> ProviderResult<RemoteRefund> {
    Ok(RemoteRefund {
        provider_ref: r.id.clone(),
        payment_ref: payment_ref.to_owned(),
        amount: from_stripe_amount(r.amount, &r.currency)?,
        state: match r.status {
            Some(RefundStatus::Succeeded) => RefundState::Succeeded,
            Some(RefundStatus::Failed | RefundStatus::Canceled) => RefundState::Failed,
            _ => RefundState::Pending,
        },
        idempotency_key: r.metadata.get("shopctl_refund_key").map(str::to_owned),
        created_at: r.time("created", r.created)?,
    })
}
