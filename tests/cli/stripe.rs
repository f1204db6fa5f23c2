//! The Stripe adapter and `provider show|set`, tested for real against localstripe (a
//! stateful Stripe server from PyPI, installed into target/ on first use) and, for what
//! localstripe lacks, against the test double in tests/stripe/double.rs.

#[path = "../stripe/double.rs"]
mod double;
#[path = "../stripe/localstripe.rs"]
mod localstripe;

use std::time::Duration;

use secrecy::SecretString;
use shopctl::money::{Currency, Money};
use shopctl::provider::stripe::client::RetryPolicy;
use shopctl::provider::stripe::{Stripe, StripeConfig};
use shopctl::provider::{
    Change, OutboxEntry, PaymentState, ProductState, Provider, ProviderError, RefundRequest,
    RefundState, TxnKind,
};

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
    assert!(
        !run.stdout.contains(SECRET),
        "key on stdout: {}",
        run.stdout
    );
    assert!(
        !run.stderr.contains(SECRET),
        "key on stderr: {}",
        run.stderr
    );
    for name in ["shop.db", "shop.db-wal"] {
        if let Ok(bytes) = std::fs::read(shop.path(name)) {
            let found = bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes());
            assert!(!found, "the key is in {name}");
        }
    }
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

    shop.run(&["provider", "set", "paypal"])
        .code(1)
        .stderr_has("unknown provider \"paypal\"; choose one of: sandbox, stripe");

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
        status: "active".into(),
        price: eur(price),
        sale_price: None,
        stock: 7,
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

    // A 400 is not retried, and reads as Stripe's type, message, code and param.
    let err = stripe.push(&entry(1, Change::ProductArchive { sku: "X".into() }));
    assert!(
        err.is_ok(),
        "no such product at the double is a no-op: {err:?}"
    );

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
