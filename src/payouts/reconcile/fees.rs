//! The fee matcher: a fee of its own must belong to a payment in the shop whose fee has not
//! been taken yet.

use super::{Discrepancy, DiscrepancyKind, Seen, ShopIndex, TxnInput, negate};

/// Judges one fee transaction. A fee stands alone (`missing_in_shop`) when it belongs to no
/// payment in the shop; a second fee for a payment whose charge already carried its fee, or
/// that had a fee of its own before, is taken twice (`duplicate`).
pub(super) fn check<'a>(
    t: &'a TxnInput,
    payout: &str,
    shop: &ShopIndex<'a>,
    seen: &mut Seen<'a>,
) -> Option<Discrepancy> {
    let Some(paid) = shop.payment(&t.source_refs) else {
        return Some(Discrepancy {
            kind: DiscrepancyKind::MissingInShop,
            payout: Some(payout.to_string()),
            reference: t.provider_ref.clone(),
            expected: None,
            actual: Some(negate(t.net)),
            detail: "a fee that belongs to no payment in the shop".into(),
        });
    };
    let p = &paid.provider_ref;
    if seen.fees.insert(p) {
        return None;
    }
    Some(Discrepancy {
        kind: DiscrepancyKind::Duplicate,
        payout: Some(payout.to_string()),
        reference: t.provider_ref.clone(),
        expected: None,
        actual: Some(negate(t.net)),
        detail: format!("a second fee for payment {p}, whose charge already carried its fee"),
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::model::TxnKind;

    fn fee(r: &str, src: &str, net: i64) -> TxnInput {
        other(r, TxnKind::Fee, src, net)
    }

    /// One fee against a shop that captured `pay_1`.
    /// `Seen` borrows the names it keeps, so what it is handed here outlives the test.
    fn judge(t: &TxnInput, seen: &mut Seen<'static>) -> Option<Discrepancy> {
        let payments = leak(vec![shop_money("pay_1", 1000)]);
        check(leak(t.clone()), "P1", &ShopIndex::new(payments, &[]), seen)
    }

    #[test]
    fn a_fee_of_its_own_is_fine_once_per_payment() {
        let mut seen = Seen::default();
        assert_eq!(judge(&fee("txn_f1", "pay_1", -84), &mut seen), None);
        let d = judge(&fee("txn_f2", "pay_1", -84), &mut seen).unwrap();
        assert_eq!(d.kind, DiscrepancyKind::Duplicate);
        assert_eq!((d.reference.as_str(), d.actual), ("txn_f2", Some(sgd(84))));
        assert_eq!(
            d.detail,
            "a second fee for payment pay_1, whose charge already carried its fee"
        );
    }

    #[test]
    fn a_fee_after_a_charge_that_carried_one_is_taken_twice() {
        let mut seen = Seen::default();
        seen.fees.insert("pay_1");
        let d = judge(&fee("txn_f", "pay_1", -84), &mut seen).unwrap();
        assert_eq!(
            (d.kind, d.payout.as_deref()),
            (DiscrepancyKind::Duplicate, Some("P1"))
        );
    }

    #[test]
    fn a_fee_for_no_payment_in_the_shop_stands_alone() {
        for src in ["pay_9", ""] {
            let d = judge(&fee("txn_f", src, -30), &mut Seen::default()).unwrap();
            assert_eq!(d.kind, DiscrepancyKind::MissingInShop);
            assert_eq!((d.expected, d.actual), (None, Some(sgd(30))));
            assert_eq!(d.detail, "a fee that belongs to no payment in the shop");
        }
    }
}
