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
use rusqlite::Transaction;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::customers::{Customer, make_customers};
use super::fees::{self, FeeRule, Schedule};
use super::orders::{self, Checkout};
use super::payouts::{self, PayoutMade};
use super::planted::{self, FaultMade};
use super::{Sandbox, catalog, chat, chat_catalog};
use crate::model::{PaymentState, RemoteLine};
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

/// An orderable product, with the stock this run has left of it.
struct Product {
    sku: String,
    currency: Currency,
    /// What a customer pays per unit: the sale price when there is one.
    unit: i64,
    /// None: not tracked, any quantity can be ordered.
    stock: Option<i64>,
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

/// What one run works with: the shop's side of the checkouts it plays.
struct Run {
    rng: ChaCha8Rng,
    products: Vec<Product>,
    methods: Vec<String>,
    customers: Vec<Customer>,
    failing: HashSet<u32>,
    fees: Schedule,
    report: SimulateReport,
}

fn simulate_in(
    tx: &Transaction,
    params: &SimulateParams,
    now: Timestamp,
    slot: u64,
) -> Result<SimulateReport> {
    fees::remember(tx, &params.fees)?;
    let mut run = prepare(tx, params)?;
    let start = now.checked_sub(SignedDuration::from_secs(i64::try_from(
        u64::from(params.days) * SECONDS_PER_DAY,
    )?))?;
    for i in 0..params.orders {
        let offset = u64::from(i) * slot + run.rng.random_range(0..slot);
        let at = start.checked_add(SignedDuration::from_secs(i64::try_from(offset)?))?;
        if !one_order(tx, &mut run, i, at)? {
            run.report.stock_ran_out = true;
            break;
        }
    }
    let mut report = run.report;
    report.payouts = payouts::daily(tx, now)?;
    if params.discrepancies > 0 {
        if report.payouts.is_empty() {
            bail!(
                "no payout to plant faults in: simulate over more than one day (--days 2 or more)"
            );
        }
        report.faults = planted::plant(tx, &mut report.payouts, params.discrepancies, now)?;
    }
    payouts::settle(tx, now)?;
    Ok(report)
}

/// Loads what customers can buy and pay with, or says what is missing; then draws the
/// customers and which payments fail (in that order: the seed's draws are the contract).
fn prepare(tx: &Transaction, params: &SimulateParams) -> Result<Run> {
    let fees = fees::schedule(tx)?;
    let mut products = Vec::new();
    // Customers browse the chat's catalog: they order what the shop published there and the
    // chat shows in stock (and the sandbox, as provider, has stock of).
    for p in catalog::orderable(tx)? {
        if !chat_catalog::orderable(tx, &p.sku)? {
            continue;
        }
        let unit = p.sale_price.unwrap_or(p.price);
        products.push(Product {
            sku: p.sku,
            currency: unit.currency,
            unit: unit.minor,
            stock: p.stock,
        });
    }
    if products.is_empty() {
        let pushed = catalog::count(tx)?;
        if pushed == 0 {
            bail!(
                "no product has been pushed to the sandbox yet: run `shopctl catalog import FILE` then `shopctl sync`"
            );
        }
        if chat_catalog::count(tx)? == 0 {
            bail!(
                "nothing is published in the sandbox chat's catalog, so its customers have \
                 nothing to order: run `shopctl sync` (it publishes the catalog to the chat)"
            );
        }
        bail!(
            "none of the {pushed} products at the sandbox is active with stock: add stock or activate products (`shopctl catalog edit SKU --stock N --status active`), then `shopctl sync`"
        );
    }
    let methods = catalog::enabled_methods(tx)?;
    if methods.is_empty() {
        bail!(
            "no payment method is enabled at the sandbox: `shopctl payments enable card` then `shopctl sync`"
        );
    }
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let customers = make_customers(&mut rng, &params.country, params.orders);
    let failing = pick_failures(&mut rng, params.orders, params.failure_rate);
    let report = SimulateReport {
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
    Ok(Run {
        rng,
        products,
        methods,
        customers,
        failing,
        fees,
        report,
    })
}

/// Customer number `i` checks out at `at`; false when nothing is left in stock.
fn one_order(tx: &Transaction, run: &mut Run, i: u32, at: Timestamp) -> Result<bool> {
    let Some(picks) = pick_lines(&mut run.rng, &mut run.products) else {
        return Ok(false);
    };
    let customer = &run.customers[run.rng.random_range(0..run.customers.len() as u32) as usize];
    let m = run.rng.random_range(0..run.methods.len() as u32) as usize;
    let method = &run.methods[m];
    let failed = run.failing.contains(&i);
    let currency = run.products[picks[0].0].currency;
    let mut lines = Vec::with_capacity(picks.len());
    let mut total = Money::zero(currency);
    for &(p, quantity) in &picks {
        let unit_price = Money::new(run.products[p].unit, currency);
        total = total.checked_add(unit_price.checked_mul(quantity)?)?;
        lines.push(RemoteLine {
            sku: run.products[p].sku.clone(),
            quantity,
            unit_price,
        });
    }
    // The customer sends the cart in the chat and pays for it there: the checkout names the
    // cart's message id, which is how the shop (which numbers the order only when it reads
    // the cart) knows which order the payment is for.
    let (chat_id, cart_id) = chat::next_message_id(tx)?;
    let checkout = Checkout {
        order_ref: Some(&cart_id),
        customer_name: &customer.name,
        customer_phone: &customer.phone,
        lines: &lines,
        total,
        method,
        state: if failed {
            PaymentState::Failed
        } else {
            PaymentState::Captured
        },
        at,
    };
    let recorded = orders::record(tx, &checkout, &run.fees)?;
    chat::record_cart(
        tx,
        chat_id,
        &cart_id,
        recorded.order_id,
        &customer.phone,
        &customer.name,
        at,
    )?;
    let fee = recorded.fee;
    let report = &mut run.report;
    report.orders += 1;
    if failed {
        // A failed checkout takes no stock and moves no money.
        report.failed += 1;
        report.by_method[m].failed += 1;
        return Ok(true);
    }
    for &(p, quantity) in &picks {
        if let Some(left) = &mut run.products[p].stock {
            *left -= quantity;
        }
        catalog::take_stock(tx, &run.products[p].sku, quantity)?;
    }
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
    Ok(true)
}

/// 1–4 distinct in-stock products of one currency, 1–3 of each but never more than the stock.
/// `None` when nothing is left in stock.
fn pick_lines(rng: &mut ChaCha8Rng, products: &mut [Product]) -> Option<Vec<(usize, i64)>> {
    let in_stock: Vec<usize> = (0..products.len())
        .filter(|&i| products[i].stock.is_none_or(|n| n > 0))
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
                let qty = i64::from(rng.random_range(1..=3u32));
                let qty = products[p].stock.map_or(qty, |left| qty.min(left));
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
