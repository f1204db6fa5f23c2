//! The chat channel's nouns (issues 12 and 13): the changes the chat must learn (messages and
//! catalog entries), the catalog's items and Meta's verdicts on them, the messages the shop
//! sends, and what a chat delivery brings in (carts, payments, message statuses). Re-exported
//! by `model`, so that every layer names them `model::…` like the rest.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::tagged::{self, TagFirst};
use super::{OrderStatus, PaymentState, UnknownValue, Vocabulary};
use crate::money::Money;

/// A change the chat channel must learn, as stored in a `channel` outbox entry (`payload` is
/// this, as JSON): a message to a customer. The chat's catalog (issue 13) is kept in step by
/// light channel entries without a payload, of the kinds below: `sync::catalog` reads them.
/// Read by `tagged`, which takes the tag first (as it is written) without serde's buffering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChannelChange {
    /// Send one message to a customer.
    Message(OutgoingMessage),
}

impl TagFirst for ChannelChange {
    const TAG: &'static str = "kind";
    const EXPECTING: &'static str = "a channel change";

    fn read_variant<'de, R: Deserializer<'de>>(variant: &str, rest: R) -> Result<Self, R::Error> {
        match variant {
            "message" => OutgoingMessage::deserialize(rest).map(ChannelChange::Message),
            other => Err(de::Error::unknown_variant(other, &["message"])),
        }
    }
}

impl<'de> Deserialize<'de> for ChannelChange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        tagged::deserialize(d)
    }
}

impl ChannelChange {
    /// The outbox `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            ChannelChange::Message(_) => "message",
        }
    }
}

/// The outbox `kind` of a light channel entry that brings one product's item in the chat's
/// catalog in step with the product as it is when pushed (an UPDATE, a DELETE, or nothing);
/// `subject` is the SKU.
pub const CATALOG_ITEM_KIND: &str = "catalog_item";

/// The outbox `kind` of a light channel entry that does the same for every product one
/// `catalog import` wrote: `subject` is the import's time, which every product it created or
/// updated carries as `updated_at`.
pub const CATALOG_SCAN_KIND: &str = "catalog_scan";

/// A product as the chat's catalog shows it: the fields of a Meta catalog item
/// (`PRODUCT_ITEM`), in the shop's types. `catalog` builds it from a product; a channel
/// adapter turns it into its request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    /// The retailer id: the SKU.
    pub id: String,
    pub title: String,
    /// Plain text (HTML made into text), within the channel's limit.
    pub description: String,
    /// `in stock`, `out of stock`, `preorder`, `available for order`, `discontinued`.
    pub availability: String,
    /// `new`, `refurbished`, `used`.
    pub condition: String,
    pub price: Money,
    pub sale_price: Option<Money>,
    /// The product page; empty when the shop has none.
    pub link: String,
    /// Public image links, the first one the main image.
    pub images: Vec<String>,
    pub brand: String,
    /// Variants of one product share it (empty: a product without variants).
    pub item_group_id: String,
    /// Units in stock; `None` when the shop does not count them.
    pub inventory: Option<i64>,
}

/// One request of a catalog batch. Not boxed: a batch is nearly all updates, and a box would
/// be one more allocation for each of them to spare the rare delete some bytes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CatalogRequest {
    /// Create or replace the item (Meta's UPDATE with `allow_upsert`).
    Update(CatalogItem),
    /// Take the item off the catalog.
    Delete { id: String },
}

impl CatalogRequest {
    /// The retailer id (SKU) the request is about.
    pub fn id(&self) -> &str {
        match self {
            CatalogRequest::Update(item) => &item.id,
            CatalogRequest::Delete { id } => id,
        }
    }
}

/// What the channel said about one item of a batch: errors (the item was not saved) and
/// warnings (it was, perhaps without some fields).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemVerdict {
    pub id: String,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// The channel's answer to a catalog batch once it has finished processing it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// The channel's reference for the batch (Meta's handle), when it gave one.
    pub handle: Option<String>,
    /// Items with something to say; an item not listed was saved as sent.
    pub verdicts: Vec<ItemVerdict>,
    /// What the channel said about the batch without naming an item.
    pub notes: Vec<String>,
}

/// One channel outbox entry handed to `Channel::send` (or, later, to catalog publishing).
#[derive(Clone, Debug)]
pub struct ChannelEntry {
    pub id: i64,
    /// Chosen when the entry was written; the sandbox chat sends a key once, and a retried send
    /// carries the same one.
    pub idempotency_key: String,
    pub change: ChannelChange,
}

/// A message to a customer in the chat, in the shop's terms; the adapter turns it into its
/// channel's request (WhatsApp: `text`, `interactive` `order_details` or `order_status`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMessage {
    /// The shop's record of it (the `messages` table).
    pub message: i64,
    /// The customer's WhatsApp number (wa_id), digits only.
    pub to: String,
    pub body: MessageBody,
}

/// Read by `tagged`, as `ChannelChange` is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MessageBody {
    /// Asks the customer to pay for an order in the chat.
    PaymentRequest(PaymentRequest),
    /// Tells the customer where their order stands (after a payment request for it).
    OrderStatus {
        order_ref: String,
        status: OrderStatus,
        /// Carrier and tracking, or the reason for a cancel.
        description: String,
    },
    /// Free-form text (Meta refuses it outside the 24-hour customer-service window).
    Text { body: String },
}

impl TagFirst for MessageBody {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a message body";

    fn read_variant<'de, R: Deserializer<'de>>(variant: &str, rest: R) -> Result<Self, R::Error> {
        /// The fields of the struct variants, as serde's derived reader takes them.
        #[derive(Deserialize)]
        struct OrderStatusFields {
            order_ref: String,
            status: OrderStatus,
            description: String,
        }
        #[derive(Deserialize)]
        struct TextFields {
            body: String,
        }
        match variant {
            "payment_request" => PaymentRequest::deserialize(rest).map(MessageBody::PaymentRequest),
            "order_status" => {
                OrderStatusFields::deserialize(rest).map(|f| MessageBody::OrderStatus {
                    order_ref: f.order_ref,
                    status: f.status,
                    description: f.description,
                })
            }
            "text" => TextFields::deserialize(rest).map(|f| MessageBody::Text { body: f.body }),
            other => Err(de::Error::unknown_variant(
                other,
                &["payment_request", "order_status", "text"],
            )),
        }
    }
}

impl<'de> Deserialize<'de> for MessageBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        tagged::deserialize(d)
    }
}

impl MessageBody {
    /// The `messages.kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            MessageBody::PaymentRequest(_) => "payment_request",
            MessageBody::OrderStatus { .. } => "order_status",
            MessageBody::Text { .. } => "text",
        }
    }
}

/// A payment request for an order (WhatsApp: `order_details` with `review_and_pay`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRequest {
    /// The shop's order id: the reference the payment comes back with.
    pub order_ref: String,
    pub items: Vec<RequestItem>,
    pub total: Money,
    /// The name of the payment configuration set up with Meta for the shop's market
    /// (`config set channel.payment_configuration NAME`); `None` when none is set.
    pub payment_configuration: Option<String>,
    /// The shop's country (ISO 3166-1 alpha-2): which payment flow the market uses.
    pub country: String,
    /// What the payment provider made ready for this request (`Provider::prepare_payment`,
    /// e.g. a Razorpay order), filled in when the request is sent, never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<GatewayOrder>,
}

/// The provider's side of a payment request: who takes the payment, and what it filed it under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayOrder {
    /// The provider's name (`razorpay`), which is also WhatsApp's payment gateway type.
    pub provider: String,
    /// The provider's object the customer pays against (Razorpay: `order_...`).
    pub provider_ref: String,
    /// Its receipt: the shop's order reference (and attempt).
    pub receipt: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestItem {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// What a channel's webhook (or the sandbox chat) told the shop, parsed from a stored body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InboundEvent {
    /// A customer sent a cart.
    Order(ChatOrder),
    /// A payment made in the chat changed state (WhatsApp `statuses` of type `payment`).
    Payment(ChatPayment),
    /// A message the shop sent was sent, delivered, read or failed.
    Delivery(DeliveryStatus),
    /// Anything else (text, reactions, ...): nothing for the shop to record.
    Other { what: String },
}

/// A cart sent in the chat. Prices are exact decimals as the customer's app sent them, checked
/// against the shop's currency and catalog by `orders`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatOrder {
    /// The channel's message id: an order is recorded once per message.
    pub message_id: String,
    /// The customer's WhatsApp number.
    pub from: String,
    pub name: String,
    pub catalog_id: String,
    pub created_at: Timestamp,
    pub items: Vec<ChatItem>,
    /// Where the message is in its document, for problems (`entry[0]...messages[1] (wamid...)`).
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatItem {
    pub sku: String,
    pub quantity: i64,
    pub unit_price: rust_decimal::Decimal,
    pub currency: String,
    /// e.g. ` item 2 (TEE-M)`.
    pub at: String,
}

/// A payment made in the chat for an order the shop asked to be paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatPayment {
    /// The order id the shop sent as the payment request's reference.
    pub order_ref: String,
    /// The payment gateway's reference when given (what a provider pull names it by), else
    /// the channel's transaction id.
    pub payment_ref: String,
    pub method: String,
    pub amount: rust_decimal::Decimal,
    pub currency: String,
    pub state: PaymentState,
    pub at: Timestamp,
}

text_enum! {
    /// How far a message the shop sent has got.
    pub enum DeliveryState ("message status") {
        /// Written, with its outbox entry, not yet accepted by the channel.
        Queued => "queued",
        Sent => "sent",
        Delivered => "delivered",
        Read => "read",
        /// The channel refused it for good (e.g. outside the 24-hour window).
        Failed => "failed",
        /// Not sent because it no longer made sense (a payment request for a paid order).
        Skipped => "skipped",
    }
}

/// A channel's report on a message the shop sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryStatus {
    /// The channel's message id, as `send` returned it.
    pub message_id: String,
    pub state: DeliveryState,
    /// The channel's error code and text for a failed message (Meta: 131047 and its title).
    pub error_code: Option<i64>,
    pub error: Option<String>,
    pub at: Timestamp,
}
