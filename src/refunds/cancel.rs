//! `orders cancel`: cancel an order that has not shipped and, when its customer paid, refund
//! everything not yet refunded, in one transaction, then send the refund.
//!
//! It lives here rather than in `orders` because it drives the refund protocol, and `refunds`
//! already depends on `orders` (the arrow may not point back).

use anyhow::Result;
use jiff::Timestamp;

use super::plan::Scope;
use super::protocol::{prepare, send, settle_unknown};
use super::store::{self, Refund};
use crate::orders::{self, Order, OrderStatus};
use crate::provider::Provider;
use crate::store::Store;

/// What canceling did: the order as it is now, what the stock could not take back, and the
/// refund of what was paid (None for an unpaid order, or one already refunded in full).
#[derive(Clone, Debug)]
pub struct CanceledOrder {
    pub order: Order,
    pub warnings: Vec<String>,
    pub refund: Option<Refund>,
}

/// Cancels order `id` and refunds what its customer paid. `provider` opens the shop's
/// provider; it is called only for a paid order (or one with a refund of unknown outcome), and
/// before anything is written, so that a provider that cannot be reached stops the cancel
/// rather than leave a refund waiting.
///
/// A refund of the order whose outcome is unknown is settled first, and stops the cancel when
/// the provider cannot say (`settle_unknown`). An order already canceled whose cancel died
/// during its refund is finished: its refund is settled and reported, and nothing else is done.
pub fn cancel_order(
    store: &mut Store,
    id: i64,
    reason: &str,
    provider: impl FnOnce(&Store) -> Result<Box<dyn Provider>>,
    now: Timestamp,
) -> Result<CanceledOrder> {
    let first = orders::load(store.conn(), id)?;
    let unknown = !store::waiting_of_order(store.conn(), id)?.is_empty();
    let mut provider = if first.payment_status.is_paid() || unknown {
        Some(provider(store)?)
    } else {
        None
    };
    let settled = match (unknown, provider.as_mut()) {
        (true, Some(p)) => settle_unknown(store, p.as_mut(), id, now)?,
        _ => Vec::new(),
    };
    let before = orders::load(store.conn(), id)?;
    if before.status == OrderStatus::Canceled && !settled.is_empty() {
        return Ok(CanceledOrder {
            order: before,
            warnings: Vec::new(),
            refund: settled.last().cloned(),
        });
    }
    orders::check_cancel(&before)?;
    let paid = before.payment_status.is_paid();
    let refund_reason = if reason.is_empty() {
        "order canceled"
    } else {
        reason
    };
    let (canceled, prepared) = store.write(|tx| {
        let canceled = orders::cancel(tx, id, reason, now)?;
        let order = orders::load(tx, id)?;
        let prepared = if paid && store::facts(tx, &order, now)?.refundable() {
            Some(prepare(tx, id, &Scope::All, refund_reason, None, now)?)
        } else {
            None
        };
        Ok((canceled, prepared))
    })?;
    let refund = match (&prepared, provider.as_mut()) {
        (Some(p), Some(provider)) => Some(send(store, provider.as_mut(), p, now)?),
        _ => None,
    };
    Ok(CanceledOrder {
        order: orders::load(store.conn(), id)?,
        warnings: canceled.warnings,
        refund,
    })
}
