//! The chat side of sync: deliveries the channel holds (the sandbox chat's customers) are
//! stored in the inbox and processed like `serve`'s; then the channel's outbox entries are
//! sent in order, in batches of the channel's `send_batch_max`, each batch's answers recorded
//! in one transaction.
//!
//! A message is sent at least once and, once the channel's id for it is recorded (in the
//! transaction that ends its entry), never again. A send whose answer is lost (a crash
//! between the channel's answer and that commit) is sent again by the next sync: the sandbox
//! chat recognises the repeated key (and so takes 500 messages a batch); Meta's Cloud API has
//! no idempotency key, so it gets one message a batch, and that window is the one place a
//! customer could see a message twice. A message the channel refuses for
//! good (Meta's 24-hour window, a bad number) is kept as failed with the reason, reported,
//! and not retried; one that failed for now stops the channel's push until the next sync.

use anyhow::Result;
use jiff::Timestamp;

use super::{Summary, outbox, pull};
use crate::channel::{Channel, ChannelError, ChannelResult};
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
const PAGE: i64 = 500;

/// Test knob: `SHOPCTL_SYNC_CRASH_AFTER_SEND=N` exits with 137 (as a SIGKILL would) right
/// after the channel answered the Nth batch of messages, before the shop records any answer:
/// the crash between "sent" and "recorded".
pub const CRASH_AFTER_SEND_ENV: &str = "SHOPCTL_SYNC_CRASH_AFTER_SEND";

/// Sends the channel's pending entries in order, in batches of the channel's
/// `send_batch_max` (each batch's answers recorded in one transaction). Stops at the first
/// failure that may pass. `provider` makes ready what a payment request's customer pays
/// against (`Provider::prepare_payment`); without one, payment requests wait for a sync.
pub(super) fn send(
    store: &mut Store,
    channel: &mut dyn Channel,
    mut provider: Option<&mut dyn Provider>,
    now: Timestamp,
    s: &mut Summary,
) -> Result<()> {
    let max = channel.send_batch_max().max(1);
    let mut crash = CrashAfter::from_env();
    let mut after = 0;
    let mut batch: Vec<Step> = Vec::new();
    loop {
        let page = outbox::pending_channel_after(store.conn(), after, PAGE)?;
        let Some(last) = page.last() else {
            flush(store, channel, &mut batch, &mut crash, now, s)?;
            return Ok(());
        };
        after = last.entry.id;
        // The page's messages decided in one read transaction (each asks about its order and
        // its attempt), then sent batch by batch.
        let decided = store.read(|_| decide(store, provider.as_deref_mut(), page, s))?;
        for step in decided {
            let Some(step) = step else {
                // A payment request that must wait: the lane stops here.
                flush(store, channel, &mut batch, &mut crash, now, s)?;
                return Ok(());
            };
            let send = matches!(step, Step::Send { .. });
            batch.push(step);
            if !send {
                continue;
            }
            let sends = batch
                .iter()
                .filter(|b| matches!(b, Step::Send { .. }))
                .count();
            if sends >= max && !flush(store, channel, &mut batch, &mut crash, now, s)? {
                return Ok(());
            }
        }
    }
}

/// Each pending message of a page, decided in order: not needed any more, or to send; `None`
/// for a payment request that must wait, after which nothing more of the page is decided.
fn decide<'p>(
    store: &Store,
    mut provider: Option<&mut (dyn Provider + 'p)>,
    page: Vec<outbox::PendingChannel>,
    s: &mut Summary,
) -> Result<Vec<Option<Step>>> {
    let mut decided = Vec::with_capacity(page.len());
    for pending in page {
        let ChannelChange::Message(message) = pending.entry.change;
        let (entry, key) = (pending.entry.id, pending.entry.idempotency_key);
        if let Some(why) = no_longer_needed(store, &message)? {
            decided.push(Some(Step::Skip {
                entry,
                message: Box::new(message),
                why,
            }));
            continue;
        }
        match prepare(store, provider.as_deref_mut(), &message, s)? {
            Prepared::Ready(message) => decided.push(Some(Step::Send {
                entry,
                key,
                message,
            })),
            Prepared::Wait => {
                decided.push(None);
                break;
            }
        }
    }
    Ok(decided)
}

/// One pending message, decided: not needed any more, or to send.
enum Step {
    Skip {
        entry: i64,
        message: Box<OutgoingMessage>,
        why: String,
    },
    Send {
        entry: i64,
        key: String,
        message: Box<OutgoingMessage>,
    },
}

/// Sends the batch's messages in one call to the channel and records every answer (and the
/// skips before them) in one transaction; false when the channel's push must stop here (the
/// entries after the one that failed stay pending, as they were). Empties `batch`.
fn flush(
    store: &mut Store,
    channel: &mut dyn Channel,
    batch: &mut Vec<Step>,
    crash: &mut CrashAfter,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let steps = std::mem::take(batch);
    let sends: Vec<(&str, &OutgoingMessage)> = steps
        .iter()
        .filter_map(|b| match b {
            Step::Send { key, message, .. } => Some((key.as_str(), &**message)),
            Step::Skip { .. } => None,
        })
        .collect();
    let mut answers = if sends.is_empty() {
        Vec::new()
    } else {
        let answers = channel.send_batch(&sends);
        crash.tick();
        answers
    }
    .into_iter();
    // Each step with its answer, in order, up to the last message the channel answered.
    let mut done: Vec<(&Step, Option<ChannelResult<String>>)> = Vec::with_capacity(steps.len());
    for step in &steps {
        match step {
            Step::Skip { .. } => done.push((step, None)),
            Step::Send { .. } => match answers.next() {
                Some(answer) => done.push((step, Some(answer))),
                None => break,
            },
        }
    }
    let refused = done.iter().find_map(|(_, a)| match a {
        Some(Err(ChannelError::Auth(e))) => Some(e.clone()),
        _ => None,
    });
    let ok = store.write(|tx| {
        let mut ok = true;
        for (step, answer) in &done {
            ok &= record(tx, step, answer.as_ref(), now, s)?;
        }
        Ok::<_, anyhow::Error>(ok)
    })?;
    if let Some(e) = refused {
        return Err(anyhow::Error::new(ChannelError::Auth(e)));
    }
    Ok(ok && done.len() == steps.len())
}

/// Records one step's end in the caller's transaction; false when it stops the push.
fn record(
    tx: &rusqlite::Transaction,
    step: &Step,
    answer: Option<&ChannelResult<String>>,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let (entry, message) = match step {
        Step::Skip {
            entry,
            message,
            why,
        } => {
            outbox::mark_given_up(tx, *entry, why, now)?;
            crate::messages::mark_ended(tx, message.message, DeliveryState::Skipped, why, now)?;
            s.chat.messages_skipped += 1;
            return Ok(true);
        }
        Step::Send { entry, message, .. } => (*entry, &**message),
    };
    match answer {
        Some(Ok(id)) => {
            outbox::mark_sent(tx, entry, id, now)?;
            crate::messages::mark_sent(tx, message.message, id, now)?;
            s.chat.messages_sent += 1;
            Ok(true)
        }
        // Nothing is recorded for refused credentials: the sync stops with them.
        None | Some(Err(ChannelError::Auth(_))) => Ok(false),
        Some(Err(e)) if e.is_final() => {
            let why = e.to_string();
            outbox::mark_given_up(tx, entry, &why, now)?;
            crate::messages::mark_ended(tx, message.message, DeliveryState::Failed, &why, now)?;
            s.chat.messages_failed += 1;
            s.chat.undelivered.push(format!(
                "message {} ({}) to {}: {why}",
                message.message,
                message.body.kind(),
                message.to
            ));
            Ok(true)
        }
        Some(Err(e)) => {
            let why = e.to_string();
            outbox::mark_failed(tx, entry, &why)?;
            s.errors.push(format!(
                "sending message {} (outbox entry {entry}) failed: {why}; it stays queued and the \
                 next `shopctl sync` sends it",
                message.message
            ));
            Ok(false)
        }
    }
}

/// The crash knob's count (see `CRASH_AFTER_SEND_ENV`).
struct CrashAfter {
    at: Option<u64>,
    batches: u64,
}

impl CrashAfter {
    fn from_env() -> CrashAfter {
        let at = std::env::var(CRASH_AFTER_SEND_ENV)
            .ok()
            .and_then(|v| v.parse().ok());
        CrashAfter { at, batches: 0 }
    }

    fn tick(&mut self) {
        self.batches += 1;
        if self.at == Some(self.batches) {
            std::process::exit(137);
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
    // The head only: its lines are not needed to know whether it was paid or canceled.
    let Some(order) = crate::orders::find_head(store.conn(), id)? else {
        return crate::orders::load(store.conn(), id).map(|_| None);
    };
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
    if !provider.prepares_payments() {
        return Ok(Prepared::Ready(Box::new(message.clone())));
    }
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
