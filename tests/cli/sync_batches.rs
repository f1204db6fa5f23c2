//! Sync's batches (issue 18): the chat's payment requests go to the sandbox chat many per
//! transaction and the chat's carts are processed many per shop transaction, so a sync killed
//! anywhere loses at most the batch in flight, and the next run finishes it without sending a
//! message twice or doubling an order or a payment. The carts of a batch are checked first and
//! written together: a bad delivery among good ones still fails alone, with its reason, and
//! writes nothing.

use std::process::Stdio;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::support::TestShop;

/// More carts than one batch of sends (500), so that a run has several.
const CARTS: i64 = 1100;

fn shop_with_carts() -> TestShop {
    let shop = TestShop::new();
    shop.stock(
        "sku,title,price,stock\nTEE,Tee,25.00,1000000\nMUG,Mug,12.50,1000000\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        &CARTS.to_string(),
        "--days",
        "2",
        "--seed",
        "18",
        "--failure-rate",
        "0",
    ])
    .ok();
    shop
}

fn one(db: &Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every cart became one order, was asked to pay once, and its payment was pulled once.
fn assert_each_cart_once(shop: &TestShop) {
    let db = Connection::open(shop.path("shop.db")).unwrap();
    let sandbox = Connection::open(shop.path("shop.db.sandbox")).unwrap();
    assert_eq!(one(&db, "SELECT count(*) FROM orders"), CARTS);
    assert_eq!(one(&db, "SELECT count(*) FROM payments"), CARTS);
    assert_eq!(
        one(
            &db,
            "SELECT count(*) FROM orders WHERE payment_status = 'captured'"
        ),
        CARTS
    );
    assert_eq!(
        one(&db, "SELECT count(*) FROM messages WHERE status = 'sent'"),
        CARTS
    );
    assert_eq!(
        one(&db, "SELECT count(*) FROM inbox WHERE status = 'processed'"),
        CARTS
    );
    // The customers received one payment request each: no key was recorded twice and no
    // order was asked twice.
    let out = "FROM chat_messages WHERE direction = 'out' AND kind = 'payment_request'";
    assert_eq!(one(&sandbox, &format!("SELECT count(*) {out}")), CARTS);
    assert_eq!(
        one(
            &sandbox,
            &format!("SELECT count(DISTINCT phone || text) {out}")
        ),
        one(&sandbox, &format!("SELECT count(*) {out}")),
    );
    assert_eq!(
        one(
            &db,
            "SELECT count(DISTINCT channel_ref) FROM messages WHERE status = 'sent'"
        ),
        CARTS
    );
}

#[test]
fn a_sync_killed_after_the_chat_took_a_batch_sends_none_of_it_twice() {
    let mut shop = shop_with_carts();
    // The second batch reaches the sandbox chat, then the process dies before the shop
    // records its answers.
    shop.env
        .push(("SHOPCTL_SYNC_CRASH_AFTER_SEND".into(), "2".into()));
    let run = shop.run(&["sync"]);
    assert_eq!(run.code, 137, "{}", run.stderr);
    shop.env.pop();
    let recorded;
    {
        let db = Connection::open(shop.path("shop.db")).unwrap();
        let sandbox = Connection::open(shop.path("shop.db.sandbox")).unwrap();
        // Every cart is an order already (the receive side committed). The chat took both
        // batches and nothing after them; the shop records a batch's answers while the chat
        // takes the next, so the first batch's may or may not have been recorded, and the
        // second's were lost with the process.
        assert_eq!(one(&db, "SELECT count(*) FROM orders"), CARTS);
        recorded = one(&db, "SELECT count(*) FROM messages WHERE status = 'sent'");
        assert!(recorded == 0 || recorded == 500, "{recorded} recorded");
        assert_eq!(
            one(
                &sandbox,
                "SELECT count(*) FROM chat_messages WHERE direction = 'out'"
            ),
            1000
        );
    }
    // The next sync sends the lost batches again with the same keys: the chat recognises
    // them, and the rest goes out once.
    let summary = shop.json(&["sync"]);
    assert_eq!(
        summary["chat"]["messages_sent"],
        CARTS - recorded,
        "{summary}"
    );
    assert_eq!(summary["errors"].as_array().unwrap().len(), 0, "{summary}");
    assert_each_cart_once(&shop);
    let again = shop.json(&["sync"]);
    assert_eq!(again["chat"]["messages_sent"], 0, "{again}");
    assert_each_cart_once(&shop);
}

#[test]
fn a_sync_killed_at_any_moment_is_finished_by_the_next_without_doubling() {
    let shop = shop_with_carts();
    // Kill the sync after longer and longer times, until one finishes by itself.
    let mut delay = Duration::from_millis(150);
    let mut kills = 0;
    for _ in 0..12 {
        let mut child = shop
            .command()
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() >= delay {
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        match finished {
            Some(status) => {
                assert!(status.success(), "sync exited {status}");
                break;
            }
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                kills += 1;
                delay += delay / 2;
            }
        }
    }
    assert!(kills > 0, "no sync was killed: the test proves nothing");
    let summary = shop.json(&["sync"]);
    assert_eq!(summary["errors"].as_array().unwrap().len(), 0, "{summary}");
    let status = shop.run(&["db", "check"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert_each_cart_once(&shop);
}

/// A cart's item: SKU, quantity, unit price.
type Item<'a> = (&'a str, i64, &'a str);

/// A chat delivery (the WhatsApp webhook shape both chats use) with one message per cart:
/// (message id, its items).
fn carts_delivery(carts: &[(&str, &[Item])]) -> String {
    let messages: Vec<serde_json::Value> = carts
        .iter()
        .map(|(id, items)| {
            let items: Vec<serde_json::Value> = items
                .iter()
                .map(|(sku, quantity, price)| {
                    serde_json::json!({"product_retailer_id": sku, "quantity": quantity,
                        "item_price": price.parse::<f64>().unwrap(), "currency": "SGD"})
                })
                .collect();
            serde_json::json!({"from": "6591234567", "id": id, "timestamp": "1795161600",
                "type": "order", "order": {"catalog_id": "", "text": "", "product_items": items}})
        })
        .collect();
    envelope(messages)
}

fn envelope(messages: Vec<serde_json::Value>) -> String {
    serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6560000000", "phone_number_id": "1"},
        "contacts": [{"profile": {"name": "Mei"}, "wa_id": "6591234567"}],
        "messages": messages}}]}]})
    .to_string()
}

/// Puts `bodies` in the shop's inbox as the sandbox chat's deliveries, in order, pending.
fn deliver(shop: &TestShop, bodies: &[String]) -> Vec<i64> {
    let db = Connection::open(shop.path("shop.db")).unwrap();
    bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            db.execute(
                "INSERT INTO inbox (source, dedupe_key, body, received_at)
                 VALUES ('sandbox_chat', ?1, ?2, '2026-11-20T08:00:00Z')",
                rusqlite::params![format!("test-delivery-{i}"), body.as_bytes()],
            )
            .unwrap();
            db.last_insert_rowid()
        })
        .collect()
}

#[test]
fn bad_deliveries_among_good_ones_fail_alone_and_a_second_sync_changes_nothing() {
    let shop = TestShop::new();
    shop.stock(
        "sku,title,price,stock\nTEE,Tee,25.00,1000\nMUG,Mug,12.50,1000\nCAP,Cap,9.00,1\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    let text = serde_json::json!({"from": "6591234567", "id": "m8", "timestamp": "1795161600",
        "type": "text", "text": {"body": "hello"}});
    let ids = deliver(
        &shop,
        &[
            carts_delivery(&[("m1", &[("TEE", 2, "25")])]),
            carts_delivery(&[("m2", &[("MUG", 1, "12.5"), ("TEE", 1, "25")])]),
            // An unknown SKU: this delivery fails, the others go on.
            carts_delivery(&[("m3", &[("NOPE", 1, "5")])]),
            // m1's cart again, in another delivery: no second order.
            carts_delivery(&[("m1", &[("TEE", 2, "25")])]),
            "{not json".to_string(),
            // The second cart's price is wrong: the whole delivery fails, its first cart too.
            carts_delivery(&[("m6a", &[("MUG", 1, "12.5")]), ("m6b", &[("TEE", 1, "99")])]),
            // m6a again, alone: an order now (the delivery that carried it first failed).
            carts_delivery(&[("m6a", &[("MUG", 1, "12.5")])]),
            envelope(vec![text]),
            // The last cap, then one more: below zero, said.
            carts_delivery(&[("m9", &[("CAP", 1, "9")])]),
            carts_delivery(&[("m10", &[("CAP", 1, "9")])]),
            // The same cart twice in one delivery.
            carts_delivery(&[("m11", &[("TEE", 1, "25")]), ("m11", &[("TEE", 1, "25")])]),
        ],
    );
    let run = shop.run(&["--format", "json", "sync"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = run.json();
    assert_eq!(summary["chat"]["processed"], 8, "{summary}");
    assert_eq!(summary["chat"]["processing_failed"], 3, "{summary}");
    assert_eq!(summary["chat"]["messages_sent"], 6, "{summary}");
    assert!(run.stderr.contains("inbox 3 failed"), "{}", run.stderr);
    let db = Connection::open(shop.path("shop.db")).unwrap();
    let orders: Vec<(String, i64)> = db
        .prepare("SELECT source_ref, total FROM orders ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want = [
        ("m1", 5000),
        ("m2", 3750),
        ("m6a", 1250),
        ("m9", 900),
        ("m10", 900),
        ("m11", 2500),
    ];
    let want: Vec<(String, i64)> = want.iter().map(|(m, t)| (m.to_string(), *t)).collect();
    assert_eq!(orders, want);
    assert_eq!(one(&db, "SELECT count(*) FROM order_lines"), 7);
    let stock = |sku: &str| {
        one(
            &db,
            &format!("SELECT stock FROM products WHERE sku = '{sku}'"),
        )
    };
    assert_eq!((stock("TEE"), stock("MUG"), stock("CAP")), (996, 998, -1));
    // Each delivery's outcome, as one at a time recorded it.
    let outcomes: Vec<(i64, String, Option<String>)> = db
        .prepare("SELECT id, status, last_error FROM inbox ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let failed: Vec<i64> = [2, 4, 5].iter().map(|&i| ids[i]).collect();
    for (id, status, error) in &outcomes {
        if failed.contains(id) {
            assert_eq!(status, "failed", "{outcomes:?}");
        } else {
            assert_eq!(
                (status.as_str(), error),
                ("processed", &None),
                "{outcomes:?}"
            );
        }
    }
    let error = |i: usize| outcomes.iter().find(|o| o.0 == ids[i]).unwrap().2.clone();
    assert!(
        error(2).unwrap().contains("unknown SKU \"NOPE\""),
        "{outcomes:?}"
    );
    assert!(
        error(5)
            .unwrap()
            .contains("item_price 99.00 differs from the catalog's price 25.00"),
        "{outcomes:?}"
    );
    drop(db);
    // `status` says so, and where to look.
    let status = shop.json(&["status"]);
    assert_eq!(status["chat"]["failed_delivery_count"], 3, "{status}");
    assert_eq!(status["chat"]["failed_message_count"], 0, "{status}");
    let text = shop.run(&["status"]).ok().stdout;
    assert!(
        text.contains("chat       3 deliveries failed (`shopctl inbox list --failed`)\n"),
        "{text}"
    );

    // Again: nothing new, nothing written.
    let before = shop.snapshot();
    let again = shop.json(&["sync"]);
    assert_eq!(again["chat"]["processed"], 0, "{again}");
    assert_eq!(again["chat"]["processing_failed"], 0, "{again}");
    assert_eq!(again["pulled"]["orders_new"], 0, "{again}");
    assert_eq!(shop.snapshot(), before);

    // The unknown SKU's delivery, once the shop sells it: an order, once.
    shop.run(&[
        "catalog", "add", "NOPE", "--title", "Nope", "--price", "5.00", "--stock", "3",
    ])
    .ok();
    let id = ids[2].to_string();
    shop.run(&["inbox", "retry", &id]).ok();
    shop.run(&["inbox", "retry", &id])
        .code(1)
        .stderr_has("was processed; there is nothing to retry");
    let db = Connection::open(shop.path("shop.db")).unwrap();
    assert_eq!(
        one(&db, "SELECT count(*) FROM orders WHERE source_ref = 'm3'"),
        1
    );
    assert_eq!(one(&db, "SELECT stock FROM products WHERE sku = 'NOPE'"), 2);
}
