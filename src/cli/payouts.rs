//! `shopctl payouts list | show | reconcile`.

use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::clock;
use crate::error::Outcome;
use crate::model::{PayoutState, TxnKind};
use crate::money::Money;
use crate::payouts::{self, PayoutRow, Scope, TxnRow, reconcile};

#[derive(Debug, clap::Subcommand)]
pub enum PayoutsCmd {
    /// List payouts, newest first
    List {
        /// Only payouts created on or after this date (YYYY-MM-DD or RFC 3339)
        #[arg(long, value_name = "D")]
        since: Option<String>,
        /// Only payouts with this status (pending, in_transit, paid, failed, canceled)
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one payout with its transactions
    Show {
        /// The payout's id, e.g. P3
        id: String,
    },
    /// Check that payouts add up to the shop's payments, refunds and fees (exit 3 on discrepancies)
    Reconcile(ReconcileArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// Only payouts created on or after this date
    #[arg(long, value_name = "D", conflicts_with = "payout")]
    pub since: Option<String>,
    /// Only this payout
    #[arg(long, value_name = "ID", conflicts_with = "report")]
    pub payout: Option<String>,
    /// Reconcile a Stripe itemized payout reconciliation report (CSV) instead of synced payouts
    #[arg(long, value_name = "FILE", conflicts_with = "since")]
    pub report: Option<PathBuf>,
}

/// One row of `payouts list` (and the head of `payouts show`); its fields, in order, are the
/// JSON keys and the columns.
#[derive(Default, Serialize)]
struct ListRow {
    id: String,
    provider_ref: String,
    amount: String,
    currency: &'static str,
    status: &'static str,
    created_at: String,
    arrival_date: String,
    transactions: i64,
}

impl ListRow {
    fn of(p: &PayoutRow) -> ListRow {
        ListRow {
            id: p.label(),
            provider_ref: p.provider_ref.clone(),
            amount: p.amount.to_major_string(),
            currency: p.amount.currency.code(),
            status: p.status.as_str(),
            created_at: p.created_at.clone(),
            arrival_date: p.arrival_date.clone(),
            transactions: p.transactions,
        }
    }
}

/// One transaction in `payouts show`.
#[derive(Serialize)]
struct TxnDoc<'a> {
    reference: &'a str,
    kind: TxnKind,
    source: &'a str,
    gross: String,
    fee: String,
    net: String,
    currency: &'static str,
    description: &'a str,
    created_at: &'a str,
}

impl TxnDoc<'_> {
    fn of(t: &TxnRow) -> TxnDoc<'_> {
        TxnDoc {
            reference: &t.provider_ref,
            kind: t.kind,
            source: &t.source_ref,
            gross: t.gross.to_major_string(),
            fee: t.fee.to_major_string(),
            net: t.net.to_major_string(),
            currency: t.net.currency.code(),
            description: &t.description,
            created_at: &t.created_at,
        }
    }
}

fn opt_amount(m: Option<Money>) -> Value {
    m.map_or(Value::Null, |m| Value::String(m.to_major_string()))
}

pub fn run(ctx: &Ctx, cmd: PayoutsCmd) -> Result<Outcome> {
    match cmd {
        PayoutsCmd::List { since, status } => {
            let store = ctx.open()?;
            let since = since.as_deref().map(clock::parse_user).transpose()?;
            let status = status
                .as_deref()
                .map(str::parse::<PayoutState>)
                .transpose()?;
            let rows = payouts::list(store.conn(), since, status)?;
            ctx.out.rows(rows.iter().map(ListRow::of))?;
            Ok(Outcome::Done)
        }
        PayoutsCmd::Show { id } => {
            let store = ctx.open()?;
            let (row, txns) = payouts::show(store.conn(), payouts::parse_id(&id)?)?;
            let mut doc = serde_json::to_value(ListRow::of(&row))?;
            doc["transactions"] =
                serde_json::to_value(txns.iter().map(TxnDoc::of).collect::<Vec<_>>())?;
            ctx.out.object(&doc)?;
            Ok(Outcome::Done)
        }
        PayoutsCmd::Reconcile(args) => reconcile_cmd(ctx, args),
    }
}

fn reconcile_cmd(ctx: &Ctx, args: ReconcileArgs) -> Result<Outcome> {
    let scope = if let Some(path) = args.report {
        payouts::check_report_path(&path)?;
        Scope::Report(path)
    } else if let Some(id) = args.payout {
        Scope::Payout(payouts::parse_id(&id)?)
    } else if let Some(since) = args.since {
        Scope::Since(clock::parse_user(&since)?)
    } else {
        Scope::All
    };
    let mut store = ctx.open()?;
    let input = payouts::load_input(store.conn(), &scope, ctx.now)?;
    let report = reconcile::reconcile(&input)?;
    let doc = report_json(&report, &scope, ctx);
    store.write(|tx| payouts::store_run(tx, ctx.now, &scope, &report, &doc))?;
    let clean = report.discrepancies.is_empty();
    if !(clean && ctx.out.quiet) {
        ctx.out.object(&doc)?;
    }
    Ok(if clean {
        Outcome::Done
    } else {
        Outcome::Problems
    })
}

fn report_json(report: &reconcile::Report, scope: &Scope, ctx: &Ctx) -> Value {
    let totals: Vec<Value> = report
        .totals
        .iter()
        .map(|(currency, t)| {
            let m = |minor| Money::new(minor, *currency).to_major_string();
            json!({
                "currency": currency.code(),
                "gross": m(t.gross),
                "fees": m(t.fees),
                "refunds": m(t.refunds),
                "adjustments": m(t.adjustments),
                "net": m(t.net),
            })
        })
        .collect();
    let discrepancies: Vec<Value> = report
        .discrepancies
        .iter()
        .map(|d| {
            json!({
                "kind": d.kind.as_str(),
                "payout": d.payout,
                "reference": d.reference,
                "expected": opt_amount(d.expected),
                "actual": opt_amount(d.actual),
                "currency": d.expected.or(d.actual).map(|m| m.currency.code()),
                "detail": d.detail,
            })
        })
        .collect();
    json!({
        "checked_at": clock::format(ctx.now),
        "scope": scope.describe(),
        "result": if discrepancies.is_empty() { "ok" } else { "discrepancies" },
        "payouts_checked": report.payouts_checked,
        "matched": report.matched,
        "transactions_checked": report.transactions_checked,
        "totals": totals,
        "discrepancies": discrepancies,
    })
}
