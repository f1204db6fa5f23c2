//! What a provider's webhook says, in the shop's terms: which resource to pull again. An event
//! is a hint, never a record: the provider's API stays the source of truth, so an event only
//! triggers the pull `sync` runs for its resource (DESIGN.md, "Webhooks"). The signature
//! checks are each adapter's (`stripe::webhook`, `razorpay::webhook`): pure functions of the
//! secret, the headers, the raw body and the time.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// A resource `sync` pulls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Orders,
    Refunds,
    Payouts,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Orders => "orders",
            Resource::Refunds => "refunds",
            Resource::Payouts => "payouts",
        }
    }
}

/// One event, read from a verified body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The provider's event id, when the body carries one (Stripe's `evt_...`).
    pub id: Option<String>,
    /// The event's type as the provider names it (`payment_intent.succeeded`).
    pub kind: String,
    /// What to pull for it; empty for an event that changes nothing the shop keeps.
    pub resource: Option<Resource>,
}

/// A delivery whose signature does not hold; the text says why, never the secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadSignature(pub String);

/// HMAC-SHA256 keyed with `secret` over `parts`, one after the other.
pub fn mac(secret: &SecretString, parts: &[&[u8]]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC accepts keys of any length");
    for p in parts {
        mac.update(p);
    }
    mac
}

/// True when `hex_sig` is the hex HMAC of `parts`; compared in constant time.
pub fn matches(secret: &SecretString, parts: &[&[u8]], hex_sig: &str) -> bool {
    match hex::decode(hex_sig.trim()) {
        Ok(sig) => mac(secret, parts).verify_slice(&sig).is_ok(),
        Err(_) => false,
    }
}

/// The hex HMAC of `parts` (what the provider sends; tests and the docs sign with it).
pub fn hex_mac(secret: &SecretString, parts: &[&[u8]]) -> String {
    hex::encode(mac(secret, parts).finalize().into_bytes())
}

/// The `type`-like field of a JSON event body, for the adapters' event readers.
pub fn read_json(body: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))
}
