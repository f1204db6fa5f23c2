//! Reconciliation faults that `sandbox simulate --discrepancies K` plants in the payouts it
//! made (not `provider::faults`, which makes calls fail), one for every kind of discrepancy
//! `payouts reconcile` reports: an unexplained adjustment, a fee taken twice, a payout paid
//! short, a refund the payouts never took, a refund taken for another amount, a refund taken
//! twice, a transaction whose gross less fee is not its net, and a payment held back. Each is
//! built so that reconciliation reports exactly one discrepancy for it, of the kind it names.

use std::collections::HashSet;

use anyhow::Result;
use jiff::{SignedDuration, Timestamp};
use rusqlite::Transaction;
use rust_decimal::Decimal;

use super::ledger::{self, TxnRow};
use super::payouts::{self, PayoutMade};
use crate::model::DiscrepancyKind as Kind;
use crate::model::TxnKind;
use crate::money::{Currency, Money};

/// A fault planted in a payout, and the discrepancy `payouts reconcile` should report for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultMade {
    /// One of `KINDS`.
    pub kind: &'static str,
    pub expect: Kind,
    /// The payout the fault is in (for money held back: the payout it was taken out of).
    pub payout: String,
    /// The reference the discrepancy names: the planted or changed transaction, the payout
    /// when short, the refund or payment when the payouts lack or misstate it.
    pub reference: String,
}

/// The kinds, in the order `plant` cycles through them.
pub const KINDS: [&str; 8] = [
    "unexplained_adjustment",
    "fee_taken_twice",
    "payout_short",
    "refund_not_taken",
    "refund_other_amount",
    "refund_taken_twice",
    "net_does_not_add_up",
    "payment_held_back",
];

/// How old money held back must be for reconciliation to call it late: the shop's default
/// payout schedule (`payouts.schedule_days`, 2). Younger money is not planted on, since it
/// would go unreported.
const LATE_AFTER: SignedDuration = SignedDuration::from_hours(48);

/// What the faults planted so far have used.
struct Used {
    /// Payouts already shorted: two shorts in one payout would be one mismatch.
    shorted: HashSet<usize>,
    /// Balance transactions already changed, doubled or held back: two faults on one would
    /// hide each other.
    txns: HashSet<i64>,
}

/// Plants `count` faults in this run's payouts, cycling through `KINDS` and spreading them
/// over distinct payouts while there are enough. The refund faults need refunds the shop made
/// that these payouts took (made on an earlier day, so a daily payout of this run took them);
/// money held back must be older than `LATE_AFTER` at `now`. When a kind cannot be planted,
/// an adjustment is planted instead.
pub(super) fn plant(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    count: u32,
    now: Timestamp,
) -> Result<Vec<FaultMade>> {
    let n = payouts.len();
    let late_before = now.checked_sub(LATE_AFTER)?;
    let mut used = Used {
        shorted: HashSet::new(),
        txns: HashSet::new(),
    };
    let mut made = Vec::new();
    for k in 0..count as usize {
        let home = k % n;
        let order: Vec<usize> = (0..n).map(|j| (home + j) % n).collect();
        let fault = match KINDS[k % KINDS.len()] {
            "fee_taken_twice" => fee_twice(tx, payouts, &order, &mut used)?,
            "payout_short" => match order.iter().find(|j| !used.shorted.contains(j)) {
                Some(&j) => {
                    used.shorted.insert(j);
                    Some(short(tx, &mut payouts[j])?)
                }
                None => None,
            },
            "refund_not_taken" => hold_back(tx, payouts, TxnKind::Refund, late_before, &mut used)?,
            "refund_other_amount" => refund_other_amount(tx, payouts, &order, &mut used)?,
            "refund_taken_twice" => refund_twice(tx, payouts, &order, &mut used)?,
            "net_does_not_add_up" => net_off(tx, payouts, &order, &mut used)?,
            "payment_held_back" => hold_back(tx, payouts, TxnKind::Charge, late_before, &mut used)?,
            // "unexplained_adjustment", and the fallback below.
            _ => None,
        };
        let fault = match fault {
            Some(f) => f,
            None => adjustment(tx, &mut payouts[home])?,
        };
        made.push(fault);
    }
    Ok(made)
}

/// A small amount in `currency` (`major` in major units), at least one minor unit.
fn small(major: &str, currency: Currency) -> Result<Money> {
    let m = Money::from_decimal_rounded(Decimal::from_str_exact(major)?, currency)?;
    Ok(Money::new(m.minor.max(1), currency))
}

fn fault(kind: &'static str, expect: Kind, payout: &PayoutMade, reference: &str) -> FaultMade {
    FaultMade {
        kind,
        expect,
        payout: payout.provider_ref.clone(),
        reference: reference.to_string(),
    }
}

/// The payout's amount is less than its transactions add up to.
fn short(tx: &Transaction, payout: &mut PayoutMade) -> Result<FaultMade> {
    payout.amount = payout
        .amount
        .checked_sub(small("0.30", payout.amount.currency)?)?;
    payouts::set_amount(tx, payout)?;
    let reference = payout.provider_ref.clone();
    Ok(fault(
        "payout_short",
        Kind::PayoutSumMismatch,
        payout,
        &reference,
    ))
}

/// Adds a transaction to a payout, and its net to the payout's amount.
fn attach(tx: &Transaction, payout: &mut PayoutMade, t: &TxnRow) -> Result<()> {
    ledger::attach(tx, payout.id, t.id)?;
    payout.amount = payout.amount.checked_add(t.txn.net)?;
    payout.transactions += 1;
    payouts::set_amount(tx, payout)
}

/// An adjustment the shop cannot explain, included in the payout's amount.
fn adjustment(tx: &Transaction, payout: &mut PayoutMade) -> Result<FaultMade> {
    let currency = payout.amount.currency;
    let gross = Money::new(-small("1.50", currency)?.minor, currency);
    let at = payout
        .created_at
        .checked_sub(SignedDuration::from_secs(1))?;
    let t = ledger::insert(
        tx,
        TxnKind::Adjustment,
        "",
        gross,
        Money::zero(currency),
        "adjustment",
        at,
    )?;
    attach(tx, payout, &t)?;
    Ok(fault(
        "unexplained_adjustment",
        Kind::MissingInShop,
        payout,
        &t.txn.provider_ref,
    ))
}

/// The first transaction of `kind` not used yet that `keep` accepts, looking through the
/// payouts in `order`: (the payout's index, the transaction).
fn find(
    tx: &Transaction,
    payouts: &[PayoutMade],
    order: &[usize],
    kind: TxnKind,
    used: &Used,
    keep: impl Fn(&TxnRow) -> bool,
) -> Result<Option<(usize, TxnRow)>> {
    for &j in order {
        let found = ledger::of_payout(tx, payouts[j].id)?
            .into_iter()
            .filter(|t| t.txn.kind == kind && !used.txns.contains(&t.id))
            .find(|t| keep(t));
        if let Some(t) = found {
            return Ok(Some((j, t)));
        }
    }
    Ok(None)
}

/// A second fee for a charge that already carried its fee, in the same payout after it.
fn fee_twice(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    order: &[usize],
    used: &mut Used,
) -> Result<Option<FaultMade>> {
    let found = find(tx, payouts, order, TxnKind::Charge, used, |t| {
        t.txn.fee.minor > 0
    })?;
    let Some((j, charge)) = found else {
        return Ok(None);
    };
    used.txns.insert(charge.id);
    let fee = charge.txn.fee;
    let t = ledger::insert(
        tx,
        TxnKind::Fee,
        &charge.txn.source_ref,
        Money::zero(fee.currency),
        fee,
        "processing fee",
        charge.txn.created_at,
    )?;
    used.txns.insert(t.id);
    attach(tx, &mut payouts[j], &t)?;
    Ok(Some(fault(
        "fee_taken_twice",
        Kind::Duplicate,
        &payouts[j],
        &t.txn.provider_ref,
    )))
}

/// The oldest charge (a payment: `unpaid`) or refund (`missing_at_provider`) older than
/// `late_before` is taken out of its payout, whose amount shrinks by its net: the provider
/// holds it back until a later payout takes it.
fn hold_back(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    kind: TxnKind,
    late_before: Timestamp,
    used: &mut Used,
) -> Result<Option<FaultMade>> {
    let mut oldest: Option<(usize, TxnRow)> = None;
    for (j, p) in payouts.iter().enumerate() {
        for t in ledger::of_payout(tx, p.id)? {
            let candidate = t.txn.kind == kind
                && t.txn.created_at < late_before
                && !used.txns.contains(&t.id)
                && oldest
                    .as_ref()
                    .is_none_or(|(_, o)| t.txn.created_at < o.txn.created_at);
            if candidate {
                oldest = Some((j, t));
            }
        }
    }
    let Some((j, t)) = oldest else {
        return Ok(None);
    };
    used.txns.insert(t.id);
    ledger::detach(tx, t.id)?;
    let payout = &mut payouts[j];
    payout.amount = payout.amount.checked_sub(t.txn.net)?;
    payout.transactions -= 1;
    payouts::set_amount(tx, payout)?;
    let (kind, expect) = match kind {
        TxnKind::Refund => ("refund_not_taken", Kind::MissingAtProvider),
        _ => ("payment_held_back", Kind::Unpaid),
    };
    Ok(Some(fault(kind, expect, payout, &t.txn.source_ref)))
}

/// A refund taken from the payout for 0.30 more than the shop refunded (its gross and net
/// both, so that the transaction itself adds up), and the payout's amount with it.
fn refund_other_amount(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    order: &[usize],
    used: &mut Used,
) -> Result<Option<FaultMade>> {
    let Some((j, mut t)) = find(tx, payouts, order, TxnKind::Refund, used, |_| true)? else {
        return Ok(None);
    };
    used.txns.insert(t.id);
    let more = small("0.30", t.txn.gross.currency)?;
    t.txn.gross = t.txn.gross.checked_sub(more)?;
    t.txn.net = t.txn.net.checked_sub(more)?;
    ledger::set_amounts(tx, &t)?;
    let payout = &mut payouts[j];
    payout.amount = payout.amount.checked_sub(more)?;
    payouts::set_amount(tx, payout)?;
    Ok(Some(fault(
        "refund_other_amount",
        Kind::AmountMismatch,
        payout,
        &t.txn.source_ref,
    )))
}

/// The same refund taken a second time, in the same payout after the first.
fn refund_twice(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    order: &[usize],
    used: &mut Used,
) -> Result<Option<FaultMade>> {
    let Some((j, first)) = find(tx, payouts, order, TxnKind::Refund, used, |_| true)? else {
        return Ok(None);
    };
    used.txns.insert(first.id);
    let again = ledger::insert(
        tx,
        TxnKind::Refund,
        &first.txn.source_ref,
        first.txn.gross,
        first.txn.fee,
        &first.txn.description,
        first.txn.created_at,
    )?;
    used.txns.insert(again.id);
    attach(tx, &mut payouts[j], &again)?;
    Ok(Some(fault(
        "refund_taken_twice",
        Kind::Duplicate,
        &payouts[j],
        &again.txn.provider_ref,
    )))
}

/// A charge whose fee is raised by one minor unit with its net (and so the payout) left as
/// it was: the record no longer adds up, though the payout does.
fn net_off(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    order: &[usize],
    used: &mut Used,
) -> Result<Option<FaultMade>> {
    let Some((j, mut t)) = find(tx, payouts, order, TxnKind::Charge, used, |_| true)? else {
        return Ok(None);
    };
    used.txns.insert(t.id);
    t.txn.fee = t.txn.fee.checked_add(Money::new(1, t.txn.fee.currency))?;
    ledger::set_amounts(tx, &t)?;
    Ok(Some(fault(
        "net_does_not_add_up",
        Kind::InconsistentTransaction,
        &payouts[j],
        &t.txn.provider_ref,
    )))
}
