//! Refunds and their limits, and the "never twice" protocol.
//!
//! A refund goes in three steps: `prepare` checks every limit and records the refund as
//! `pending` with its idempotency key (the caller commits that transaction); the provider is
//! called with that key; `record_result` records what it said in a second transaction. If the
//! process dies between the provider's answer and the second transaction, the refund is still
//! `pending` with no provider reference: `resume_pending` (run by `sync`) or the same command
//! with the same key calls the provider again with the same key, and the provider answers with
//! the refund it already made instead of making another.
//!
//! Limits: the refunds of an order (pending ones included) never add up to more than was
//! captured, to the minor unit; a line refund is at the unit price actually paid and never more
//! units than were ordered; the payment method's rules apply (no boleto refunds; paynow and pix
//! only within 90 days). Refund ids are typed as `R1`, `R2`... (or just the number).

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock;
use crate::model::{RefundRequest, RemoteRefund};
use crate::money::{Currency, Money, ParseOptions};
use crate::orders::{self, Order, PaymentStatus};
use crate::provider::{Provider, ProviderError};
use crate::store::Store;

/// A refund row with its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    pub id: i64,
    pub order_id: i64,
    pub payment_ref: Option<String>,
    pub provider_ref: Option<String>,
    pub idempotency_key: String,
    pub amount: Money,
    /// pending | succeeded | failed
    pub status: String,
    pub reason: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub lines: Vec<(String, i64)>,
}

impl Refund {
    pub fn label(&self) -> String {
        label(self.id)
    }
}

/// `R7` for refund 7: refunds and orders both have numbers, and `R` keeps them apart.
pub fn label(id: i64) -> String {
    format!("R{id}")
}

/// Reads `R7`, `r7` or `7`.
pub fn parse_id(text: &str) -> Result<i64> {
    let t = text.trim();
    let digits = t.strip_prefix(['R', 'r']).unwrap_or(t);
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!(
            "\"{text}\" is not a refund id (refund ids look like R1; see `shopctl refunds list`)"
        ),
    }
}

/// What to refund.
#[derive(Clone, Debug)]
pub enum What {
    /// An amount as typed, in the order's currency.
    Amount(String),
    /// SKU and quantity (None: every unit not yet refunded), at the price paid.
    Lines(Vec<(String, Option<i64>)>),
    /// Everything captured and not yet refunded.
    All,
}

/// A refund recorded as pending, and the request to send for it (None when the refund with
/// this key already has the provider's answer).
#[derive(Clone, Debug)]
pub struct Prepared {
    pub refund: Refund,
    pub request: Option<RefundRequest>,
    /// True when the key named a refund made earlier (the command was re-run).
    pub existing: bool,
}

/// Captured payments of an order, and the refunds (pending or succeeded) against each.
struct Money2 {
    captured: Money,
    refunded: Money,
}

fn totals(conn: &Connection, order: &Order) -> Result<Money2> {
    let captured: i64 = conn.query_row(
        "SELECT coalesce(sum(amount), 0) FROM payments WHERE order_id = ?1 AND status = 'captured'",
        [order.id],
        |r| r.get(0),
    )?;
    let refunded: i64 = conn.query_row(
        "SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND status IN ('pending', 'succeeded')",
        [order.id],
        |r| r.get(0),
    )?;
    Ok(Money2 {
        captured: Money::new(captured, order.currency),
        refunded: Money::new(refunded, order.currency),
    })
}

/// True when some of what the order's customer paid has not been refunded (or asked back).
pub fn refundable(conn: &Connection, order: &Order) -> Result<bool> {
    let t = totals(conn, order)?;
    Ok(t.captured.minor > t.refunded.minor)
}

/// A key nobody else will choose: the order, the wall clock in nanoseconds and the process.
fn new_key(order: i64) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("shopctl-refund-{order}-{nanos:x}-{:x}", std::process::id())
}

/// Checks the limits and records a pending refund (step 1; the caller commits). With a key
/// that names an earlier refund of the same order, returns that refund instead.
pub fn prepare(
    conn: &Connection,
    order_id: i64,
    what: &What,
    reason: &str,
    key: Option<&str>,
    now: Timestamp,
) -> Result<Prepared> {
    if let Some(key) = key {
        if key.trim().is_empty() {
            bail!("--idempotency-key must not be empty");
        }
        let known: Option<i64> = conn
            .query_row(
                "SELECT id FROM refunds WHERE idempotency_key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = known {
            let refund = load(conn, id)?;
            if refund.order_id != order_id {
                bail!(
                    "the idempotency key \"{key}\" was used for refund {} of order {}, not order {order_id}; \
                     choose another key",
                    refund.label(),
                    refund.order_id
                );
            }
            // A key names one refund: asked again for something else, it must not quietly
            // answer with the first (the person would believe the second went through).
            let same = match what {
                What::Amount(text) => {
                    Money::parse(text, refund.amount.currency, ParseOptions::default())
                        .is_ok_and(|m| m == refund.amount)
                }
                What::Lines(wanted) => {
                    let mut asked: Vec<(String, Option<i64>)> = wanted.clone();
                    let mut had: Vec<(String, Option<i64>)> = refund
                        .lines
                        .iter()
                        .map(|(s, q)| (s.clone(), Some(*q)))
                        .collect();
                    asked.sort();
                    had.sort();
                    asked.len() == had.len()
                        && asked
                            .iter()
                            .zip(&had)
                            .all(|(a, h)| a.0 == h.0 && (a.1.is_none() || a.1 == h.1))
                }
                What::All => true,
            };
            if !same {
                bail!(
                    "the idempotency key \"{key}\" was used for refund {} of {} on order {order_id}; \
                     it cannot name a different refund: use another key",
                    refund.label(),
                    refund.amount
                );
            }
            let request = pending_request(conn, &refund)?;
            return Ok(Prepared {
                refund,
                request,
                existing: true,
            });
        }
    }

    let order = orders::load(conn, order_id)?;
    let currency = order.currency;
    let t = totals(conn, &order)?;
    if t.captured.minor == 0 {
        bail!(
            "order {order_id} has no captured payment (payment {}); there is nothing to refund{}",
            order.payment_status,
            if order.payment_status == PaymentStatus::Pending {
                ". Run `shopctl sync` if the customer has paid"
            } else {
                ""
            }
        );
    }
    let left = t.captured.checked_sub(t.refunded)?;

    let mut lines: Vec<(String, i64)> = Vec::new();
    let amount = match what {
        What::Amount(text) => {
            let m = Money::parse(text, currency, ParseOptions::default())
                .with_context(|| format!("--amount {text}"))?;
            if m.minor <= 0 {
                bail!("--amount {text}: a refund must be more than zero");
            }
            m
        }
        What::Lines(wanted) => {
            let mut sum = Money::zero(currency);
            for (sku, qty) in wanted {
                let Some(line) = order.line(sku) else {
                    let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
                    bail!(
                        "order {order_id} has no line {sku} (its lines: {})",
                        skus.join(", ")
                    );
                };
                let here: i64 = lines.iter().filter(|(s, _)| s == sku).map(|(_, q)| q).sum();
                let open = line.quantity - line.refunded_quantity - here;
                if open <= 0 {
                    bail!(
                        "order {order_id}: every unit of {sku} ({}) has already been refunded",
                        line.quantity
                    );
                }
                let qty = qty.unwrap_or(open);
                if qty > open {
                    bail!(
                        "order {order_id}: cannot refund {qty} of {sku}: {} ordered, {} already refunded, so at most {open}",
                        line.quantity,
                        line.refunded_quantity + here
                    );
                }
                sum = sum.checked_add(line.unit_price.checked_mul(qty)?)?;
                match lines.iter_mut().find(|(s, _)| s == sku) {
                    Some(l) => l.1 += qty,
                    None => lines.push((sku.clone(), qty)),
                }
            }
            sum
        }
        What::All => {
            if left.minor <= 0 {
                bail!(
                    "order {order_id}: everything captured ({}) has already been refunded or is being refunded",
                    t.captured
                );
            }
            for l in &order.lines {
                if l.quantity > l.refunded_quantity {
                    lines.push((l.sku.clone(), l.quantity - l.refunded_quantity));
                }
            }
            left
        }
    };
    if amount.minor > left.minor {
        bail!(
            "order {order_id}: cannot refund {amount}: {} was captured and {} is already refunded \
             or pending, so at most {} can be refunded",
            t.captured,
            t.refunded,
            Money::new(left.minor.max(0), currency)
        );
    }

    // The payment to refund against: the first captured one with enough left on it.
    let payments = orders::payments(conn, &order)?;
    let mut chosen = None;
    for p in payments.iter().filter(|p| p.status == "captured") {
        let against: i64 = conn.query_row(
            "SELECT coalesce(sum(amount), 0) FROM refunds WHERE payment_id = ?1 AND status IN ('pending', 'succeeded')",
            [p.id],
            |r| r.get(0),
        )?;
        if p.amount.minor - against >= amount.minor {
            chosen = Some(p);
            break;
        }
    }
    let Some(payment) = chosen else {
        bail!(
            "order {order_id}: no single payment has {amount} left to refund; refund it in smaller parts"
        );
    };
    crate::payments::check_refund_allowed(&payment.method, &payment.created_at, now)
        .with_context(|| format!("order {order_id} was paid by {}", payment.method))?;

    let key = key.map_or_else(|| new_key(order_id), str::to_string);
    conn.execute(
        "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency,
                              status, reason, last_error, created_at, updated_at)
         VALUES (?1, ?2, NULL, ?3, ?4, ?5, 'pending', ?6, NULL, ?7, ?7)",
        params![
            order_id,
            payment.id,
            key,
            amount.minor,
            currency.code(),
            reason,
            clock::format(now)
        ],
    )?;
    let id = conn.last_insert_rowid();
    for (sku, qty) in &lines {
        conn.execute(
            "INSERT INTO refund_lines (refund_id, sku, quantity) VALUES (?1, ?2, ?3)",
            params![id, sku, qty],
        )?;
        conn.execute(
            "UPDATE order_lines SET refunded_quantity = refunded_quantity + ?3 WHERE order_id = ?1 AND sku = ?2",
            params![order_id, sku, qty],
        )?;
    }
    orders::add_event(
        conn,
        order_id,
        &format!("refund {} requested: {amount}", label(id)),
        reason,
        now,
    )?;
    let refund = load(conn, id)?;
    let request = pending_request(conn, &refund)?;
    Ok(Prepared {
        refund,
        request,
        existing: false,
    })
}

/// The request for a refund that still needs the provider's answer.
fn pending_request(conn: &Connection, refund: &Refund) -> Result<Option<RefundRequest>> {
    if refund.status != "pending" || refund.provider_ref.is_some() {
        return Ok(None);
    }
    let Some(payment_ref) = &refund.payment_ref else {
        bail!("refund {} has no payment to refund against", refund.label());
    };
    let _ = conn;
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
        Ok(remote) => apply_state(
            conn,
            refund_id,
            Some(&remote.provider_ref),
            remote.state.as_str(),
            None,
            now,
        ),
        // A refusal that arrives after another process recorded the refund as made (the same
        // key sent twice at once) says nothing about the money: keep what is known.
        Err(ProviderError::Rejected(_)) if load(conn, refund_id)?.status == "succeeded" => Ok(()),
        Err(ProviderError::Rejected(msg)) => apply_state(
            conn,
            refund_id,
            None,
            "failed",
            Some(&format!("rejected: {msg}")),
            now,
        ),
        Err(e) => {
            // Not an answer: the refund stays pending and the next sync asks again, same key.
            conn.execute(
                "UPDATE refunds SET last_error = ?2, updated_at = ?3 WHERE id = ?1",
                params![refund_id, e.to_string(), clock::format(now)],
            )?;
            Ok(())
        }
    }
}

/// Moves a refund to `status`, undoing its line counts when it failed and moving the order's
/// payment status when money went back.
fn apply_state(
    conn: &Connection,
    refund_id: i64,
    provider_ref: Option<&str>,
    status: &str,
    error: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    let before = load(conn, refund_id)?;
    conn.execute(
        "UPDATE refunds SET provider_ref = coalesce(?2, provider_ref), status = ?3, last_error = ?4, updated_at = ?5
         WHERE id = ?1",
        params![refund_id, provider_ref, status, error, clock::format(now)],
    )?;
    if before.status == status {
        return Ok(());
    }
    if status == "failed" && before.status != "failed" {
        for (sku, qty) in &before.lines {
            conn.execute(
                "UPDATE order_lines SET refunded_quantity = max(0, refunded_quantity - ?3) WHERE order_id = ?1 AND sku = ?2",
                params![before.order_id, sku, qty],
            )?;
        }
    }
    orders::add_event(
        conn,
        before.order_id,
        &format!("refund {} {status}: {}", before.label(), before.amount),
        error.unwrap_or(""),
        now,
    )?;
    orders::refresh_payment_status(conn, before.order_id, now)
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
    load(store.conn(), id)
}

/// Checks limits, records, calls the provider, records: the whole of `refunds create`.
pub fn create(
    store: &mut Store,
    provider: &mut dyn Provider,
    order_id: i64,
    what: &What,
    reason: &str,
    key: Option<&str>,
    now: Timestamp,
) -> Result<(Refund, bool)> {
    let prepared = store.write(|tx| prepare(tx, order_id, what, reason, key, now))?;
    let refund = send(store, provider, &prepared, now)?;
    Ok((refund, prepared.existing))
}

/// Completes refunds left pending without the provider's answer (a crash, or the provider
/// unreachable), each with its own key so that none is made twice. `sync` calls this.
pub fn resume_pending(
    store: &mut Store,
    provider: &mut dyn Provider,
    now: Timestamp,
) -> Result<Vec<Refund>> {
    let ids: Vec<i64> = {
        let mut stmt = store.conn().prepare(
            "SELECT id FROM refunds WHERE status = 'pending' AND provider_ref IS NULL ORDER BY id",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut done = Vec::new();
    for id in ids {
        let refund = load(store.conn(), id)?;
        let request = pending_request(store.conn(), &refund)?;
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
/// the idempotency key the shop sent. Returns true when something changed. A refund the shop
/// does not know (made in the provider's dashboard) is left for reconciliation to report.
pub fn record_pulled(conn: &Connection, refund: &RemoteRefund, now: Timestamp) -> Result<bool> {
    let id: Option<(i64, Option<String>, String)> = conn
        .query_row(
            "SELECT id, provider_ref, status FROM refunds
             WHERE provider_ref = ?1 OR (provider_ref IS NULL AND idempotency_key = ?2)
             ORDER BY provider_ref IS NULL LIMIT 1",
            params![refund.provider_ref, refund.idempotency_key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, known_ref, status)) = id else {
        return Ok(false);
    };
    if known_ref.as_deref() == Some(refund.provider_ref.as_str()) && status == refund.state.as_str()
    {
        return Ok(false);
    }
    apply_state(
        conn,
        id,
        Some(&refund.provider_ref),
        refund.state.as_str(),
        None,
        now,
    )?;
    Ok(true)
}

/// Loads one refund.
pub fn load(conn: &Connection, id: i64) -> Result<Refund> {
    find(conn, id)?.with_context(|| {
        format!(
            "there is no refund {}; `shopctl refunds list` shows the shop's refunds",
            label(id)
        )
    })
}

const REFUND_SQL: &str =
    "SELECT r.id, r.order_id, p.provider_ref, r.provider_ref, r.idempotency_key, r.amount,
        r.currency, r.status, r.reason, r.last_error, r.created_at, r.updated_at
     FROM refunds r LEFT JOIN payments p ON p.id = r.payment_id";

type RefundRow = (
    (i64, i64, Option<String>, Option<String>, String, i64),
    (String, String, String, Option<String>, String, String),
);

fn refund_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RefundRow> {
    Ok((
        (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ),
        (
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
        ),
    ))
}

fn from_row(conn: &Connection, row: RefundRow) -> Result<Refund> {
    let (
        (id, order_id, payment_ref, provider_ref, idempotency_key, amount),
        (currency, status, reason, last_error, created_at, updated_at),
    ) = row;
    let mut stmt = conn.prepare_cached(
        "SELECT sku, quantity FROM refund_lines WHERE refund_id = ?1 ORDER BY rowid",
    )?;
    let lines = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Refund {
        id,
        order_id,
        payment_ref,
        provider_ref,
        idempotency_key,
        amount: Money::new(amount, Currency::from_code(&currency)?),
        status,
        reason,
        last_error,
        created_at,
        updated_at,
        lines,
    })
}

pub fn find(conn: &Connection, id: i64) -> Result<Option<Refund>> {
    let row = conn
        .query_row(&format!("{REFUND_SQL} WHERE r.id = ?1"), [id], refund_row)
        .optional()?;
    row.map(|row| from_row(conn, row)).transpose()
}

/// What `refunds list` asks for.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub order: Option<i64>,
    pub status: Option<String>,
    pub since: Option<Timestamp>,
}

pub const STATUSES: [&str; 3] = ["pending", "succeeded", "failed"];

/// Refunds matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Refund>> {
    if let Some(s) = &filter.status
        && !STATUSES.contains(&s.as_str())
    {
        bail!(
            "unknown refund status \"{s}\" (expected one of: {})",
            STATUSES.join(", ")
        );
    }
    let mut stmt = conn.prepare(&format!(
        "{REFUND_SQL} WHERE (?1 IS NULL OR r.order_id = ?1) AND (?2 IS NULL OR r.status = ?2)
           AND (?3 IS NULL OR r.created_at >= ?3)
         ORDER BY r.created_at DESC, r.id DESC"
    ))?;
    let rows = stmt
        .query_map(
            params![filter.order, filter.status, filter.since.map(clock::format)],
            refund_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|row| from_row(conn, row)).collect()
}

/// An order's refunds, oldest first (for `orders show`).
pub fn of_order(conn: &Connection, order_id: i64) -> Result<Vec<Refund>> {
    let mut all = list(
        conn,
        &Filter {
            order: Some(order_id),
            ..Filter::default()
        },
    )?;
    all.reverse();
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_method_rules() {
        assert_eq!(parse_id("R7").unwrap(), 7);
        assert_eq!(parse_id("r7").unwrap(), 7);
        assert_eq!(parse_id("7").unwrap(), 7);
        assert!(parse_id("R").is_err());
        assert!(parse_id("1001x").is_err());
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        assert!(
            crate::payments::check_refund_allowed("boleto", "2026-11-19T00:00:00Z", now).is_err()
        );
        assert!(crate::payments::check_refund_allowed("card", "2025-01-01T00:00:00Z", now).is_ok());
        assert!(
            crate::payments::check_refund_allowed("paynow", "2026-08-23T09:00:00Z", now).is_ok()
        ); // 89 days
        let e =
            crate::payments::check_refund_allowed("pix", "2026-08-01T00:00:00Z", now).unwrap_err();
        assert!(e.to_string().contains("90 days"), "{e}");
    }
}

/// The protocol against a fake provider that, like a real one, answers a repeated key with the
/// refund it already made.
#[cfg(test)]
mod protocol_tests {
    use std::collections::HashMap;

    use super::*;
    use crate::model::*;
    use crate::provider::*;
    use crate::store::NewShop;

    #[derive(Default)]
    struct Fake {
        made: HashMap<String, RemoteRefund>,
        calls: usize,
        fail_next: Option<ProviderError>,
    }

    impl Provider for Fake {
        fn name(&self) -> &'static str {
            "fake"
        }
        fn push(&mut self, _: &OutboxEntry) -> ProviderResult<PushOutcome> {
            unreachable!()
        }
        fn pull_orders(&mut self, _: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
            unreachable!()
        }
        fn create_refund(&mut self, r: &RefundRequest) -> ProviderResult<RemoteRefund> {
            self.calls += 1;
            if let Some(e) = self.fail_next.take() {
                return Err(e);
            }
            let n = self.made.len() + 1;
            Ok(self
                .made
                .entry(r.idempotency_key.clone())
                .or_insert_with(|| RemoteRefund {
                    provider_ref: format!("re_{n}"),
                    payment_ref: r.payment_ref.clone(),
                    amount: r.amount,
                    state: RefundState::Succeeded,
                    idempotency_key: Some(r.idempotency_key.clone()),
                    created_at: Timestamp::UNIX_EPOCH,
                })
                .clone())
        }
        fn pull_refunds(&mut self, _: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
            unreachable!()
        }
        fn pull_payouts(&mut self, _: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
            unreachable!()
        }
        fn payout_transactions(&mut self, _: &str) -> ProviderResult<Vec<BalanceTransaction>> {
            unreachable!()
        }
    }

    fn shop(dir: &tempfile::TempDir, method: &str) -> (Store, Timestamp) {
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        let mut store = Store::create(
            &dir.path().join("shop.db"),
            &NewShop {
                name: "t".into(),
                country: "SG".into(),
                currency: Currency::from_code("SGD").unwrap(),
                provider: "sandbox".into(),
                created_at: now,
            },
        )
        .unwrap();
        store
            .write(|tx| {
                tx.execute_batch(&format!(
                    "INSERT INTO orders (id, provider_ref, source, status, payment_status, currency, total, created_at, updated_at)
                       VALUES (1001, 'ord_1', 'provider', 'processing', 'captured', 'SGD', 6050, '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');
                     INSERT INTO order_lines (order_id, sku, quantity, unit_price) VALUES (1001, 'TEE', 2, 2500), (1001, 'MUG', 1, 1050);
                     INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
                       VALUES (1001, 'pay_1', '{method}', 6050, 'SGD', 'captured', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z');"
                ))?;
                Ok(())
            })
            .unwrap();
        (store, now)
    }

    #[test]
    fn a_crash_after_the_provider_call_is_completed_with_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, now) = shop(&dir, "card");
        let mut fake = Fake::default();
        let what = What::Lines(vec![("TEE".into(), Some(1))]);
        let prepared = store
            .write(|tx| prepare(tx, 1001, &what, "damaged", None, now))
            .unwrap();
        // The provider refunds; the process dies before recording it.
        let _lost = fake
            .create_refund(prepared.request.as_ref().unwrap())
            .unwrap();
        assert_eq!(
            load(store.conn(), prepared.refund.id).unwrap().status,
            "pending"
        );
        let done = resume_pending(&mut store, &mut fake, now).unwrap();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].status, "succeeded");
        assert_eq!(done[0].provider_ref.as_deref(), Some("re_1"));
        assert_eq!(fake.made.len(), 1, "one refund at the provider");
        let order = orders::load(store.conn(), 1001).unwrap();
        assert_eq!(order.payment_status, PaymentStatus::PartiallyRefunded);
        assert_eq!(order.line("TEE").unwrap().refunded_quantity, 1);
        // Nothing left pending: a second resume calls nobody.
        let calls = fake.calls;
        assert!(
            resume_pending(&mut store, &mut fake, now)
                .unwrap()
                .is_empty()
        );
        assert_eq!(fake.calls, calls);
    }

    #[test]
    fn limits_count_pending_refunds_and_the_same_key_returns_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, now) = shop(&dir, "card");
        let mut fake = Fake {
            fail_next: Some(ProviderError::Transient("timeout".into())),
            ..Fake::default()
        };
        let (r1, _) = create(
            &mut store,
            &mut fake,
            1001,
            &What::Amount("60.00".into()),
            "",
            Some("k1"),
            now,
        )
        .unwrap();
        assert_eq!(r1.status, "pending");
        assert!(r1.last_error.as_deref().unwrap().contains("timeout"));
        // The pending 60.00 counts: 0.51 more would pass the 60.50 captured.
        let err = create(
            &mut store,
            &mut fake,
            1001,
            &What::Amount("0.51".into()),
            "",
            None,
            now,
        )
        .unwrap_err();
        assert!(err.to_string().contains("at most 0.50 SGD"), "{err}");
        // Re-running with the key completes the first refund rather than making another.
        let (again, existing) = create(
            &mut store,
            &mut fake,
            1001,
            &What::Amount("60.00".into()),
            "",
            Some("k1"),
            now,
        )
        .unwrap();
        assert!(existing);
        assert_eq!(again.id, r1.id);
        assert_eq!(again.status, "succeeded");
        assert_eq!(fake.made.len(), 1);
        let (last, _) = create(&mut store, &mut fake, 1001, &What::All, "", None, now).unwrap();
        assert_eq!(last.amount.to_major_string(), "0.50");
        let order = orders::load(store.conn(), 1001).unwrap();
        assert_eq!(order.payment_status, PaymentStatus::Refunded);
        let err = create(&mut store, &mut fake, 1001, &What::All, "", None, now).unwrap_err();
        assert!(err.to_string().contains("already been refunded"), "{err}");
    }

    #[test]
    fn a_rejected_refund_is_failed_and_gives_its_units_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, now) = shop(&dir, "card");
        let mut fake = Fake {
            fail_next: Some(ProviderError::Rejected("charge disputed".into())),
            ..Fake::default()
        };
        let (r, _) = create(
            &mut store,
            &mut fake,
            1001,
            &What::Lines(vec![("MUG".into(), None)]),
            "",
            None,
            now,
        )
        .unwrap();
        assert_eq!(r.status, "failed");
        let order = orders::load(store.conn(), 1001).unwrap();
        assert_eq!(order.line("MUG").unwrap().refunded_quantity, 0);
        assert_eq!(order.payment_status, PaymentStatus::Captured);
    }

    #[test]
    fn boleto_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, now) = shop(&dir, "boleto");
        let mut fake = Fake::default();
        let err = create(&mut store, &mut fake, 1001, &What::All, "", None, now).unwrap_err();
        assert!(
            format!("{err:#}").contains("boleto payments cannot be refunded"),
            "{err:#}"
        );
        assert_eq!(fake.calls, 0);
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM refunds", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
