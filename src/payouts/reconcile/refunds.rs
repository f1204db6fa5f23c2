//! The refund matcher: a refund taken from a payout must be a refund the shop made, for the
//! amount it refunded, taken once.

use super::{Discrepancy, DiscrepancyKind, Seen, ShopIndex, TxnInput, negate, source_key};

/// Judges one refund transaction (its gross is negative: money going back). In order:
/// `duplicate` when its refund was taken before, `missing_in_shop` when the shop has no such
/// refund, `amount_mismatch` when the shop refunded another amount. Remembers the refund as
/// taken, so that `unpaid` does not report it.
pub(super) fn check<'a>(
    t: &'a TxnInput,
    payout: &str,
    shop: &ShopIndex<'a>,
    seen: &mut Seen<'a>,
) -> Option<Discrepancy> {
    let made = shop.refund(&t.source_refs);
    let key = source_key(t, made);
    let refunded = negate(t.gross);
    if let Some(first) = seen.refunds.get(key) {
        return Some(Discrepancy {
            kind: DiscrepancyKind::Duplicate,
            payout: Some(payout.to_string()),
            reference: t.provider_ref.clone(),
            expected: made.map(|s| s.amount),
            actual: Some(refunded),
            detail: format!(
                "refund {key} was taken from a payout again (first in transaction {first})"
            ),
        });
    }
    seen.refunds.insert(key, &t.provider_ref);
    match made {
        None => Some(Discrepancy {
            kind: DiscrepancyKind::MissingInShop,
            payout: Some(payout.to_string()),
            reference: t.provider_ref.clone(),
            expected: None,
            actual: Some(refunded),
            detail: "a refund was taken from the payout but the shop has no such refund".into(),
        }),
        Some(s) if s.amount != refunded => Some(Discrepancy {
            kind: DiscrepancyKind::AmountMismatch,
            payout: Some(payout.to_string()),
            reference: s.provider_ref.clone(),
            expected: Some(s.amount),
            actual: Some(refunded),
            detail: format!(
                "the shop refunded {} but the provider took {}",
                s.amount, refunded
            ),
        }),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::model::TxnKind;

    fn refund(r: &str, src: &str, net: i64) -> TxnInput {
        other(r, TxnKind::Refund, src, net)
    }

    /// One refund transaction against a shop that refunded `re_1` (2.00).
    /// `Seen` borrows the names it keeps, so what it is handed here outlives the test.
    fn judge(t: &TxnInput, seen: &mut Seen<'static>) -> Option<Discrepancy> {
        let refunds = leak(vec![shop_money("re_1", 200)]);
        check(leak(t.clone()), "P1", &ShopIndex::new(&[], refunds), seen)
    }

    #[test]
    fn each_refund_is_judged_against_the_shops_refund() {
        use DiscrepancyKind::*;
        // (transaction, kind found, its reference, expected, actual, the detail)
        let cases = [
            (refund("txn_3", "re_1", -200), None, "", None, None, ""),
            (
                refund("txn_4", "re_1", -250),
                Some(AmountMismatch),
                "re_1",
                Some(200),
                Some(250),
                "the shop refunded 2.00 SGD but the provider took 2.50 SGD",
            ),
            (
                refund("txn_5", "re_9", -100),
                Some(MissingInShop),
                "txn_5",
                None,
                Some(100),
                "a refund was taken from the payout but the shop has no such refund",
            ),
        ];
        for (t, kind, reference, expected, actual, detail) in cases {
            let found = judge(&t, &mut Seen::default());
            assert_eq!(found.as_ref().map(|d| d.kind), kind, "{}", t.provider_ref);
            let Some(d) = found else { continue };
            assert_eq!(d.payout.as_deref(), Some("P1"));
            assert_eq!(d.reference, reference);
            assert_eq!((d.expected, d.actual), (expected.map(sgd), actual.map(sgd)));
            assert_eq!(d.detail, detail);
        }
    }

    #[test]
    fn a_refund_taken_twice_is_a_duplicate_the_second_time() {
        let mut seen = Seen::default();
        assert_eq!(judge(&refund("txn_3", "re_1", -200), &mut seen), None);
        assert_eq!(seen.refunds["re_1"], "txn_3");
        let d = judge(&refund("txn_6", "re_1", -200), &mut seen).unwrap();
        assert_eq!(d.kind, DiscrepancyKind::Duplicate);
        assert_eq!(d.reference, "txn_6");
        assert_eq!((d.expected, d.actual), (Some(sgd(200)), Some(sgd(200))));
        assert_eq!(
            d.detail,
            "refund re_1 was taken from a payout again (first in transaction txn_3)"
        );
    }
}
