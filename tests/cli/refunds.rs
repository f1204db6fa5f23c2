//! Orders and refunds end to end on the sandbox (issue 5): orders arrive by sync, are shipped in
//! full, in part and in bulk, canceled, refunded in part and in full, and the provider agrees
//! after `sync` (its payouts carry exactly the refunds the shop made). The bad paths: more than
//! captured (in one go and in steps), boleto, PayNow after 90 days, an unknown order.

use serde_json::Value;

use crate::support::TestShop;

const CATALOG_SG: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
TEE-BLK-M,TEE,Black tee M,,active,25.00,,SGD,300,,,,,,
MUG-WHT,,White mug,,active,12.50,9.90,SGD,300,,,,,,
CAP-RED,,Red cap,,active,18.00,,SGD,300,,,,,,
";

/// A synced Singapore shop with `n` paid sandbox orders (no failed payments).
fn shop_with_paid_orders(n: &str) -> TestShop {
    let shop = TestShop::new();
    shop.stock(CATALOG_SG, &["card", "paynow"]);
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        n,
        "--failure-rate",
        "0",
        "--seed",
        "11",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    shop
}

fn orders(shop: &TestShop) -> Vec<Value> {
    shop.json(&["orders", "list"]).as_array().unwrap().clone()
}

fn order(shop: &TestShop, id: &str) -> Value {
    shop.json(&["orders", "show", id])
}

fn count(shop: &TestShop, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The provider's payouts, after it pays out everything, reconcile with the shop.
fn provider_agrees(shop: &TestShop) {
    shop.run(&["sync"]).ok();
    shop.run(&["sandbox", "payout"]).ok();
    shop.run(&["sync"]).ok();
    let report = shop.json(&["payouts", "reconcile"]);
    assert_eq!(
        report["discrepancies"].as_array().unwrap().len(),
        0,
        "{report}"
    );
}

#[test]
fn refunds_in_part_then_in_full_never_exceed_what_was_captured() {
    let shop = shop_with_paid_orders("6");
    let all = orders(&shop);
    let a = all[0]["id"].as_str().unwrap().to_string();
    let total = all[0]["total"].as_str().unwrap().to_string();

    let r1 = shop.json(&[
        "refunds", "create", &a, "--amount", "1.00", "--reason", "late",
    ]);
    assert_eq!(r1["status"], "succeeded", "{r1}");
    assert_eq!(r1["amount"], "1.00");
    assert_eq!(order(&shop, &a)["payment_status"], "partially_refunded");

    let r2 = shop.json(&["refunds", "create", &a, "--all"]);
    assert_eq!(r2["status"], "succeeded");
    let cents = |s: &str| -> i64 { s.replace('.', "").parse().unwrap() };
    assert_eq!(cents(r2["amount"].as_str().unwrap()) + 100, cents(&total));
    assert_eq!(order(&shop, &a)["payment_status"], "refunded");

    // Nothing is left: one more cent is refused and nothing is written.
    let before = shop.snapshot();
    shop.run(&["refunds", "create", &a, "--amount", "0.01"])
        .code(1)
        .stderr_has(&a);
    assert_eq!(shop.snapshot(), before);

    let listed = shop.json(&["refunds", "list", "--order", &a]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // A page of one, and the one more it leaves out (issue 18).
    let page = shop
        .run(&["refunds", "list", "--order", &a, "--limit", "1"])
        .ok();
    assert!(
        page.stderr.contains("… 1 more: --limit N or --all"),
        "{}",
        page.stderr
    );
    let one = shop.json(&["refunds", "list", "--order", &a, "--limit", "1"]);
    assert_eq!(one.as_array().unwrap()[..], listed.as_array().unwrap()[..1]);
    provider_agrees(&shop);
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM balance_transactions WHERE kind = 'refund'"
        ),
        2
    );
}

#[test]
fn over_refunds_are_refused_in_one_go_and_in_steps() {
    let shop = shop_with_paid_orders("4");
    let all = orders(&shop);
    let id = all[1]["id"].as_str().unwrap().to_string();
    let total: i64 = all[1]["total"]
        .as_str()
        .unwrap()
        .replace('.', "")
        .parse()
        .unwrap();
    let major = |minor: i64| format!("{}.{:02}", minor / 100, minor % 100);

    let before = shop.snapshot();
    // The reason names what was captured, what is gone and what is left, to the cent.
    shop.run(&["refunds", "create", &id, "--amount", &major(total + 1)])
        .code(1)
        .stderr_has(&format!(
            "order {id}: cannot refund {} SGD: {} SGD was captured and 0.00 SGD is already \
             refunded or pending, so at most {} SGD can be refunded",
            major(total + 1),
            major(total),
            major(total)
        ));
    assert_eq!(shop.snapshot(), before, "a refused refund wrote something");

    shop.run(&["refunds", "create", &id, "--amount", &major(total - 100)])
        .ok();
    let before = shop.snapshot();
    shop.run(&["refunds", "create", &id, "--amount", "1.01"])
        .code(1)
        .stderr_has(&format!(
            "order {id}: cannot refund 1.01 SGD: {} SGD was captured and {} SGD is already \
             refunded or pending, so at most 1.00 SGD can be refunded",
            major(total),
            major(total - 100)
        ));
    assert_eq!(shop.snapshot(), before);
    shop.run(&["refunds", "create", &id, "--amount", "1.00"])
        .ok();
    assert_eq!(order(&shop, &id)["payment_status"], "refunded");
    // Once everything is back, --all and the smallest amount are refused too.
    let before = shop.snapshot();
    shop.run(&["refunds", "create", &id, "--all"])
        .code(1)
        .stderr_has(&format!(
            "order {id}: everything captured ({} SGD) has already been refunded or is being refunded",
            major(total)
        ));
    shop.run(&["refunds", "create", &id, "--amount", "0.01"])
        .code(1)
        .stderr_has("so at most 0.00 SGD can be refunded");
    assert_eq!(shop.snapshot(), before);
    provider_agrees(&shop);
}

#[test]
fn line_refunds_use_the_price_paid_and_a_repeated_key_returns_the_first_refund() {
    let shop = shop_with_paid_orders("12");
    let all = orders(&shop);
    let with_mug = all
        .iter()
        .find(|o| {
            o["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["sku"] == "MUG-WHT")
        })
        .expect("an order with a mug");
    let id = with_mug["id"].as_str().unwrap().to_string();
    let r = shop.json(&["refunds", "create", &id, "--line", "MUG-WHT:1"]);
    assert_eq!(
        r["amount"], "9.90",
        "the mug was paid at its sale price: {r}"
    );

    let other = all.iter().find(|o| o["id"] != id.as_str()).unwrap();
    let other = other["id"].as_str().unwrap().to_string();
    let first = shop.json(&[
        "refunds",
        "create",
        &other,
        "--amount",
        "2.00",
        "--idempotency-key",
        "ticket-77",
    ]);
    let again = shop.json(&[
        "refunds",
        "create",
        &other,
        "--amount",
        "2.00",
        "--idempotency-key",
        "ticket-77",
    ]);
    assert_eq!(first["id"], again["id"]);
    // The same key for a different refund is refused, not answered with the first one.
    let before = shop.snapshot();
    shop.run(&[
        "refunds",
        "create",
        &other,
        "--amount",
        "9.00",
        "--idempotency-key",
        "ticket-77",
    ])
    .code(1)
    .stderr_has("cannot name a different refund");
    assert_eq!(shop.snapshot(), before);
    assert_eq!(
        shop.json(&["refunds", "list", "--order", &other])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    provider_agrees(&shop);
}

#[test]
fn paynow_refunds_close_after_90_days_and_unknown_orders_are_named() {
    let shop = shop_with_paid_orders("3");
    let id = orders(&shop)[0]["id"].as_str().unwrap().to_string();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute(
        "UPDATE payments SET method = 'paynow', created_at = '2026-08-01T10:00:00Z' WHERE order_id = ?1",
        [&id],
    )
    .unwrap();
    drop(conn);
    let before = shop.snapshot();
    shop.run(&["refunds", "create", &id, "--all"])
        .code(1)
        .stderr_has("paynow payments can be refunded for 90 days");
    shop.run(&["refunds", "create", "9999", "--all"])
        .code(1)
        .stderr_has("9999");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn boleto_payments_cannot_be_refunded() {
    let shop = TestShop::empty();
    shop.run(&["init", "--name", "Loja", "--country", "BR"])
        .ok();
    shop.stock(
        "sku,title,status,price,currency,stock\nCAFE-1KG,Café 1 kg,active,59.90,BRL,100\n",
        &["boleto"],
    );
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "2",
        "--failure-rate",
        "0",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    let id = orders(&shop)[0]["id"].as_str().unwrap().to_string();
    let before = shop.snapshot();
    shop.run(&["refunds", "create", &id, "--amount", "1.00"])
        .code(1)
        .stderr_has("boleto payments cannot be refunded");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn orders_from_sync_ship_in_full_in_part_and_in_bulk_and_cancel_with_a_refund() {
    let shop = shop_with_paid_orders("8");
    let all = orders(&shop);
    let ids: Vec<String> = all
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let units = |o: &Value| -> i64 {
        o["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["quantity"].as_i64().unwrap())
            .sum()
    };

    // In full.
    shop.run(&[
        "orders",
        "fulfil",
        &ids[0],
        "--carrier",
        "SingPost",
        "--tracking",
        "SP1",
    ])
    .ok();
    assert_eq!(order(&shop, &ids[0])["status"], "shipped");

    // In part: one unit of an order with several.
    let multi = all
        .iter()
        .skip(1)
        .find(|o| units(o) > 1)
        .expect("an order with 2+ units");
    let mid = multi["id"].as_str().unwrap().to_string();
    let sku = multi["lines"][0]["sku"].as_str().unwrap().to_string();
    shop.run(&["orders", "fulfil", &mid, "--line", &format!("{sku}:1")])
        .ok();
    assert_eq!(order(&shop, &mid)["status"], "partially_shipped");

    // In bulk, from a courier's CSV.
    let rest: Vec<&String> = ids
        .iter()
        .filter(|i| **i != ids[0] && **i != mid)
        .take(2)
        .collect();
    let mut csv = String::from("order,sku,quantity,carrier,tracking\n");
    for id in &rest {
        let o = order(&shop, id);
        for l in o["lines"].as_array().unwrap() {
            csv.push_str(&format!(
                "{id},{},{},Ninja Van,NV{id}\n",
                l["sku"].as_str().unwrap(),
                l["quantity"]
            ));
        }
    }
    std::fs::write(shop.path("shipments.csv"), csv).unwrap();
    shop.run(&["orders", "fulfil", "--from", "shipments.csv"])
        .ok();
    for id in &rest {
        assert_eq!(order(&shop, id)["status"], "shipped");
    }

    // Cancel a paid, unshipped order: refunded in full, stock back.
    let cancel = ids
        .iter()
        .find(|i| **i != ids[0] && **i != mid && !rest.contains(i))
        .unwrap()
        .clone();
    let stock_before = count(&shop, "SELECT sum(stock) FROM products");
    let canceled_units = units(&order(&shop, &cancel));
    shop.run(&["orders", "cancel", &cancel, "--reason", "customer asked"])
        .ok();
    let o = order(&shop, &cancel);
    assert_eq!(o["status"], "canceled");
    assert_eq!(o["payment_status"], "refunded");
    assert_eq!(
        count(&shop, "SELECT sum(stock) FROM products"),
        stock_before + canceled_units
    );

    // The provider learns every shipment and the cancel, and its payouts agree.
    let summary = shop.json(&["sync"]);
    assert_eq!(summary["pending"], 0, "{summary}");
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE kind IN ('fulfilment', 'order_cancel') AND status = 'done'"
        ),
        5
    );
    provider_agrees(&shop);
}

#[test]
fn whatsapp_orders_paid_in_the_chat_are_settled_by_sync_then_shipped_and_refunded() {
    let shop = TestShop::new();
    shop.stock(
        "sku,title,status,price,sale_price,currency,stock\n\
         TEE-BLK-M,Black tee M,active,25.00,,SGD,10\n\
         MUG-WHT,White mug,active,12.50,10.50,SGD,20\n\
         CAP-RED,Red cap,active,18.00,,SGD,10\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    let one = crate::support::fixture("orders/webhook_order.json");
    let batch = crate::support::fixture("orders/webhook_batch.jsonl");
    shop.run(&["orders", "import", one.to_str().unwrap()]).ok();
    shop.run(&["orders", "import", batch.to_str().unwrap()])
        .ok();
    assert_eq!(order(&shop, "1001")["payment_status"], "pending");
    let tees = count(&shop, "SELECT stock FROM products WHERE sku = 'TEE-BLK-M'");

    // 1001 is paid by card in the chat; 1002's PayNow payment fails.
    let paid = shop.json(&["sandbox", "pay", "1001"]);
    assert_eq!(paid["amount"], "60.50");
    shop.json(&["sandbox", "pay", "1002", "--method", "paynow", "--fail"]);
    let summary = shop.json(&["sync"]);
    assert_eq!(summary["pulled"]["orders_new"], 0, "{summary}");
    assert_eq!(summary["pulled"]["payments_new"], 2, "{summary}");
    let o = order(&shop, "1001");
    assert_eq!(o["status"], "processing");
    assert_eq!(o["payment_status"], "captured");
    assert_eq!(o["source"], "whatsapp");
    let failed = order(&shop, "1002");
    assert_eq!(failed["payment_status"], "failed");
    assert_eq!(failed["status"], "pending");

    // A paid order cannot be paid twice; a failed one can be paid again.
    let before = shop.snapshot();
    shop.run(&["sandbox", "pay", "1001"])
        .code(1)
        .stderr_has("already paid");
    assert_eq!(shop.snapshot(), before);
    let first_attempt = order(&shop, "1002")["provider_ref"].clone();
    shop.run(&["sandbox", "pay", "1002", "--method", "paynow"])
        .ok();
    shop.run(&["sync"]).ok();
    let o = order(&shop, "1002");
    assert_eq!(o["payment_status"], "captured");
    assert_eq!(o["status"], "processing");
    // Its shipments go to the attempt that paid, not to the failed one.
    assert_ne!(o["provider_ref"], first_attempt);
    shop.run(&["orders", "fulfil", "1002"]).ok();
    shop.run(&["sync"]).ok();
    let sandbox = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    let shipped_to: String = sandbox
        .query_row(
            "SELECT p.state FROM fulfilments f JOIN payments p ON p.order_id = f.order_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shipped_to, "captured");
    drop(sandbox);

    // Shipped in part, refunded in part, and the provider agrees.
    shop.run(&["orders", "fulfil", "1001", "--line", "TEE-BLK-M:1"])
        .ok();
    assert_eq!(order(&shop, "1001")["status"], "partially_shipped");
    shop.run(&["refunds", "create", "1001", "--line", "MUG-WHT"])
        .ok();
    assert_eq!(order(&shop, "1001")["payment_status"], "partially_refunded");
    assert_eq!(
        count(&shop, "SELECT stock FROM products WHERE sku = 'TEE-BLK-M'"),
        tees
    );
    provider_agrees(&shop);
}
