//! The chat side of sync: deliveries the channel holds (the sandbox chat's customers) are
//! stored in the inbox and processed like `serve`'s; then the channel's outbox entries are
//! sent in order, in batches of the channel's `send_batch_max`, each batch's answers recorded
//! in one transaction (the channel is called from a thread of its own, `Line`).
//!
//! A message is sent at least once and, once the channel's id for it is recorded (in the
//! transaction that ends its entry), never again. A send whose answer is lost (a crash
//! between the channel's answer and that commit) is sent again by the next sync: the sandbox
//! chat recognises the repeated key (and so takes 500 messages a batch); Meta's Cloud API has
//! no idempotency key, so it gets one message a batch, and that window is the one place a
//! customer could see a message twice. A message the channel refuses for
//! good (Meta's 24-hour window, a bad number) is kept as failed with the reason, reported,
//! and not retried; one that failed for now stops the channel's push until the next sync.

use std::sync::mpsc;

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

/// Processes what the inbox holds pending (a sync or `serve` stopped before processing it),
/// then pulls the channel's deliveries, each page processed in the transaction that stores
/// it (`pull::pull_inbound`): arrival order holds.
pub(super) fn receive(
    store: &mut Store,
    channel: &mut dyn Channel,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let done = super::inbox::process_pending(store, now, super::inbox::Lines::Failures)?;
    s.chat.processed += done.processed;
    s.chat.processing_failed += done.failed;
    // Lines of failed deliveries alone (`Lines::Failures`).
    s.warnings.extend(done.lines);
    s.warnings.extend(done.warnings);
    let source = channel.source();
    pull::pull_inbound(store, channel, source, now, s)
}

/// Entries read at a time.
const PAGE: i64 = 500;

/// Batches a channel that recognises a repeated key may hold unrecorded. Measured on a
/// 10,000-order sync (`scripts/bench-sync.sh`): 2 took 4% off its time, 3 another 3%.
const AHEAD: usize = 3;

/// Test knob: `SHOPCTL_SYNC_CRASH_AFTER_SEND=N` exits with 137 (as a SIGKILL would) right
/// after the channel answered the Nth batch of messages, before the shop records its answers
/// (the batches before it may or may not be recorded by then): the crash between "sent" and
/// "recorded".
pub const CRASH_AFTER_SEND_ENV: &str = "SHOPCTL_SYNC_CRASH_AFTER_SEND";

/// Sends the channel's pending entries in order, in batches of the channel's
/// `send_batch_max` (each batch's answers recorded in one transaction). Stops at the first
/// failure that may pass. `provider` makes ready what a payment request's customer pays
/// against (`Provider::prepare_payment`); without one, payment requests wait for a sync.
///
/// The channel is called from a thread of its own (`Line`). A channel that recognises a
/// repeated key is handed the next batches (up to `AHEAD` unrecorded) while the shop records
/// the answers before them: the chat's side and the shop's overlap (issue 18: a tenth of a
/// 10,000-order sync). A crash then loses the answers of up to `AHEAD` batches instead of
/// one, and the next sync sends them again under the same keys, which such a channel takes
/// once. Meta's Cloud API cannot recognise a repeat, so its next message goes only once the
/// last one's answer is recorded.
pub(super) fn send(
    store: &mut Store,
    channel: &mut dyn Channel,
    mut provider: Option<&mut dyn Provider>,
    now: Timestamp,
    s: &mut Summary,
) -> Result<()> {
    let max = channel.send_batch_max().max(1);
    let ahead = if max > 1 { AHEAD } else { 1 };
    std::thread::scope(|scope| {
        let mut line = Line::start(scope, channel, ahead)?;
        let mut after = 0;
        let mut batch: Vec<Step> = Vec::new();
        loop {
            let page = outbox::pending_channel_after(store.conn(), after, PAGE)?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.entry.id;
            // The page's messages decided in one read transaction (each asks about its order
            // and its attempt), then sent batch by batch.
            let decided = store.read(|_| decide(store, provider.as_deref_mut(), page, s))?;
            for step in decided {
                let Some(step) = step else {
                    // A payment request that must wait: the lane stops here.
                    line.submit(store, std::mem::take(&mut batch), now, s)?;
                    return line.finish(store, now, s);
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
                if sends >= max && !line.submit(store, std::mem::take(&mut batch), now, s)? {
                    return Ok(());
                }
            }
        }
        line.submit(store, std::mem::take(&mut batch), now, s)?;
        line.finish(store, now, s)
    })
}

/// The channel's side of `send`: a thread that calls the channel batch by batch, at most
/// `ahead` batches before the shop has recorded their answers, and stops after a batch whose
/// answers stop the push (so nothing after a failure that may pass is ever sent).
struct Line {
    batches: Option<mpsc::SyncSender<Vec<Step>>>,
    answers: mpsc::Receiver<Answered>,
    /// Batches handed over and not yet recorded.
    unrecorded: usize,
    ahead: usize,
}

/// One batch with the channel's answers to its messages, in order.
struct Answered {
    steps: Vec<Step>,
    answers: Vec<ChannelResult<String>>,
    /// The push stops after this batch: a message failed in a way that may pass, the
    /// credentials were refused, or the channel answered fewer messages than it was sent.
    stop: bool,
}

impl Line {
    fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        channel: &'scope mut dyn Channel,
        ahead: usize,
    ) -> Result<Line> {
        let (batches, to_send) = mpsc::sync_channel::<Vec<Step>>(ahead);
        let (answer, answers) = mpsc::sync_channel(ahead);
        std::thread::Builder::new()
            .name("send chat".into())
            .spawn_scoped(scope, move || {
                let mut crash = CrashAfter::from_env();
                for steps in to_send {
                    let sends: Vec<(&str, &OutgoingMessage)> = steps
                        .iter()
                        .filter_map(|b| match b {
                            Step::Send { key, message, .. } => Some((key.as_str(), &**message)),
                            Step::Skip { .. } => None,
                        })
                        .collect();
                    let answers = if sends.is_empty() {
                        Vec::new()
                    } else {
                        let answers = channel.send_batch(&sends);
                        crash.tick();
                        answers
                    };
                    // Refused credentials are not final either.
                    let stop = answers.len() < sends.len()
                        || answers
                            .iter()
                            .any(|a| a.as_ref().is_err_and(|e| !e.is_final()));
                    drop(sends);
                    let answered = Answered {
                        steps,
                        answers,
                        stop,
                    };
                    // Gone when the shop's side stopped (a failed write): nothing more to send.
                    if answer.send(answered).is_err() || stop {
                        return;
                    }
                }
            })?;
        Ok(Line {
            batches: Some(batches),
            answers,
            unrecorded: 0,
            ahead,
        })
    }

    /// Hands `steps` to the channel's thread and records the answers that are due; false when
    /// the push stops.
    fn submit(
        &mut self,
        store: &mut Store,
        steps: Vec<Step>,
        now: Timestamp,
        s: &mut Summary,
    ) -> Result<bool> {
        if steps.is_empty() {
            return Ok(true);
        }
        // Refused only when the thread has ended, after a batch that stops the push: its
        // answers are recorded below, and say so.
        let handed = self.batches.as_ref().is_some_and(|b| b.send(steps).is_ok());
        if handed {
            self.unrecorded += 1;
        }
        while self.unrecorded >= self.ahead || (!handed && self.unrecorded > 0) {
            if !self.record_next(store, now, s)? {
                return Ok(false);
            }
        }
        Ok(handed)
    }

    /// Records the answers of every batch handed over.
    fn finish(mut self, store: &mut Store, now: Timestamp, s: &mut Summary) -> Result<()> {
        self.batches = None;
        while self.unrecorded > 0 {
            if !self.record_next(store, now, s)? {
                break;
            }
        }
        Ok(())
    }

    /// Waits for the oldest unrecorded batch's answers and records them; false when the push
    /// stops there (the batches handed over after it were never sent, and stay pending).
    fn record_next(&mut self, store: &mut Store, now: Timestamp, s: &mut Summary) -> Result<bool> {
        let Ok(answered) = self.answers.recv() else {
            // The thread panicked; the scope raises it again when it joins the thread.
            self.unrecorded = 0;
            return Ok(false);
        };
        self.unrecorded -= 1;
        let stop = answered.stop;
        Ok(record_batch(store, answered, now, s)? && !stop)
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

/// Records every answer of a batch (and the skips before them) in one transaction; false
/// when the channel's push must stop here (the entries after the one that failed stay
/// pending, as they were).
fn record_batch(
    store: &mut Store,
    answered: Answered,
    now: Timestamp,
    s: &mut Summary,
) -> Result<bool> {
    let Answered { steps, answers, .. } = answered;
    let mut answers = answers.into_iter();
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
        // The messages the channel took, marked together after the others' ends.
        let mut sent = Vec::new();
        for (step, answer) in &done {
            ok &= record(tx, step, answer.as_ref(), now, s, &mut sent)?;
        }
        let (entries, messages): (Vec<_>, Vec<_>) = sent
            .iter()
            .map(|&(entry, message, id)| ((entry, id), (message, id)))
            .unzip();
        outbox::mark_sent_many(tx, &entries, now)?;
        crate::messages::mark_sent_many(tx, &messages, now)?;
        Ok::<_, anyhow::Error>(ok)
    })?;
    if let Some(e) = refused {
        return Err(anyhow::Error::new(ChannelError::Auth(e)));
    }
    Ok(ok && done.len() == steps.len())
}

/// Records one step's end in the caller's transaction, except a message the channel took,
/// which it adds to `sent` (its entry, message and the channel's id) for the caller to mark
/// with the batch's others; false when it stops the push.
fn record<'a>(
    tx: &rusqlite::Transaction,
    step: &'a Step,
    answer: Option<&'a ChannelResult<String>>,
    now: Timestamp,
    s: &mut Summary,
    sent: &mut Vec<(i64, i64, &'a str)>,
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
            sent.push((entry, message.message, id.as_str()));
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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::channel::{Delivery, Inbound, Parsed, WebhookRefusal};
    use crate::model::{BatchOutcome, CatalogRequest, Pulled};
    use crate::store::testing::shop;

    /// A chat that takes `max` messages a batch (more than one: it recognises repeated keys,
    /// so `send` hands it batches ahead); the message `fails` (counted from 1 over the run)
    /// fails in a way that may pass. Every batch it was handed is kept, by key. With `shop`,
    /// each call first checks that every message handed before is recorded as sent in that
    /// shop file (Meta's case: nothing goes before the last answer is recorded).
    struct Scripted {
        max: usize,
        fails: Option<usize>,
        seen: usize,
        batches: Arc<Mutex<Vec<Vec<String>>>>,
        shop: Option<rusqlite::Connection>,
    }

    impl Channel for Scripted {
        fn name(&self) -> &'static str {
            "scripted"
        }
        fn source(&self) -> &'static str {
            "scripted"
        }
        fn send(&mut self, key: &str, _: &OutgoingMessage) -> ChannelResult<String> {
            self.seen += 1;
            if self.fails == Some(self.seen) {
                return Err(ChannelError::Transient("the chat is down for now".into()));
            }
            Ok(format!("wamid.{key}"))
        }
        fn send_batch_max(&self) -> usize {
            self.max
        }
        fn send_batch(&mut self, batch: &[(&str, &OutgoingMessage)]) -> Vec<ChannelResult<String>> {
            if let Some(shop) = &self.shop {
                let sent = "SELECT count(*) FROM messages WHERE status = 'sent'";
                let recorded: i64 = shop.query_row(sent, [], |r| r.get(0)).unwrap();
                let handed = self
                    .batches
                    .lock()
                    .unwrap()
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>();
                assert_eq!(
                    recorded, handed as i64,
                    "sent before the last answer was recorded"
                );
            }
            let keys = batch.iter().map(|(k, _)| k.to_string()).collect();
            self.batches.lock().unwrap().push(keys);
            let mut answers = Vec::new();
            for (key, message) in batch {
                let answer = self.send(key, message);
                let stop = answer.is_err();
                answers.push(answer);
                if stop {
                    break;
                }
            }
            answers
        }
        fn pull_inbound(&mut self, _: Option<&str>) -> ChannelResult<Pulled<Inbound>> {
            unreachable!()
        }
        fn verify(&self, _: &Delivery) -> Result<(), WebhookRefusal> {
            unreachable!()
        }
        fn handshake(&self, _: &[(String, String)]) -> Result<String, WebhookRefusal> {
            unreachable!()
        }
        fn parse(&self, _: &[u8]) -> Parsed {
            unreachable!()
        }
        fn publish(&mut self, _: &[CatalogRequest]) -> ChannelResult<BatchOutcome> {
            unreachable!()
        }
        fn account(&mut self) -> ChannelResult<crate::model::Account> {
            unreachable!()
        }
    }

    fn now() -> Timestamp {
        "2026-11-20T09:00:00Z".parse().unwrap()
    }

    /// A shop with `n` text messages queued for the chat.
    fn queued(dir: &tempfile::TempDir, n: usize) -> Store {
        let mut store = shop(dir);
        store
            .write(|tx| {
                for i in 0..n {
                    let body = MessageBody::Text {
                        body: format!("hello {i}"),
                    };
                    crate::messages::queue(tx, None, "6591234567", body, now())?;
                }
                Ok(())
            })
            .unwrap();
        store
    }

    /// `send` with `chat`: the summary and the batches the chat was handed.
    fn run(store: &mut Store, max: usize, fails: Option<usize>) -> (Summary, Vec<Vec<String>>) {
        let batches = Arc::new(Mutex::new(Vec::new()));
        let mut chat = Scripted {
            max,
            fails,
            seen: 0,
            batches: Arc::clone(&batches),
            shop: None,
        };
        let mut s = Summary::default();
        send(store, &mut chat, None, now(), &mut s).unwrap();
        let handed = batches.lock().unwrap().clone();
        (s, handed)
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn every_message_goes_once_in_order_in_batches_of_the_chats_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = queued(&dir, 23);
        let (s, handed) = run(&mut store, 5, None);
        assert_eq!(s.chat.messages_sent, 23);
        let sizes: Vec<usize> = handed.iter().map(Vec::len).collect();
        assert_eq!(sizes, [5, 5, 5, 5, 3]);
        let keys: Vec<&String> = handed.iter().flatten().collect();
        let mut sorted = keys.clone();
        sorted.sort_by_key(|k| {
            k.trim_start_matches("shopctl-outbox-")
                .parse::<i64>()
                .unwrap()
        });
        assert_eq!(keys, sorted, "sent out of order");
        let sent =
            "SELECT count(*) FROM messages WHERE status = 'sent' AND channel_ref LIKE 'wamid.%'";
        assert_eq!(count(&store, sent), 23);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM outbox WHERE status = 'pending'"
            ),
            0
        );
        // Nothing is sent again.
        let (again, handed) = run(&mut store, 5, None);
        assert_eq!(again.chat.messages_sent, 0);
        assert!(handed.is_empty(), "{handed:?}");
    }

    #[test]
    fn nothing_after_a_failure_that_may_pass_is_sent_though_batches_were_handed_ahead() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = queued(&dir, 23);
        // The 7th message fails for now: in the second batch.
        let (s, handed) = run(&mut store, 5, Some(7));
        assert_eq!(s.chat.messages_sent, 6, "{:?}", s.errors);
        assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
        assert!(
            s.errors[0].contains("the chat is down for now"),
            "{:?}",
            s.errors
        );
        // The chat was handed the first two batches only: never one after the failure.
        assert_eq!(handed.len(), 2, "{handed:?}");
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM messages WHERE status = 'sent'"
            ),
            6
        );
        // The failed message and every one after it wait, as they were.
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM outbox WHERE status = 'pending'"
            ),
            17
        );
        // The next run sends them, from the failed one on.
        let (next, handed) = run(&mut store, 5, None);
        assert_eq!(next.chat.messages_sent, 17);
        assert_eq!(handed.iter().map(Vec::len).sum::<usize>(), 17);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM outbox WHERE status = 'pending'"
            ),
            0
        );
    }

    #[test]
    fn a_chat_that_cannot_recognise_a_repeat_gets_the_next_message_only_once_the_last_is_recorded()
    {
        let dir = tempfile::tempdir().unwrap();
        let mut store = queued(&dir, 4);
        let batches = Arc::new(Mutex::new(Vec::new()));
        let mut chat = Scripted {
            max: 1,
            fails: None,
            seen: 0,
            batches: Arc::clone(&batches),
            shop: Some(rusqlite::Connection::open(dir.path().join("shop.db")).unwrap()),
        };
        let mut s = Summary::default();
        send(&mut store, &mut chat, None, now(), &mut s).unwrap();
        assert_eq!(s.chat.messages_sent, 4);
        assert_eq!(batches.lock().unwrap().len(), 4);
    }
}
