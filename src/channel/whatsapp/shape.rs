//! The common shape of an order webhook, read in one pass (issue 18): `entry[].changes[].value`
//! with `contacts` and `messages` of type `order`. The walk (`json::Node::get`) reads an
//! object's text again for each member it is asked for, which made reading a webhook a third of
//! an `orders import`; here each object is read once, its members of interest kept as their
//! exact text (`RawValue`) and every other member skipped.
//!
//! Only the happy case is read here. The leaves go through the walk's own readers (`webhook::
//! item_quantity`, `item_price`, `unix_time`...), so an order read here is the order the walk
//! reads; and anything else — a problem of any kind, a `statuses` list, a member of another
//! type than expected (`null`, an array for an object) — gives `None`, and the caller reads
//! the document with the walk, which reports each problem with its path as it always did.
//! A member named twice counts as the walk counts it: the last one.

use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess};
use serde_json::value::RawValue;

use super::json::Node;
use super::webhook::{item_at, item_price, item_quantity, message_path, other, unix_time};
use crate::model::{ChatItem, ChatOrder, InboundEvent};

/// The events of `doc`, or `None` when it is not of the common shape or has a problem.
pub fn read(doc: Node, now: Timestamp) -> Option<Vec<InboundEvent>> {
    read_str(doc.raw().get(), now)
}

/// `read` of a text that may not be JSON at all (a line of a webhook log, not yet read as a
/// document): `None` too when it is not exactly one JSON value.
pub fn read_str(text: &str, now: Timestamp) -> Option<Vec<InboundEvent>> {
    let payload: Payload = serde_json::from_str(text).ok()?;
    let mut events = Vec::new();
    for (ei, entry) in payload.entry?.iter().enumerate() {
        for (ci, change) in entry.changes.as_ref()?.iter().enumerate() {
            let value = change.value.as_ref()?;
            if value.statuses.is_some() {
                return None;
            }
            let Some(messages) = &value.messages else {
                continue;
            };
            let path = format!("entry[{ei}].changes[{ci}].value");
            let contacts = value.contacts.as_deref().unwrap_or_default();
            for (mi, message) in messages.iter().enumerate() {
                events.push(read_message(message, contacts, &path, mi, now)?);
            }
        }
    }
    Some(events)
}

/// One message: an order without a problem, another type of message, or `None`.
fn read_message(
    message: &Message,
    contacts: &[Contact],
    path: &str,
    mi: usize,
    now: Timestamp,
) -> Option<InboundEvent> {
    let kind = string(message.kind).unwrap_or_default();
    let id = string(message.id);
    if kind != "order" {
        return Some(other(&kind));
    }
    let at = message_path(path, mi, id.as_deref());
    let message_id = id.filter(|s| !s.trim().is_empty())?;
    let from = string(message.from).unwrap_or_default();
    if from.is_empty() {
        return None;
    }
    let name = contacts
        .iter()
        .find(|c| string(c.wa_id).as_deref() == Some(from.as_str()))
        .or_else(|| contacts.first())
        .and_then(|c| c.profile.as_ref())
        .and_then(|p| string(p.name))
        .unwrap_or_default();
    let created_at = unix_time(message.timestamp.map(Node::new), now).ok()?;
    let order = message.order.as_ref()?;
    let catalog_id = scalar(order.catalog_id);
    let items = order.product_items.as_ref().filter(|i| !i.is_empty())?;
    let items = items
        .iter()
        .enumerate()
        .map(|(ii, item)| read_item(ii, item))
        .collect::<Option<Vec<ChatItem>>>()?;
    Some(InboundEvent::Order(ChatOrder {
        message_id,
        from,
        name,
        catalog_id,
        created_at,
        items,
        at,
    }))
}

fn read_item(ii: usize, item: &Item) -> Option<ChatItem> {
    let sku = scalar(item.product_retailer_id);
    if sku.is_empty() {
        return None;
    }
    Some(ChatItem {
        quantity: item_quantity(item.quantity.map(Node::new)).ok()?,
        unit_price: item_price(item.item_price.map(Node::new)).ok()?,
        currency: scalar(item.currency),
        at: item_at(ii, &sku),
        sku,
    })
}

/// A member's string value, as the walk reads it (`None`: missing or not a string).
fn string(raw: Option<&RawValue>) -> Option<String> {
    raw.and_then(|r| Node::new(r).str())
}

/// A member's string (trimmed) or number text, as the walk reads it; empty otherwise.
fn scalar(raw: Option<&RawValue>) -> String {
    raw.and_then(|r| Node::new(r).scalar_text())
        .unwrap_or_default()
}

/// A JSON object read into a struct of optional members, by their names (escapes decoded, as
/// the walk does); a member named twice keeps the last. Unlike serde's derive, it takes no
/// array for an object (the walk would not), and it takes no `null` for a member: `Option`
/// stands for absent only.
macro_rules! object {
    ($name:ident { $($field:ident: $ty:ty = $key:literal),* $(,)? }) => {
        #[derive(Default)]
        struct $name<'a> {
            $($field: Option<$ty>,)*
            _text: PhantomData<&'a str>,
        }

        impl<'a> Members<'a> for $name<'a> {
            const KEYS: &'static [&'static str] = &[$($key),*];

            fn set<A: MapAccess<'a>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    $($key => self.$field = Some(map.next_value()?),)*
                    _ => unreachable!("a key of KEYS"),
                }
                Ok(())
            }
        }

        impl<'a> Deserialize<'a> for $name<'a> {
            fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map(ObjectVisitor(PhantomData))
            }
        }
    };
}

// The shape. A field is `None` when its member is absent; a member that is present must have
// the type written here (a `null` included), else the document is not of the common shape.
// Leaves are the member's text, read by the walk's readers above.

object! { Payload { entry: Vec<Entry<'a>> = "entry" } }
object! { Entry { changes: Vec<Change<'a>> = "changes" } }
object! { Change { value: Value<'a> = "value" } }
object! {
    Value {
        contacts: Vec<Contact<'a>> = "contacts",
        messages: Vec<Message<'a>> = "messages",
        statuses: &'a RawValue = "statuses",
    }
}
object! { Contact { wa_id: &'a RawValue = "wa_id", profile: Profile<'a> = "profile" } }
object! { Profile { name: &'a RawValue = "name" } }
object! {
    Message {
        id: &'a RawValue = "id",
        from: &'a RawValue = "from",
        timestamp: &'a RawValue = "timestamp",
        kind: &'a RawValue = "type",
        order: Order<'a> = "order",
    }
}
object! {
    Order {
        catalog_id: &'a RawValue = "catalog_id",
        product_items: Vec<Item<'a>> = "product_items",
    }
}
object! {
    Item {
        product_retailer_id: &'a RawValue = "product_retailer_id",
        quantity: &'a RawValue = "quantity",
        item_price: &'a RawValue = "item_price",
        currency: &'a RawValue = "currency",
    }
}

/// An object's members of interest.
trait Members<'a>: Default {
    const KEYS: &'static [&'static str];
    fn set<A: MapAccess<'a>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'a, T: Members<'a>> de::Visitor<'a> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeyOf(T::KEYS))? {
            match key {
                Some(key) => out.set(key, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Reads a member's name: which of `.0` it is, if any.
struct KeyOf(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyOf {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> de::Visitor<'de> for KeyOf {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|k| *k == v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::Parsed;
    use crate::channel::whatsapp::webhook::{parse_document, walk};

    fn now() -> Timestamp {
        "2026-11-20T09:00:00Z".parse().unwrap()
    }

    /// The one-pass reader and the walk on `doc`: when the reader reads it, its events are the
    /// walk's and the walk found no problem; `parse_document` always says what the walk says.
    /// Returns whether the reader read it.
    fn agree(doc: &str) -> bool {
        let raw: Box<RawValue> = serde_json::from_str(doc).unwrap();
        let node = Node::new(&raw);
        let mut walked = Parsed::default();
        walk(node, now(), &mut walked);
        let fast = read(node, now());
        if let Some(events) = &fast {
            assert!(walked.problems.is_empty(), "{doc}\n{:?}", walked.problems);
            assert_eq!(events, &walked.events, "{doc}");
        }
        let mut parsed = Parsed::default();
        parse_document(node, now(), &mut parsed);
        assert_eq!(parsed, walked, "{doc}");
        fast.is_some()
    }

    /// A webhook whose message is `message` and whose contacts are `contacts`.
    fn webhook(contacts: &str, message: &str) -> String {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"phone_number_id":"106"}},"contacts":{contacts},"messages":[{message}]}}}}]}}]}}"#
        )
    }

    const CONTACTS: &str = r#"[{"profile":{"name":"Mei Ling"},"wa_id":"6591234567"}]"#;

    /// An order message with `items` and, between its members, `extra`.
    fn order_message(items: &str, extra: &str) -> String {
        format!(
            r#"{{"from":"6591234567","id":"wamid.A","timestamp":"1763542800",{extra}"type":"order","order":{{"catalog_id":"139","text":"","product_items":[{items}]}}}}"#
        )
    }

    fn item(price: &str) -> String {
        format!(
            r#"{{"product_retailer_id":"TEE-M","quantity":2,"item_price":{price},"currency":"SGD"}}"#
        )
    }

    fn items(doc: &str) -> Vec<ChatItem> {
        let raw: Box<RawValue> = serde_json::from_str(doc).unwrap();
        let Some(events) = read(Node::new(&raw), now()) else {
            panic!("not read in one pass: {doc}")
        };
        match &events[..] {
            [InboundEvent::Order(order)] => order.items.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn awkward_numbers_are_read_exactly_and_as_the_walk_reads_them() {
        for (price, exact) in [
            ("12.50", "12.50"),
            ("1.25e1", "12.5"),
            ("125E-1", "12.5"),
            ("0.1250E+2", "12.50"),
            ("12.500000000000000000000000", "12.500000000000000000000000"),
            ("9.999999999999999999", "9.999999999999999999"),
            ("\" 12.50 \"", "12.50"),
            ("-0", "0"),
        ] {
            let doc = webhook(CONTACTS, &order_message(&item(price), ""));
            assert!(agree(&doc), "{doc}");
            assert_eq!(items(&doc)[0].unit_price.to_string(), exact, "{price}");
        }
        // Quantities and times as strings or numbers, as relays send them.
        let doc = webhook(
            CONTACTS,
            r#"{"type":"order","timestamp":1763542800,"id":"wamid.B","from":"6591234567",
                "order":{"catalog_id":1394017164617036,"product_items":[
                  {"quantity":"3","product_retailer_id":12345,"currency":"SGD","item_price":"7"}]}}"#,
        );
        assert!(agree(&doc));
        let item = &items(&doc)[0];
        assert_eq!((item.sku.as_str(), item.quantity), ("12345", 3));
    }

    #[test]
    fn key_order_extra_members_escapes_and_repeated_keys_read_alike() {
        let reordered = r#"{"entry":[{"changes":[{"value":{"messages":[{"order":{"product_items":[
              {"currency":"SGD","item_price":25,"quantity":1,"product_retailer_id":"TEE-M"}],"catalog_id":"139"},
              "type":"order","timestamp":"1763542800","id":"wamid.R","from":"6591234567"}],
              "contacts":[{"wa_id":"6591234567","profile":{"name":"Ravi"}}]},"field":"messages"}],"id":"1"}],
              "object":"whatsapp_business_account"}"#;
        let extra = webhook(
            CONTACTS,
            &order_message(
                r#"{"product_retailer_id":"TEE-M","quantity":1,"item_price":25,"currency":"SGD",
                    "note":{"deep":[1,{"x":null}],"id":"not this"},"retailer_price":[true,false]}"#,
                r#""context":{"from":"1","id":"quoted"},"referral":null,"errors":[],"#,
            ),
        );
        let escaped = webhook(
            r#"[{"profile":{"name":"Mei \"Ling\" \u00e9\n"},"wa_id":"65912\u0033\u00345\u00367"}]"#,
            r#"{"\u0066rom":"6591234567","id":"wamid.\u0041\/B","type":"\u006frder",
                "order":{"product_items":[{"product_retailer_id":"TEE\u002dM","quantity":1,
                "item_price":25,"currency":"S\u0047D"}]}}"#,
        );
        // A member named twice counts once: the last, as serde_json's maps do.
        let repeated = webhook(
            CONTACTS,
            r#"{"from":"6591234567","id":"wamid.first","id":"wamid.D","type":"text","type":"order",
                "order":{"product_items":[{"product_retailer_id":"TEE-M","quantity":0,"quantity":4,
                "item_price":"x","item_price":25,"currency":"SGD"}]}}"#,
        );
        for doc in [reordered, &extra, &escaped, &repeated] {
            assert!(agree(doc), "{doc}");
        }
        let raw: Box<RawValue> = serde_json::from_str(&escaped).unwrap();
        let events = read(Node::new(&raw), now()).unwrap();
        let InboundEvent::Order(order) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(order.name, "Mei \"Ling\" é\n");
        assert_eq!(order.message_id, "wamid.A/B");
        assert_eq!(order.items[0].sku, "TEE-M");
        assert_eq!(items(&repeated)[0].quantity, 4);
    }

    #[test]
    fn several_messages_entries_and_contacts_keep_their_paths() {
        let text = r#"{"from":"6500000001","id":"wamid.T","type":"text","text":{"body":"hi"}}"#;
        let second = r#"{"from":"6500000002","id":"wamid.O","type":"order",
                         "order":{"product_items":[{"product_retailer_id":"A","quantity":1,"item_price":1,"currency":"SGD"},
                                                   {"product_retailer_id":"B","quantity":2,"item_price":2.5,"currency":"SGD"}]}}"#;
        let contacts = r#"[{"profile":{"name":"One"},"wa_id":"6500000001"},{"profile":{"name":"Two"},"wa_id":"6500000002"}]"#;
        let change = format!(
            r#"{{"field":"messages","value":{{"contacts":{contacts},"messages":[{text},{second}]}}}}"#
        );
        let doc = format!(
            r#"{{"entry":[{{"changes":[{{"field":"messages","value":{{}}}}]}},{{"changes":[{change},{change}]}}]}}"#
        );
        assert!(agree(&doc));
        let raw: Box<RawValue> = serde_json::from_str(&doc).unwrap();
        let events = read(Node::new(&raw), now()).unwrap();
        assert_eq!(events.len(), 4);
        let InboundEvent::Order(order) = &events[3] else {
            panic!("{events:?}")
        };
        assert_eq!(order.at, "entry[1].changes[1].value.messages[1] (wamid.O)");
        assert_eq!((order.name.as_str(), order.created_at), ("Two", now()));
        assert_eq!(order.items[1].at, " item 2 (B)");
    }

    /// Every member of an order webhook replaced by values of every JSON type (and by
    /// nothing): the one-pass reader either reads what the walk reads or leaves the document
    /// to the walk, whose problems `parse_document` then reports.
    #[test]
    fn any_member_of_any_type_reads_as_the_walk_reads_it() {
        let base = webhook(CONTACTS, &order_message(&item("25"), ""));
        let members = [
            "entry",
            "changes",
            "value",
            "contacts",
            "wa_id",
            "profile",
            "name",
            "messages",
            "from",
            "id",
            "timestamp",
            "type",
            "order",
            "catalog_id",
            "product_items",
            "product_retailer_id",
            "quantity",
            "item_price",
            "currency",
        ];
        let values = [
            "null",
            "true",
            "0",
            "-1",
            "2",
            "1e400",
            "12.5",
            "\"\"",
            "\" \"",
            "\"x\"",
            "\"7\"",
            "\"order\"",
            "[]",
            "[{}]",
            "{}",
            "[null]",
        ];
        let mut read_fast = 0;
        for member in members {
            let key = format!("\"{member}\":");
            let at = base.find(&key).unwrap() + key.len();
            let end = value_end(&base, at);
            for value in values {
                let doc = format!("{}{value}{}", &base[..at], &base[end..]);
                read_fast += usize::from(agree(&doc));
            }
            // Without the member at all.
            let start = base[..at - key.len()].rfind([',', '{']).unwrap() + 1;
            let doc = format!("{}{}", &base[..start], base[end..].trim_start_matches(','));
            if serde_json::from_str::<&RawValue>(&doc).is_ok() {
                read_fast += usize::from(agree(&doc));
            }
        }
        assert!(read_fast > 20, "the reader took {read_fast} documents");
    }

    /// Where the JSON value starting at `at` ends.
    fn value_end(text: &str, at: usize) -> usize {
        let mut stream = serde_json::Deserializer::from_str(&text[at..]).into_iter::<&RawValue>();
        stream.next().unwrap().unwrap();
        at + stream.byte_offset()
    }

    #[test]
    fn problems_and_statuses_are_left_to_the_walk() {
        for doc in [
            webhook(CONTACTS, &order_message(&item("\"abc\""), "")),
            webhook(
                CONTACTS,
                &order_message(&item("25"), r#""timestamp":null,"#),
            ),
            webhook("null", &order_message(&item("25"), "")),
            webhook(
                CONTACTS,
                r#"{"type":"order","id":" ","from":"1","order":{"product_items":[]}}"#,
            ),
            r#"{"entry":[{"changes":[{"value":[]}]}]}"#.to_string(),
            r#"{"entry":[{"changes":[{"value":{"statuses":[{"id":"x","status":"read"}]}}]}]}"#
                .to_string(),
            r#"[]"#.to_string(),
        ] {
            assert!(!agree(&doc), "{doc}");
        }
    }
}
