//! What reconciling a Stripe report looks at: the report's payouts (read by `report`) and
//! every captured payment and succeeded refund of the shop. The synced payouts are reconciled
//! by `kept`, which reads them from the shop file a payout at a time.

use anyhow::{Context, Result};
use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;

use super::reconcile::{Input, PayoutInput, ShopMoney};
use super::{report, rows};
use crate::clock;
use crate::model::{PaymentState, RefundState};
use crate::money::{Currency, Money};
use crate::store::shop;

/// Setting: how many days after capture a payment is expected in a payout. Older captured
/// payments found in no payout are reported as `unpaid`.
pub const SCHEDULE_DAYS: &str = "payouts.schedule_days";
const DEFAULT_SCHEDULE_DAYS: i64 = 2;

/// Gathers reconciliation input for the Stripe report at `path`: its payouts against all the
/// shop's captured payments and succeeded refunds.
pub fn load_report(conn: &Connection, path: &std::path::Path, now: Timestamp) -> Result<Input> {
    let cutoff = now.checked_sub(schedule(conn)?)?;
    let in_scope = from_report(conn, path, cutoff)?;
    let columns = "provider_ref, amount, currency, created_at";
    Ok(Input {
        payouts: in_scope.payouts,
        payments: shop_money(
            conn,
            &format!("SELECT {columns} FROM payments WHERE status = ?1"),
            PaymentState::Captured,
        )?,
        refunds: shop_money(
            conn,
            &format!(
                "SELECT {columns} FROM refunds WHERE status = ?1 AND provider_ref IS NOT NULL"
            ),
            RefundState::Succeeded,
        )?,
        unpaid_before: in_scope.unpaid_before,
        unpaid_since: in_scope.unpaid_since,
    })
}

/// The payouts in scope, and the window in which shop money absent from all of them is
/// reported (see `Input`).
struct InScope {
    payouts: Vec<PayoutInput>,
    unpaid_before: Option<Timestamp>,
    unpaid_since: Option<Timestamp>,
}

/// A report's payouts; the window is the report's span, ending no later than the schedule
/// allows.
fn from_report(conn: &Connection, path: &std::path::Path, cutoff: Timestamp) -> Result<InScope> {
    let data = report::read(path)?;
    let mut payouts = data.payouts;
    // Where the shop has synced the same payout, its amount is what reached the bank.
    for p in &mut payouts {
        if let Some(known) = rows::find_by_ref(conn, &p.provider_ref)? {
            p.label = known.label();
            p.amount = Some(known.amount);
        }
    }
    Ok(InScope {
        payouts,
        unpaid_before: data.latest.map(|l| l.min(cutoff)),
        unpaid_since: data.earliest,
    })
}

/// How long after capture a payment is due in a payout (the `payouts.schedule_days` setting).
pub(super) fn schedule(conn: &Connection) -> Result<SignedDuration> {
    let days = match shop::setting(conn, SCHEDULE_DAYS)? {
        Some(v) => v.parse::<i64>().ok().filter(|d| *d >= 0).with_context(|| {
            format!("setting {SCHEDULE_DAYS} = \"{v}\" is not a whole number of days")
        })?,
        None => DEFAULT_SCHEDULE_DAYS,
    };
    Ok(SignedDuration::from_hours(days * 24))
}

/// The shop's side: payments or refunds in one state (`?1`), as (reference, amount, time).
fn shop_money(conn: &Connection, sql: &str, state: impl rusqlite::ToSql) -> Result<Vec<ShopMoney>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([state], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (provider_ref, minor, currency, at) = row?;
        out.push(ShopMoney {
            provider_ref,
            amount: Money::new(minor, Currency::from_code(&currency)?),
            at: clock::parse(&at)?,
        });
    }
    Ok(out)
}
