//! The transaction-sum check: a provider's transaction must add up on its own, gross less fee
//! being net, whatever kind it is and whatever the payout's sum says.
//!
//! A payout's sum is made of nets, so a fee raised with the net left alone passes every other
//! rule: the shop would be charged a fee it never sees taken. Such a record is reported for a
//! person to ask the provider about.

use super::{Discrepancy, DiscrepancyKind, TxnInput};
use crate::money::MoneyError;

/// `inconsistent_transaction` when `gross - fee != net`, with what the net should be
/// (`expected`) and what the provider says it is (`actual`). Amounts in different currencies
/// within one transaction are an error, as in any sum of money.
pub(super) fn check(t: &TxnInput, payout: &str) -> Result<Option<Discrepancy>, MoneyError> {
    let should = t.gross.checked_sub(t.fee)?;
    if should == t.net {
        return Ok(None);
    }
    Ok(Some(Discrepancy {
        kind: DiscrepancyKind::InconsistentTransaction,
        payout: Some(payout.to_string()),
        reference: t.provider_ref.clone(),
        expected: Some(should),
        actual: Some(t.net),
        detail: format!(
            "this {} does not add up: gross {} less fee {} is {should}, but its net is {}",
            t.kind, t.gross, t.fee, t.net
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::model::TxnKind;
    use crate::money::{Currency, Money};

    /// A transaction with the three amounts as given, in SGD minor units.
    fn txn(kind: TxnKind, gross: i64, fee: i64, net: i64) -> TxnInput {
        TxnInput {
            provider_ref: "txn_1".into(),
            kind,
            source_refs: vec!["pay_1".into()],
            gross: sgd(gross),
            fee: sgd(fee),
            net: sgd(net),
        }
    }

    #[test]
    fn a_transaction_adds_up_or_is_reported() {
        use TxnKind::*;
        // (kind, gross, fee, net, what the net should be when it is not)
        let cases = [
            (Charge, 1000, 84, 916, None),
            (Charge, 1000, 0, 1000, None),
            (Refund, -200, 0, -200, None),
            (Fee, 0, 84, -84, None),
            (Adjustment, -150, 0, -150, None),
            // The case: the fee raised by a cent, the net left alone.
            (Charge, 1000, 85, 916, Some(915)),
            (Charge, 1000, 84, 917, Some(916)),
            (Refund, -200, 0, 200, Some(-200)),
            (Fee, 0, 84, 84, Some(-84)),
            (Adjustment, -150, 0, -100, Some(-150)),
        ];
        for (kind, gross, fee, net, should) in cases {
            let found = check(&txn(kind, gross, fee, net), "P4").unwrap();
            assert_eq!(
                found.as_ref().map(|d| d.expected),
                should.map(|s| Some(sgd(s))),
                "{kind} {gross} - {fee} = {net}"
            );
            let Some(d) = found else { continue };
            assert_eq!(d.kind, DiscrepancyKind::InconsistentTransaction);
            assert_eq!(
                (d.payout.as_deref(), d.reference.as_str()),
                (Some("P4"), "txn_1")
            );
            assert_eq!(d.actual, Some(sgd(net)));
        }
    }

    #[test]
    fn the_detail_shows_the_sum_that_fails() {
        let d = check(&txn(TxnKind::Charge, 1000, 85, 916), "P4")
            .unwrap()
            .unwrap();
        assert_eq!(
            d.detail,
            "this charge does not add up: gross 10.00 SGD less fee 0.85 SGD is 9.15 SGD, but its net is 9.16 SGD"
        );
    }

    #[test]
    fn mixed_currencies_in_one_transaction_are_an_error() {
        let mut t = txn(TxnKind::Charge, 1000, 84, 916);
        t.fee = Money::new(84, Currency::from_code("USD").unwrap());
        assert!(matches!(check(&t, "P4"), Err(MoneyError::Mixed(..))));
    }
}
