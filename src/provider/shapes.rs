//! Reading a provider's JSON into typed objects with messages that say what is wrong: the
//! object, its id when it has one, and the field ("Stripe's PaymentIntent pi_1 has no
//! `amount`", "Razorpay's payment pay_1 has no `amount`"), never a `""` or `0` that would pass
//! for a value. Each adapter's `objects` declares its provider's shapes and names them.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ProviderError;

/// An answer that does not have the shape of the object it should be; the text names the
/// object, its id when it has one, and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed(pub String);

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Malformed {}

/// Not the provider's refusal, and not worth a retry: `Other`, which leaves a refund pending.
impl From<Malformed> for ProviderError {
    fn from(m: Malformed) -> ProviderError {
        ProviderError::Other(anyhow::Error::new(m))
    }
}

/// A provider's object of kind `kind` (its name in the provider's API reference) from its JSON.
pub fn parse_as<T: DeserializeOwned>(
    provider: &str,
    kind: &str,
    mut value: Value,
) -> Result<T, Malformed> {
    // Stripe and Razorpay write an unset nullable field as `null`: the same as absent, for an
    // Option and for a field that must have a value alike (the latter then reads as missing,
    // by name).
    strip_nulls(&mut value);
    let id = id_in(&value);
    serde_json::from_value(value).map_err(|e| {
        Malformed(format!(
            "{} {}",
            subject(provider, kind, id.as_deref()),
            clause(&e)
        ))
    })
}

/// The error for a field that this object may leave out but shopctl needs here.
pub fn missing(provider: &str, kind: &str, id: &str, field: &str) -> Malformed {
    Malformed(format!("{provider}'s {kind} {id} has no `{field}`"))
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

pub fn id_in(value: &Value) -> Option<String> {
    value.get("id").and_then(Value::as_str).map(str::to_owned)
}

fn subject(provider: &str, kind: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{provider}'s {kind} {id}"),
        None => format!("{} {kind} from {provider}", article(kind)),
    }
}

pub fn article(kind: &str) -> &'static str {
    match kind.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// What is wrong, after the object: serde's "missing field `x`" as "has no `x`", and an
/// object inside this one (see `nested`) as "holds ...", so nesting reads as one sentence.
/// serde's derive reports an absent field with exactly that text (`de::Error::missing_field`),
/// and `serde_json::from_value` adds no position to it; the tests pin both.
pub fn clause(error: &impl fmt::Display) -> String {
    let problem = error.to_string();
    if let Some(field) = problem
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        format!("has no `{field}`")
    } else if problem.starts_with("holds ") {
        problem
    } else {
        format!("cannot be read: {problem}")
    }
}
