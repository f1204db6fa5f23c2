//! The Stripe adapter and `provider show|set`, tested for real against localstripe (a
//! stateful Stripe server from PyPI, installed into target/ on first use) and, for what
//! localstripe lacks, against the test double in tests/stripe/double.rs.

#[path = "../stripe/double.rs"]
pub(crate) mod double;
#[path = "../stripe/localstripe.rs"]
pub(crate) mod localstripe;

use std::time::Duration;

use secrecy::SecretString;
use shopctl::model::{
    Change, OutboxEntry, PaymentState, ProductState, ProductStatus, RefundRequest, RefundState,
    TxnKind,
};
use shopctl::money::{Currency, Money};
use shopctl::provider::stripe::client::RetryPolicy;
use shopctl::provider::stripe::{Stripe, StripeConfig};
use shopctl::provider::{Provider, ProviderError};

use crate::support::TestShop;
use double::{Double, Fault};
use localstripe::{KEY, LocalStripe};

const SECRET: &str = "sk_test_do_not_print_4242";

// ---- provider show | set ------------------------------------------------------------------

fn shop_with_secret() -> TestShop {
    let mut shop = TestShop::new();
    shop.env.push(("MY_STRIPE_KEY".into(), SECRET.into()));
    shop
}

fn assert_no_secret(shop: &TestShop, run: &crate::support::Run) {
    shop.assert_secret_nowhere(run, SECRET);
}

#[test]
fn provider_set_stripe_names_where_the_key_is_and_never_shows_it() {
    let shop = shop_with_secret();
    let show = shop.json(&["provider", "show"]);
    assert_eq!(show["provider"], "sandbox");

    let run = shop
        .run(&[
            "--format",
            "json",
            "-v",
            "provider",
            "set",
            "stripe",
            "--api-key-env",
            "MY_STRIPE_KEY",
            "--api-base",
            "http://127.0.0.1:9/",
        ])
        .ok();
    assert_no_secret(&shop, &run);
    let doc = run.json();
    assert_eq!(doc["provider"], "stripe");
    assert_eq!(doc["api_base"], "http://127.0.0.1:9");
    assert_eq!(doc["api_key_source"], "env");
    assert_eq!(doc["api_key_from"], "MY_STRIPE_KEY");
    assert_eq!(doc["api_key_available"], true);

    for args in [
        &["-v", "provider", "show"][..],
        &["-vv", "--format", "json", "provider", "show"],
        &["--format", "csv", "provider", "show"],
    ] {
        let run = shop.run(args).ok();
        assert_no_secret(&shop, &run);
    }

    // A key file works too, and only with mode 0600.
    let file = shop.path("stripe.key");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = shop
        .run(&[
            "--format",
            "json",
            "provider",
            "set",
            "stripe",
            "--api-key-file",
            "stripe.key",
        ])
        .ok();
    assert_no_secret(&shop, &run);
    let doc = run.json();
    assert_eq!(doc["api_key_source"], "file");
    assert_eq!(doc["api_key_from"], file.to_str().unwrap());
    assert_eq!(doc["api_key_available"], true);
    assert_eq!(doc["api_base"], "http://127.0.0.1:9", "the base is kept");

    // And back to the sandbox.
    assert_eq!(
        shop.json(&["provider", "set", "sandbox"])["provider"],
        "sandbox"
    );
}

#[test]
fn provider_set_refuses_bad_settings_and_changes_nothing() {
    let shop = shop_with_secret();
    let before = shop.snapshot();

    // A provider shopctl does not know is a wrong command line (exit 2, issue 17).
    shop.run(&["provider", "set", "paypal"])
        .code(2)
        .stderr_has("invalid value 'paypal' for '<NAME>'")
        .stderr_has("[possible values: sandbox, stripe, razorpay]");

    let file = shop.path("stripe.key");
    std::fs::write(&file, SECRET).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = shop
        .run(&["provider", "set", "stripe", "--api-key-file", "stripe.key"])
        .code(1)
        .stderr_has("has mode 0644; it must be 0600")
        .stderr_has("chmod 600");
    assert_no_secret(&shop, &run);

    shop.run(&["provider", "set", "stripe", "--api-key-file", "missing.key"])
        .code(1)
        .stderr_has("cannot read the API key file");

    shop.run(&[
        "provider",
        "set",
        "stripe",
        "--api-key-env",
        "K",
        "--api-base",
        "http://example.com",
    ])
    .code(1)
    .stderr_has("plain http to another machine");

    let run = shop
        .run(&["provider", "set", "stripe", "--api-key-env", SECRET])
        .code(1)
        .stderr_has("the NAME of a variable");
    // The message must not echo what was given, as it looked like a key.
    assert!(!run.stderr.contains(SECRET));

    shop.run(&["provider", "set", "sandbox", "--api-key-env", "K"])
        .code(1)
        .stderr_has("takes no API key");

    assert_eq!(
        shop.snapshot(),
        before,
        "a refused `provider set` changed the shop"
    );
}

#[test]
fn provider_show_says_when_the_key_is_missing() {
    let shop = TestShop::new();
    let run = shop
        .run(&[
            "--format",
            "json",
            "provider",
            "set",
            "stripe",
            "--api-key-env",
            "NOT_SET_HERE",
        ])
        .ok()
        .stderr_has("environment variable NOT_SET_HERE is not set");
    assert_eq!(run.json()["api_key_available"], false);
    let run = shop
        .run(&["--format", "json", "provider", "show"])
        .ok()
        .stderr_has("NOT_SET_HERE is not set");
    assert_eq!(run.json()["api_key_available"], false);
}

// ---- the adapter against localstripe and the double ---------------------------------------

fn adapter(base: &str, key: &str) -> Stripe {
    Stripe::new(StripeConfig {
        api_base: base.to_owned(),
        key: SecretString::from(key.to_owned()),
        // Small delays so that the fault tests stay quick; the shape is the real one.
        retry: RetryPolicy {
            base: Duration::from_millis(5),
            max_retries: 3,
            max_total_delay: Duration::from_secs(2),
        },
        timeout: Duration::from_secs(10),
        account: None,
    })
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::from_code("EUR").unwrap())
}

fn product(sku: &str, title: &str, price: i64) -> ProductState {
    ProductState {
        sku: sku.into(),
        group: "tees".into(),
        title: title.into(),
        description: format!("{title}, cotton"),
        status: ProductStatus::Active,
        price: eur(price),
        sale_price: None,
        stock: Some(7),
        images: vec![],
    }
}

fn entry(id: i64, change: Change) -> OutboxEntry {
    OutboxEntry {
        id,
        idempotency_key: format!("outbox-test-{id}"),
        change,
    }
}

fn post_count(d: &Double, path: &str) -> usize {
    d.seen()
        .iter()
        .filter(|s| s.method == "POST" && s.path == path)
        .count()
}

#[test]
fn catalog_push_creates_products_and_prices_in_localstripe() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut stripe = adapter(&d.base, KEY);

    let tee = product("TEE-BLK-M", "Black tee M", 2500);
    let out = stripe
        .push(&entry(1, Change::ProductUpsert(tee.clone())))
        .unwrap();
    assert_eq!(out.provider_ref.as_deref(), Some("sku_TEE-BLK-M"));
    let mut cap = product("cap/red one", "Red cap", 1200);
    cap.images = vec!["https://img.example/cap.jpg".into()];
    // Stock the shop does not track (issue 15).
    cap.stock = None;
    stripe.push(&entry(2, Change::ProductUpsert(cap))).unwrap();

    // In localstripe: the products, with the SKU in metadata.
    let p = ls.get("/v1/products/sku_TEE-BLK-M");
    assert_eq!(p["name"], "Black tee M");
    assert_eq!(p["metadata"]["sku"], "TEE-BLK-M");
    assert_eq!(p["metadata"]["stock"], "7");
    assert_eq!(p["active"], true);
    let all = ls.get("/v1/products");
    assert_eq!(all["data"].as_array().unwrap().len(), 2);
    let cap = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["metadata"]["sku"] == "cap/red one")
        .unwrap();
    assert!(cap["id"].as_str().unwrap().starts_with("skuh_"));
    assert_eq!(cap["metadata"]["stock"], "untracked");
    assert_eq!(
        d.images(cap["id"].as_str().unwrap()),
        ["https://img.example/cap.jpg"]
    );

    // In the double: one price per product, the product's default.
    let prices = d.prices();
    assert_eq!(prices.len(), 2);
    let tee_price = prices
        .iter()
        .find(|p| p["product"] == "sku_TEE-BLK-M")
        .unwrap();
    assert_eq!(tee_price["unit_amount"], 2500);
    assert_eq!(tee_price["currency"], "eur");
    assert_eq!(
        d.default_price("sku_TEE-BLK-M").as_ref(),
        tee_price["id"].as_str().map(String::from).as_ref()
    );

    // Pushing the same state again makes no new price.
    stripe
        .push(&entry(3, Change::ProductUpsert(tee.clone())))
        .unwrap();
    assert_eq!(d.prices().len(), 2);

    // A sale price: a new Price becomes the default; the old one is retired.
    let mut sale = tee.clone();
    sale.sale_price = Some(eur(1990));
    sale.title = "Black tee M (sale)".into();
    stripe.push(&entry(4, Change::ProductUpsert(sale))).unwrap();
    let prices = d.prices();
    assert_eq!(prices.len(), 3);
    let new = prices.iter().find(|p| p["unit_amount"] == 1990).unwrap();
    assert_eq!(new["active"], true);
    assert_eq!(
        d.default_price("sku_TEE-BLK-M").as_deref(),
        new["id"].as_str()
    );
    let old = prices.iter().find(|p| p["id"] == tee_price["id"]).unwrap();
    assert_eq!(old["active"], false);
    assert_eq!(
        ls.get("/v1/products/sku_TEE-BLK-M")["name"],
        "Black tee M (sale)"
    );

    // Archive: not for sale any more.
    stripe
        .push(&entry(
            5,
            Change::ProductArchive {
                sku: "TEE-BLK-M".into(),
            },
        ))
        .unwrap();
    // localstripe keeps an update's form value as text ("false"); Stripe answers a boolean.
    let active = &ls.get("/v1/products/sku_TEE-BLK-M")["active"];
    assert!(active == false || active == "false", "{active}");
    // Archiving what was never pushed is a no-op, not an error.
    let out = stripe
        .push(&entry(
            6,
            Change::ProductArchive {
                sku: "NEVER".into(),
            },
        ))
        .unwrap();
    assert_eq!(out.provider_ref, None);

    // Every POST carried an Idempotency-Key derived from its outbox entry.
    for s in d.seen().iter().filter(|s| s.method == "POST") {
        let k = s.idempotency_key.as_deref().unwrap_or("");
        assert!(
            k.starts_with("outbox-test-"),
            "{} {} had key {k:?}",
            s.method,
            s.path
        );
    }

    // Payment methods: on and off in the default configuration; no Stripe UPI.
    stripe
        .push(&entry(
            7,
            Change::PaymentMethod {
                method: "paynow".into(),
                enabled: true,
            },
        ))
        .unwrap();
    assert_eq!(
        d.payment_method_configuration()["paynow"]["display_preference"]["preference"],
        "on"
    );
    let err = stripe
        .push(&entry(
            8,
            Change::PaymentMethod {
                method: "upi".into(),
                enabled: true,
            },
        ))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Stripe has no payment method \"upi\""),
        "{err}"
    );
}

#[test]
fn orders_refunds_and_payouts_flow_through_localstripe() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut stripe = adapter(&d.base, KEY);
    stripe
        .push(&entry(
            1,
            Change::ProductUpsert(product("TEE", "Tee", 2000)),
        ))
        .unwrap();
    stripe
        .push(&entry(
            2,
            Change::ProductUpsert(product("CAP", "Cap", 1500)),
        ))
        .unwrap();

    // Two checkouts pay, one naming lines (creates the order), one an order already in the
    // shop; and one PaymentIntent that is not the shop's.
    let pi1 = ls.pay(
        5500,
        "eur",
        &[
            ("lines", "TEE:2@20.00,CAP:1"),
            ("customer_phone", "+6591234567"),
            ("customer_name", "Mei"),
        ],
    );
    let pi2 = ls.pay(2000, "eur", &[("order_ref", "O-7")]);
    ls.pay(999, "eur", &[]);
    assert_eq!(pi1["status"], "succeeded");

    // A Checkout Session (the double) over a PaymentIntent in localstripe.
    let pi3 = ls.pay(4000, "eur", &[]);
    let tee_price = d
        .prices()
        .into_iter()
        .find(|p| p["product"] == "sku_TEE")
        .unwrap();
    d.add_session(
        serde_json::json!({
            "id": "cs_test_double_1", "object": "checkout.session", "status": "complete",
            "payment_status": "paid", "mode": "payment", "amount_total": 4000,
            "currency": "eur", "payment_intent": pi3["id"], "metadata": {},
            "created": pi3["created"],
            "customer_details": {"name": "Arun", "phone": "+6598765432", "email": null},
        }),
        &[(tee_price["id"].as_str().unwrap(), 2)],
    );

    let pulled = stripe.pull_orders(None).unwrap();
    assert_eq!(pulled.items.len(), 3, "{:#?}", pulled.items);
    let o1 = pulled
        .items
        .iter()
        .find(|o| o.provider_ref == pi1["id"])
        .unwrap();
    assert_eq!(o1.order_ref, None);
    assert_eq!(o1.customer_phone, "+6591234567");
    assert_eq!(o1.total, eur(5500));
    assert_eq!(o1.lines.len(), 2);
    assert_eq!(
        (
            o1.lines[0].sku.as_str(),
            o1.lines[0].quantity,
            o1.lines[0].unit_price
        ),
        ("TEE", 2, eur(2000))
    );
    assert_eq!(
        (o1.lines[1].sku.as_str(), o1.lines[1].unit_price),
        ("CAP", eur(1500))
    );
    assert_eq!(o1.payments.len(), 1);
    assert_eq!(o1.payments[0].state, PaymentState::Captured);
    assert_eq!(o1.payments[0].method, "card");
    let o2 = pulled
        .items
        .iter()
        .find(|o| o.provider_ref == pi2["id"])
        .unwrap();
    assert_eq!(o2.order_ref.as_deref(), Some("O-7"));
    assert!(o2.lines.is_empty());
    let o3 = pulled
        .items
        .iter()
        .find(|o| o.provider_ref == pi3["id"])
        .unwrap();
    assert_eq!(o3.customer_name, "Arun");
    assert_eq!(o3.lines[0].sku, "TEE");
    assert_eq!(o3.lines[0].quantity, 2);
    assert_eq!(o3.payments[0].state, PaymentState::Captured);
    let cursor = pulled.next_cursor.clone().expect("a cursor");
    // A pull from the cursor sees the same (recent) intents again; the shop upserts them.
    assert_eq!(stripe.pull_orders(Some(&cursor)).unwrap().items.len(), 3);

    // Refund part, then retry the same refund: localstripe ignores Idempotency-Key, yet there
    // is one refund.
    let pi1_id = pi1["id"].as_str().unwrap().to_owned();
    let part = RefundRequest {
        idempotency_key: "refund-R1".into(),
        payment_ref: pi1_id.clone(),
        amount: eur(1500),
        reason: "cap was damaged".into(),
    };
    let r1 = stripe.create_refund(&part).unwrap();
    assert_eq!(r1.amount, eur(1500));
    assert_eq!(r1.state, RefundState::Succeeded);
    assert_eq!(r1.idempotency_key.as_deref(), Some("refund-R1"));
    let again = stripe.create_refund(&part).unwrap();
    assert_eq!(again.provider_ref, r1.provider_ref);
    let in_ls = ls.get(&format!("/v1/refunds?payment_intent={pi1_id}"));
    assert_eq!(in_ls["data"].as_array().unwrap().len(), 1, "refunded twice");

    // An over-refund is stopped before the call (localstripe would accept it).
    let posts = post_count(&d, "/v1/refunds");
    let err = stripe
        .create_refund(&RefundRequest {
            idempotency_key: "refund-R2".into(),
            payment_ref: pi1_id.clone(),
            amount: eur(4001),
            reason: String::new(),
        })
        .unwrap_err();
    assert!(matches!(err, ProviderError::Rejected(_)));
    assert!(
        err.to_string()
            .contains("more than the 40.00 left to refund"),
        "{err}"
    );
    assert_eq!(
        post_count(&d, "/v1/refunds"),
        posts,
        "the over-refund reached Stripe"
    );

    // The rest, in full.
    let r2 = stripe
        .create_refund(&RefundRequest {
            idempotency_key: "refund-R3".into(),
            payment_ref: pi1_id.clone(),
            amount: eur(4000),
            reason: String::new(),
        })
        .unwrap();
    let charge = &ls.get(&format!("/v1/payment_intents/{pi1_id}"))["latest_charge"];
    assert_eq!(charge["amount_refunded"], 5500);
    assert_eq!(charge["refunded"], true);

    let refunds = stripe.pull_refunds(None).unwrap();
    assert_eq!(refunds.items.len(), 2);
    assert!(
        refunds
            .items
            .iter()
            .all(|r| r.payment_ref == pi1_id && r.state == RefundState::Succeeded)
    );
    assert!(
        refunds
            .items
            .iter()
            .any(|r| r.provider_ref == r2.provider_ref)
    );

    // A payout (localstripe makes EUR payouts only), made of the charges and the refunds
    // (the double links them, with Stripe's fee on each charge).
    let payout = ls.post(
        "/v1/payouts",
        &[("amount", "2500"), ("currency", "eur"), ("status", "paid")],
    );
    let po = payout["id"].as_str().unwrap();
    let pulled = stripe.pull_payouts(None).unwrap();
    assert_eq!(pulled.items.len(), 1);
    assert_eq!(pulled.items[0].amount, eur(2500));
    assert_eq!(pulled.items[0].state.as_str(), "paid");

    let ch1 = charge["balance_transaction"].as_str().unwrap().to_owned();
    let ch2 = ls.get(&format!(
        "/v1/payment_intents/{}",
        pi2["id"].as_str().unwrap()
    ))["latest_charge"]["balance_transaction"]
        .as_str()
        .unwrap()
        .to_owned();
    let refund_txns: Vec<String> = ls.get(&format!("/v1/refunds?payment_intent={pi1_id}"))["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["balance_transaction"].as_str().unwrap().to_owned())
        .collect();
    let mut link = vec![(ch1.as_str(), 217), (ch2.as_str(), 98)];
    link.extend(refund_txns.iter().map(|t| (t.as_str(), 0)));
    d.link_payout(po, &link);
    let txns = stripe.payout_transactions(po).unwrap();
    assert_eq!(txns.len(), 4);
    let c1 = txns.iter().find(|t| t.provider_ref == ch1).unwrap();
    assert_eq!(c1.kind, TxnKind::Charge);
    assert_eq!(
        c1.source_ref, pi1_id,
        "a charge points at its PaymentIntent"
    );
    assert_eq!((c1.gross, c1.fee, c1.net), (eur(5500), eur(217), eur(5283)));
    let refunds: Vec<_> = txns.iter().filter(|t| t.kind == TxnKind::Refund).collect();
    assert_eq!(refunds.len(), 2);
    assert!(
        refunds
            .iter()
            .any(|t| t.source_ref == r1.provider_ref && t.gross == eur(-1500))
    );
    let net: i64 = txns.iter().map(|t| t.net.minor).sum();
    assert_eq!(net, 5283 + 1902 - 5500);
}

#[test]
fn retries_reuse_the_idempotency_key_and_have_one_effect() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut stripe = adapter(&d.base, KEY);

    // 500 on the POST that creates the price: retried with the same key; one price.
    d.fail_next("POST", "/v1/prices", Fault::Status(500));
    stripe
        .push(&entry(
            1,
            Change::ProductUpsert(product("TEE", "Tee", 2000)),
        ))
        .unwrap();
    let posts: Vec<_> = d
        .seen()
        .into_iter()
        .filter(|s| s.method == "POST" && s.path == "/v1/prices")
        .collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!(posts[0].status, 500);
    assert_eq!(posts[1].status, 200);
    assert_eq!(posts[0].idempotency_key, posts[1].idempotency_key);
    assert_eq!(
        posts[0].idempotency_key.as_deref(),
        Some("outbox-test-1:price")
    );
    assert_eq!(d.prices().len(), 1);

    // 429 then 200 on a refund: one refund in localstripe.
    let pi = ls.pay(2000, "eur", &[("lines", "TEE:1")]);
    let pi_id = pi["id"].as_str().unwrap();
    d.fail_next("POST", "/v1/refunds", Fault::Status(429));
    stripe
        .create_refund(&RefundRequest {
            idempotency_key: "refund-429".into(),
            payment_ref: pi_id.into(),
            amount: eur(500),
            reason: String::new(),
        })
        .unwrap();
    assert_eq!(post_count(&d, "/v1/refunds"), 2);
    let keys: Vec<_> = d
        .seen()
        .into_iter()
        .filter(|s| s.method == "POST" && s.path == "/v1/refunds")
        .map(|s| s.idempotency_key)
        .collect();
    assert_eq!(keys, vec![Some("refund-429".to_owned()); 2]);
    let in_ls = ls.get(&format!("/v1/refunds?payment_intent={pi_id}"));
    assert_eq!(in_ls["data"].as_array().unwrap().len(), 1);

    // 400 on a refund: refused at once, one POST, no refund made.
    d.fail_next("POST", "/v1/refunds", Fault::Status(400));
    let err = stripe
        .create_refund(&RefundRequest {
            idempotency_key: "refund-400".into(),
            payment_ref: pi_id.into(),
            amount: eur(300),
            reason: String::new(),
        })
        .unwrap_err();
    assert!(matches!(err, ProviderError::Rejected(_)), "{err}");
    assert!(
        err.to_string().contains("[HTTP 400 on POST /v1/refunds]"),
        "{err}"
    );
    assert_eq!(post_count(&d, "/v1/refunds"), 3, "a 400 is not retried");
    let in_ls = ls.get(&format!("/v1/refunds?payment_intent={pi_id}"));
    assert_eq!(in_ls["data"].as_array().unwrap().len(), 1);

    // A dropped connection on a read: retried.
    d.fail_next("GET", "/v1/payment_intents", Fault::Drop);
    assert_eq!(stripe.pull_orders(None).unwrap().items.len(), 1);
    let drops = d
        .seen()
        .iter()
        .filter(|s| s.path == "/v1/payment_intents" && s.status == 0)
        .count();
    assert_eq!(drops, 1);
}

#[test]
fn retries_are_bounded_and_errors_are_clear() {
    let d = Double::start(None, KEY);
    let mut stripe = adapter(&d.base, KEY);
    for _ in 0..10 {
        d.fail_next("GET", "/v1/payouts", Fault::Status(503));
    }
    let err = stripe.pull_payouts(None).unwrap_err();
    assert!(matches!(err, ProviderError::Transient(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains("HTTP 503 on GET /v1/payouts"), "{text}");
    assert!(text.contains("gave up after 4 attempts"), "{text}");
    assert_eq!(d.seen().len(), 4);

    // A 400 on the same call is not retried (one request, where the 503 made four), and
    // reads as Stripe's type, message, code and param.
    d.clear_faults();
    let before = d.seen().len();
    // Two queued: a retry would meet the second.
    d.fail_next("GET", "/v1/payouts", Fault::Status(400));
    d.fail_next("GET", "/v1/payouts", Fault::Status(400));
    let err = stripe.pull_payouts(None).unwrap_err();
    assert!(matches!(err, ProviderError::Rejected(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "the provider refused the request: invalid_request_error: the double was told to \
         refuse this request (code parameter_invalid_integer, param amount) [HTTP 400 on GET \
         /v1/payouts]"
    );
    let seen = d.seen();
    assert_eq!(seen.len(), before + 1, "a 400 is not retried: {seen:?}");
    assert_eq!(seen[before].status, 400);
    d.clear_faults();

    // A wrong key: one call, an auth error, and the key is not in it.
    let wrong = "sk_test_wrong_key_9999";
    let mut bad = adapter(&d.base, wrong);
    let before = d.seen().len();
    let err = bad.pull_refunds(None).unwrap_err();
    assert!(matches!(err, ProviderError::Auth(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains("Invalid API Key provided"), "{text}");
    assert!(text.contains("HTTP 401"), "{text}");
    assert!(!text.contains(wrong), "{text}");
    assert_eq!(d.seen().len(), before + 1, "an auth failure is not retried");
}

#[test]
fn unreadable_payment_metadata_is_a_clear_error() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut stripe = adapter(&d.base, KEY);
    let pi = ls.pay(3000, "eur", &[("lines", "TEE:2,CAP:1")]);
    let err = stripe.pull_orders(None).unwrap_err().to_string();
    assert!(err.contains(pi["id"].as_str().unwrap()), "{err}");
    assert!(err.contains("give each line as SKU:QTY@UNIT"), "{err}");
}

// ---- end to end: the real binary against the double in front of localstripe --------------

/// The variable the test shops read their Stripe key from.
pub(crate) const KEY_ENV: &str = "SHOPCTL_TEST_STRIPE_KEY";

/// EUR, because localstripe makes EUR payouts only.
const E2E_CATALOG: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
TEE-BLK-M,TEE,Black tee M,,active,25.00,,EUR,40,,,,,,
MUG-WHT,,White mug,,active,12.50,10.50,EUR,40,,,,,,
";

/// A German (EUR) shop on Stripe through the double, with the catalog imported and cards
/// enabled, not synced. Retries sleep at most 400 ms in all, so the fault tests stay quick.
pub(crate) fn stripe_shop(d: &Double) -> TestShop {
    let mut shop = TestShop::empty();
    shop.run(&["init", "--name", "Test Shop", "--country", "DE"])
        .ok();
    shop.env.push((KEY_ENV.into(), KEY.into()));
    shop.env
        .push(("SHOPCTL_STRIPE_MAX_RETRY_MS".into(), "400".into()));
    shop.run(&[
        "provider",
        "set",
        "stripe",
        "--api-key-env",
        KEY_ENV,
        "--api-base",
        &d.base,
    ])
    .ok();
    std::fs::write(shop.path("catalog.csv"), E2E_CATALOG).unwrap();
    shop.run(&["catalog", "import", "catalog.csv"]).ok();
    shop.run(&["payments", "enable", "card"]).ok();
    shop
}

fn set_env(shop: &mut TestShop, name: &str, value: &str) {
    shop.env.retain(|(k, _)| k != name);
    shop.env.push((name.into(), value.into()));
}

fn posts(d: &Double, path: &str) -> Vec<double::Seen> {
    d.seen()
        .into_iter()
        .filter(|s| s.method == "POST" && s.path == path)
        .collect()
}

fn refunds_in_localstripe(ls: &LocalStripe, pi: &str) -> Vec<serde_json::Value> {
    ls.get(&format!("/v1/refunds?payment_intent={pi}"))["data"]
        .as_array()
        .unwrap()
        .clone()
}

fn order<'a>(orders: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    orders
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no order {id} in {orders:#}"))
}

#[test]
fn the_binary_runs_catalog_to_reconcile_against_localstripe() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let shop = stripe_shop(&d);

    // Catalog and payment methods reach Stripe.
    let first = shop.json(&["sync"]);
    assert_eq!(first["provider"], "stripe");
    assert_eq!(
        (first["pushed"].as_u64(), first["pending"].as_u64()),
        (Some(3), Some(0))
    );
    let tee = ls.get("/v1/products/sku_TEE-BLK-M");
    assert_eq!(tee["name"], "Black tee M");
    assert_eq!(tee["metadata"]["sku"], "TEE-BLK-M");
    assert_eq!(
        ls.get("/v1/products/sku_MUG-WHT")["metadata"]["stock"],
        "40"
    );
    let mug_price = d
        .prices()
        .into_iter()
        .find(|p| p["product"] == "sku_MUG-WHT")
        .unwrap();
    assert_eq!(mug_price["unit_amount"], 1050, "the sale price is charged");
    assert_eq!(
        d.payment_method_configuration()["card"]["display_preference"]["preference"],
        "on"
    );
    let methods = shop.json(&["payments", "list"]);
    let card = methods
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "card")
        .unwrap();
    assert_eq!(card["provider_state"], "in_sync");

    // An order comes in over WhatsApp; the customer pays it at a checkout that names it.
    let webhook = std::fs::read_to_string(crate::support::fixture("orders/webhook_order.json"))
        .unwrap()
        .replace("SGD", "EUR");
    std::fs::write(shop.path("webhook.json"), webhook).unwrap();
    let imported = shop.json(&["orders", "import", "webhook.json"]);
    let wa = imported["orders"][0].as_str().unwrap().to_owned();
    let pi_wa = ls.pay(6050, "eur", &[("order_ref", wa.as_str())]);
    let pi_wa = pi_wa["id"].as_str().unwrap().to_owned();
    // A checkout that creates its order from `lines`, and a payment that is not the shop's.
    let pi_new = ls.pay(
        4600,
        "eur",
        &[
            ("lines", "TEE-BLK-M:1@25.00,MUG-WHT:2"),
            ("customer_phone", "+4915112345678"),
            ("customer_name", "Jonas"),
        ],
    );
    let pi_new = pi_new["id"].as_str().unwrap().to_owned();
    ls.pay(999, "eur", &[]);
    // A Checkout Session (the double's) for one mug at the Price the sync made, paid through
    // a PaymentIntent in localstripe that carries no metadata.
    let pi_cs = ls.pay(1050, "eur", &[]);
    let pi_cs = pi_cs["id"].as_str().unwrap().to_owned();
    d.add_session(
        serde_json::json!({
            "id": "cs_test_double_e2e", "object": "checkout.session", "status": "complete",
            "payment_status": "paid", "mode": "payment", "amount_total": 1050,
            "currency": "eur", "payment_intent": pi_cs, "metadata": {},
            "created": ls.get(&format!("/v1/payment_intents/{pi_cs}"))["created"],
            "customer_details": {"name": "Lena", "phone": "+4917612345678", "email": null},
        }),
        &[(mug_price["id"].as_str().unwrap(), 1)],
    );

    let pulled = shop.json(&["sync"]);
    assert_eq!(pulled["pulled"]["orders_new"], 2, "{pulled}");
    assert_eq!(pulled["pulled"]["payments_new"], 3, "{pulled}");
    let orders = shop.json(&["orders", "list"]);
    assert_eq!(orders.as_array().unwrap().len(), 3, "{orders:#}");
    let o_cs = orders
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["provider_ref"] == pi_cs.as_str())
        .unwrap();
    assert_eq!(o_cs["customer_name"], "Lena");
    assert_eq!(o_cs["payment_status"], "captured");
    assert_eq!(
        (
            o_cs["lines"][0]["sku"].as_str(),
            o_cs["lines"][0]["quantity"].as_i64()
        ),
        (Some("MUG-WHT"), Some(1))
    );
    let o_wa = order(&orders, &wa);
    assert_eq!(o_wa["payment_status"], "captured");
    assert_eq!(o_wa["status"], "processing");
    assert_eq!(o_wa["provider_ref"], pi_wa.as_str());
    let shown = shop.json(&["orders", "show", &wa]);
    let paid = &shown["payments"];
    assert_eq!(paid.as_array().map(Vec::len), Some(1), "{shown:#}");
    assert_eq!(paid[0]["provider_ref"], pi_wa.as_str());
    assert_eq!(
        (
            paid[0]["method"].as_str(),
            paid[0]["amount"].as_str(),
            paid[0]["status"].as_str()
        ),
        (Some("card"), Some("60.50"), Some("captured"))
    );
    let o_new = orders
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["provider_ref"] == pi_new.as_str())
        .unwrap();
    let new = o_new["id"].as_str().unwrap().to_owned();
    assert_eq!(o_new["source"], "provider");
    assert_eq!(
        (o_new["total"].as_str(), o_new["currency"].as_str()),
        (Some("46.00"), Some("EUR"))
    );
    assert_eq!(o_new["payment_status"], "captured");
    assert_eq!(o_new["customer_name"], "Jonas");
    assert_eq!(o_new["lines"][1]["sku"], "MUG-WHT");
    assert_eq!(o_new["lines"][1]["unit_price"], "10.50");
    // The stock the orders reserved went to Stripe in the same sync (metadata[stock]); a
    // sync after it changes nothing.
    assert_eq!(pulled["pending"], 0, "{pulled}");
    assert!(pulled["pushed"].as_u64() >= Some(2), "{pulled}");
    for (sku, left) in [("TEE-BLK-M", "37"), ("MUG-WHT", "36")] {
        let local = shop.json(&["catalog", "show", sku])["stock"].to_string();
        assert_eq!(local, left, "{sku}: 40 less what the orders took");
        assert_eq!(
            ls.get(&format!("/v1/products/sku_{sku}"))["metadata"]["stock"],
            local
        );
    }
    let before = shop.snapshot();
    let again = shop.run(&["--format", "json", "sync"]).ok().json();
    // Nothing to do: nothing pushed, nothing pulled (people read it as a sentence).
    assert_eq!(again["pushed"], 0, "{again}");
    assert!(
        again["pulled"]
            .as_object()
            .unwrap()
            .values()
            .all(|n| n == 0),
        "{again}"
    );
    assert_eq!(shop.snapshot(), before);

    // Shipping is recorded on the PaymentIntent.
    shop.run(&[
        "orders",
        "fulfil",
        &wa,
        "--carrier",
        "DHL",
        "--tracking",
        "JD0001",
    ])
    .ok();
    assert_eq!(shop.json(&["sync"])["pushed"], 1);
    let meta = &ls.get(&format!("/v1/payment_intents/{pi_wa}"))["metadata"];
    assert_eq!(meta["shopctl_status"], "fulfilled", "{meta}");
    assert_eq!(meta["tracking"], "JD0001");
    assert_eq!(meta["shipped_lines"], "TEE-BLK-M:2,MUG-WHT:1");

    // A refund in part.
    shop.run(&[
        "refunds",
        "create",
        &wa,
        "--amount",
        "10.50",
        "--reason",
        "mug chipped",
    ])
    .ok();
    let r = refunds_in_localstripe(&ls, &pi_wa);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["amount"], 1050);

    // More than is left is refused before any call to Stripe.
    let refund_posts = posts(&d, "/v1/refunds").len();
    let calls = d.seen().len();
    let before = shop.snapshot();
    shop.run(&["refunds", "create", &wa, "--amount", "50.01"])
        .code(1)
        .stderr_has("50.00");
    assert_eq!(shop.snapshot(), before);
    assert_eq!(d.seen().len(), calls, "the over-refund called Stripe");
    assert_eq!(
        posts(&d, "/v1/refunds").len(),
        refund_posts,
        "the over-refund reached Stripe"
    );

    // In full, with Stripe failing the first call (500): retried with the same key, one
    // refund.
    d.fail_next("POST", "/v1/refunds", Fault::Status(500));
    let full = shop.json(&["refunds", "create", &new, "--all"]);
    assert_eq!(full["amount"], "46.00", "{full}");
    let calls = posts(&d, "/v1/refunds");
    let calls = &calls[refund_posts..];
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!((calls[0].status, calls[1].status), (500, 200));
    assert!(calls[0].idempotency_key.is_some());
    assert_eq!(calls[0].idempotency_key, calls[1].idempotency_key);
    let r = refunds_in_localstripe(&ls, &pi_new);
    assert_eq!(r.len(), 1, "refunded twice: {r:#?}");
    assert_eq!(r[0]["amount"], 4600);

    // A 500 AFTER the refund was made (localstripe ignores Idempotency-Key, so a plain retry
    // would refund again): shopctl looks for the refund by its key before retrying.
    d.fail_next("POST", "/v1/refunds", Fault::StatusAfter(500));
    let rest = shop.json(&["refunds", "create", &wa, "--amount", "20.00"]);
    assert_eq!(
        (rest["amount"].as_str(), rest["status"].as_str()),
        (Some("20.00"), Some("succeeded")),
        "{rest}"
    );
    let last = posts(&d, "/v1/refunds");
    assert_eq!(last.len(), refund_posts + 3, "posted again: {last:?}");
    assert_eq!(last.last().unwrap().status, 500);
    let r = refunds_in_localstripe(&ls, &pi_wa);
    assert_eq!(r.len(), 2, "refunded twice: {r:#?}");
    let orders = shop.json(&["orders", "list"]);
    assert_eq!(order(&orders, &new)["payment_status"], "refunded");
    assert_eq!(order(&orders, &wa)["payment_status"], "partially_refunded");

    // A payout of both charges less Stripe's fees and the two refunds (the double links its
    // balance transactions, localstripe's, with the fees).
    let charge_txn = |pi: &str| {
        ls.get(&format!("/v1/payment_intents/{pi}?expand[]=latest_charge"))["latest_charge"]
            ["balance_transaction"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut link = vec![
        (charge_txn(&pi_wa), 113),
        (charge_txn(&pi_new), 94),
        (charge_txn(&pi_cs), 40),
    ];
    for pi in [&pi_wa, &pi_new] {
        for r in refunds_in_localstripe(&ls, pi) {
            link.push((r["balance_transaction"].as_str().unwrap().to_owned(), 0));
        }
    }
    let net = (6050 - 113) + (4600 - 94) + (1050 - 40) - 1050 - 2000 - 4600;
    let payout = ls.post(
        "/v1/payouts",
        &[
            ("amount", &net.to_string()),
            ("currency", "eur"),
            ("status", "paid"),
        ],
    );
    let po = payout["id"].as_str().unwrap().to_owned();
    let link_refs: Vec<(&str, i64)> = link.iter().map(|(t, f)| (t.as_str(), *f)).collect();
    d.link_payout(&po, &link_refs);
    let pulled = shop.json(&["sync"]);
    assert_eq!(pulled["pulled"]["payouts_new"], 1, "{pulled}");
    assert_eq!(pulled["pulled"]["transactions_new"], 6, "{pulled}");
    let report = shop.json(&["payouts", "reconcile"]);
    assert_eq!(
        report["discrepancies"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );

    // A second payout with an adjustment the shop cannot explain: exit 3.
    let payout = ls.post(
        "/v1/payouts",
        &[("amount", "500"), ("currency", "eur"), ("status", "paid")],
    );
    let po2 = payout["id"].as_str().unwrap().to_owned();
    d.add_payout_txn(&po2, "txn_double_adjustment_1", "adjustment", 500, "eur");
    shop.json(&["sync"]);
    let run = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3);
    let report = run.json();
    let found = report["discrepancies"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["kind"], "missing_in_shop");
    assert_eq!(found[0]["reference"], "txn_double_adjustment_1");
}

#[test]
fn the_binary_survives_stripe_faults_and_a_wrong_key() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut shop = stripe_shop(&d);

    // A wrong key: Stripe answers 401; a clear error without the key, exit 1, nothing changed.
    let wrong = "sk_test_wrong_key_0000";
    set_env(&mut shop, KEY_ENV, wrong);
    let before = shop.snapshot();
    let run = shop
        .run(&["sync"])
        .code(1)
        .stderr_has("Invalid API Key provided")
        .stderr_has(&format!(
            "the Stripe API key from environment variable {KEY_ENV} was refused"
        ));
    assert!(!run.stderr.contains(wrong), "{}", run.stderr);
    assert!(!run.stdout.contains(wrong), "{}", run.stdout);
    assert_eq!(shop.snapshot(), before, "a refused key changed the shop");
    assert_eq!(
        d.seen().len(),
        1,
        "stopped at the first refusal: {:?}",
        d.seen()
    );
    set_env(&mut shop, KEY_ENV, KEY);

    // 429 then 200 on a push, and a dropped connection: retried with the same key, one effect.
    d.fail_next("POST", "/v1/products", Fault::Status(429));
    d.fail_next("POST", "/v1/prices", Fault::Drop);
    let summary = shop.json(&["sync"]);
    assert_eq!(summary["pushed"], 3, "{summary}");
    let creates = posts(&d, "/v1/products");
    assert_eq!(creates.len(), 3, "{creates:?}");
    assert_eq!((creates[0].status, creates[1].status), (429, 200));
    assert_eq!(creates[0].idempotency_key, creates[1].idempotency_key);
    let prices = posts(&d, "/v1/prices");
    assert_eq!((prices[0].status, prices[1].status), (0, 200), "{prices:?}");
    assert_eq!(prices[0].idempotency_key, prices[1].idempotency_key);
    assert_eq!(ls.get("/v1/products")["data"].as_array().unwrap().len(), 2);
    assert_eq!(d.prices().len(), 2);

    // A connection that keeps dropping: the change stays pending with a clear error, exit 1;
    // the next sync carries on from it.
    shop.run(&["catalog", "edit", "TEE-BLK-M", "--price", "27.00"])
        .ok();
    for _ in 0..10 {
        d.fail_next("POST", "/v1/prices", Fault::Drop);
    }
    let run = shop
        .run(&["--format", "json", "sync"])
        .code(1)
        .stderr_has("POST /v1/prices")
        .stderr_has("gave up after 5 attempts")
        .stderr_has("stays pending and the next `shopctl sync` carries on from it");
    let summary = run.json();
    assert_eq!(
        (summary["failed"].as_u64(), summary["pending"].as_u64()),
        (Some(1), Some(1))
    );
    d.clear_faults();
    d.fail_next("GET", "/v1/products", Fault::Drop); // and one more drop, on a read
    let summary = shop.json(&["sync"]);
    assert_eq!(
        (summary["pushed"].as_u64(), summary["pending"].as_u64()),
        (Some(1), Some(0))
    );
    let tee_prices: Vec<_> = d
        .prices()
        .into_iter()
        .filter(|p| p["product"] == "sku_TEE-BLK-M")
        .collect();
    assert_eq!(tee_prices.len(), 2, "{tee_prices:#?}");
    assert_eq!(
        d.default_price("sku_TEE-BLK-M").as_deref(),
        tee_prices
            .iter()
            .find(|p| p["unit_amount"] == 2700)
            .and_then(|p| p["id"].as_str())
    );
}

// ---- Stripe Connect: a Singapore shop that is a connected account -------------------------

const CONNECTED: &str = "acct_1Nv0FGQ9RKHgCVdK";

const SG_CATALOG: &str = "\
sku,title,price,stock
TEE-BLK-M,Black tee M,25.00,40
MUG-WHT,White mug,10.50,40
";

#[test]
fn a_connected_account_is_named_on_every_request() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut shop = TestShop::new();
    shop.env.push((KEY_ENV.into(), KEY.into()));
    shop.env
        .push(("SHOPCTL_STRIPE_MAX_RETRY_MS".into(), "400".into()));
    let set = shop.json(&[
        "provider",
        "set",
        "stripe",
        "--api-key-env",
        KEY_ENV,
        "--api-base",
        &d.base,
        "--account",
        CONNECTED,
        "--webhook-secret-env",
        "STRIPE_WEBHOOK_SECRET",
    ]);
    assert_eq!(set["account"], CONNECTED);
    assert_eq!(set["webhook_secret_from"], "STRIPE_WEBHOOK_SECRET");
    assert_eq!(shop.json(&["provider", "show"])["account"], CONNECTED);

    // A Singapore shop's week: catalog and methods, a WhatsApp order paid by card, shipping,
    // a refund, and the pulls of refunds and payouts.
    shop.stock(SG_CATALOG, &["card", "paynow"]);
    assert_eq!(shop.json(&["sync"])["pushed"], 4);
    std::fs::write(
        shop.path("webhook.json"),
        std::fs::read_to_string(crate::support::fixture("orders/webhook_order.json")).unwrap(),
    )
    .unwrap();
    let imported = shop.json(&["orders", "import", "webhook.json"]);
    let wa = imported["orders"][0].as_str().unwrap().to_owned();
    let pi = ls.pay(6050, "sgd", &[("order_ref", wa.as_str())]);
    let pi = pi["id"].as_str().unwrap().to_owned();
    let pulled = shop.json(&["sync"]);
    assert_eq!(pulled["pulled"]["payments_new"], 1, "{pulled}");
    shop.run(&[
        "orders",
        "fulfil",
        &wa,
        "--carrier",
        "NinjaVan",
        "--tracking",
        "NV1",
    ])
    .ok();
    shop.json(&["sync"]);
    shop.run(&["refunds", "create", &wa, "--amount", "10.50"])
        .ok();
    shop.json(&["sync"]);
    assert_eq!(refunds_in_localstripe(&ls, &pi).len(), 1);

    let seen = d.seen();
    for path in [
        "/v1/products",
        "/v1/payment_method_configurations",
        "/v1/payment_intents",
        "/v1/refunds",
        "/v1/payouts",
    ] {
        assert!(
            seen.iter().any(|s| s.path.starts_with(path)),
            "no request to {path}: {seen:?}"
        );
    }
    let without: Vec<_> = seen
        .iter()
        .filter(|s| s.stripe_account.as_deref() != Some(CONNECTED))
        .collect();
    assert!(
        without.is_empty(),
        "{} of {} requests did not name the account: {without:?}",
        without.len(),
        seen.len()
    );

    // Another account is another history: the cursors start again.
    let other = shop.json(&["provider", "set", "stripe", "--account", "acct_2Other"]);
    assert_eq!(other["account"], "acct_2Other");
    let calls = d.seen().len();
    shop.json(&["sync"]);
    let payment_intents = d.seen()[calls..]
        .iter()
        .find(|s| s.path == "/v1/payment_intents")
        .cloned()
        .unwrap();
    assert_eq!(
        payment_intents.stripe_account.as_deref(),
        Some("acct_2Other")
    );

    // The platform's own account again: no header.
    let own = shop.json(&["provider", "set", "stripe", "--no-account"]);
    assert_eq!(own["account"], serde_json::Value::Null);
    let calls = d.seen().len();
    shop.json(&["sync"]);
    assert!(d.seen()[calls..].iter().all(|s| s.stripe_account.is_none()));
}

/// Issue 16, defect 5: a shop synced with the sandbox, then switched to Stripe, gives Stripe
/// the whole catalog and its payment methods at the next sync (before, sync said "nothing to
/// do" and Stripe had no products); a key of another account gets them again.
#[test]
fn a_new_stripe_account_gets_the_whole_catalog_and_the_enabled_methods() {
    let ls = LocalStripe::start();
    let d = Double::start(Some(&ls.base), KEY);
    let mut shop = TestShop::empty();
    shop.run(&["init", "--name", "Test Shop", "--country", "DE"])
        .ok();
    std::fs::write(shop.path("catalog.csv"), E2E_CATALOG).unwrap();
    shop.run(&["catalog", "import", "catalog.csv"]).ok();
    shop.run(&["payments", "enable", "card"]).ok();
    assert_eq!(shop.json(&["sync"])["pushed"], 3);

    shop.env.push((KEY_ENV.into(), KEY.into()));
    shop.env
        .push(("SHOPCTL_STRIPE_MAX_RETRY_MS".into(), "400".into()));
    shop.run(&[
        "provider",
        "set",
        "stripe",
        "--api-key-env",
        KEY_ENV,
        "--api-base",
        &d.base,
    ])
    .ok();
    let run = shop.run(&["--format", "json", "sync"]).ok();
    assert!(
        run.stderr.contains("the provider account changed")
            && run.stderr.contains("acct_1DoubleFirst test"),
        "{}",
        run.stderr
    );
    let summary = run.json();
    assert_eq!(
        (&summary["requeued"], &summary["pushed"]),
        (&3.into(), &3.into())
    );
    assert_eq!(ls.get("/v1/products/sku_TEE-BLK-M")["name"], "Black tee M");
    assert_eq!(ls.get("/v1/products/sku_MUG-WHT")["name"], "White mug");
    let pmc = d.payment_method_configuration();
    assert_eq!(
        pmc["card"]["display_preference"]["preference"], "on",
        "{pmc}"
    );
    assert_eq!(shop.json(&["sync"])["pushed"], 0);

    // The same key now answers for another account: everything goes again.
    d.set_account("acct_2DoubleOther");
    let again = shop.json(&["sync"]);
    assert_eq!(
        (&again["requeued"], &again["pushed"]),
        (&3.into(), &3.into())
    );
    // No account, no sync: an unreachable provider pushes and pulls nothing.
    set_env(&mut shop, "SHOPCTL_STRIPE_MAX_RETRY_MS", "0");
    d.fail_next("GET", "/v1/account", Fault::Status(500));
    shop.run(&["catalog", "stock", "MUG-WHT", "+1"]).ok();
    let before = shop.snapshot();
    shop.run(&["sync"])
        .code(1)
        .stderr_has("asking the provider which account it is failed");
    assert_eq!(shop.snapshot(), before);
}
