//! Stripe's "Itemized payout reconciliation" report (CSV) as reconciliation input, for
//! merchants who download the report instead of syncing.
//!
//! Columns are found by name: `automatic_payout_id`, `balance_transaction_id`, `created_utc`,
//! `currency`, `gross`, `fee`, `net`, `reporting_category`, `source_id`, `payment_intent_id`,
//! `charge_id`. Amounts are in major units (`12.50`), currencies lower-case (`sgd`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;

use super::reconcile::{PayoutInput, TxnInput};
use crate::model::TxnKind;
use crate::money::{Currency, Money, ParseOptions};

/// The transactions of a report, grouped by payout (in the order payouts first appear), and
/// the span of time the report covers.
pub struct ReportData {
    pub payouts: Vec<PayoutInput>,
    pub earliest: Option<Timestamp>,
    pub latest: Option<Timestamp>,
}

const REQUIRED: [&str; 7] = [
    "automatic_payout_id",
    "balance_transaction_id",
    "currency",
    "gross",
    "fee",
    "net",
    "reporting_category",
];

/// Stripe's reporting categories, folded onto the shop's kinds. Anything unknown is treated
/// as an adjustment, which reconciliation reports for a person to look at.
fn kind_of(category: &str) -> TxnKind {
    match category {
        "charge" => TxnKind::Charge,
        "refund" | "partial_capture_reversal" => TxnKind::Refund,
        "fee" | "network_cost" => TxnKind::Fee,
        "payout" | "payout_reversal" => TxnKind::Payout,
        _ => TxnKind::Adjustment,
    }
}

pub fn read(path: &Path) -> Result<ReportData> {
    let name = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("cannot read the report {name}"))?;
    let headers = rdr
        .headers()
        .with_context(|| format!("{name}: cannot read the header row"))?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == n)
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        bail!(
            "{name}: not a Stripe itemized payout reconciliation report: missing column{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        );
    }
    let idx = |n: &str| col(n).expect("checked above");
    let (i_payout, i_txn, i_cur, i_gross, i_fee, i_net, i_cat) = (
        idx("automatic_payout_id"),
        idx("balance_transaction_id"),
        idx("currency"),
        idx("gross"),
        idx("fee"),
        idx("net"),
        idx("reporting_category"),
    );
    let optional: Vec<usize> = ["source_id", "payment_intent_id", "charge_id"]
        .iter()
        .filter_map(|c| col(c))
        .collect();
    let i_created = col("created_utc");

    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<TxnInput>> = BTreeMap::new();
    let mut errors = Vec::new();
    let (mut earliest, mut latest): (Option<Timestamp>, Option<Timestamp>) = (None, None);
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => bail!("{name}: {e}"),
        }
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let row = (|| -> Result<Option<(String, TxnInput)>> {
            let kind = kind_of(field(i_cat));
            let payout = field(i_payout).to_string();
            if payout.is_empty() {
                // Not paid out yet: not part of any payout to reconcile.
                return Ok(None);
            }
            let currency =
                Currency::from_code(field(i_cur)).map_err(|e| anyhow::anyhow!("currency: {e}"))?;
            let amount = |i: usize, col: &str| {
                Money::parse(field(i), currency, ParseOptions::default())
                    .map_err(|e| anyhow::anyhow!("{col} {e}"))
            };
            let gross = amount(i_gross, "gross")?;
            let fee = amount(i_fee, "fee")?;
            let net = amount(i_net, "net")?;
            if gross.checked_sub(fee)? != net {
                bail!(
                    "net \"{}\" is not gross {} minus fee {}",
                    field(i_net),
                    gross.to_major_string(),
                    fee.to_major_string()
                );
            }
            if let Some(i) = i_created {
                let text = field(i);
                if !text.is_empty() {
                    let at = parse_report_time(text)
                        .with_context(|| format!("created_utc \"{text}\" is not a time"))?;
                    earliest = Some(earliest.map_or(at, |e| e.min(at)));
                    latest = Some(latest.map_or(at, |l| l.max(at)));
                }
            }
            let source_refs = optional
                .iter()
                .map(|&i| field(i).to_string())
                .filter(|s| !s.is_empty())
                .collect();
            Ok(Some((
                payout,
                TxnInput {
                    provider_ref: field(i_txn).to_string(),
                    kind,
                    source_refs,
                    gross,
                    fee,
                    net,
                },
            )))
        })();
        match row {
            Ok(Some((payout, txn))) => {
                if !groups.contains_key(&payout) {
                    order.push(payout.clone());
                }
                groups.entry(payout).or_default().push(txn);
            }
            Ok(None) => {}
            Err(e) => errors.push(format!("{name}:{line}: {e:#}")),
        }
    }
    if !errors.is_empty() {
        let shown = errors.len().min(20);
        let mut text = errors[..shown].join("\n");
        if errors.len() > shown {
            text.push_str(&format!("\n... and {} more", errors.len() - shown));
        }
        bail!(
            "the report has {} invalid row(s); nothing was reconciled:\n{text}",
            errors.len()
        );
    }
    let payouts = order
        .into_iter()
        .map(|p| PayoutInput {
            label: p.clone(),
            provider_ref: p.clone(),
            amount: None,
            transactions: groups.remove(&p).unwrap_or_default(),
        })
        .collect();
    Ok(ReportData {
        payouts,
        earliest,
        latest,
    })
}

/// Stripe writes `2026-11-18 09:00:00` (UTC, no zone) in its CSV reports; RFC 3339 also goes.
fn parse_report_time(text: &str) -> Result<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    let dt: jiff::civil::DateTime = text.parse()?;
    Ok(dt.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp())
}
