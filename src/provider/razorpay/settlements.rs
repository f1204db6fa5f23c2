//! Razorpay's settlements as the shop's payouts, and the rows of its settlement recon
//! (`/v1/settlements/recon/combined`) as the balance transactions that make one up, so that
//! `payouts reconcile` judges an Indian shop exactly as it judges a Stripe one. Pure: the
//! entities come in parsed, `pull` fetches them.
//!
//! Fees: Razorpay's `fee` on a payment is its fee including the GST on it, and `tax` is that
//! GST (razorpay.com/docs/api/payments, "fee (including GST)"); a payment's recon row credits
//! `amount - fee`. A charge is written with `gross` = the payment, `fee` = the fee with its
//! GST, `net` = what the settlement should carry for it. When a row's credit says Razorpay took
//! the fee and the GST on top of it (`amount - fee - tax`), that is read as a fee without GST;
//! when it took anything else, the stated fee and GST are kept, so that the settlement's
//! amount no longer adds up and reconcile reports by how much (`payout_sum_mismatch`).

use super::amounts::{from_razorpay_amount, inr};
use super::objects::{Entity, ReconItem, Settlement, SettlementStatus};
use crate::model::{BalanceTransaction, PayoutState, RemotePayout, TxnKind};
use crate::money::Money;
use crate::provider::ProviderResult;

/// A settlement as a payout. Razorpay has no arrival date: a processed settlement has reached
/// the bank when it was made.
pub fn remote_payout(s: &Settlement) -> ProviderResult<RemotePayout> {
    let at = s.time("created_at", s.created_at)?;
    Ok(RemotePayout {
        provider_ref: s.id.clone(),
        amount: inr(s.amount),
        state: match s.status {
            SettlementStatus::Processed => PayoutState::Paid,
            // A failed settlement is retried by Razorpay and may still be processed.
            SettlementStatus::Failed => PayoutState::Failed,
            SettlementStatus::Created | SettlementStatus::Other => PayoutState::InTransit,
        },
        created_at: at,
        arrival_date: at,
    })
}

/// The fee and net of a payment row (see the module doc).
fn charge_fee(row: &ReconItem) -> (i64, i64) {
    let taken = row.amount - row.credit + row.debit;
    if taken == row.fee + row.tax && row.tax != 0 {
        (row.fee + row.tax, row.amount - row.fee - row.tax)
    } else {
        (row.fee, row.amount - row.fee)
    }
}

/// "Razorpay fee 11.80 incl. GST 1.80 (upi payment)".
fn fee_text(fee: Money, tax: Money, what: &str) -> String {
    if fee.minor == 0 {
        return what.to_owned();
    }
    format!(
        "Razorpay fee {} incl. GST {} ({what})",
        fee.to_major_string(),
        tax.to_major_string()
    )
}

/// The transactions of one settlement, from its recon rows (those of other settlements are
/// left out), plus the settlement's own fee when it has one (an instant settlement). Each
/// transaction's reference is `SETTLEMENT/ENTITY`, as a payment may be settled twice (which
/// reconcile reports) and a reference is recorded once.
pub fn transactions(s: &Settlement, rows: &[ReconItem]) -> ProviderResult<Vec<BalanceTransaction>> {
    let mut out: Vec<BalanceTransaction> = Vec::new();
    for row in rows
        .iter()
        .filter(|r| r.settlement_id.as_deref() == Some(s.id.as_str()))
    {
        let money = |v: i64| from_razorpay_amount(v, &row.currency);
        let what = row.description.clone().unwrap_or_else(|| row.kind.clone());
        let (kind, gross, fee, net, tax) = match row.kind.as_str() {
            "payment" => {
                let (fee, net) = charge_fee(row);
                (TxnKind::Charge, row.amount, fee, net, row.tax)
            }
            "refund" => {
                let fee = row.debit - row.amount;
                (TxnKind::Refund, -row.amount, fee, -row.debit, row.tax)
            }
            // Transfers (Route) and adjustments move money the shop did not record.
            _ => {
                let net = row.credit - row.debit;
                (TxnKind::Adjustment, net, 0, net, 0)
            }
        };
        let mut reference = format!("{}/{}", s.id, row.entity_id);
        let repeats = out
            .iter()
            .filter(|t| t.provider_ref.split('#').next() == Some(reference.as_str()))
            .count();
        if repeats > 0 {
            reference = format!("{reference}#{}", repeats + 1);
        }
        out.push(BalanceTransaction {
            provider_ref: reference,
            kind,
            source_ref: match kind {
                TxnKind::Charge | TxnKind::Refund => row.entity_id.clone(),
                _ => String::new(),
            },
            gross: money(gross)?,
            fee: money(fee)?,
            net: money(net)?,
            description: fee_text(money(fee)?, money(tax)?, &what),
            created_at: row.time("created_at", row.created_at)?,
        });
    }
    if s.fees != 0 {
        out.push(BalanceTransaction {
            provider_ref: format!("{}/fee", s.id),
            kind: TxnKind::Fee,
            source_ref: String::new(),
            gross: inr(0),
            fee: inr(s.fees),
            net: inr(-s.fees),
            description: fee_text(inr(s.fees), inr(s.tax), "settlement fee"),
            created_at: s.time("created_at", s.created_at)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::provider::razorpay::objects::parse;

    fn settlement(amount: i64, fees: i64, tax: i64) -> Settlement {
        parse(
            json!({"id": "setl_1", "entity": "settlement", "amount": amount,
            "status": "processed", "fees": fees, "tax": tax, "utr": "UTR1",
            "created_at": 1795300000}),
        )
        .unwrap()
    }

    fn row(
        id: &str,
        kind: &str,
        amount: i64,
        fee: i64,
        tax: i64,
        credit: i64,
        debit: i64,
    ) -> ReconItem {
        parse(
            json!({"entity_id": id, "type": kind, "amount": amount, "fee": fee, "tax": tax,
            "credit": credit, "debit": debit, "currency": "INR", "settlement_id": "setl_1",
            "description": null, "created_at": 1795200000}),
        )
        .unwrap()
    }

    #[test]
    fn a_payment_row_carries_the_fee_with_its_gst() {
        // ₹1,298.00 by UPI; fee ₹25.96 incl. GST ₹3.96; credit = amount - fee.
        let rows = [row("pay_1", "payment", 129800, 2596, 396, 127204, 0)];
        let t = transactions(&settlement(127204, 0, 0), &rows).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].kind, t[0].source_ref.as_str()),
            (TxnKind::Charge, "pay_1")
        );
        assert_eq!(
            (t[0].gross, t[0].fee, t[0].net),
            (inr(129800), inr(2596), inr(127204))
        );
        assert_eq!(t[0].provider_ref, "setl_1/pay_1");
        assert_eq!(
            t[0].description,
            "Razorpay fee 25.96 incl. GST 3.96 (payment)"
        );
    }

    #[test]
    fn a_row_whose_fee_leaves_out_its_gst_still_adds_up() {
        let rows = [row("pay_1", "payment", 100000, 2000, 360, 97640, 0)];
        let t = transactions(&settlement(97640, 0, 0), &rows).unwrap();
        assert_eq!((t[0].fee, t[0].net), (inr(2360), inr(97640)));
    }

    #[test]
    fn a_row_that_took_more_than_its_fee_keeps_the_stated_fee() {
        // Razorpay credited ₹1.00 less than the fee and GST it states: the net is what it
        // should have credited, so the settlement falls short of its transactions.
        let rows = [row("pay_1", "payment", 129800, 2596, 396, 127104, 0)];
        let t = transactions(&settlement(127104, 0, 0), &rows).unwrap();
        assert_eq!((t[0].fee, t[0].net), (inr(2596), inr(127204)));
    }

    #[test]
    fn refunds_adjustments_and_a_settlement_fee() {
        let rows = [
            row("rfnd_1", "refund", 49900, 0, 0, 0, 49900),
            row("adj_1", "adjustment", 500, 0, 0, 0, 500),
            row("pay_9", "payment", 100, 0, 0, 100, 0),
        ];
        let mut rows = rows.to_vec();
        rows[2].settlement_id = Some("setl_other".into());
        let t = transactions(&settlement(-50400 - 590, 500, 90), &rows).unwrap();
        assert_eq!(t.len(), 3, "the other settlement's row is left out: {t:#?}");
        assert_eq!(
            (t[0].kind, t[0].source_ref.as_str()),
            (TxnKind::Refund, "rfnd_1")
        );
        assert_eq!((t[0].gross, t[0].net), (inr(-49900), inr(-49900)));
        assert_eq!(
            (t[1].kind, t[1].net, t[1].source_ref.as_str()),
            (TxnKind::Adjustment, inr(-500), "")
        );
        assert_eq!((t[2].kind, t[2].net), (TxnKind::Fee, inr(-500)));
        assert_eq!(
            t[2].description,
            "Razorpay fee 5.00 incl. GST 0.90 (settlement fee)"
        );
    }

    #[test]
    fn a_payment_settled_twice_in_one_settlement_keeps_both_rows() {
        let rows = [
            row("pay_1", "payment", 1000, 0, 0, 1000, 0),
            row("pay_1", "payment", 1000, 0, 0, 1000, 0),
        ];
        let t = transactions(&settlement(2000, 0, 0), &rows).unwrap();
        let refs: Vec<&str> = t.iter().map(|t| t.provider_ref.as_str()).collect();
        assert_eq!(refs, ["setl_1/pay_1", "setl_1/pay_1#2"]);
    }

    #[test]
    fn settlement_states() {
        let mut s = settlement(100, 0, 0);
        assert_eq!(remote_payout(&s).unwrap().state, PayoutState::Paid);
        s.status = SettlementStatus::Created;
        assert_eq!(remote_payout(&s).unwrap().state, PayoutState::InTransit);
        s.status = SettlementStatus::Failed;
        assert_eq!(remote_payout(&s).unwrap().state, PayoutState::Failed);
    }
}
