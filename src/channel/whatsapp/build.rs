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
                    metadata: Metadata {
                        display_phone_number: cart.phone_number_id,
                        phone_number_id: cart.phone_number_id,
                    },
                    contacts: [Contact {
                        profile: Profile { name: cart.name },
                        wa_id: cart.from,
                    }],
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
    metadata: Metadata<'a>,
    contacts: [Contact<'a>; 1],
    messages: [Message<'a>; 1],
}
#[derive(serde::Serialize)]
struct Metadata<'a> {
    display_phone_number: &'a str,
    phone_number_id: &'a str,
}
#[derive(serde::Serialize)]
struct Contact<'a> {
    profile: Profile<'a>,
    wa_id: &'a str,
}
#[derive(serde::Serialize)]
struct Profile<'a> {
    name: &'a str,
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
#[derive(serde::Serialize)]
struct Amount {
    value: i64,
    offset: i64,
}

fn amount(m: &Money) -> Amount {
    Amount {
        value: m.minor,
        offset: 10_i64.pow(m.currency.exponent()),
    }
}

/// The Cloud API request for one message, ready to serialise as the request's body.
pub fn message_request(message: &OutgoingMessage) -> Request<'_> {
    let mut req = Request {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: &message.to,
        kind: "interactive",
        text: None,
        interactive: None,
    };
    let body = Body {
        text: text::body_text(&message.body),
    };
    match &message.body {
        MessageBody::Text { body } => {
            req.kind = "text";
            req.text = Some(TextPart {
                body,
                preview_url: false,
            });
        }
        MessageBody::PaymentRequest(r) => {
            req.interactive = Some(Interactive {
                kind: "order_details",
                body,
                action: Action {
                    name: "review_and_pay",
                    parameters: Parameters::Details(order_details(r)),
                },
            });
        }
        MessageBody::OrderStatus {
            order_ref,
            status,
            description,
        } => {
            req.interactive = Some(Interactive {
                kind: "order_status",
                body,
                action: Action {
                    name: "review_order",
                    parameters: Parameters::Status(StatusParameters {
                        reference_id: order_ref,
                        order: StatusOrder {
                            status: status_word(*status),
                            description: Some(description.as_str()).filter(|d| !d.is_empty()),
                        },
                    }),
                },
            });
        }
    }
    req
}

fn order_details(r: &PaymentRequest) -> OrderDetails<'_> {
    let mut details = OrderDetails {
        reference_id: &r.order_ref,
        kind: "physical-goods",
        currency: r.total.currency.code(),
        total_amount: amount(&r.total),
        order: DetailsOrder {
            status: "pending",
            items: r
                .items
                .iter()
                .map(|i| DetailsItem {
                    retailer_id: &i.sku,
                    name: &i.name,
                    amount: amount(&i.unit_price),
                    quantity: i.quantity,
                })
                .collect(),
            subtotal: amount(&r.total),
            tax: amount(&Money::zero(r.total.currency)),
        },
        payment_configuration: None,
        payment_type: None,
        payment_settings: None,
    };
    match (&r.gateway, &r.payment_configuration) {
        // A payment gateway that made the order ready (India: Razorpay): Meta's
        // `payment_settings` name the gateway, its configuration and the receipt.
        (Some(g), config) => {
            details.payment_settings = Some([PaymentSetting {
                kind: "payment_gateway",
                payment_gateway: Gateway {
                    kind: &g.provider,
                    configuration_name: config.as_deref().unwrap_or_default(),
                    by_provider: [(
                        g.provider.as_str(),
                        GatewayOrderPart {
                            receipt: &g.receipt,
                            notes: GatewayNotes {
                                order_ref: &r.order_ref,
                                provider_order: &g.provider_ref,
                            },
                        },
                    )]
                    .into(),
                },
            }]);
        }
        (None, Some(config)) => {
            details.payment_configuration = Some(config);
            // India's UPI flow names the payment type; other markets take it from the
            // configuration.
            if r.country.eq_ignore_ascii_case("IN") {
                details.payment_type = Some("upi");
            }
        }
        (None, None) => {}
    }
    details
}

// A message request, typed: built from borrowed text and written out once, where a
// `serde_json::Value` built each map and string again (a sixth of a sync's instructions went
// to building and writing 10,000 of them; issue 18). Fields are in the order Meta's examples
// write them.
#[derive(serde::Serialize)]
pub struct Request<'a> {
    messaging_product: &'a str,
    recipient_type: &'a str,
    to: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<TextPart<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interactive: Option<Interactive<'a>>,
}
impl Request<'_> {
    /// The request's body as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a message request serialises")
    }
}
#[derive(serde::Serialize)]
struct TextPart<'a> {
    body: &'a str,
    preview_url: bool,
}
#[derive(serde::Serialize)]
struct Interactive<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    body: Body,
    action: Action<'a>,
}
#[derive(serde::Serialize)]
struct Body {
    text: String,
}
#[derive(serde::Serialize)]
struct Action<'a> {
    name: &'a str,
    parameters: Parameters<'a>,
}
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Parameters<'a> {
    Details(OrderDetails<'a>),
    Status(StatusParameters<'a>),
}
#[derive(serde::Serialize)]
struct OrderDetails<'a> {
    reference_id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    currency: &'a str,
    total_amount: Amount,
    order: DetailsOrder<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_configuration: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_settings: Option<[PaymentSetting<'a>; 1]>,
}
#[derive(serde::Serialize)]
struct DetailsOrder<'a> {
    status: &'a str,
    items: Vec<DetailsItem<'a>>,
    subtotal: Amount,
    tax: Amount,
}
#[derive(serde::Serialize)]
struct DetailsItem<'a> {
    retailer_id: &'a str,
    name: &'a str,
    amount: Amount,
    quantity: i64,
}
#[derive(serde::Serialize)]
struct PaymentSetting<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    payment_gateway: Gateway<'a>,
}
#[derive(serde::Serialize)]
struct Gateway<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    configuration_name: &'a str,
    /// The gateway's own part, under its name (`"razorpay": {...}`).
    #[serde(flatten)]
    by_provider: std::collections::BTreeMap<&'a str, GatewayOrderPart<'a>>,
}
#[derive(serde::Serialize)]
struct GatewayOrderPart<'a> {
    receipt: &'a str,
    notes: GatewayNotes<'a>,
}
#[derive(serde::Serialize)]
struct GatewayNotes<'a> {
    order_ref: &'a str,
    provider_order: &'a str,
}
#[derive(serde::Serialize)]
struct StatusParameters<'a> {
    reference_id: &'a str,
    order: StatusOrder<'a>,
}
#[derive(serde::Serialize)]
struct StatusOrder<'a> {
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
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
    use serde_json::{Value, json};

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
        let as_value = |m: &OutgoingMessage| serde_json::to_value(message_request(m)).unwrap();
        let upi: Value = as_value(&request(None));
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

        let gateway = as_value(&request(Some(GatewayOrder {
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

    /// Every kind of message request, word for word as the `serde_json::Value` that built
    /// them before wrote them (Meta's examples' order of fields kept).
    #[test]
    fn message_requests_are_written_word_for_word() {
        let sgd = Currency::from_code("SGD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let to = "6591234567".to_string();
        let req = |cur, config: Option<&str>, country: &str, gateway| OutgoingMessage {
            message: 1,
            to: to.clone(),
            body: MessageBody::PaymentRequest(PaymentRequest {
                order_ref: "1001".into(),
                items: vec![
                    RequestItem {
                        sku: "TEE-M".into(),
                        name: "Tee \"M\"".into(),
                        quantity: 2,
                        unit_price: Money::new(2500, cur),
                    },
                    RequestItem {
                        sku: "MUG".into(),
                        name: "Mug".into(),
                        quantity: 1,
                        unit_price: Money::new(990, cur),
                    },
                ],
                total: Money::new(5990, cur),
                payment_configuration: config.map(str::to_string),
                country: country.into(),
                gateway,
            }),
        };
        let g = GatewayOrder {
            provider: "razorpay".into(),
            provider_ref: "order_X".into(),
            receipt: "1001-2".into(),
        };
        let status = |order_ref: &str, status, description: &str| OutgoingMessage {
            message: 3,
            to: to.clone(),
            body: MessageBody::OrderStatus {
                order_ref: order_ref.into(),
                status,
                description: description.into(),
            },
        };
        let cases = [
            (
                OutgoingMessage {
                    message: 2,
                    to: to.clone(),
                    body: MessageBody::Text {
                        body: "Hello \u{e9} \n there".into(),
                    },
                },
                GOLDEN0,
            ),
            (req(sgd, None, "SG", None), GOLDEN1),
            (req(sgd, Some("paynow-cfg"), "SG", None), GOLDEN2),
            (req(jpy, Some("upi-cfg"), "in", None), GOLDEN3),
            (req(sgd, Some("rzp-config"), "IN", Some(g.clone())), GOLDEN4),
            (req(sgd, None, "IN", Some(g)), GOLDEN5),
            (status("1001", OrderStatus::PartiallyShipped, ""), GOLDEN6),
            (
                status("1002", OrderStatus::Canceled, "Out of stock"),
                GOLDEN7,
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(message_request(&message).to_json(), expected);
        }
    }

    const GOLDEN0: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"text","text":{"body":"Hello é \n there","preview_url":false}}"#;
    const GOLDEN1: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_details","body":{"text":"Thank you for your order 1001! Please review it and pay 59.90 SGD."},"action":{"name":"review_and_pay","parameters":{"reference_id":"1001","type":"physical-goods","currency":"SGD","total_amount":{"value":5990,"offset":100},"order":{"status":"pending","items":[{"retailer_id":"TEE-M","name":"Tee \"M\"","amount":{"value":2500,"offset":100},"quantity":2},{"retailer_id":"MUG","name":"Mug","amount":{"value":990,"offset":100},"quantity":1}],"subtotal":{"value":5990,"offset":100},"tax":{"value":0,"offset":100}}}}}}"#;
    const GOLDEN2: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_details","body":{"text":"Thank you for your order 1001! Please review it and pay 59.90 SGD."},"action":{"name":"review_and_pay","parameters":{"reference_id":"1001","type":"physical-goods","currency":"SGD","total_amount":{"value":5990,"offset":100},"order":{"status":"pending","items":[{"retailer_id":"TEE-M","name":"Tee \"M\"","amount":{"value":2500,"offset":100},"quantity":2},{"retailer_id":"MUG","name":"Mug","amount":{"value":990,"offset":100},"quantity":1}],"subtotal":{"value":5990,"offset":100},"tax":{"value":0,"offset":100}},"payment_configuration":"paynow-cfg"}}}}"#;
    const GOLDEN3: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_details","body":{"text":"Thank you for your order 1001! Please review it and pay 5990 JPY."},"action":{"name":"review_and_pay","parameters":{"reference_id":"1001","type":"physical-goods","currency":"JPY","total_amount":{"value":5990,"offset":1},"order":{"status":"pending","items":[{"retailer_id":"TEE-M","name":"Tee \"M\"","amount":{"value":2500,"offset":1},"quantity":2},{"retailer_id":"MUG","name":"Mug","amount":{"value":990,"offset":1},"quantity":1}],"subtotal":{"value":5990,"offset":1},"tax":{"value":0,"offset":1}},"payment_configuration":"upi-cfg","payment_type":"upi"}}}}"#;
    const GOLDEN4: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_details","body":{"text":"Thank you for your order 1001! Please review it and pay 59.90 SGD."},"action":{"name":"review_and_pay","parameters":{"reference_id":"1001","type":"physical-goods","currency":"SGD","total_amount":{"value":5990,"offset":100},"order":{"status":"pending","items":[{"retailer_id":"TEE-M","name":"Tee \"M\"","amount":{"value":2500,"offset":100},"quantity":2},{"retailer_id":"MUG","name":"Mug","amount":{"value":990,"offset":100},"quantity":1}],"subtotal":{"value":5990,"offset":100},"tax":{"value":0,"offset":100}},"payment_settings":[{"type":"payment_gateway","payment_gateway":{"type":"razorpay","configuration_name":"rzp-config","razorpay":{"receipt":"1001-2","notes":{"order_ref":"1001","provider_order":"order_X"}}}}]}}}}"#;
    const GOLDEN5: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_details","body":{"text":"Thank you for your order 1001! Please review it and pay 59.90 SGD."},"action":{"name":"review_and_pay","parameters":{"reference_id":"1001","type":"physical-goods","currency":"SGD","total_amount":{"value":5990,"offset":100},"order":{"status":"pending","items":[{"retailer_id":"TEE-M","name":"Tee \"M\"","amount":{"value":2500,"offset":100},"quantity":2},{"retailer_id":"MUG","name":"Mug","amount":{"value":990,"offset":100},"quantity":1}],"subtotal":{"value":5990,"offset":100},"tax":{"value":0,"offset":100}},"payment_settings":[{"type":"payment_gateway","payment_gateway":{"type":"razorpay","configuration_name":"","razorpay":{"receipt":"1001-2","notes":{"order_ref":"1001","provider_order":"order_X"}}}}]}}}}"#;
    const GOLDEN6: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_status","body":{"text":"Order 1001: partly shipped."},"action":{"name":"review_order","parameters":{"reference_id":"1001","order":{"status":"partially-shipped"}}}}}"#;
    const GOLDEN7: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"6591234567","type":"interactive","interactive":{"type":"order_status","body":{"text":"Order 1002: canceled. Out of stock"},"action":{"name":"review_order","parameters":{"reference_id":"1002","order":{"status":"canceled","description":"Out of stock"}}}}}"#;
}
