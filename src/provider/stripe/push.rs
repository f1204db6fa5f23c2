//! The shop's changes into Stripe: products and their Prices, payment methods in the default
//! payment method configuration, and fulfilment and cancellation on PaymentIntents' metadata.
//! Every POST's `Idempotency-Key` is the outbox entry's key plus the step.

use sha2::{Digest, Sha256};

use super::amounts::to_stripe_amount;
use super::client::{self, Client};
use super::form::Form;
use super::objects::{IntentStatus, PaymentIntent, PaymentMethodConfiguration, Price, Product};
use crate::model::{Change, OutboxEntry, ProductState, ProductStatus};
use crate::provider::{ProviderError, ProviderResult, PushOutcome};

/// Applies one outbox entry.
pub fn push(client: &Client, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
    let key = &entry.idempotency_key;
    match &entry.change {
        Change::ProductUpsert(p) => push_product(client, key, p),
        Change::ProductArchive { sku } => push_archive(client, key, sku),
        Change::PaymentMethod { method, enabled } => push_method(client, key, method, *enabled),
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
            let form = Form::new()
                .with("metadata[shopctl_status]", "fulfilled")
                .with("metadata[shipped_lines]", shipped)
                .with("metadata[carrier]", carrier.clone())
                .with("metadata[tracking]", tracking.clone());
            push_order_change(client, key, order_ref, form, false)
        }
        Change::OrderCancel { order_ref, reason } => {
            let form = Form::new()
                .with("metadata[shopctl_status]", "canceled")
                .with("metadata[cancel_reason]", reason.clone());
            push_order_change(client, key, order_ref, form, true)
        }
    }
}

/// The Stripe product id for a SKU (see the module doc of `stripe`).
pub fn product_id(sku: &str) -> String {
    let plain = !sku.is_empty()
        && sku.len() <= 40
        && sku
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        format!("sku_{sku}")
    } else {
        let digest = Sha256::digest(sku.as_bytes());
        format!("skuh_{}", &hex::encode(digest)[..32])
    }
}

/// Stripe payment method types for the shop's registry names; `None` means Stripe has no
/// such method (docs/stripe.md lists them).
fn stripe_method_type(method: &str) -> Option<&'static str> {
    match method {
        "card" => Some("card"),
        "paynow" => Some("paynow"),
        "pix" => Some("pix"),
        "boleto" => Some("boleto"),
        _ => None,
    }
}

fn push_product(client: &Client, key: &str, p: &ProductState) -> ProviderResult<PushOutcome> {
    let product = upsert_product(client, key, p)?;
    set_price(client, key, p, &product)?;
    Ok(PushOutcome {
        provider_ref: Some(product.id),
    })
}

/// `metadata[stock]`: the count, or `untracked` for a product that is always sellable.
fn stock_metadata(stock: Option<i64>) -> String {
    stock.map_or_else(|| "untracked".to_string(), |n| n.to_string())
}

/// Creates or updates the product under its SKU's id: a GET by id, then a create or an update.
fn upsert_product(client: &Client, key: &str, p: &ProductState) -> ProviderResult<Product> {
    let id = product_id(&p.sku);
    let mut fields = Form::new()
        .with("name", p.title.clone())
        .with("active", (p.status == ProductStatus::Active).to_string())
        .with("metadata[sku]", p.sku.clone())
        .with("metadata[group]", p.group.clone())
        .with("metadata[stock]", stock_metadata(p.stock));
    if !p.description.is_empty() {
        fields.push("description", p.description.clone());
    }
    if !p.images.is_empty() {
        fields = fields.nested("images", &serde_json::json!(p.images));
    }
    let path = format!("/v1/products/{id}");
    match client.get::<Product>(&path, &Form::new()) {
        Ok(_) => client.post(&path, &fields, &format!("{key}:product-update")),
        Err(e) if client::is_not_found(&e) => client.post(
            "/v1/products",
            &fields.with("id", id.clone()),
            &format!("{key}:product-create"),
        ),
        Err(e) => Err(e),
    }
}

/// Prices are immutable at Stripe: the price a checkout charges (the sale price when there is
/// one) is an active Price of the product, made its `default_price`; the others are retired.
fn set_price(
    client: &Client,
    key: &str,
    p: &ProductState,
    product: &Product,
) -> ProviderResult<()> {
    let id = &product.id;
    let charged = p.sale_price.unwrap_or(p.price);
    let (amount, currency) = to_stripe_amount(&charged)?;
    let active: Vec<Price> = client.list_all(
        "/v1/prices",
        &Form::new()
            .with("product", id.clone())
            .with("active", "true"),
    )?;
    let current = active
        .iter()
        .find(|pr| pr.unit_amount == Some(amount) && pr.currency == currency);
    let price_id = match current {
        Some(pr) => pr.id.clone(),
        None => {
            let created: Price = client.post(
                "/v1/prices",
                &Form::new()
                    .with("product", id.clone())
                    .with("currency", currency.clone())
                    .with("unit_amount", amount.to_string())
                    .with("metadata[sku]", p.sku.clone()),
                &format!("{key}:price"),
            )?;
            created.id
        }
    };
    if product.default_price.as_ref().map(|d| d.id()) != Some(price_id.as_str()) {
        client.post::<Product>(
            &format!("/v1/products/{id}"),
            &Form::new().with("default_price", price_id.clone()),
            &format!("{key}:default-price"),
        )?;
    }
    for old in active.iter().filter(|pr| pr.id != price_id) {
        client.post::<Price>(
            &format!("/v1/prices/{}", old.id),
            &Form::new().with("active", "false"),
            &format!("{key}:retire:{}", old.id),
        )?;
    }
    Ok(())
}

fn push_archive(client: &Client, key: &str, sku: &str) -> ProviderResult<PushOutcome> {
    let id = product_id(sku);
    match client.post::<Product>(
        &format!("/v1/products/{id}"),
        &Form::new().with("active", "false"),
        &format!("{key}:archive"),
    ) {
        Ok(_) => Ok(PushOutcome {
            provider_ref: Some(id),
        }),
        // Never pushed: there is nothing at Stripe to stop selling.
        Err(e) if client::is_not_found(&e) => Ok(PushOutcome::default()),
        Err(e) => Err(e),
    }
}

/// Turns a method on or off in the account's default payment method configuration (what
/// Checkout and the Payment Element offer). Activating a method for the account (e.g.
/// PayNow's capability) is done in the Dashboard, not here: see docs/stripe.md.
fn push_method(
    client: &Client,
    key: &str,
    method: &str,
    enabled: bool,
) -> ProviderResult<PushOutcome> {
    let Some(kind) = stripe_method_type(method) else {
        return Err(ProviderError::Rejected(format!(
            "Stripe has no payment method \"{method}\"; disable it with `shopctl payments disable {method}` or use the sandbox provider"
        )));
    };
    let configs: Vec<PaymentMethodConfiguration> =
        client.list_all("/v1/payment_method_configurations", &Form::new())?;
    let config = configs.iter().find(|c| c.is_default).ok_or_else(|| {
        ProviderError::Rejected(
            "the Stripe account has no default payment method configuration; open \
             Settings > Payment methods in the Stripe Dashboard once to create it"
                .into(),
        )
    })?;
    client.post::<PaymentMethodConfiguration>(
        &format!("/v1/payment_method_configurations/{}", config.id),
        &Form::new().with(
            format!("{kind}[display_preference][preference]"),
            if enabled { "on" } else { "off" },
        ),
        &format!("{key}:method"),
    )?;
    Ok(PushOutcome {
        provider_ref: Some(config.id.clone()),
    })
}

/// Fulfilment and cancellation are recorded on the PaymentIntent's metadata (Stripe has no
/// shipping object for PaymentIntents); a cancel also cancels an intent not yet paid, so it
/// can no longer be paid. Orders that never went through Stripe are a no-op.
fn push_order_change(
    client: &Client,
    key: &str,
    order_ref: &str,
    metadata: Form,
    cancel: bool,
) -> ProviderResult<PushOutcome> {
    if !order_ref.starts_with("pi_") {
        return Ok(PushOutcome::default());
    }
    let path = format!("/v1/payment_intents/{order_ref}");
    let pi: PaymentIntent = client.post(&path, &metadata, &format!("{key}:metadata"))?;
    if cancel
        && matches!(
            pi.status,
            IntentStatus::RequiresPaymentMethod
                | IntentStatus::RequiresConfirmation
                | IntentStatus::RequiresAction
                | IntentStatus::RequiresCapture
        )
    {
        client.post::<PaymentIntent>(
            &format!("{path}/cancel"),
            &Form::new(),
            &format!("{key}:cancel"),
        )?;
    }
    Ok(PushOutcome {
        provider_ref: Some(order_ref.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_ids_come_from_skus() {
        assert_eq!(product_id("TEE-BLK_M"), "sku_TEE-BLK_M");
        assert!(product_id("tee/black m").starts_with("skuh_"));
        assert_ne!(product_id("a b"), product_id("a_b"));
    }

    #[test]
    fn stock_metadata_is_the_count_or_untracked() {
        assert_eq!(stock_metadata(Some(7)), "7");
        assert_eq!(stock_metadata(Some(-2)), "-2");
        assert_eq!(stock_metadata(None), "untracked");
    }
}
