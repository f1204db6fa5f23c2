//! The `refunds` and `refund_lines` rows: one column list, read by name into `Refund`; the
//! lookups the protocol and the commands need; the pending insert; and `apply_state`, the one
//! way a refund's state changes. Also the facts the limit rule reads (`facts`).

use anyhow::{Context, Result};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::label;
use super::plan::{Facts, LineFacts, Paid, Plan};
use crate::clock;
use crate::model::{PaymentState, RefundState, RemoteRefund};
use crate::money::Money;
use crate::orders::{self, Order};
use crate::payments::RefundRule;

/// A refund row with its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    pub id: i64,
    pub order_id: i64,
    /// The provider's reference of the payment it goes against.
    pub payment_ref: Option<String>,
    pub provider_ref: Option<String>,
    pub idempotency_key: String,
    pub amount: Money,
    pub status: RefundState,
    pub reason: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub lines: Vec<(String, i64)>,
}

/// Where a refund stands for the person who asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The money went back.
    Succeeded,
    /// The provider refused it; nothing went back.
    Refused,
    /// Recorded, but the provider could not be asked (or did not answer): `sync` asks again
    /// with the same key.
    Waiting,
    /// The provider accepted it and has not finished (some methods take days).
    Pending,
}

impl Refund {
    pub fn label(&self) -> String {
        label(self.id)
    }

    pub fn standing(&self) -> Standing {
        match (self.status, &self.last_error) {
            (RefundState::Succeeded, _) => Standing::Succeeded,
            (RefundState::Failed, _) => Standing::Refused,
            (RefundState::Pending, Some(_)) => Standing::Waiting,
            (RefundState::Pending, None) => Standing::Pending,
        }
    }
}

/// The columns of a refund, with its payment's reference.
const REFUND_SQL: &str = "SELECT r.id, r.order_id, p.provider_ref AS payment_ref, r.provider_ref,
        r.idempotency_key, r.amount, r.currency, r.status, r.reason, r.last_error, r.created_at,
        r.updated_at
     FROM refunds r LEFT JOIN payments p ON p.id = r.payment_id";

/// A refund row without its lines.
fn refund_head(r: &Row<'_>) -> rusqlite::Result<Refund> {
    Ok(Refund {
        id: r.get("id")?,
        order_id: r.get("order_id")?,
        payment_ref: r.get("payment_ref")?,
        provider_ref: r.get("provider_ref")?,
        idempotency_key: r.get("idempotency_key")?,
        amount: Money::new(r.get("amount")?, r.get("currency")?),
        status: r.get("status")?,
        reason: r.get("reason")?,
        last_error: r.get("last_error")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        lines: Vec::new(),
    })
}

fn with_lines(conn: &Connection, mut refund: Refund) -> Result<Refund> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku, quantity FROM refund_lines WHERE refund_id = ?1 ORDER BY rowid",
    )?;
    refund.lines = stmt
        .query_map([refund.id], |r| Ok((r.get("sku")?, r.get("quantity")?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(refund)
}

/// The one refund `clause` (on `r`) picks, if any.
fn find_where(
    conn: &Connection,
    clause: &str,
    args: impl rusqlite::Params,
) -> Result<Option<Refund>> {
    let head = conn
        .query_row(&format!("{REFUND_SQL} WHERE {clause}"), args, refund_head)
        .optional()?;
    head.map(|r| with_lines(conn, r)).transpose()
}

pub fn find(conn: &Connection, id: i64) -> Result<Option<Refund>> {
    find_where(conn, "r.id = ?1", [id])
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

/// The refund recorded with this idempotency key, if any.
pub(super) fn find_by_key(conn: &Connection, key: &str) -> Result<Option<Refund>> {
    find_where(conn, "r.idempotency_key = ?1", [key])
}

/// The refund a pulled one is: the one with its provider reference, else a refund still
/// without one that was sent with the key the provider echoes.
pub(super) fn find_pulled(conn: &Connection, pulled: &RemoteRefund) -> Result<Option<Refund>> {
    find_where(
        conn,
        "r.provider_ref = ?1 OR (r.provider_ref IS NULL AND r.idempotency_key = ?2)
         ORDER BY r.provider_ref IS NULL LIMIT 1",
        params![pulled.provider_ref, pulled.idempotency_key],
    )
}

/// What `refunds list` asks for.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub order: Option<i64>,
    pub status: Option<RefundState>,
    pub since: Option<Timestamp>,
}

/// Refunds matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Refund>> {
    let mut out = Vec::new();
    each(conn, filter, None, |r| {
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

/// The WHERE clause of `filter` (on `r`) and the values it binds: only the filters given, so
/// that `--order` reads the refunds of the order by its index, and a list of every refund
/// reads them newest first from `refunds_created` (issue 18's 10-million-order shop).
fn filter_sql(filter: &Filter) -> (String, Vec<rusqlite::types::Value>) {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(order) = filter.order {
        args.push(order.into());
        clauses.push(format!("r.order_id = ?{}", args.len()));
    }
    if let Some(status) = filter.status {
        args.push(status.as_str().to_string().into());
        clauses.push(format!("r.status = ?{}", args.len()));
    }
    if let Some(since) = filter.since {
        args.push(clock::format(since).into());
        clauses.push(format!("r.created_at >= ?{}", args.len()));
    }
    (clauses.join(" AND "), args)
}

/// Hands each refund matching `filter` (at most `limit`), with its lines, to `f` as it is read,
/// newest first (issue 18: a list is never held whole). One query reads the refunds and joins
/// their lines, rather than one more query per refund. An error from `f` stops the reading.
pub fn each(
    conn: &Connection,
    filter: &Filter,
    limit: Option<usize>,
    mut f: impl FnMut(Refund) -> Result<()>,
) -> Result<()> {
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let (clause, args) = filter_sql(filter);
    // The refunds are picked (and limited) first; the join then adds their lines, which come
    // after the twelve columns of `REFUND_SQL`.
    let mut stmt = conn.prepare(&format!(
        "SELECT r.*, l.sku, l.quantity FROM
           ({REFUND_SQL} WHERE {clause} ORDER BY r.created_at DESC, r.id DESC LIMIT {limit}) r
         LEFT JOIN refund_lines l ON l.refund_id = r.id
         ORDER BY r.created_at DESC, r.id DESC, l.rowid"
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut current: Option<Refund> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get("id")?;
        if current.as_ref().is_some_and(|c| c.id != id) {
            f(current.take().expect("checked"))?;
        }
        let refund = match &mut current {
            Some(c) => c,
            None => current.insert(refund_head(r)?),
        };
        if let Some(sku) = r.get::<_, Option<String>>(12)? {
            refund.lines.push((sku, r.get(13)?));
        }
    }
    match current {
        Some(c) => f(c),
        None => Ok(()),
    }
}

/// How many refunds match `filter`.
pub fn count(conn: &Connection, filter: &Filter) -> Result<u64> {
    let (clause, args) = filter_sql(filter);
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM refunds r WHERE {clause}"),
        rusqlite::params_from_iter(args),
        |r| r.get(0),
    )?;
    Ok(n as u64)
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

/// Refunds recorded as pending that never got the provider's answer, oldest first: their
/// outcome is unknown (the provider may or may not have made them).
pub(super) fn waiting(conn: &Connection) -> Result<Vec<i64>> {
    waiting_where(conn, None)
}

/// `waiting`, of one order.
pub(super) fn waiting_of_order(conn: &Connection, order_id: i64) -> Result<Vec<i64>> {
    waiting_where(conn, Some(order_id))
}

fn waiting_where(conn: &Connection, order_id: Option<i64>) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM refunds WHERE status = ?1 AND provider_ref IS NULL
           AND (?2 IS NULL OR order_id = ?2) ORDER BY id",
    )?;
    let ids = stmt
        .query_map(params![RefundState::Pending, order_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// Minor units refunded or being refunded (pending or succeeded), of an order or of one
/// payment.
fn claimed(conn: &Connection, column: &str, id: i64) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT coalesce(sum(amount), 0) FROM refunds WHERE {column} = ?1 AND status IN (?2, ?3)"
        ),
        params![id, RefundState::Pending, RefundState::Succeeded],
        |r| r.get(0),
    )?)
}

/// What the limit rule needs to know about `order` at `now`.
pub(super) fn facts(conn: &Connection, order: &Order, now: Timestamp) -> Result<Facts> {
    let mut payments = Vec::new();
    for p in orders::payments(conn, order)? {
        if p.status != PaymentState::Captured {
            continue;
        }
        payments.push(Paid {
            refunded: Money::new(claimed(conn, "payment_id", p.id)?, order.currency),
            rule: RefundRule::of(&p.method),
            id: p.id,
            method: p.method,
            paid_at: p.created_at,
            amount: p.amount,
        });
    }
    Ok(Facts {
        order_id: order.id,
        currency: order.currency,
        payment_status: order.payment_status,
        payments,
        refunded: Money::new(claimed(conn, "order_id", order.id)?, order.currency),
        lines: order
            .lines
            .iter()
            .map(|l| LineFacts {
                sku: l.sku.clone(),
                ordered: l.quantity,
                refunded: l.refunded_quantity,
                unit_price: l.unit_price,
            })
            .collect(),
        now,
    })
}

/// Records a planned refund as pending with its key, and counts its units as refunded on the
/// order's lines (a refund that fails gives them back). Returns its id.
pub(super) fn insert_pending(
    conn: &Connection,
    order_id: i64,
    plan: &Plan,
    key: &str,
    reason: &str,
    now: Timestamp,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency,
                              status, reason, last_error, created_at, updated_at)
         VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?8)",
        params![
            order_id,
            plan.payment_id,
            key,
            plan.amount.minor,
            plan.amount.currency.code(),
            RefundState::Pending,
            reason,
            clock::format(now)
        ],
    )?;
    let id = conn.last_insert_rowid();
    for (sku, qty) in &plan.lines {
        conn.execute(
            "INSERT INTO refund_lines (refund_id, sku, quantity) VALUES (?1, ?2, ?3)",
            params![id, sku, qty],
        )?;
        orders::add_refunded_units(conn, order_id, sku, *qty)?;
    }
    Ok(id)
}

/// Keeps a refund pending with the error of a call that got no answer.
pub(super) fn set_last_error(
    conn: &Connection,
    refund_id: i64,
    error: &str,
    now: Timestamp,
) -> Result<()> {
    conn.execute(
        "UPDATE refunds SET last_error = ?2, updated_at = ?3 WHERE id = ?1",
        params![refund_id, error, clock::format(now)],
    )?;
    Ok(())
}

/// Moves a refund to `status`, giving its units back to the order's lines when it failed and
/// moving the order's payment status when money went back.
pub(super) fn apply_state(
    conn: &Connection,
    refund_id: i64,
    provider_ref: Option<&str>,
    status: RefundState,
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
    if status == RefundState::Failed {
        for (sku, qty) in &before.lines {
            orders::add_refunded_units(conn, before.order_id, sku, -qty)?;
        }
    }
    orders::add_event(
        conn,
        before.order_id,
        &format!("refund {} {status}: {}", before.label(), before.amount),
        error.unwrap_or(""),
        now,
    )?;
    if status == RefundState::Succeeded {
        // The chat customer hears that the money is on its way back.
        let order = orders::load(conn, before.order_id)?;
        orders::notify::text(
            conn,
            &order,
            &format!(
                "We have refunded {} for your order {}. It reaches your account in a few days.",
                before.amount, before.order_id
            ),
            now,
        )?;
    }
    orders::refresh_payment_status(conn, before.order_id, now)
}
