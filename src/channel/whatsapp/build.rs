//! WhatsApp JSON the shop writes: a cart as Meta's `order` webhook carries it (the sandbox chat
//! hands its customers' carts to the shop in this shape, so that they go through the same
//! parser as Meta's), and the Cloud API's message requests (`POST /{phone-number-id}/messages`:
//! `text`, and `interactive` of type `order_details` and `order_status`).
//!
//! Sources: the OpenAPI description's `WebhookPayload` example "Order Message", and its
//! `sendMessage` examples "Send Order Details Message" and "Send Order Status Message" (whose
//! shapes Meta's "Payments API" pages document: `review_and_pay` with `reference_id`, `type`,
//! `currency`, `total_amount {value, offset}`, `order {status, items, subtotal, tax}`,
//! `payment_configuration`; `review_order` with `order {status, description}`).

use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::channel::text;
use crate::model::{MessageBody, OrderStatus, OutgoingMessage, PaymentRequest};
use crate::money::Money;

/// A cart as an `order` webhook payload (prices as exact JSON numbers).
pub struct CartPayload<'a> {
    pub phone_number_id: &'a str,
    pub message_id: &'a str,
    pub from: &'a str,
    pub name: &'a str,
    pub timestamp: i64,
    pub catalog_id: &'a str,
    /// SKU, quantity, unit price.
    pub items: Vec<(&'a str, i64, crate::money::Money)>,
}

pub fn order_webhook(cart: &CartPayload) -> Vec<u8> {
    let doc = Doc {
        object: "whatsapp_business_account",
        entry: [Entry {
            id: cart.phone_number_id,
            changes: [Change {
                value: ChangeValue {
                    messaging_product: "whatsapp",
                    metadata: json!({
                        "display_phone_number": cart.phone_number_id,
                        "phone_number_id": cart.phone_number_id,
                    }),
                    contacts: [json!({"profile": {"name": cart.name}, "wa_id": cart.from})],
                    messages: [Message {
                        from: cart.from,
                        id: cart.message_id,
                        timestamp: cart.timestamp.to_string(),
                        kind: "order",
                        order: Order {
                            catalog_id: cart.catalog_id,
                            text: "",
                            product_items: cart
                                .items
                                .iter()
                                .map(|(sku, quantity, price)| Item {
                                    product_retailer_id: sku,
                                    quantity: *quantity,
                                    item_price: RawValue::from_string(price.to_major_string())
                                        .expect("an amount is a JSON number"),
                                    currency: price.currency.code(),
                                })
                                .collect(),
                        },
                    }],
                },
                field: "messages",
            }],
        }],
    };
    serde_json::to_vec(&doc).expect("a cart serialises")
}

// Typed rather than a `serde_json::Value`, so that each price goes out as its exact text (a
// `Value` would hold it as an f64).
#[derive(serde::Serialize)]
struct Doc<'a> {
    object: &'a str,
    entry: [Entry<'a>; 1],
}
#[derive(serde::Serialize)]
struct Entry<'a> {
    id: &'a str,
    changes: [Change<'a>; 1],
}
#[derive(serde::Serialize)]
struct Change<'a> {
    value: ChangeValue<'a>,
    field: &'a str,
}
#[derive(serde::Serialize)]
struct ChangeValue<'a> {
    messaging_product: &'a str,
    metadata: Value,
    contacts: [Value; 1],
    messages: [Message<'a>; 1],
}
#[derive(serde::Serialize)]
struct Message<'a> {
    from: &'a str,
    id: &'a str,
    timestamp: String,
    #[serde(rename = "type")]
    kind: &'a str,
    order: Order<'a>,
}
#[derive(serde::Serialize)]
struct Order<'a> {
    catalog_id: &'a str,
    text: &'a str,
    product_items: Vec<Item<'a>>,
}
#[derive(serde::Serialize)]
struct Item<'a> {
    product_retailer_id: &'a str,
    quantity: i64,
    item_price: Box<RawValue>,
    currency: &'a str,
}

/// Meta's `{value, offset}`: 12.50 SGD → `{"value": 1250, "offset": 100}`.
fn amount(m: &Money) -> Value {
    json!({"value": m.minor, "offset": 10_i64.pow(m.currency.exponent())})
}

/// The Cloud API request for one message.
pub fn message_request(message: &OutgoingMessage) -> Value {
    let mut req = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.to,
    });
    match &message.body {
        MessageBody::Text { body } => {
            req["type"] = "text".into();
            req["text"] = json!({"body": body, "preview_url": false});
        }
        MessageBody::PaymentRequest(r) => {
            req["type"] = "interactive".into();
            req["interactive"] = order_details(r, &text::body_text(&message.body));
        }
        MessageBody::OrderStatus {
            order_ref,
            status,
            description,
        } => {
            req["type"] = "interactive".into();
            let mut order = json!({"status": status_word(*status)});
            if !description.is_empty() {
                order["description"] = description.as_str().into();
            }
            req["interactive"] = json!({
                "type": "order_status",
                "body": {"text": text::body_text(&message.body)},
                "action": {"name": "review_order", "parameters": {"reference_id": order_ref, "order": order}},
            });
        }
    }
    req
}

fn order_details(r: &PaymentRequest, body: &str) -> Value {
    let items: Vec<Value> = r
        .items
        .iter()
        .map(|i| {
            json!({
                "retailer_id": i.sku,
                "name": i.name,
                "amount": amount(&i.unit_price),
                "quantity": i.quantity,
            })
        })
        .collect();
    let zero = Money::zero(r.total.currency);
    let mut parameters = json!({
        "reference_id": r.order_ref,
        "type": "physical-goods",
        "currency": r.total.currency.code(),
        "total_amount": amount(&r.total),
        "order": {
            "status": "pending",
            "items": items,
            "subtotal": amount(&r.total),
            "tax": amount(&zero),
        },
    });
    match (&r.gateway, &r.payment_configuration) {
        // A payment gateway that made the order ready (India: Razorpay): Meta's
        // `payment_settings` name the gateway, its configuration and the receipt.
        (Some(g), config) => {
            let mut gateway = json!({
                "type": g.provider,
                "configuration_name": config.as_deref().unwrap_or_default(),
            });
            gateway[g.provider.as_str()] = json!({
                "receipt": g.receipt,
                "notes": {"order_ref": r.order_ref, "provider_order": g.provider_ref},
            });
            parameters["payment_settings"] =
                json!([{"type": "payment_gateway", "payment_gateway": gateway}]);
        }
        (None, Some(config)) => {
            parameters["payment_configuration"] = config.as_str().into();
            // India's UPI flow names the payment type; other markets take it from the
            // configuration.
            if r.country.eq_ignore_ascii_case("IN") {
                parameters["payment_type"] = "upi".into();
            }
        }
        (None, None) => {}
    }
    json!({
        "type": "order_details",
        "body": {"text": body},
        "action": {"name": "review_and_pay", "parameters": parameters},
    })
}

/// WhatsApp's spelling of an order status.
pub fn status_word(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "pending",
        OrderStatus::Processing => "processing",
        OrderStatus::PartiallyShipped => "partially-shipped",
        OrderStatus::Shipped => "shipped",
        OrderStatus::Completed => "completed",
        OrderStatus::Canceled => "canceled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GatewayOrder, RequestItem};
    use crate::money::Currency;

    fn request(gateway: Option<GatewayOrder>) -> OutgoingMessage {
        let inr = Currency::from_code("INR").unwrap();
        OutgoingMessage {
            message: 1,
            to: "919812345678".into(),
            body: MessageBody::PaymentRequest(PaymentRequest {
                order_ref: "1001".into(),
                items: vec![RequestItem {
                    sku: "KURTA-M".into(),
                    name: "Kurta".into(),
                    quantity: 2,
                    unit_price: Money::new(89900, inr),
                }],
                total: Money::new(179800, inr),
                payment_configuration: Some("rzp-config".into()),
                country: "IN".into(),
                gateway,
            }),
        }
    }

    #[test]
    fn payment_requests_carry_amounts_as_value_and_offset_and_the_market_s_payment() {
        let upi = message_request(&request(None));
        let p = &upi["interactive"]["action"]["parameters"];
        assert_eq!(upi["interactive"]["type"], "order_details");
        assert_eq!(p["total_amount"], json!({"value": 179800, "offset": 100}));
        assert_eq!(
            p["order"]["items"][0]["amount"],
            json!({"value": 89900, "offset": 100})
        );
        assert_eq!(p["reference_id"], "1001");
        assert_eq!(
            (
                p["payment_type"].as_str(),
                p["payment_configuration"].as_str()
            ),
            (Some("upi"), Some("rzp-config"))
        );

        let gateway = message_request(&request(Some(GatewayOrder {
            provider: "razorpay".into(),
            provider_ref: "order_X".into(),
            receipt: "1001".into(),
        })));
        let p = &gateway["interactive"]["action"]["parameters"];
        let g = &p["payment_settings"][0]["payment_gateway"];
        assert_eq!(g["type"], "razorpay");
        assert_eq!(g["configuration_name"], "rzp-config");
        assert_eq!(g["razorpay"]["receipt"], "1001");
        assert!(p.get("payment_type").is_none());
    }

    #[test]
    fn a_cart_webhook_keeps_each_price_s_exact_text() {
        let sgd = Currency::from_code("SGD").unwrap();
        let body = order_webhook(&CartPayload {
            phone_number_id: "0",
            message_id: "wamid.sandbox.1",
            from: "6591234567",
            name: "Ana",
            timestamp: 1_763_600_000,
            catalog_id: "sandbox",
            items: vec![("MUG", 2, Money::new(1250, sgd))],
        });
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains(r#""item_price":12.50"#), "{text}");
        let parsed = super::super::webhook::parse(text.as_bytes(), jiff::Timestamp::now());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }
}
