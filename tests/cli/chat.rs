//! The sandbox chat (issue 12): simulated customers send carts through it, the shop answers
//! with payment requests, status updates and refund texts, and `sandbox messages` shows each
//! customer's chat; WhatsApp's 24-hour window is kept offline too.

use serde_json::Value;

use crate::support::TestShop;

const CATALOG: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
TEE-BLK-M,TEE,Black tee M,,active,25.00,,SGD,100,,,,,,
MUG-WHT,,White mug,,active,12.50,9.90,SGD,100,,,,,,
";

fn shop_with_chat_orders() -> TestShop {
    shop_with_chat_orders_over("2")
}

fn shop_with_chat_orders_over(days: &str) -> TestShop {
    let shop = TestShop::new();
    shop.stock(CATALOG, &["card", "paynow"]);
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "6",
        "--days",
        days,
        "--seed",
        "3",
        "--failure-rate",
        "0",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    shop
}

fn chat(shop: &TestShop, phone: Option<&str>) -> Vec<Value> {
    let mut args = vec!["sandbox", "messages"];
    if let Some(p) = phone {
        args.extend(["--to", p]);
    }
    shop.json(&args).as_array().unwrap().clone()
}

#[test]
fn customers_see_the_payment_request_the_shipment_the_cancel_and_the_refund() {
    let shop = shop_with_chat_orders();
    let orders = shop.json(&["orders", "list"]);
    let orders = orders.as_array().unwrap();
    assert_eq!(orders.len(), 6);
    // Every cart came through the chat and every customer was asked to pay there.
    let all = chat(&shop, None);
    assert_eq!(all.iter().filter(|m| m["kind"] == "order").count(), 6);
    assert_eq!(
        all.iter()
            .filter(|m| m["kind"] == "payment_request")
            .count(),
        6
    );

    let (ship, cancel, refund) = (
        orders[0]["id"].as_str().unwrap(),
        orders[1]["id"].as_str().unwrap(),
        orders[2]["id"].as_str().unwrap(),
    );
    shop.run(&[
        "orders",
        "fulfil",
        ship,
        "--carrier",
        "SingPost",
        "--tracking",
        "SP1",
    ])
    .ok();
    shop.run(&["orders", "cancel", cancel, "--reason", "out of stock"])
        .ok();
    shop.run(&["refunds", "create", refund, "--amount", "5.00"])
        .ok();
    let out = shop.json(&["sync"]);
    // shipped; canceled + the refund of the canceled order; the partial refund.
    assert_eq!(out["chat"]["messages_sent"], 4, "{out}");

    let phone = orders[0]["customer_phone"].as_str().unwrap();
    let theirs = chat(&shop, Some(phone));
    let texts: Vec<&str> = theirs.iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert!(
        theirs
            .iter()
            .all(|m| m["from"] == phone || m["to"] == phone),
        "{theirs:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("Cart: ")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains(&format!(
            "Order {ship}: shipped. Carrier: SingPost, tracking number SP1"
        ))),
        "{texts:?}"
    );
    let all = chat(&shop, None);
    let said = |needle: &str| {
        all.iter()
            .any(|m| m["text"].as_str().unwrap().contains(needle))
    };
    assert!(said(&format!(
        "Order {cancel}: canceled. Reason: out of stock"
    )));
    assert!(said(&format!(
        "We have refunded 5.00 SGD for your order {refund}"
    )));

    // A second sync sends nothing again.
    let again = shop.json(&["sync"]);
    assert_eq!(again["chat"]["messages_sent"], 0, "{again}");
    assert_eq!(chat(&shop, None).len(), all.len());
}

#[test]
fn text_outside_the_24_hour_window_is_refused_reported_and_not_retried() {
    let shop = shop_with_chat_orders_over("5");
    let orders = shop.json(&["orders", "list"]);
    let orders = orders.as_array().unwrap();
    // A customer whose last cart was sent more than a day before now (2026-11-20T09:00Z), and
    // one who wrote within the day. (Orders are listed newest first.)
    let last_cart = |phone: &Value| {
        orders
            .iter()
            .find(|o| &o["customer_phone"] == phone)
            .map(|o| o["created_at"].as_str().unwrap().to_string())
            .unwrap()
    };
    let old = orders
        .iter()
        .find(|o| last_cart(&o["customer_phone"]).as_str() < "2026-11-19T09:00:00Z")
        .expect("a customer silent for a day");
    let id = old["id"].as_str().unwrap();
    assert!(orders[0]["created_at"].as_str().unwrap() > "2026-11-19T09:00:00Z");
    let newest = orders[0]["id"].as_str().unwrap();
    shop.run(&[
        "orders",
        "notify",
        id,
        "--text",
        "Your parcel is delayed by a day",
    ])
    .ok();
    shop.run(&["orders", "notify", newest, "--text", "Thank you!"])
        .ok();

    let run = shop.run(&["--format", "json", "sync"]).code(3);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["chat"]["messages_failed"], 1, "{out}");
    assert_eq!(out["chat"]["messages_sent"], 1, "{out}");
    let undelivered = out["chat"]["undelivered"][0].as_str().unwrap();
    assert!(
        undelivered.contains("131047") && undelivered.contains("24-hour"),
        "{undelivered}"
    );
    assert!(
        run.stderr.contains("not delivered: message"),
        "{}",
        run.stderr
    );

    let show = shop.json(&["orders", "show", id]);
    let m = show["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(m["status"], "failed", "{m}");
    // `status` counts it and names the order, whose page says why.
    let status = shop.json(&["status"]);
    assert_eq!(status["chat"]["failed_message_count"], 1, "{status}");
    assert_eq!(
        status["chat"]["failed_message_orders"],
        serde_json::json!([id]),
        "{status}"
    );
    assert_eq!(status["chat"]["failed_delivery_count"], 0, "{status}");
    let text = shop.run(&["status"]).ok().stdout;
    let want = format!(
        "chat       1 message not delivered, the newest for order {id} (`shopctl orders show {id}` says why)\n"
    );
    assert!(text.contains(&want), "{text}");
    assert!(m["error"].as_str().unwrap().contains("24-hour"), "{m}");
    // Kept as failed, not retried: the next sync is clean and the customer got nothing.
    shop.run(&["sync"]).ok();
    assert!(
        !chat(&shop, None)
            .iter()
            .any(|m| m["text"].as_str().unwrap().contains("delayed")),
    );

    // Bad input changes nothing.
    let before = shop.snapshot();
    shop.run(&["orders", "notify", id, "--text", " "])
        .code(1)
        .stderr_has("--text is empty");
    assert_eq!(shop.snapshot(), before);
}
