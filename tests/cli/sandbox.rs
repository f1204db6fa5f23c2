//! `shopctl sandbox simulate` and `shopctl sandbox payout` on real shop files. Products and
//! methods reach the sandbox through the Provider trait here (what `shopctl sync` does).

use shopctl::model::{
    CatalogItem, CatalogRequest, Change, OutboxEntry, ProductState, ProductStatus,
};
use shopctl::money::{Currency, Money};
use shopctl::provider::Provider;
use shopctl::provider::sandbox::Sandbox;

use crate::support::{TestShop, snapshot};

fn sandbox_file(shop: &TestShop) -> std::path::PathBuf {
    shop.path("shop.db.sandbox")
}

/// Pushes a few SGD products and the card and PayNow methods to the shop's sandbox, and
/// publishes the products to the sandbox chat's catalog (what `shopctl sync` does too:
/// simulated customers order from the chat).
fn push_catalog(shop: &TestShop) {
    publish_to_the_chat(shop, &["TEE", "MUG", "TOTE", "CAP"]);
    let mut sbx = Sandbox::open_beside(&shop.db).unwrap();
    let sgd = Currency::from_code("SGD").unwrap();
    let mut n = 0;
    let mut push = |change: Change| {
        n += 1;
        sbx.push(&OutboxEntry {
            id: n,
            idempotency_key: format!("test-{n}"),
            change,
        })
        .unwrap();
    };
    for (sku, price, sale) in [
        ("TEE", 2500, Some(1999)),
        ("MUG", 1800, None),
        ("TOTE", 1250, None),
        ("CAP", 2000, None),
    ] {
        push(Change::ProductUpsert(ProductState {
            sku: sku.into(),
            group: String::new(),
            title: sku.into(),
            description: String::new(),
            status: ProductStatus::Active,
            price: Money::new(price, sgd),
            sale_price: sale.map(|s| Money::new(s, sgd)),
            stock: Some(500),
            images: vec![],
        }));
    }
    for method in ["card", "paynow"] {
        push(Change::PaymentMethod {
            method: method.into(),
            enabled: true,
        });
    }
}

fn publish_to_the_chat(shop: &TestShop, skus: &[&str]) {
    let mut sbx = Sandbox::open_beside(&shop.db).unwrap();
    let sgd = Currency::from_code("SGD").unwrap();
    let requests: Vec<CatalogRequest> = skus
        .iter()
        .map(|sku| {
            CatalogRequest::Update(CatalogItem {
                id: sku.to_string(),
                title: sku.to_string(),
                description: String::new(),
                availability: "in stock".into(),
                condition: "new".into(),
                price: Money::new(100, sgd),
                sale_price: None,
                link: String::new(),
                images: vec![],
                brand: "Test".into(),
                item_group_id: String::new(),
                inventory: Some(500),
            })
        })
        .collect();
    sbx.publish_catalog(&requests, "2026-11-20T09:00:00Z".parse().unwrap())
        .unwrap();
}

#[test]
fn refuses_a_shop_on_another_provider() {
    let shop = TestShop::empty();
    shop.run(&["init", "--country", "SG", "--provider", "stripe"])
        .ok();
    let before = shop.snapshot();
    shop.run(&["sandbox", "simulate"])
        .code(1)
        .stderr_has("this shop uses stripe; the sandbox simulates only sandbox shops");
    shop.run(&["sandbox", "payout"])
        .code(1)
        .stderr_has("this shop uses stripe");
    assert_eq!(shop.snapshot(), before);
    assert!(!sandbox_file(&shop).exists());
}

#[test]
fn bad_flags_say_what_is_wrong_and_change_nothing() {
    let shop = TestShop::new();
    push_catalog(&shop);
    let before = (shop.snapshot(), snapshot(&sandbox_file(&shop)));
    for (args, says) in [
        (
            vec!["--failure-rate", "2"],
            "--failure-rate \"2\" is not a share between 0 and 1",
        ),
        (
            vec!["--failure-rate", "ten"],
            "is not a share between 0 and 1",
        ),
        (vec!["--fee", "card"], "expected METHOD=PCT%[+FIXED]"),
        (
            vec!["--fee", "bitcoin=1%"],
            "unknown payment method \"bitcoin\"",
        ),
        (vec!["--fee", "card=3.4"], "needs a % sign"),
        (vec!["--fee", "card=120%"], "between 0% and 100%"),
        (vec!["--fee", "card=1%+0.001"], "not a SGD amount"),
    ] {
        let mut all = vec!["sandbox", "simulate"];
        all.extend(args.iter().copied());
        shop.run(&all).code(1).stderr_has(says);
    }
    shop.run(&["sandbox", "simulate", "--orders", "0"]).code(2);
    shop.run(&["sandbox", "simulate", "--days", "0"]).code(2);
    assert_eq!((shop.snapshot(), snapshot(&sandbox_file(&shop))), before);
}

#[test]
fn nothing_pushed_gets_a_hint_and_no_sandbox_file() {
    let shop = TestShop::new();
    let before = shop.snapshot();
    shop.run(&["sandbox", "simulate"])
        .code(1)
        .stderr_has("nothing has been pushed to the sandbox yet")
        .stderr_has("shopctl sync");
    assert!(!sandbox_file(&shop).exists());
    assert_eq!(shop.snapshot(), before);
    // Pushed products but no method: says which command to run.
    let mut sbx = Sandbox::open_beside(&shop.db).unwrap();
    sbx.push(&OutboxEntry {
        id: 1,
        idempotency_key: "k".into(),
        change: Change::PaymentMethod {
            method: "card".into(),
            enabled: false,
        },
    })
    .unwrap();
    shop.run(&["sandbox", "simulate"])
        .code(1)
        .stderr_has("no product has been pushed to the sandbox yet");
}

#[test]
fn simulate_summarises_and_is_deterministic() {
    let run = || {
        let shop = TestShop::new();
        push_catalog(&shop);
        let doc = shop.json(&[
            "sandbox",
            "simulate",
            "--orders",
            "30",
            "--days",
            "3",
            "--seed",
            "9",
            "--discrepancies",
            "3",
            "--fee",
            "paynow=1.5%",
        ]);
        (shop, doc)
    };
    let (shop, a) = run();
    let (_, b) = run();
    assert_eq!(a, b);
    assert_eq!(a["order_count"], 30);
    assert_eq!(a["failed"], 3);
    assert_eq!(a["paid"], 27);
    assert_eq!(a["currency"], "SGD");
    let money = |k: &str| {
        Money::parse(
            a[k].as_str().unwrap(),
            Currency::from_code("SGD").unwrap(),
            Default::default(),
        )
        .unwrap()
        .minor
    };
    // The summary's money, worked out apart: every captured payment as the shop synced it,
    // with its fee by hand (card at the default 3.4% + 0.50, PayNow at this run's 1.5%, in
    // integer cents rounded half up).
    // The customers' carts come through the chat and name the sandbox's SKUs, so the shop
    // holds the same products (same prices) before the sync reads them.
    shop.stock(
        "sku,title,status,price,sale_price,currency,stock\nTEE,TEE,active,25.00,19.99,SGD,500\nMUG,MUG,active,18.00,,SGD,500\nTOTE,TOTE,active,12.50,,SGD,500\nCAP,CAP,active,20.00,,SGD,500\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    let (mut gross, mut fees) = (0, 0);
    for o in shop.json(&["orders", "list"]).as_array().unwrap() {
        let shown = shop.json(&["orders", "show", o["id"].as_str().unwrap()]);
        for p in shown["payments"].as_array().unwrap() {
            if p["status"] != "captured" {
                continue;
            }
            let cents: i64 = p["amount"]
                .as_str()
                .unwrap()
                .replace('.', "")
                .parse()
                .unwrap();
            gross += cents;
            fees += match p["method"].as_str().unwrap() {
                "card" => (cents * 34 + 500) / 1000 + 50,
                "paynow" => (cents * 15 + 500) / 1000,
                m => panic!("no hand rule for {m}"),
            };
        }
    }
    assert_eq!(
        (money("gross"), money("fees"), money("net")),
        (gross, fees, gross - fees)
    );
    let methods = a["by_method"].as_array().unwrap();
    assert_eq!(methods.len(), 2);
    assert_eq!(methods[0]["method"], "card");
    // A rate is `fee_rate`; `fee` is money elsewhere (issue 17).
    assert_eq!(methods[0]["fee_rate"], "3.4%+0.50");
    assert_eq!(methods[1]["fee_rate"], "1.5%");
    let payouts = a["payouts"].as_array().unwrap();
    let days: Vec<&str> = payouts
        .iter()
        .map(|p| p["payout_date"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2026-11-17", "2026-11-18", "2026-11-19"]);
    let faults = a["planted_faults"].as_array().unwrap();
    let expect: Vec<&str> = faults.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(
        expect,
        ["missing_in_shop", "duplicate", "payout_sum_mismatch"]
    );

    // The fee override is remembered; a table summary prints for people.
    let out = shop
        .run(&["sandbox", "simulate", "--orders", "5", "--days", "2"])
        .ok();
    assert!(out.stdout.contains("paynow"), "{}", out.stdout);
    assert!(out.stdout.contains("1.5%"), "{}", out.stdout);
    assert!(out.stderr.contains("shopctl sync"), "{}", out.stderr);
}

#[test]
fn faults_need_a_payout() {
    let mut shop = TestShop::new();
    push_catalog(&shop);
    shop.env
        .push(("SHOPCTL_NOW".into(), "2026-11-20T23:59:59Z".into()));
    let before = snapshot(&sandbox_file(&shop));
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "2",
        "--days",
        "1",
        "--seed",
        "4",
        "--discrepancies",
        "1",
    ])
    .code(1)
    .stderr_has("no payout to plant faults in: simulate over more than one day (--days 2 or more)");
    assert_eq!(snapshot(&sandbox_file(&shop)), before);
}

#[test]
fn payout_pays_out_what_waits_or_says_nothing_does() {
    let shop = TestShop::new();
    let run = shop.run(&["sandbox", "payout"]).ok();
    assert_eq!(
        run.stdout,
        "nothing unpaid at the sandbox: no payout made\n"
    );
    let run = shop.run(&["--format", "json", "sandbox", "payout"]).ok();
    assert_eq!(run.json()["payout_count"], 0);
    assert_eq!(run.json()["payouts"].as_array().unwrap().len(), 0);
    assert!(!sandbox_file(&shop).exists());

    push_catalog(&shop);
    shop.json(&["sandbox", "simulate", "--orders", "10", "--days", "1"]);
    let doc = shop.json(&["sandbox", "payout"]);
    let payouts = doc["payouts"].as_array().unwrap();
    assert_eq!(payouts.len(), 1, "today's payments, one currency");
    assert_eq!(payouts[0]["status"], "paid");
    assert_eq!(payouts[0]["payout_date"], "2026-11-20");
    let again = shop.json(&["sandbox", "payout"]);
    assert_eq!(again["payouts"].as_array().unwrap().len(), 0);
}
