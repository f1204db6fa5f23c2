//! The unpaid check: the shop's money that should be in a payout by now but is in none.

use jiff::Timestamp;

use super::{Discrepancy, DiscrepancyKind, Input, Seen};

/// Captured payments (`unpaid`) and succeeded refunds (`missing_at_provider`) from the
/// window of `input` (older than `unpaid_before`, not older than `unpaid_since`) that no
/// charge or refund transaction was matched to. Nothing when the scope is one payout
/// (`unpaid_before` is `None`): absence from one payout says nothing.
pub(super) fn check(input: &Input, seen: &Seen<'_>) -> Vec<Discrepancy> {
    let Some(cutoff) = input.unpaid_before else {
        return Vec::new();
    };
    let in_window = |at: Timestamp| at < cutoff && input.unpaid_since.is_none_or(|s| at >= s);
    let unpaid = input
        .payments
        .iter()
        .filter(|p| in_window(p.at) && !seen.charges.contains_key(p.provider_ref.as_str()))
        .map(|p| Discrepancy {
            kind: DiscrepancyKind::Unpaid,
            payout: None,
            reference: p.provider_ref.clone(),
            expected: Some(p.amount),
            actual: None,
            detail: format!(
                "captured at {}, longer ago than the payout schedule, but in no payout",
                crate::clock::format(p.at)
            ),
        });
    let not_taken = input
        .refunds
        .iter()
        .filter(|r| in_window(r.at) && !seen.refunds.contains_key(r.provider_ref.as_str()))
        .map(|r| Discrepancy {
            kind: DiscrepancyKind::MissingAtProvider,
            payout: None,
            reference: r.provider_ref.clone(),
            expected: Some(r.amount),
            actual: None,
            detail: "the shop refunded this, but no payout has taken it".into(),
        });
    unpaid.chain(not_taken).collect()
}

#[cfg(test)]
mod tests {
    use super::super::ShopMoney;
    use super::super::fixtures::*;
    use super::*;

    /// Money from the 10th (`shop_money`'s time) unless told otherwise.
    fn money_at(r: &str, minor: i64, when: &str) -> ShopMoney {
        ShopMoney {
            at: at(when),
            ..shop_money(r, minor)
        }
    }

    fn input(before: Option<&str>, since: Option<&str>) -> Input {
        Input {
            payouts: vec![],
            payments: vec![
                shop_money("pay_1", 1000),
                shop_money("pay_2", 500),
                money_at("pay_new", 700, "2026-11-19T10:00:00Z"),
            ],
            refunds: vec![shop_money("re_1", 200), shop_money("re_2", 50)],
            unpaid_before: before.map(at),
            unpaid_since: since.map(at),
        }
    }

    /// `pay_1` and `re_1` were paid out.
    fn seen() -> Seen<'static> {
        let mut seen = Seen::default();
        seen.charges.insert("pay_1", "txn_1");
        seen.refunds.insert("re_1", "txn_3");
        seen
    }

    fn found(input: &Input) -> Vec<(DiscrepancyKind, String)> {
        check(input, &seen())
            .into_iter()
            .map(|d| (d.kind, d.reference))
            .collect()
    }

    #[test]
    fn money_older_than_the_schedule_and_in_no_payout_is_reported() {
        use DiscrepancyKind::*;
        let before = Some("2026-11-18T00:00:00Z");
        // (window start, what is found); the start is inclusive, the end is not.
        let both = vec![
            (Unpaid, "pay_2".to_string()),
            (MissingAtProvider, "re_2".into()),
        ];
        let cases = [
            (None, both.clone()),
            (Some("2026-11-10T10:00:00Z"), both),
            (Some("2026-11-11T00:00:00Z"), vec![]),
        ];
        for (since, expected) in cases {
            assert_eq!(found(&input(before, since)), expected, "{since:?}");
        }
        assert!(found(&input(Some("2026-11-10T10:00:00Z"), None)).is_empty());
        // The window's end moves with it: the payment of the 19th is late on the 21st.
        let later = found(&input(Some("2026-11-21T00:00:00Z"), None));
        assert!(later.contains(&(Unpaid, "pay_new".into())), "{later:?}");
    }

    #[test]
    fn one_payouts_scope_says_nothing_about_absence() {
        assert!(found(&input(None, None)).is_empty());
    }

    #[test]
    fn the_detail_says_when_it_was_captured() {
        let d = check(&input(Some("2026-11-18T00:00:00Z"), None), &seen());
        assert_eq!(
            d[0].detail,
            "captured at 2026-11-10T10:00:00Z, longer ago than the payout schedule, but in no payout"
        );
        assert_eq!((d[0].expected, d[0].actual), (Some(sgd(500)), None));
        assert_eq!(
            d[1].detail,
            "the shop refunded this, but no payout has taken it"
        );
        assert_eq!(d[1].payout, None);
    }
}
