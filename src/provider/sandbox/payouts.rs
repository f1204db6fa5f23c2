//! The sandbox's payouts (`payouts`): automatic daily payouts of the balance net of fees,
//! instant payouts, payouts in transit becoming paid when their arrival date has come, and
//! payouts read back for a pull.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Sandbox;
use super::file::{Sequenced, bump, money, next_id, time};
use super::ledger::{self, TxnRow};
use crate::clock;
use crate::model::{PayoutState, RemotePayout};
use crate::money::{Currency, Money};

/// How long an automatic daily payout takes to reach the bank (Stripe's usual T+2 in SG).
const ARRIVAL_DAYS: i64 = 2;

/// A payout the sandbox made, for summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutMade {
    pub id: i64,
    pub provider_ref: String,
    /// The UTC day whose transactions it covers (for an instant payout: today).
    pub day: Date,
    pub amount: Money,
    pub state: PayoutState,
    pub created_at: Timestamp,
    pub transactions: usize,
}

const PAYOUT_COLUMNS: &str =
    "id, provider_ref, currency, amount, state, created_at, arrival_date, seq";

struct PayoutRow {
    id: i64,
    provider_ref: String,
    amount: Money,
    state: PayoutState,
    created_at: Timestamp,
    arrival_date: Timestamp,
    seq: i64,
}

impl PayoutRow {
    fn insert(&self, tx: &Transaction) -> anyhow::Result<()> {
        tx.execute(
            &format!(
                "INSERT INTO payouts ({PAYOUT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            params![
                self.id,
                self.provider_ref,
                self.amount.currency.code(),
                self.amount.minor,
                self.state,
                clock::format(self.created_at),
                clock::format(self.arrival_date),
                self.seq
            ],
        )?;
        Ok(())
    }

    fn read(r: &Row) -> rusqlite::Result<PayoutRow> {
        Ok(PayoutRow {
            id: r.get("id")?,
            provider_ref: r.get("provider_ref")?,
            amount: money(r, "amount", "currency")?,
            state: r.get("state")?,
            created_at: time(r, "created_at")?,
            arrival_date: time(r, "arrival_date")?,
            seq: r.get("seq")?,
        })
    }
}

impl Sandbox {
    /// An instant payout now of every unpaid balance transaction created up to now, one per
    /// currency. Empty when nothing is unpaid (and then nothing is written).
    pub fn instant_payout(&mut self) -> anyhow::Result<Vec<PayoutMade>> {
        let now = self.now()?;
        self.write(|tx| {
            settle(tx, now)?;
            let mut by_currency: BTreeMap<Currency, Vec<TxnRow>> = BTreeMap::new();
            for t in ledger::unpaid(tx, now, true)? {
                by_currency.entry(t.txn.net.currency).or_default().push(t);
            }
            let day = now.to_zoned(TimeZone::UTC).date();
            by_currency
                .into_values()
                .map(|txns| make(tx, &txns, day, now, now, now))
                .collect()
        })
    }
}

/// Pays out `txns` (non-empty, all in one currency) as one payout of the sum of their nets.
fn make(
    tx: &Transaction,
    txns: &[TxnRow],
    day: Date,
    created: Timestamp,
    arrival: Timestamp,
    now: Timestamp,
) -> anyhow::Result<PayoutMade> {
    let currency = txns[0].txn.net.currency;
    let id = next_id(tx, "payouts")?;
    let payout = PayoutRow {
        id,
        provider_ref: format!("sbx_po_{id}"),
        amount: Money::sum(currency, txns.iter().map(|t| &t.txn.net))?,
        state: if arrival <= now {
            PayoutState::Paid
        } else {
            PayoutState::InTransit
        },
        created_at: created,
        arrival_date: arrival,
        seq: bump(tx)?,
    };
    payout.insert(tx)?;
    for t in txns {
        ledger::attach(tx, id, t.id)?;
    }
    Ok(PayoutMade {
        id,
        provider_ref: payout.provider_ref,
        day,
        amount: payout.amount,
        state: payout.state,
        created_at: created,
        transactions: txns.len(),
    })
}

/// Automatic daily payouts: for every UTC day before today with unpaid transactions, one
/// payout per currency, created at the next day's midnight and arriving two days later.
/// Today's transactions wait for tomorrow's payout.
pub(super) fn daily(tx: &Transaction, now: Timestamp) -> anyhow::Result<Vec<PayoutMade>> {
    let utc = TimeZone::UTC;
    let today = now.to_zoned(utc.clone()).date();
    let midnight = today.to_zoned(utc.clone())?.timestamp();
    let mut groups: BTreeMap<(Date, Currency), Vec<TxnRow>> = BTreeMap::new();
    for t in ledger::unpaid(tx, midnight, false)? {
        let day = t.txn.created_at.to_zoned(utc.clone()).date();
        groups.entry((day, t.txn.net.currency)).or_default().push(t);
    }
    let mut made = Vec::new();
    for ((day, _), txns) in groups {
        let created = day.checked_add(1.day())?.to_zoned(utc.clone())?.timestamp();
        let arrival = created.checked_add(SignedDuration::from_hours(24 * ARRIVAL_DAYS))?;
        made.push(make(tx, &txns, day, created, arrival, now)?);
    }
    Ok(made)
}

/// Payouts in transit whose arrival date has come are paid (a change the next pull sees).
pub(super) fn settle(tx: &Transaction, now: Timestamp) -> anyhow::Result<()> {
    let due: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM payouts WHERE state = ?1 AND arrival_date <= ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![PayoutState::InTransit, clock::format(now)], |r| {
            r.get(0)
        })?;
        rows.collect::<Result<_, _>>()?
    };
    for id in due {
        let seq = bump(tx)?;
        tx.execute(
            "UPDATE payouts SET state = ?1, seq = ?2 WHERE id = ?3",
            params![PayoutState::Paid, seq, id],
        )?;
    }
    Ok(())
}

/// Changes a payout's amount (a planted fault, or a transaction added to it).
pub(super) fn set_amount(tx: &Transaction, payout: &PayoutMade) -> anyhow::Result<()> {
    tx.execute(
        "UPDATE payouts SET amount = ?1 WHERE id = ?2",
        params![payout.amount.minor, payout.id],
    )?;
    Ok(())
}

/// Payouts changed after `seq`, in change order.
pub(super) fn since(conn: &Connection, seq: i64) -> anyhow::Result<Vec<Sequenced<RemotePayout>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PAYOUT_COLUMNS} FROM payouts WHERE seq > ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([seq], PayoutRow::read)?;
    rows.map(|row| {
        let p = row?;
        Ok(Sequenced {
            seq: p.seq,
            item: RemotePayout {
                provider_ref: p.provider_ref,
                amount: p.amount,
                state: p.state,
                created_at: p.created_at,
                arrival_date: p.arrival_date,
            },
        })
    })
    .collect()
}

/// The row id of the payout `payout_ref`, if the sandbox made it.
pub(super) fn id_of(conn: &Connection, payout_ref: &str) -> anyhow::Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM payouts WHERE provider_ref = ?1",
            [payout_ref],
            |r| r.get(0),
        )
        .optional()?)
}
