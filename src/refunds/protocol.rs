//! The "never twice" protocol. A refund goes in three steps: `prepare` applies the limit rule
//! and records the refund as `pending` with its idempotency key (the caller commits that
//! transaction); `send` calls the provider with that key; `record_result` records what it said
//! in a second transaction. If the process dies between the provider's answer and the second
//! transaction, the refund is still `pending` with no provider reference: `resume_pending` (run
//! by `sync`) or the same command with the same key calls the provider again with the same key,
//! and the provider answers with the refund it already made instead of making another.
//!
//! A refund whose outcome is unknown (pending, never answered) blocks every new refund of its
//! order until it is settled: `refunds create` and `orders cancel` first ask the provider
//! about it with its own key (`settle_unknown`), and refuse when the provider cannot say. A
//! plain re-run of a command that died after the provider made its refund (the same request
//! without `--idempotency-key`) is answered by the refund it finishes, not by a second one.

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::Connection;

use super::label;
use super::plan::{self, Scope};
use super::store::{self, Refund};
use crate::model::{RefundRequest, RefundState, RemoteRefund};
use crate::orders;
use crate::provider::{Provider, ProviderError};
use crate::store::Store;

/// A refund recorded as pending, and the request to send for it (None when the refund with
/// this key already has the provider's answer).
#[derive(Clone, Debug)]
pub struct Prepared {
    pub refund: Refund,
    pub request: Option<RefundRequest>,
    /// True when the key named a refund made earlier (the command was re-run).
    pub existing: bool,
}

/// A key nobody else will choose: the order, the wall clock in nanoseconds and the process.
fn new_key(order: i64) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("shopctl-refund-{order}-{nanos:x}-{:x}", std::process::id())
}

/// Step 1: applies the limit rule and records a pending refund (the caller commits). With a
/// key that names an earlier refund of the same order and asks for the same, returns that
/// refund instead.
pub fn prepare(
    conn: &Connection,
    order_id: i64,
    scope: &Scope,
    reason: &str,
    key: Option<&str>,
    now: Timestamp,
) -> Result<Prepared> {
    if let Some(key) = key
        && let Some(earlier) = earlier_with_key(conn, order_id, scope, key)?
    {
        return Ok(earlier);
    }
    let order = orders::load(conn, order_id)?;
    let planned = plan::plan(&store::facts(conn, &order, now)?, scope)?;
    let key = key.map_or_else(|| new_key(order_id), str::to_string);
    let id = store::insert_pending(conn, order_id, &planned, &key, reason, now)?;
    orders::add_event(
        conn,
        order_id,
        &format!("refund {} requested: {}", label(id), planned.amount),
        reason,
        now,
    )?;
    let refund = store::load(conn, id)?;
    let request = pending_request(&refund)?;
    Ok(Prepared {
        refund,
        request,
        existing: false,
    })
}

/// The refund an explicit key already names, if any; refused when it belongs to another order
/// or asks for something else.
fn earlier_with_key(
    conn: &Connection,
    order_id: i64,
    scope: &Scope,
    key: &str,
) -> Result<Option<Prepared>> {
    if key.trim().is_empty() {
        bail!("--idempotency-key must not be empty");
    }
    let Some(refund) = store::find_by_key(conn, key)? else {
        return Ok(None);
    };
    if refund.order_id != order_id {
        bail!(
            "the idempotency key \"{key}\" was used for refund {} of order {}, not order {order_id}; \
             choose another key",
            refund.label(),
            refund.order_id
        );
    }
    if !plan::asks_for(scope, refund.amount, &refund.lines) {
        bail!(
            "the idempotency key \"{key}\" was used for refund {} of {} on order {order_id}; \
             it cannot name a different refund: use another key",
            refund.label(),
            refund.amount
        );
    }
    let request = pending_request(&refund)?;
    Ok(Some(Prepared {
        refund,
        request,
        existing: true,
    }))
}

/// The request for a refund that still needs the provider's answer.
fn pending_request(refund: &Refund) -> Result<Option<RefundRequest>> {
    if refund.status != RefundState::Pending || refund.provider_ref.is_some() {
        return Ok(None);
    }
    let Some(payment_ref) = &refund.payment_ref else {
        bail!("refund {} has no payment to refund against", refund.label());
    };
    Ok(Some(RefundRequest {
        idempotency_key: refund.idempotency_key.clone(),
        payment_ref: payment_ref.clone(),
        amount: refund.amount,
        reason: refund.reason.clone(),
    }))
}

/// Step 3: records what the provider said about a pending refund, in the caller's transaction.
pub fn record_result(
    conn: &Connection,
    refund_id: i64,
    result: &Result<RemoteRefund, ProviderError>,
    now: Timestamp,
) -> Result<()> {
    match result {
        Ok(remote) => store::apply_state(
            conn,
            refund_id,
            Some(&remote.provider_ref),
            remote.state,
            None,
            now,
        ),
        // A refusal that arrives after another process recorded the refund as made (the same
        // key sent twice at once) says nothing about the money: keep what is known.
        Err(ProviderError::Rejected(_))
            if store::load(conn, refund_id)?.status == RefundState::Succeeded =>
        {
            Ok(())
        }
        Err(ProviderError::Rejected(msg)) => store::apply_state(
            conn,
            refund_id,
            None,
            RefundState::Failed,
            Some(&format!("rejected: {msg}")),
            now,
        ),
        // Not an answer: the refund stays pending and the next sync asks again, same key.
        Err(e) => store::set_last_error(conn, refund_id, &e.to_string(), now),
    }
}

/// Steps 2 and 3 for a prepared refund: calls the provider with the refund's key and records
/// the answer. Returns the refund as recorded (pending with `last_error` when the provider
/// could not be reached: the next sync or re-run finishes it).
pub fn send(
    store: &mut Store,
    provider: &mut dyn Provider,
    prepared: &Prepared,
    now: Timestamp,
) -> Result<Refund> {
    let id = prepared.refund.id;
    if let Some(request) = &prepared.request {
        let result = provider.create_refund(request);
        store.write(|tx| record_result(tx, id, &result, now))?;
    }
    store::load(store.conn(), id)
}

/// What `create` answered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// A new refund.
    New,
    /// The refund the given `--idempotency-key` already named.
    ByKey,
    /// The refund an earlier run left with an unknown outcome, which asked for the same: this
    /// run finished it instead of making a second one.
    Finished,
}

/// Applies the limits, records, calls the provider, records: the whole of `refunds create`.
/// An earlier refund of the order whose outcome is unknown is settled first (see the module's
/// comment). Returns the refund and how it came about.
pub fn create(
    store: &mut Store,
    provider: &mut dyn Provider,
    order_id: i64,
    scope: &Scope,
    reason: &str,
    key: Option<&str>,
    now: Timestamp,
) -> Result<(Refund, Made)> {
    let settled = settle_unknown(store, provider, order_id, now)?;
    // Without a key, an unfinished refund that asked for the same is this request, re-run.
    let same = |r: &&Refund| {
        key.is_none()
            && r.status != RefundState::Failed
            && !matches!(scope, Scope::All)
            && plan::asks_for(scope, r.amount, &r.lines)
    };
    if let Some(r) = settled.iter().rev().find(same) {
        return Ok((r.clone(), Made::Finished));
    }
    // `--all` re-run once its refund is finished: nothing is left, and the refund it asked
    // for is the one just finished.
    if key.is_none()
        && matches!(scope, Scope::All)
        && let Some(r) = settled
            .iter()
            .rev()
            .find(|r| r.status != RefundState::Failed)
        && !refundable(store.conn(), order_id, now)?
    {
        return Ok((r.clone(), Made::Finished));
    }
    let prepared = store.write(|tx| prepare(tx, order_id, scope, reason, key, now))?;
    let refund = send(store, provider, &prepared, now)?;
    let made = if prepared.existing {
        Made::ByKey
    } else {
        Made::New
    };
    Ok((refund, made))
}

/// True when some of what the order's customer paid is neither refunded nor being refunded.
pub(super) fn refundable(conn: &Connection, order_id: i64, now: Timestamp) -> Result<bool> {
    Ok(store::facts(conn, &orders::load(conn, order_id)?, now)?.refundable())
}

/// Settles the refunds of `order_id` whose outcome is unknown, oldest first, by asking the
/// provider again with each one's own key (as `sync` does), and records each answer. When the
/// provider cannot answer for one, nothing more is written and the error says which refund
/// waits and what finishes it: no new refund may go out while one may already have.
pub fn settle_unknown(
    store: &mut Store,
    provider: &mut dyn Provider,
    order_id: i64,
    now: Timestamp,
) -> Result<Vec<Refund>> {
    let mut settled = Vec::new();
    for id in store::waiting_of_order(store.conn(), order_id)? {
        let refund = store::load(store.conn(), id)?;
        let Some(request) = pending_request(&refund)? else {
            continue;
        };
        let result = provider.create_refund(&request);
        if let Err(e) = &result
            && !matches!(e, ProviderError::Rejected(_))
        {
            bail!(
                "refund {} of {} on this order has an unknown outcome; `shopctl sync` finishes it \
                 (asking the provider about it just now failed: {e}). Nothing was changed",
                refund.label(),
                refund.amount
            );
        }
        store.write(|tx| record_result(tx, id, &result, now))?;
        settled.push(store::load(store.conn(), id)?);
    }
    Ok(settled)
}

/// Completes refunds left pending without the provider's answer (a crash, or the provider
/// unreachable), each with its own key so that none is made twice. `sync` calls this.
pub fn resume_pending(
    store: &mut Store,
    provider: &mut dyn Provider,
    now: Timestamp,
) -> Result<Vec<Refund>> {
    let mut done = Vec::new();
    for id in store::waiting(store.conn())? {
        let refund = store::load(store.conn(), id)?;
        let request = pending_request(&refund)?;
        let prepared = Prepared {
            refund,
            request,
            existing: true,
        };
        done.push(send(store, provider, &prepared, now)?);
    }
    Ok(done)
}

/// Records a refund's state as pulled from the provider, matched by provider reference or by
/// the idempotency key the shop sent, and settles its order's payment status. Returns true
/// when something changed. A refund the shop does not know (made in the provider's dashboard)
/// is left for reconciliation to report.
pub fn record_pulled(conn: &Connection, pulled: &RemoteRefund, now: Timestamp) -> Result<bool> {
    let Some(known) = store::find_pulled(conn, pulled)? else {
        return Ok(false);
    };
    if known.provider_ref.as_deref() == Some(pulled.provider_ref.as_str())
        && known.status == pulled.state
    {
        return Ok(false);
    }
    store::apply_state(
        conn,
        known.id,
        Some(&pulled.provider_ref),
        pulled.state,
        None,
        now,
    )?;
    // `apply_state` settles the order when the state moved; a refund that only learned its
    // provider reference settles it here, as the pull always has.
    orders::refresh_payment_status(conn, known.order_id, now)?;
    Ok(true)
}
