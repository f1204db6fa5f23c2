//! Orders from Stripe's objects: `lines` metadata, PaymentIntents and Checkout Sessions.

use serde_json::{Value, json};

use super::*;
use crate::money::{Currency, Money};

fn cur(c: &str) -> Currency {
    Currency::from_code(c).unwrap()
}

fn intent(metadata: Value) -> PaymentIntent {
    objects::parse(json!({
        "id": "pi_1", "object": "payment_intent", "amount": 3500, "currency": "sgd",
        "status": "succeeded", "created": 1680800504, "metadata": metadata,
        "payment_method": {"id": "pm_1", "object": "payment_method", "type": "paynow"},
        "shipping": {"name": "Mei Tan", "phone": "+6591234567", "address": {"country": "SG"}}
    }))
    .unwrap()
}

#[test]
fn an_intent_that_names_its_order_is_one() {
    let o = order_from_intent(&intent(json!({"lines": "TEE:2@10.00,CAP:1"})))
        .unwrap()
        .unwrap();
    assert_eq!(o.provider_ref, "pi_1");
    assert_eq!(o.order_ref, None);
    assert_eq!(o.total, Money::new(3500, cur("SGD")));
    assert_eq!(o.lines.len(), 2);
    // No customer in metadata: what Stripe collected for shipping.
    assert_eq!(
        (o.customer_phone.as_str(), o.customer_name.as_str()),
        ("+6591234567", "Mei Tan")
    );
    assert_eq!(o.payments[0].method, "paynow");
    assert_eq!(o.payments[0].state, PaymentState::Captured);

    let o = order_from_intent(&intent(json!({"order_ref": "O-7", "customer_name": "Mei"})))
        .unwrap()
        .unwrap();
    assert_eq!(o.order_ref.as_deref(), Some("O-7"));
    assert!(o.lines.is_empty());
    assert_eq!(o.customer_name, "Mei");

    assert_eq!(
        order_from_intent(&intent(json!({"order_ref": ""}))).unwrap(),
        None
    );
    let err = order_from_intent(&intent(json!({"lines": "TEE:2,CAP:1"})))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("PaymentIntent pi_1 has metadata lines"),
        "{err}"
    );
}

#[test]
fn a_failed_attempt_is_a_failed_payment() {
    let mut pi = intent(json!({"order_ref": "O-1"}));
    pi.status = IntentStatus::RequiresPaymentMethod;
    assert_eq!(remote_payment(&pi).unwrap().state, PaymentState::Pending);
    pi.last_payment_error = Some(objects::ApiError::default());
    assert_eq!(remote_payment(&pi).unwrap().state, PaymentState::Failed);
    pi.payment_method = Some(Expandable::Id("pm_1".into()));
    pi.payment_method_types = vec!["pix".into()];
    assert_eq!(remote_payment(&pi).unwrap().method, "pix");
}

fn session(extra: Value) -> CheckoutSession {
    let mut v = json!({"id": "cs_1", "object": "checkout.session", "created": 1680800504,
        "status": "complete", "payment_status": "paid", "amount_total": 2000,
        "currency": "sgd", "payment_intent": null, "metadata": {},
        "customer_details": {"name": "Arun", "phone": "+6598765432", "email": null}});
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    objects::parse(v).unwrap()
}

fn item(product: Value, unit_amount: Value) -> LineItem {
    objects::parse(json!({"id": "li_1", "object": "item", "quantity": 2,
        "price": {"id": "price_1", "object": "price", "currency": "sgd",
                  "unit_amount": unit_amount, "product": product}}))
    .unwrap()
}

#[test]
fn a_complete_session_is_an_order_of_its_line_items() {
    let product = json!({"id": "sku_TEE", "object": "product", "metadata": {"sku": "TEE"}});
    let o = order_from_session(
        &session(json!({})),
        "cs_1",
        &[item(product, json!(1000))],
        None,
    )
    .unwrap();
    assert_eq!((o.lines[0].sku.as_str(), o.lines[0].quantity), ("TEE", 2));
    assert_eq!(o.lines[0].unit_price, Money::new(1000, cur("SGD")));
    assert_eq!(o.customer_name, "Arun");
    assert_eq!(o.payments[0].provider_ref, "cs_1");
    assert_eq!(o.payments[0].state, PaymentState::Captured);

    let unpaid = session(json!({"payment_status": "unpaid"}));
    let o = order_from_session(&unpaid, "cs_1", &[], None).unwrap();
    assert_eq!(o.payments[0].state, PaymentState::Pending);
}

#[test]
fn a_session_without_what_an_order_needs_says_which_field() {
    let product = json!({"id": "sku_TEE", "object": "product", "metadata": {"sku": "TEE"}});
    let no_total = session(json!({"amount_total": null}));
    assert_eq!(
        order_from_session(&no_total, "cs_1", &[], None)
            .unwrap_err()
            .to_string(),
        "Stripe's Checkout Session cs_1 has no `amount_total`"
    );
    let custom_price = item(product, Value::Null);
    assert_eq!(
        order_from_session(&session(json!({})), "cs_1", &[custom_price], None)
            .unwrap_err()
            .to_string(),
        "Stripe's Price price_1 has no `unit_amount`"
    );
    let unexpanded = item(json!("prod_1"), json!(1000));
    let err = order_from_session(&session(json!({})), "cs_1", &[unexpanded], None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sells product prod_1 which has no metadata sku"),
        "{err}"
    );
}
