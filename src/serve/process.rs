//! The processor thread of `serve`: after each commit that stored a new delivery (and once at
//! start, for deliveries a killed serve stored but never processed), it runs the same inbox
//! processing as `sync`, on its own connection, then sends the messages that queued (a
//! payment request for a new cart) through the channel, unless a sync is running.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use anyhow::Result;

use crate::output::Output;
use crate::store::Store;

/// Runs until the writer has ended (its `Sender` dropped), then processes once more.
pub fn start(db: PathBuf, woken: Receiver<()>, out: Output) -> Result<std::thread::JoinHandle<()>> {
    let mut store = Store::open(&db)?;
    Ok(std::thread::Builder::new()
        .name("serve-processor".into())
        .spawn(move || {
            let mut due = true;
            loop {
                if due {
                    process(&mut store, &out);
                }
                due = match woken.recv_timeout(Duration::from_millis(250)) {
                    Ok(()) => {
                        while woken.try_recv().is_ok() {}
                        true
                    }
                    Err(RecvTimeoutError::Timeout) => false,
                    Err(RecvTimeoutError::Disconnected) => {
                        // The writer's last commits may have come after the last round.
                        process(&mut store, &out);
                        return;
                    }
                };
            }
        })?)
}

fn process(store: &mut Store, out: &Output) {
    let now = match crate::clock::now() {
        Ok(now) => now,
        Err(e) => {
            out.warn(&format!("serve: processing skipped: {e:#}"));
            return;
        }
    };
    match crate::sync::inbox::process_pending(store, now, crate::sync::inbox::Lines::Every) {
        Ok(done) => {
            log_round(out, done.log_lines());
            for w in &done.warnings {
                out.warn(&format!("serve: {w}"));
            }
            if done.processed > 0 {
                send(store, now, out);
            }
        }
        Err(e) => out.warn(&format!(
            "serve: processing stopped: {e:#}; the deliveries wait for the next round"
        )),
    }
    // The provider's events: the pulls they ask for, outside the per-delivery transactions.
    match crate::sync::webhooks::process_pending(store, now) {
        Ok(done) => {
            log_round(out, done.log_lines());
            for w in &done.warnings {
                out.warn(&format!("serve: {w}"));
            }
        }
        Err(e) => out.warn(&format!(
            "serve: the provider's events wait for the next round: {e:#}"
        )),
    }
}

/// A round's lines: a delivery that failed (kept for `shopctl inbox retry`) is a warning, as
/// `sync` reports it; the rest are notes.
fn log_round(out: &Output, lines: &[String]) {
    for line in lines {
        let line = format!("serve: {line}");
        if line.contains(" failed: ") {
            out.warn(&line);
        } else {
            out.hint(&line);
        }
    }
}

/// Sends what the processed deliveries queued (payment requests), as `sync` would.
fn send(store: &mut Store, now: jiff::Timestamp, out: &Output) {
    let channel = crate::channel::config::ChannelSettings::load(store.conn())
        .map(|settings| crate::channel::open(settings, store.path()));
    let mut channel = match channel {
        Ok(c) => c,
        Err(e) => {
            out.warn(&format!(
                "serve: messages not sent: {e:#}; `shopctl sync` sends them"
            ));
            return;
        }
    };
    // The provider makes ready what a payment request is paid against (Razorpay's order).
    let mut provider = match store
        .shop()
        .and_then(|shop| crate::provider::open(&shop.provider, store.path(), store.conn()))
    {
        Ok(p) => Some(p),
        Err(e) => {
            out.warn(&format!(
                "serve: payment requests wait for `shopctl sync`: {e:#}"
            ));
            None
        }
    };
    let provider = provider
        .as_mut()
        .map(|p| p.as_mut() as &mut dyn crate::provider::Provider);
    match crate::sync::send_queued_messages(store, channel.as_mut(), provider, now) {
        Ok(Some(s)) => {
            let c = &s.chat;
            if c.messages_sent + c.messages_failed + c.messages_skipped > 0 {
                out.hint(&format!(
                    "serve: messages sent {}, failed {}, skipped {}",
                    c.messages_sent, c.messages_failed, c.messages_skipped
                ));
            }
            for line in c.undelivered.iter().chain(&s.errors) {
                out.warn(&format!("serve: {line}"));
            }
        }
        Ok(None) => {}
        Err(e) => out.warn(&format!(
            "serve: messages not sent: {e:#}; `shopctl sync` sends them"
        )),
    }
}
