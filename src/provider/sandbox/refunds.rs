//! The sandbox's refunds (`refunds`): `create_refund` with its idempotency key and the
//! checks a provider makes (the payment exists, was captured, is in the refund's currency and
//! has that much left), the balance transaction a refund makes, and refunds read back.

use jiff::Timestamp;
use rusqlite::{Connection, Row, Transaction, params};

use super::file::{Sequenced, bump, money, next_id, time};
use super::ledger;
use super::orders::PaymentRow;
use crate::clock;
use crate::model::{PaymentState, RefundRequest, RefundState, RemoteRefund, TxnKind};
use crate::money::Money;
use crate::provider::{ProviderError, ProviderResult};

const REFUND_COLUMNS: &str = "id, provider_ref, idempotency_key, payment_id, amount, currency, \
     state, reason, created_at, seq";

/// A refund as pulled: its row, and its payment's reference.
fn read(r: &Row) -> rusqlite::Result<Sequenced<RemoteRefund>> {
    Ok(Sequenced {
        seq: r.get("seq")?,
        item: RemoteRefund {
            provider_ref: r.get("provider_ref")?,
            payment_ref: r.get("payment_ref")?,
            amount: money(r, "amount", "currency")?,
            state: r.get("state")?,
            idempotency_key: Some(r.get("idempotency_key")?),
            created_at: time(r, "created_at")?,
        },
    })
}

fn select(
    conn: &Connection,
    where_sql: &str,
    arg: &dyn rusqlite::ToSql,
) -> anyhow::Result<Vec<Sequenced<RemoteRefund>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {REFUND_COLUMNS},
           (SELECT p.provider_ref FROM payments p WHERE p.id = payment_id) AS payment_ref
         FROM refunds WHERE {where_sql} ORDER BY seq"
    ))?;
    let rows = stmt.query_map([arg], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Refunds changed after `seq`, in change order.
pub(super) fn since(conn: &Connection, seq: i64) -> anyhow::Result<Vec<Sequenced<RemoteRefund>>> {
    select(conn, "seq > ?1", &seq)
}

/// Issues a refund, or returns the one already made with the request's key.
pub(super) fn create(
    tx: &Transaction,
    request: &RefundRequest,
    now: Timestamp,
) -> ProviderResult<RemoteRefund> {
    let same_key = select(tx, "idempotency_key = ?1", &request.idempotency_key)?;
    if let Some(first) = same_key.into_iter().next() {
        return Ok(first.item);
    }
    let payment = refundable(tx, request)?;
    let id = next_id(tx, "refunds")?;
    let refund = RemoteRefund {
        provider_ref: format!("sbx_re_{id}"),
        payment_ref: request.payment_ref.clone(),
        amount: request.amount,
        state: RefundState::Succeeded,
        idempotency_key: Some(request.idempotency_key.clone()),
        // Whole seconds, as stored: the refund pulled later is equal to this one.
        created_at: clock::parse(&clock::format(now))?,
    };
    let seq = bump(tx)?;
    tx.execute(
        &format!(
            "INSERT INTO refunds ({REFUND_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            id,
            refund.provider_ref,
            request.idempotency_key,
            payment.id,
            refund.amount.minor,
            refund.amount.currency.code(),
            refund.state,
            request.reason,
            clock::format(now),
            seq
        ],
    )
    .map_err(anyhow::Error::from)?;
    let currency = refund.amount.currency;
    ledger::insert(
        tx,
        TxnKind::Refund,
        &refund.provider_ref,
        Money::new(-refund.amount.minor, currency),
        Money::zero(currency),
        &format!("refund of {}", request.payment_ref),
        now,
    )?;
    Ok(refund)
}

/// The payment `request` refunds, when the sandbox would refund that much of it.
fn refundable(tx: &Transaction, request: &RefundRequest) -> ProviderResult<PaymentRow> {
    let reject = |m: String| Err(ProviderError::Rejected(m));
    let Some(payment) = PaymentRow::by_ref(tx, &request.payment_ref)? else {
        return reject(format!(
            "the sandbox has no payment {}",
            request.payment_ref
        ));
    };
    if payment.state != PaymentState::Captured {
        return reject(format!(
            "payment {} is {} at the sandbox, not captured; there is nothing to refund",
            request.payment_ref, payment.state
        ));
    }
    let captured = payment.amount;
    if request.amount.currency != captured.currency {
        return reject(format!(
            "payment {} is in {}, the refund in {}",
            request.payment_ref, captured.currency, request.amount.currency
        ));
    }
    if request.amount.minor <= 0 {
        return reject(format!(
            "a refund must be more than zero, not {}",
            request.amount
        ));
    }
    let refunded: i64 = tx
        .query_row(
            "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE payment_id = ?1 AND state != ?2",
            params![payment.id, RefundState::Failed],
            |r| r.get(0),
        )
        .map_err(anyhow::Error::from)?;
    let refunded = Money::new(refunded, captured.currency);
    let left = captured
        .checked_sub(refunded)
        .map_err(anyhow::Error::from)?;
    if request.amount.minor > left.minor {
        return reject(format!(
            "payment {} has {left} left to refund ({captured} captured, {refunded} already refunded); {} is too much",
            request.payment_ref, request.amount
        ));
    }
    Ok(payment)
}
