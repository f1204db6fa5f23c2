//! Sync's batches (issue 18): the chat's payment requests go to the sandbox chat many per
//! transaction and the chat's carts are processed many per shop transaction, so a sync killed
//! anywhere loses at most the batch in flight, and the next run finishes it without sending a
//! message twice or doubling an order or a payment.

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
    {
        let db = Connection::open(shop.path("shop.db")).unwrap();
        let sandbox = Connection::open(shop.path("shop.db.sandbox")).unwrap();
        // Every cart is an order already (the receive side committed); the first batch's
        // answers are recorded, the second's were lost with the process.
        assert_eq!(one(&db, "SELECT count(*) FROM orders"), CARTS);
        assert_eq!(
            one(&db, "SELECT count(*) FROM messages WHERE status = 'sent'"),
            500
        );
        assert_eq!(
            one(
                &sandbox,
                "SELECT count(*) FROM chat_messages WHERE direction = 'out'"
            ),
            1000
        );
    }
    // The next sync sends the lost batch again with the same keys: the chat recognises them,
    // and the rest goes out once.
    let summary = shop.json(&["sync"]);
    assert_eq!(summary["chat"]["messages_sent"], CARTS - 500, "{summary}");
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
