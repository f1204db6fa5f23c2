//! `shopctl payouts list | show | reconcile`.

use std::path::PathBuf;

use anyhow::Result;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Ctx, args};
use crate::clock;
use crate::error::Outcome;
use crate::model::{DiscrepancyKind, PayoutState, TxnKind};
use crate::money::Money;
use crate::output::{PageArgs, Pick};
use crate::payouts::{self, PayoutRow, Scope, TxnRow, reconcile};

#[derive(Debug, clap::Subcommand)]
pub enum PayoutsCmd {
    /// List payouts, newest first
    #[command(after_help = super::examples!(
        "shopctl payouts list --since 30d",
        "shopctl payouts list --status in_transit",
    ))]
    List {
        /// Only payouts created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339
        #[arg(long, value_name = "DATE", value_parser = args::date)]
        since: Option<Timestamp>,
        /// Only payouts with this status
        #[arg(long, value_parser = args::vocab::<PayoutState>())]
        status: Option<PayoutState>,
        #[command(flatten)]
        page: PageArgs,
        #[command(flatten)]
        pick: Pick,
    },
    /// Show one payout with its transactions
    #[command(after_help = super::examples!("shopctl payouts show P3"))]
    Show {
        /// The payout's id, e.g. P3
        id: String,
    },
    /// Check that payouts add up to the shop's payments, refunds and fees (exit 3 on discrepancies)
    #[command(after_help = super::examples!(
        "shopctl payouts reconcile --since 7d",
        "shopctl --quiet --format json payouts reconcile   # from cron: prints only problems",
        "shopctl payouts reconcile --report itemized_payout_reconciliation.csv",
    ))]
    Reconcile(ReconcileArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// Only payouts created on or after this date (same forms as `payouts list --since`)
    #[arg(long, value_name = "DATE", conflicts_with = "payout", value_parser = args::date)]
    pub since: Option<Timestamp>,
    /// Only this payout
    #[arg(long, value_name = "ID", conflicts_with = "report")]
    pub payout: Option<String>,
    /// Reconcile a Stripe itemized payout reconciliation report (CSV) instead of synced payouts
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "since",
        value_hint = clap::ValueHint::FilePath
    )]
    pub report: Option<PathBuf>,
}

/// One row of `payouts list` (and the head of `payouts show`); its fields, in order of
/// importance, are the JSON keys and the columns.
#[derive(Default, Serialize)]
struct ListRow {
    id: String,
    amount: String,
    currency: &'static str,
    status: &'static str,
    arrival_date: String,
    created_at: String,
    transaction_count: i64,
    provider_ref: String,
}

impl ListRow {
    fn of(p: &PayoutRow) -> ListRow {
        ListRow {
            id: p.label(),
            amount: p.amount.to_major_string(),
            currency: p.amount.currency.code(),
            status: p.status.as_str(),
            // A date (the day the money reaches the bank), stored as midnight UTC of that day.
            arrival_date: p.arrival_date.get(..10).unwrap_or_default().to_string(),
            created_at: p.created_at.clone(),
            transaction_count: p.transactions,
            provider_ref: p.provider_ref.clone(),
        }
    }
}

/// One transaction in `payouts show`.
#[derive(Serialize)]
struct TxnDoc<'a> {
    reference: &'a str,
    kind: TxnKind,
    source_ref: &'a str,
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
            source_ref: &t.source_ref,
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
        PayoutsCmd::List {
            since,
            status,
            page,
            pick,
        } => {
            let store = ctx.open()?;
            let out = ctx.out.picked(&pick);
            let mut rows = out.writer::<ListRow>(page.page())?;
            payouts::each(store.conn(), since, status, out.fetch(page.page()), |p| {
                rows.row(ListRow::of(&p))
            })?;
            rows.finish(|| payouts::count(store.conn(), since, status))?;
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
        Scope::Since(since)
    } else {
        Scope::All
    };
    let mut store = ctx.open()?;
    // A report is read and checked before the write, which stores only the run. The synced
    // payouts' verdicts and marks are kept (`payouts::kept`) in the transaction that stores
    // the run: a run that fails keeps none of them.
    let from_report = match &scope {
        Scope::Report(path) => Some(reconcile::reconcile(&payouts::load_report(
            store.conn(),
            path,
            ctx.now,
        )?)?),
        _ => None,
    };
    let (report, doc) = store.write(|tx| {
        let report = match from_report {
            Some(report) => report,
            None => payouts::kept::reconcile(tx, &scope, ctx.now)?,
        };
        let doc = report_json(&report, &scope, ctx);
        payouts::store_run(tx, ctx.now, &scope, &report, &doc)?;
        Ok((report, doc))
    })?;
    let clean = report.discrepancies.is_empty();
    // The report is what reconcile exists to print, but with --quiet a clean run prints
    // nothing, so that cron mails only when something is wrong.
    if !(clean && ctx.out.quiet) {
        ctx.out.document(&doc, &report_text(&report))?;
        if !clean && ctx.out.format == crate::output::Format::Table {
            ctx.out.picked(&Pick::default()).list(
                &[
                    "kind",
                    "payout",
                    "reference",
                    "expected",
                    "actual",
                    "currency",
                    "detail",
                ],
                doc["discrepancies"]
                    .as_array()
                    .map_or(&[], |v| v.as_slice()),
            )?;
        }
    }
    // Once per kind, in the order they first appear (the rows are by payout, not by kind).
    let mut kinds: Vec<DiscrepancyKind> = Vec::new();
    for d in &report.discrepancies {
        if !kinds.contains(&d.kind) {
            kinds.push(d.kind);
        }
    }
    for kind in kinds {
        ctx.out.hint(&format!("{kind}: {}", what_to_check(kind)));
    }
    Ok(if clean {
        Outcome::Done
    } else {
        Outcome::Problems
    })
}

/// The report in a sentence for people; the discrepancies follow as a table.
fn report_text(report: &reconcile::Report) -> String {
    let n = report.discrepancies.len();
    let mut text = format!(
        "checked {} payout{} ({} transactions): {} matched",
        report.payouts_checked,
        if report.payouts_checked == 1 { "" } else { "s" },
        report.transactions_checked,
        report.matched,
    );
    if n == 0 {
        text.push_str("; everything adds up");
    } else {
        text.push_str(&format!(
            "; {n} discrepanc{}:",
            if n == 1 { "y" } else { "ies" }
        ));
    }
    for (currency, t) in &report.totals {
        let m = |minor| Money::new(minor, *currency);
        text.push_str(&format!(
            "\n{currency}: gross {}, fees {}, refunded {}, adjustments {}, net {}",
            m(t.gross).to_major_string(),
            m(t.fees).to_major_string(),
            m(t.refunds).to_major_string(),
            m(t.adjustments).to_major_string(),
            m(t.net).to_major_string(),
        ));
    }
    text
}

/// What to look at for each kind of discrepancy (said once per kind, on stderr).
fn what_to_check(kind: DiscrepancyKind) -> &'static str {
    match kind {
        DiscrepancyKind::MissingInShop => {
            "the provider paid out money the shop has no record of; run `shopctl sync`, and if \
             it stays, ask the provider what the transaction is"
        }
        DiscrepancyKind::MissingAtProvider => {
            "the shop recorded money that no payout carries; it may come in a later payout, \
             else check the payment in the provider's dashboard"
        }
        DiscrepancyKind::AmountMismatch => {
            "the shop and the provider disagree on an amount; compare `shopctl orders show` \
             with the provider's dashboard"
        }
        DiscrepancyKind::PayoutSumMismatch => {
            "a payout's amount is not the sum of its transactions; compare `shopctl payouts \
             show ID` with the provider's payout report for a missing or extra line"
        }
        DiscrepancyKind::InconsistentTransaction => {
            "the provider's own record does not add up (gross less fee is not its net); compare \
             `shopctl payouts show ID` with the provider's report and ask the provider which \
             figure is right"
        }
        DiscrepancyKind::Duplicate => {
            "one transaction is counted twice; check the provider's report for a double entry \
             (`shopctl payouts show ID` lists what the shop holds)"
        }
        DiscrepancyKind::Unpaid => {
            "captured payments older than the payout schedule are in no payout; run `shopctl \
             sync`, then check the schedule (`shopctl config get payouts.schedule_days`)"
        }
    }
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
                "refunded": m(t.refunds),
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
