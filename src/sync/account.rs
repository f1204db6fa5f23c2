//! Which account each target's pushes went to (issue 16): the push side of sync only sends
//! what changed, so a provider account that never saw the shop (another Stripe account, a new
//! sandbox file after the old one was lost) would never get the catalog. Each sync asks the
//! provider which account it is (`Provider::account`), compares it with the one recorded for
//! the target, and when it differs (or with `sync --full`) queues everything the new account
//! must have, in the same transaction as the new record.
//!
//! The record is one setting per target in the shop file (`sync.account.provider`,
//! `sync.account.channel`): an account's identity (`Account::identity`: service, API base,
//! account id), never a key. The channel target is for the chat catalog's publishing: its
//! sync calls `settle` with the channel's account and a requeue of its own.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, Transaction, params};

use crate::model::Account;
use crate::store::{outbox, shop};

/// Where pushes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Provider,
    Channel,
}

impl Target {
    fn setting(self) -> &'static str {
        match self {
            Target::Provider => "sync.account.provider",
            Target::Channel => "sync.account.channel",
        }
    }

    /// The outbox `target` of its entries.
    pub fn outbox(self) -> &'static str {
        match self {
            Target::Provider => "provider",
            Target::Channel => "channel",
        }
    }
}

/// The account `target`'s pushes went to, as recorded.
pub fn recorded(conn: &Connection, target: Target) -> Result<Option<String>> {
    shop::setting(conn, target.setting())
}

/// What `settle` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    /// The account recorded before, when it was another one (or, when none was recorded
    /// though the shop had pushed, "an account shopctl did not record").
    pub changed_from: Option<String>,
    /// Entries queued for the new account (or for `--full`).
    pub requeued: usize,
    /// No account was recorded and the target never pushed: nothing was written, and the
    /// caller `record`s the account once it has spoken with it (so that a sync stopped by a
    /// refused key writes nothing).
    pub first: bool,
}

/// Compares `account` with the one recorded for `target`. When it is another one (or
/// `full`), runs `requeue`, which queues everything that account must have and returns how
/// many entries, and records the account, in the caller's transaction. With no account
/// recorded, `pushed_before` says whether the target already has a history (a shop from before
/// this record): its account is then unknown, and everything goes once more; a target that
/// never pushed writes nothing yet (`Settled::first`).
pub fn settle(
    tx: &Transaction,
    target: Target,
    account: &Account,
    pushed_before: bool,
    full: bool,
    now: Timestamp,
    requeue: impl FnOnce(&Transaction, Timestamp) -> Result<usize>,
) -> Result<Settled> {
    let identity = account.identity();
    let mut settled = Settled::default();
    match recorded(tx, target)? {
        Some(before) if before == identity => {}
        Some(before) => settled.changed_from = Some(before),
        None if pushed_before => {
            settled.changed_from = Some("an account shopctl did not record".to_string())
        }
        None => settled.first = !full,
    }
    if settled.changed_from.is_some() || full {
        settled.requeued = requeue(tx, now)?;
        record(tx, target, account)?;
    }
    Ok(settled)
}

/// Records `account` as the one `target`'s pushes go to.
pub fn record(conn: &Connection, target: Target, account: &Account) -> Result<()> {
    shop::set_setting(conn, target.setting(), &account.identity())
}

/// What a new provider account must have: every product (pushed as it is when pushed) and
/// every enabled payment method. The pull cursors go too: they are positions in the old
/// account's history.
pub fn requeue_provider(tx: &Transaction, now: Timestamp) -> Result<usize> {
    let products =
        outbox::prepare_queue_products_after(tx)?.execute(params![crate::clock::format(now), 0])?;
    let provider = shop::load(tx)?.provider;
    let methods = crate::payments::requeue_enabled(tx, &provider, now)?;
    tx.execute("DELETE FROM sync_cursors", [])?;
    Ok(products + methods)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str) -> Account {
        Account {
            service: "sandbox".into(),
            base: "embedded".into(),
            id: Some(id.into()),
        }
    }

    #[test]
    fn an_unknown_a_new_or_a_full_account_requeues_the_same_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        let mut store = crate::store::testing::shop(&dir);
        let mut run = |id: &str, full: bool| {
            store
                .write(|tx| {
                    settle(
                        tx,
                        Target::Provider,
                        &account(id),
                        true,
                        full,
                        now,
                        |_, _| Ok(7),
                    )
                })
                .unwrap()
        };
        // Pushed before, no account recorded: unknown, so everything once more.
        assert_eq!(run("a", false).requeued, 7);
        // The same account: nothing to do.
        assert_eq!(run("a", false), Settled::default());
        assert_eq!(
            run("b", false),
            Settled {
                changed_from: Some("sandbox embedded a".into()),
                requeued: 7,
                first: false
            }
        );
        assert_eq!(run("b", true).requeued, 7);
        assert_eq!(
            recorded(store.conn(), Target::Provider).unwrap().as_deref(),
            Some("sandbox embedded b")
        );
        assert_eq!(recorded(store.conn(), Target::Channel).unwrap(), None);
        // A target that never pushed queues nothing and records nothing yet.
        let first = store
            .write(|tx| {
                settle(
                    tx,
                    Target::Channel,
                    &account("c"),
                    false,
                    false,
                    now,
                    |_, _| Ok(7),
                )
            })
            .unwrap();
        assert_eq!(
            first,
            Settled {
                first: true,
                ..Settled::default()
            }
        );
        assert_eq!(recorded(store.conn(), Target::Channel).unwrap(), None);
    }
}
