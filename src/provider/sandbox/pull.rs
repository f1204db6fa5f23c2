//! The pull side of the trait at the sandbox: every change to an order, refund or payout
//! takes the next number of the file's change sequence, and a pull cursor is the last number
//! the shop has seen. The rows themselves are read by the file that owns their table.

use anyhow::anyhow;
use rusqlite::Connection;

use super::file::Sequenced;
use super::{ledger, payouts};
use crate::model::{BalanceTransaction, Pulled};
use crate::provider::{ProviderError, ProviderResult};

/// The change number a stored cursor names (none: from the start).
pub(super) fn cursor(cursor: Option<&str>) -> ProviderResult<i64> {
    match cursor {
        None => Ok(0),
        Some(c) => c.parse::<i64>().map_err(|_| {
            ProviderError::Other(anyhow!(
                "the stored sandbox cursor \"{c}\" is not a change number; was the shop file used with another provider?"
            ))
        }),
    }
}

/// The items, and the cursor after the last of them (none when nothing changed).
pub(super) fn pulled<T>(items: Vec<Sequenced<T>>) -> Pulled<T> {
    let next_cursor = items.iter().map(|s| s.seq).max().map(|s| s.to_string());
    Pulled {
        items: items.into_iter().map(|s| s.item).collect(),
        next_cursor,
    }
}

/// The balance transactions that make up the payout `payout_ref`.
pub(super) fn payout_transactions(
    conn: &Connection,
    payout_ref: &str,
) -> ProviderResult<Vec<BalanceTransaction>> {
    let Some(id) = payouts::id_of(conn, payout_ref)? else {
        return Err(ProviderError::Rejected(format!(
            "the sandbox has no payout {payout_ref}"
        )));
    };
    Ok(ledger::of_payout(conn, id)?
        .into_iter()
        .map(|t| t.txn)
        .collect())
}
