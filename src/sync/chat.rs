//! The chat side of sync: deliveries the channel holds (the sandbox chat's customers) are
//! stored in the inbox and processed like `serve`'s; then the channel's outbox entries are
//! sent in order, each result recorded as soon as it is known.
//!
//! A message is sent at least once and, once the channel's id for it is recorded (in the
//! transaction that ends its entry), never again. A send whose answer is lost (a crash
//! between the channel's answer and that commit) is sent again by the next sync: the sandbox
//! chat recognises the repeated key; Meta's Cloud API has no idempotency key, so that window
//! is the one place a customer could see a message twice. A message the channel refuses for
//! good (Meta's 24-hour window, a bad number) is kept as failed with the reason, reported,
//! and not retried; one that failed for now stops the channel's push until the next sync.

use anyhow::Result;
use jiff::Timestamp;

use super::{Summary, outbox, pull};
use crate::channel::{Channel, ChannelError};
use crate::model::{
    ChannelChange, DeliveryState, GatewayOrder, MessageBody, OutgoingMessage, PaymentAsk,
};
use crate::provider::{Provider, ProviderError};
use crate::store::Store;

/// What the chat side of one sync did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ChatSummary {
    pub channel: String,
    /// Deliveries pulled from the channel and new to the inbox.
    pub deliveries_new: usize,
    /// Inbox deliveries processed, and failed (kept for `inbox retry`).
    pub processed: usize,
    pub processing_failed: usize,
    pub messages_sent: usize,
    /// Refused for good by the channel (each in `undelivered` with the reason).
    pub messages_failed: usize,
    /// Not sent because they no longer applied (a payment request for an order paid meanwhile).
    pub messages_skipped: usize,
    pub undelivered: Vec<String>,
}

impl ChatSummary {
    /// True when sync ran without a channel.
    pub fn unused(&self) -> bool {
        self.channel.is_empty()
    }

    pub fn nothing_changed(&self) -> bool {
        self.deliveries_new + self.processed + self.processing_failed == 0
            && self.messages_sent + self.messages_failed + self.messages_skipped == 0
    }
}

/// Pulls the channel's deliveries into the inbox and processes everything pending.
pub(super) fn receive(
    store: &mut Store,
    channel: &mut dyn Channel,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let source = channel.source();
    let ok = pull::pull_inbound(store, channel, source, now, s)?;
    let done = super::inbox::process_pending(store, now)?;
    s.chat.processed += done.processed;
    s.chat.processing_failed += done.failed;
    if done.failed > 0 {
        s.warnings
            .extend(done.lines.iter().filter(|l| l.contains("failed")).cloned());
    }
    Ok(ok)
}

/// Entries read at a time.
const PAGE: i64 = 200;

/// Sends the channel's pending entries in order. Stops at the first failure that may pass.
/// `provider` makes ready what a payment request's customer pays against
/// (`Provider::prepare_payment`); without one, payment requests wait for a sync.
pub(super) fn send(
    store: &mut Store,
    channel: &mut dyn Channel,
    mut provider: Option<&mut dyn Provider>,
    now: Timestamp,
    s: &mut Summary,
) -> Result<()> {
    let mut after = 0;
    loop {
        let page = outbox::pending_channel_after(store.conn(), after, PAGE)?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.entry.id;
        for pending in &page {
            let ChannelChange::Message(message) = &pending.entry.change;
            let message = match prepare(store, provider.as_deref_mut(), message, s)? {
                Prepared::Ready(m) => m,
                Prepared::Wait => return Ok(()),
            };
            let (entry, key) = (pending.entry.id, &pending.entry.idempotency_key);
            if !send_one(store, channel, entry, key, &message, now, s)? {
                return Ok(());
            }
        }
    }
}

/// Sends one message and records the result; false when the channel's push must stop here.
fn send_one(
    store: &mut Store,
    channel: &mut dyn Channel,
    entry: i64,
    key: &str,
    message: &OutgoingMessage,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    if let Some(why) = no_longer_needed(store, message)? {
        store.write(|tx| {
            outbox::mark_given_up(tx, entry, &why, now)?;
            crate::messages::mark_ended(tx, message.message, DeliveryState::Skipped, &why, now)
        })?;
        s.chat.messages_skipped += 1;
        return Ok(true);
    }
    match channel.send(key, message) {
        Ok(id) => {
            store.write(|tx| {
                outbox::mark_sent(tx, entry, &id, now)?;
                crate::messages::mark_sent(tx, message.message, &id, now)
            })?;
            s.chat.messages_sent += 1;
            Ok(true)
        }
        Err(ChannelError::Auth(e)) => Err(anyhow::Error::new(ChannelError::Auth(e))),
        Err(e) if e.is_final() => {
            let why = e.to_string();
            store.write(|tx| {
                outbox::mark_given_up(tx, entry, &why, now)?;
                crate::messages::mark_ended(tx, message.message, DeliveryState::Failed, &why, now)
            })?;
            s.chat.messages_failed += 1;
            s.chat.undelivered.push(format!(
                "message {} ({}) to {}: {why}",
                message.message,
                message.body.kind(),
                message.to
            ));
            Ok(true)
        }
        Err(e) => {
            let why = e.to_string();
            store.write(|tx| outbox::mark_failed(tx, entry, &why))?;
            s.errors.push(format!(
                "sending message {} (outbox entry {entry}) failed: {why}; it stays queued and the \
                 next `shopctl sync` sends it",
                message.message
            ));
            Ok(false)
        }
    }
}

/// Why a queued message should not go any more: a payment request for an order that was paid
/// or canceled meanwhile.
fn no_longer_needed(store: &Store, message: &OutgoingMessage) -> Result<Option<String>> {
    let MessageBody::PaymentRequest(req) = &message.body else {
        return Ok(None);
    };
    let Ok(id) = crate::orders::parse_id(&req.order_ref) else {
        return Ok(None);
    };
    let order = crate::orders::load(store.conn(), id)?;
    if order.payment_status.is_paid() {
        return Ok(Some(format!(
            "not sent: order {id} was paid before the request went out"
        )));
    }
    if order.status == crate::model::OrderStatus::Canceled {
        return Ok(Some(format!("not sent: order {id} was canceled")));
    }
    Ok(None)
}

/// A message ready to go, or the lane waits.
enum Prepared {
    Ready(Box<OutgoingMessage>),
    Wait,
}

/// Asks the provider to make ready what a payment request's customer pays against (Razorpay
/// makes an order, filed under the order's reference and attempt, the same one when asked
/// again); other messages go as they are.
fn prepare<'p>(
    store: &Store,
    provider: Option<&mut (dyn Provider + 'p)>,
    message: &OutgoingMessage,
    s: &mut Summary,
) -> Result<Prepared> {
    let MessageBody::PaymentRequest(req) = &message.body else {
        return Ok(Prepared::Ready(Box::new(message.clone())));
    };
    let Some(provider) = provider else {
        // No provider to ask (it could not be opened): the request waits for one that can.
        return Ok(Prepared::Wait);
    };
    let attempt = crate::messages::request_attempt(store.conn(), message.message)?;
    let ask = PaymentAsk {
        order_ref: req.order_ref.clone(),
        attempt,
        amount: req.total,
    };
    match provider.prepare_payment(&ask) {
        Ok(None) => Ok(Prepared::Ready(Box::new(message.clone()))),
        Ok(Some(p)) => {
            let mut req = req.clone();
            req.gateway = Some(GatewayOrder {
                provider: provider.name().to_string(),
                provider_ref: p.provider_ref,
                receipt: p.receipt,
            });
            Ok(Prepared::Ready(Box::new(OutgoingMessage {
                body: MessageBody::PaymentRequest(req),
                ..message.clone()
            })))
        }
        Err(ProviderError::Auth(e)) => Err(anyhow::Error::new(ProviderError::Auth(e))),
        Err(e) => {
            s.errors.push(format!(
                "making the payment for order {} ready at the provider failed: {e}; its payment \
                 request waits for the next `shopctl sync`",
                req.order_ref
            ));
            Ok(Prepared::Wait)
        }
    }
}
