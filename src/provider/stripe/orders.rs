//! Stripe's payments as the shop's orders: a PaymentIntent that names its order in metadata
//! (`order_ref`, or `lines` = `SKU:QTY[@UNIT],...`), and a complete Checkout Session with its
//! line items. Pure: the objects come in parsed, `pull` fetches them.

use super::amounts::from_stripe_amount;
use super::objects::{
    self, CheckoutSession, Expandable, IntentStatus, LineItem, Object, PaymentIntent,
    SessionPaymentStatus,
};
use crate::model::{PaymentState, RemoteLine, RemoteOrder, RemotePayment};
use crate::provider::lines::parse_lines;
use crate::provider::{ProviderError, ProviderResult};

fn payment_state(pi: &PaymentIntent) -> PaymentState {
    match pi.status {
        IntentStatus::Succeeded => PaymentState::Captured,
        IntentStatus::Canceled => PaymentState::Failed,
        // Back to "needs a method" after an attempt: that attempt failed.
        IntentStatus::RequiresPaymentMethod if pi.last_payment_error.is_some() => {
            PaymentState::Failed
        }
        _ => PaymentState::Pending,
    }
}

/// The method's Stripe type: from the expanded PaymentMethod, else the only type the intent
/// allows, else `card`.
fn payment_method_name(pi: &PaymentIntent) -> String {
    if let Some(pm) = pi.payment_method.as_ref().and_then(Expandable::object)
        && !pm.kind.is_empty()
    {
        return pm.kind.clone();
    }
    match pi.payment_method_types.as_slice() {
        [only] => only.clone(),
        _ => "card".to_owned(),
    }
}

pub fn remote_payment(pi: &PaymentIntent) -> ProviderResult<RemotePayment> {
    Ok(RemotePayment {
        provider_ref: pi.id.clone(),
        method: payment_method_name(pi),
        amount: from_stripe_amount(pi.amount, &pi.currency)?,
        state: payment_state(pi),
        created_at: pi.time("created", pi.created)?,
    })
}

/// The customer's `(phone, name)`: metadata first (a chat checkout puts them there), else what
/// Stripe collected.
fn customer(
    metadata: &objects::Metadata,
    phone: Option<&str>,
    name: Option<&str>,
) -> (String, String) {
    let pick = |meta_key: &str, collected: Option<&str>| {
        metadata
            .get(meta_key)
            .or(collected.filter(|v| !v.is_empty()))
            .unwrap_or("")
            .to_owned()
    };
    (pick("customer_phone", phone), pick("customer_name", name))
}

/// A PaymentIntent that names its order, as a `RemoteOrder`; `None` for intents that are not
/// the shop's (no `order_ref` nor `lines`).
pub fn order_from_intent(pi: &PaymentIntent) -> ProviderResult<Option<RemoteOrder>> {
    let order_ref = pi.metadata.get("order_ref");
    let lines_text = pi.metadata.get("lines");
    if order_ref.is_none() && lines_text.is_none() {
        return Ok(None);
    }
    let total = from_stripe_amount(pi.amount, &pi.currency)?;
    let lines = match lines_text {
        None => Vec::new(),
        Some(text) => parse_lines(text, total).map_err(|e| {
            ProviderError::Rejected(format!(
                "PaymentIntent {} has metadata lines \"{text}\" that shopctl cannot read: {e}; fix its metadata in Stripe",
                pi.id
            ))
        })?,
    };
    let shipping = pi.shipping.clone().unwrap_or_default();
    let (customer_phone, customer_name) = customer(
        &pi.metadata,
        shipping.phone.as_deref(),
        shipping.name.as_deref(),
    );
    Ok(Some(RemoteOrder {
        provider_ref: pi.id.clone(),
        order_ref: order_ref.map(str::to_owned),
        customer_phone,
        customer_name,
        lines,
        total,
        payments: vec![remote_payment(pi)?],
        created_at: pi.time("created", pi.created)?,
    }))
}

/// A complete Checkout Session as a `RemoteOrder` under `reference` (its PaymentIntent's id,
/// else its own), with its line items (prices expanded with their products) and, when it has
/// one, its PaymentIntent.
pub fn order_from_session(
    cs: &CheckoutSession,
    reference: &str,
    items: &[LineItem],
    intent: Option<&PaymentIntent>,
) -> ProviderResult<RemoteOrder> {
    let currency = cs.need("currency", cs.currency.as_deref())?;
    let total = from_stripe_amount(cs.need("amount_total", cs.amount_total)?, currency)?;
    let lines = items
        .iter()
        .map(|li| session_line(cs, li))
        .collect::<ProviderResult<Vec<_>>>()?;
    let details = cs.customer_details.clone().unwrap_or_default();
    let (customer_phone, customer_name) = customer(
        &cs.metadata,
        details.phone.as_deref(),
        details.name.as_deref(),
    );
    let payments = match intent {
        Some(pi) => vec![remote_payment(pi)?],
        None => vec![RemotePayment {
            provider_ref: reference.to_owned(),
            method: "card".into(),
            amount: total,
            state: if cs.payment_status == SessionPaymentStatus::Unpaid {
                PaymentState::Pending
            } else {
                PaymentState::Captured
            },
            created_at: cs.time("created", cs.created)?,
        }],
    };
    Ok(RemoteOrder {
        provider_ref: reference.to_owned(),
        order_ref: cs.metadata.get("order_ref").map(str::to_owned),
        customer_phone,
        customer_name,
        lines,
        total,
        payments,
        created_at: cs.time("created", cs.created)?,
    })
}

/// One line item: the SKU from its product's metadata, the unit price from its Price.
fn session_line(cs: &CheckoutSession, li: &LineItem) -> ProviderResult<RemoteLine> {
    let price = li.need("price", li.price.as_ref())?;
    let sku = match &price.product {
        Expandable::Object(product) => product.metadata.get("sku"),
        Expandable::Id(_) => None,
    };
    let Some(sku) = sku else {
        return Err(ProviderError::Rejected(format!(
            "Checkout Session {} sells product {} which has no metadata sku; push the catalog with `shopctl sync` and sell its products",
            cs.id,
            price.product.id()
        )));
    };
    Ok(RemoteLine {
        sku: sku.to_owned(),
        quantity: li.need("quantity", li.quantity)?,
        unit_price: from_stripe_amount(
            price.need("unit_amount", price.unit_amount)?,
            &price.currency,
        )?,
    })
}

#[cfg(test)]
#[path = "orders_tests.rs"]
mod tests;
