//! Unit tests of the sandbox through the Provider trait and `simulate`, on temporary files
//! with a pinned clock.

use std::collections::{HashMap, HashSet};

use jiff::SignedDuration;
use rust_decimal::Decimal;

use super::*;
use crate::model::{
    Change, LineQty, PaymentState, PayoutState, ProductState, RefundState, TxnKind,
};
use crate::money::{Currency, Money};
use crate::provider::ProviderError;

const NOW: &str = "2026-11-20T09:00:00Z";

fn sgd(minor: i64) -> Money {
    Money::new(minor, Currency::from_code("SGD").unwrap())
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

struct T {
    _dir: tempfile::TempDir,
    sbx: Sandbox,
    keys: u32,
}

impl T {
    fn new() -> T {
        T::at(NOW)
    }

    fn at(now: &str) -> T {
        let dir = tempfile::tempdir().unwrap();
        let sbx = Sandbox::open_beside(&dir.path().join("shop.db"))
            .unwrap()
            .with_clock(at(now));
        T {
            _dir: dir,
            sbx,
            keys: 0,
        }
    }

    fn push(&mut self, change: Change) -> ProviderResult<PushOutcome> {
        // What the shop's sync does beside the push: publish the product to the sandbox
        // chat's catalog, where simulated customers browse.
        if let Change::ProductUpsert(p) = &change {
            self.sbx
                .publish_catalog(&[chat_request(p)], at(NOW))
                .unwrap();
        }
        self.keys += 1;
        self.sbx.push(&OutboxEntry {
            id: i64::from(self.keys),
            idempotency_key: format!("key-{}", self.keys),
            change,
        })
    }

    /// A small SGD catalog (one on sale, one draft, one out of stock) and card + paynow.
    fn stocked() -> T {
        let mut t = T::new();
        for (sku, price, sale, stock, status) in [
            ("TEE-S", 2500, None, 140, "active"),
            ("TEE-M", 2500, Some(1999), 140, "active"),
            ("MUG", 1800, None, 130, "active"),
            ("TOTE", 1250, None, 150, "active"),
            ("CAP", 2000, None, 125, "active"),
            ("DRAFT", 999, None, 10, "draft"),
            ("GONE", 999, None, 0, "active"),
        ] {
            t.push(Change::ProductUpsert(product(
                sku, price, sale, stock, status,
            )))
            .unwrap();
        }
        for m in ["card", "paynow"] {
            t.push(Change::PaymentMethod {
                method: m.into(),
                enabled: true,
            })
            .unwrap();
        }
        t
    }

    fn simulate(&mut self, p: &SimulateParams) -> anyhow::Result<SimulateReport> {
        self.sbx.simulate(p)
    }
}

/// The chat catalog request sync would send for a pushed product.
fn chat_request(p: &ProductState) -> crate::model::CatalogRequest {
    use crate::model::{CatalogItem, CatalogRequest, ProductStatus};
    if p.status != ProductStatus::Active {
        return CatalogRequest::Delete { id: p.sku.clone() };
    }
    CatalogRequest::Update(CatalogItem {
        id: p.sku.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        availability: if p.stock.is_none_or(|n| n > 0) {
            "in stock"
        } else {
            "out of stock"
        }
        .into(),
        condition: "new".into(),
        price: p.price,
        sale_price: p.sale_price,
        link: String::new(),
        images: p.images.clone(),
        brand: "Test".into(),
        item_group_id: p.group.clone(),
        inventory: p.stock,
    })
}

fn product(sku: &str, price: i64, sale: Option<i64>, stock: i64, status: &str) -> ProductState {
    ProductState {
        sku: sku.into(),
        group: String::new(),
        title: format!("The {sku}"),
        description: String::new(),
        status: status.parse().unwrap(),
        price: sgd(price),
        sale_price: sale.map(sgd),
        stock: Some(stock),
        images: vec![format!("https://img.example/{sku}.png")],
    }
}

fn params(orders: u32, days: u32, seed: u64) -> SimulateParams {
    SimulateParams {
        orders,
        days,
        seed,
        failure_rate: Decimal::from_str_exact("0.1").unwrap(),
        discrepancies: 0,
        fees: vec![],
        country: "SG".into(),
    }
}

/// Everything a shop would sync, pulled through the trait.
struct Synced {
    orders: Vec<RemoteOrder>,
    payouts: Vec<(RemotePayout, Vec<BalanceTransaction>)>,
}

fn sync_all(sbx: &mut Sandbox) -> Synced {
    let orders = sbx.pull_orders(None).unwrap().items;
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
    Synced { orders, payouts }
}

#[test]
fn the_file_sits_beside_the_shop_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("my shop.db");
    let sbx = Sandbox::open_beside(&shop).unwrap();
    assert_eq!(sbx.path(), dir.path().join("my shop.db.sandbox"));
    let mode = std::fs::metadata(sbx.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    drop(sbx);
    // Reopening an up-to-date file is fine; a stranger's SQLite file is refused.
    Sandbox::open_beside(&shop).unwrap();
    let other = dir.path().join("other.db");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch("PRAGMA application_id = 42; CREATE TABLE x (y);")
        .unwrap();
    drop(conn);
    let err = Sandbox::open(&other).err().unwrap();
    assert!(
        err.to_string().contains("not a shopctl sandbox file"),
        "{err}"
    );
}

#[test]
fn push_is_idempotent_per_key() {
    let mut t = T::new();
    let entry = OutboxEntry {
        id: 1,
        idempotency_key: "k1".into(),
        change: Change::ProductUpsert(product("TEE", 2500, None, 5, "active")),
    };
    let first = t.sbx.push(&entry).unwrap();
    assert_eq!(first.provider_ref.as_deref(), Some("sbx_prod_TEE"));
    // The same key again, even carrying another change, does nothing and answers the same.
    let again = OutboxEntry {
        change: Change::ProductUpsert(product("TEE", 9999, None, 1, "active")),
        ..entry.clone()
    };
    assert_eq!(t.sbx.push(&again).unwrap(), first);
    let (price, stock): (i64, i64) = t
        .sbx
        .conn()
        .query_row(
            "SELECT price, stock FROM products WHERE sku = 'TEE'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((price, stock), (2500, 5));
    // A new key updates; archive; methods on and off.
    t.push(Change::ProductUpsert(product(
        "TEE",
        2600,
        Some(2000),
        7,
        "active",
    )))
    .unwrap();
    t.push(Change::ProductArchive { sku: "TEE".into() })
        .unwrap();
    t.push(Change::PaymentMethod {
        method: "card".into(),
        enabled: true,
    })
    .unwrap();
    t.push(Change::PaymentMethod {
        method: "paynow".into(),
        enabled: true,
    })
    .unwrap();
    t.push(Change::PaymentMethod {
        method: "card".into(),
        enabled: false,
    })
    .unwrap();
    let (pushed, orderable, methods) = t.sbx.readiness().unwrap();
    assert_eq!(
        (pushed, orderable, methods),
        (1, 0, vec!["paynow".to_string()])
    );
}

#[test]
fn fulfilment_and_cancel_need_a_sandbox_order() {
    let mut t = T::stocked();
    for change in [
        Change::Fulfilment {
            order_ref: "sbx_ord_999".into(),
            lines: vec![],
            carrier: "DHL".into(),
            tracking: "1".into(),
        },
        Change::OrderCancel {
            order_ref: "1001".into(),
            reason: "x".into(),
        },
    ] {
        match t.push(change) {
            Err(ProviderError::Rejected(m)) => assert!(m.contains("has no order"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
    t.simulate(&params(5, 2, 1)).unwrap();
    let order = &t.sbx.pull_orders(None).unwrap().items[0];
    let line = &order.lines[0];
    let out = t
        .push(Change::Fulfilment {
            order_ref: order.provider_ref.clone(),
            lines: vec![LineQty {
                sku: line.sku.clone(),
                quantity: line.quantity,
            }],
            carrier: "SingPost".into(),
            tracking: "RR123".into(),
        })
        .unwrap();
    assert!(out.provider_ref.unwrap().starts_with("sbx_ful_"));
    t.push(Change::OrderCancel {
        order_ref: order.provider_ref.clone(),
        reason: "customer asked".into(),
    })
    .unwrap();
}

#[test]
fn the_same_seed_gives_the_same_shop_and_another_seed_does_not() {
    let run = |seed: u64| {
        let mut t = T::stocked();
        let mut p = params(40, 3, seed);
        p.discrepancies = 2;
        let report = t.simulate(&p).unwrap();
        let s = sync_all(&mut t.sbx);
        (report, s.orders, s.payouts)
    };
    let a = run(7);
    let b = run(7);
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
    assert_eq!(a.2, b.2);
    let c = run(8);
    assert_ne!(a.1, c.1);
}

#[test]
fn orders_follow_the_catalog_the_stock_and_the_clock() {
    let mut t = T::stocked();
    let report = t.simulate(&params(60, 3, 3)).unwrap();
    assert_eq!(report.orders, 60);
    assert_eq!(report.failed, 6, "exactly round(0.1 × 60) payments fail");
    assert_eq!(report.paid, 54);
    let orders = t.sbx.pull_orders(None).unwrap().items;
    assert_eq!(orders.len(), 60);
    let now = at(NOW);
    let start = now.checked_sub(SignedDuration::from_hours(72)).unwrap();
    let mut prev = start;
    let mut sold: HashMap<String, i64> = HashMap::new();
    let units: HashMap<&str, i64> = [
        ("TEE-S", 2500),
        ("TEE-M", 1999),
        ("MUG", 1800),
        ("TOTE", 1250),
        ("CAP", 2000),
    ]
    .into();
    for o in &orders {
        assert!(
            o.created_at > prev && o.created_at < now,
            "{}",
            o.created_at
        );
        prev = o.created_at;
        // Simulated customers pay for the cart they sent in the sandbox chat (issue 12).
        assert!(
            o.order_ref
                .as_deref()
                .is_some_and(|r| r.starts_with("wamid.sandbox.")),
            "{:?}",
            o.order_ref
        );
        assert!(o.customer_phone.starts_with("+65") && o.customer_phone.len() == 11);
        assert!(!o.customer_name.is_empty());
        assert!((1..=4).contains(&o.lines.len()));
        let skus: HashSet<&str> = o.lines.iter().map(|l| l.sku.as_str()).collect();
        assert_eq!(skus.len(), o.lines.len(), "distinct SKUs");
        let mut total = 0;
        for l in &o.lines {
            assert!((1..=3).contains(&l.quantity));
            assert_eq!(
                l.unit_price.minor,
                units[l.sku.as_str()],
                "sale price charged"
            );
            total += l.unit_price.minor * l.quantity;
        }
        assert_eq!(o.total.minor, total);
        assert_eq!(o.payments.len(), 1);
        let p = &o.payments[0];
        assert_eq!(p.amount, o.total);
        assert!(p.method == "card" || p.method == "paynow");
        if p.state == PaymentState::Captured {
            for l in &o.lines {
                *sold.entry(l.sku.clone()).or_default() += l.quantity;
            }
        }
    }
    // The sandbox's own stock went down by what was paid for, never below zero.
    for (sku, start) in [
        ("TEE-S", 140),
        ("TEE-M", 140),
        ("MUG", 130),
        ("TOTE", 150),
        ("CAP", 125),
    ] {
        let stock: i64 = t
            .sbx
            .conn()
            .query_row("SELECT stock FROM products WHERE sku = ?1", [sku], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stock, start - sold.get(sku).copied().unwrap_or(0), "{sku}");
        assert!(stock >= 0);
    }
    // Nothing new: no cursor to store.
    let cursor = t.sbx.pull_orders(None).unwrap().next_cursor.unwrap();
    let again = t.sbx.pull_orders(Some(&cursor)).unwrap();
    assert!(again.items.is_empty() && again.next_cursor.is_none());
}

#[test]
fn stock_runs_out_rather_than_going_negative() {
    let mut t = T::new();
    t.push(Change::ProductUpsert(product(
        "ONE", 1000, None, 3, "active",
    )))
    .unwrap();
    t.push(Change::PaymentMethod {
        method: "card".into(),
        enabled: true,
    })
    .unwrap();
    let mut p = params(10, 2, 1);
    p.failure_rate = Decimal::ZERO;
    let r = t.simulate(&p).unwrap();
    assert!(r.stock_ran_out);
    let sold: i64 = sync_all(&mut t.sbx)
        .orders
        .iter()
        .flat_map(|o| &o.lines)
        .map(|l| l.quantity)
        .sum();
    assert_eq!(sold, 3);
}

#[test]
fn a_product_whose_stock_is_not_tracked_is_ordered_and_never_runs_out() {
    let mut t = T::new();
    let mut free = product("FREE", 1000, None, 0, "active");
    free.stock = None;
    t.push(Change::ProductUpsert(free)).unwrap();
    t.push(Change::PaymentMethod {
        method: "card".into(),
        enabled: true,
    })
    .unwrap();
    let mut p = params(10, 2, 1);
    p.failure_rate = Decimal::ZERO;
    let r = t.simulate(&p).unwrap();
    assert!(!r.stock_ran_out);
    let sold: i64 = sync_all(&mut t.sbx)
        .orders
        .iter()
        .flat_map(|o| &o.lines)
        .map(|l| l.quantity)
        .sum();
    assert!(sold >= 10, "ten orders of at least one unit each: {sold}");
    let stock: Option<i64> = t
        .sbx
        .conn()
        .query_row("SELECT stock FROM products WHERE sku = 'FREE'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stock, None, "checkouts leave an untracked stock untracked");
}

#[test]
fn payouts_are_daily_net_of_fees_and_today_waits() {
    let mut t = T::stocked();
    let r = t.simulate(&params(30, 3, 5)).unwrap();
    // Orders from 17 Nov 09:00 to 20 Nov 09:00: payouts for the 17th, 18th and 19th.
    let days: Vec<String> = r.payouts.iter().map(|p| p.day.to_string()).collect();
    assert_eq!(days, ["2026-11-17", "2026-11-18", "2026-11-19"]);
    let s = sync_all(&mut t.sbx);
    let methods: HashMap<String, String> = s
        .orders
        .iter()
        .flat_map(|o| &o.payments)
        .map(|p| (p.provider_ref.clone(), p.method.clone()))
        .collect();
    let mut paid_out = HashSet::new();
    for (p, txns) in &s.payouts {
        let sum: i64 = txns.iter().map(|t| t.net.minor).sum();
        assert_eq!(p.amount.minor, sum, "{}", p.provider_ref);
        let day = p
            .created_at
            .checked_sub(SignedDuration::from_hours(24))
            .unwrap();
        assert_eq!(
            p.arrival_date,
            p.created_at
                .checked_add(SignedDuration::from_hours(48))
                .unwrap()
        );
        // 17th's arrives on the 20th at 00:00 (paid); later ones are still in transit.
        let expect = if p.arrival_date <= at(NOW) {
            PayoutState::Paid
        } else {
            PayoutState::InTransit
        };
        assert_eq!(p.state, expect);
        for t in txns {
            assert_eq!(t.kind, TxnKind::Charge);
            assert!(t.created_at >= day && t.created_at < p.created_at);
            // The fee worked out apart from `FeeRule::fee`: the default rates in integer
            // cents, rounded half up (half away from zero, for a positive amount).
            let by_hand = match methods[&t.source_ref].as_str() {
                "card" => (t.gross.minor * 34 + 500) / 1000 + 50,
                "paynow" => (t.gross.minor * 13 + 500) / 1000,
                m => panic!("no hand rule for {m}"),
            };
            assert_eq!(t.fee.minor, by_hand, "{}", t.provider_ref);
            assert_eq!(t.net.minor, t.gross.minor - by_hand);
            paid_out.insert(t.source_ref.clone());
        }
    }
    assert_eq!(s.payouts[0].0.state, PayoutState::Paid);
    assert_eq!(s.payouts[2].0.state, PayoutState::InTransit);
    // Today's captured payments wait; failed ones never reach the balance.
    for o in &s.orders {
        let p = &o.payments[0];
        let today = o.created_at >= at("2026-11-20T00:00:00Z");
        let captured = p.state == PaymentState::Captured;
        assert_eq!(paid_out.contains(&p.provider_ref), captured && !today);
    }
    // That these reconcile clean is checked in payouts::sandbox_faults (the core's side).
    // The in-transit ones are paid once time has passed, as a change the next pull sees.
    let cursor = t.sbx.pull_payouts(None).unwrap().next_cursor;
    t.sbx.clock = Some(at("2026-11-23T00:00:00Z"));
    let later = t.sbx.pull_payouts(cursor.as_deref()).unwrap();
    assert_eq!(later.items.len(), 2);
    assert!(later.items.iter().all(|p| p.state == PayoutState::Paid));
}

#[test]
fn refunds_are_idempotent_limited_and_paid_out_instantly() {
    let mut t = T::stocked();
    let mut p = params(10, 2, 2);
    p.failure_rate = Decimal::from_str_exact("0.3").unwrap();
    t.simulate(&p).unwrap();
    let orders = t.sbx.pull_orders(None).unwrap().items;
    let paid = orders
        .iter()
        .flat_map(|o| &o.payments)
        .find(|p| p.state == PaymentState::Captured)
        .unwrap()
        .clone();
    let failed = orders
        .iter()
        .flat_map(|o| &o.payments)
        .find(|p| p.state == PaymentState::Failed)
        .unwrap()
        .clone();
    let req = |key: &str, pay: &str, amount: Money| RefundRequest {
        idempotency_key: key.into(),
        payment_ref: pay.into(),
        amount,
        reason: "damaged".into(),
    };
    let half = Money::new(paid.amount.minor / 2, paid.amount.currency);
    let first = t
        .sbx
        .create_refund(&req("r1", &paid.provider_ref, half))
        .unwrap();
    assert_eq!(first.state, RefundState::Succeeded);
    assert_eq!(first.idempotency_key.as_deref(), Some("r1"));
    // The same key returns the first refund, even with another amount; nothing new is made.
    let again = t
        .sbx
        .create_refund(&req("r1", &paid.provider_ref, sgd(1)))
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(t.sbx.pull_refunds(None).unwrap().items, vec![first.clone()]);

    let rejected = |t: &mut T, r: RefundRequest, says: &str| match t.sbx.create_refund(&r) {
        Err(ProviderError::Rejected(m)) => assert!(m.contains(says), "{m}"),
        other => panic!("{other:?}"),
    };
    let left = paid.amount.minor - half.minor;
    rejected(
        &mut t,
        req("r2", &paid.provider_ref, sgd(left + 1)),
        "left to refund",
    );
    rejected(&mut t, req("r3", "sbx_pay_404", sgd(100)), "no payment");
    rejected(
        &mut t,
        req("r4", &failed.provider_ref, sgd(100)),
        "not captured",
    );
    let usd = Money::new(100, Currency::from_code("USD").unwrap());
    rejected(
        &mut t,
        req("r5", &paid.provider_ref, usd),
        "the refund in USD",
    );
    rejected(
        &mut t,
        req("r6", &paid.provider_ref, sgd(0)),
        "more than zero",
    );
    // The rest can still be refunded, exactly.
    t.sbx
        .create_refund(&req("r7", &paid.provider_ref, sgd(left)))
        .unwrap();
    let cursor = t.sbx.pull_refunds(None).unwrap().next_cursor;
    assert_eq!(
        t.sbx.pull_refunds(cursor.as_deref()).unwrap().next_cursor,
        None
    );

    // An instant payout takes today's charges and both refunds; a second one has nothing.
    let made = t.sbx.instant_payout().unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].state, PayoutState::Paid);
    assert!(t.sbx.instant_payout().unwrap().is_empty());
    let s = sync_all(&mut t.sbx);
    let (po, txns) = s.payouts.last().unwrap();
    let refunds: Vec<&BalanceTransaction> =
        txns.iter().filter(|t| t.kind == TxnKind::Refund).collect();
    assert_eq!(refunds.len(), 2);
    assert_eq!(refunds[0].source_ref, first.provider_ref);
    assert_eq!(refunds[0].gross, Money::new(-half.minor, half.currency));
    assert_eq!(refunds[0].net, refunds[0].gross);
    assert_eq!(refunds[0].fee.minor, 0);
    assert_eq!(
        po.amount.minor,
        txns.iter().map(|t| t.net.minor).sum::<i64>()
    );
    // That these reconcile clean is checked in payouts::sandbox_faults (the core's side).
}

#[test]
fn faults_without_a_payout_fail_and_change_nothing() {
    // Late in the day over one day: every order is today, so no daily payout is due.
    let mut t = T::stocked();
    t.sbx.clock = Some(at("2026-11-20T23:59:59Z"));
    let mut p = params(2, 1, 4);
    p.discrepancies = 1;
    p.fees = vec![("card".into(), FeeRule::parse_override("card=1%").unwrap().1)];
    let before = sync_all(&mut t.sbx);
    let e = t.simulate(&p).unwrap_err().to_string();
    assert!(e.contains("no payout to plant faults in"), "{e}");
    assert!(e.contains("--days 2 or more"), "{e}");
    let after = sync_all(&mut t.sbx);
    assert_eq!(before.orders, after.orders);
    assert!(after.orders.is_empty());
    assert_eq!(
        t.sbx.fee_schedule().unwrap()["card"],
        FeeRule::default_for("card"),
        "the fee override was not remembered either"
    );
    // Without faults the same run works, and a fee override is remembered.
    p.discrepancies = 0;
    let r = t.simulate(&p).unwrap();
    assert!(r.payouts.is_empty());
    assert_eq!(t.sbx.fee_schedule().unwrap()["card"].describe(), "1%");
}

#[test]
fn simulate_says_what_is_missing() {
    let mut t = T::new();
    let e = t.simulate(&params(5, 2, 1)).unwrap_err().to_string();
    assert!(e.contains("no product has been pushed"), "{e}");
    assert!(e.contains("shopctl sync"), "{e}");
    t.push(Change::ProductUpsert(product("A", 100, None, 0, "active")))
        .unwrap();
    let e = t.simulate(&params(5, 2, 1)).unwrap_err().to_string();
    assert!(e.contains("active with stock"), "{e}");
    t.push(Change::ProductUpsert(product("A", 100, None, 5, "active")))
        .unwrap();
    let e = t.simulate(&params(5, 2, 1)).unwrap_err().to_string();
    assert!(e.contains("shopctl payments enable card"), "{e}");
    t.push(Change::PaymentMethod {
        method: "card".into(),
        enabled: true,
    })
    .unwrap();
    let mut p = params(5, 2, 1);
    p.failure_rate = Decimal::TWO;
    let e = t.simulate(&p).unwrap_err().to_string();
    assert!(e.contains("between 0 and 1"), "{e}");
}

/// A sandbox file an older shopctl left at schema 3 (stock NOT NULL) is migrated by 0004: its
/// products keep their stock, and a product may then be pushed with none (untracked).
#[test]
fn a_schema_3_sandbox_file_migrates_to_untracked_stock_with_its_products() {
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("shop.db");
    {
        let conn = rusqlite::Connection::open(file::path_beside(&shop)).unwrap();
        for sql in [
            include_str!("schema/0001_sandbox.sql"),
            include_str!("schema/0002_shop_orders.sql"),
            include_str!("schema/0003_chat.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO products VALUES ('MUG', '', 'Mug', '', 'active', 'SGD', 1200, NULL, 5, '');
             PRAGMA application_id = 0x73626f78;
             PRAGMA user_version = 3;",
        )
        .unwrap();
        assert!(
            conn.execute("UPDATE products SET stock = NULL", [])
                .is_err(),
            "schema 3 holds no untracked stock"
        );
    }
    let mut t = T {
        sbx: Sandbox::open_beside(&shop).unwrap().with_clock(at(NOW)),
        _dir: dir,
        keys: 0,
    };
    let version: i64 = t
        .sbx
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version, 7,
        "through 0004 (untracked stock), 0005 (the chat catalog), 0006 (pull order) and 0007 \
         (the chat's index by customer)"
    );
    let indexes: Vec<String> = t
        .sbx
        .conn()
        .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'chat_messages' AND type = 'index' AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(indexes, ["chat_messages_heard"]);
    let stock = |t: &T, sku: &str| -> Option<i64> {
        t.sbx
            .conn()
            .query_row("SELECT stock FROM products WHERE sku = ?1", [sku], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(stock(&t, "MUG"), Some(5), "the stored count is kept");
    let mut free = product("FREE", 500, None, 0, "active");
    free.stock = None;
    t.push(Change::ProductUpsert(free)).unwrap();
    assert_eq!(stock(&t, "FREE"), None);
    assert_eq!(stock(&t, "MUG"), Some(5));
}

/// Each page of a pull reads the rows after its cursor through an index, not the whole table
/// sorted again (pulling N orders cost N² / 1,000 rows read).
#[test]
fn pulls_page_through_the_change_sequence_index() {
    let t = T::new();
    for (table, index) in [
        ("orders", "orders_seq"),
        ("refunds", "refunds_seq"),
        ("payouts", "payouts_seq"),
    ] {
        let plan: String = t
            .sbx
            .conn()
            .query_row(
                &format!(
                    "EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE seq > 5 ORDER BY seq LIMIT 1000"
                ),
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains(index), "{table}: {plan}");
    }
}
