//! Payouts, the balance transactions that make them up, and reconciliation.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, params};

use crate::clock;
use crate::provider::{BalanceTransaction, RemotePayout};

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
    let existing: Option<(i64, i64, String)> = conn
        .query_row(
            "SELECT id, amount, status FROM payouts WHERE provider_ref = ?1",
            [&payout.provider_ref],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    let payout_id = match existing {
        Some((id, amount, status)) => {
            if amount != payout.amount.minor || status != payout.state.as_str() {
                conn.execute(
                    "UPDATE payouts SET amount = ?2, status = ?3, updated_at = ?4 WHERE id = ?1",
                    params![
                        id,
                        payout.amount.minor,
                        payout.state.as_str(),
                        clock::format(now)
                    ],
                )?;
                rec.payouts_changed += 1;
            }
            id
        }
        None => {
            conn.execute(
                "INSERT INTO payouts (provider_ref, amount, currency, status, created_at, arrival_date, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    payout.provider_ref,
                    payout.amount.minor,
                    payout.amount.currency.code(),
                    payout.state.as_str(),
                    clock::format(payout.created_at),
                    clock::format(payout.arrival_date),
                    clock::format(now)
                ],
            )?;
            rec.payouts_new += 1;
            conn.last_insert_rowid()
        }
    };
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
            t.kind.as_str(),
            t.source_ref,
            t.gross.minor,
            t.fee.minor,
            t.net.minor,
            t.gross.currency.code(),
            t.description,
            clock::format(t.created_at)
        ])?;
    }
    Ok(rec)
}
