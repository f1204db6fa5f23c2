//! The WhatsApp channel: Meta's Cloud API for messages out, and Meta's webhooks in.
//!
//! - `signature`: `X-Hub-Signature-256` and the verify-token handshake.

pub mod signature;
