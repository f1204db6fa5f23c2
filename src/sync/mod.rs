//! Sync: pull orders, push the outbox in order, finish refunds left pending, then pull refunds
//! and payouts, with one cursor per resource (DESIGN.md, "Sync").
//!
//! Results are committed in batches, each batch in one transaction: the provider's answers as
//! soon as each is known (a push, a refund: one call, one commit); a page of pulled items with
//! the cursor that follows it; up to 5,000 of the chat's deliveries, pulled pages of them
//! stored and processed in the transaction that holds their cursor (`inbox::store_and_process`;
//! what `serve` stored is processed 5,000 a transaction by `inbox::process_pending`), carts
//! checked before any is written and the rest each inside its own savepoint (one that fails
//! writes nothing but its failure); the answers to one batch of messages (a
//! channel that recognises a repeated key, the sandbox chat, takes up to 500 in one call and
//! one sandbox transaction, and is handed up to three batches before their answers are
//! recorded; Meta's Cloud API, which cannot, one message at a time, each recorded before the
//! next goes). So a sync killed at any point loses at most the batches in flight, and the next
//! run repeats them with the same idempotency keys: nothing is done twice and no message is
//! sent twice. Two syncs never run at once: a lock file beside the shop file
//! is held for the whole run, and the second waits for it up to the busy timeout, then exits 4.

pub mod account;
pub mod catalog;
mod chat;
pub mod inbox;
mod lock;
pub mod outbox;
mod pull;
mod push;
pub mod webhooks;

use anyhow::Result;
use jiff::Timestamp;
use serde::Serialize;

use crate::channel::Channel;
use crate::model::RefundState;
use crate::provider::{Provider, ProviderError};
use crate::store::Store;
pub use lock::{SyncLock, lock, lock_path};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub push: bool,
    pub pull: bool,
    /// Push the whole catalog and the enabled methods again, and pull from the start, as if
    /// the provider account were new.
    pub full: bool,
}

/// What one sync did, printed as its summary.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub provider: String,
    /// Outbox entries queued at the start of this run because the provider account is new
    /// to the shop (or `--full`): the whole catalog and the enabled payment methods.
    pub requeued: usize,
    pub pushed: usize,
    /// Product updates not sent because a later pending update of the same product carries
    /// a newer state (a burst of stock changes is pushed once).
    pub superseded: usize,
    /// Outbox entries whose push failed in this run (0 or 1: a failure stops the push, so that
    /// later changes never overtake an earlier one).
    pub failed: usize,
    /// Outbox entries still waiting after this run.
    pub pending: usize,
    pub refunds_completed: usize,
    pub pulled: Pulled,
    /// The chat channel's side: deliveries in, messages out (absent when sync ran without one).
    #[serde(skip_serializing_if = "chat::ChatSummary::unused")]
    pub chat: chat::ChatSummary,
    /// The chat's catalog: products published, deleted, refused (absent without a channel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<catalog::CatalogSummary>,
    /// What went wrong, one line each; non-empty means the command exits 1.
    pub errors: Vec<String>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Pulled {
    pub orders_new: usize,
    pub orders_changed: usize,
    pub payments_new: usize,
    pub payments_changed: usize,
    pub refunds_changed: usize,
    pub payouts_new: usize,
    pub payouts_changed: usize,
    pub transactions_new: usize,
}

impl Summary {
    /// True when the run changed nothing anywhere.
    pub fn nothing_changed(&self) -> bool {
        let p = &self.pulled;
        self.pushed == 0
            && self.requeued == 0
            && self.superseded == 0
            && self.failed == 0
            && self.refunds_completed == 0
            && p.orders_new + p.orders_changed + p.payments_new + p.payments_changed == 0
            && p.refunds_changed + p.payouts_new + p.payouts_changed + p.transactions_new == 0
            && self.chat.nothing_changed()
            && self.catalog.as_ref().is_none_or(|c| c.nothing_changed())
    }
}

/// Pushes, resumes pending refunds and pulls. Provider failures do not return `Err`: they are
/// recorded (the entry stays pending with its error) and listed in `errors`, so that the caller
/// can print the summary and then exit 1.
pub fn run(
    store: &mut Store,
    provider: &mut dyn Provider,
    mut channel: Option<&mut dyn Channel>,
    opts: Options,
    now: Timestamp,
) -> Result<Summary> {
    let mut s = Summary {
        provider: provider.name().to_string(),
        ..Summary::default()
    };
    // The chat first: carts become orders (and their payment requests go out) before the
    // provider's payments for them are pulled.
    if let Some(channel) = channel.as_deref_mut() {
        s.chat.channel = channel.name().to_string();
        if opts.pull {
            chat::receive(store, channel, now, &mut s)?;
        }
        if opts.push {
            chat::send(store, channel, Some(&mut *provider), now, &mut s)?;
        }
    }
    // The provider's account next: a new one gets the whole catalog queued; one the provider
    // cannot name gets nothing pushed or pulled (the chat lane goes on).
    let step = settle_account(store, provider, opts.full, now, &mut s)?;
    let account_ok = !matches!(step, AccountStep::Stop);
    // Orders first: the stock they took must be in the shop before the shop pushes its stock
    // counts, or the push would hand the provider back units it has already sold.
    let mut orders_ok = account_ok;
    if opts.pull && account_ok {
        orders_ok = pull::pull_orders(store, provider, now, &mut s)?;
    }
    if opts.push && orders_ok {
        push::push(store, provider, now, &mut s)?;
        let refunds = crate::refunds::resume_pending(store, provider, now)?;
        for r in &refunds {
            match (&r.last_error, r.status) {
                (Some(err), RefundState::Pending) => {
                    s.errors.push(format!("refund {}: {err}", r.label()))
                }
                (_, RefundState::Pending) => {}
                _ => s.refunds_completed += 1,
            }
        }
    }
    if opts.pull && orders_ok {
        pull::pull_rest(store, provider, now, &mut s)?;
    }
    // What this sync's pulls and pushes queued for the chat (a refund's message, a status),
    // and the catalog, last: the stock that orders pulled above took is in it.
    if let Some(channel) = channel
        && opts.push
    {
        chat::send(store, channel, Some(provider), now, &mut s)?;
        // Not when the provider could not be asked for its orders: the chat would be shown
        // stock that they may have taken (the changes wait for the next sync).
        if orders_ok {
            // `--full` sends every product to the chat's catalog again too.
            catalog::publish(
                store,
                channel,
                catalog::PublishOptions { full: opts.full },
                now,
                &mut s,
            )?;
        }
    }
    // A shop's first account is recorded once this sync has spoken with it (a refused key
    // stopped the sync above, with nothing written).
    if let AccountStep::Record(first) = step {
        store.write(|tx| account::record(tx, account::Target::Provider, &first))?;
    }
    s.pending = outbox::pending_count(store.conn())? as usize;
    Ok(s)
}

/// `catalog publish`: the chat's catalog only (`--full`: every product again).
pub fn publish_catalog(
    store: &mut Store,
    channel: &mut dyn Channel,
    opts: catalog::PublishOptions,
    now: Timestamp,
) -> Result<Summary> {
    let mut s = Summary {
        provider: String::new(),
        ..Summary::default()
    };
    s.chat.channel = channel.name().to_string();
    catalog::publish(store, channel, opts, now, &mut s)?;
    s.pending = outbox::pending_count(store.conn())? as usize;
    Ok(s)
}

/// What the provider's account means for this sync.
enum AccountStep {
    /// The provider could not say which account it is: nothing is pushed or pulled.
    Stop,
    Go,
    /// Go, and record this first account at the end.
    Record(crate::model::Account),
}

/// Asks the provider which account it is and, for a new one (or `full`), queues what it must
/// have (`account`). `Stop` when the provider cannot say: then nothing is pushed or pulled
/// (pushing only what changed to an account that may be new would leave it without the rest),
/// and the error is in the summary.
fn settle_account(
    store: &mut Store,
    provider: &mut dyn Provider,
    full: bool,
    now: Timestamp,
    s: &mut Summary,
) -> Result<AccountStep> {
    let current = match provider.account() {
        Ok(a) => a,
        Err(e) => {
            let e = stop_on_refused_credentials(e)?;
            s.errors.push(format!(
                "asking the provider which account it is failed: {e}; nothing was pushed or pulled"
            ));
            return Ok(AccountStep::Stop);
        }
    };
    let settled = store.write(|tx| {
        let pushed_before = outbox::any_done(tx, account::Target::Provider.outbox())?;
        account::settle(
            tx,
            account::Target::Provider,
            &current,
            pushed_before,
            full,
            now,
            account::requeue_provider,
        )
    })?;
    s.requeued = settled.requeued;
    if let Some(was) = settled.changed_from {
        s.warnings.push(format!(
            "the provider account changed (the shop last pushed to {was}; this is {}): the \
             whole catalog and the enabled payment methods ({} entries) are pushed to it, and \
             its history is pulled from the start",
            current.identity(),
            settled.requeued
        ));
    }
    Ok(if settled.first {
        AccountStep::Record(current)
    } else {
        AccountStep::Go
    })
}

/// Sends the chat's queued messages now (for `serve`, right after a delivery queued some, so
/// that a customer's payment request follows their cart within a second). Skipped (`None`)
/// while a sync runs: it sends them itself. Failures are recorded on the entries as `sync`
/// records them, and listed in the summary.
pub fn send_queued_messages(
    store: &mut Store,
    channel: &mut dyn Channel,
    provider: Option<&mut dyn Provider>,
    now: Timestamp,
) -> Result<Option<Summary>> {
    let _lock = match lock::lock(store, std::time::Duration::ZERO) {
        Ok(l) => l,
        Err(e) if crate::error::exit_code(&e) == crate::error::Exit::Busy => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut s = Summary::default();
    s.chat.channel = channel.name().to_string();
    chat::send(store, channel, provider, now, &mut s)?;
    Ok(Some(s))
}

/// Refused credentials fail every call alike: they are no one entry's or resource's failure,
/// and recording them as one would promise that the next sync carries on. The sync stops with
/// the provider's message (which says where the key comes from) and records nothing.
fn stop_on_refused_credentials(e: ProviderError) -> Result<ProviderError> {
    match e {
        ProviderError::Auth(_) => Err(anyhow::Error::new(e)),
        e => Ok(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A summary with one count (by its place in this list) set to `n`.
    fn with(i: usize, n: usize) -> Summary {
        let mut s = Summary::default();
        let p = &mut s.pulled;
        let field = [
            &mut s.requeued,
            &mut s.pushed,
            &mut s.superseded,
            &mut s.failed,
            &mut s.refunds_completed,
            &mut p.orders_new,
            &mut p.orders_changed,
            &mut p.payments_new,
            &mut p.payments_changed,
            &mut p.refunds_changed,
            &mut p.payouts_new,
            &mut p.payouts_changed,
            &mut p.transactions_new,
        ];
        *field.into_iter().nth(i).unwrap() = n;
        s
    }

    const COUNTS: usize = 13;

    #[test]
    fn any_count_means_something_changed() {
        assert!(Summary::default().nothing_changed());
        for i in 0..COUNTS {
            assert!(!with(i, 1).nothing_changed(), "count {i}");
            assert!(!with(i, 7).nothing_changed(), "count {i}");
        }
        // Two counts at once (which a sum could cancel out if it subtracted).
        for i in 0..COUNTS {
            for j in 0..COUNTS {
                let mut s = with(i, 1);
                let other = with(j, 1);
                s.pulled.orders_new += other.pulled.orders_new;
                s.pulled.orders_changed += other.pulled.orders_changed;
                s.pulled.payments_new += other.pulled.payments_new;
                s.pulled.payments_changed += other.pulled.payments_changed;
                s.pulled.refunds_changed += other.pulled.refunds_changed;
                s.pulled.payouts_new += other.pulled.payouts_new;
                s.pulled.payouts_changed += other.pulled.payouts_changed;
                s.pulled.transactions_new += other.pulled.transactions_new;
                assert!(!s.nothing_changed(), "counts {i} and {j}");
            }
        }
        // Errors alone are not changes: the command says so by its exit code.
        let mut s = Summary::default();
        s.errors.push("pulling orders failed".into());
        s.pending = 3;
        assert!(s.nothing_changed());
    }
}
