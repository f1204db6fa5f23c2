//! Payouts, the balance transactions that make them up, and reconciliation.

pub mod reconcile;
pub mod report;
#[cfg(test)]
mod sandbox_faults;

use std::path::Path;

use anyhow::{Context, Result, bail};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock;
use crate::model::{BalanceTransaction, RemotePayout, TxnKind};
use crate::money::{Currency, Money};
use crate::store::shop;
use reconcile::{Input, PayoutInput, Report, ShopMoney, TxnInput};

/// Setting: how many days after capture a payment is expected in a payout. Older captured
/// payments found in no payout are reported as `unpaid`.
pub const SCHEDULE_DAYS: &str = "payouts.schedule_days";
const DEFAULT_SCHEDULE_DAYS: i64 = 2;

/// What recording a pulled payout changed, for the sync summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub payouts_new: usize,
    pub payouts_changed: usize,
    pub transactions_new: usize,
}

/// Upserts a payout and its transactions by provider reference: pulling the same payout twice
/// changes nothing.
pub fn record_pulled(
    conn: &Connection,
    payout: &RemotePayout,
    transactions: &[BalanceTransaction],
    now: Timestamp,
) -> Result<Recorded> {
    let mut rec = Recorded::default();
    let existing: Option<(i64, i64, String)> = conn
        .query_row(
            "SELECT id, amount, status FROM payouts WHERE provider_ref = ?1",
            [&payout.provider_ref],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let payout_id = match existing {
        Some((id, amount, status)) => {
            if amount != payout.amount.minor || status != payout.state.as_str() {
                conn.execute(
                    "UPDATE payouts SET amount = ?2, status = ?3, updated_at = ?4 WHERE id = ?1",
                    params![
                        id,
                        payout.amount.minor,
                        payout.state.as_str(),
                        clock::format(now)
                    ],
                )?;
                rec.payouts_changed += 1;
            }
            id
        }
        None => {
            conn.execute(
                "INSERT INTO payouts (provider_ref, amount, currency, status, created_at, arrival_date, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    payout.provider_ref,
                    payout.amount.minor,
                    payout.amount.currency.code(),
                    payout.state.as_str(),
                    clock::format(payout.created_at),
                    clock::format(payout.arrival_date),
                    clock::format(now)
                ],
            )?;
            rec.payouts_new += 1;
            conn.last_insert_rowid()
        }
    };
    let mut insert = conn.prepare_cached(
        "INSERT INTO balance_transactions
           (provider_ref, payout_id, kind, source_ref, gross, fee, net, currency, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (provider_ref) DO NOTHING",
    )?;
    for t in transactions {
        rec.transactions_new += insert.execute(params![
            t.provider_ref,
            payout_id,
            t.kind.as_str(),
            t.source_ref,
            t.gross.minor,
            t.fee.minor,
            t.net.minor,
            t.gross.currency.code(),
            t.description,
            clock::format(t.created_at)
        ])?;
    }
    Ok(rec)
}

/// A payout's local id as people type it: `P3`, `p3` or `3`.
pub fn parse_id(text: &str) -> Result<i64> {
    let digits = text.trim().trim_start_matches(['P', 'p']);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .with_context(|| {
            format!("\"{text}\" is not a payout id (they look like P3; see `shopctl payouts list`)")
        })
}

pub fn label(id: i64) -> String {
    format!("P{id}")
}

#[derive(Clone, Debug)]
pub struct PayoutRow {
    pub id: i64,
    pub provider_ref: String,
    pub amount: Money,
    pub status: String,
    pub created_at: String,
    pub arrival_date: String,
    pub transactions: i64,
}

#[derive(Clone, Debug)]
pub struct TxnRow {
    pub provider_ref: String,
    pub kind: String,
    pub source_ref: String,
    pub gross: Money,
    pub fee: Money,
    pub net: Money,
    pub description: String,
    pub created_at: String,
}

const PAYOUT_COLUMNS: &str =
    "p.id, p.provider_ref, p.amount, p.currency, p.status, p.created_at, p.arrival_date,
     (SELECT count(*) FROM balance_transactions t WHERE t.payout_id = p.id)";

/// A payouts row as SQLite gives it; the currency code becomes a `Currency` afterwards
/// because row mappers cannot return our errors.
type RawPayout = (i64, String, i64, String, String, String, String, i64);

fn payout_row(r: &rusqlite::Row) -> rusqlite::Result<RawPayout> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn with_currency(raw: RawPayout) -> Result<PayoutRow> {
    let (id, provider_ref, amount, currency, status, created_at, arrival_date, transactions) = raw;
    Ok(PayoutRow {
        id,
        provider_ref,
        amount: Money::new(amount, Currency::from_code(&currency)?),
        status,
        created_at,
        arrival_date,
        transactions,
    })
}

/// Payouts, newest first.
pub fn list(
    conn: &Connection,
    since: Option<Timestamp>,
    status: Option<&str>,
) -> Result<Vec<PayoutRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PAYOUT_COLUMNS} FROM payouts p
         WHERE (?1 IS NULL OR p.created_at >= ?1) AND (?2 IS NULL OR p.status = ?2)
         ORDER BY p.created_at DESC, p.id DESC"
    ))?;
    let rows = stmt.query_map(params![since.map(clock::format), status], payout_row)?;
    rows.map(|r| with_currency(r?)).collect()
}

pub fn show(conn: &Connection, id: i64) -> Result<(PayoutRow, Vec<TxnRow>)> {
    let row = conn
        .query_row(
            &format!("SELECT {PAYOUT_COLUMNS} FROM payouts p WHERE p.id = ?1"),
            [id],
            payout_row,
        )
        .optional()?
        .with_context(|| {
            format!(
                "no payout {} in the shop (see `shopctl payouts list`)",
                label(id)
            )
        })?;
    let row = with_currency(row)?;
    Ok((row, transactions(conn, id)?))
}

fn transactions(conn: &Connection, payout_id: i64) -> Result<Vec<TxnRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider_ref, kind, source_ref, gross, fee, net, currency, description, created_at
         FROM balance_transactions WHERE payout_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([payout_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            (
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ),
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (provider_ref, kind, source_ref, (gross, fee, net), currency, description, created_at) =
            row?;
        let c = Currency::from_code(&currency)?;
        out.push(TxnRow {
            provider_ref,
            kind,
            source_ref,
            gross: Money::new(gross, c),
            fee: Money::new(fee, c),
            net: Money::new(net, c),
            description,
            created_at,
        });
    }
    Ok(out)
}

fn kind_from_str(kind: &str) -> Result<TxnKind> {
    Ok(match kind {
        "charge" => TxnKind::Charge,
        "refund" => TxnKind::Refund,
        "fee" => TxnKind::Fee,
        "adjustment" => TxnKind::Adjustment,
        "payout" => TxnKind::Payout,
        other => bail!("unknown balance transaction kind \"{other}\" in the shop file"),
    })
}

/// Which payouts a reconciliation looks at.
#[derive(Clone, Debug)]
pub enum Scope {
    All,
    Since(Timestamp),
    Payout(i64),
    Report(std::path::PathBuf),
}

impl Scope {
    pub fn describe(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Since(t) => format!("since {}", clock::format(*t)),
            Scope::Payout(id) => format!("payout {}", label(*id)),
            Scope::Report(p) => format!("report {}", p.display()),
        }
    }
}

fn schedule(conn: &Connection) -> Result<SignedDuration> {
    let days = match shop::setting(conn, SCHEDULE_DAYS)? {
        Some(v) => v.parse::<i64>().ok().filter(|d| *d >= 0).with_context(|| {
            format!("setting {SCHEDULE_DAYS} = \"{v}\" is not a whole number of days")
        })?,
        None => DEFAULT_SCHEDULE_DAYS,
    };
    Ok(SignedDuration::from_hours(days * 24))
}

fn shop_money(conn: &Connection, sql: &str) -> Result<Vec<ShopMoney>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
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

/// Gathers reconciliation input from the shop file (synced payouts) or from a report file.
pub fn load_input(conn: &Connection, scope: &Scope, now: Timestamp) -> Result<Input> {
    let payments = shop_money(
        conn,
        "SELECT provider_ref, amount, currency, created_at FROM payments WHERE status = 'captured'",
    )?;
    let refunds = shop_money(
        conn,
        "SELECT provider_ref, amount, currency, created_at FROM refunds
         WHERE status = 'succeeded' AND provider_ref IS NOT NULL",
    )?;
    let cutoff = now.checked_sub(schedule(conn)?)?;
    if let Scope::Report(path) = scope {
        let data = report::read(path)?;
        let mut payouts = data.payouts;
        // Where the shop has synced the same payout, its amount is what reached the bank.
        for p in &mut payouts {
            let known: Option<(i64, i64, String)> = conn
                .query_row(
                    "SELECT id, amount, currency FROM payouts WHERE provider_ref = ?1",
                    [&p.provider_ref],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((id, amount, currency)) = known {
                p.label = label(id);
                p.amount = Some(Money::new(amount, Currency::from_code(&currency)?));
            }
        }
        return Ok(Input {
            payouts,
            payments,
            refunds,
            unpaid_before: data.latest.map(|l| l.min(cutoff)),
            unpaid_since: data.earliest,
        });
    }
    let ids: Vec<i64> = match scope {
        Scope::Payout(id) => {
            show(conn, *id)?;
            vec![*id]
        }
        Scope::Since(t) => list(conn, Some(*t), None)?
            .into_iter()
            .map(|p| p.id)
            .rev()
            .collect(),
        _ => list(conn, None, None)?
            .into_iter()
            .map(|p| p.id)
            .rev()
            .collect(),
    };
    let mut payouts = Vec::new();
    for id in ids {
        let (row, txns) = show(conn, id)?;
        let transactions = txns
            .into_iter()
            .map(|t| {
                Ok(TxnInput {
                    kind: kind_from_str(&t.kind)?,
                    source_refs: if t.source_ref.is_empty() {
                        vec![]
                    } else {
                        vec![t.source_ref]
                    },
                    provider_ref: t.provider_ref,
                    gross: t.gross,
                    fee: t.fee,
                    net: t.net,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        payouts.push(PayoutInput {
            label: label(row.id),
            provider_ref: row.provider_ref,
            amount: Some(row.amount),
            transactions,
        });
    }
    Ok(Input {
        payouts,
        payments,
        refunds,
        unpaid_before: match scope {
            Scope::Payout(_) => None,
            _ => Some(cutoff),
        },
        unpaid_since: match scope {
            Scope::Since(t) => Some(*t),
            _ => None,
        },
    })
}

/// Stores a run so that `status` can show the last one. Nothing else is written.
pub fn store_run(
    conn: &Connection,
    now: Timestamp,
    scope: &Scope,
    report: &Report,
    doc: &serde_json::Value,
) -> Result<()> {
    conn.execute(
        "INSERT INTO reconcile_runs (at, scope, payouts, matched, discrepancies, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            clock::format(now),
            scope.describe(),
            report.payouts_checked as i64,
            report.matched as i64,
            report.discrepancies.len() as i64,
            doc.to_string()
        ],
    )?;
    Ok(())
}

/// Reads the report file (if any) up front so that a bad report fails before anything else.
pub fn check_report_path(path: &Path) -> Result<()> {
    if !path.is_file() {
        bail!(
            "the report {} does not exist or is not a file",
            path.display()
        );
    }
    Ok(())
}
