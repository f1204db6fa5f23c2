//! What a reconciliation looks at, gathered from the shop file: the captured payments and
//! succeeded refunds, the payout schedule, and the payouts in scope, either synced into the
//! shop or read from a Stripe report (`report`).

use anyhow::{Context, Result};
use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;

use super::reconcile::{Input, PayoutInput, ShopMoney, TxnInput};
use super::rows::{self, PayoutRow, TxnRow};
use super::{Scope, report};
use crate::clock;
use crate::model::{PaymentState, RefundState};
use crate::money::{Currency, Money};
use crate::store::shop;

/// Setting: how many days after capture a payment is expected in a payout. Older captured
/// payments found in no payout are reported as `unpaid`.
pub const SCHEDULE_DAYS: &str = "payouts.schedule_days";
const DEFAULT_SCHEDULE_DAYS: i64 = 2;

/// Gathers reconciliation input from the shop file (synced payouts) or from a report file.
pub fn load_input(conn: &Connection, scope: &Scope, now: Timestamp) -> Result<Input> {
    let (payments, refunds) = shop_side(conn, scope)?;
    let cutoff = now.checked_sub(schedule(conn)?)?;
    let in_scope = match scope {
        Scope::Report(path) => from_report(conn, path, cutoff)?,
        Scope::All => synced(conn, rows::list(conn, None, None)?, Some(cutoff), None)?,
        Scope::Since(t) => synced(
            conn,
            rows::list(conn, Some(*t), None)?,
            Some(cutoff),
            Some(*t),
        )?,
        // One payout's scope says nothing about what is absent from every payout.
        Scope::Payout(id) => synced(conn, vec![rows::get(conn, *id)?], None, None)?,
    };
    Ok(Input {
        payouts: in_scope.payouts,
        payments,
        refunds,
        unpaid_before: in_scope.unpaid_before,
        unpaid_since: in_scope.unpaid_since,
    })
}

/// The shop's captured payments and succeeded refunds that `scope` can need: all of them for
/// the whole shop or a report; for `--since D`, those made since D (the window where absence
/// from every payout is reported) and those the transactions of its payouts name; for one
/// payout, those its transactions name. A month of a shop of ten million orders is then
/// read from the indexes, not every payment it ever took (issue 18); what the matchers find
/// is the same, since they look up no other.
fn shop_side(conn: &Connection, scope: &Scope) -> Result<(Vec<ShopMoney>, Vec<ShopMoney>)> {
    const COLUMNS: &str = "p.provider_ref, p.amount, p.currency, p.created_at";
    // (table, which rows), the state bound as ?1.
    let payments = ("payments", "p.status = ?1");
    let refunds = ("refunds", "p.status = ?1 AND p.provider_ref IS NOT NULL");
    let all = |(table, cond): (&str, &str)| format!("SELECT {COLUMNS} FROM {table} p WHERE {cond}");
    // Those the transactions of the payouts `payouts` picks name: a join from the
    // transactions, so that each is found by its unique reference.
    let named = |(table, cond): (&str, &str), payouts: &str| {
        format!(
            "SELECT {COLUMNS} FROM balance_transactions t
               CROSS JOIN {table} p ON p.provider_ref = t.source_ref
             WHERE t.payout_id IN ({payouts}) AND {cond}"
        )
    };
    // The window's and, made before it, those the window's payouts name: two parts that
    // cannot overlap, so no UNION sorts 400,000 rows to find none twice (a month of a shop of
    // ten million orders: 0.89 s in the sqlite3 tool with UNION, 0.43 s without).
    let since = |which: (&str, &str)| {
        format!(
            "{} AND p.created_at >= ?2 UNION ALL {} AND p.created_at < ?2",
            all(which),
            named(which, "SELECT id FROM payouts WHERE created_at >= ?2")
        )
    };
    let (sql_p, sql_r, arg): (String, String, Option<Box<dyn rusqlite::ToSql>>) = match scope {
        Scope::All | Scope::Report(_) => (all(payments), all(refunds), None),
        Scope::Since(t) => (
            since(payments),
            since(refunds),
            Some(Box::new(clock::format(*t))),
        ),
        Scope::Payout(id) => (
            named(payments, "?2"),
            named(refunds, "?2"),
            Some(Box::new(*id)),
        ),
    };
    Ok((
        shop_money(conn, &sql_p, PaymentState::Captured, arg.as_deref())?,
        shop_money(conn, &sql_r, RefundState::Succeeded, arg.as_deref())?,
    ))
}

/// The payouts in scope, and the window in which shop money absent from all of them is
/// reported (see `Input`).
struct InScope {
    payouts: Vec<PayoutInput>,
    unpaid_before: Option<Timestamp>,
    unpaid_since: Option<Timestamp>,
}

/// Synced payouts (given newest first, as `rows::list` returns them) with their
/// transactions, oldest first.
fn synced(
    conn: &Connection,
    newest_first: Vec<PayoutRow>,
    unpaid_before: Option<Timestamp>,
    unpaid_since: Option<Timestamp>,
) -> Result<InScope> {
    let payouts = newest_first
        .into_iter()
        .rev()
        .map(|row| {
            Ok(PayoutInput {
                label: row.label(),
                transactions: rows::transactions(conn, row.id)?
                    .into_iter()
                    .map(txn_input)
                    .collect(),
                provider_ref: row.provider_ref,
                amount: Some(row.amount),
            })
        })
        .collect::<Result<_>>()?;
    Ok(InScope {
        payouts,
        unpaid_before,
        unpaid_since,
    })
}

fn txn_input(t: TxnRow) -> TxnInput {
    TxnInput {
        provider_ref: t.provider_ref,
        kind: t.kind,
        source_refs: if t.source_ref.is_empty() {
            vec![]
        } else {
            vec![t.source_ref]
        },
        gross: t.gross,
        fee: t.fee,
        net: t.net,
    }
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
fn schedule(conn: &Connection) -> Result<SignedDuration> {
    let days = match shop::setting(conn, SCHEDULE_DAYS)? {
        Some(v) => v.parse::<i64>().ok().filter(|d| *d >= 0).with_context(|| {
            format!("setting {SCHEDULE_DAYS} = \"{v}\" is not a whole number of days")
        })?,
        None => DEFAULT_SCHEDULE_DAYS,
    };
    Ok(SignedDuration::from_hours(days * 24))
}

/// The shop's side: payments or refunds in one state (`?1`), and `?2` when the query has it,
/// as (reference, amount, time).
fn shop_money(
    conn: &Connection,
    sql: &str,
    state: impl rusqlite::ToSql,
    arg: Option<&dyn rusqlite::ToSql>,
) -> Result<Vec<ShopMoney>> {
    let mut stmt = conn.prepare(sql)?;
    let read = |r: &rusqlite::Row| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    };
    let rows = match arg {
        Some(a) => stmt.query_map(rusqlite::params![state, a], read)?,
        None => stmt.query_map([state], read)?,
    };
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
