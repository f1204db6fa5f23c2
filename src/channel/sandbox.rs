//! The sandbox chat: the offline chat storefront every new shop uses. Its customers are the
//! sandbox provider's simulated ones: each cart they send is kept in the sandbox file and
//! handed to the shop as a WhatsApp `order` webhook (so it goes through the same parser and
//! processing as Meta's), and every message the shop sends lands in the same file, where
//! `shopctl sandbox messages` shows it.
//!
//! It keeps WhatsApp's rules that a shop must live with: a message is recognised by its key and
//! sent once, and free-form text to a customer who has not written in the last 24 hours is
//! refused as Meta refuses it (error 131047), so a shop sees that case offline too. (A
//! customer it never heard from, e.g. of an order imported from a file, is not refused.)

use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use super::whatsapp::{build, webhook};
use super::{Channel, ChannelError, ChannelResult, Delivery, Inbound, Parsed, WebhookRefusal};
use crate::model::{BatchOutcome, CatalogRequest, MessageBody, OutgoingMessage, Pulled};
use crate::provider::sandbox::{Sandbox, Sent};

/// The phone number id the sandbox chat's webhooks name.
const SANDBOX_NUMBER: &str = "0";
/// Carts handed over per pull.
const PAGE: i64 = 500;
/// Messages recorded per sandbox transaction (`send_batch`).
const SEND_BATCH: usize = 500;

pub struct SandboxChat {
    path: PathBuf,
    /// Opened when first needed: a shop that never uses the chat gets no sandbox file from it.
    file: Option<Sandbox>,
}

impl SandboxChat {
    /// The sandbox chat of the shop at `shop_path` (in the sandbox file beside it).
    pub fn beside(shop_path: &Path) -> SandboxChat {
        SandboxChat {
            path: Sandbox::path_beside(shop_path),
            file: None,
        }
    }

    fn file(&mut self) -> anyhow::Result<&mut Sandbox> {
        match &mut self.file {
            Some(f) => Ok(f),
            slot => Ok(slot.insert(Sandbox::open(&self.path)?)),
        }
    }
}

fn now() -> ChannelResult<Timestamp> {
    Ok(crate::clock::now()?)
}

impl Channel for SandboxChat {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn source(&self) -> &'static str {
        "sandbox_chat"
    }

    fn send(&mut self, key: &str, message: &OutgoingMessage) -> ChannelResult<String> {
        let now = now()?;
        let file = self.file()?;
        let sent = ready(file, key, message, now)?;
        Ok(file.record_sent(&sent, now)?)
    }

    /// The sandbox chat records a message once per key, so a batch whose answers were lost
    /// is sent again harmlessly.
    fn send_batch_max(&self) -> usize {
        SEND_BATCH
    }

    /// One sandbox transaction for the whole batch: the messages outside their customer's
    /// window are refused one by one (final), the rest recorded together, or none of them.
    fn send_batch(&mut self, batch: &[(&str, &OutgoingMessage)]) -> Vec<ChannelResult<String>> {
        let now = match now() {
            Ok(now) => now,
            Err(e) => return vec![Err(e)],
        };
        let file = match self.file() {
            Ok(f) => f,
            Err(e) => return vec![Err(e.into())],
        };
        let mut answers: Vec<Option<ChannelResult<String>>> = Vec::with_capacity(batch.len());
        let mut sent = Vec::with_capacity(batch.len());
        for (key, message) in batch {
            match ready(file, key, message, now) {
                Ok(m) => {
                    sent.push(m);
                    answers.push(None);
                }
                Err(e) if e.is_final() => answers.push(Some(Err(e))),
                Err(e) => {
                    answers.push(Some(Err(e)));
                    break;
                }
            }
        }
        let mut ids = match file.record_sent_many(&sent, now) {
            Ok(ids) => ids.into_iter().map(Ok).collect::<Vec<_>>(),
            // Nothing of the batch was recorded: the first message to record failed for
            // now, and the rest wait behind it.
            Err(e) => {
                let first = answers.iter().position(Option::is_none);
                answers.truncate(first.map_or(answers.len(), |i| i + 1));
                vec![Err(ChannelError::Other(e))]
            }
        }
        .into_iter();
        let mut out = Vec::with_capacity(answers.len());
        for answer in answers {
            match answer.or_else(|| ids.next()) {
                Some(a) => out.push(a),
                None => break,
            }
        }
        out
    }

    fn pull_inbound(&mut self, cursor: Option<&str>) -> ChannelResult<Pulled<Inbound>> {
        if self.file.is_none() && !self.path.exists() {
            return Ok(Pulled {
                items: Vec::new(),
                next_cursor: None,
            });
        }
        let after: i64 = match cursor {
            None => 0,
            Some(c) => c.parse().map_err(|_| {
                ChannelError::Other(anyhow::anyhow!(
                    "the sandbox chat's cursor \"{c}\" is not a number"
                ))
            })?,
        };
        let carts = self.file()?.carts_after(after, PAGE)?;
        let next_cursor = carts.last().map(|c| c.id.to_string());
        let items = carts
            .iter()
            .map(|c| Inbound {
                dedupe_key: c.message_id.clone(),
                body: build::order_webhook(&build::CartPayload {
                    phone_number_id: SANDBOX_NUMBER,
                    message_id: &c.message_id,
                    from: &c.phone,
                    name: &c.name,
                    timestamp: c.at.as_second(),
                    catalog_id: "sandbox",
                    items: c
                        .lines
                        .iter()
                        .map(|l| (l.sku.as_str(), l.quantity, l.unit_price))
                        .collect(),
                }),
            })
            .collect();
        Ok(Pulled { items, next_cursor })
    }

    fn verify(&self, _delivery: &Delivery) -> Result<(), WebhookRefusal> {
        Err(not_served())
    }

    fn handshake(&self, _query: &[(String, String)]) -> Result<String, WebhookRefusal> {
        Err(not_served())
    }

    fn publish(&mut self, requests: &[CatalogRequest]) -> ChannelResult<BatchOutcome> {
        let now = now()?;
        Ok(self.file()?.publish_catalog(requests, now)?)
    }

    /// The sandbox file's account: the chat's catalog lives in that file, so a lost file is a
    /// new catalog (as it is a new provider account).
    fn account(&mut self) -> ChannelResult<crate::model::Account> {
        use crate::provider::Provider;
        self.file()?
            .account()
            .map_err(|e| ChannelError::Other(e.into()))
    }

    fn parse(&self, body: &[u8]) -> Parsed {
        webhook::parse(
            body,
            crate::clock::now().unwrap_or_else(|_| Timestamp::now()),
        )
    }
}

/// A message as the sandbox chat records it, or the refusal Meta would give (free-form text
/// outside the customer's 24-hour window).
fn ready<'a>(
    file: &Sandbox,
    key: &'a str,
    message: &'a OutgoingMessage,
    now: Timestamp,
) -> ChannelResult<Sent<'a>> {
    if let MessageBody::Text { .. } = message.body {
        // The window of a customer the sandbox chat never heard from (an order imported
        // from a file of Meta's webhooks) is not the sandbox's to know: it delivers.
        let open = file
            .last_heard(&message.to)?
            .is_none_or(|at| now.duration_since(at) < SignedDuration::from_hours(24));
        if !open {
            return Err(ChannelError::OutsideWindow(format!(
                "(#131047) Re-engagement message: {} last wrote more than 24 hours ago",
                message.to
            )));
        }
    }
    Ok(Sent {
        key,
        phone: &message.to,
        kind: message.body.kind(),
        text: super::text::summary(&message.body),
        payload: build::message_request(message).to_json(),
    })
}

fn not_served() -> WebhookRefusal {
    WebhookRefusal::NotServed(
        "the sandbox chat takes no webhooks over HTTP: its customers' messages reach the shop through `shopctl sync`".into(),
    )
}
