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
use crate::provider::sandbox::{Sandbox, SimulateParams};

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

#[test]
fn each_planted_fault_is_one_discrepancy_of_its_kind() {
    for (k, days) in [(3, 3), (5, 3), (7, 2)] {
        let dir = tempfile::tempdir().unwrap();
        let mut sbx = stocked(&dir);
        let mut p = SimulateParams {
            orders: 40,
            days,
            seed: 11,
            failure_rate: Decimal::from_str_exact("0.1").unwrap(),
            discrepancies: 0,
            fees: vec![],
            country: "SG".into(),
        };
        p.discrepancies = k;
        let r = sbx.simulate(&p).unwrap();
        assert_eq!(r.faults.len(), k as usize);
        let kinds: Vec<&str> = r.faults.iter().map(|f| f.kind).collect();
        assert_eq!(
            &kinds[..3],
            ["unexplained_adjustment", "fee_taken_twice", "payout_short"]
        );
        if k == 3 {
            let payouts: HashSet<&str> = r.faults.iter().map(|f| f.payout.as_str()).collect();
            assert_eq!(payouts.len(), 3, "spread over distinct payouts");
        }
        let s = sync_all(&mut sbx);
        for (p, txns) in &s.payouts {
            let sum: i64 = txns.iter().map(|t| t.net.minor).sum();
            let short = r
                .faults
                .iter()
                .any(|f| f.kind == "payout_short" && f.payout == p.provider_ref);
            assert_eq!(p.amount.minor < sum, short, "{}", p.provider_ref);
        }
        let report = reconcile_synced(&s, at(NOW));
        let mut found: Vec<(DiscrepancyKind, String, String)> = report
            .discrepancies
            .iter()
            .map(|d| (d.kind, d.payout.clone().unwrap(), d.reference.clone()))
            .collect();
        let mut planted: Vec<(DiscrepancyKind, String, String)> = r
            .faults
            .iter()
            .map(|f| (f.expect, f.payout.clone(), f.reference.clone()))
            .collect();
        found.sort();
        planted.sort();
        assert_eq!(found, planted, "K={k} days={days}");
    }
}

#[test]
fn clean_simulations_reconcile_clean_with_refunds_and_an_instant_payout() {
    // Daily payouts over three days: three payouts, every charge matched.
    let dir = tempfile::tempdir().unwrap();
    let mut sbx = stocked(&dir);
    let params = |orders, days, seed, rate: &str| SimulateParams {
        orders,
        days,
        seed,
        failure_rate: Decimal::from_str_exact(rate).unwrap(),
        discrepancies: 0,
        fees: vec![],
        country: "SG".into(),
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
