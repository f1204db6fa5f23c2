//! Orders, fulfilment and refunds (issue 5): WhatsApp webhook import, list/show, fulfil one
//! order or a CSV of shipments, cancel, and the bad paths (message, exit code, shop unchanged).

use serde_json::Value;

use crate::support::{TestShop, fixture};

/// Three products, as a catalog import would leave them (MUG-WHT is on sale).
pub fn seed_catalog(shop: &TestShop) {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    for (sku, title, price, sale, stock) in [
        ("TEE-BLK-M", "Black tee, M", 2500, None, 10),
        ("MUG-WHT", "White mug", 1250, Some(1050), 2),
        ("CAP-RED", "Red cap", 1800, None, 1),
    ] {
        conn.execute(
            "INSERT INTO products (sku, title, status, price, sale_price, currency, stock, created_at, updated_at)
             VALUES (?1, ?2, 'active', ?3, ?4, 'SGD', ?5, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
            rusqlite::params![sku, title, price, sale, stock],
        )
        .unwrap();
    }
}

/// Records a captured payment for an order the way a sync of the provider's checkout does
/// (used here only where the provider is not involved: fulfilment rules).
fn mark_paid(shop: &TestShop, order: &str, method: &str) {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let id: i64 = order.parse().unwrap();
    conn.execute(
        "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
         SELECT id, 'pay_' || id, ?2, total, currency, 'captured', '2026-11-19T10:00:00Z', '2026-11-19T10:00:00Z'
         FROM orders WHERE id = ?1",
        rusqlite::params![id, method],
    )
    .unwrap();
    conn.execute(
        "UPDATE orders SET status = 'processing', payment_status = 'captured', provider_ref = 'ord_' || id
         WHERE id = ?1",
        [id],
    )
    .unwrap();
}

fn stock(shop: &TestShop, sku: &str) -> i64 {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row("SELECT stock FROM products WHERE sku = ?1", [sku], |r| {
        r.get(0)
    })
    .unwrap()
}

fn shop_with_orders() -> TestShop {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let f = fixture("orders/webhook_order.json");
    shop.run(&["orders", "import", f.to_str().unwrap()]).ok();
    let f = fixture("orders/webhook_batch.jsonl");
    shop.run(&["orders", "import", f.to_str().unwrap()]).ok();
    shop
}

fn line<'a>(order: &'a Value, sku: &str) -> &'a Value {
    order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["sku"] == sku)
        .unwrap_or_else(|| panic!("no line {sku} in {order}"))
}

#[test]
fn webhook_order_becomes_pending_order_with_stock_reserved() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let f = fixture("orders/webhook_order.json");
    let summary = shop.json(&["orders", "import", f.to_str().unwrap()]);
    assert_eq!(summary["created"], 1);
    assert_eq!(summary["orders"][0], "1001");

    let order = shop.json(&["orders", "show", "1001"]);
    assert_eq!(order["status"], "pending");
    assert_eq!(order["payment_status"], "pending");
    assert_eq!(order["source"], "whatsapp");
    assert_eq!(order["customer_name"], "Mei Ling Tan");
    assert_eq!(order["customer_phone"], "6591234567");
    assert_eq!(order["currency"], "SGD");
    assert_eq!(order["total"], "60.50");
    assert_eq!(order["created_at"], "2025-11-19T09:00:00Z");
    let tee = line(&order, "TEE-BLK-M");
    assert_eq!(tee["quantity"], 2);
    assert_eq!(tee["fulfilled_quantity"], 0);
    assert_eq!(tee["unit_price"], "25.00");
    assert_eq!(line(&order, "MUG-WHT")["unit_price"], "10.50");
    assert_eq!(stock(&shop, "TEE-BLK-M"), 8);
    assert_eq!(stock(&shop, "MUG-WHT"), 1);
    assert!(
        order["history"][0]["what"]
            .as_str()
            .unwrap()
            .contains("created")
    );

    // Meta retries webhooks: the same message again makes no second order.
    let before = shop.snapshot();
    let again = shop.json(&["orders", "import", f.to_str().unwrap()]);
    assert_eq!(again["created"], 0);
    assert_eq!(again["unchanged"], 1);
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn webhook_lines_skip_other_messages_and_warn_below_zero_stock() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let f = fixture("orders/webhook_order.json");
    shop.run(&["orders", "import", f.to_str().unwrap()]).ok();
    let f = fixture("orders/webhook_batch.jsonl");
    let run = shop
        .run(&["--format", "json", "orders", "import", f.to_str().unwrap()])
        .ok()
        .stderr_has("warning: order 1003: MUG-WHT is now at -1 in stock");
    let summary = run.json();
    assert_eq!(summary["created"], 2);
    assert_eq!(summary["unchanged"], 1, "the retried message");
    assert_eq!(summary["skipped"], 1, "the text message");
    assert_eq!(stock(&shop, "CAP-RED"), 0);
    assert_eq!(stock(&shop, "MUG-WHT"), -1);
    // Stock moves reach the provider through the outbox.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let queued: i64 = conn
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'product_upsert' AND subject = 'MUG-WHT'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(queued, 2);
}

#[test]
fn webhook_from_stdin() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let text = std::fs::read(fixture("orders/webhook_order.json")).unwrap();
    let mut cmd = shop.command();
    cmd.args(["--format", "json", "orders", "import", "-"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["created"], 1);
}

#[test]
fn webhook_bad_items_are_reported_each_and_nothing_is_imported() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let before = shop.snapshot();
    let f = fixture("orders/webhook_bad_items.json");
    let run = shop.run(&["orders", "import", f.to_str().unwrap()]).code(1);
    let err = &run.stderr;
    assert!(err.contains("3 problems, nothing was imported"), "{err}");
    assert!(
        err.contains("item 2 (TEE-PNK-XL): unknown SKU \"TEE-PNK-XL\""),
        "{err}"
    );
    assert!(
        err.contains(
            "item 3 (MUG-WHT): item_price 12.50 differs from the catalog's sale price 10.50 SGD"
        ),
        "{err}"
    );
    assert!(
        err.contains("item 4 (CAP-RED): currency \"EUR\", but the shop sells in SGD"),
        "{err}"
    );
    assert!(
        err.contains("line 1, entry[0].changes[0].value.messages[0] (wamid."),
        "{err}"
    );
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn malformed_webhook_is_reported_with_its_position() {
    let shop = TestShop::new();
    seed_catalog(&shop);
    let before = shop.snapshot();
    let f = fixture("orders/webhook_malformed.jsonl");
    shop.run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("line 2, column 716: the payload is not valid JSON (expected `,` or `}`)")
        .stderr_has("nothing was imported");
    // The good first line was not imported either.
    assert_eq!(shop.snapshot(), before);

    let junk = shop.path("junk.json");
    std::fs::write(&junk, "{\"hello\": \"world\"}\n").unwrap();
    shop.run(&["orders", "import", junk.to_str().unwrap()])
        .code(1)
        .stderr_has("has no \"entry\" list: this is not a WhatsApp Cloud API webhook payload");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn list_filters_newest_first_in_every_format() {
    let shop = shop_with_orders();
    let all = shop.json(&["orders", "list"]);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1003", "1002", "1001"]);
    let first = &all[0];
    for key in [
        "id",
        "provider_ref",
        "status",
        "payment_status",
        "currency",
        "total",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    for key in ["sku", "quantity", "fulfilled_quantity", "unit_price"] {
        assert!(first["lines"][0].get(key).is_some(), "{key} missing");
    }

    let siti = shop.json(&["orders", "list", "--customer", "siti"]);
    assert_eq!(siti.as_array().unwrap().len(), 1);
    assert_eq!(siti[0]["id"], "1003");
    assert_eq!(siti[0]["total"], "46.00");
    let phone = shop.json(&["orders", "list", "--customer", "6598"]);
    assert_eq!(phone[0]["id"], "1002");
    assert_eq!(
        shop.json(&["orders", "list", "--limit", "1"])[0]["id"],
        "1003"
    );
    let since = shop.json(&["orders", "list", "--since", "2025-11-19T10:00:00Z"]);
    assert_eq!(since.as_array().unwrap().len(), 2);
    let until = shop.json(&["orders", "list", "--until", "2025-11-19T10:00:00Z"]);
    assert_eq!(until[0]["id"], "1001");
    assert_eq!(
        shop.json(&["orders", "list", "--payment", "captured"]),
        serde_json::json!([])
    );

    let csv = shop
        .run(&["--format", "csv", "orders", "list", "--limit", "1"])
        .ok();
    // Columns in order of importance; the lines read SKU×QTY, never JSON (issue 17).
    assert_eq!(
        csv.stdout,
        "id,created_at,status,payment_status,total,currency,customer_name,lines,customer_phone,source,provider_ref\n\
         1003,2025-11-19T11:01:00Z,pending,pending,46.00,SGD,Siti Rahman,MUG-WHT×2;TEE-BLK-M×1,6581112222,whatsapp,\n"
    );
    let table = shop.run(&["orders", "list"]).ok();
    assert!(table.stdout.contains("Siti Rahman"), "{}", table.stdout);

    // A status that does not exist is a wrong command line: exit 2, with the statuses.
    shop.run(&["orders", "list", "--status", "sent"])
        .code(2)
        .stderr_has("invalid value 'sent' for '--status <STATUS>'")
        .stderr_has("[possible values: pending, processing, partially_shipped, shipped, completed, canceled]");
}

#[test]
fn unknown_order_is_an_error_that_changes_nothing() {
    let shop = shop_with_orders();
    let before = shop.snapshot();
    for args in [
        &["orders", "show", "9999"][..],
        &["orders", "fulfil", "9999"],
        &["orders", "cancel", "9999"],
    ] {
        shop.run(args)
            .code(1)
            .stderr_has("there is no order 9999; `shopctl orders list` shows the shop's orders");
    }
    shop.run(&["orders", "show", "abc"])
        .code(1)
        .stderr_has("\"abc\" is not an order id");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn fulfil_only_paid_orders_and_never_more_than_ordered() {
    let shop = shop_with_orders();
    let before = shop.snapshot();
    shop.run(&["orders", "fulfil", "1001"])
        .code(1)
        .stderr_has("order 1001 is not paid yet (payment pending); wait for the payment (`shopctl sync`), or ship it anyway with --force");
    assert_eq!(shop.snapshot(), before);

    mark_paid(&shop, "1001", "card");
    let before = shop.snapshot();
    shop.run(&["orders", "fulfil", "1001", "--line", "TEE-BLK-M:3"])
        .code(1)
        .stderr_has(
            "order 1001: cannot ship 3 of TEE-BLK-M: 2 ordered, 0 already shipped, so at most 2",
        );
    shop.run(&["orders", "fulfil", "1001", "--line", "CAP-RED"])
        .code(1)
        .stderr_has("order 1001 has no line CAP-RED (its lines: TEE-BLK-M, MUG-WHT)");
    assert_eq!(shop.snapshot(), before);

    let part = shop.json(&[
        "orders",
        "fulfil",
        "1001",
        "--line",
        "TEE-BLK-M:1",
        "--carrier",
        "SingPost",
        "--tracking",
        "RR123456785SG",
    ]);
    // One shape whether one order or a file of them was shipped (issue 17).
    let part = &part["fulfilments"][0];
    assert_eq!(part["status"], "partially_shipped");
    assert_eq!(part["lines"][0]["quantity"], 1);
    let before = shop.snapshot();
    shop.run(&["orders", "fulfil", "1001", "--line", "TEE-BLK-M:2"])
        .code(1)
        .stderr_has("cannot ship 2 of TEE-BLK-M: 2 ordered, 1 already shipped, so at most 1");
    assert_eq!(shop.snapshot(), before);

    let rest = shop.json(&["orders", "fulfil", "1001"]);
    assert_eq!(rest["fulfilments"][0]["status"], "shipped");
    // Both shipments wait in the outbox for the provider, in order.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let mut stmt = conn
        .prepare("SELECT payload FROM outbox WHERE kind = 'fulfilment' ORDER BY id")
        .unwrap();
    let pushed: Vec<Value> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
        .collect();
    assert_eq!(pushed.len(), 2);
    assert_eq!(pushed[0]["order_ref"], "ord_1001");
    assert_eq!(pushed[0]["tracking"], "RR123456785SG");
    assert_eq!(
        pushed[0]["lines"],
        serde_json::json!([{"sku": "TEE-BLK-M", "quantity": 1}])
    );
    let order = shop.json(&["orders", "show", "1001"]);
    assert_eq!(line(&order, "TEE-BLK-M")["fulfilled_quantity"], 2);
    assert_eq!(line(&order, "MUG-WHT")["fulfilled_quantity"], 1);
    assert_eq!(order["fulfilments"].as_array().unwrap().len(), 2);
    assert_eq!(order["fulfilments"][0]["tracking"], "RR123456785SG");
    let history: Vec<&str> = order["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert!(
        history.contains(&"status: processing -> partially_shipped"),
        "{history:?}"
    );
    assert!(
        history.contains(&"status: partially_shipped -> shipped"),
        "{history:?}"
    );

    let before = shop.snapshot();
    shop.run(&["orders", "fulfil", "1001"])
        .code(1)
        .stderr_has("order 1001 is shipped; everything in it has already shipped");
    shop.run(&["orders", "cancel", "1001"])
        .code(1)
        .stderr_has("order 1001 is shipped; it cannot be canceled: refund it instead (`shopctl refunds create 1001 --all`)");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn forced_fulfilment_of_an_unpaid_order_is_recorded() {
    let shop = shop_with_orders();
    let out = shop.json(&["orders", "fulfil", "1002", "--force"]);
    assert_eq!(out["fulfilments"][0]["status"], "shipped");
    let order = shop.json(&["orders", "show", "1002"]);
    let notes: Vec<&str> = order["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("forced: not paid")),
        "{notes:?}"
    );
}

#[test]
fn cancel_unpaid_order_releases_stock_and_blocks_fulfilment() {
    let shop = shop_with_orders();
    assert_eq!(stock(&shop, "CAP-RED"), 0);
    let out = shop.json(&[
        "orders",
        "cancel",
        "1002",
        "--reason",
        "customer changed mind",
    ]);
    assert_eq!(out["status"], "canceled");
    assert_eq!(out["refund"], Value::Null);
    assert_eq!(stock(&shop, "CAP-RED"), 1);
    let before = shop.snapshot();
    shop.run(&["orders", "fulfil", "1002", "--force"])
        .code(1)
        .stderr_has("order 1002 is canceled; nothing in it can ship");
    shop.run(&["orders", "cancel", "1002"])
        .code(1)
        .stderr_has("order 1002 is canceled; it cannot change any more");
    assert_eq!(shop.snapshot(), before);
    let canceled = shop.json(&["orders", "list", "--status", "canceled"]);
    assert_eq!(canceled[0]["id"], "1002");
}

#[test]
fn bulk_fulfilment_is_all_or_nothing_with_bad_rows_by_line() {
    let shop = shop_with_orders();
    mark_paid(&shop, "1001", "card");
    mark_paid(&shop, "1003", "paynow");
    let before = shop.snapshot();
    let bad = fixture("orders/fulfil_bad_row.csv");
    shop.run(&["orders", "fulfil", "--from", bad.to_str().unwrap()])
        .code(1)
        .stderr_has("fulfil_bad_row.csv: 1 bad row, nothing was shipped:")
        .stderr_has("line 3: order 1003: cannot ship 5 of MUG-WHT: 2 ordered, 0 already shipped, so at most 2");
    assert_eq!(shop.snapshot(), before);

    let good = fixture("orders/fulfil_rows.csv");
    let out = shop.json(&["orders", "fulfil", "--from", good.to_str().unwrap()]);
    let shipped = out["fulfilments"].as_array().unwrap();
    assert_eq!(shipped.len(), 2, "two orders, one shipment each: {out}");
    assert_eq!(shipped[0]["order"], "1001");
    assert_eq!(shipped[0]["status"], "shipped");
    assert_eq!(shipped[0]["tracking"], "RR123456785SG");
    assert_eq!(shipped[1]["order"], "1003");
    assert_eq!(shipped[1]["status"], "partially_shipped");
    let unfulfilled = shop.json(&["orders", "list", "--unfulfilled"]);
    let ids: Vec<&str> = unfulfilled
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1003", "1002"]);
}

/// Issue 16, defect 6: webhook prices were read through an f64, so `9.999999999999999999`
/// imported as 10.00 (the catalog price of the cap below). Now the JSON number's own digits
/// reach the money parser: more decimals than SGD has is an error naming the message and the
/// item, and so is a quantity too large to hold; nothing is imported.
#[test]
fn webhook_prices_are_exact_and_overflows_are_named() {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute(
        "INSERT INTO products (sku, title, status, price, currency, stock, created_at, updated_at)
         VALUES ('CAP-TEN', 'Cap', 'active', 1000, 'SGD', 5, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
        [],
    )
    .unwrap();
    drop(conn);
    let doc = |id: &str, price: &str, qty: &str| {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","contacts":[{{"profile":{{"name":"Ana"}},"wa_id":"6591234567"}}],"messages":[{{"from":"6591234567","id":"{id}","timestamp":"1763600000","type":"order","order":{{"catalog_id":"1","product_items":[{{"product_retailer_id":"CAP-TEN","quantity":{qty},"item_price":{price},"currency":"SGD"}}]}}}}]}}}}]}}]}}"#
        )
    };
    let before = shop.snapshot();
    let f = shop.path("rounded.jsonl");
    std::fs::write(
        &f,
        format!(
            "{}\n{}\n",
            doc("wamid.ROUNDED", "9.999999999999999999", "1"),
            doc("wamid.HUGE", "10.00", "99999999999999999999")
        ),
    )
    .unwrap();
    shop.run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("2 problems, nothing was imported")
        .stderr_has(
            "line 1, entry[0].changes[0].value.messages[0] (wamid.ROUNDED) item 1 (CAP-TEN): \
             item_price: \"9.999999999999999999\": SGD has 2 decimal places",
        )
        .stderr_has(
            "line 2, entry[0].changes[0].value.messages[0] (wamid.HUGE) item 1 (CAP-TEN): \
             quantity 99999999999999999999 is too large",
        );
    assert_eq!(shop.snapshot(), before);

    // A quantity that fits alone but not times the price is named too.
    std::fs::write(&f, doc("wamid.MANY", "10.00", "9223372036854775807")).unwrap();
    shop.run(&["orders", "import", f.to_str().unwrap()])
        .code(1)
        .stderr_has("(wamid.MANY) (CAP-TEN): 9223372036854775807 × CAP-TEN at 10.00 SGD is more than an order can hold");
    assert_eq!(shop.snapshot(), before);

    // The exact price itself is fine.
    std::fs::write(&f, doc("wamid.OK", "10.000", "2")).unwrap();
    let out = shop.json(&["orders", "import", f.to_str().unwrap()]);
    assert_eq!(out["created"], 1, "{out}");
}
