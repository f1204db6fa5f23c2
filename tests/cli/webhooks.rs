//! The provider's webhooks through the real binary: `shopctl serve` on a free port, deliveries
//! signed as Stripe and Razorpay sign them (and badly: a changed body, a wrong secret, an old
//! timestamp, no signature), stored raw in the inbox and then turned into the pull `sync` runs
//! for the event's resource, against the Razorpay double and localstripe behind the Stripe
//! double.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};
use shopctl::provider::razorpay::webhook as rzp_webhook;
use shopctl::provider::stripe::webhook as stripe_webhook;

use crate::razorpay::double::{Double as RzpDouble, NOW};
use crate::razorpay::{CATALOG, KEY_ID, KEY_SECRET, WHATSAPP_ORDER, razorpay_shop};
use crate::serve::Serving;
use crate::stripe::double::Double as StripeDouble;
use crate::stripe::localstripe::{KEY, LocalStripe};
use crate::stripe::stripe_shop;
use crate::support::TestShop;

const RZP_SECRET: &str = "rzp_webhook_secret_for_tests";
const STRIPE_SECRET: &str = "whsec_test_secret_for_tests";

fn inbox(shop: &TestShop) -> Vec<Value> {
    shop.json(&["inbox", "list"]).as_array().unwrap().clone()
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

/// A Razorpay event as its webhook payloads look (razorpay.com/docs/webhooks/payloads).
fn rzp_event(event: &str, entity: &str, object: Value) -> Vec<u8> {
    json!({"entity": "event", "account_id": "acc_Double", "event": event,
        "contains": [entity], "payload": {entity: {"entity": object}},
        "created_at": NOW - 60})
    .to_string()
    .into_bytes()
}

#[test]
fn razorpay_events_pull_what_they_name_and_bad_ones_are_refused() {
    let d = RzpDouble::start(KEY_ID, KEY_SECRET);
    let mut shop = razorpay_shop(&d);
    shop.env
        .push(("RZP_WEBHOOK_SECRET".into(), RZP_SECRET.into()));
    shop.run(&[
        "provider",
        "set",
        "razorpay",
        "--webhook-secret-env",
        "RZP_WEBHOOK_SECRET",
    ])
    .ok();
    std::fs::write(shop.path("catalog.csv"), CATALOG).unwrap();
    shop.run(&["catalog", "import", "catalog.csv"]).ok();
    std::fs::write(shop.path("order.json"), WHATSAPP_ORDER).unwrap();
    let wa = shop.json(&["orders", "import", "order.json"])["orders"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let serving = Serving::start(&shop, &[]);
    assert!(
        serving.log().contains("POST /webhooks/razorpay"),
        "{}",
        serving.log()
    );

    // The customer pays; Razorpay says so. The event is a hint: the payment is pulled.
    let pay = d.pay(194700, "upi", json!({"order_ref": wa}), None);
    let body = rzp_event("payment.captured", "payment", d.payment(&pay));
    let sig = rzp_webhook::sign(&secret(RZP_SECRET), &body);
    let headers = [
        ("X-Razorpay-Signature", sig.as_str()),
        ("X-Razorpay-Event-Id", "evt_DoubleCaptured1"),
    ];
    assert_eq!(serving.post("/webhooks/razorpay", &body, &headers), 200);
    serving.wait_for("razorpay payment.captured: pulled orders (1 changed order, 1 new payment)");
    let order = shop.json(&["orders", "show", &wa]);
    assert_eq!(order["payment_status"], "captured", "{order:#}");
    assert_eq!(inbox(&shop)[0]["status"], "processed");
    let payments_listed =
        |d: &RzpDouble| d.seen().iter().filter(|s| s.path == "/v1/payments").count();
    let listed = payments_listed(&d);

    // Razorpay's retry of the same event: kept once, nothing pulled again.
    assert_eq!(serving.post("/webhooks/razorpay", &body, &headers), 200);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(inbox(&shop).len(), 1);
    assert_eq!(payments_listed(&d), listed);

    // Refused with 401, and nothing stored: a changed body, a wrong secret, no signature.
    let before = shop.snapshot();
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("194700", "1947");
    let wrong = rzp_webhook::sign(&secret("another_secret"), &body);
    for (what, body, sig) in [
        ("tampered", tampered.as_bytes(), Some(sig.as_str())),
        ("wrong secret", &body[..], Some(wrong.as_str())),
        ("unsigned", &body[..], None),
    ] {
        let mut h = vec![("X-Razorpay-Event-Id", "evt_DoubleForged")];
        if let Some(s) = sig {
            h.push(("X-Razorpay-Signature", s));
        }
        assert_eq!(serving.post("/webhooks/razorpay", body, &h), 401, "{what}");
    }
    assert_eq!(
        shop.snapshot(),
        before,
        "a refused delivery changed the shop"
    );

    // Signed but unreadable: stored (it was Razorpay's), then failed with the reason, kept.
    let junk = b"not an event";
    let sig = rzp_webhook::sign(&secret(RZP_SECRET), junk);
    let headers = [
        ("X-Razorpay-Signature", sig.as_str()),
        ("X-Razorpay-Event-Id", "evt_DoubleJunk"),
    ];
    assert_eq!(serving.post("/webhooks/razorpay", junk, &headers), 200);
    serving.wait_for("failed: the body is not JSON");
    let failed = shop.json(&["inbox", "list", "--failed"]);
    assert_eq!(failed.as_array().unwrap().len(), 1, "{failed:#}");
    assert_eq!(failed[0]["source"], "razorpay");

    // A refund, then Razorpay's settlement: each event pulls its own resource.
    shop.run(&["refunds", "create", &wa, "--amount", "349.00"])
        .ok();
    d.settle(NOW - 3600, 0);
    let settled = rzp_event(
        "settlement.processed",
        "settlement",
        json!({"id": "setl_x", "entity": "settlement"}),
    );
    let sig = rzp_webhook::sign(&secret(RZP_SECRET), &settled);
    let headers = [
        ("X-Razorpay-Signature", sig.as_str()),
        ("X-Razorpay-Event-Id", "evt_DoubleSettled1"),
    ];
    assert_eq!(serving.post("/webhooks/razorpay", &settled, &headers), 200);
    serving.wait_for(
        "razorpay settlement.processed: pulled payouts (1 new payout, 2 new transactions)",
    );
    assert_eq!(shop.json(&["payouts", "list"]).as_array().unwrap().len(), 1);
    shop.run(&["payouts", "reconcile"]).ok();
}

#[test]
fn stripe_events_are_verified_with_their_timestamp_and_pull_what_they_name() {
    let ls = LocalStripe::start();
    let d = StripeDouble::start(Some(&ls.base), KEY);
    let mut shop = stripe_shop(&d);
    shop.env
        .push(("STRIPE_WEBHOOK_SECRET".into(), STRIPE_SECRET.into()));
    shop.run(&[
        "provider",
        "set",
        "stripe",
        "--webhook-secret-env",
        "STRIPE_WEBHOOK_SECRET",
    ])
    .ok();
    let webhook = std::fs::read_to_string(crate::support::fixture("orders/webhook_order.json"))
        .unwrap()
        .replace("SGD", "EUR");
    std::fs::write(shop.path("webhook.json"), webhook).unwrap();
    let wa = shop.json(&["orders", "import", "webhook.json"])["orders"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let serving = Serving::start(&shop, &[]);

    let pi = ls.pay(6050, "eur", &[("order_ref", wa.as_str())]);
    let body = json!({"id": "evt_1DoubleSucceeded", "object": "event",
        "type": "payment_intent.succeeded", "data": {"object": pi}})
    .to_string();
    let s = secret(STRIPE_SECRET);
    let at = NOW; // the tests' SHOPCTL_NOW, which serve's clock reads
    let header = stripe_webhook::sign(&s, at, body.as_bytes());

    // Refused with 401 and nothing stored: old (a replay after 300 s), changed, wrong secret,
    // unsigned.
    let before = shop.snapshot();
    let old = stripe_webhook::sign(&s, at - 301, body.as_bytes());
    let wrong = stripe_webhook::sign(&secret("whsec_other"), at, body.as_bytes());
    let changed = body.replace("6050", "6051");
    for (what, b, h) in [
        ("old", body.as_str(), Some(old.as_str())),
        ("changed", changed.as_str(), Some(header.as_str())),
        ("wrong secret", body.as_str(), Some(wrong.as_str())),
        ("unsigned", body.as_str(), None),
    ] {
        let headers: Vec<(&str, &str)> = h.map(|h| ("Stripe-Signature", h)).into_iter().collect();
        assert_eq!(
            serving.post("/webhooks/stripe", b.as_bytes(), &headers),
            401,
            "{what}"
        );
    }
    assert_eq!(
        shop.snapshot(),
        before,
        "a refused delivery changed the shop"
    );
    assert!(serving.log().contains("301 s old"), "{}", serving.log());

    // Signed now: stored, then the PaymentIntent is pulled and settles the order.
    let ok = [("Stripe-Signature", header.as_str())];
    assert_eq!(serving.post("/webhooks/stripe", body.as_bytes(), &ok), 200);
    serving.wait_for(
        "stripe payment_intent.succeeded: pulled orders (1 changed order, 1 new payment)",
    );
    assert_eq!(
        shop.json(&["orders", "show", &wa])["payment_status"],
        "captured"
    );
    // A replay within the window: the same event id, kept once.
    assert_eq!(serving.post("/webhooks/stripe", body.as_bytes(), &ok), 200);
    std::thread::sleep(Duration::from_millis(300));
    let kept = inbox(&shop);
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["source"], "stripe");
}
