//! The one boundary between the shop and its chat storefront (DESIGN.md, "Channel adapter").
//!
//! Like `provider`, everything here is in the shop's own types: an adapter turns an
//! `OutgoingMessage` into its channel's request and its channel's webhooks into
//! `InboundEvent`s; nothing channel-specific (JSON shapes, header names) crosses the trait.
//!
//! - `config`: which channel, its ids, and where its secrets live (never the secrets);
//! - `text`: the words a customer reads in each message;
//! - `sandbox`: the offline chat, in the sandbox file (`shopctl sandbox messages`);
//! - `whatsapp`: Meta's Cloud API (messages out) and its webhooks (signature, payloads).
//!
//! Catalog publishing (issue 13): `Channel::publish` applies one batch of catalog requests
//! (UPDATE or DELETE by SKU) and returns what the channel said about each item once it has
//! processed them; `sync::catalog` decides what goes in each batch.

pub mod config;
pub mod markets;
pub mod sandbox;
pub mod text;
pub mod whatsapp;

use crate::model::{BatchOutcome, CatalogRequest, InboundEvent, OutgoingMessage, Problem, Pulled};

/// The most catalog requests one batch carries: Meta takes 5,000 and recommends fewer than
/// 3,000.
pub const CATALOG_BATCH_MAX: usize = 3000;

/// Why a channel call failed, and so what the outbox does with the entry.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    /// Worth trying again: the entry stays pending and the next sync sends it.
    #[error("the chat channel could not be reached or failed for now: {0}")]
    Transient(String),
    /// Meta's 24-hour customer-service window has closed for this customer (Cloud API error
    /// 131047): free-form messages are refused until the customer writes again. Final.
    #[error(
        "outside the 24-hour customer-service window: {0} (the customer has not written in the \
         last 24 hours; WhatsApp refuses free-form messages until they do)"
    )]
    OutsideWindow(String),
    /// The channel refused this message for good (a bad number, a malformed message). Final.
    #[error("the chat channel refused the message: {0}")]
    Rejected(String),
    /// The token or settings were refused: no message can go until they are fixed.
    #[error("the chat channel refused the credentials: {0}")]
    Auth(String),
    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

impl ChannelError {
    /// True when the entry must not be retried: the channel will refuse it again.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ChannelError::OutsideWindow(_) | ChannelError::Rejected(_)
        )
    }
}

pub type ChannelResult<T> = Result<T, ChannelError>;

/// One HTTP delivery as `serve` received it: what a signature is checked on.
#[derive(Clone, Copy, Debug)]
pub struct Delivery<'a> {
    /// Header names in lower case, values as sent.
    pub headers: &'a [(String, String)],
    /// The raw body: a signature is over these bytes, never a re-serialisation.
    pub body: &'a [u8],
}

impl Delivery<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a webhook request is refused (serve answers 401, or 403 for a handshake).
#[derive(Debug, thiserror::Error)]
pub enum WebhookRefusal {
    #[error("signature missing or wrong: {0}")]
    BadSignature(String),
    #[error("verification handshake refused: {0}")]
    BadHandshake(String),
    /// This channel takes no webhooks over HTTP (the sandbox chat hands its messages to sync).
    #[error("{0}")]
    NotServed(String),
    /// The channel's secret could not be read (serve answers 500 and logs it).
    #[error("{0}")]
    Unavailable(String),
}

/// What a stored delivery says: the events in order, and the problems found reading it (a
/// problem in one message does not hide the others).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub events: Vec<InboundEvent>,
    pub problems: Vec<Problem>,
}

/// A webhook body waiting at the channel for the shop (the sandbox chat's simulated
/// customers), with the key that recognises it when it is pulled again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inbound {
    pub dedupe_key: String,
    pub body: Vec<u8>,
}

/// Opens the channel the shop's settings name (the sandbox chat lives beside `shop_path`).
pub fn open(settings: config::ChannelSettings, shop_path: &std::path::Path) -> Box<dyn Channel> {
    match settings {
        config::ChannelSettings::Sandbox => Box::new(sandbox::SandboxChat::beside(shop_path)),
        config::ChannelSettings::WhatsApp(w) => Box::new(whatsapp::cloud::WhatsApp::new(w)),
    }
}

/// A chat storefront, in the shop's terms. `Send`, as a provider is: sync pulls its deliveries
/// a page ahead on a thread of its own (`sync::pull`).
pub trait Channel: Send {
    /// `sandbox`, `whatsapp`.
    fn name(&self) -> &'static str;

    /// The inbox `source` of this channel's deliveries.
    fn source(&self) -> &'static str;

    /// Sends one message and returns the channel's message id. `key` is the outbox entry's
    /// idempotency key: a channel that can recognise a repeat (the sandbox chat) sends it
    /// once; Meta's Cloud API has no such key, so the outbox records the id in the same
    /// transaction as the entry's end and never sends an entry with a recorded id again.
    fn send(&mut self, key: &str, message: &OutgoingMessage) -> ChannelResult<String>;

    /// The most messages `send_batch` takes at once. 1 unless the channel recognises a
    /// repeated key: sync records a batch's answers in one transaction, so a crash before that
    /// commit sends the whole batch again, which only a channel that dedupes by key makes
    /// harmless (Meta's Cloud API cannot: one message at a time, each recorded before the next).
    fn send_batch_max(&self) -> usize {
        1
    }

    /// Sends `batch` (each with its key) in order and returns one answer per message sent: all
    /// of them, or fewer when one failed in a way that may pass (its answer is the last; the
    /// rest wait for the next sync) or the credentials were refused.
    fn send_batch(&mut self, batch: &[(&str, &OutgoingMessage)]) -> Vec<ChannelResult<String>> {
        let mut answers = Vec::with_capacity(batch.len());
        for (key, message) in batch {
            let answer = self.send(key, message);
            let stop = answer.as_ref().is_err_and(|e| !e.is_final());
            answers.push(answer);
            if stop {
                break;
            }
        }
        answers
    }

    /// Webhook bodies the channel holds for the shop after `cursor` (None: from the start).
    /// WhatsApp pushes its webhooks to `shopctl serve` and holds nothing here.
    fn pull_inbound(&mut self, cursor: Option<&str>) -> ChannelResult<Pulled<Inbound>>;

    /// Checks a delivery's signature over its raw bytes, before anything is stored.
    fn verify(&self, delivery: &Delivery) -> Result<(), WebhookRefusal>;

    /// Answers the channel's subscription handshake (WhatsApp: `GET ?hub.mode=subscribe&
    /// hub.verify_token=...&hub.challenge=...`) with the text to echo.
    fn handshake(&self, query: &[(String, String)]) -> Result<String, WebhookRefusal>;

    /// Reads a stored delivery into events, in the shop's types.
    fn parse(&self, body: &[u8]) -> Parsed;

    /// Applies one batch of at most `CATALOG_BATCH_MAX` requests to the channel's catalog and
    /// waits until the channel has processed it. An item the outcome does not name was saved
    /// as sent; `Err` means nothing can be said about any item of the batch (send it again).
    fn publish(&mut self, requests: &[CatalogRequest]) -> ChannelResult<BatchOutcome>;

    /// The catalog this channel's `publish` writes to (issue 16: a new one must get the whole
    /// catalog): WhatsApp's is its Graph base and catalog id, from the settings, with no call;
    /// the sandbox chat's is its sandbox file's own id.
    fn account(&mut self) -> ChannelResult<crate::model::Account>;

    /// Calls made to the channel so far (for the summary).
    fn requests_made(&self) -> u64 {
        0
    }
}
