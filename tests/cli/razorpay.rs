//! The Razorpay adapter and `provider set razorpay`, tested against the stateful test double in
//! tests/razorpay/double.rs (there is no Razorpay server to run locally): the adapter on its
//! own, then the whole Indian flow through the real binary.

#[path = "../razorpay/double.rs"]
pub(crate) mod double;

use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};
use shopctl::model::{PaymentAsk, PaymentState, RefundRequest, RefundState, TxnKind};
use shopctl::money::{Currency, Money};
use shopctl::provider::http::RetryPolicy;
use shopctl::provider::razorpay::{Razorpay, RazorpayConfig};
use shopctl::provider::{Provider, ProviderError};

use crate::support::{Run, TestShop};
use double::{Double, Fault, NOW};

pub(crate) const KEY_ID: &str = "rzp_test_DoubleKeyId42";
pub(crate) const KEY_SECRET: &str = "double_secret_do_not_print_9f8e";

fn inr(paise: i64) -> Money {
    Money::new(paise, Currency::from_code("INR").unwrap())
}

fn adapter(d: &Double) -> Razorpay {
    adapter_with(d, KEY_ID, KEY_SECRET)
}

fn adapter_with(d: &Double, id: &str, secret: &str) -> Razorpay {
    Razorpay::new(RazorpayConfig {
        api_base: d.base.clone(),
        key_id: SecretString::from(id.to_owned()),
        key_secret: SecretString::from(secret.to_owned()),
        retry: RetryPolicy {
            base: Duration::from_millis(5),
            max_retries: 3,
            max_total_delay: Duration::from_secs(2),
        },
        timeout: Duration::from_secs(10),
    })
}

fn refund(key: &str, payment: &str, paise: i64) -> RefundRequest {
    RefundRequest {
        idempotency_key: key.into(),
        payment_ref: payment.into(),
        amount: inr(paise),
        reason: "test".into(),
    }
}

fn posts(d: &Double, path: &str) -> Vec<double::Seen> {
    d.seen()
        .into_iter()
        .filter(|s| s.method == "POST" && s.path == path)
        .collect()
}

// ---- the adapter against the double ------------------------------------------------------

#[test]
fn payments_that_name_their_order_become_orders_page_by_page() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let mut rzp = adapter(&d);
    let wa = d.pay(194700, "upi", json!({"order_ref": "1001"}), None);
    d.pay(
        129800,
        "card",
        json!({"lines": "KURTA-M:1@799.00,CHAI-250:1", "customer_name": "Asha"}),
        None,
    );
    let failed = d.fail_payment(50000, "upi", json!({"order_ref": "1002"}));
    // 120 payments that are not the shop's: two pages of the collection.
    for _ in 0..120 {
        d.pay(1000, "card", json!({}), None);
    }
    let pulled = rzp.pull_orders(None).unwrap();
    assert_eq!(pulled.items.len(), 3, "{:#?}", pulled.items);
    let by = |r: &str| pulled.items.iter().find(|o| o.provider_ref == r).unwrap();
    assert_eq!(by(&wa).order_ref.as_deref(), Some("1001"));
    assert_eq!(by(&wa).payments[0].method, "upi");
    assert_eq!(by(&wa).total, inr(194700));
    assert_eq!(by(&failed).payments[0].state, PaymentState::Failed);
    let skips: Vec<String> = d
        .seen()
        .iter()
        .filter(|s| s.path == "/v1/payments")
        .map(|s| {
            s.query
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
        .collect();
    assert_eq!(skips, ["count=100&skip=0", "count=100&skip=100"]);
    // The cursor is the newest payment; the next pull lists from a day before it.
    let cursor = pulled.next_cursor.unwrap();
    rzp.pull_orders(Some(&cursor)).unwrap();
    let last = d.seen().last().unwrap().clone();
    let from: i64 = cursor.parse::<i64>().unwrap() - 86_400;
    assert_eq!(last.query[0], ("from".to_owned(), from.to_string()));
    assert!(d.seen().iter().all(|s| s.authorized));
}

#[test]
fn a_payment_request_makes_one_razorpay_order_per_attempt() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let mut rzp = adapter(&d);
    let ask = PaymentAsk {
        order_ref: "1002".into(),
        attempt: 1,
        amount: inr(129800),
    };
    // The answer is lost after Razorpay made the order: the retry finds it by its receipt.
    d.fail_next("POST", "/v1/orders", Fault::StatusAfter(502));
    let first = rzp.prepare_payment(&ask).unwrap().unwrap();
    let again = rzp.prepare_payment(&ask).unwrap().unwrap();
    assert_eq!(first, again);
    assert_eq!(first.receipt, "1002");
    assert_eq!(d.orders().len(), 1, "{:#?}", d.orders());
    assert_eq!(d.orders()[0]["notes"]["order_ref"], "1002");
    let second = rzp
        .prepare_payment(&PaymentAsk {
            attempt: 2,
            ..ask.clone()
        })
        .unwrap()
        .unwrap();
    assert_eq!(second.receipt, "1002-2");
    assert_ne!(second.provider_ref, first.provider_ref);
    // The order's total changed since the first attempt: refused, not a stale order.
    let err = rzp
        .prepare_payment(&PaymentAsk {
            amount: inr(100000),
            ..ask
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("ask again with the next attempt"),
        "{err}"
    );

    // A payment against the order, with no notes of its own, settles shop order 1002.
    let pay = d.pay(129800, "upi", json!({}), Some(&first.provider_ref));
    let pulled = rzp.pull_orders(None).unwrap();
    assert_eq!(pulled.items.len(), 1);
    assert_eq!(pulled.items[0].provider_ref, pay);
    assert_eq!(pulled.items[0].order_ref.as_deref(), Some("1002"));
}

#[test]
fn refunds_follow_razorpays_idempotency_and_are_never_made_twice() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let mut rzp = adapter(&d);
    let pay = d.pay(194700, "upi", json!({"order_ref": "1001"}), None);
    let path = format!("/v1/payments/{pay}/refund");

    // A 500 after the refund was made: the retry looks first and finds it.
    d.fail_next("POST", &path, Fault::StatusAfter(500));
    let r = rzp
        .create_refund(&refund("shopctl-refund-1001-a", &pay, 34900))
        .unwrap();
    assert_eq!((r.amount, r.state), (inr(34900), RefundState::Succeeded));
    assert_eq!(r.idempotency_key.as_deref(), Some("shopctl-refund-1001-a"));
    assert_eq!(posts(&d, &path).len(), 1, "posted again after the 500");
    assert_eq!(d.refunds_of(&pay).len(), 1);

    // 409 (the first request still in flight) then 200: retried with the same key, one refund.
    d.fail_next("POST", &path, Fault::Status(409));
    rzp.create_refund(&refund("shopctl-refund-1001-b", &pay, 10000))
        .unwrap();
    let calls = posts(&d, &path);
    assert_eq!(
        calls[1..]
            .iter()
            .map(|s| (s.status, s.idempotency_key.as_deref()))
            .collect::<Vec<_>>(),
        [
            (409, Some("shopctl-refund-1001-b")),
            (200, Some("shopctl-refund-1001-b"))
        ]
    );
    assert_eq!(d.refunds_of(&pay).len(), 2);

    // 409 every time: a transient failure (the refund stays pending in the shop), not a refusal.
    for _ in 0..10 {
        d.fail_next("POST", &path, Fault::Status(409));
    }
    let err = rzp
        .create_refund(&refund("shopctl-refund-1001-c", &pay, 5000))
        .unwrap_err();
    assert!(matches!(err, ProviderError::Transient(_)), "{err}");
    assert!(err.to_string().contains("HTTP 409"), "{err}");
    d.clear_faults();

    // The same call again (the next sync): made once.
    rzp.create_refund(&refund("shopctl-refund-1001-c", &pay, 5000))
        .unwrap();
    rzp.create_refund(&refund("shopctl-refund-1001-c", &pay, 5000))
        .unwrap();
    assert_eq!(d.refunds_of(&pay).len(), 3);

    // A key already used for another amount is not a second refund: an error that leaves the
    // shop's refund waiting for a person.
    let err = rzp
        .create_refund(&refund("shopctl-refund-1001-c", &pay, 7000))
        .unwrap_err();
    assert!(matches!(err, ProviderError::Other(_)), "{err}");
    assert!(err.to_string().contains("not 70.00 INR"), "{err}");
    assert_eq!(d.refunds_of(&pay).len(), 3);

    // More than is left: Razorpay refuses (400), which fails the refund.
    let err = rzp
        .create_refund(&refund("shopctl-refund-1001-d", &pay, 194700))
        .unwrap_err();
    assert!(matches!(err, ProviderError::Rejected(_)), "{err}");
    assert!(
        err.to_string().contains("greater than amount captured"),
        "{err}"
    );

    // Pulled back with their keys, so a pending refund in the shop is matched.
    let pulled = rzp.pull_refunds(None).unwrap();
    assert_eq!(pulled.items.len(), 3);
    assert!(pulled.items.iter().all(|r| r.payment_ref == pay));
}

#[test]
fn the_double_refuses_a_key_with_another_body_as_razorpay_does() {
    // shopctl never sends that (it looks for the key's refund first), so the rule is shown on
    // the double itself: a plain client with Razorpay's headers.
    let d = Double::start(KEY_ID, KEY_SECRET);
    let pay = d.pay(50000, "card", json!({}), None);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let auth = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{KEY_ID}:{KEY_SECRET}")
        )
    );
    let post = |body: Value, key: &str| {
        let mut r = agent
            .post(format!("{}/v1/payments/{pay}/refund", d.base))
            .header("Authorization", &auth)
            .header("X-Refund-Idempotency", key)
            .content_type("application/json")
            .send(body.to_string())
            .unwrap();
        let status = r.status().as_u16();
        let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        (status, v)
    };
    let (s1, r1) = post(json!({"amount": 10000}), "same-key-0001");
    let (s2, r2) = post(json!({"amount": 10000}), "same-key-0001");
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(r1["id"], r2["id"], "the same key and body: the same refund");
    let (s3, e3) = post(json!({"amount": 20000}), "same-key-0001");
    assert_eq!(s3, 400);
    assert_eq!(e3["error"]["code"], "BAD_REQUEST_ERROR");
    let (s4, _) = post(json!({"amount": 10000}), "short");
    assert_eq!(s4, 400, "a key under 10 characters");
    assert_eq!(d.refunds_of(&pay).len(), 1);
}

#[test]
fn settlements_are_payouts_with_the_fee_and_its_gst() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let mut rzp = adapter(&d);
    let pay = d.pay(194700, "upi", json!({"order_ref": "1001"}), None);
    let r = rzp
        .create_refund(&refund("shopctl-refund-1001-a", &pay, 34900))
        .unwrap();
    // Settled at 01:30 in India on the 20th (still the 19th in UTC).
    let setl = d.settle(NOW - 13 * 3600, 0);
    let payouts = rzp.pull_payouts(None).unwrap();
    assert_eq!(payouts.items.len(), 1);
    let (fee, gst) = double::fee_of(194700);
    assert_eq!((fee, gst), (4595, 701), "2% = 38.94 + 18% GST 7.01");
    assert_eq!(payouts.items[0].amount, inr(194700 - fee - 34900));
    let txns = rzp.payout_transactions(&setl).unwrap();
    assert_eq!(txns.len(), 2, "{txns:#?}");
    let of = |kind| txns.iter().find(|t| t.kind == kind).unwrap();
    let charge = of(TxnKind::Charge);
    assert_eq!(charge.source_ref, pay);
    assert_eq!(
        (charge.gross, charge.fee, charge.net),
        (inr(194700), inr(fee), inr(194700 - fee))
    );
    assert_eq!(
        charge.description,
        "Razorpay fee 45.95 incl. GST 7.01 (payment)"
    );
    let back = of(TxnKind::Refund);
    assert_eq!(
        (back.source_ref.as_str(), back.net),
        (r.provider_ref.as_str(), inr(-34900))
    );
    let recon: Vec<_> = d
        .seen()
        .into_iter()
        .filter(|s| s.path == "/v1/settlements/recon/combined")
        .collect();
    assert_eq!(recon.len(), 1, "found on its Indian day: {recon:?}");
    assert!(
        recon[0]
            .query
            .contains(&("day".to_owned(), "20".to_owned())),
        "{:?}",
        recon[0]
    );
}

#[test]
fn retries_are_bounded_and_a_wrong_key_is_said_without_the_key() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let mut rzp = adapter(&d);
    for _ in 0..10 {
        d.fail_next("GET", "/v1/settlements", Fault::Status(503));
    }
    let err = rzp.pull_payouts(None).unwrap_err();
    assert!(matches!(err, ProviderError::Transient(_)), "{err}");
    assert!(
        err.to_string().contains("HTTP 503 on GET /v1/settlements"),
        "{err}"
    );
    assert!(
        err.to_string().contains("gave up after 4 attempts"),
        "{err}"
    );
    d.clear_faults();
    d.fail_next("GET", "/v1/payments", Fault::Drop);
    assert!(
        rzp.pull_orders(None).is_ok(),
        "a dropped connection is retried"
    );

    let wrong = "wrong_secret_0000_zzzz";
    let mut bad = adapter_with(&d, KEY_ID, wrong);
    let before = d.seen().len();
    let err = bad.pull_refunds(None).unwrap_err();
    assert!(matches!(err, ProviderError::Auth(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("Authentication failed") && text.contains("HTTP 401"),
        "{text}"
    );
    assert!(!text.contains(wrong) && !text.contains(KEY_ID), "{text}");
    assert_eq!(d.seen().len(), before + 1, "an auth failure is not retried");
}

// ---- provider set razorpay ---------------------------------------------------------------

fn indian_shop() -> TestShop {
    let mut shop = TestShop::empty();
    shop.run(&["init", "--name", "Chai Corner", "--country", "IN"])
        .ok();
    shop.env.push(("RZP_KEY_ID".into(), KEY_ID.into()));
    shop.env.push(("RZP_KEY_SECRET".into(), KEY_SECRET.into()));
    shop
}

fn assert_no_secret(shop: &TestShop, run: &Run) {
    for secret in [KEY_ID, KEY_SECRET] {
        shop.assert_secret_nowhere(run, secret);
    }
}

#[test]
fn provider_set_razorpay_names_the_variables_and_never_shows_the_keys() {
    let shop = indian_shop();
    let run = shop
        .run(&[
            "--format",
            "json",
            "-v",
            "provider",
            "set",
            "razorpay",
            "--key-id-env",
            "RZP_KEY_ID",
            "--key-secret-env",
            "RZP_KEY_SECRET",
            "--webhook-secret-env",
            "RZP_WEBHOOK_SECRET",
        ])
        .ok();
    assert_no_secret(&shop, &run);
    let doc = run.json();
    assert_eq!(doc["provider"], "razorpay");
    assert_eq!(doc["api_base"], "https://api.razorpay.com");
    assert_eq!(
        (doc["api_key_source"].as_str(), doc["api_key_from"].as_str()),
        (Some("env"), Some("RZP_KEY_ID"))
    );
    assert_eq!(doc["api_secret_from"], "RZP_KEY_SECRET");
    assert_eq!(doc["api_key_available"], true);
    assert_eq!(doc["webhook_secret_from"], "RZP_WEBHOOK_SECRET");
    assert_eq!(doc["account"], Value::Null);
    for args in [
        &["-v", "provider", "show"][..],
        &["--format", "csv", "provider", "show"],
    ] {
        assert_no_secret(&shop, &shop.run(args).ok());
    }

    // Refused: Stripe's options, a key instead of a name, a plain-http base elsewhere.
    let before = shop.snapshot();
    shop.run(&[
        "provider",
        "set",
        "razorpay",
        "--account",
        "acct_1Nv0FGQ9RKHgCVdK",
    ])
    .code(1)
    .stderr_has("--account is not for razorpay");
    let run = shop
        .run(&["provider", "set", "razorpay", "--key-id-env", KEY_ID])
        .code(1)
        .stderr_has("takes the NAME of a variable");
    assert_no_secret(&shop, &run);
    shop.run(&[
        "provider",
        "set",
        "razorpay",
        "--api-base",
        "http://rzp.example.com",
    ])
    .code(1)
    .stderr_has("plain http to another machine");
    assert_eq!(
        shop.snapshot(),
        before,
        "a refused `provider set` changed the shop"
    );

    // A missing variable is said by name, and the sync that needs it stops before any call.
    let run = shop
        .run(&[
            "provider",
            "set",
            "razorpay",
            "--key-secret-env",
            "NOT_SET_HERE",
        ])
        .ok()
        .stderr_has(
            "the Razorpay key secret is missing: environment variable NOT_SET_HERE is not set",
        );
    assert_no_secret(&shop, &run);
    let before = shop.snapshot();
    shop.run(&["sync"])
        .code(1)
        .stderr_has("environment variable NOT_SET_HERE is not set");
    assert_eq!(shop.snapshot(), before);
}

// ---- end to end: the real binary against the double ---------------------------------------

pub(crate) const CATALOG: &str = "\
sku,title,price,stock
KURTA-M,Cotton kurta M,799.00,20
CHAI-250,Assam chai 250 g,349.00,50
";

/// A WhatsApp order (Cloud API `order` webhook) from an Indian customer: 2 kurtas and a chai.
pub(crate) const WHATSAPP_ORDER: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","contacts":[{"profile":{"name":"Asha Rao"},"wa_id":"919876543210"}],"messages":[{"from":"919876543210","id":"wamid.IN1","timestamp":"1795000000","type":"order","order":{"catalog_id":"1","product_items":[{"product_retailer_id":"KURTA-M","quantity":2,"item_price":799,"currency":"INR"},{"product_retailer_id":"CHAI-250","quantity":1,"item_price":349,"currency":"INR"}]}}]}}]}]}"#;

pub(crate) fn razorpay_shop(d: &Double) -> TestShop {
    let mut shop = indian_shop();
    shop.env
        .push(("SHOPCTL_RAZORPAY_MAX_RETRY_MS".into(), "400".into()));
    shop.run(&[
        "provider",
        "set",
        "razorpay",
        "--key-id-env",
        "RZP_KEY_ID",
        "--key-secret-env",
        "RZP_KEY_SECRET",
        "--api-base",
        &d.base,
    ])
    .ok();
    shop
}

fn order<'a>(orders: &'a Value, id: &str) -> &'a Value {
    orders
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no order {id} in {orders:#}"))
}

#[test]
fn the_binary_runs_an_indian_shop_from_init_to_reconcile_on_razorpay() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let shop = razorpay_shop(&d);
    std::fs::write(shop.path("catalog.csv"), CATALOG).unwrap();
    shop.run(&["catalog", "import", "catalog.csv"]).ok();
    shop.run(&["payments", "enable", "upi"]).ok();
    let first = shop.json(&["sync"]);
    assert_eq!(first["provider"], "razorpay");
    assert_eq!(first["pending"], 0, "{first}");

    // The WhatsApp order, paid by UPI at Razorpay with notes.order_ref.
    std::fs::write(shop.path("order.json"), WHATSAPP_ORDER).unwrap();
    let imported = shop.json(&["orders", "import", "order.json"]);
    let wa = imported["orders"][0].as_str().unwrap().to_owned();
    assert_eq!(shop.json(&["orders", "show", &wa])["total"], "1947.00");
    let pay = d.pay(194700, "upi", json!({"order_ref": wa}), None);
    let pulled = shop.json(&["sync"]);
    // The payment request sent to the customer in the chat (issue 12) named the Razorpay order
    // made ready for it first (`prepare_payment`: receipt = the shop's order).
    assert_eq!(pulled["chat"]["messages_sent"], 1, "{pulled}");
    let made = d.orders();
    assert!(
        made.iter().any(|o| o["receipt"] == wa.as_str()),
        "no Razorpay order for {wa}: {made:?}"
    );
    assert_eq!(pulled["pulled"]["payments_new"], 1, "{pulled}");
    let orders = shop.json(&["orders", "list"]);
    let o = order(&orders, &wa);
    assert_eq!(
        (o["status"].as_str(), o["payment_status"].as_str()),
        (Some("processing"), Some("captured"))
    );
    assert_eq!(o["provider_ref"], pay.as_str());
    let shown = shop.json(&["orders", "show", &wa]);
    assert_eq!(shown["payments"][0]["method"], "upi");
    assert_eq!(shown["payments"][0]["amount"], "1947.00");
    let before = shop.snapshot();
    // Said as the summary on stdout (issue 17).
    let again = shop.run(&["sync"]).ok();
    assert!(
        again.stdout.starts_with("nothing to do"),
        "{}",
        again.stdout
    );
    assert_eq!(shop.snapshot(), before, "a second sync changed the shop");

    // Shipped: written into the payment's notes, its order_ref kept.
    shop.run(&[
        "orders",
        "fulfil",
        &wa,
        "--carrier",
        "Delhivery",
        "--tracking",
        "DL0001",
    ])
    .ok();
    assert_eq!(shop.json(&["sync"])["pushed"], 1);
    let notes = &d.payment(&pay)["notes"];
    assert_eq!(notes["shopctl_status"], "fulfilled", "{notes}");
    assert_eq!(notes["tracking"], "DL0001");
    assert_eq!(notes["shipped_lines"], "KURTA-M:2,CHAI-250:1");
    assert_eq!(notes["order_ref"], wa.as_str());

    // A partial refund.
    let refund_path = format!("/v1/payments/{pay}/refund");
    let r = shop.json(&[
        "refunds",
        "create",
        &wa,
        "--amount",
        "349.00",
        "--reason",
        "chai spilt",
    ]);
    assert_eq!(
        (r["status"].as_str(), r["amount"].as_str()),
        (Some("succeeded"), Some("349.00"))
    );
    let made = d.refunds_of(&pay);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0]["amount"], 34900);
    let sent = posts(&d, &refund_path);
    assert_eq!(
        sent[0].idempotency_key.as_deref(),
        made[0]["notes"]["shopctl_refund_key"].as_str()
    );

    // A 500 after Razorpay made the refund: found by its key, not made again.
    d.fail_next("POST", &refund_path, Fault::StatusAfter(500));
    let r = shop.json(&["refunds", "create", &wa, "--amount", "100.00"]);
    assert_eq!(r["status"], "succeeded", "{r}");
    assert_eq!(d.refunds_of(&pay).len(), 2);
    assert_eq!(
        posts(&d, &refund_path).len(),
        2,
        "posted again after the 500"
    );

    // 409 (in flight) on every try: the refund waits (exit 3), the next sync makes it, once.
    for _ in 0..10 {
        d.fail_next("POST", &refund_path, Fault::Status(409));
    }
    let run = shop
        .run(&[
            "--format", "json", "refunds", "create", &wa, "--amount", "50.00",
        ])
        .code(3);
    assert_eq!(run.json()["status"], "pending");
    assert!(run.stderr.contains("HTTP 409"), "{}", run.stderr);
    d.clear_faults();
    let synced = shop.json(&["sync"]);
    assert_eq!(synced["refunds_completed"], 1, "{synced}");
    assert_eq!(d.refunds_of(&pay).len(), 3);
    let keys: Vec<Option<String>> = posts(&d, &refund_path)[2..]
        .iter()
        .map(|s| s.idempotency_key.clone())
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] == w[1]),
        "one key for every try: {keys:?}"
    );
    let orders = shop.json(&["orders", "list"]);
    assert_eq!(order(&orders, &wa)["payment_status"], "partially_refunded");

    // Razorpay settles the payment less its fee and GST, and the three refunds.
    let setl = d.settle(NOW - 86_400, 0);
    let pulled = shop.json(&["sync"]);
    assert_eq!(pulled["pulled"]["payouts_new"], 1, "{pulled}");
    assert_eq!(pulled["pulled"]["transactions_new"], 4, "{pulled}");
    let payouts = shop.json(&["payouts", "list"]);
    let (fee, _) = double::fee_of(194700);
    let net = 194700 - fee - 34900 - 10000 - 5000;
    assert_eq!(
        payouts[0]["amount"],
        format!("{}.{:02}", net / 100, net % 100)
    );
    assert_eq!(payouts[0]["currency"], "INR");
    let report = shop.json(&["payouts", "reconcile"]);
    assert_eq!(
        report["discrepancies"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    let shown = shop.json(&["payouts", "show", payouts[0]["id"].as_str().unwrap()]);
    assert!(shown.to_string().contains(&setl), "{shown:#}");

    // A second order, and a settlement that took more than the fee and GST it states.
    d.pay(79900, "card", json!({"lines": "KURTA-M:1@799.00"}), None);
    d.settle(NOW - 3600, 100);
    let pulled = shop.json(&["sync"]);
    assert_eq!(pulled["pulled"]["orders_new"], 1, "{pulled}");
    let run = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3);
    let report = run.json();
    let found = report["discrepancies"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["kind"], "payout_sum_mismatch");
    assert!(
        found[0]["detail"]
            .as_str()
            .unwrap()
            .contains("short by 1.00"),
        "{report:#}"
    );
    assert!(d.seen().iter().all(|s| s.authorized));
}

#[test]
fn the_binary_says_a_refused_key_without_it_and_changes_nothing() {
    let d = Double::start(KEY_ID, KEY_SECRET);
    let mut shop = razorpay_shop(&d);
    shop.env.retain(|(k, _)| k != "RZP_KEY_SECRET");
    shop.env
        .push(("RZP_KEY_SECRET".into(), "wrong_secret_0000_zzzz".into()));
    let before = shop.snapshot();
    let run = shop
        .run(&["sync"])
        .code(1)
        .stderr_has("Authentication failed")
        .stderr_has("environment variables RZP_KEY_ID and RZP_KEY_SECRET were refused");
    assert!(
        !run.stderr.contains("wrong_secret_0000_zzzz"),
        "{}",
        run.stderr
    );
    assert_no_secret(&shop, &run);
    assert_eq!(shop.snapshot(), before);
    assert_eq!(d.seen().len(), 1, "stopped at the first refusal");
}

// ---- the market map -----------------------------------------------------------------------

#[test]
fn the_market_map_suggests_a_provider_and_explains_a_method_elsewhere() {
    let shop = TestShop::empty();
    shop.run(&["init", "--country", "IN"]).ok().stderr_has(
        "shops in IN take upi and card through Razorpay: `shopctl provider set razorpay \
         --key-id-env VAR --key-secret-env VAR`, then `shopctl payments enable upi card`",
    );
    let sg = shop.run(&["--db", "sg.db", "init", "--country", "SG"]).ok();
    assert!(
        sg.stderr.contains("take card and paynow through Stripe"),
        "{}",
        sg.stderr
    );
    let de = shop.run(&["--db", "de.db", "init", "--country", "DE"]).ok();
    assert!(
        !de.stderr.contains(" through "),
        "no market entry: {}",
        de.stderr
    );

    // On Stripe, UPI is refused with the provider that takes it; nothing changes.
    shop.run(&["provider", "set", "stripe", "--api-key-env", "K"])
        .ok();
    let before = shop.snapshot();
    shop.run(&["payments", "enable", "card", "upi"])
        .code(1)
        .stderr_has("upi cannot be enabled for this shop: Stripe does not take upi; Razorpay does");
    assert_eq!(shop.snapshot(), before);

    // On Razorpay, methods are the Dashboard's: recorded, said, and nothing waits to be pushed.
    let mut shop = shop;
    shop.env.push(("RAZORPAY_KEY_ID".into(), KEY_ID.into()));
    shop.env
        .push(("RAZORPAY_KEY_SECRET".into(), KEY_SECRET.into()));
    shop.run(&["provider", "set", "razorpay"]).ok();
    shop.run(&["payments", "enable", "upi", "card"])
        .ok()
        .stderr_has("Razorpay has no API to switch payment methods: turn upi and card on in the Razorpay Dashboard");
    let methods = shop.json(&["payments", "list"]);
    for m in methods.as_array().unwrap() {
        let expected = if m["enabled"] == true {
            json!("dashboard")
        } else {
            Value::Null
        };
        assert_eq!(m["provider_state"], expected, "{m}");
    }
    assert_eq!(shop.json(&["sync", "--dry-run"]), json!([]));
    shop.run(&["payments", "enable", "paynow"])
        .code(1)
        .stderr_has("it is for SG (SGD)");

    // Back on Stripe, the enabled UPI is said to be one Stripe does not take.
    shop.run(&["provider", "set", "stripe"])
        .ok()
        .stderr_has("warning: upi is enabled, but Stripe does not take upi");
}
