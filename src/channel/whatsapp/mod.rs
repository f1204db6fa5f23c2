//! The WhatsApp channel: Meta's Cloud API for messages out, and Meta's webhooks in.
//!
//! - `signature`: `X-Hub-Signature-256` and the verify-token handshake;
//! - `json`: JSON read exactly (numbers as their text, for prices);
//! - `webhook`: webhook payloads into the shop's events;
//! - `shape`: the common shape of an order webhook, read in one pass (the walk reads the rest);
//! - `graph`: the Graph API over HTTPS (token, errors, rate limits and retries);
//! - `catalog`: Meta's catalog, kept in step through the Catalog Batch API.

pub mod build;
pub mod catalog;
pub mod cloud;
pub mod graph;
pub mod json;
pub mod shape;
pub mod signature;
pub mod webhook;
