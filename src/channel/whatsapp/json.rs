//! Reading webhook JSON exactly: every node is kept as its own text (serde_json's `RawValue`)
//! and read on demand, so a number such as `"item_price": 9.999999999999999999` reaches
//! `rust_decimal` as the digits that were sent, never through an `f64` (which would make it
//! 10). The walk mirrors `serde_json::Value` (`get`, `array`, `str`) so that the reader can name
//! the path of every problem it finds.

use std::borrow::Cow;

use serde_json::value::RawValue;

/// One JSON node, as its exact text.
#[derive(Clone, Copy, Debug)]
pub struct Node<'a>(&'a RawValue);

impl<'a> Node<'a> {
    pub fn new(raw: &'a RawValue) -> Node<'a> {
        Node(raw)
    }

    fn first(&self) -> u8 {
        self.0
            .get()
            .bytes()
            .find(|b| !b.is_ascii_whitespace())
            .unwrap_or(b' ')
    }

    pub fn is_object(&self) -> bool {
        self.first() == b'{'
    }

    /// The member `key` of an object (the last one when a key repeats, as serde_json does).
    /// Read in one pass over the object's text, without building a map of its members: an
    /// order import asks this a dozen times per webhook.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        if !self.is_object() {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(self.0.get());
        serde::Deserializer::deserialize_map(&mut de, Member(key))
            .ok()
            .flatten()
            .map(Node)
    }

    pub fn array(&self) -> Option<Vec<Node<'a>>> {
        if self.first() != b'[' {
            return None;
        }
        let items: Vec<&'a RawValue> = serde_json::from_str(self.0.get()).ok()?;
        Some(items.into_iter().map(Node).collect())
    }

    /// The node's JSON text, as sent.
    pub fn raw(&self) -> &'a RawValue {
        self.0
    }

    /// A JSON string's value.
    pub fn str(&self) -> Option<String> {
        self.text().map(Cow::into_owned)
    }

    /// A JSON string's value, borrowed from the document when it holds no escape (most do: an
    /// order import reads a dozen strings per webhook).
    pub fn text(&self) -> Option<Cow<'a, str>> {
        let raw = self.0.get().trim_ascii();
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        // Valid JSON (a `RawValue` is) without a backslash is its own value: no escape to
        // decode, and control characters were refused when the document was read.
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        serde_json::from_str(raw).ok().map(Cow::Owned)
    }

    /// A JSON number's exact text (`9.999999999999999999`, `1e3`).
    pub fn number_text(&self) -> Option<&'a str> {
        let text = self.0.get().trim();
        matches!(text.bytes().next(), Some(b'-' | b'0'..=b'9')).then_some(text)
    }

    /// A string (trimmed) or a number's exact text: Meta sends numbers, some relays quote them.
    pub fn scalar_text(&self) -> Option<String> {
        match self.text() {
            Some(s) => Some(s.trim().to_string()),
            None => self.number_text().map(str::to_string),
        }
    }
}

/// Finds the last member named `.0` of the object being read.
struct Member<'k>(&'k str);

impl<'de> serde::de::Visitor<'de> for Member<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(is) = map.next_key_seed(IsKey(self.0))? {
            let value: &'de RawValue = map.next_value()?;
            if is {
                found = Some(value);
            }
        }
        Ok(found)
    }
}

/// Reads a member's name and says whether it is `.0` (escapes decoded, as serde_json does).
struct IsKey<'k>(&'k str);

impl<'de> serde::de::DeserializeSeed<'de> for IsKey<'_> {
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for IsKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_exact_text() {
        let raw: &RawValue =
            serde_json::from_str(r#"{"p": 9.999999999999999999, "q": "3", "a": [1, 2]}"#).unwrap();
        let n = Node::new(raw);
        assert_eq!(
            n.get("p").unwrap().number_text(),
            Some("9.999999999999999999")
        );
        assert_eq!(n.get("q").unwrap().scalar_text().as_deref(), Some("3"));
        assert_eq!(n.get("q").unwrap().number_text(), None);
        assert_eq!(n.get("a").unwrap().array().unwrap().len(), 2);
        assert!(n.get("missing").is_none());
        assert!(n.get("p").unwrap().get("x").is_none());
        // The last of a repeated member; names with escapes.
        let raw: &RawValue = serde_json::from_str(r#"{"k": 1, "\u006b": 2, "a\"b": 3}"#).unwrap();
        let n = Node::new(raw);
        assert_eq!(n.get("k").unwrap().number_text(), Some("2"));
        assert_eq!(n.get("a\"b").unwrap().number_text(), Some("3"));
    }
}
