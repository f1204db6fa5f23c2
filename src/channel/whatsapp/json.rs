//! Reading webhook JSON exactly: every node is kept as its own text (serde_json's `RawValue`)
//! and read on demand, so a number such as `"item_price": 9.999999999999999999` reaches
//! `rust_decimal` as the digits that were sent, never through an `f64` (which would make it
//! 10). The walk mirrors `serde_json::Value` (`get`, `array`, `str`) so that the reader can name
//! the path of every problem it finds.

use std::collections::BTreeMap;

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
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        self.fields()?.remove(key).map(Node)
    }

    fn fields(&self) -> Option<BTreeMap<String, &'a RawValue>> {
        if !self.is_object() {
            return None;
        }
        serde_json::from_str(self.0.get()).ok()
    }

    pub fn array(&self) -> Option<Vec<Node<'a>>> {
        if self.first() != b'[' {
            return None;
        }
        let items: Vec<&'a RawValue> = serde_json::from_str(self.0.get()).ok()?;
        Some(items.into_iter().map(Node).collect())
    }

    /// A JSON string's value.
    pub fn str(&self) -> Option<String> {
        if self.first() != b'"' {
            return None;
        }
        serde_json::from_str(self.0.get()).ok()
    }

    /// A JSON number's exact text (`9.999999999999999999`, `1e3`).
    pub fn number_text(&self) -> Option<&'a str> {
        let text = self.0.get().trim();
        matches!(text.bytes().next(), Some(b'-' | b'0'..=b'9')).then_some(text)
    }

    /// A string (trimmed) or a number's exact text: Meta sends numbers, some relays quote them.
    pub fn scalar_text(&self) -> Option<String> {
        match self.str() {
            Some(s) => Some(s.trim().to_string()),
            None => self.number_text().map(str::to_string),
        }
    }
}

/// One JSON document, or several in a row (JSON Lines), each with the line it starts on. A
/// syntax error is returned with its position: the rest cannot be trusted to start where it
/// seems to.
pub fn documents(text: &str) -> Result<Vec<(usize, &RawValue)>, serde_json::Error> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    let mut docs = Vec::new();
    let mut start = 0;
    loop {
        let rest = &text[start..];
        let skipped = rest.len() - rest.trim_start().len();
        let line = text[..start + skipped].matches('\n').count() + 1;
        match stream.next() {
            None => return Ok(docs),
            Some(Ok(v)) => docs.push((line, v)),
            Some(Err(e)) => return Err(e),
        }
        start = stream.byte_offset();
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
    }

    #[test]
    fn documents_one_per_line_or_pretty() {
        let docs = documents("{\"a\": 1}\n\n{\"b\":\n 2}\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].0, docs[1].0), (1, 3));
        let e = documents("{\"a\": 1}\n{\"b\": }\n").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 7));
    }
}
