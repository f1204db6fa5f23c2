//! The sandbox's planted faults, each found by reconciliation as exactly one discrepancy of
//! its kind. Here rather than in the sandbox's own tests: the sandbox (an adapter) must not
//! depend on `payouts` (the core), so the check that joins them lives on the core's side.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;

use super::reconcile::{self, Input, PayoutInput, ShopMoney, TxnInput};
use crate::model::*;
use crate::money::{Currency, Money};
use crate::provider::Provider;
use crate::provider::sandbox::{FaultMade, Sandbox, SimulateParams};

const NOW: &str = "2026-11-20T09:00:00Z";

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn sgd(minor: i64) -> Money {
    Money::new(minor, Currency::from_code("SGD").unwrap())
}

/// A sandbox with a small SGD catalog and card + PayNow, pushed through the trait.
fn stocked(dir: &tempfile::TempDir) -> Sandbox {
    let mut sbx = Sandbox::open_beside(&dir.path().join("shop.db"))
        .unwrap()
        .with_clock(at(NOW));
    let mut changes: Vec<Change> = [
        ("TEE-S", 2500, None, 140),
        ("TEE-M", 2500, Some(1999), 140),
        ("MUG", 1800, None, 130),
        ("TOTE", 1250, None, 150),
        ("CAP", 2000, None, 125),
    ]
    .into_iter()
    .map(|(sku, price, sale, stock)| {
        Change::ProductUpsert(ProductState {
            sku: sku.into(),
            group: String::new(),
            title: format!("The {sku}"),
            description: String::new(),
            status: ProductStatus::Active,
            price: sgd(price),
            sale_price: sale.map(sgd),
            stock: Some(stock),
            images: vec![],
        })
    })
    .collect();
    for m in ["card", "paynow"] {
        changes.push(Change::PaymentMethod {
            method: m.into(),
            enabled: true,
        });
    }
    for (i, change) in changes.into_iter().enumerate() {
        // Published to the sandbox chat's catalog too, as sync does: customers order there.
        if let Change::ProductUpsert(p) = &change {
            let item = crate::model::CatalogItem {
                id: p.sku.clone(),
                title: p.title.clone(),
                description: String::new(),
                availability: "in stock".into(),
                condition: "new".into(),
                price: p.price,
                sale_price: p.sale_price,
                link: String::new(),
                images: Vec::new(),
                brand: "Test".into(),
                item_group_id: String::new(),
                inventory: p.stock,
            };
            sbx.publish_catalog(&[crate::model::CatalogRequest::Update(item)], at(NOW))
                .unwrap();
        }
        sbx.push(&OutboxEntry {
            id: i as i64 + 1,
            idempotency_key: format!("key-{i}"),
            change,
        })
        .unwrap();
    }
    sbx
}

/// Everything a shop would sync, pulled through the trait.
struct Synced {
    orders: Vec<RemoteOrder>,
    refunds: Vec<RemoteRefund>,
    payouts: Vec<(RemotePayout, Vec<BalanceTransaction>)>,
}

fn sync_all(sbx: &mut Sandbox) -> Synced {
    let orders = sbx.pull_orders(None).unwrap().items;
    let refunds = sbx.pull_refunds(None).unwrap().items;
    let payouts = sbx
        .pull_payouts(None)
        .unwrap()
        .items
        .into_iter()
        .map(|p| {
            let txns = sbx.payout_transactions(&p.provider_ref).unwrap();
            (p, txns)
        })
        .collect();
    Synced {
        orders,
        refunds,
        payouts,
    }
}

/// What `payouts reconcile` would see after a full sync.
fn reconcile_synced(s: &Synced, now: Timestamp) -> reconcile::Report {
    let payments = s
        .orders
        .iter()
        .flat_map(|o| &o.payments)
        .filter(|p| p.state == PaymentState::Captured)
        .map(|p| ShopMoney {
            provider_ref: p.provider_ref.clone(),
            amount: p.amount,
            at: p.created_at,
        })
        .collect();
    let refunds = s
        .refunds
        .iter()
        .filter(|r| r.state == RefundState::Succeeded)
        .map(|r| ShopMoney {
            provider_ref: r.provider_ref.clone(),
            amount: r.amount,
            at: r.created_at,
        })
        .collect();
    let payouts = s
        .payouts
        .iter()
        .map(|(p, txns)| PayoutInput {
            label: p.provider_ref.clone(),
            provider_ref: p.provider_ref.clone(),
            amount: Some(p.amount),
            transactions: txns
                .iter()
                .map(|t| TxnInput {
                    provider_ref: t.provider_ref.clone(),
                    kind: t.kind,
                    source_refs: if t.source_ref.is_empty() {
                        vec![]
                    } else {
                        vec![t.source_ref.clone()]
                    },
                    gross: t.gross,
                    fee: t.fee,
                    net: t.net,
                })
                .collect(),
        })
        .collect();
    reconcile::reconcile(&Input {
        payouts,
        payments,
        refunds,
        unpaid_before: Some(now.checked_sub(SignedDuration::from_hours(48)).unwrap()),
        unpaid_since: None,
    })
    .unwrap()
}

fn params(orders: u32, days: u32, seed: u64, discrepancies: u32) -> SimulateParams {
    SimulateParams {
        orders,
        days,
        seed,
        failure_rate: Decimal::from_str_exact("0.1").unwrap(),
        discrepancies,
        fees: vec![],
        country: "SG".into(),
    }
}

/// A discrepancy as compared with a planted fault: kind, payout (none for money absent from
/// every payout), reference.
type Found = (DiscrepancyKind, Option<String>, String);

/// What the planted faults should be found as.
fn planted(faults: &[FaultMade]) -> Vec<Found> {
    let mut planted: Vec<Found> = faults
        .iter()
        .map(|f| {
            let absent = matches!(
                f.expect,
                DiscrepancyKind::Unpaid | DiscrepancyKind::MissingAtProvider
            );
            (
                f.expect,
                (!absent).then(|| f.payout.clone()),
                f.reference.clone(),
            )
        })
        .collect();
    planted.sort();
    planted
}

fn found(report: &reconcile::Report) -> Vec<Found> {
    let mut found: Vec<Found> = report
        .discrepancies
        .iter()
        .map(|d| (d.kind, d.payout.clone(), d.reference.clone()))
        .collect();
    found.sort();
    found
}

/// Each payout is the sum of its transactions' nets, but for the ones shorted (by 0.30).
fn assert_sums(s: &Synced, faults: &[FaultMade]) {
    for (p, txns) in &s.payouts {
        let sum: i64 = txns.iter().map(|t| t.net.minor).sum();
        let short = faults
            .iter()
            .any(|f| f.kind == "payout_short" && f.payout == p.provider_ref);
        let by = if short { 30 } else { 0 };
        assert_eq!(p.amount.minor, sum - by, "{}", p.provider_ref);
    }
}

#[test]
fn each_planted_fault_is_one_discrepancy_of_its_kind() {
    // No refunds at the sandbox: the refund kinds are planted as adjustments instead.
    for (k, days) in [(3, 3), (5, 3), (7, 2)] {
        let dir = tempfile::tempdir().unwrap();
        let mut sbx = stocked(&dir);
        let r = sbx.simulate(&params(40, days, 11, k)).unwrap();
        assert_eq!(r.faults.len(), k as usize);
        let kinds: Vec<&str> = r.faults.iter().map(|f| f.kind).collect();
        assert_eq!(
            &kinds[..3],
            ["unexplained_adjustment", "fee_taken_twice", "payout_short"]
        );
        if k == 7 {
            assert_eq!(
                &kinds[3..],
                [
                    "unexplained_adjustment",
                    "unexplained_adjustment",
                    "unexplained_adjustment",
                    "net_does_not_add_up"
                ]
            );
        }
        if k == 3 {
            let payouts: HashSet<&str> = r.faults.iter().map(|f| f.payout.as_str()).collect();
            assert_eq!(payouts.len(), 3, "spread over distinct payouts");
        }
        let s = sync_all(&mut sbx);
        assert_sums(&s, &r.faults);
        let report = reconcile_synced(&s, at(NOW));
        assert_eq!(found(&report), planted(&r.faults), "K={k} days={days}");
    }
}

/// Refunds the shop made on the 16th, before the run that plants: that run's payout of the
/// 16th takes them. (refund reference, amount refunded)
fn refunds_made_earlier(dir: &tempfile::TempDir) -> (Sandbox, Vec<(String, i64)>) {
    let mut sbx = stocked(dir).with_clock(at("2026-11-16T09:00:00Z"));
    sbx.simulate(&params(30, 3, 5, 0)).unwrap();
    let paid: Vec<RemotePayment> = sbx
        .pull_orders(None)
        .unwrap()
        .items
        .into_iter()
        .flat_map(|o| o.payments)
        .filter(|p| p.state == PaymentState::Captured)
        .collect();
    let mut made = Vec::new();
    // 1.00, 2.00 and 3.00 back on the first three payments.
    for (i, p) in paid.iter().take(3).enumerate() {
        let amount = 100 * (i as i64 + 1);
        let r = sbx
            .create_refund(&RefundRequest {
                idempotency_key: format!("refund-{i}"),
                payment_ref: p.provider_ref.clone(),
                amount: sgd(amount),
                reason: "damaged".into(),
            })
            .unwrap();
        made.push((r.provider_ref, amount));
    }
    (sbx.with_clock(at(NOW)), made)
}

#[test]
fn with_refunds_to_work_on_every_kind_is_planted_and_found_once() {
    for k in [8u32, 16] {
        let dir = tempfile::tempdir().unwrap();
        let (mut sbx, refunds) = refunds_made_earlier(&dir);
        let r = sbx.simulate(&params(40, 3, 11, k)).unwrap();
        let kinds: Vec<&str> = r.faults.iter().map(|f| f.kind).collect();
        assert_eq!(kinds[..8], crate::provider::sandbox::FAULT_KINDS, "K={k}");
        let expect: HashSet<DiscrepancyKind> = r.faults.iter().map(|f| f.expect).collect();
        assert_eq!(
            expect.len(),
            DiscrepancyKind::ALL.len(),
            "every kind reconcile knows is planted: {expect:?}"
        );
        if k == 16 {
            // The three refunds are used up: the second round's refund kinds are adjustments.
            assert_eq!(kinds[11..14], ["unexplained_adjustment"; 3], "{kinds:?}");
        }
        let s = sync_all(&mut sbx);
        assert_sums(&s, &r.faults);
        let report = reconcile_synced(&s, at(NOW));
        assert_eq!(found(&report), planted(&r.faults), "K={k}");

        // What each refund fault did, against the amounts refunded above.
        let by_kind = |kind: &str| {
            let f = r.faults.iter().find(|f| f.kind == kind).unwrap();
            report
                .discrepancies
                .iter()
                .find(|d| d.kind == f.expect && d.reference == f.reference)
                .unwrap()
                .clone()
        };
        let refunded =
            |reference: &str| sgd(refunds.iter().find(|(r, _)| r == reference).unwrap().1);
        let d = by_kind("refund_other_amount");
        let was = refunded(&d.reference);
        assert_eq!(
            (d.expected, d.actual),
            (Some(was), Some(sgd(was.minor + 30)))
        );
        let d = by_kind("refund_not_taken");
        assert_eq!((d.expected, d.actual), (Some(refunded(&d.reference)), None));
        let d = by_kind("refund_taken_twice");
        assert!(d.reference.starts_with("sbx_txn_"), "{d:?}");
        assert!(
            refunds.iter().any(|(_, a)| Some(sgd(*a)) == d.actual),
            "{d:?}"
        );
        let d = by_kind("net_does_not_add_up");
        let (e, a) = (d.expected.unwrap().minor, d.actual.unwrap().minor);
        assert_eq!(a - e, 1, "the fee raised by one cent: {d:?}");
        let d = by_kind("payment_held_back");
        assert_eq!(d.kind, DiscrepancyKind::Unpaid);
        assert!(d.reference.starts_with("sbx_pay_"), "{d:?}");
    }
}

#[test]
fn money_held_back_must_be_late_to_be_planted() {
    // Two days before 09:00 on the 20th: nothing is older than the 48-hour schedule, so
    // neither a refund nor a payment can be held back; adjustments are planted instead.
    let dir = tempfile::tempdir().unwrap();
    let mut sbx = stocked(&dir);
    let r = sbx.simulate(&params(20, 2, 3, 8)).unwrap();
    let kinds: Vec<&str> = r.faults.iter().map(|f| f.kind).collect();
    assert_eq!(kinds[7], "unexplained_adjustment", "{kinds:?}");
    let report = reconcile_synced(&sync_all(&mut sbx), at(NOW));
    assert_eq!(found(&report), planted(&r.faults));
}

#[test]
fn clean_simulations_reconcile_clean_with_refunds_and_an_instant_payout() {
    // Daily payouts over three days: three payouts, every charge matched.
    let dir = tempfile::tempdir().unwrap();
    let mut sbx = stocked(&dir);
    let params = |orders, days, seed, rate: &str| SimulateParams {
        failure_rate: Decimal::from_str_exact(rate).unwrap(),
        ..params(orders, days, seed, 0)
    };
    sbx.simulate(&params(30, 3, 5, "0.1")).unwrap();
    let report = reconcile_synced(&sync_all(&mut sbx), at(NOW));
    assert!(
        report.discrepancies.is_empty(),
        "{:?}",
        report.discrepancies
    );
    assert_eq!(report.matched, 3);

    // A payment refunded in two parts, then paid out at once with today's charges.
    let dir = tempfile::tempdir().unwrap();
    let mut sbx = stocked(&dir);
    sbx.simulate(&params(10, 2, 2, "0.3")).unwrap();
    let paid = sbx
        .pull_orders(None)
        .unwrap()
        .items
        .iter()
        .flat_map(|o| &o.payments)
        .find(|p| p.state == PaymentState::Captured)
        .unwrap()
        .clone();
    let half = Money::new(paid.amount.minor / 2, paid.amount.currency);
    let rest = Money::new(paid.amount.minor - half.minor, paid.amount.currency);
    for (key, amount) in [("r1", half), ("r2", rest)] {
        sbx.create_refund(&RefundRequest {
            idempotency_key: key.into(),
            payment_ref: paid.provider_ref.clone(),
            amount,
            reason: "damaged".into(),
        })
        .unwrap();
    }
    assert_eq!(sbx.instant_payout().unwrap().len(), 1);
    let s = sync_all(&mut sbx);
    assert_eq!(s.refunds.len(), 2);
    let report = reconcile_synced(&s, at(NOW));
    assert!(
        report.discrepancies.is_empty(),
        "{:?}",
        report.discrepancies
    );
}
