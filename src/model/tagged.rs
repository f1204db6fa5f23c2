//! Reading an internally tagged enum (`{"kind": "message", ...}`) whose tag comes first, as
//! serde writes it, straight into its variant. serde's derived reader cannot know where the tag
//! is, so it first copies the whole object into a buffer of its own and then reads that: for a
//! sync's 10,000 queued messages (two tagged enums each) that was most of the 35 ms spent
//! reading them back (issue 18). An object whose tag comes later is still read, whole, as
//! serde's would be.

use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// An enum stored as one JSON object with its variant's name under `TAG`.
pub(super) trait TagFirst: Sized {
    const TAG: &'static str;
    /// What an error says was expected: "a message body".
    const EXPECTING: &'static str;

    /// The variant `variant`, from the object's other fields.
    fn read_variant<'de, R: Deserializer<'de>>(variant: &str, rest: R) -> Result<Self, R::Error>;
}

/// `T` from an object with its tag first (read as it streams) or anywhere (read whole first).
pub(super) fn deserialize<'de, D: Deserializer<'de>, T: TagFirst>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(TagFirstVisitor::<T>(PhantomData))
}

struct TagFirstVisitor<T>(PhantomData<T>);

impl<'de, T: TagFirst> Visitor<'de> for TagFirstVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(de::Error::missing_field(T::TAG));
        };
        if first == T::TAG {
            let variant: String = map.next_value()?;
            return T::read_variant(&variant, MapAccessDeserializer::new(map));
        }
        let mut rest = serde_json::Map::new();
        rest.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            rest.insert(key, value);
        }
        let variant = match rest.remove(T::TAG) {
            Some(serde_json::Value::String(variant)) => variant,
            Some(_) => {
                return Err(de::Error::custom(format_args!(
                    "`{}` is not a string",
                    T::TAG
                )));
            }
            None => return Err(de::Error::missing_field(T::TAG)),
        };
        T::read_variant(&variant, serde_json::Value::Object(rest)).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{
        ChannelChange, MessageBody, OrderStatus, OutgoingMessage, PaymentRequest, RequestItem,
    };
    use crate::money::{Currency, Money};

    fn sgd(minor: i64) -> Money {
        Money {
            minor,
            currency: Currency::from_code("SGD").unwrap(),
        }
    }

    fn message(body: MessageBody) -> ChannelChange {
        ChannelChange::Message(OutgoingMessage {
            message: 7,
            to: "6591234567".into(),
            body,
        })
    }

    fn every_body() -> Vec<MessageBody> {
        vec![
            MessageBody::PaymentRequest(PaymentRequest {
                order_ref: "1001".into(),
                items: vec![RequestItem {
                    sku: "TEE-M".into(),
                    name: "Tee \"M\"".into(),
                    quantity: 2,
                    unit_price: sgd(2500),
                }],
                total: sgd(5000),
                payment_configuration: Some("paynow-sg".into()),
                country: "SG".into(),
                gateway: None,
            }),
            MessageBody::OrderStatus {
                order_ref: "1001".into(),
                status: OrderStatus::Shipped,
                description: "DHL 123".into(),
            },
            MessageBody::Text {
                body: "Thank you!".into(),
            },
        ]
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        for body in every_body() {
            let change = message(body);
            let json = serde_json::to_string(&change).unwrap();
            assert!(json.starts_with(r#"{"kind":"message","#), "{json}");
            let back: ChannelChange = serde_json::from_str(&json).unwrap();
            assert_eq!(back, change);
        }
    }

    #[test]
    fn a_tag_after_other_fields_is_read_too() {
        for body in every_body() {
            let change = message(body);
            // The same object with its keys in reverse order, at both levels.
            let mut value = serde_json::to_value(&change).unwrap();
            let reversed = |v: &serde_json::Value| {
                let map = v.as_object().unwrap();
                serde_json::Value::Object(
                    map.iter()
                        .rev()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                )
            };
            value["body"] = reversed(&value["body"]);
            let value = reversed(&value);
            let json = serde_json::to_string(&value).unwrap();
            assert!(json.starts_with(r#"{"body":{"#), "{json}");
            let back: ChannelChange = serde_json::from_str(&json).unwrap();
            assert_eq!(back, change);
        }
    }

    #[test]
    fn a_wrong_or_missing_tag_is_an_error_that_names_it() {
        let cases = [
            (
                r#"{"kind":"parcel","message":1}"#,
                "unknown variant `parcel`",
            ),
            (r#"{"message":1,"to":"65"}"#, "missing field `kind`"),
            (r#"{}"#, "missing field `kind`"),
            (r#"{"to":"65","kind":3}"#, "`kind` is not a string"),
            (
                r#"{"kind":"message","message":1,"to":"65","body":{"type":"fax"}}"#,
                "unknown variant `fax`",
            ),
            (
                r#"{"kind":"message","message":1,"to":"65","body":{"type":"text"}}"#,
                "missing field `body`",
            ),
            (r#"[1]"#, "expected a channel change"),
        ];
        for (json, says) in cases {
            let err = serde_json::from_str::<ChannelChange>(json).unwrap_err();
            assert!(err.to_string().contains(says), "{json}: {err}");
        }
    }
}
