//! The charge matcher: a charge in a payout must be a payment the shop captured, for the
//! amount it captured, paid out once.

use super::{Discrepancy, DiscrepancyKind, Seen, ShopIndex, TxnInput, source_key};

/// Judges one charge. In order: `duplicate` when its payment was paid out before (in this
/// payout or an earlier one), `missing_in_shop` when the shop captured no such payment,
/// `amount_mismatch` when the shop captured another amount. Remembers the payment as paid
/// out, and its fee as taken when the charge carried one (see `fees`).
pub(super) fn check<'a>(
    t: &'a TxnInput,
    payout: &str,
    shop: &ShopIndex<'a>,
    seen: &mut Seen<'a>,
) -> Option<Discrepancy> {
    let paid = shop.payment(&t.source_refs);
    let key = source_key(t, paid);
    if let Some(first) = seen.charges.get(key) {
        return Some(Discrepancy {
            kind: DiscrepancyKind::Duplicate,
            payout: Some(payout.to_string()),
            reference: t.provider_ref.clone(),
            expected: paid.map(|s| s.amount),
            actual: Some(t.gross),
            detail: format!("payment {key} was paid out again (first in transaction {first})"),
        });
    }
    seen.charges.insert(key, &t.provider_ref);
    if t.fee.minor != 0 {
        seen.fees.insert(key);
    }
    match paid {
        None => Some(Discrepancy {
            kind: DiscrepancyKind::MissingInShop,
            payout: Some(payout.to_string()),
            reference: t.provider_ref.clone(),
            expected: None,
            actual: Some(t.gross),
            detail: format!(
                "charge for {} is in the payout but the shop has no such captured payment",
                if t.source_refs.is_empty() {
                    "an unknown payment".to_string()
                } else {
                    t.source_refs.join("/")
                }
            ),
        }),
        Some(s) if s.amount != t.gross => Some(Discrepancy {
            kind: DiscrepancyKind::AmountMismatch,
            payout: Some(payout.to_string()),
            reference: s.provider_ref.clone(),
            expected: Some(s.amount),
            actual: Some(t.gross),
            detail: format!(
                "the shop captured {} but the provider paid out a charge of {}",
                s.amount, t.gross
            ),
        }),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    /// One charge against a shop that captured `pay_1` (10.00) and `pay_2` (5.00).
    /// `Seen` borrows the names it keeps, so what it is handed here outlives the test.
    fn judge(t: &TxnInput, seen: &mut Seen<'static>) -> Option<Discrepancy> {
        let payments = leak(vec![shop_money("pay_1", 1000), shop_money("pay_2", 500)]);
        check(leak(t.clone()), "P1", &ShopIndex::new(payments, &[]), seen)
    }

    #[test]
    fn each_charge_is_judged_against_the_captured_payment() {
        use DiscrepancyKind::*;
        let no_refs = TxnInput {
            source_refs: vec![],
            ..charge("txn_x", "", 300, 0)
        };
        let by_charge_id = TxnInput {
            source_refs: vec!["ch_1".into(), "pay_2".into()],
            ..charge("txn_c", "", 500, 7)
        };
        // (charge, kind found, its reference, expected, actual, words in the detail)
        let cases = [
            (charge("txn_1", "pay_1", 1000, 84), None, "", None, None, ""),
            (by_charge_id, None, "", None, None, ""),
            (
                charge("txn_2", "pay_2", 600, 7),
                Some(AmountMismatch),
                "pay_2",
                Some(500),
                Some(600),
                "the shop captured 5.00 SGD but the provider paid out a charge of 6.00 SGD",
            ),
            (
                charge("txn_9", "pay_9", 700, 10),
                Some(MissingInShop),
                "txn_9",
                None,
                Some(700),
                "charge for pay_9 is in the payout",
            ),
            (
                no_refs,
                Some(MissingInShop),
                "txn_x",
                None,
                Some(300),
                "charge for an unknown payment",
            ),
        ];
        for (t, kind, reference, expected, actual, words) in cases {
            let found = judge(&t, &mut Seen::default());
            assert_eq!(found.as_ref().map(|d| d.kind), kind, "{}", t.provider_ref);
            let Some(d) = found else { continue };
            assert_eq!(d.payout.as_deref(), Some("P1"));
            assert_eq!(d.reference, reference);
            assert_eq!((d.expected, d.actual), (expected.map(sgd), actual.map(sgd)));
            assert!(d.detail.contains(words), "{}", d.detail);
        }
    }

    #[test]
    fn a_payment_paid_out_twice_is_a_duplicate_the_second_time() {
        let mut seen = Seen::default();
        assert_eq!(judge(&charge("txn_1", "pay_1", 1000, 84), &mut seen), None);
        let d = judge(&charge("txn_7", "pay_1", 1000, 84), &mut seen).unwrap();
        assert_eq!(d.kind, DiscrepancyKind::Duplicate);
        assert_eq!(d.reference, "txn_7");
        assert_eq!((d.expected, d.actual), (Some(sgd(1000)), Some(sgd(1000))));
        assert_eq!(
            d.detail,
            "payment pay_1 was paid out again (first in transaction txn_1)"
        );
        // An unknown payment is counted under the provider's name for it.
        assert!(judge(&charge("txn_8", "pay_9", 100, 0), &mut seen).is_some());
        let d = judge(&charge("txn_9", "pay_9", 100, 0), &mut seen).unwrap();
        assert_eq!((d.kind, d.expected), (DiscrepancyKind::Duplicate, None));
    }

    #[test]
    fn a_charge_that_carried_a_fee_marks_the_fee_as_taken() {
        let mut seen = Seen::default();
        judge(&charge("txn_1", "pay_1", 1000, 84), &mut seen);
        judge(&charge("txn_2", "pay_2", 500, 0), &mut seen);
        assert!(seen.fees.contains("pay_1"));
        assert!(!seen.fees.contains("pay_2"), "no fee on that charge");
        assert_eq!(seen.charges["pay_2"], "txn_2");
    }
}
