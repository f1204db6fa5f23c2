//! The `payouts` and `balance_transactions` tables: one column list each, rows read into
//! named structs, and the upsert of pulled payouts. Nothing else writes these tables.

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::label;
use super::reconcile::TxnInput;
use crate::clock;
use crate::model::{BalanceTransaction, PayoutState, RemotePayout, TxnKind};
use crate::money::{Currency, Money};

/// A payout in the shop, with the number of its transactions.
#[derive(Clone, Debug)]
pub struct PayoutRow {
    pub id: i64,
    pub provider_ref: String,
    pub amount: Money,
    pub status: PayoutState,
    pub created_at: String,
    pub arrival_date: String,
    pub transactions: i64,
}

impl PayoutRow {
    /// What `from_row` reads, in its order (`p` is the payouts table).
    const COLUMNS: &'static str =
        "p.id, p.provider_ref, p.amount, p.currency, p.status, p.created_at, p.arrival_date,
         (SELECT count(*) FROM balance_transactions t WHERE t.payout_id = p.id)";

    fn from_row(r: &Row) -> rusqlite::Result<PayoutRow> {
        Ok(PayoutRow {
            id: r.get(0)?,
            provider_ref: r.get(1)?,
            amount: Money::new(r.get(2)?, r.get(3)?),
            status: r.get(4)?,
            created_at: r.get(5)?,
            arrival_date: r.get(6)?,
            transactions: r.get(7)?,
        })
    }

    /// The local id as people type it (`P3`).
    pub fn label(&self) -> String {
        label(self.id)
    }
}

/// One balance transaction of a payout.
#[derive(Clone, Debug)]
pub struct TxnRow {
    pub provider_ref: String,
    pub kind: TxnKind,
    /// The payment or refund it moves money for; empty when it stands alone.
    pub source_ref: String,
    pub gross: Money,
    pub fee: Money,
    pub net: Money,
    pub description: String,
    pub created_at: String,
}

impl TxnRow {
    /// What `from_row` reads, in its order.
    const COLUMNS: &'static str =
        "provider_ref, kind, source_ref, gross, fee, net, currency, description, created_at";

    fn from_row(r: &Row) -> rusqlite::Result<TxnRow> {
        let currency = r.get(6)?;
        Ok(TxnRow {
            provider_ref: r.get(0)?,
            kind: r.get(1)?,
            source_ref: r.get(2)?,
            gross: Money::new(r.get(3)?, currency),
            fee: Money::new(r.get(4)?, currency),
            net: Money::new(r.get(5)?, currency),
            description: r.get(7)?,
            created_at: r.get(8)?,
        })
    }
}

/// Payouts, newest first.
pub fn list(
    conn: &Connection,
    since: Option<Timestamp>,
    status: Option<PayoutState>,
) -> Result<Vec<PayoutRow>> {
    let mut out = Vec::new();
    each(conn, since, status, None, |p| {
        out.push(p);
        Ok(())
    })?;
    Ok(out)
}

/// The WHERE clause of `payouts list`, on ?1 and ?2.
const FILTER: &str = "WHERE (?1 IS NULL OR p.created_at >= ?1) AND (?2 IS NULL OR p.status = ?2)";

/// Hands each payout matching (at most `limit`) to `f` as it is read, newest first (issue 18:
/// a list is never held whole). An error from `f` stops the reading.
pub fn each(
    conn: &Connection,
    since: Option<Timestamp>,
    status: Option<PayoutState>,
    limit: Option<usize>,
    mut f: impl FnMut(PayoutRow) -> Result<()>,
) -> Result<()> {
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    // The page is picked first: the count of each payout's transactions (thousands a day in
    // a big shop) is then read for the payouts shown, not for every payout before sorting.
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM (SELECT * FROM payouts p {FILTER}
                         ORDER BY p.created_at DESC, p.id DESC LIMIT ?3) p
         ORDER BY p.created_at DESC, p.id DESC",
        PayoutRow::COLUMNS
    ))?;
    let mut rows = stmt.query(params![since.map(clock::format), status, limit])?;
    while let Some(r) = rows.next()? {
        f(PayoutRow::from_row(r)?)?;
    }
    Ok(())
}

/// How many payouts match.
pub fn count(
    conn: &Connection,
    since: Option<Timestamp>,
    status: Option<PayoutState>,
) -> Result<u64> {
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM payouts p {FILTER}"),
        params![since.map(clock::format), status],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// One payout by local id; an unknown id is an error that says where to look.
pub fn get(conn: &Connection, id: i64) -> Result<PayoutRow> {
    let sql = format!(
        "SELECT {} FROM payouts p WHERE p.id = ?1",
        PayoutRow::COLUMNS
    );
    conn.query_row(&sql, [id], PayoutRow::from_row)
        .optional()?
        .with_context(|| {
            format!(
                "no payout {} in the shop (see `shopctl payouts list`)",
                label(id)
            )
        })
}

/// A payout by the provider's reference, when the shop has synced it.
pub fn find_by_ref(conn: &Connection, provider_ref: &str) -> Result<Option<PayoutRow>> {
    let sql = format!(
        "SELECT {} FROM payouts p WHERE p.provider_ref = ?1",
        PayoutRow::COLUMNS
    );
    Ok(conn
        .query_row(&sql, [provider_ref], PayoutRow::from_row)
        .optional()?)
}

/// A payout with its transactions.
pub fn show(conn: &Connection, id: i64) -> Result<(PayoutRow, Vec<TxnRow>)> {
    let row = get(conn, id)?;
    Ok((row, transactions(conn, id)?))
}

/// A payout's transactions, oldest first.
pub fn transactions(conn: &Connection, payout_id: i64) -> Result<Vec<TxnRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM balance_transactions WHERE payout_id = ?1 ORDER BY created_at, id",
        TxnRow::COLUMNS
    ))?;
    let rows = stmt.query_map([payout_id], TxnRow::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A payout's transactions as reconciliation reads them (`payouts::kept`), oldest first, with
/// their local ids (which a payment's or refund's `paid_out_txn` names): only the columns the
/// rules read, since a day's payout is 13,000 transactions and `transactions`' descriptions
/// and times were a fifth of checking one.
pub fn transactions_to_check(
    conn: &Connection,
    payout_id: i64,
) -> Result<(Vec<i64>, Vec<TxnInput>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, provider_ref, kind, source_ref, gross, fee, net, currency
           FROM balance_transactions WHERE payout_id = ?1 ORDER BY created_at, id",
    )?;
    let mut rows = stmt.query([payout_id])?;
    let (mut ids, mut out) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let currency: Currency = r.get(7)?;
        let source_ref: String = r.get(3)?;
        ids.push(r.get(0)?);
        out.push(TxnInput {
            provider_ref: r.get(1)?,
            kind: r.get(2)?,
            source_refs: if source_ref.is_empty() {
                vec![]
            } else {
                vec![source_ref]
            },
            gross: Money::new(r.get(4)?, currency),
            fee: Money::new(r.get(5)?, currency),
            net: Money::new(r.get(6)?, currency),
        });
    }
    Ok((ids, out))
}

/// What recording a pulled payout changed, for the sync summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub payouts_new: usize,
    pub payouts_changed: usize,
    pub transactions_new: usize,
}

/// Upserts a payout and its transactions by provider reference: pulling the same payout twice
/// changes nothing.
pub fn record_pulled(
    conn: &Connection,
    payout: &RemotePayout,
    transactions: &[BalanceTransaction],
    now: Timestamp,
) -> Result<Recorded> {
    let mut rec = Recorded::default();
    let (payout_id, amount_changed) = upsert_payout(conn, payout, now, &mut rec)?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO balance_transactions
           (provider_ref, payout_id, kind, source_ref, gross, fee, net, currency, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (provider_ref) DO NOTHING",
    )?;
    for t in transactions {
        rec.transactions_new += insert.execute(params![
            t.provider_ref,
            payout_id,
            t.kind,
            t.source_ref,
            t.gross.minor,
            t.fee.minor,
            t.net.minor,
            t.gross.currency.code(),
            t.description,
            clock::format(t.created_at)
        ])?;
    }
    // A kept verdict (`payouts::kept`) is of the payout's amount and transactions as they
    // were (no rule reads its status).
    if amount_changed || (rec.transactions_new > 0 && rec.payouts_new == 0) {
        conn.prepare_cached("DELETE FROM payout_checks WHERE payout_id = ?1")?
            .execute([payout_id])?;
    }
    Ok(rec)
}

/// Inserts a new payout, or updates the amount and status of a known one when they changed
/// (counting which in `rec`); returns its local id, and whether a known payout's amount
/// changed.
fn upsert_payout(
    conn: &Connection,
    payout: &RemotePayout,
    now: Timestamp,
    rec: &mut Recorded,
) -> Result<(i64, bool)> {
    if let Some(known) = find_by_ref(conn, &payout.provider_ref)? {
        let amount_changed = known.amount.minor != payout.amount.minor;
        if known.amount.minor != payout.amount.minor || known.status != payout.state {
            conn.execute(
                "UPDATE payouts SET amount = ?2, status = ?3, updated_at = ?4 WHERE id = ?1",
                params![
                    known.id,
                    payout.amount.minor,
                    payout.state,
                    clock::format(now)
                ],
            )?;
            rec.payouts_changed += 1;
        }
        return Ok((known.id, amount_changed));
    }
    conn.execute(
        "INSERT INTO payouts (provider_ref, amount, currency, status, created_at, arrival_date, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            payout.provider_ref,
            payout.amount.minor,
            payout.amount.currency.code(),
            payout.state,
            clock::format(payout.created_at),
            clock::format(payout.arrival_date),
            clock::format(now)
        ],
    )?;
    rec.payouts_new += 1;
    Ok((conn.last_insert_rowid(), false))
}
