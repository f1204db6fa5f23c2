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
    let payload: Payload = serde_json::from_str(doc.raw().get()).ok()?;
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
