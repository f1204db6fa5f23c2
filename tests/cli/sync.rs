//! Payment methods and sync against the embedded sandbox (issue 4): enable methods, push the
//! catalog, simulate customers, pull orders, payments and payouts, and the faults: a push that
//! fails midway, a process killed between the provider's answer and the commit, two syncs at
//! once, a provider without its key.

use std::fs::File;

use serde_json::Value;

use crate::support::{TestShop, snapshot};

const CATALOG: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
TEE-BLK-M,TEE,Black tee M,,active,25.00,,SGD,400,,,,,,
TEE-BLK-L,TEE,Black tee L,,active,25.00,,SGD,400,,,,,,
MUG-WHT,,White mug,,active,12.50,9.90,SGD,400,,,,,,
CAP-RED,,Red cap,,active,18.00,,SGD,400,,,,,,
POSTER,,Poster,,draft,8.00,,SGD,50,,,,,,
";

/// A Singapore shop with five products (four active) and card + PayNow enabled, not synced.
fn shop_with_catalog() -> TestShop {
    let shop = TestShop::new();
    shop.stock(CATALOG, &["card", "paynow"]);
    shop
}

/// `shop_with_catalog`, synced, with `n` paid sandbox orders pulled in.
fn synced_shop_with_paid_orders(n: &str) -> TestShop {
    let shop = shop_with_catalog();
    shop.run(&["sync"]).ok();
    shop.run(&["sandbox", "simulate", "--orders", n, "--failure-rate", "0"])
        .ok();
    shop.run(&["sync"]).ok();
    shop
}

fn count(shop: &TestShop, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn methods(shop: &TestShop) -> Vec<Value> {
    shop.json(&["payments", "list"]).as_array().unwrap().clone()
}

fn method<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter().find(|m| m["method"] == name).unwrap()
}

#[test]
fn payment_methods_are_enabled_once_and_reach_the_provider_at_sync() {
    let shop = TestShop::new();
    let all = methods(&shop);
    assert_eq!(all.len(), 6);
    assert_eq!(method(&all, "paynow")["fits_shop"], true);
    assert_eq!(method(&all, "pix")["fits_shop"], false);
    assert_eq!(method(&all, "boleto")["refund_rule"], "no refunds");
    assert_eq!(
        method(&all, "paynow")["refund_rule"],
        "refundable for 90 days"
    );

    let out = shop.json(&["payments", "enable", "card", "paynow"]);
    assert_eq!(out["methods"][0]["changed"], true);
    let all = methods(&shop);
    assert_eq!(method(&all, "card")["enabled"], true);
    assert_eq!(method(&all, "card")["provider_state"], "pending");

    // Enabling an enabled method changes nothing, not even the outbox.
    let before = shop.snapshot();
    let run = shop.run(&["payments", "enable", "card"]).ok();
    assert_eq!(run.stdout, "already enabled: card\n");
    assert_eq!(shop.snapshot(), before);

    shop.run(&["sync"]).ok();
    let all = methods(&shop);
    assert_eq!(method(&all, "card")["provider_state"], "in_sync");
    assert_eq!(method(&all, "paynow")["provider_state"], "in_sync");

    shop.run(&["payments", "disable", "paynow"]).ok();
    let all = methods(&shop);
    assert_eq!(method(&all, "paynow")["enabled"], false);
    assert_eq!(method(&all, "paynow")["provider_state"], "pending");
}

#[test]
fn methods_outside_the_market_or_unknown_are_refused_and_nothing_changes() {
    let shop = TestShop::new();
    let before = shop.snapshot();
    shop.run(&["payments", "enable", "pix"])
        .code(1)
        .stderr_has("pix cannot be enabled for this shop: it is for BR (BRL)")
        .stderr_has("Methods that fit: card, paynow");
    // A method shopctl does not know is a wrong command line: exit 2 (issue 17).
    shop.run(&["payments", "enable", "card", "bitcoin"])
        .code(2)
        .stderr_has("invalid value 'bitcoin' for '<METHOD>...'")
        .stderr_has("[possible values: card, paynow, upi, pix, boleto, meta_pay]");
    shop.run(&["payments", "enable", "paynw"])
        .code(2)
        .stderr_has("a similar value exists: 'paynow'");
    assert_eq!(shop.snapshot(), before, "a refused enable wrote something");
    shop.run(&["payments", "enable"]).code(2);
}

#[test]
fn a_dry_run_lists_what_would_be_pushed_and_changes_nothing() {
    let shop = shop_with_catalog();
    let before = shop.snapshot();
    let rows = shop.json(&["sync", "--dry-run"]);
    let rows = rows.as_array().unwrap();
    // Five products, the import's one entry for the chat's catalog, and two methods.
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0]["kind"], "product_upsert");
    assert_eq!(
        (&rows[5]["target"], &rows[5]["kind"]),
        (&"channel".into(), &"catalog_scan".into())
    );
    assert_eq!(rows[6]["kind"], "payment_method");
    assert_eq!(shop.snapshot(), before);
    let sandbox = shop.path("shop.db.sandbox");
    assert!(!sandbox.exists(), "a dry run made the provider's file");

    // With a provider that already holds the catalog: a price change and a new method wait
    // in the outbox, the dry run lists them, and the provider learns nothing.
    shop.run(&["sync"]).ok();
    shop.run(&["catalog", "edit", "TEE-BLK-M", "--price", "26.00"])
        .ok();
    shop.run(&["payments", "disable", "paynow"]).ok();
    let before = (shop.snapshot(), snapshot(&sandbox));
    let rows = shop.json(&["sync", "--dry-run"]);
    let kinds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    // (And the price change's entry for the chat's catalog, which the provider never sees.)
    assert_eq!(
        kinds,
        ["product_upsert", "catalog_item", "payment_method"],
        "{rows}"
    );
    assert_eq!((shop.snapshot(), snapshot(&sandbox)), before);
    // The real sync then pushes exactly those two.
    assert_eq!(shop.json(&["sync"])["pushed"], 2);
    assert_ne!(snapshot(&sandbox), before.1);
}

#[test]
fn the_whole_flow_lands_orders_payments_and_payouts_with_the_right_totals() {
    let shop = shop_with_catalog();
    let first = shop.json(&["sync"]);
    assert_eq!(first["pushed"], 7);
    assert_eq!(first["pending"], 0);
    assert_eq!(first["failed"], 0);

    // A second sync right after the first changes nothing and says so.
    let before = shop.snapshot();
    let again = shop.run(&["sync"]).ok();
    assert_eq!(
        again.stdout,
        "nothing to do: the shop and the provider already agree\n"
    );
    assert_eq!(shop.snapshot(), before);

    shop.run(&[
        "sandbox", "simulate", "--orders", "200", "--days", "5", "--seed", "7",
    ])
    .ok();
    let pulled = shop.json(&["sync"]);
    // Simulated customers send their carts through the sandbox chat (issue 12): the carts
    // arrive as 200 chat deliveries, each made into an order by the same processing as
    // `serve`, and the provider's pull then settles each with its payment.
    assert_eq!(pulled["chat"]["deliveries_new"], 200, "{pulled}");
    assert_eq!(pulled["chat"]["processed"], 200, "{pulled}");
    assert_eq!(pulled["pulled"]["orders_new"], 0, "{pulled}");
    assert_eq!(pulled["pulled"]["orders_changed"], 200, "{pulled}");
    assert_eq!(pulled["pulled"]["payments_new"], 200, "{pulled}");
    // Each customer was asked to pay in the chat.
    assert_eq!(pulled["chat"]["messages_sent"], 200, "{pulled}");
    // The stock the orders took is pushed once per product, not once per order line.
    assert!(pulled["pushed"].as_u64().unwrap() <= 4, "{pulled}");
    assert!(pulled["superseded"].as_u64().unwrap() > 0, "{pulled}");
    assert!(
        pulled["pulled"]["payouts_new"].as_u64().unwrap() >= 4,
        "{pulled}"
    );
    assert_eq!(count(&shop, "SELECT count(*) FROM orders"), 200);
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM orders WHERE source = 'whatsapp'"
        ),
        200
    );

    // Every order's total is the sum of its lines, at the price actually charged.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM orders o WHERE total !=
               (SELECT sum(quantity * unit_price) FROM order_lines l WHERE l.order_id = o.id)"
        ),
        0
    );
    // The sale price is what customers paid for the mug.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM order_lines WHERE sku = 'MUG-WHT' AND unit_price != 990"
        ),
        0
    );
    // No order for a draft product.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM order_lines WHERE sku = 'POSTER'"
        ),
        0
    );
    // Paid orders are processing with one captured payment of their total; failed ones pending.
    let captured = count(
        &shop,
        "SELECT count(*) FROM orders WHERE payment_status = 'captured' AND status = 'processing'",
    );
    let failed = count(
        &shop,
        "SELECT count(*) FROM orders WHERE payment_status = 'failed' AND status = 'pending'",
    );
    assert_eq!(captured + failed, 200);
    assert!(failed > 0 && failed < 60, "failed {failed}");
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM orders o WHERE payment_status = 'captured' AND total !=
               (SELECT sum(amount) FROM payments p WHERE p.order_id = o.id AND p.status = 'captured')"
        ),
        0
    );
    // Only enabled methods were used.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM payments WHERE method NOT IN ('card', 'paynow')"
        ),
        0
    );
    // Stock: reserved for every order whose payment did not fail.
    assert_eq!(
        count(
            &shop,
            "SELECT (SELECT sum(stock) FROM products WHERE status = 'active') + (SELECT coalesce(sum(quantity), 0)
               FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.payment_status != 'failed')"
        ),
        1600
    );
    // Each payout is the sum of its transactions, and its charges are the shop's payments.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM payouts p WHERE amount !=
               (SELECT sum(net) FROM balance_transactions t WHERE t.payout_id = p.id)"
        ),
        0
    );
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM balance_transactions t WHERE kind = 'charge' AND gross !=
               (SELECT amount FROM payments p WHERE p.provider_ref = t.source_ref AND status = 'captured')"
        ),
        0
    );
    let report = shop.json(&["payouts", "reconcile"]);
    assert_eq!(
        report["discrepancies"].as_array().unwrap().len(),
        0,
        "{report}"
    );

    // And the pull is idempotent.
    let before = shop.snapshot();
    let again = shop.run(&["sync"]).ok();
    assert!(
        again.stdout.starts_with("nothing to do"),
        "{}",
        again.stdout
    );
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn a_push_that_fails_midway_leaves_the_rest_pending_and_the_next_sync_carries_on() {
    let mut shop = shop_with_catalog();
    shop.env
        .push(("SHOPCTL_FAULTS".into(), "fail:push:3".into()));
    let run = shop
        .run(&["--format", "json", "sync", "--push-only"])
        .code(1)
        .stderr_has("stays pending and the next `shopctl sync` carries on from it");
    let summary = run.json();
    assert_eq!(summary["pushed"], 2);
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["pending"], 5);
    // The provider's lane stopped; the chat's catalog (its own lane) was published.
    let provider_done = "SELECT count(*) FROM outbox WHERE status = 'done' AND target = 'provider'";
    assert_eq!(count(&shop, provider_done), 2);
    assert_eq!(
        count(
            &shop,
            "SELECT attempts FROM outbox WHERE id = (SELECT id FROM outbox WHERE target = \
             'provider' ORDER BY id LIMIT 1 OFFSET 2) AND last_error LIKE '%injected fault%'"
        ),
        1
    );
    shop.env.pop();
    let summary = shop.json(&["sync", "--push-only"]);
    assert_eq!(summary["pushed"], 5);
    assert_eq!(summary["pending"], 0);
    assert_eq!(count(&shop, provider_done), 7);
}

#[test]
fn a_sync_killed_between_the_providers_answer_and_the_commit_repeats_nothing() {
    let mut shop = synced_shop_with_paid_orders("10");
    let order = count(&shop, "SELECT min(id) FROM orders").to_string();

    // The refund reaches the provider, then the process dies before recording the answer.
    shop.env.push((
        "SHOPCTL_FAULTS".into(),
        "crash-after:create_refund:1".into(),
    ));
    let run = shop.run(&["refunds", "create", &order, "--amount", "1.00"]);
    assert_eq!(run.code, 137, "{}", run.stderr);
    shop.env.pop();
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM refunds WHERE status = 'pending' AND provider_ref IS NULL"
        ),
        1
    );

    // sync completes it with the same key; the provider made one refund, not two.
    let summary = shop.json(&["sync"]);
    assert_eq!(summary["refunds_completed"], 1, "{summary}");
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM refunds WHERE status = 'succeeded'"
        ),
        1
    );
    shop.run(&["sandbox", "payout"]).ok();
    shop.run(&["sync"]).ok();
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM balance_transactions WHERE kind = 'refund'"
        ),
        1
    );
    let report = shop.json(&["payouts", "reconcile"]);
    assert_eq!(
        report["discrepancies"].as_array().unwrap().len(),
        0,
        "{report}"
    );

    // A shipment pushed, then the process killed before the shop recorded it: the next sync
    // pushes it again with the same key, and the provider has it once.
    let other = count(&shop, "SELECT max(id) FROM orders").to_string();
    shop.run(&[
        "orders",
        "fulfil",
        &other,
        "--carrier",
        "SingPost",
        "--tracking",
        "SP9",
    ])
    .ok();
    // (The shipment also queues the chat customer's `order_status` message, issue 12: count
    // the provider's entries.)
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE status = 'pending' AND target = 'provider'"
        ),
        1
    );
    shop.env
        .push(("SHOPCTL_FAULTS".into(), "crash-after:push:1".into()));
    assert_eq!(shop.run(&["sync", "--push-only"]).code, 137);
    shop.env.pop();
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE status = 'pending'"
        ),
        1
    );
    shop.run(&["sync", "--push-only"]).ok();
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE status = 'pending'"
        ),
        0
    );
    let sandbox = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    let shipments: i64 = sandbox
        .query_row(
            "SELECT count(*) FROM fulfilments WHERE tracking = 'SP9'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shipments, 1, "the provider recorded the shipment twice");
}

#[test]
fn re_running_a_refund_killed_midway_with_its_key_completes_it_once() {
    let mut shop = synced_shop_with_paid_orders("4");
    let order = count(&shop, "SELECT min(id) FROM orders").to_string();
    let args = [
        "refunds",
        "create",
        order.as_str(),
        "--amount",
        "3.00",
        "--idempotency-key",
        "desk-12",
    ];
    shop.env.push((
        "SHOPCTL_FAULTS".into(),
        "crash-after:create_refund:1".into(),
    ));
    assert_eq!(shop.run(&args).code, 137);
    shop.env.pop();
    let done = shop.json(&args);
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(count(&shop, "SELECT count(*) FROM refunds"), 1);
    let sandbox = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    let made: i64 = sandbox
        .query_row("SELECT count(*) FROM refunds", [], |r| r.get(0))
        .unwrap();
    assert_eq!(made, 1, "the provider made the refund twice");
}

#[test]
fn canceling_orders_whose_payment_failed_gives_back_no_stock_twice() {
    let shop = shop_with_catalog();
    shop.run(&["sync"]).ok();
    let stock = count(&shop, "SELECT sum(stock) FROM products");
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "3",
        "--failure-rate",
        "1",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM orders WHERE payment_status = 'failed'"
        ),
        3
    );
    assert_eq!(count(&shop, "SELECT sum(stock) FROM products"), stock);
    for id in ["1001", "1002", "1003"] {
        shop.run(&["orders", "cancel", id]).ok();
    }
    assert_eq!(count(&shop, "SELECT sum(stock) FROM products"), stock);
}

#[test]
fn two_syncs_at_once_never_push_twice_the_second_waits_then_exits_4() {
    let mut shop = shop_with_catalog();
    let lock = File::create(shop.path("shop.db.sync-lock")).unwrap();
    lock.lock().unwrap();
    shop.env
        .push(("SHOPCTL_BUSY_TIMEOUT_MS".into(), "300".into()));
    let before = snapshot(&shop.db);
    shop.run(&["sync"])
        .code(4)
        .stderr_has("another `shopctl sync` is running on this shop");
    assert_eq!(snapshot(&shop.db), before);

    // Within the timeout the second one waits, then runs once the first lets go.
    shop.env.pop();
    let waiting = shop
        .command()
        .arg("sync")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert_eq!(snapshot(&shop.db), before, "it ran while the lock was held");
    drop(lock);
    let out = waiting.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE status = 'pending'"
        ),
        0
    );
    // Each entry was pushed once.
    assert_eq!(count(&shop, "SELECT max(attempts) FROM outbox"), 1);
}

#[test]
fn a_provider_without_its_key_fails_clearly_and_changes_nothing() {
    let shop = shop_with_catalog();
    shop.run(&[
        "provider",
        "set",
        "stripe",
        "--api-key-env",
        "SHOPCTL_TEST_NO_SUCH_KEY",
    ])
    .ok();
    let before = shop.snapshot();
    shop.run(&["sync"])
        .code(1)
        .stderr_has("SHOPCTL_TEST_NO_SUCH_KEY");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn a_product_push_killed_midway_is_retried_with_the_same_body() {
    let mut shop = shop_with_catalog();
    shop.env
        .push(("SHOPCTL_FAULTS".into(), "crash-after:push:1".into()));
    assert_eq!(shop.run(&["sync", "--push-only"]).code, 137);
    shop.env.pop();
    // The state that reached the provider is kept with the entry: a retry under its key sends
    // that same body, and a later change goes out under a key of its own.
    let body: String = rusqlite::Connection::open(&shop.db)
        .unwrap()
        .query_row(
            "SELECT payload FROM outbox WHERE id = 1 AND status = 'pending'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(body.contains("\"title\":\"Black tee M\""), "{body}");
    shop.run(&["catalog", "edit", "TEE-BLK-M", "--title", "Black tee, M"])
        .ok();
    let summary = shop.json(&["sync", "--push-only"]);
    assert_eq!(summary["superseded"], 1, "{summary}");
    assert_eq!(summary["pending"], 0);
    let sandbox = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    let title: String = sandbox
        .query_row(
            "SELECT title FROM products WHERE sku = 'TEE-BLK-M'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "Black tee, M");
}
