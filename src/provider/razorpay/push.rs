//! The shop's changes into Razorpay. Razorpay keeps no product catalog that its payments use
//! (customers pay an amount, against a Razorpay order or a WhatsApp payment request), and it
//! has no API to switch an account's payment methods (that is the Dashboard's); so a product
//! change or a payment method change has nothing to do at Razorpay (`payments` records
//! Razorpay's methods as `dashboard`; docs/razorpay.md says so). Shipments and cancellations
//! are written into the payment's `notes`, as Stripe's are into a PaymentIntent's metadata.

use serde_json::json;

use super::client::Client;
use super::objects::Payment;
use crate::model::{Change, OutboxEntry};
use crate::provider::{ProviderResult, PushOutcome};

/// Razorpay's longest note value.
const NOTE_MAX: usize = 256;

pub fn push(client: &Client, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
    match &entry.change {
        Change::ProductUpsert(_) | Change::ProductArchive { .. } | Change::PaymentMethod { .. } => {
            Ok(PushOutcome::default())
        }
        Change::Fulfilment {
            order_ref,
            lines,
            carrier,
            tracking,
        } => {
            let shipped = lines
                .iter()
                .map(|l| format!("{}:{}", l.sku, l.quantity))
                .collect::<Vec<_>>()
                .join(",");
            note_payment(
                client,
                order_ref,
                &[
                    ("shopctl_status", "fulfilled"),
                    ("shipped_lines", &shipped),
                    ("carrier", carrier),
                    ("tracking", tracking),
                ],
            )
        }
        Change::OrderCancel { order_ref, reason } => note_payment(
            client,
            order_ref,
            &[("shopctl_status", "canceled"), ("cancel_reason", reason)],
        ),
    }
}

/// Adds notes to a payment (`PATCH /v1/payments/{id}` replaces all notes, so the payment's own
/// are read first and kept). Orders that were never paid through Razorpay are a no-op.
fn note_payment(
    client: &Client,
    payment: &str,
    add: &[(&str, &str)],
) -> ProviderResult<PushOutcome> {
    if !payment.starts_with("pay_") {
        return Ok(PushOutcome::default());
    }
    let path = format!("/v1/payments/{payment}");
    let current: Payment = client.fetch(&path)?;
    let mut notes = current.notes;
    for (k, v) in add {
        notes.set(k, v.chars().take(NOTE_MAX).collect::<String>());
    }
    client.send::<Payment>(
        "PATCH",
        &path,
        &json!({"notes": notes.to_json()}),
        &[],
        None,
    )?;
    Ok(PushOutcome {
        provider_ref: Some(payment.to_owned()),
    })
}
