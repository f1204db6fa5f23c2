//! The chat loop against a real peer (issue 12): `serve` receives Meta's webhooks, and every
//! message `sync` sends goes to Prism serving Meta's published Cloud API spec (patched for
//! `order_details` and `order_status`: see tests/whatsapp/prism.rs), which refuses anything
//! that does not match the schema. A cart → an order and a payment request; the payment made
//! in the chat → paid; fulfil → `order_status` shipped; cancel → `order_status` canceled;
//! a refund → text with the amount.

#[path = "../whatsapp/prism.rs"]
mod prism;

use serde_json::{Value, json};

use crate::meta_double::MetaDouble;
use crate::serve::{Serving, eventually, orders, post_signed};
use crate::support::TestShop;

/// A WhatsApp cart (an `order` message) as Meta posts it.
pub fn cart(message_id: &str, from: &str, at: i64, items: &[(&str, i64, &str)]) -> Vec<u8> {
    let items: Vec<Value> = items
        .iter()
        .map(|(sku, qty, price)| {
            json!({"product_retailer_id": sku, "quantity": qty,
                   "item_price": serde_json::from_str::<Value>(price).unwrap(), "currency": "SGD"})
        })
        .collect();
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6531591234", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Mei Ling Tan"}, "wa_id": from}],
            "messages": [{"from": from, "id": message_id, "timestamp": at.to_string(), "type": "order",
                          "order": {"catalog_id": "194836987003835", "text": "", "product_items": items}}]
        }}]}]
    }))
    .unwrap()
}

pub const CATALOG: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
TEE-BLK-M,TEE,Black tee M,,active,25.00,,SGD,50,,,,,,
MUG-WHT,,White mug,,active,12.50,9.90,SGD,50,,,,,,
";

/// A Singapore shop (cards and PayNow pay in the chat there) on the WhatsApp channel. Its
/// Graph base is the Meta catalog double (issue 13: sync publishes the catalog too), which
/// passes the Cloud API's paths on to `graph_base` (Prism).
fn shop(graph_base: &str) -> (TestShop, MetaDouble) {
    let meta = MetaDouble::start_with("194836987003835", "EAAtesttoken", Some(graph_base.into()));
    let graph_base = meta.base.clone();
    let graph_base = graph_base.as_str();
    let mut shop = TestShop::new();
    shop.stock(CATALOG, &["card", "paynow"]);
    crate::serve::connect_whatsapp(&mut shop, "194836987003835", graph_base);
    shop.run(&[
        "config",
        "set",
        "channel.payment_configuration",
        "shopctl-sg-stripe",
    ])
    .ok();
    (shop, meta)
}

fn messages(shop: &TestShop, order: &str) -> Vec<Value> {
    shop.json(&["orders", "show", order])["messages"]
        .as_array()
        .unwrap()
        .clone()
}

fn payment_captured(order: &str, value: i64, txn: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6531591234", "phone_number_id": "106540352242922"},
            "statuses": [{"id": "wamid.PAY1", "status": "captured", "type": "payment",
                "timestamp": "1763630000", "recipient_id": "6591234567",
                "payment": {"reference_id": order, "amount": {"value": value, "offset": 100},
                    "currency": "SGD",
                    "transaction": {"id": txn, "type": "stripe", "status": "success",
                                    "method": {"type": "card"}}}}]
        }}]}]
    }))
    .unwrap()
}

#[test]
fn the_chat_loop_against_prism_serving_metas_spec() {
    let prism = prism::prism();
    let (shop, _meta) = shop(&prism.base);
    shop.run(&["sync"]).ok();
    let serving = Serving::start(&shop, &[]);
    let now = 1_763_629_000; // 2026-11-20T09:00Z minus a few minutes: inside the 24 hours
    let a = cart(
        "wamid.CART-A",
        "6591234567",
        now,
        &[("TEE-BLK-M", 2, "25.00"), ("MUG-WHT", 1, "9.90")],
    );
    let b = cart("wamid.CART-B", "6598765432", now, &[("MUG-WHT", 3, "9.90")]);
    assert_eq!(post_signed(&serving.base, &a).0, 200);
    assert_eq!(post_signed(&serving.base, &b).0, 200);
    eventually("two orders", || orders(&shop).len() == 2);
    let (oa, ob) = ("1001", "1002");
    assert_eq!(messages(&shop, oa)[0]["kind"], "payment_request");

    // serve sends the two payment requests right away; Prism validates them against Meta's
    // schema.
    eventually(
        &format!("the payment requests sent ({})", serving.base),
        || {
            let sent = [oa, ob]
                .iter()
                .all(|o| messages(&shop, o)[0]["status"] == "sent");
            if !sent && serving.log().contains("messages not sent") {
                panic!("{}", serving.log());
            }
            sent
        },
    );
    let m = &messages(&shop, oa)[0];
    assert_eq!(m["status"], "sent", "{m}");
    assert!(
        m["summary"].as_str().unwrap().contains("pay 59.90 SGD"),
        "{m}"
    );

    // The customer pays in the chat: Meta's payment status marks the order paid.
    assert_eq!(
        post_signed(&serving.base, &payment_captured(oa, 5990, "pi_wa_1")).0,
        200
    );
    eventually("order A paid", || {
        shop.json(&["orders", "show", oa])["payment_status"] == "captured"
    });

    // Shipped: one order_status message, with the carrier and tracking number.
    shop.run(&[
        "orders",
        "fulfil",
        oa,
        "--carrier",
        "SingPost",
        "--tracking",
        "SP123456789SG",
    ])
    .ok();
    // Canceled: the other customer is told, with the reason.
    shop.run(&["orders", "cancel", ob, "--reason", "out of mugs"])
        .ok();
    let out = shop.json(&["sync"]);
    assert_eq!(out["chat"]["messages_sent"], 2, "{out}");
    let ma = messages(&shop, oa);
    assert_eq!(ma.len(), 2);
    assert_eq!(ma[1]["kind"], "order_status");
    assert_eq!(ma[1]["status"], "sent");
    assert!(
        ma[1]["summary"].as_str().unwrap().contains("SP123456789SG"),
        "{ma:?}"
    );
    let mb = messages(&shop, ob);
    assert!(
        mb[1]["summary"]
            .as_str()
            .unwrap()
            .contains("canceled. Reason: out of mugs"),
        "{mb:?}"
    );

    // A refund at the provider sends text with the amount: a third order paid at the sandbox.
    let c = cart(
        "wamid.CART-C",
        "6591112222",
        now,
        &[("TEE-BLK-M", 1, "25.00")],
    );
    assert_eq!(post_signed(&serving.base, &c).0, 200);
    eventually("order C", || orders(&shop).len() == 3);
    eventually("order C's payment request sent", || {
        messages(&shop, "1003")[0]["status"] == "sent"
    });
    shop.run(&["sandbox", "pay", "1003"]).ok();
    shop.run(&["sync"]).ok();
    shop.run(&["refunds", "create", "1003", "--amount", "5.00"])
        .ok();
    let out = shop.json(&["sync"]);
    assert!(out["chat"]["messages_sent"].as_u64().unwrap() >= 1, "{out}");
    let mc = messages(&shop, "1003");
    let refund = mc.iter().find(|m| m["kind"] == "text").unwrap();
    assert_eq!(refund["status"], "sent", "{mc:?}");
    assert!(
        refund["summary"].as_str().unwrap().contains("5.00 SGD"),
        "{mc:?}"
    );

    // Every message Prism answered 200 to (it answers 422 to one against the schema), and it
    // saw them all.
    for id in [oa, ob, "1003"] {
        for m in messages(&shop, id) {
            assert_eq!(m["status"], "sent", "{m}");
        }
    }
    assert!(
        prism
            .log()
            .matches("/v23.0/106540352242922/messages")
            .count()
            >= 5
    );
    drop(serving);
}

#[test]
fn a_message_prism_refuses_is_kept_as_failed_and_not_retried() {
    let prism = prism::prism();
    let (shop, _meta) = shop(&prism.base);
    let f = shop.path("cart.json");
    std::fs::write(
        &f,
        cart(
            "wamid.CART-X",
            "6591234567",
            1_763_629_000,
            &[("TEE-BLK-M", 1, "25.00")],
        ),
    )
    .unwrap();
    shop.run(&["orders", "import", f.to_str().unwrap()]).ok();
    // A reference longer than Meta's 35 characters cannot be sent: make one by hand.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute(
        "UPDATE outbox SET payload = replace(payload, '\"order_ref\":\"1001\"', '\"order_ref\":\"1001-with-a-reference-far-too-long-for-meta\"')
         WHERE target = 'channel'",
        [],
    )
    .unwrap();
    drop(conn);
    let run = shop.run(&["--format", "json", "sync"]).code(3);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["chat"]["messages_failed"], 1, "{out}");
    assert!(
        run.stderr
            .contains("not delivered: message 1 (payment_request)"),
        "{}",
        run.stderr
    );
    let m = &messages(&shop, "1001")[0];
    assert_eq!(m["status"], "failed");
    assert!(m["error"].as_str().unwrap().contains("HTTP 422"), "{m}");
    // Not retried: the next sync has nothing to send.
    let again = shop.json(&["sync"]);
    assert_eq!(again["chat"]["messages_failed"], 0, "{again}");
    assert_eq!(again["pending"], 0, "{again}");
}
