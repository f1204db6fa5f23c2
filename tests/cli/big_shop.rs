//! What issue 18's ten-million-order shop asked of the schema and the lists, on a small shop
//! of the same shape: `refunds list` and `payouts list` stream like `orders list` (every row
//! to scripts, a page to people, a closed pipe a quiet exit 0); migration 0009 (counts kept by
//! triggers, the customers of the orders, indexes) brings an older shop file up with its
//! counts right; and the counts and the customer search stay right as orders come and go.

use serde_json::{Value, json};

use crate::support::{BEFORE_0009, TestShop};

/// Orders, payments, refunds (each with a line), payouts and their transactions, written as
/// scripts/gen-big-shop.sh writes them (smaller): `orders` orders a day apart from
/// 2026-07-01, every third refunded, a payout a day.
fn shop_with_refunds_and_payouts(orders: i64) -> TestShop {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {orders})
         INSERT INTO orders (id, provider_ref, source, source_ref, customer_phone, customer_name,
                             status, payment_status, currency, total, created_at, updated_at)
         SELECT 1000 + i, 'sbx_ord_' || i, 'whatsapp', 'wamid.t.' || i,
                '659000000' || (i % 7), CASE i % 2 WHEN 0 THEN 'Siti Tan' ELSE 'Ravi Nair' END,
                'completed', CASE WHEN i % 3 = 0 THEN 'partially_refunded' ELSE 'captured' END,
                'SGD', 1000, strftime('%Y-%m-%dT09:00:00Z', 1782864000 + i * 86400, 'unixepoch'),
                strftime('%Y-%m-%dT09:00:00Z', 1782864000 + i * 86400, 'unixepoch')
         FROM n;
         INSERT INTO order_lines (order_id, sku, title, quantity, fulfilled_quantity, refunded_quantity, unit_price)
         SELECT id, 'TEE', 'Tee', 2, 2, CASE WHEN payment_status = 'captured' THEN 0 ELSE 1 END, 500 FROM orders;
         INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
         SELECT id, 'sbx_pay_' || id, 'card', total, 'SGD', 'captured', created_at, created_at FROM orders;
         INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency,
                              status, reason, created_at, updated_at)
         SELECT o.id, p.id, 'sbx_re_' || o.id, 'key-' || o.id, 500, 'SGD', 'succeeded', 'damaged',
                o.created_at, o.created_at
         FROM orders o JOIN payments p ON p.order_id = o.id
         WHERE o.payment_status = 'partially_refunded' ORDER BY o.id;
         INSERT INTO refund_lines (refund_id, sku, quantity) SELECT id, 'TEE', 1 FROM refunds;
         INSERT INTO payouts (provider_ref, amount, currency, status, created_at, arrival_date, updated_at)
         SELECT 'sbx_po_' || id, 1000 - ((id - 1000) % 3 = 0) * 500, 'SGD', 'paid',
                substr(created_at, 1, 10) || 'T23:00:00Z', substr(created_at, 1, 10) || 'T23:00:00Z',
                created_at
         FROM orders ORDER BY id;
         INSERT INTO balance_transactions (provider_ref, payout_id, kind, source_ref, gross, fee, net,
                                           currency, created_at)
         SELECT 'txn_c' || o.id, o.id - 1000, 'charge', 'sbx_pay_' || o.id, 1000, 0, 1000, 'SGD', o.created_at
         FROM orders o;
         INSERT INTO balance_transactions (provider_ref, payout_id, kind, source_ref, gross, fee, net,
                                           currency, created_at)
         SELECT 'txn_r' || r.order_id, r.order_id - 1000, 'refund', r.provider_ref, -500, 0, -500, 'SGD', r.created_at
         FROM refunds r;
         COMMIT;"
    ))
    .unwrap();
    shop
}

/// The rows of a table (each shows its currency).
fn rows(table: &str) -> usize {
    table.lines().filter(|l| l.contains("SGD")).count()
}

#[test]
fn refunds_and_payouts_lists_stream_every_row_to_scripts_and_a_page_to_people() {
    let shop = shop_with_refunds_and_payouts(240);
    // Scripts get every row, newest first.
    let refunds = shop.json(&["refunds", "list"]);
    let refunds = refunds.as_array().unwrap();
    assert_eq!(refunds.len(), 80);
    assert_eq!(
        (&refunds[0]["id"], &refunds[0]["order"]),
        (&Value::from("R80"), &Value::from("1240"))
    );
    assert_eq!(refunds[79]["id"], "R1");
    let csv = shop.run(&["--format", "csv", "refunds", "list"]).ok();
    assert_eq!(csv.stdout.lines().count(), 81, "a header and every refund");
    let payouts = shop.json(&["payouts", "list"]);
    let payouts = payouts.as_array().unwrap();
    assert_eq!(payouts.len(), 240);
    assert_eq!(payouts[0]["id"], "P240");
    assert_eq!(payouts[0]["transaction_count"], 2, "a charge and a refund");
    assert_eq!(payouts[1]["transaction_count"], 1);
    let csv = shop.run(&["--format", "csv", "payouts", "list"]).ok();
    assert_eq!(csv.stdout.lines().count(), 241);

    // Filters read only what they name; a limit keeps the newest.
    let one = shop.json(&["refunds", "list", "--order", "1120"]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["id"], "R40");
    let none = shop.json(&["refunds", "list", "--order", "1121"]);
    assert_eq!(none, Value::Array(vec![]));
    let since = shop.json(&["refunds", "list", "--since", "2027-02-01"]);
    assert!(
        since
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["created_at"].as_str().unwrap() >= "2027-02-01"),
        "{since}"
    );
    assert_eq!(
        shop.json(&["refunds", "list", "--status", "pending"]),
        Value::Array(vec![])
    );
    let three = shop.json(&["payouts", "list", "--limit", "3"]);
    assert_eq!(three.as_array().unwrap()[..], payouts[..3]);
    // A refund still shows its lines.
    assert_eq!(
        shop.json(&["refunds", "show", "R80"])["lines"][0]["sku"],
        "TEE"
    );

    // A table shows a page of 50, and says how many more there are.
    for (args, more) in [
        (&["refunds", "list"][..], "… 30 more: --limit N or --all"),
        (&["payouts", "list"][..], "… 190 more: --limit N or --all"),
    ] {
        let table = shop.run(args).ok();
        assert_eq!(rows(&table.stdout), 50, "{args:?}");
        assert!(table.stderr.contains(more), "{args:?}: {}", table.stderr);
        let mut all = args.to_vec();
        all.push("--all");
        let table = shop.run(&all).ok();
        assert!(rows(&table.stdout) >= 80, "{args:?}");
        assert_eq!(table.stderr, "", "{args:?}");
        let mut both = all.clone();
        both.extend(["--limit", "2"]);
        shop.run(&both).code(2);
    }
}

/// `| head`: the reader goes away after a line; shopctl stops at once, quietly, exit 0.
#[test]
fn a_closed_pipe_ends_refunds_and_payouts_lists_quietly() {
    // 3,000 refunds and 9,000 payouts: more than the pipe and the writer's buffer hold.
    let shop = shop_with_refunds_and_payouts(9000);
    for list in ["refunds", "payouts"] {
        for format in ["csv", "json"] {
            let (first, out) = shop.first_line_then_hang_up(&["--format", format, list, "list"]);
            assert!(!first.is_empty());
            assert_eq!(out.status.code(), Some(0), "{list} {format}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{list} {format}");
        }
    }
}

fn count(shop: &TestShop, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// `status`'s counts against the tables themselves.
fn assert_counts_true(shop: &TestShop) {
    let status = shop.json(&["status"]);
    assert_eq!(
        status["order_count"],
        count(shop, "SELECT count(*) FROM orders")
    );
    assert_eq!(
        status["payment_count"],
        count(shop, "SELECT count(*) FROM payments")
    );
    assert_eq!(
        status["unfulfilled_order_count"],
        count(
            shop,
            "SELECT count(*) FROM orders WHERE status IN ('pending', 'processing', 'partially_shipped')"
        )
    );
}

#[test]
fn a_shop_from_before_0009_is_migrated_with_its_counts_and_customers() {
    let shop = shop_with_refunds_and_payouts(30);
    // Back to schema 8, as the shopctl before issue 18's big shop left files.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(BEFORE_0009).unwrap();
    conn.pragma_update(None, "user_version", 8).unwrap();
    conn.execute_batch(
        "UPDATE orders SET status = 'processing' WHERE id IN (1001, 1002);
         UPDATE orders SET customer_phone = '6581112222', customer_name = 'Mei Ling Goh' WHERE id = 1003;",
    )
    .unwrap();
    drop(conn);
    let out = shop.json(&["db", "migrate"]);
    assert_eq!(
        (&out["from_version"], &out["changed"]),
        (&json!(8), &json!(true))
    );
    assert_counts_true(&shop);
    assert_eq!(shop.json(&["status"])["order_count"], 30);
    assert_eq!(shop.json(&["status"])["unfulfilled_order_count"], 2);

    // The customers the orders carried before are found by part of a phone or a name, in
    // any case; each order's own phone and name decide.
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["orders", "list"];
        all.extend_from_slice(args);
        shop.json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["--customer", "8111"]), ["1003"]);
    assert_eq!(ids(&["--customer", "mei ling"]), ["1003"]);
    assert_eq!(ids(&["--customer", "6590000003"]), ["1024", "1017", "1010"]);
    assert_eq!(
        ids(&["--customer", "NAIR"]).len(),
        14,
        "odd orders but 1003"
    );
    assert_eq!(ids(&["--customer", "nobody"]), Vec::<String>::new());

    // Orders that come later move the counts and are found by their customer too.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "INSERT INTO orders (provider_ref, source, customer_phone, customer_name, status,
                             payment_status, currency, total, created_at, updated_at)
         VALUES ('x1', 'manual', '6587654321', 'Ahmad Ismail', 'pending', 'pending', 'SGD', 100,
                 '2027-03-01T00:00:00Z', '2027-03-01T00:00:00Z');
         UPDATE orders SET customer_name = 'Wei Jie Lim' WHERE id = 1004;",
    )
    .unwrap();
    drop(conn);
    assert_counts_true(&shop);
    assert_eq!(ids(&["--customer", "ahmad"]), ["1031"]);
    assert_eq!(ids(&["--customer", "wei jie"]), ["1004"]);
    assert_eq!(
        ids(&["--customer", "siti"]).len(),
        14,
        "1004 is no longer Siti's"
    );
    let again = shop.json(&["db", "migrate"]);
    assert_eq!(again["changed"], false);
}
