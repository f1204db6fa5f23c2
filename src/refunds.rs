//! Refunds and their limits.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, params};

use crate::clock;
use crate::provider::RemoteRefund;

/// Records a refund's state as pulled from the provider, matched by provider reference or by
/// the idempotency key the shop sent. Returns true when something changed. A refund the shop
/// does not know (made in the provider's dashboard) is left for reconciliation to report.
pub fn record_pulled(conn: &Connection, refund: &RemoteRefund, now: Timestamp) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE refunds SET provider_ref = ?1, status = ?2, updated_at = ?3
         WHERE (provider_ref = ?1 OR (provider_ref IS NULL AND idempotency_key = ?4))
           AND (provider_ref IS NOT ?1 OR status <> ?2)",
        params![
            refund.provider_ref,
            refund.state.as_str(),
            clock::format(now),
            refund.idempotency_key
        ],
    )?;
    Ok(changed > 0)
}
