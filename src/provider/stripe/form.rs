//! Stripe's request bodies: `application/x-www-form-urlencoded` with nested keys
//! (`metadata[sku]=A1`, `expand[]=data.source`, `items[0][price]=price_1`).

/// An ordered list of form fields. Keys carry their brackets (`metadata[sku]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }

    /// One field: `push("metadata[sku]", "A1")`.
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Form {
        self.pairs.push((key.into(), value.into()));
        self
    }

    /// Builder form of `push`.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Form {
        self.push(key, value);
        self
    }

    /// A nested value from JSON: objects become `key[sub]`, arrays of scalars `key[]`, arrays
    /// of objects `key[0][sub]`; null is skipped. Booleans and numbers as Stripe writes them.
    pub fn nested(mut self, key: &str, value: &serde_json::Value) -> Form {
        self.flatten(key, value);
        self
    }

    fn flatten(&mut self, key: &str, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::Bool(b) => {
                self.push(key, b.to_string());
            }
            Value::Number(n) => {
                self.push(key, n.to_string());
            }
            Value::String(s) => {
                self.push(key, s.clone());
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if item.is_object() || item.is_array() {
                        self.flatten(&format!("{key}[{i}]"), item);
                    } else {
                        self.flatten(&format!("{key}[]"), item);
                    }
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    self.flatten(&format!("{key}[{k}]"), v);
                }
            }
        }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The encoded body (or query string).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_into(&mut out, k);
            out.push('=');
            encode_into(&mut out, v);
        }
        out
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters (brackets included, which
/// Stripe and every form parser decode back).
fn encode_into(out: &mut String, text: &str) {
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_keys_as_stripe_writes_them() {
        let f = Form::new()
            .with("name", "Tee & Cap")
            .nested("metadata", &json!({"sku": "TEE-1", "stock": 3}))
            .nested("expand", &json!(["data.source", "data.payment_method"]))
            .nested("items", &json!([{"price": "price_1", "quantity": 2}]))
            .nested("active", &json!(false))
            .nested("skip", &json!(null));
        let pairs: Vec<String> = f.pairs().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            pairs,
            [
                "name=Tee & Cap",
                "metadata[sku]=TEE-1",
                "metadata[stock]=3",
                "expand[]=data.source",
                "expand[]=data.payment_method",
                "items[0][price]=price_1",
                "items[0][quantity]=2",
                "active=false",
            ]
        );
        assert_eq!(
            Form::new().with("metadata[sku]", "a b/é").encode(),
            "metadata%5Bsku%5D=a%20b%2F%C3%A9"
        );
    }
}
