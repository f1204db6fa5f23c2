//! `orders import` and the lists as streams (issue 18): files larger than the reader's 1 MB chunk, orders
//! written as they are read, stock queued once per SKU, and all-or-nothing kept: a bad
//! document anywhere (even after thousands of good ones were written in the transaction)
//! imports nothing, and every problem is named with its line; lists write rows as they are
//! read, a table shows a page, and a closed pipe ends a list quietly. Documents the one-pass
//! reader finds awkward import as their plain twins, and the problems it leaves to the walk are
//! named as the walk names them.

use serde_json::{Value, json};

use crate::orders::seed_catalog;
use crate::support::TestShop;

/// A WhatsApp `order` webhook: message `n`, one unit of `sku` at `price`.
fn order(n: usize, sku: &str, price: &str) -> Value {
    let item: Value = serde_json::from_str(&format!(
        r#"{{"product_retailer_id": "{sku}", "quantity": 1, "item_price": {price}, "currency": "SGD"}}"#
    ))
    .unwrap();
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6531591234", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Customer"}, "wa_id": "6591234567"}],
            "messages": [{
                "from": "6591234567",
                "id": format!("wamid.stream.{n:06}"),
                "timestamp": "1763542800",
                "type": "order",
                "order": {"catalog_id": "1394017164617036", "text": "", "product_items": [item]}
            }]
        }}]}]
    })
}

/// Order `n` of the big file: even ones a tee, odd ones a mug (at its sale price).
fn nth(n: usize) -> Value {
    if n.is_multiple_of(2) {
        order(n, "TEE-BLK-M", "25")
    } else {
        order(n, "MUG-WHT", "10.50")
    }
}

/// 3,000 orders, one per line (about 1.9 MB: the reader's chunk is 1 MB), then order 0
/// again (Meta retried it) and order 3000 pretty-printed over many lines.
fn big_file() -> String {
    let mut text: String = (0..3000).map(|n| format!("{}\n", nth(n))).collect();
    text.push_str(&format!("{}\n", nth(0)));
    text.push_str(&serde_json::to_string_pretty(&nth(3000)).unwrap());
    text
}

fn count(shop: &TestShop, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_file_of_thousands_streams_in_with_stock_queued_once_per_sku() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let f = shop.path("orders.jsonl");
    std::fs::write(&f, big_file()).unwrap();
    let run = shop
        .run(&["--format", "json", "orders", "import", f.to_str().unwrap()])
        .ok()
        // Below zero: said once per SKU, by the order that crossed, then counted.
        .stderr_has("warning: order 1006: MUG-WHT is now at -1 in stock")
        .stderr_has("warning: order 1021: TEE-BLK-M is now at -1 in stock")
        .stderr_has("warning: MUG-WHT: 1497 more orders in this import took it further, to -1498 in stock")
        .stderr_has("warning: TEE-BLK-M: 1490 more orders in this import took it further, to -1491 in stock");
    assert_eq!(
        run.stderr_text().matches("warning:").count(),
        4,
        "{}",
        run.stderr
    );
    let summary = run.json();
    assert_eq!(summary["created"], 3001);
    assert_eq!(summary["unchanged"], 1, "order 0, twice in the file");
    assert_eq!(summary["orders"][0], "1001");
    assert_eq!(summary["orders"][3000], "4001");
    assert_eq!(count(&shop, "SELECT count(*) FROM orders"), 3001);
    assert_eq!(count(&shop, "SELECT count(*) FROM order_lines"), 3001);
    assert_eq!(
        count(&shop, "SELECT stock FROM products WHERE sku = 'TEE-BLK-M'"),
        -1491
    );
    assert_eq!(
        count(&shop, "SELECT stock FROM products WHERE sku = 'MUG-WHT'"),
        -1498
    );
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE kind = 'product_upsert'"
        ),
        2,
        "one stock update per SKU, not one per order"
    );
    // Migration 0009's counter, customers and index, which the import set aside while it
    // wrote (issue 18), are as the trigger would have kept them.
    shop.run(&["db", "check"]).ok();
    assert_eq!(shop.json(&["status"])["order_count"], 3001);
    let found = shop.json(&["orders", "list", "--customer", "6591234567", "--all"]);
    assert_eq!(found.as_array().unwrap().len(), 3001);
    let last = shop.json(&["orders", "show", "4001"]);
    assert_eq!(last["source_ref"], "wamid.stream.003000");
    assert_eq!(last["total"], "25.00");

    // The same file again: every message is known, nothing changes.
    let before = shop.snapshot();
    let again = shop.json(&["orders", "import", f.to_str().unwrap()]);
    assert_eq!(
        (again["created"].clone(), again["unchanged"].clone()),
        (json!(0), json!(3002))
    );
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn a_bad_document_anywhere_imports_nothing_and_every_problem_is_named() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let before = shop.snapshot();
    let mut lines: Vec<String> = (0..3000).map(|n| nth(n).to_string()).collect();
    lines[9] = order(9, "TEE-BLK-M", "9.99").to_string();
    lines[2499] = order(2499, "NOPE-1", "1").to_string();
    // Cut short, as a log whose writer died mid-line.
    lines.push(nth(3000).to_string()[..200].to_string());
    let f = shop.path("orders.jsonl");
    std::fs::write(&f, lines.join("\n")).unwrap();
    let run = shop
        .run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("3 problems, nothing was imported")
        .stderr_has("line 10, entry[0].changes[0].value.messages[0] (wamid.stream.000009) item 1 (TEE-BLK-M): item_price 9.99 differs from the catalog's price 25.00 SGD")
        .stderr_has("line 2500, entry[0].changes[0].value.messages[0] (wamid.stream.002499) item 1 (NOPE-1): unknown SKU \"NOPE-1\"")
        .stderr_has("line 3001, column 200: the payload is not valid JSON (EOF while parsing");
    assert_eq!(run.stdout, "");
    assert_eq!(
        shop.snapshot(),
        before,
        "the 2,998 good orders were not kept"
    );

    // A bad document after more orders than the shop held were written (the customer index
    // set aside by then, as well as the counter's trigger): nothing kept, the schema whole.
    let mut lines: Vec<String> = (0..1500).map(|n| nth(n).to_string()).collect();
    lines.push(order(1500, "NOPE-1", "1").to_string());
    std::fs::write(&f, lines.join("\n")).unwrap();
    shop.run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("1 problem, nothing was imported")
        .stderr_has("line 1501, ");
    assert_eq!(shop.snapshot(), before);

    // Not JSON at all, and an empty file: named, nothing changes.
    std::fs::write(&f, "").unwrap();
    shop.run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("line 1: no webhook payload in it (the file is empty)");
    assert_eq!(shop.snapshot(), before);
}

/// The rows of a table (each shows its currency).
fn rows(table: &str) -> usize {
    table.lines().filter(|l| l.contains("SGD")).count()
}

/// A shop holding the 3,001 orders of `big_file`.
fn shop_with_many_orders() -> TestShop {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let f = shop.path("orders.jsonl");
    std::fs::write(&f, big_file()).unwrap();
    shop.run(&["-q", "orders", "import", f.to_str().unwrap()])
        .ok();
    shop
}

#[test]
fn lists_stream_every_row_to_scripts_and_a_page_to_people() {
    let shop = shop_with_many_orders();
    // Scripts get every row, as they are read.
    let all = shop.json(&["orders", "list"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 3001);
    assert_eq!(all[0]["id"], "4001", "newest first (same time: highest id)");
    assert_eq!(all[0]["lines"][0]["sku"], "TEE-BLK-M");
    assert_eq!(all[3000]["id"], "1001");
    let csv = shop.run(&["--format", "csv", "orders", "list"]).ok();
    assert_eq!(csv.stdout.lines().count(), 3002, "a header and every order");
    assert!(csv.stdout.lines().nth(1).unwrap().contains("TEE-BLK-M×1"));
    let some = shop.json(&["orders", "list", "--limit", "3", "--customer", "6591"]);
    assert_eq!(some.as_array().unwrap().len(), 3);

    // A table shows a page, and says how many more there are.
    let table = shop.run(&["orders", "list"]).ok();
    assert_eq!(rows(&table.stdout), 50);
    assert!(
        table.stderr.contains("… 2,951 more: --limit N or --all"),
        "{}",
        table.stderr
    );
    let table = shop.run(&["orders", "list", "--all"]).ok();
    assert_eq!(rows(&table.stdout), 3001);
    assert_eq!(table.stderr, "");
    let table = shop.run(&["orders", "list", "--limit", "5"]).ok();
    assert_eq!(rows(&table.stdout), 5);
    assert!(table.stderr.contains("… 2,996 more"), "{}", table.stderr);
    // Exactly a page: nothing more to say.
    let table = shop.run(&["catalog", "list", "--limit", "3"]).ok();
    assert_eq!(rows(&table.stdout), 3);
    assert_eq!(table.stderr, "");
    let products = shop.json(&["catalog", "list", "--limit", "2"]);
    assert_eq!(products.as_array().unwrap().len(), 2);
    assert_eq!(products[0]["sku"], "CAP-RED");
    shop.run(&["catalog", "list", "--limit", "2", "--all"])
        .code(2);
}

/// `| head`: the reader goes away after a line; shopctl stops at once, quietly, exit 0.
#[test]
fn a_closed_pipe_ends_a_list_quietly() {
    let shop = shop_with_many_orders();
    for format in ["csv", "json"] {
        let (first, out) = shop.first_line_then_hang_up(&["--format", format, "orders", "list"]);
        assert!(!first.is_empty());
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// Order `n` written as the one-pass reader finds awkward (issue 18): keys in another order,
/// members it does not read, escapes, a member named twice, `price` in another spelling. It
/// reads as its plain twin `nth(n)` does (an even `n`: a tee at 25).
fn awkward(n: usize, price: &str) -> String {
    format!(
        r#"{{"entry":[{{"changes":[{{"value":{{"messages":[{{"order":{{"product_items":[{{"currency":"SGD","item_price":{price},"quantity":"0","quantity":1,"product_retailer_id":"TEE\u002dBLK-M","extra":{{"a":[1,2,{{"b":null}}]}}}}]}},"type":"order","timestamp":1763542800,"id":"wamid.stream.{n:06}","from":"6591234567","context":{{"id":"x"}}}}],"contacts":[{{"wa_id":"6591234567","profile":{{"name":"C\u00e9line \"Cee\""}}}}]}},"field":"messages"}}]}}],"object":"whatsapp_business_account"}}"#
    )
}

#[test]
fn awkward_documents_in_a_big_file_import_as_their_plain_twins() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let mut lines: Vec<String> = (0..3000).map(|n| nth(n).to_string()).collect();
    lines[100] = awkward(100, "2.5e1");
    lines[1500] = awkward(1500, "25.000000000000000000");
    lines[2998] = awkward(2998, r#""25""#);
    let f = shop.path("orders.jsonl");
    std::fs::write(&f, lines.join("\n")).unwrap();
    let summary = shop.json(&["orders", "import", f.to_str().unwrap()]);
    assert_eq!(summary["created"], 3000);
    for (id, n) in [(1101, 100), (2501, 1500), (3999, 2998)] {
        let order = shop.json(&["orders", "show", &id.to_string()]);
        assert_eq!(order["source_ref"], format!("wamid.stream.{n:06}"));
        assert_eq!(order["customer_name"], "C\u{e9}line \"Cee\"", "{order}");
        assert_eq!(order["total"], "25.00");
        assert_eq!(order["lines"][0]["sku"], "TEE-BLK-M");
        assert_eq!(order["lines"][0]["quantity"], 1);
    }
}

#[test]
fn problems_the_one_pass_reader_leaves_to_the_walk_are_named_as_before() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let before = shop.snapshot();
    let mut lines: Vec<String> = (0..3000).map(|n| nth(n).to_string()).collect();
    let mut bad = nth(1199);
    let message = &mut bad["entry"][0]["changes"][0]["value"]["messages"][0];
    message["timestamp"] = Value::Null;
    message["order"]["product_items"][0]["quantity"] = json!(0);
    lines[1199] = bad.to_string();
    let mut no_id = nth(2399);
    no_id["entry"][0]["changes"][0]["value"]["messages"][0]
        .as_object_mut()
        .unwrap()
        .remove("id");
    lines[2399] = no_id.to_string();
    let f = shop.path("orders.jsonl");
    std::fs::write(&f, lines.join("\n")).unwrap();
    let run = shop
        .run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("3 problems, nothing was imported")
        .stderr_has("line 1200, entry[0].changes[0].value.messages[0] (wamid.stream.001199).timestamp: \"\" is not a Unix time in seconds")
        .stderr_has("line 1200, entry[0].changes[0].value.messages[0] (wamid.stream.001199) item 1 (MUG-WHT): quantity \"0\" is not a whole number above 0")
        .stderr_has("line 2400, entry[0].changes[0].value.messages[0].id: the message has no id");
    assert_eq!(run.stdout, "");
    assert_eq!(shop.snapshot(), before);
}
