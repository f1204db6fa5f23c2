//! Reconciliation as a pure function: payouts and their transactions on one side, the shop's
//! captured payments and refunds on the other, and the discrepancies between them.
//!
//! No I/O here, so every rule is unit-tested with plain values; `payouts::load_*` gathers the
//! input from the shop file or from a Stripe report.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;

pub use crate::model::DiscrepancyKind as Kind;
use crate::model::TxnKind;
use crate::money::{Currency, Money, MoneyError};

/// One payout as the provider (or its report) describes it.
#[derive(Clone, Debug)]
pub struct PayoutInput {
    /// How people name it: the local id ("P3") or, from a report, the provider's id.
    pub label: String,
    pub provider_ref: String,
    /// The amount that reached the bank; `None` when only the transactions are known.
    pub amount: Option<Money>,
    pub transactions: Vec<TxnInput>,
}

#[derive(Clone, Debug)]
pub struct TxnInput {
    pub provider_ref: String,
    pub kind: TxnKind,
    /// The payment or refund the transaction is for (several names may identify it, e.g. a
    /// PaymentIntent id and a charge id); empty when it stands alone.
    pub source_refs: Vec<String>,
    pub gross: Money,
    pub fee: Money,
    pub net: Money,
}

/// A captured payment or a succeeded refund in the shop.
#[derive(Clone, Debug)]
pub struct ShopMoney {
    pub provider_ref: String,
    pub amount: Money,
    pub at: Timestamp,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub payouts: Vec<PayoutInput>,
    pub payments: Vec<ShopMoney>,
    pub refunds: Vec<ShopMoney>,
    /// Payments and refunds older than this that are in no payout are reported (`unpaid`,
    /// `missing_at_provider`). `None` when the scope is one payout, where absence says nothing.
    pub unpaid_before: Option<Timestamp>,
    /// ... and not older than this (the start of a `--since` scope or of a report).
    pub unpaid_since: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    pub kind: Kind,
    /// The payout's label, when the discrepancy belongs to one.
    pub payout: Option<String>,
    /// The transaction, payment or refund reference.
    pub reference: String,
    pub expected: Option<Money>,
    pub actual: Option<Money>,
    /// One sentence for people.
    pub detail: String,
}

/// Sums per currency over the payouts checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub gross: i64,
    pub fees: i64,
    pub refunds: i64,
    pub adjustments: i64,
    pub net: i64,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub payouts_checked: usize,
    /// Payouts with no discrepancy of their own.
    pub matched: usize,
    pub transactions_checked: usize,
    pub totals: BTreeMap<Currency, Totals>,
    pub discrepancies: Vec<Discrepancy>,
}

pub fn reconcile(input: &Input) -> Result<Report, MoneyError> {
    let payments: HashMap<&str, &ShopMoney> = input
        .payments
        .iter()
        .map(|p| (p.provider_ref.as_str(), p))
        .collect();
    let refunds: HashMap<&str, &ShopMoney> = input
        .refunds
        .iter()
        .map(|r| (r.provider_ref.as_str(), r))
        .collect();
    let mut found = Vec::new();
    let mut totals: BTreeMap<Currency, Totals> = BTreeMap::new();
    // Which shop payment/refund each charge/refund transaction was matched to, to find
    // duplicates across payouts as well as within one.
    let mut seen_charges: HashMap<String, String> = HashMap::new();
    let mut seen_refunds: HashMap<String, String> = HashMap::new();
    let mut charged_fees: HashSet<String> = HashSet::new();
    let mut matched = 0;
    let mut transactions_checked = 0;

    for payout in &input.payouts {
        let before = found.len();
        let label = Some(payout.label.clone());
        let currency = payout
            .amount
            .map(|a| a.currency)
            .or_else(|| payout.transactions.first().map(|t| t.net.currency));
        let mut net_sum: Option<Money> = currency.map(Money::zero);
        for t in &payout.transactions {
            if t.kind == TxnKind::Payout {
                continue; // the payout's own withdrawal line in a report
            }
            transactions_checked += 1;
            net_sum = Some(match net_sum {
                Some(sum) => sum.checked_add(t.net)?,
                None => t.net,
            });
            let tot = totals.entry(t.net.currency).or_default();
            tot.net += t.net.minor;
            tot.fees += t.fee.minor;
            match t.kind {
                TxnKind::Charge => {
                    tot.gross += t.gross.minor;
                    let shop = t.source_refs.iter().find_map(|r| payments.get(r.as_str()));
                    let key = shop
                        .map(|s| s.provider_ref.clone())
                        .or_else(|| t.source_refs.first().cloned())
                        .unwrap_or_else(|| t.provider_ref.clone());
                    if let Some(first) = seen_charges.get(&key) {
                        found.push(Discrepancy {
                            kind: Kind::Duplicate,
                            payout: label.clone(),
                            reference: t.provider_ref.clone(),
                            expected: shop.map(|s| s.amount),
                            actual: Some(t.gross),
                            detail: format!(
                                "payment {key} was paid out again (first in transaction {first})"
                            ),
                        });
                        continue;
                    }
                    seen_charges.insert(key.clone(), t.provider_ref.clone());
                    if t.fee.minor != 0 {
                        charged_fees.insert(key.clone());
                    }
                    match shop {
                        None => found.push(Discrepancy {
                            kind: Kind::MissingInShop,
                            payout: label.clone(),
                            reference: t.provider_ref.clone(),
                            expected: None,
                            actual: Some(t.gross),
                            detail: format!(
                                "charge for {} is in the payout but the shop has no such captured payment",
                                if t.source_refs.is_empty() { "an unknown payment".to_string() } else { t.source_refs.join("/") }
                            ),
                        }),
                        Some(s) if s.amount != t.gross => found.push(Discrepancy {
                            kind: Kind::AmountMismatch,
                            payout: label.clone(),
                            reference: s.provider_ref.clone(),
                            expected: Some(s.amount),
                            actual: Some(t.gross),
                            detail: format!("the shop captured {} but the provider paid out a charge of {}", s.amount, t.gross),
                        }),
                        Some(_) => {}
                    }
                }
                TxnKind::Refund => {
                    tot.refunds += -t.gross.minor;
                    let shop = t.source_refs.iter().find_map(|r| refunds.get(r.as_str()));
                    let key = shop
                        .map(|s| s.provider_ref.clone())
                        .or_else(|| t.source_refs.first().cloned())
                        .unwrap_or_else(|| t.provider_ref.clone());
                    if let Some(first) = seen_refunds.get(&key) {
                        found.push(Discrepancy {
                            kind: Kind::Duplicate,
                            payout: label.clone(),
                            reference: t.provider_ref.clone(),
                            expected: shop.map(|s| s.amount),
                            actual: Some(negate(t.gross)),
                            detail: format!("refund {key} was taken from a payout again (first in transaction {first})"),
                        });
                        continue;
                    }
                    seen_refunds.insert(key.clone(), t.provider_ref.clone());
                    let refunded = negate(t.gross);
                    match shop {
                        None => found.push(Discrepancy {
                            kind: Kind::MissingInShop,
                            payout: label.clone(),
                            reference: t.provider_ref.clone(),
                            expected: None,
                            actual: Some(refunded),
                            detail:
                                "a refund was taken from the payout but the shop has no such refund"
                                    .into(),
                        }),
                        Some(s) if s.amount != refunded => found.push(Discrepancy {
                            kind: Kind::AmountMismatch,
                            payout: label.clone(),
                            reference: s.provider_ref.clone(),
                            expected: Some(s.amount),
                            actual: Some(refunded),
                            detail: format!(
                                "the shop refunded {} but the provider took {}",
                                s.amount, refunded
                            ),
                        }),
                        Some(_) => {}
                    }
                }
                TxnKind::Fee => {
                    // A fee stands alone when it belongs to no payment in the shop; a second
                    // fee for a payment whose charge already carried its fee is taken twice.
                    let for_payment = t
                        .source_refs
                        .iter()
                        .find(|r| payments.contains_key(r.as_str()));
                    match for_payment {
                        Some(p) if charged_fees.contains(p.as_str()) => {
                            found.push(Discrepancy {
                                kind: Kind::Duplicate,
                                payout: label.clone(),
                                reference: t.provider_ref.clone(),
                                expected: None,
                                actual: Some(negate(t.net)),
                                detail: format!("a second fee for payment {p}, whose charge already carried its fee"),
                            });
                        }
                        Some(p) => {
                            charged_fees.insert(p.clone());
                        }
                        None => found.push(Discrepancy {
                            kind: Kind::MissingInShop,
                            payout: label.clone(),
                            reference: t.provider_ref.clone(),
                            expected: None,
                            actual: Some(negate(t.net)),
                            detail: "a fee that belongs to no payment in the shop".into(),
                        }),
                    }
                }
                TxnKind::Adjustment => {
                    tot.adjustments += t.net.minor;
                    found.push(Discrepancy {
                        kind: Kind::MissingInShop,
                        payout: label.clone(),
                        reference: t.provider_ref.clone(),
                        expected: None,
                        actual: Some(t.net),
                        detail: "an adjustment the shop has no record of; ask the provider what it is for".into(),
                    });
                }
                TxnKind::Payout => unreachable!(),
            }
        }
        if let (Some(amount), Some(sum)) = (payout.amount, net_sum)
            && amount != sum
        {
            found.push(Discrepancy {
                kind: Kind::PayoutSumMismatch,
                payout: label.clone(),
                reference: payout.provider_ref.clone(),
                expected: Some(sum),
                actual: Some(amount),
                detail: format!(
                    "the payout is {amount} but its transactions add up to {sum} ({} {})",
                    if amount.minor < sum.minor {
                        "short by"
                    } else {
                        "over by"
                    },
                    Money::new((sum.minor - amount.minor).abs(), sum.currency).to_major_string()
                ),
            });
        }
        if found.len() == before {
            matched += 1;
        }
    }

    if let Some(cutoff) = input.unpaid_before {
        let in_window = |at: Timestamp| at < cutoff && input.unpaid_since.is_none_or(|s| at >= s);
        for p in &input.payments {
            if in_window(p.at) && !seen_charges.contains_key(&p.provider_ref) {
                found.push(Discrepancy {
                    kind: Kind::Unpaid,
                    payout: None,
                    reference: p.provider_ref.clone(),
                    expected: Some(p.amount),
                    actual: None,
                    detail: format!(
                        "captured at {}, longer ago than the payout schedule, but in no payout",
                        crate::clock::format(p.at)
                    ),
                });
            }
        }
        for r in &input.refunds {
            if in_window(r.at) && !seen_refunds.contains_key(&r.provider_ref) {
                found.push(Discrepancy {
                    kind: Kind::MissingAtProvider,
                    payout: None,
                    reference: r.provider_ref.clone(),
                    expected: Some(r.amount),
                    actual: None,
                    detail: "the shop refunded this, but no payout has taken it".into(),
                });
            }
        }
    }

    Ok(Report {
        payouts_checked: input.payouts.len(),
        matched,
        transactions_checked,
        totals,
        discrepancies: found,
    })
}

fn negate(m: Money) -> Money {
    Money::new(-m.minor, m.currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sgd(minor: i64) -> Money {
        Money::new(minor, Currency::from_code("SGD").unwrap())
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn charge(r: &str, pay: &str, gross: i64, fee: i64) -> TxnInput {
        TxnInput {
            provider_ref: r.into(),
            kind: TxnKind::Charge,
            source_refs: vec![pay.into()],
            gross: sgd(gross),
            fee: sgd(fee),
            net: sgd(gross - fee),
        }
    }

    fn other(r: &str, kind: TxnKind, src: &str, net: i64) -> TxnInput {
        TxnInput {
            provider_ref: r.into(),
            kind,
            source_refs: if src.is_empty() {
                vec![]
            } else {
                vec![src.into()]
            },
            gross: sgd(if kind == TxnKind::Fee { 0 } else { net }),
            fee: sgd(if kind == TxnKind::Fee { -net } else { 0 }),
            net: sgd(net),
        }
    }

    fn shop_money(r: &str, minor: i64) -> ShopMoney {
        ShopMoney {
            provider_ref: r.into(),
            amount: sgd(minor),
            at: at("2026-11-10T10:00:00Z"),
        }
    }

    fn clean() -> Input {
        Input {
            payouts: vec![PayoutInput {
                label: "P1".into(),
                provider_ref: "po_1".into(),
                amount: Some(sgd(1000 - 84 + 500 - 7 - 200)),
                transactions: vec![
                    charge("txn_1", "pay_1", 1000, 84),
                    charge("txn_2", "pay_2", 500, 7),
                    other("txn_3", TxnKind::Refund, "re_1", -200),
                ],
            }],
            payments: vec![shop_money("pay_1", 1000), shop_money("pay_2", 500)],
            refunds: vec![shop_money("re_1", 200)],
            unpaid_before: Some(at("2026-11-18T00:00:00Z")),
            unpaid_since: None,
        }
    }

    fn kinds(input: &Input) -> Vec<(Kind, String)> {
        reconcile(input)
            .unwrap()
            .discrepancies
            .into_iter()
            .map(|d| (d.kind, d.reference))
            .collect()
    }

    #[test]
    fn clean_data_matches() {
        let r = reconcile(&clean()).unwrap();
        assert!(r.discrepancies.is_empty(), "{:?}", r.discrepancies);
        assert_eq!(
            (r.payouts_checked, r.matched, r.transactions_checked),
            (1, 1, 3)
        );
        let t = &r.totals[&Currency::from_code("SGD").unwrap()];
        assert_eq!((t.gross, t.fees, t.refunds, t.net), (1500, 91, 200, 1209));
    }

    #[test]
    fn each_fault_has_its_kind() {
        let mut i = clean();
        i.payouts[0]
            .transactions
            .push(other("txn_adj", TxnKind::Adjustment, "", -150));
        i.payouts[0].amount = Some(sgd(1209 - 150));
        assert_eq!(kinds(&i), vec![(Kind::MissingInShop, "txn_adj".into())]);

        let mut i = clean();
        i.payouts[0]
            .transactions
            .push(other("txn_fee2", TxnKind::Fee, "pay_1", -84));
        i.payouts[0].amount = Some(sgd(1209 - 84));
        assert_eq!(kinds(&i), vec![(Kind::Duplicate, "txn_fee2".into())]);

        let mut i = clean();
        i.payouts[0].amount = Some(sgd(1200));
        let d = reconcile(&i).unwrap().discrepancies;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, Kind::PayoutSumMismatch);
        assert_eq!(
            (d[0].expected, d[0].actual),
            (Some(sgd(1209)), Some(sgd(1200)))
        );
        assert!(d[0].detail.contains("short by 0.09"), "{}", d[0].detail);

        let mut i = clean();
        i.payments[1].amount = sgd(600);
        assert_eq!(kinds(&i), vec![(Kind::AmountMismatch, "pay_2".into())]);

        let mut i = clean();
        i.payments.remove(0);
        assert_eq!(kinds(&i), vec![(Kind::MissingInShop, "txn_1".into())]);

        let mut i = clean();
        i.payments.push(shop_money("pay_3", 700));
        i.refunds.push(shop_money("re_2", 50));
        assert_eq!(
            kinds(&i),
            vec![
                (Kind::Unpaid, "pay_3".into()),
                (Kind::MissingAtProvider, "re_2".into())
            ]
        );
        i.unpaid_since = Some(at("2026-11-11T00:00:00Z"));
        assert!(kinds(&i).is_empty(), "older than a --since scope");
        i.unpaid_since = None;
        i.unpaid_before = None;
        assert!(
            kinds(&i).is_empty(),
            "one payout's scope says nothing about absence"
        );

        let mut i = clean();
        i.payouts.push(PayoutInput {
            label: "P2".into(),
            provider_ref: "po_2".into(),
            amount: Some(sgd(916)),
            transactions: vec![charge("txn_9", "pay_1", 1000, 84)],
        });
        let d = reconcile(&i).unwrap();
        assert_eq!(d.discrepancies.len(), 1);
        assert_eq!(d.discrepancies[0].kind, Kind::Duplicate);
        assert_eq!(d.discrepancies[0].payout.as_deref(), Some("P2"));
        assert_eq!(d.matched, 1);
    }

    #[test]
    fn a_payout_without_a_known_amount_is_not_summed() {
        let mut i = clean();
        i.payouts[0].amount = None;
        assert!(kinds(&i).is_empty());
    }
}
