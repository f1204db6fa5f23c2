//! Razorpay's payments as the shop's orders. A payment is the shop's when it names its order:
//! `notes.order_ref` (an order already in the shop, e.g. a WhatsApp order) or `notes.lines`
//! (`SKU:QTY[@UNIT],...`, a checkout that creates its order), on the payment itself or on the
//! Razorpay order it was made against (shopctl's `prepare_payment` puts `order_ref` there).
//! Pure: the entities come in parsed, `pull` fetches them.

use super::amounts::from_razorpay_amount;
use super::objects::{Entity, Notes, Order, Payment, PaymentStatus};
use crate::model::{PaymentState, RemoteOrder, RemotePayment};
use crate::provider::lines::parse_lines;
use crate::provider::{ProviderError, ProviderResult};

/// A payment's state in the shop's terms. `refunded` after a capture is still money taken
/// (refunds are pulled on their own); `refunded` without a capture is an authorization that
/// Razorpay gave back, so no payment.
fn payment_state(p: &Payment) -> PaymentState {
    match p.status {
        PaymentStatus::Captured => PaymentState::Captured,
        PaymentStatus::Refunded if p.captured => PaymentState::Captured,
        PaymentStatus::Refunded | PaymentStatus::Failed => PaymentState::Failed,
        PaymentStatus::Created | PaymentStatus::Authorized | PaymentStatus::Other => {
            PaymentState::Pending
        }
    }
}

/// The method in the registry's names: Razorpay's `upi` and `card` are the shop's; others
/// (netbanking, wallet, emi) keep Razorpay's name.
pub fn remote_payment(p: &Payment) -> ProviderResult<RemotePayment> {
    Ok(RemotePayment {
        provider_ref: p.id.clone(),
        method: p.method.clone(),
        amount: from_razorpay_amount(p.amount, &p.currency)?,
        state: payment_state(p),
        created_at: p.time("created_at", p.created_at)?,
    })
}

/// A payment that names its order, as a `RemoteOrder`; `None` for payments that are not the
/// shop's. `order` is the Razorpay order the payment was made against, when it has one.
pub fn order_from_payment(
    p: &Payment,
    order: Option<&Order>,
) -> ProviderResult<Option<RemoteOrder>> {
    let from_order = order.map(|o| &o.notes);
    let note = |key: &str| {
        p.notes
            .get(key)
            .or_else(|| from_order.and_then(|n: &Notes| n.get(key)))
    };
    let order_ref = note("order_ref");
    let lines_text = note("lines");
    if order_ref.is_none() && lines_text.is_none() {
        return Ok(None);
    }
    let total = from_razorpay_amount(p.amount, &p.currency)?;
    let lines = match lines_text {
        None => Vec::new(),
        Some(text) => parse_lines(text, total).map_err(|e| {
            ProviderError::Rejected(format!(
                "Razorpay payment {} has notes.lines \"{text}\" that shopctl cannot read: {e}; \
                 fix its notes in the Razorpay Dashboard",
                p.id
            ))
        })?,
    };
    let phone = note("customer_phone")
        .or(p.contact.as_deref().filter(|c| !c.is_empty()))
        .unwrap_or("");
    Ok(Some(RemoteOrder {
        provider_ref: p.id.clone(),
        order_ref: order_ref.map(str::to_owned),
        customer_phone: phone.to_owned(),
        customer_name: note("customer_name").unwrap_or("").to_owned(),
        lines,
        total,
        payments: vec![remote_payment(p)?],
        created_at: p.time("created_at", p.created_at)?,
    }))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::provider::razorpay::objects::parse;

    fn payment(status: &str, captured: bool, notes: Value) -> Payment {
        parse(
            json!({"id": "pay_1", "entity": "payment", "amount": 129800, "currency": "INR",
            "status": status, "captured": captured, "method": "upi", "order_id": null,
            "amount_refunded": 0, "notes": notes, "contact": "+919876543210",
            "created_at": 1795161600}),
        )
        .unwrap()
    }

    #[test]
    fn a_payment_names_its_order_in_notes_or_through_its_razorpay_order() {
        let p = payment("captured", true, json!({"order_ref": "1001"}));
        let o = order_from_payment(&p, None).unwrap().unwrap();
        assert_eq!(o.order_ref.as_deref(), Some("1001"));
        assert_eq!(
            (o.provider_ref.as_str(), o.customer_phone.as_str()),
            ("pay_1", "+919876543210")
        );
        assert_eq!(o.payments[0].method, "upi");
        assert_eq!(o.payments[0].state, PaymentState::Captured);
        assert_eq!(o.total.to_string(), "1298.00 INR");

        let bare = payment("captured", true, json!([]));
        assert_eq!(
            order_from_payment(&bare, None).unwrap(),
            None,
            "not the shop's"
        );
        let order: Order = parse(json!({"id": "order_1", "entity": "order", "amount": 129800,
            "currency": "INR", "receipt": "1002", "status": "paid",
            "notes": {"order_ref": "1002"}, "created_at": 1795161000}))
        .unwrap();
        let o = order_from_payment(&bare, Some(&order)).unwrap().unwrap();
        assert_eq!(o.order_ref.as_deref(), Some("1002"));

        let lines = payment(
            "captured",
            true,
            json!({"lines": "TEE:2@499.00,MUG:1",
            "customer_name": "Asha", "customer_phone": "+919000000001"}),
        );
        let o = order_from_payment(&lines, None).unwrap().unwrap();
        assert_eq!(o.order_ref, None);
        assert_eq!((o.lines.len(), o.lines[1].unit_price.minor), (2, 30000));
        assert_eq!(
            (o.customer_name.as_str(), o.customer_phone.as_str()),
            ("Asha", "+919000000001")
        );

        let bad = payment("captured", true, json!({"lines": "TEE:2,MUG:1"}));
        let err = order_from_payment(&bad, None).unwrap_err().to_string();
        assert!(
            err.contains("pay_1") && err.contains("SKU:QTY@UNIT"),
            "{err}"
        );
    }

    #[test]
    fn payment_states() {
        let state = |status, captured| payment_state(&payment(status, captured, json!([])));
        assert_eq!(state("captured", true), PaymentState::Captured);
        assert_eq!(state("refunded", true), PaymentState::Captured);
        assert_eq!(state("refunded", false), PaymentState::Failed);
        assert_eq!(state("failed", false), PaymentState::Failed);
        assert_eq!(state("authorized", false), PaymentState::Pending);
        assert_eq!(state("created", false), PaymentState::Pending);
    }
}
