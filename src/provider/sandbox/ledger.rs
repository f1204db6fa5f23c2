//! The sandbox's balance (`balance_txns`): every movement of money (charges less fees,
//! refunds, fees, adjustments) as a balance transaction, unpaid until a payout takes it.

use jiff::Timestamp;
use rusqlite::{Connection, Row, Transaction, params};

use super::file::{money, next_id, time};
use crate::clock;
use crate::model::{BalanceTransaction, TxnKind};
use crate::money::Money;

/// The `balance_txns` columns a transaction is read with (`payout_id` is set by `attach`).
const TXN_COLUMNS: &str =
    "id, provider_ref, kind, source_ref, currency, gross, fee, net, description, created_at";

/// A balance transaction and its row id.
pub(super) struct TxnRow {
    pub id: i64,
    pub txn: BalanceTransaction,
}

impl TxnRow {
    fn read(r: &Row) -> rusqlite::Result<TxnRow> {
        Ok(TxnRow {
            id: r.get("id")?,
            txn: BalanceTransaction {
                provider_ref: r.get("provider_ref")?,
                kind: r.get("kind")?,
                source_ref: r.get("source_ref")?,
                gross: money(r, "gross", "currency")?,
                fee: money(r, "fee", "currency")?,
                net: money(r, "net", "currency")?,
                description: r.get("description")?,
                created_at: time(r, "created_at")?,
            },
        })
    }
}

/// Records a movement of `gross` less `fee`; returns its row id and reference.
pub(super) fn insert(
    tx: &Transaction,
    kind: TxnKind,
    source_ref: &str,
    gross: Money,
    fee: Money,
    description: &str,
    at: Timestamp,
) -> anyhow::Result<TxnRow> {
    let id = next_id(tx, "balance_txns")?;
    let txn = BalanceTransaction {
        provider_ref: format!("sbx_txn_{id}"),
        kind,
        source_ref: source_ref.to_string(),
        gross,
        fee,
        net: gross.checked_sub(fee)?,
        description: description.to_string(),
        created_at: at,
    };
    tx.execute(
        &format!(
            "INSERT INTO balance_txns ({TXN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            id,
            txn.provider_ref,
            txn.kind,
            txn.source_ref,
            txn.gross.currency.code(),
            txn.gross.minor,
            txn.fee.minor,
            txn.net.minor,
            txn.description,
            clock::format(at)
        ],
    )?;
    Ok(TxnRow { id, txn })
}

/// Unpaid transactions created before `cutoff` (or at it, with `inclusive`), oldest first.
pub(super) fn unpaid(
    conn: &Connection,
    cutoff: Timestamp,
    inclusive: bool,
) -> anyhow::Result<Vec<TxnRow>> {
    let sql = format!(
        "SELECT {TXN_COLUMNS} FROM balance_txns WHERE payout_id IS NULL AND created_at {} ?1
         ORDER BY created_at, id",
        if inclusive { "<=" } else { "<" }
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([clock::format(cutoff)], TxnRow::read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The transactions a payout took, in the order they were made.
pub(super) fn of_payout(conn: &Connection, payout_id: i64) -> anyhow::Result<Vec<TxnRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {TXN_COLUMNS} FROM balance_txns WHERE payout_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([payout_id], TxnRow::read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A payout takes the transaction `txn_id`.
pub(super) fn attach(tx: &Transaction, payout_id: i64, txn_id: i64) -> anyhow::Result<()> {
    // Cached: a daily payout takes every one of the day's transactions.
    tx.prepare_cached("UPDATE balance_txns SET payout_id = ?1 WHERE id = ?2")?
        .execute(params![payout_id, txn_id])?;
    Ok(())
}

/// Takes the transaction `txn_id` out of its payout: unpaid again, for a later payout (a
/// planted fault: money held back).
pub(super) fn detach(tx: &Transaction, txn_id: i64) -> anyhow::Result<()> {
    tx.execute(
        "UPDATE balance_txns SET payout_id = NULL WHERE id = ?1",
        [txn_id],
    )?;
    Ok(())
}

/// Rewrites a transaction's amounts as given, whether or not they add up (a planted fault:
/// the provider's record is wrong).
pub(super) fn set_amounts(tx: &Transaction, t: &TxnRow) -> anyhow::Result<()> {
    tx.execute(
        "UPDATE balance_txns SET gross = ?1, fee = ?2, net = ?3 WHERE id = ?4",
        params![t.txn.gross.minor, t.txn.fee.minor, t.txn.net.minor, t.id],
    )?;
    Ok(())
}
