//! Reconciliation as a pure function: payouts and their transactions on one side, the shop's
//! captured payments and refunds on the other, and the discrepancies between them.
//!
//! No I/O here, so every rule is unit-tested with plain values; `payouts::input` gathers the
//! input from the shop file or from a Stripe report. Each rule has its own file: `txn_sum`
//! checks that each transaction adds up on its own (gross less fee is net), one matcher per
//! transaction kind (`charges`, `refunds`, `fees`, `adjustments`) judges one transaction,
//! `payout_sum` checks a payout against its transactions, and `unpaid` finds the shop's money
//! that no payout carried. This file holds the nouns and the loop that hands each transaction
//! to its matcher.

mod adjustments;
mod charges;
mod fees;
mod payout_sum;
mod refunds;
mod txn_sum;
mod unpaid;

use std::collections::BTreeMap;

// A month of a big shop's payouts is 400,000 references hashed twice each: SipHash (std's
// default, proof against crafted keys, which these are not: they are the provider's ids in
// the shop's own file) was a tenth of `payouts reconcile --since 30d` (issue 18).
use foldhash::{HashMap, HashSet};

use jiff::Timestamp;

use crate::model::{DiscrepancyKind, TxnKind};
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
    pub kind: DiscrepancyKind,
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

impl Totals {
    /// Adds one transaction (never the payout's own withdrawal line) to its currency's sums.
    fn add(&mut self, t: &TxnInput) {
        self.net += t.net.minor;
        self.fees += t.fee.minor;
        match t.kind {
            TxnKind::Charge => self.gross += t.gross.minor,
            TxnKind::Refund => self.refunds -= t.gross.minor,
            TxnKind::Adjustment => self.adjustments += t.net.minor,
            TxnKind::Fee | TxnKind::Payout => {}
        }
    }
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

/// The shop's captured payments and succeeded refunds, found by provider reference.
struct ShopIndex<'a> {
    payments: HashMap<&'a str, &'a ShopMoney>,
    refunds: HashMap<&'a str, &'a ShopMoney>,
}

impl<'a> ShopIndex<'a> {
    fn new(payments: &'a [ShopMoney], refunds: &'a [ShopMoney]) -> ShopIndex<'a> {
        let by_ref = |list: &'a [ShopMoney]| {
            list.iter()
                .map(|m| (m.provider_ref.as_str(), m))
                .collect::<HashMap<_, _>>()
        };
        ShopIndex {
            payments: by_ref(payments),
            refunds: by_ref(refunds),
        }
    }

    /// The shop payment that one of `refs` names (a provider may name one payment several ways).
    fn payment(&self, refs: &[String]) -> Option<&'a ShopMoney> {
        refs.iter()
            .find_map(|r| self.payments.get(r.as_str()).copied())
    }

    fn refund(&self, refs: &[String]) -> Option<&'a ShopMoney> {
        refs.iter()
            .find_map(|r| self.refunds.get(r.as_str()).copied())
    }
}

/// What the matchers remember across payouts, so that money paid out twice is found whether
/// the second time is in the same payout or a later one.
/// Its names are borrowed from the input: copying 400,000 of them was most of the allocations
/// of a month of a big shop (issue 18).
#[derive(Debug, Default)]
struct Seen<'a> {
    /// Payment (key, see `source_key`) -> the first charge transaction that paid it out.
    charges: HashMap<&'a str, &'a str>,
    /// Refund key -> the first refund transaction that took it from a payout.
    refunds: HashMap<&'a str, &'a str>,
    /// Payments whose fee has been taken, by a charge that carried it or a fee of its own.
    fees: HashSet<&'a str>,
}

/// The name a charge or refund transaction is counted under: the shop's reference when the
/// shop knows it, else the first reference the provider gave, else the transaction's own.
fn source_key<'a>(t: &'a TxnInput, shop: Option<&'a ShopMoney>) -> &'a str {
    shop.map(|s| s.provider_ref.as_str())
        .or_else(|| t.source_refs.first().map(String::as_str))
        .unwrap_or(&t.provider_ref)
}

fn negate(m: Money) -> Money {
    Money::new(-m.minor, m.currency)
}

/// Checks that every transaction adds up and hands it to the matcher of its kind, checks each
/// payout's sum, then looks for the shop's money that no payout carried. Discrepancies come in
/// that order.
pub fn reconcile(input: &Input) -> Result<Report, MoneyError> {
    let shop = ShopIndex::new(&input.payments, &input.refunds);
    let mut seen = Seen::default();
    let mut report = Report {
        payouts_checked: input.payouts.len(),
        matched: 0,
        transactions_checked: 0,
        totals: BTreeMap::new(),
        discrepancies: Vec::new(),
    };
    for payout in &input.payouts {
        let before = report.discrepancies.len();
        judge_payout(payout, &shop, &mut seen, &mut report)?;
        if report.discrepancies.len() == before {
            report.matched += 1;
        }
    }
    report.discrepancies.extend(unpaid::check(input, &seen));
    Ok(report)
}

/// One payout's transactions, each added to the totals and judged, then its sum: what
/// `reconcile` does for each payout in turn, and `check_payout` for one.
fn judge_payout<'a>(
    payout: &'a PayoutInput,
    shop: &ShopIndex<'a>,
    seen: &mut Seen<'a>,
    report: &mut Report,
) -> Result<(), MoneyError> {
    let label = payout.label.as_str();
    let found = &mut report.discrepancies;
    // A report lists the payout's own withdrawal line among its transactions.
    for t in payout
        .transactions
        .iter()
        .filter(|t| t.kind != TxnKind::Payout)
    {
        report.transactions_checked += 1;
        report.totals.entry(t.net.currency).or_default().add(t);
        found.extend(txn_sum::check(t, label)?);
        found.extend(match t.kind {
            TxnKind::Charge => charges::check(t, label, shop, seen),
            TxnKind::Refund => refunds::check(t, label, shop, seen),
            TxnKind::Fee => fees::check(t, label, shop, seen),
            TxnKind::Adjustment => Some(adjustments::check(t, label)),
            TxnKind::Payout => None,
        });
    }
    found.extend(payout_sum::check(payout)?);
    Ok(())
}

/// What payouts take from the shop's money, owned so that it outlives a check: the first
/// transaction that paid out each payment and that took each refund (by the name the matchers
/// count them under, see `source_key`), and the payments whose fee was taken. `payouts::kept`
/// hands `check_payout` what the payouts before one took of the money it names, and gathers
/// what each took for those after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taken {
    pub charges: HashMap<String, String>,
    pub refunds: HashMap<String, String>,
    pub fees: HashSet<String>,
}

/// Which of the three `Taken` holds a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taking {
    Charge,
    Refund,
    Fee,
}

/// Checks one payout as `reconcile` checks each in turn, after payouts that took `before`:
/// `payments` and `refunds` are the shop's money its transactions name. The report is one
/// payout's (`matched` 1 when it has no discrepancy, no `unpaid` check); with it, what this
/// payout took that `before` did not hold, of the names `wanted` asks for (a day's payout
/// takes 13,000 payments, which `payouts::kept` follows in the shop file instead).
pub fn check_payout(
    payout: &PayoutInput,
    payments: &[ShopMoney],
    refunds: &[ShopMoney],
    before: &Taken,
    wanted: impl Fn(Taking, &str) -> bool,
) -> Result<(Report, Taken), MoneyError> {
    let shop = ShopIndex::new(payments, refunds);
    let mut report = Report {
        payouts_checked: 1,
        matched: 0,
        transactions_checked: 0,
        totals: BTreeMap::new(),
        discrepancies: Vec::new(),
    };
    let mut seen = Seen::default();
    seen.charges
        .extend(before.charges.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    seen.refunds
        .extend(before.refunds.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    seen.fees.extend(before.fees.iter().map(String::as_str));
    judge_payout(payout, &shop, &mut seen, &mut report)?;
    let new = |m: &HashMap<&str, &str>, old: &HashMap<String, String>, taking: Taking| {
        m.iter()
            .filter(|(k, _)| !old.contains_key(**k) && wanted(taking, k))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let taken = Taken {
        charges: new(&seen.charges, &before.charges, Taking::Charge),
        refunds: new(&seen.refunds, &before.refunds, Taking::Refund),
        fees: seen
            .fees
            .iter()
            .filter(|k| !before.fees.contains(**k) && wanted(Taking::Fee, k))
            .map(|k| k.to_string())
            .collect(),
    };
    report.matched = usize::from(report.discrepancies.is_empty());
    Ok((report, taken))
}

/// The shop's money in `input`'s window that no payout took (`unpaid`, `missing_at_provider`):
/// for `payouts::kept`, whose `input.payments` and `input.refunds` are already those that no
/// checked payout took.
pub fn unpaid(input: &Input) -> Vec<Discrepancy> {
    unpaid::check(input, &Seen::default())
}

/// Small values for the matchers' tests.
#[cfg(test)]
mod fixtures {
    use super::*;

    pub fn sgd(minor: i64) -> Money {
        Money::new(minor, Currency::from_code("SGD").unwrap())
    }

    pub fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    pub fn charge(r: &str, pay: &str, gross: i64, fee: i64) -> TxnInput {
        TxnInput {
            provider_ref: r.into(),
            kind: TxnKind::Charge,
            source_refs: vec![pay.into()],
            gross: sgd(gross),
            fee: sgd(fee),
            net: sgd(gross - fee),
        }
    }

    pub fn other(r: &str, kind: TxnKind, src: &str, net: i64) -> TxnInput {
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

    /// A value that lives as long as the test: `Seen` keeps names borrowed from its input.
    pub fn leak<T>(value: T) -> &'static T {
        Box::leak(Box::new(value))
    }

    pub fn shop_money(r: &str, minor: i64) -> ShopMoney {
        ShopMoney {
            provider_ref: r.into(),
            amount: sgd(minor),
            at: at("2026-11-10T10:00:00Z"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

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

    fn kinds(input: &Input) -> Vec<(DiscrepancyKind, String)> {
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
        assert_eq!(
            (t.gross, t.fees, t.refunds, t.adjustments, t.net),
            (1500, 91, 200, 0, 1209)
        );
    }

    #[test]
    fn each_fault_has_its_kind() {
        let mut i = clean();
        i.payouts[0]
            .transactions
            .push(other("txn_adj", TxnKind::Adjustment, "", -150));
        i.payouts[0].amount = Some(sgd(1209 - 150));
        assert_eq!(
            kinds(&i),
            vec![(DiscrepancyKind::MissingInShop, "txn_adj".into())]
        );

        let mut i = clean();
        i.payouts[0]
            .transactions
            .push(other("txn_fee2", TxnKind::Fee, "pay_1", -84));
        i.payouts[0].amount = Some(sgd(1209 - 84));
        assert_eq!(
            kinds(&i),
            vec![(DiscrepancyKind::Duplicate, "txn_fee2".into())]
        );

        let mut i = clean();
        i.payouts[0].amount = Some(sgd(1200));
        let d = reconcile(&i).unwrap().discrepancies;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiscrepancyKind::PayoutSumMismatch);
        assert_eq!(
            (d[0].expected, d[0].actual),
            (Some(sgd(1209)), Some(sgd(1200)))
        );
        assert!(d[0].detail.contains("short by 0.09"), "{}", d[0].detail);

        let mut i = clean();
        i.payments[1].amount = sgd(600);
        assert_eq!(
            kinds(&i),
            vec![(DiscrepancyKind::AmountMismatch, "pay_2".into())]
        );

        let mut i = clean();
        i.payments.remove(0);
        assert_eq!(
            kinds(&i),
            vec![(DiscrepancyKind::MissingInShop, "txn_1".into())]
        );

        let mut i = clean();
        i.payments.push(shop_money("pay_3", 700));
        i.refunds.push(shop_money("re_2", 50));
        assert_eq!(
            kinds(&i),
            vec![
                (DiscrepancyKind::Unpaid, "pay_3".into()),
                (DiscrepancyKind::MissingAtProvider, "re_2".into())
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
        assert_eq!(d.discrepancies[0].kind, DiscrepancyKind::Duplicate);
        assert_eq!(d.discrepancies[0].payout.as_deref(), Some("P2"));
        assert_eq!(d.matched, 1);
    }

    #[test]
    fn totals_add_each_kind_where_it_belongs() {
        // By hand: charges 10.00 (fee 0.84) and 5.00 (fee 0.07), a refund of 2.00, a second
        // fee of 0.30 for the 5.00 payment, an adjustment of -1.50 and one of +0.25, and the report's own payout
        // line, which is not money moved. Nets: 9.16 + 4.93 - 2.00 - 0.30 - 1.50 + 0.25 = 10.54.
        let mut i = clean();
        i.payouts[0].transactions.extend([
            other("txn_fee", TxnKind::Fee, "pay_2", -30),
            other("txn_adj1", TxnKind::Adjustment, "", -150),
            other("txn_adj2", TxnKind::Adjustment, "", 25),
            other("txn_po", TxnKind::Payout, "", -1054),
        ]);
        i.payouts[0].amount = Some(sgd(1054));
        let r = reconcile(&i).unwrap();
        let t = &r.totals[&Currency::from_code("SGD").unwrap()];
        assert_eq!(
            t,
            &Totals {
                gross: 1500,
                fees: 84 + 7 + 30,
                refunds: 200,
                adjustments: -125,
                net: 1054,
            }
        );
        assert_eq!(
            r.transactions_checked, 6,
            "the payout line is not a transaction"
        );
        let found: Vec<_> = r.discrepancies.iter().map(|d| d.kind).collect();
        use DiscrepancyKind::*;
        assert_eq!(
            found,
            [Duplicate, MissingInShop, MissingInShop],
            "the second fee and the two adjustments; the payout adds up"
        );
    }

    #[test]
    fn a_transaction_that_does_not_add_up_is_reported_though_the_payout_does() {
        // The case: the fee raised by a cent, the net (and so the payout) unchanged.
        let mut i = clean();
        i.payouts[0].transactions[0].fee = sgd(85);
        let r = reconcile(&i).unwrap();
        assert_eq!(
            r.discrepancies
                .iter()
                .map(|d| (d.kind, d.reference.as_str(), d.expected, d.actual))
                .collect::<Vec<_>>(),
            [(
                DiscrepancyKind::InconsistentTransaction,
                "txn_1",
                Some(sgd(915)),
                Some(sgd(916))
            )]
        );
        assert_eq!(r.matched, 0);
        // Mixed currencies inside one transaction: an error, not a verdict.
        let mut i = clean();
        i.payouts[0].transactions[1].fee = Money::new(7, Currency::from_code("USD").unwrap());
        assert!(matches!(reconcile(&i), Err(MoneyError::Mixed(..))));
    }

    #[test]
    fn refunds_taken_twice_or_for_another_amount_are_found() {
        let mut i = clean();
        i.refunds.push(shop_money("re_2", 300));
        i.payouts[0].transactions.extend([
            other("txn_4", TxnKind::Refund, "re_1", -200),
            other("txn_5", TxnKind::Refund, "re_2", -350),
        ]);
        i.payouts[0].amount = Some(sgd(1209 - 200 - 350));
        let d = reconcile(&i).unwrap().discrepancies;
        assert_eq!(
            d.iter()
                .map(|d| (d.kind, d.reference.as_str(), d.expected, d.actual))
                .collect::<Vec<_>>(),
            [
                (
                    DiscrepancyKind::Duplicate,
                    "txn_4",
                    Some(sgd(200)),
                    Some(sgd(200))
                ),
                (
                    DiscrepancyKind::AmountMismatch,
                    "re_2",
                    Some(sgd(300)),
                    Some(sgd(350))
                ),
            ]
        );
    }

    #[test]
    fn a_payout_without_a_known_amount_is_not_summed() {
        let mut i = clean();
        i.payouts[0].amount = None;
        assert!(kinds(&i).is_empty());
    }
}
