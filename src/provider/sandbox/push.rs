//! `Provider::push` at the sandbox: an outbox entry applied once per idempotency key (the
//! `pushes` table remembers each key's first outcome), each kind of change handed to the
//! table it changes.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{catalog, orders};
use crate::clock;
use crate::model::{Change, OutboxEntry};
use crate::provider::{ProviderError, ProviderResult, PushOutcome};

/// Applies `entry`, or answers what it did the first time its key was pushed.
pub(super) fn apply(
    tx: &Transaction,
    entry: &OutboxEntry,
    now: Timestamp,
) -> ProviderResult<PushOutcome> {
    let done: Option<Option<String>> = tx
        .query_row(
            "SELECT provider_ref FROM pushes WHERE idempotency_key = ?1",
            [&entry.idempotency_key],
            |r| r.get(0),
        )
        .optional()
        .map_err(anyhow::Error::from)?;
    if let Some(provider_ref) = done {
        return Ok(PushOutcome { provider_ref });
    }
    let provider_ref = change(tx, &entry.change, now)?;
    tx.execute(
        "INSERT INTO pushes (idempotency_key, kind, provider_ref, at) VALUES (?1, ?2, ?3, ?4)",
        params![
            entry.idempotency_key,
            entry.change.kind(),
            provider_ref,
            clock::format(now)
        ],
    )
    .map_err(anyhow::Error::from)?;
    Ok(PushOutcome { provider_ref })
}

/// Makes one change; returns the sandbox's reference for what it created or changed.
fn change(tx: &Transaction, change: &Change, now: Timestamp) -> ProviderResult<Option<String>> {
    match change {
        Change::ProductUpsert(p) => {
            if let Some(sale) = p.sale_price
                && sale.currency != p.price.currency
            {
                return Err(ProviderError::Rejected(format!(
                    "product {}: the sale price is in {} but the price in {}",
                    p.sku, sale.currency, p.price.currency
                )));
            }
            catalog::write(tx, p)?;
            Ok(Some(format!("sbx_prod_{}", p.sku)))
        }
        Change::ProductArchive { sku } => {
            // Archiving a product the sandbox never saw is already true there.
            let known = catalog::archive(tx, sku)?;
            Ok(known.then(|| format!("sbx_prod_{sku}")))
        }
        Change::PaymentMethod { method, enabled } => {
            catalog::set_method(tx, method, *enabled)?;
            Ok(None)
        }
        Change::Fulfilment {
            order_ref,
            lines,
            carrier,
            tracking,
        } => Ok(Some(orders::fulfil(
            tx, order_ref, lines, carrier, tracking, now,
        )?)),
        Change::OrderCancel { order_ref, reason } => {
            orders::cancel(tx, order_ref, reason, now)?;
            Ok(None)
        }
    }
}
