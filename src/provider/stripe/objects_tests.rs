//! Parsing Stripe's objects: shapes from Stripe's API reference parse, and a missing field is
//! an error that names the object and the field.

use serde_json::{Value, json};

use super::*;

/// "The PaymentIntent object" as the API reference shows it (2024-06-20), trimmed of fields
/// that only add length; several fields shopctl does not read are kept to show they are
/// ignored.
fn intent() -> Value {
    json!({
        "id": "pi_123", "object": "payment_intent", "amount": 2000,
        "amount_capturable": 0, "amount_received": 2000, "application": null,
        "automatic_payment_methods": {"enabled": true}, "capture_method": "automatic",
        "client_secret": "pi_123_secret_456", "confirmation_method": "automatic",
        "created": 1680800504, "currency": "sgd", "customer": null, "description": null,
        "last_payment_error": null, "latest_charge": "ch_1", "livemode": false,
        "metadata": {"order_ref": "O-1", "cleared": ""}, "next_action": null,
        "payment_method": null, "payment_method_types": ["card", "paynow"],
        "shipping": null, "status": "succeeded"
    })
}

fn err<T: Object + std::fmt::Debug>(value: Value) -> String {
    parse::<T>(value).unwrap_err().to_string()
}

#[test]
fn a_payment_intent_in_the_reference_shape_parses() {
    let pi: PaymentIntent = parse(intent()).unwrap();
    assert_eq!(pi.id, "pi_123");
    assert_eq!((pi.amount, pi.currency.as_str()), (2000, "sgd"));
    assert_eq!(pi.status, IntentStatus::Succeeded);
    assert_eq!(pi.metadata.get("order_ref"), Some("O-1"));
    assert_eq!(
        pi.metadata.get("cleared"),
        None,
        "an empty value reads as absent"
    );
    assert_eq!(pi.latest_charge, Some(Expandable::Id("ch_1".into())));
    assert_eq!(pi.payment_method, None);
    assert_eq!(pi.last_payment_error, None);
    assert_eq!(pi.payment_method_types, ["card", "paynow"]);
}

#[test]
fn a_missing_or_null_field_is_named_with_its_object() {
    for amount in [None, Some(Value::Null)] {
        let mut v = intent();
        match amount {
            None => v.as_object_mut().unwrap().remove("amount"),
            Some(null) => v.as_object_mut().unwrap().insert("amount".into(), null),
        };
        assert_eq!(
            err::<PaymentIntent>(v),
            "Stripe's PaymentIntent pi_123 has no `amount`"
        );
    }
    let mut v = intent();
    v.as_object_mut().unwrap().remove("id");
    assert_eq!(
        err::<PaymentIntent>(v),
        "a PaymentIntent from Stripe has no `id`"
    );

    let payout = json!({"id": "po_1", "object": "payout", "amount": 100, "currency": "eur",
        "status": "paid", "created": 1680800504});
    assert_eq!(
        err::<Payout>(payout),
        "Stripe's Payout po_1 has no `arrival_date`"
    );
    let txn = json!({"id": "txn_1", "amount": 100, "fee": 3, "currency": "eur",
        "type": "charge", "reporting_category": "charge", "created": 1680800504});
    assert_eq!(
        err::<BalanceTransaction>(txn),
        "Stripe's balance transaction txn_1 has no `net`"
    );
    let pmc = json!({"id": "pmc_1", "object": "payment_method_configuration", "active": true});
    assert_eq!(
        err::<PaymentMethodConfiguration>(pmc),
        "Stripe's payment method configuration pmc_1 has no `is_default`"
    );
}

#[test]
fn a_field_missing_inside_an_expanded_object_is_that_objects() {
    let mut v = intent();
    v["latest_charge"] = json!({"id": "ch_1", "object": "charge", "amount": 2000});
    assert_eq!(
        err::<PaymentIntent>(v),
        "Stripe's PaymentIntent pi_123 holds a Charge ch_1 that has no `amount_refunded`"
    );

    // Two levels down: a balance transaction's charge's PaymentIntent.
    let txn = json!({"id": "txn_1", "amount": 100, "fee": 3, "net": 97, "currency": "eur",
        "type": "charge", "reporting_category": "charge", "created": 1680800504,
        "source": {"id": "ch_1", "object": "charge",
                   "payment_intent": {"id": "pi_9", "object": "payment_intent"}}});
    assert_eq!(
        err::<BalanceTransaction>(txn),
        "Stripe's balance transaction txn_1 holds a balance transaction source ch_1 that \
         holds a PaymentIntent pi_9 that has no `amount`"
    );

    let item = json!({"id": "li_1", "object": "item", "quantity": 2,
        "price": {"id": "price_1", "object": "price", "unit_amount": 1000, "product": "prod_1"}});
    assert_eq!(
        err::<LineItem>(item),
        "Stripe's line item li_1 holds a Price price_1 that has no `currency`"
    );
}

#[test]
fn expandable_fields_take_an_id_or_the_object() {
    let txn = |source: Value| {
        parse::<BalanceTransaction>(json!({"id": "txn_1", "amount": -500, "fee": 0,
            "net": -500, "currency": "eur", "type": "refund", "reporting_category": "refund",
            "description": null, "created": 1680800504, "source": source}))
        .unwrap()
    };
    let by_id = txn(json!("re_1"));
    assert_eq!(by_id.source.as_ref().map(Expandable::id), Some("re_1"));
    assert_eq!(by_id.description, None);
    let expanded = txn(json!({"id": "ch_1", "object": "charge", "payment_intent": "pi_1"}));
    let source = expanded
        .source
        .as_ref()
        .and_then(Expandable::object)
        .unwrap();
    assert_eq!(
        source.payment_intent.as_ref().map(Expandable::id),
        Some("pi_1")
    );
    assert_eq!(txn(Value::Null).source, None);
    assert!(
        parse::<BalanceTransaction>(json!({"id": "txn_1", "amount": 1, "fee": 0, "net": 1,
            "currency": "eur", "type": "charge", "reporting_category": "charge",
            "created": 1, "source": 7}))
        .unwrap_err()
        .to_string()
        .contains("expected the id of a balance transaction source or the object")
    );
}

#[test]
fn new_statuses_and_unknown_fields_do_not_fail_a_parse() {
    let mut v = intent();
    v["status"] = json!("a_status_from_a_later_version");
    v["a_field_from_a_later_version"] = json!({"x": 1});
    assert_eq!(
        parse::<PaymentIntent>(v).unwrap().status,
        IntentStatus::Other
    );
    let refund = json!({"id": "re_1", "amount": 100, "currency": "eur", "status": null,
        "created": 1, "metadata": null, "payment_intent": "pi_1", "charge": "ch_1"});
    let r: Refund = parse(refund).unwrap();
    assert_eq!(r.status, None);
    assert_eq!(r.metadata, Metadata::default());
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    let mut v = intent();
    v["amount"] = json!("20.00");
    let e = err::<PaymentIntent>(v);
    assert!(
        e.starts_with("Stripe's PaymentIntent pi_123 cannot be read: invalid type: string"),
        "{e}"
    );
}

#[test]
fn a_checkout_session_may_leave_out_its_total_until_it_is_needed() {
    let cs: CheckoutSession = parse(json!({"id": "cs_1", "object": "checkout.session",
        "created": 1, "status": "open", "payment_status": "unpaid", "amount_total": null,
        "currency": null, "payment_intent": null, "metadata": null, "customer_details": null}))
    .unwrap();
    assert_eq!(cs.status, Some(SessionStatus::Open));
    assert_eq!(cs.amount_total, None);
    assert_eq!(
        missing(CheckoutSession::KIND, &cs.id, "amount_total").to_string(),
        "Stripe's Checkout Session cs_1 has no `amount_total`"
    );
}

#[test]
fn list_pages_and_error_bodies() {
    let page: List = parse_as(
        "list",
        json!({"object": "list", "url": "/v1/refunds",
        "has_more": false, "data": [{"id": "re_1"}]}),
    )
    .unwrap();
    assert_eq!(page.data.len(), 1);
    assert!(!page.has_more);
    assert_eq!(
        parse_as::<List>("list", json!({"object": "list", "has_more": false}))
            .unwrap_err()
            .to_string(),
        "a list from Stripe has no `data`"
    );
    let body: ErrorBody = parse_as(
        "error",
        json!({"error": {"type": "card_error",
        "code": "card_declined", "message": null}}),
    )
    .unwrap();
    assert_eq!(body.error.kind.as_deref(), Some("card_error"));
    assert_eq!(body.error.message, None);
    let odd: ErrorBody = parse_as(
        "error",
        json!({"error": {"type": "invalid_request_error",
        "code": 404, "param": ["id"], "message": "No such product"}}),
    )
    .unwrap();
    assert_eq!(odd.error.message.as_deref(), Some("No such product"));
    assert_eq!((odd.error.code, odd.error.param), (None, None));
}
