//! The sandbox provider: the embedded, simulated payment provider that every new shop uses,
//! so that the whole flow (catalog, checkout, payments, refunds, payouts, reconciliation) works
//! offline and deterministically, for the demo and the tests.
//!
//! It keeps its state in its own SQLite file beside the shop's (`shop.db` → `shop.db.sandbox`)
//! rather than in tables of the shop file, because it plays a *remote* party: the shop must
//! learn about its orders, payments, refunds and payouts only through the `Provider` trait and
//! `shopctl sync`, exactly as it would from Stripe. A shared file would make it too easy for
//! shop code to read the provider's tables directly, and a failed shop command must not undo
//! what "the provider" did (nor the reverse).
//!
//! This file has the handle and the trait; the rest is one file per concept:
//! - `file`: the sandbox file (opened through `store::sqlite`), the change sequence, row ids;
//! - `fees`: fee rules per method and `--fee` overrides;
//! - `catalog`: the pushed products and payment methods;
//! - `orders`: checkouts, their payments, `pay_shop_order`, fulfilments and cancels;
//! - `refunds`: `create_refund` and its checks;
//! - `ledger`: balance transactions; `payouts`: daily, instant and settling payouts;
//! - `push`: applying an outbox entry once per key; `pull`: cursors;
//! - `simulate` (with `customers` and `planted` faults): `shopctl sandbox simulate`;
//! - `chat`: the sandbox chat's messages (carts in, the shop's messages out), for
//!   `channel::sandbox`; `chat_catalog`: the chat's catalog, as the shop published it.

mod catalog;
mod chat;
mod chat_catalog;
mod customers;
mod fees;
mod file;
mod ledger;
mod orders;
mod payouts;
mod planted;
mod pull;
mod push;
mod refunds;
mod simulate;

pub use chat::{Cart, ChatLine, Sent, wa_id};
pub use fees::{FeeRule, KNOWN_METHODS};
pub use orders::ShopOrder;
pub use payouts::PayoutMade;
pub use planted::{FaultMade, KINDS as FAULT_KINDS};
pub use simulate::{MethodCount, SimulateParams, SimulateReport, Totals};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, Transaction};

use super::{Provider, ProviderResult, PushOutcome};
use crate::clock;
use crate::model::{
    Account, BalanceTransaction, OutboxEntry, Pulled, RefundRequest, RemoteOrder, RemotePayout,
    RemoteRefund,
};
use crate::store::sqlite::Db;

pub struct Sandbox {
    db: Db,
    /// Fixed time for unit tests; otherwise `clock::now()` (which honours SHOPCTL_NOW).
    clock: Option<Timestamp>,
}

impl Sandbox {
    /// `shop.db` → `shop.db.sandbox`.
    pub fn path_beside(shop_path: &Path) -> PathBuf {
        file::path_beside(shop_path)
    }

    /// Opens (creating if needed, mode 0600) the sandbox state file beside the shop file.
    pub fn open_beside(shop_path: &Path) -> anyhow::Result<Sandbox> {
        Sandbox::open(&file::path_beside(shop_path))
    }

    /// Opens or creates a sandbox file at `path`.
    pub fn open(path: &Path) -> anyhow::Result<Sandbox> {
        Ok(Sandbox {
            db: file::open(path)?,
            clock: None,
        })
    }

    /// Pins the clock (unit tests; the binary uses SHOPCTL_NOW instead).
    pub fn with_clock(mut self, now: Timestamp) -> Sandbox {
        self.clock = Some(now);
        self
    }

    pub fn path(&self) -> &Path {
        self.db.path()
    }

    fn conn(&self) -> &Connection {
        self.db.conn()
    }

    fn now(&self) -> anyhow::Result<Timestamp> {
        match self.clock {
            Some(t) => Ok(t),
            None => clock::now(),
        }
    }

    /// Runs `f` in one IMMEDIATE transaction; an error rolls everything back.
    fn write<T, E>(&mut self, f: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<anyhow::Error>,
    {
        self.db.write(f)
    }

    /// The fee rule for each known method: overrides remembered in the file, else defaults.
    pub fn fee_schedule(&self) -> anyhow::Result<BTreeMap<String, FeeRule>> {
        fees::schedule(self.conn())
    }

    /// What the sandbox holds, for hints: products pushed, products orderable, methods on.
    pub fn readiness(&self) -> anyhow::Result<(i64, i64, Vec<String>)> {
        let pushed = catalog::count(self.conn())?;
        let orderable = catalog::orderable(self.conn())?.len() as i64;
        Ok((pushed, orderable, catalog::enabled_methods(self.conn())?))
    }
}

impl Provider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    /// The sandbox file's own id: a lost file (and the new one the next sync makes) is a new
    /// account, which gets the whole catalog again.
    fn account(&mut self) -> ProviderResult<Account> {
        let id = self.write(file::account_id)?;
        Ok(Account {
            service: "sandbox".into(),
            base: "embedded".into(),
            id: Some(id),
        })
    }

    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        let now = self.now()?;
        self.write(|tx| push::apply(tx, entry, now))
    }

    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        let since = pull::cursor(cursor)?;
        Ok(pull::pulled(orders::since(self.conn(), since)?))
    }

    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        let now = self.now()?;
        self.write(|tx| refunds::create(tx, request, now))
    }

    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        let since = pull::cursor(cursor)?;
        Ok(pull::pulled(refunds::since(self.conn(), since)?))
    }

    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        let since = pull::cursor(cursor)?;
        let now = self.now()?;
        // Time passes between pulls: payouts that have arrived are paid now.
        self.write(|tx| payouts::settle(tx, now))?;
        Ok(pull::pulled(payouts::since(self.conn(), since)?))
    }

    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        pull::payout_transactions(self.conn(), payout_ref)
    }
}

#[cfg(test)]
mod tests;
