//! Stripe's "Itemized payout reconciliation" report (CSV) as reconciliation input, for
//! merchants who download the report instead of syncing.
//!
//! Columns are found by name: `automatic_payout_id`, `balance_transaction_id`, `created_utc`,
//! `currency`, `gross`, `fee`, `net`, `reporting_category`, `source_id`, `payment_intent_id`,
//! `charge_id`. Amounts are in major units (`12.50`), currencies lower-case (`sgd`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
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

/// Where the columns are in one report's header row.
struct Columns {
    payout: usize,
    txn: usize,
    currency: usize,
    gross: usize,
    fee: usize,
    net: usize,
    category: usize,
    /// `source_id`, `payment_intent_id`, `charge_id`, those present: the names of the payment
    /// or refund a transaction is for.
    sources: Vec<usize>,
    created: Option<usize>,
}

impl Columns {
    /// Finds the columns by name (a byte-order mark on the first is ignored); all missing
    /// required ones are named at once.
    fn find(headers: &csv::StringRecord, name: &str) -> Result<Columns> {
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
        Ok(Columns {
            payout: idx("automatic_payout_id"),
            txn: idx("balance_transaction_id"),
            currency: idx("currency"),
            gross: idx("gross"),
            fee: idx("fee"),
            net: idx("net"),
            category: idx("reporting_category"),
            sources: ["source_id", "payment_intent_id", "charge_id"]
                .iter()
                .filter_map(|c| col(c))
                .collect(),
            created: col("created_utc"),
        })
    }

    /// One row as (payout id, transaction, when it was created); `None` for a row not paid
    /// out yet, which belongs to no payout to reconcile.
    fn row(&self, record: &csv::StringRecord) -> Result<Option<ReportRow>> {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let kind = kind_of(field(self.category));
        let payout = field(self.payout).to_string();
        if payout.is_empty() {
            return Ok(None);
        }
        let currency =
            Currency::from_code(field(self.currency)).map_err(|e| anyhow!("currency: {e}"))?;
        let amount = |i: usize, col: &str| {
            Money::parse(field(i), currency, ParseOptions::default())
                .map_err(|e| anyhow!("{col} {e}"))
        };
        let gross = amount(self.gross, "gross")?;
        let fee = amount(self.fee, "fee")?;
        let net = amount(self.net, "net")?;
        if gross.checked_sub(fee)? != net {
            bail!(
                "net \"{}\" is not gross {} minus fee {}",
                field(self.net),
                gross.to_major_string(),
                fee.to_major_string()
            );
        }
        let created = match self.created.map(field).filter(|t| !t.is_empty()) {
            Some(text) => Some(
                parse_report_time(text)
                    .with_context(|| format!("created_utc \"{text}\" is not a time"))?,
            ),
            None => None,
        };
        let source_refs = self
            .sources
            .iter()
            .map(|&i| field(i).to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let txn = TxnInput {
            provider_ref: field(self.txn).to_string(),
            kind,
            source_refs,
            gross,
            fee,
            net,
        };
        Ok(Some(ReportRow {
            payout,
            txn,
            created,
        }))
    }
}

/// One paid-out row of a report.
struct ReportRow {
    payout: String,
    txn: TxnInput,
    created: Option<Timestamp>,
}

/// Reads a whole report, all or nothing: every invalid row is named (file and line) and then
/// nothing is reconciled.
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
    let columns = Columns::find(&headers, &name)?;

    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<TxnInput>> = BTreeMap::new();
    let mut errors = Vec::new();
    let (mut earliest, mut latest): (Option<Timestamp>, Option<Timestamp>) = (None, None);
    let mut record = csv::StringRecord::new();
    while rdr
        .read_record(&mut record)
        .map_err(|e| anyhow!("{name}: {e}"))?
    {
        let line = record.position().map_or(0, |p| p.line());
        match columns.row(&record) {
            Ok(Some(row)) => {
                if let Some(at) = row.created {
                    earliest = Some(earliest.map_or(at, |e| e.min(at)));
                    latest = Some(latest.map_or(at, |l| l.max(at)));
                }
                if !groups.contains_key(&row.payout) {
                    order.push(row.payout.clone());
                }
                groups.entry(row.payout).or_default().push(row.txn);
            }
            Ok(None) => {}
            Err(e) => errors.push(format!("{name}:{line}: {e:#}")),
        }
    }
    if !errors.is_empty() {
        bail!(invalid_rows(&errors));
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

/// The refusal of a report with invalid rows: the first twenty, and how many more.
fn invalid_rows(errors: &[String]) -> String {
    let shown = errors.len().min(20);
    let mut text = errors[..shown].join("\n");
    if errors.len() > shown {
        text.push_str(&format!("\n... and {} more", errors.len() - shown));
    }
    format!(
        "the report has {} invalid row(s); nothing was reconciled:\n{text}",
        errors.len()
    )
}

/// Stripe writes `2026-11-18 09:00:00` (UTC, no zone) in its CSV reports; RFC 3339 also goes.
fn parse_report_time(text: &str) -> Result<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    let dt: jiff::civil::DateTime = text.parse()?;
    Ok(dt.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    const HEAD: &str = "\u{feff}automatic_payout_id,balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,charge_id,payment_intent_id\n";

    #[test]
    fn rows_group_by_payout_in_order_and_the_span_covers_the_paid_out_rows() {
        let (_dir, path) = report(&format!(
            "{HEAD}\
             po_2,txn_a,2026-11-17 10:00:00,sgd,25.00,1.35,23.65,charge,ch_a,pi_a\n\
             po_1,txn_b,2026-11-16T08:00:00Z,SGD,-5.00,0.00,-5.00,refund,,\n\
             ,txn_c,2026-11-10 00:00:00,sgd,9.00,0.00,9.00,charge,ch_c,pi_c\n\
             po_2,txn_d,2026-11-18 09:00:00,sgd,0.00,0.50,-0.50,network_cost,ch_a,\n"
        ));
        let data = read(&path).unwrap();
        let ids: Vec<&str> = data.payouts.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(ids, ["po_2", "po_1"], "in the order payouts first appear");
        let po_2 = &data.payouts[0];
        assert_eq!((po_2.provider_ref.as_str(), po_2.amount), ("po_2", None));
        let t = &po_2.transactions;
        assert_eq!((t[0].kind, t[1].kind), (TxnKind::Charge, TxnKind::Fee));
        // In the order source_id, payment_intent_id, charge_id, whatever the columns' order.
        assert_eq!(t[0].source_refs, ["pi_a", "ch_a"]);
        assert_eq!(t[0].net.to_major_string(), "23.65");
        assert!(data.payouts[1].transactions[0].source_refs.is_empty());
        assert_eq!(data.earliest, Some("2026-11-16T08:00:00Z".parse().unwrap()));
        assert_eq!(data.latest, Some("2026-11-18T09:00:00Z".parse().unwrap()));
    }

    #[test]
    fn every_invalid_row_is_named_and_nothing_is_returned() {
        let mut text = HEAD.to_string();
        text.push_str("po_1,txn_t,yesterday,sgd,1.00,0.00,1.00,charge,,\n");
        text.push_str("po_1,txn_c,,zzz,1.00,0.00,1.00,charge,,\n");
        for i in 0..21 {
            text.push_str(&format!("po_1,txn_{i},,sgd,1.005,0.00,1.005,charge,,\n"));
        }
        let (_dir, path) = report(&text);
        let e = format!("{:#}", read(&path).err().unwrap());
        assert!(e.starts_with("the report has 23 invalid row(s)"), "{e}");
        assert!(
            e.contains(":2: created_utc \"yesterday\" is not a time"),
            "{e}"
        );
        assert!(
            e.contains(":3: currency: unknown currency code \"zzz\""),
            "{e}"
        );
        assert!(
            e.contains(":4: gross \"1.005\": SGD has 2 decimal places"),
            "{e}"
        );
        assert!(e.ends_with("\n... and 3 more"), "twenty shown: {e}");
    }

    #[test]
    fn stripe_categories_fold_onto_the_shops_kinds() {
        for (category, kind) in [
            ("charge", TxnKind::Charge),
            ("partial_capture_reversal", TxnKind::Refund),
            ("network_cost", TxnKind::Fee),
            ("payout_reversal", TxnKind::Payout),
            ("dispute", TxnKind::Adjustment),
        ] {
            assert_eq!(kind_of(category), kind, "{category}");
        }
    }
}
