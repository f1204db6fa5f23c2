//! `sandbox simulate`: customers ordering from the sandbox's copy of the catalog and paying
//! with the methods enabled there, fees per method, daily payouts, and (on request) planted
//! reconciliation faults. Deterministic: the same seed, the same `now` and the same sandbox
//! state give the same orders, refs and payouts (ChaCha8 seeded from `--seed`, no other
//! source of randomness, no `f64`).

use std::collections::{BTreeMap, HashSet};

use anyhow::{Result, bail};
use jiff::{SignedDuration, Timestamp};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    FeeRule, PayoutMade, Sandbox, bump, cur, daily_payouts, enabled_methods, fee_schedule,
    insert_payment, insert_txn, next_id, settle_payouts,
};
use crate::clock;
use crate::model::DiscrepancyKind as Kind;
use crate::model::TxnKind;
use crate::money::{Currency, Money};

#[derive(Clone, Debug)]
pub struct SimulateParams {
    pub orders: u32,
    pub days: u32,
    pub seed: u64,
    /// The share of payments that fail, 0 to 1.
    pub failure_rate: Decimal,
    pub discrepancies: u32,
    /// `--fee` overrides, remembered in the sandbox file.
    pub fees: Vec<(String, FeeRule)>,
    /// The shop's country (ISO 3166 alpha-2): customers' names and WhatsApp numbers.
    pub country: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodCount {
    pub method: String,
    pub paid: u32,
    pub failed: u32,
}

/// A fault planted in a payout, and the discrepancy `payouts reconcile` should report for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultMade {
    /// `unexplained_adjustment`, `fee_taken_twice` or `payout_short`.
    pub kind: &'static str,
    pub expect: Kind,
    pub payout: String,
    /// The reference the discrepancy names: the planted transaction, or the payout when short.
    pub reference: String,
}

/// Captured money of one currency in this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    pub gross: Money,
    pub fees: Money,
    pub net: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulateReport {
    pub orders: u32,
    pub paid: u32,
    pub failed: u32,
    /// Orders stopped early because nothing orderable was left in stock.
    pub stock_ran_out: bool,
    pub by_method: Vec<MethodCount>,
    pub totals: BTreeMap<Currency, Totals>,
    pub payouts: Vec<PayoutMade>,
    pub faults: Vec<FaultMade>,
    pub fees: BTreeMap<String, FeeRule>,
}

struct Product {
    sku: String,
    currency: Currency,
    /// What a customer pays per unit: the sale price when there is one.
    unit: i64,
    stock: i64,
}

struct Customer {
    name: String,
    phone: String,
}

const SECONDS_PER_DAY: u64 = 86_400;

impl Sandbox {
    /// Plays `params.orders` checkouts over the `params.days` days before now, then the
    /// automatic daily payouts, then plants faults. All in one transaction: an error leaves
    /// the sandbox file as it was.
    pub fn simulate(&mut self, params: &SimulateParams) -> Result<SimulateReport> {
        if params.failure_rate.is_sign_negative() || params.failure_rate > Decimal::ONE {
            bail!(
                "--failure-rate {} is not a share between 0 and 1 (e.g. 0.1 for one in ten)",
                params.failure_rate
            );
        }
        if params.orders == 0 || params.days == 0 {
            bail!("--orders and --days must be at least 1");
        }
        let span = u64::from(params.days) * SECONDS_PER_DAY;
        let slot = span / u64::from(params.orders);
        if slot == 0 {
            bail!(
                "{} orders in {} day(s) is more than one a second; use more --days",
                params.orders,
                params.days
            );
        }
        let now = self.now()?;
        self.write(|tx| simulate_in(tx, params, now, slot))
    }
}

fn simulate_in(
    tx: &Transaction,
    params: &SimulateParams,
    now: Timestamp,
    slot: u64,
) -> Result<SimulateReport> {
    for (method, rule) in &params.fees {
        tx.execute(
            "INSERT INTO fees (method, percent, fixed) VALUES (?1, ?2, ?3)
             ON CONFLICT (method) DO UPDATE SET percent = excluded.percent, fixed = excluded.fixed",
            params![method, rule.percent.to_string(), rule.fixed.to_string()],
        )?;
    }
    let fees = fee_schedule(tx)?;
    let mut products = load_products(tx)?;
    if products.is_empty() {
        let pushed: i64 = tx.query_row("SELECT count(*) FROM products", [], |r| r.get(0))?;
        if pushed == 0 {
            bail!(
                "no product has been pushed to the sandbox yet: run `shopctl catalog import FILE` then `shopctl sync`"
            );
        }
        bail!(
            "none of the {pushed} products at the sandbox is active with stock: add stock or activate products (`shopctl catalog edit SKU --stock N --status active`), then `shopctl sync`"
        );
    }
    let methods = enabled_methods(tx)?;
    if methods.is_empty() {
        bail!(
            "no payment method is enabled at the sandbox: `shopctl payments enable card` then `shopctl sync`"
        );
    }

    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let customers = make_customers(&mut rng, &params.country, params.orders);
    let failing = pick_failures(&mut rng, params.orders, params.failure_rate);
    let start = now.checked_sub(SignedDuration::from_secs(i64::try_from(
        u64::from(params.days) * SECONDS_PER_DAY,
    )?))?;

    let mut report = SimulateReport {
        orders: 0,
        paid: 0,
        failed: 0,
        stock_ran_out: false,
        by_method: methods
            .iter()
            .map(|m| MethodCount {
                method: m.clone(),
                paid: 0,
                failed: 0,
            })
            .collect(),
        totals: BTreeMap::new(),
        payouts: Vec::new(),
        faults: Vec::new(),
        fees: fees.clone(),
    };

    for i in 0..params.orders {
        let offset = u64::from(i) * slot + rng.random_range(0..slot);
        let at = start.checked_add(SignedDuration::from_secs(i64::try_from(offset)?))?;
        let Some(lines) = pick_lines(&mut rng, &mut products) else {
            report.stock_ran_out = true;
            break;
        };
        let customer = &customers[rng.random_range(0..customers.len() as u32) as usize];
        let m = rng.random_range(0..methods.len() as u32) as usize;
        let method = &methods[m];
        let failed = failing.contains(&i);
        let currency = products[lines[0].0].currency;
        let mut total = Money::zero(currency);
        for (p, qty) in &lines {
            total =
                total.checked_add(Money::new(products[*p].unit, currency).checked_mul(*qty)?)?;
        }

        let order_id = next_id(tx, "orders")?;
        let seq = bump(tx)?;
        let at_text = clock::format(at);
        tx.execute(
            "INSERT INTO orders (id, provider_ref, customer_name, customer_phone, currency, total, created_at, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                order_id,
                format!("sbx_ord_{order_id}"),
                customer.name,
                customer.phone,
                currency.code(),
                total.minor,
                at_text,
                seq
            ],
        )?;
        for (n, (p, qty)) in lines.iter().enumerate() {
            tx.execute(
                "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![order_id, n as i64 + 1, products[*p].sku, qty, products[*p].unit],
            )?;
        }
        let pay_ref = insert_payment(
            tx,
            order_id,
            method,
            total,
            if failed { "failed" } else { "captured" },
            &at_text,
        )?;
        report.orders += 1;
        if failed {
            // A failed checkout takes no stock and moves no money.
            report.failed += 1;
            report.by_method[m].failed += 1;
            continue;
        }
        for (p, qty) in &lines {
            products[*p].stock -= qty;
            tx.execute(
                "UPDATE products SET stock = stock - ?1 WHERE sku = ?2",
                params![qty, products[*p].sku],
            )?;
        }
        let fee = fees
            .get(method.as_str())
            .copied()
            .unwrap_or_else(|| FeeRule::default_for(method))
            .fee(total)?;
        insert_txn(
            tx,
            TxnKind::Charge,
            &pay_ref,
            total,
            fee,
            &format!("{method} payment for sbx_ord_{order_id}"),
            at,
        )?;
        report.paid += 1;
        report.by_method[m].paid += 1;
        let t = report.totals.entry(currency).or_insert(Totals {
            gross: Money::zero(currency),
            fees: Money::zero(currency),
            net: Money::zero(currency),
        });
        t.gross = t.gross.checked_add(total)?;
        t.fees = t.fees.checked_add(fee)?;
        t.net = t.net.checked_add(total.checked_sub(fee)?)?;
    }

    report.payouts = daily_payouts(tx, now)?;
    if params.discrepancies > 0 {
        if report.payouts.is_empty() {
            bail!(
                "no payout to plant faults in: simulate over more than one day (--days 2 or more)"
            );
        }
        report.faults = plant_faults(tx, &mut report.payouts, params.discrepancies)?;
    }
    settle_payouts(tx, now)?;
    Ok(report)
}

fn load_products(tx: &Transaction) -> Result<Vec<Product>> {
    let mut stmt = tx.prepare(
        "SELECT sku, currency, COALESCE(sale_price, price), stock FROM products
         WHERE status = 'active' AND stock > 0 ORDER BY sku",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (sku, currency, unit, stock) = row?;
        out.push(Product {
            sku,
            currency: cur(&currency)?,
            unit,
            stock,
        });
    }
    Ok(out)
}

/// 1–4 distinct in-stock products of one currency, 1–3 of each but never more than the stock.
/// `None` when nothing is left in stock.
fn pick_lines(rng: &mut ChaCha8Rng, products: &mut [Product]) -> Option<Vec<(usize, i64)>> {
    let in_stock: Vec<usize> = (0..products.len())
        .filter(|&i| products[i].stock > 0)
        .collect();
    if in_stock.is_empty() {
        return None;
    }
    let first = in_stock[rng.random_range(0..in_stock.len() as u32) as usize];
    let mut others: Vec<usize> = in_stock
        .into_iter()
        .filter(|&i| i != first && products[i].currency == products[first].currency)
        .collect();
    let want = rng.random_range(1..=4u32) as usize;
    let take = (want - 1).min(others.len());
    // Partial Fisher–Yates: the first `take` are a uniform distinct sample.
    for k in 0..take {
        let j = k + rng.random_range(0..(others.len() - k) as u32) as usize;
        others.swap(k, j);
    }
    let mut picks = vec![first];
    picks.extend_from_slice(&others[..take]);
    Some(
        picks
            .into_iter()
            .map(|p| {
                let qty = i64::from(rng.random_range(1..=3u32)).min(products[p].stock);
                (p, qty)
            })
            .collect(),
    )
}

/// Exactly round(rate × orders) of the orders fail, which ones chosen by the seed.
fn pick_failures(rng: &mut ChaCha8Rng, orders: u32, rate: Decimal) -> HashSet<u32> {
    let n = (rate * Decimal::from(orders))
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_u32()
        .unwrap_or(0)
        .min(orders);
    let mut all: Vec<u32> = (0..orders).collect();
    for k in 0..n as usize {
        let j = k + rng.random_range(0..(all.len() - k) as u32) as usize;
        all.swap(k, j);
    }
    all.truncate(n as usize);
    all.into_iter().collect()
}

/// Name lists and WhatsApp number shapes per market (E.164, no spaces). Numbers are random
/// digits in the mobile ranges, not real subscribers'.
fn market(country: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match country {
        "IN" => (
            &[
                "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul",
                "Meera",
            ],
            &[
                "Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Das", "Mehta", "Rao",
            ],
        ),
        "BR" => (
            &[
                "Ana", "João", "Mariana", "Pedro", "Beatriz", "Lucas", "Camila", "Gabriel",
                "Larissa", "Rafael",
            ],
            &[
                "Silva",
                "Santos",
                "Oliveira",
                "Souza",
                "Costa",
                "Pereira",
                "Almeida",
                "Ferreira",
                "Rodrigues",
                "Lima",
            ],
        ),
        _ => (
            &[
                "Wei Ling",
                "Nur Aisyah",
                "Priya",
                "Jun Hao",
                "Siti",
                "Marcus",
                "Hui Min",
                "Arjun",
                "Mei Xin",
                "Farhan",
            ],
            &[
                "Tan", "Lim", "Ng", "Rahman", "Kumar", "Wong", "Lee", "Goh", "Osman", "Chua",
            ],
        ),
    }
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u32) as u8))
        .collect()
}

/// A pool of regular customers (about one per three orders, so some order again). Singapore
/// (+65, 8 digits from 8 or 9), India (+91, 10 digits from 6–9), Brazil (+55, a capital's
/// area code then 9 and 8 digits); other countries get Singapore's shapes.
fn make_customers(rng: &mut ChaCha8Rng, country: &str, orders: u32) -> Vec<Customer> {
    let (first, last) = market(country);
    let size = (orders / 3).clamp(1, 500) as usize;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(size);
    while out.len() < size {
        let f = first[rng.random_range(0..first.len() as u32) as usize];
        let l = last[rng.random_range(0..last.len() as u32) as usize];
        let phone = match country {
            "IN" => format!("+91{}{}", rng.random_range(6..=9u32), digits(rng, 9)),
            "BR" => {
                let area = [11, 21, 31, 41, 51, 61, 71, 81][rng.random_range(0..8u32) as usize];
                format!("+55{area}9{}", digits(rng, 8))
            }
            _ => format!("+65{}{}", rng.random_range(8..=9u32), digits(rng, 7)),
        };
        if seen.insert(phone.clone()) {
            out.push(Customer {
                name: format!("{f} {l}"),
                phone,
            });
        }
    }
    out
}

/// A small amount in `currency` (`major` in major units), at least one minor unit.
fn small(major: &str, currency: Currency) -> Result<Money> {
    let m = Money::from_decimal_rounded(Decimal::from_str_exact(major)?, currency)?;
    Ok(Money::new(m.minor.max(1), currency))
}

/// Plants `count` faults in this run's payouts, cycling through the three kinds and spreading
/// them over distinct payouts while there are enough. Each is built so that reconciliation
/// reports exactly one discrepancy for it: a payout is shorted at most once (two shorts would
/// be one mismatch), a charge's fee is doubled at most once, and a fee is only doubled where the
/// charge carried one. When a kind cannot be planted any more, an adjustment is planted instead.
fn plant_faults(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    count: u32,
) -> Result<Vec<FaultMade>> {
    let n = payouts.len();
    let mut shorted: HashSet<usize> = HashSet::new();
    let mut doubled: HashSet<i64> = HashSet::new();
    let mut made = Vec::new();
    for k in 0..count as usize {
        let home = k % n;
        let order: Vec<usize> = (0..n).map(|j| (home + j) % n).collect();
        let fault = match k % 3 {
            1 => plant_fee_twice(tx, payouts, &order, &mut doubled)?,
            2 => match order.iter().find(|j| !shorted.contains(j)) {
                Some(&j) => {
                    shorted.insert(j);
                    let p = &mut payouts[j];
                    let short = small("0.30", p.amount.currency)?;
                    p.amount = p.amount.checked_sub(short)?;
                    tx.execute(
                        "UPDATE payouts SET amount = ?1 WHERE id = ?2",
                        params![p.amount.minor, p.id],
                    )?;
                    Some(FaultMade {
                        kind: "payout_short",
                        expect: Kind::PayoutSumMismatch,
                        payout: p.provider_ref.clone(),
                        reference: p.provider_ref.clone(),
                    })
                }
                None => None,
            },
            _ => None,
        };
        let fault = match fault {
            Some(f) => f,
            None => plant_adjustment(tx, &mut payouts[home])?,
        };
        made.push(fault);
    }
    Ok(made)
}

fn attach(tx: &Transaction, payout: &mut PayoutMade, txn_id: i64, net: Money) -> Result<()> {
    tx.execute(
        "UPDATE balance_txns SET payout_id = ?1 WHERE id = ?2",
        params![payout.id, txn_id],
    )?;
    payout.amount = payout.amount.checked_add(net)?;
    payout.transactions += 1;
    tx.execute(
        "UPDATE payouts SET amount = ?1 WHERE id = ?2",
        params![payout.amount.minor, payout.id],
    )?;
    Ok(())
}

/// An adjustment the shop cannot explain, included in the payout's amount.
fn plant_adjustment(tx: &Transaction, payout: &mut PayoutMade) -> Result<FaultMade> {
    let currency = payout.amount.currency;
    let net = Money::new(-small("1.50", currency)?.minor, currency);
    let at = payout
        .created_at
        .checked_sub(SignedDuration::from_secs(1))?;
    let (id, reference) = insert_txn(
        tx,
        TxnKind::Adjustment,
        "",
        net,
        Money::zero(currency),
        "adjustment",
        at,
    )?;
    attach(tx, payout, id, net)?;
    Ok(FaultMade {
        kind: "unexplained_adjustment",
        expect: Kind::MissingInShop,
        payout: payout.provider_ref.clone(),
        reference,
    })
}

/// A second fee for a charge that already carried its fee, in the same payout after it.
fn plant_fee_twice(
    tx: &Transaction,
    payouts: &mut [PayoutMade],
    order: &[usize],
    doubled: &mut HashSet<i64>,
) -> Result<Option<FaultMade>> {
    for &j in order {
        let charges: Vec<(i64, String, i64, String)> = {
            let mut stmt = tx.prepare(
                "SELECT id, source_ref, fee, created_at FROM balance_txns
                 WHERE payout_id = ?1 AND kind = 'charge' AND fee > 0 ORDER BY id",
            )?;
            let rows = stmt.query_map([payouts[j].id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let Some((charge_id, payment_ref, fee, at)) =
            charges.into_iter().find(|c| !doubled.contains(&c.0))
        else {
            continue;
        };
        doubled.insert(charge_id);
        let currency = payouts[j].amount.currency;
        let fee = Money::new(fee, currency);
        let (id, reference) = insert_txn(
            tx,
            TxnKind::Fee,
            &payment_ref,
            Money::zero(currency),
            fee,
            "processing fee",
            clock::parse(&at)?,
        )?;
        attach(tx, &mut payouts[j], id, Money::new(-fee.minor, currency))?;
        return Ok(Some(FaultMade {
            kind: "fee_taken_twice",
            expect: Kind::Duplicate,
            payout: payouts[j].provider_ref.clone(),
            reference,
        }));
    }
    Ok(None)
}

#[cfg(test)]
pub(super) fn customers_for_tests(
    rng: &mut ChaCha8Rng,
    country: &str,
    orders: u32,
) -> Vec<(String, String)> {
    make_customers(rng, country, orders)
        .into_iter()
        .map(|c| (c.name, c.phone))
        .collect()
}
