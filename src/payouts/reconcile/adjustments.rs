//! The adjustment matcher: the shop records nothing an adjustment could match, so every one
//! is reported for a person to ask the provider about.

use super::{Discrepancy, DiscrepancyKind, TxnInput};

/// Judges one adjustment: always `missing_in_shop`, with the amount it moved.
pub(super) fn check(t: &TxnInput, payout: &str) -> Discrepancy {
    Discrepancy {
        kind: DiscrepancyKind::MissingInShop,
        payout: Some(payout.to_string()),
        reference: t.provider_ref.clone(),
        expected: None,
        actual: Some(t.net),
        detail: "an adjustment the shop has no record of; ask the provider what it is for".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::model::TxnKind;

    #[test]
    fn every_adjustment_is_reported_with_what_it_moved() {
        for net in [-150, 150] {
            let d = check(&other("txn_adj", TxnKind::Adjustment, "", net), "P2");
            assert_eq!(d.kind, DiscrepancyKind::MissingInShop);
            assert_eq!(
                (d.payout.as_deref(), d.reference.as_str()),
                (Some("P2"), "txn_adj")
            );
            assert_eq!((d.expected, d.actual), (None, Some(sgd(net))));
            assert!(d.detail.contains("ask the provider"), "{}", d.detail);
        }
    }
}
