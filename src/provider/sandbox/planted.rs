//! Reconciliation faults that `sandbox simulate --discrepancies K` plants in the payouts it
//! made (not `provider::faults`, which makes calls fail): an unexplained adjustment, a fee
//! taken twice, a payout paid short. Each is built so that `payouts reconcile` reports exactly
//! one discrepancy for it, of the kind it names.

use std::collections::HashSet;

use anyhow::Result;
use jiff::SignedDuration;
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
    /// `unexplained_adjustment`, `fee_taken_twice` or `payout_short`.
    pub kind: &'static str,
    pub expect: Kind,
    pub payout: String,
    /// The reference the discrepancy names: the planted transaction, or the payout when short.
    pub reference: String,
}

/// Plants `count` faults in this run's payouts, cycling through the three kinds and spreading
/// them over distinct payouts while there are enough. A payout is shorted at most once (two
/// shorts would be one mismatch), a charge's fee is doubled at most once, and a fee is only
/// doubled where the charge carried one. When a kind cannot be planted any more, an
/// adjustment is planted instead.
pub(super) fn plant(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    count: u32,
) -> Result<Vec<FaultMade>> {
    let n = payouts.len();
    let mut shorted: HashSet<usize> = HashSet::new();
    let mut doubled: HashSet<i64> = HashSet::new();
    let mut made = Vec::new();
    for k in 0..count as usize {
        let home = k % n;
        let order: Vec<usize> = (0..n).map(|j| (home + j) % n).collect();
        let fault = match k % 3 {
            1 => fee_twice(tx, payouts, &order, &mut doubled)?,
            2 => match order.iter().find(|j| !shorted.contains(j)) {
                Some(&j) => {
                    shorted.insert(j);
                    Some(short(tx, &mut payouts[j])?)
                }
                None => None,
            },
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

/// The payout's amount is less than its transactions add up to.
fn short(tx: &Transaction, payout: &mut PayoutMade) -> Result<FaultMade> {
    payout.amount = payout
        .amount
        .checked_sub(small("0.30", payout.amount.currency)?)?;
    payouts::set_amount(tx, payout)?;
    Ok(FaultMade {
        kind: "payout_short",
        expect: Kind::PayoutSumMismatch,
        payout: payout.provider_ref.clone(),
        reference: payout.provider_ref.clone(),
    })
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
    Ok(FaultMade {
        kind: "unexplained_adjustment",
        expect: Kind::MissingInShop,
        payout: payout.provider_ref.clone(),
        reference: t.txn.provider_ref,
    })
}

/// A second fee for a charge that already carried its fee, in the same payout after it.
fn fee_twice(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    order: &[usize],
    doubled: &mut HashSet<i64>,
) -> Result<Option<FaultMade>> {
    for &j in order {
        let charge = ledger::of_payout(tx, payouts[j].id)?
            .into_iter()
            .filter(|t| t.txn.kind == TxnKind::Charge && t.txn.fee.minor > 0)
            .find(|t| !doubled.contains(&t.id));
        let Some(charge) = charge else {
            continue;
        };
        doubled.insert(charge.id);
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
        attach(tx, &mut payouts[j], &t)?;
        return Ok(Some(FaultMade {
            kind: "fee_taken_twice",
            expect: Kind::Duplicate,
            payout: payouts[j].provider_ref.clone(),
            reference: t.txn.provider_ref,
        }));
    }
    Ok(None)
}
