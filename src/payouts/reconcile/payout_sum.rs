//! The payout-sum check: what reached the bank must be what the payout's transactions add up
//! to.

use std::cmp::Ordering;

use super::{Discrepancy, DiscrepancyKind, PayoutInput};
use crate::model::TxnKind;
use crate::money::{Money, MoneyError};

/// `payout_sum_mismatch` when the payout's amount is not the sum of its transactions' nets
/// (its own withdrawal line aside), saying by how much it is short or over. A payout whose
/// amount is unknown (a report's) is not judged, but its transactions must still share one
/// currency: mixed currencies are an error, as in any sum of money.
pub(super) fn check(payout: &PayoutInput) -> Result<Option<Discrepancy>, MoneyError> {
    let sum = net_sum(payout)?;
    let (Some(amount), Some(sum)) = (payout.amount, sum) else {
        return Ok(None);
    };
    // `net_sum` adds up in the payout's own currency, so the minor units compare.
    let (direction, by) = match amount.minor.cmp(&sum.minor) {
        Ordering::Equal => return Ok(None),
        Ordering::Less => ("short by", sum.minor - amount.minor),
        Ordering::Greater => ("over by", amount.minor - sum.minor),
    };
    Ok(Some(Discrepancy {
        kind: DiscrepancyKind::PayoutSumMismatch,
        payout: Some(payout.label.clone()),
        reference: payout.provider_ref.clone(),
        expected: Some(sum),
        actual: Some(amount),
        detail: format!(
            "the payout is {amount} but its transactions add up to {sum} ({direction} {})",
            Money::new(by, sum.currency).to_major_string()
        ),
    }))
}

/// The payout's transactions added up in the payout's currency (else the first
/// transaction's); `None` for a payout with neither an amount nor transactions.
fn net_sum(payout: &PayoutInput) -> Result<Option<Money>, MoneyError> {
    let currency = payout
        .amount
        .map(|a| a.currency)
        .or_else(|| payout.transactions.first().map(|t| t.net.currency));
    let Some(currency) = currency else {
        return Ok(None);
    };
    let mut sum = Money::zero(currency);
    for t in payout
        .transactions
        .iter()
        .filter(|t| t.kind != TxnKind::Payout)
    {
        sum = sum.checked_add(t.net)?;
    }
    Ok(Some(sum))
}

#[cfg(test)]
mod tests {
    use super::super::TxnInput;
    use super::super::fixtures::*;
    use super::*;
    use crate::money::Currency;

    fn payout(amount: Option<i64>, transactions: Vec<TxnInput>) -> PayoutInput {
        PayoutInput {
            label: "P1".into(),
            provider_ref: "po_1".into(),
            amount: amount.map(sgd),
            transactions,
        }
    }

    /// A charge of 10.00 (fee 0.84), a refund of 2.00, and the report's own payout line.
    fn txns() -> Vec<TxnInput> {
        vec![
            charge("txn_1", "pay_1", 1000, 84),
            other("txn_2", TxnKind::Refund, "re_1", -200),
            other("txn_po", TxnKind::Payout, "", -716),
        ]
    }

    #[test]
    fn the_payout_must_be_the_sum_of_its_transactions() {
        // (payout amount, discrepancy detail or none)
        let cases = [
            (Some(716), None),
            (
                Some(700),
                Some(
                    "the payout is 7.00 SGD but its transactions add up to 7.16 SGD (short by 0.16)",
                ),
            ),
            (
                Some(800),
                Some(
                    "the payout is 8.00 SGD but its transactions add up to 7.16 SGD (over by 0.84)",
                ),
            ),
            (None, None),
        ];
        for (amount, detail) in cases {
            let found = check(&payout(amount, txns())).unwrap();
            assert_eq!(
                found.as_ref().map(|d| d.detail.as_str()),
                detail,
                "{amount:?}"
            );
            let Some(d) = found else { continue };
            assert_eq!(d.kind, DiscrepancyKind::PayoutSumMismatch);
            assert_eq!(
                (d.payout.as_deref(), d.reference.as_str()),
                (Some("P1"), "po_1")
            );
            assert_eq!((d.expected, d.actual), (Some(sgd(716)), amount.map(sgd)));
        }
    }

    #[test]
    fn a_payout_with_no_transactions_must_be_zero() {
        assert!(check(&payout(Some(0), vec![])).unwrap().is_none());
        assert!(check(&payout(None, vec![])).unwrap().is_none());
        let d = check(&payout(Some(100), vec![])).unwrap().unwrap();
        assert_eq!(d.expected, Some(sgd(0)));
    }

    #[test]
    fn mixed_currencies_are_an_error_even_when_the_amount_is_unknown() {
        let mut t = txns();
        t[1].net = Money::new(-200, Currency::from_code("USD").unwrap());
        for amount in [Some(716), None] {
            assert!(
                matches!(
                    check(&payout(amount, t.clone())),
                    Err(MoneyError::Mixed(..))
                ),
                "{amount:?}"
            );
        }
    }
}
