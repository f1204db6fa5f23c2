//! The sandbox provider: the embedded, simulated payment provider that every new shop uses,
//! so that the whole flow (catalog, checkout, payments, refunds, payouts, reconciliation) works
//! offline and deterministically, for the demo and the tests.
//!
//! It keeps its state in its own SQLite file beside the shop's (`shop.db` → `shop.db.sandbox`)
//! rather than in tables of the shop file, because it plays a *remote* party: the shop must
//! learn about its orders, payments, refunds and payouts only through the `Provider` trait and
//! `shopctl sync`, exactly as it would from Stripe. A shared file would make it too easy for
//! shop code to read the provider's tables directly, and a failed shop command must not undo
//! what "the provider" did (nor the reverse).
//!
//! `simulate` (customers ordering and paying, daily payouts, planted reconciliation faults)
//! is in `simulate.rs`; this file has the file, the trait, fees and payouts.

mod simulate;

pub use simulate::{FaultMade, MethodCount, SimulateParams, SimulateReport, Totals};

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use jiff::{SignedDuration, Timestamp, ToSpan};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use rust_decimal::Decimal;

use super::*;
use crate::clock;
use crate::model::*;
use crate::money::{Currency, Money};

/// `PRAGMA application_id` of a sandbox file ("sbox"), so a shop file is never taken for one.
const APPLICATION_ID: i32 = 0x7362_6f78;

/// Embedded migrations on `user_version`; a shipped one is never edited: add a new file.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_sandbox", include_str!("schema/0001_sandbox.sql")),
    (
        "0002_shop_orders",
        include_str!("schema/0002_shop_orders.sql"),
    ),
];
const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

const DEFAULT_BUSY_TIMEOUT_MS: u64 = 5_000;

/// How long an automatic daily payout takes to reach the bank (Stripe's usual T+2 in SG).
const ARRIVAL_DAYS: i64 = 2;

/// The methods the sandbox knows fees for (the registry's names in `payments.rs`).
pub const KNOWN_METHODS: &[&str] = &["card", "paynow", "upi", "pix", "boleto", "meta_pay"];

/// A fee schedule: a percentage of the amount plus a fixed part in the currency's major units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeRule {
    pub percent: Decimal,
    pub fixed: Decimal,
}

impl FeeRule {
    fn new(percent: &str, fixed: &str) -> FeeRule {
        FeeRule {
            percent: Decimal::from_str_exact(percent).expect("static fee"),
            fixed: Decimal::from_str_exact(fixed).expect("static fee"),
        }
    }

    /// The default schedule per method. Illustrative public list prices (2026-11), not quotes:
    /// - card 3.4% + 0.50: Stripe Singapore's standard rate for domestic cards
    ///   (stripe.com/sg/pricing); meta_pay (a card wallet) is charged as a card.
    /// - paynow 1.3%: Stripe Singapore's PayNow rate (stripe.com/sg/pricing).
    /// - upi 0%: India's zero merchant discount rate on UPI (Payment and Settlement Systems
    ///   Act s.10A, in force since 1 January 2020).
    /// - pix 1.19%: Stripe Brazil's Pix rate (stripe.com/br/pricing).
    /// - boleto 3.49 flat: an illustrative flat fee per paid boleto, in the R$2–4 range that
    ///   Brazilian processors list; not any one processor's price.
    ///
    /// A method the sandbox does not know is charged as a card, the dearest, so that an
    /// unknown method never looks cheaper than it is.
    pub fn default_for(method: &str) -> FeeRule {
        match method {
            "paynow" => FeeRule::new("1.3", "0"),
            "upi" => FeeRule::new("0", "0"),
            "pix" => FeeRule::new("1.19", "0"),
            "boleto" => FeeRule::new("0", "3.49"),
            _ => FeeRule::new("3.4", "0.50"),
        }
    }

    /// The fee on `amount`, rounded half away from zero to the minor unit.
    pub fn fee(&self, amount: Money) -> Result<Money, crate::money::MoneyError> {
        let raw = amount.to_decimal() * self.percent / Decimal::ONE_HUNDRED + self.fixed;
        Money::from_decimal_rounded(raw, amount.currency)
    }

    /// `3.4%+0.50`, `1.3%`, `0%+3.49`.
    pub fn describe(&self) -> String {
        if self.fixed.is_zero() {
            format!("{}%", self.percent.normalize())
        } else {
            format!("{}%+{}", self.percent.normalize(), self.fixed)
        }
    }

    /// Parses a `--fee` value, `METHOD=PCT%[+FIXED]` (e.g. `card=2.9%+0.30`, `upi=0%`).
    pub fn parse_override(text: &str) -> anyhow::Result<(String, FeeRule)> {
        let shape = "expected METHOD=PCT%[+FIXED], e.g. card=3.4%+0.50 or paynow=1.3%";
        let (method, rule) = text
            .split_once('=')
            .ok_or_else(|| anyhow!("--fee \"{text}\": {shape}"))?;
        let method = method.trim();
        if !KNOWN_METHODS.contains(&method) {
            bail!(
                "--fee \"{text}\": unknown payment method \"{method}\" (known: {})",
                KNOWN_METHODS.join(", ")
            );
        }
        let (pct, fixed) = match rule.split_once('+') {
            Some((p, f)) => (p.trim(), f.trim()),
            None => (rule.trim(), "0"),
        };
        let pct = pct
            .strip_suffix('%')
            .ok_or_else(|| anyhow!("--fee \"{text}\": the percentage needs a % sign; {shape}"))?;
        let percent = Decimal::from_str_exact(pct.trim())
            .map_err(|_| anyhow!("--fee \"{text}\": \"{pct}\" is not a number; {shape}"))?;
        if percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED {
            bail!("--fee \"{text}\": the percentage must be between 0% and 100%");
        }
        let fixed = Decimal::from_str_exact(fixed).map_err(|_| {
            anyhow!("--fee \"{text}\": the fixed part \"{fixed}\" is not an amount; {shape}")
        })?;
        if fixed.is_sign_negative() {
            bail!("--fee \"{text}\": the fixed part cannot be negative");
        }
        Ok((method.to_string(), FeeRule { percent, fixed }))
    }
}

/// A payout the sandbox made, for summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutMade {
    pub id: i64,
    pub provider_ref: String,
    /// The UTC day whose transactions it covers (for an instant payout: today).
    pub day: jiff::civil::Date,
    pub amount: Money,
    pub state: PayoutState,
    pub created_at: Timestamp,
    pub transactions: usize,
}

pub struct Sandbox {
    conn: Connection,
    path: PathBuf,
    /// Fixed time for unit tests; otherwise `clock::now()` (which honours SHOPCTL_NOW).
    clock: Option<Timestamp>,
}

impl Sandbox {
    /// `shop.db` → `shop.db.sandbox`.
    pub fn path_beside(shop_path: &Path) -> PathBuf {
        let mut name = shop_path
            .file_name()
            .map(|n| n.to_owned())
            .unwrap_or_else(|| "shop.db".into());
        name.push(".sandbox");
        shop_path.with_file_name(name)
    }

    /// Opens (creating if needed, mode 0600) the sandbox state file beside the shop file.
    pub fn open_beside(shop_path: &Path) -> anyhow::Result<Sandbox> {
        Sandbox::open(&Sandbox::path_beside(shop_path))
    }

    /// Opens or creates a sandbox file at `path`.
    pub fn open(path: &Path) -> anyhow::Result<Sandbox> {
        // Created here with 0600 (not by SQLite with the umask's mode); SQLite gives the WAL
        // and shm files the same mode as the database.
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("cannot open the sandbox file {}", path.display()))?;
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the sandbox file {}", path.display()))?;
        let wait = std::env::var(crate::store::BUSY_TIMEOUT_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_BUSY_TIMEOUT_MS);
        conn.busy_timeout(Duration::from_millis(wait))?;
        let mut sandbox = Sandbox {
            conn,
            path: path.to_path_buf(),
            clock: None,
        };
        sandbox.migrate()?;
        Ok(sandbox)
    }

    /// Pins the clock (unit tests; the binary uses SHOPCTL_NOW instead).
    pub fn with_clock(mut self, now: Timestamp) -> Sandbox {
        self.clock = Some(now);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&mut self) -> anyhow::Result<()> {
        let not_ours = |what: &str| {
            anyhow!(
                "{} is not a shopctl sandbox file ({what}); move it away and the next sync makes a new one",
                self.path.display()
            )
        };
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| not_ours(&format!("SQLite cannot read it: {e}")))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID && !(app_id == 0 && version == 0) {
            return Err(not_ours("it is some other SQLite database"));
        }
        if version > LATEST_VERSION {
            bail!(
                "{} was written by a newer shopctl (sandbox schema {version}; this one knows up to {LATEST_VERSION}); upgrade shopctl",
                self.path.display()
            );
        }
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            bail!("cannot put {} in WAL mode", self.path.display());
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if version == LATEST_VERSION {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)?;
        // Another process may have migrated while we waited for the lock.
        let from: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if from == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
            tx.execute_batch(sql)
                .with_context(|| format!("sandbox schema migration {name} failed"))?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn now(&self) -> anyhow::Result<Timestamp> {
        match self.clock {
            Some(t) => Ok(t),
            None => clock::now(),
        }
    }

    /// Runs `f` in one IMMEDIATE transaction; an error rolls everything back.
    fn write<T, E>(&mut self, f: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<anyhow::Error>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| E::from(busy(e)))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| E::from(busy(e)))?;
        Ok(value)
    }

    /// The fee rule for each known method: overrides remembered in the file, else defaults.
    pub fn fee_schedule(&self) -> anyhow::Result<BTreeMap<String, FeeRule>> {
        fee_schedule(&self.conn)
    }

    /// An instant payout now of every unpaid balance transaction created up to now, one per
    /// currency. Empty when nothing is unpaid (and then nothing is written).
    pub fn instant_payout(&mut self) -> anyhow::Result<Vec<PayoutMade>> {
        let now = self.now()?;
        self.write(|tx| {
            settle_payouts(tx, now)?;
            let unpaid = unpaid_txns(tx, &clock::format(now), true)?;
            let mut by_currency: BTreeMap<Currency, Vec<i64>> = BTreeMap::new();
            for (id, currency, _) in unpaid {
                by_currency.entry(currency).or_default().push(id);
            }
            let day = now.to_zoned(jiff::tz::TimeZone::UTC).date();
            by_currency
                .into_iter()
                .map(|(currency, ids)| make_payout(tx, currency, &ids, day, now, now, now))
                .collect()
        })
    }

    /// A customer pays in the chat for an order the shop already holds (imported from a
    /// WhatsApp webhook): the sandbox records an order that names the shop's order in
    /// `order_ref`, with one payment (failed when `fail`), and a charge less the method's fee
    /// for the next payout. The shop learns it at the next sync, as from a Stripe
    /// PaymentIntent with `metadata[order_ref]`.
    pub fn pay_shop_order(
        &mut self,
        order: &ShopOrder,
        method: &str,
        fail: bool,
    ) -> anyhow::Result<String> {
        let now = self.now()?;
        self.write(|tx| {
            let enabled = enabled_methods(tx)?;
            if !enabled.iter().any(|m| m == method) {
                bail!(
                    "{method} is not enabled at the sandbox (enabled there: {}); `shopctl payments enable {method}` then `shopctl sync`",
                    if enabled.is_empty() { "none".to_string() } else { enabled.join(", ") }
                );
            }
            let paid: i64 = tx.query_row(
                "SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id
                 WHERE o.order_ref = ?1 AND p.state = 'captured'",
                [&order.order_ref],
                |r| r.get(0),
            )?;
            if paid > 0 {
                bail!("order {} is already paid at the sandbox", order.order_ref);
            }
            let currency = order.total.currency;
            let order_id = next_id(tx, "orders")?;
            let seq = bump(tx)?;
            let at = clock::format(now);
            tx.execute(
                "INSERT INTO orders (id, provider_ref, customer_name, customer_phone, currency, total, created_at, seq, order_ref)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    order_id,
                    format!("sbx_ord_{order_id}"),
                    order.customer_name,
                    order.customer_phone,
                    currency.code(),
                    order.total.minor,
                    at,
                    seq,
                    order.order_ref
                ],
            )?;
            for (n, (sku, qty, unit)) in order.lines.iter().enumerate() {
                tx.execute(
                    "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![order_id, n as i64 + 1, sku, qty, unit.minor],
                )?;
            }
            let pay_ref = insert_payment(
                tx,
                order_id,
                method,
                order.total,
                if fail { "failed" } else { "captured" },
                &at,
            )?;
            if !fail {
                let fee = fee_schedule(tx)?
                    .get(method)
                    .copied()
                    .unwrap_or_else(|| FeeRule::default_for(method))
                    .fee(order.total)?;
                insert_txn(
                    tx,
                    TxnKind::Charge,
                    &pay_ref,
                    order.total,
                    fee,
                    &format!("{method} payment for order {}", order.order_ref),
                    now,
                )?;
            }
            Ok(pay_ref)
        })
    }

    /// What the sandbox holds, for hints: products pushed, products orderable, methods on.
    pub fn readiness(&self) -> anyhow::Result<(i64, i64, Vec<String>)> {
        let pushed: i64 = self
            .conn
            .query_row("SELECT count(*) FROM products", [], |r| r.get(0))?;
        let orderable: i64 = self.conn.query_row(
            "SELECT count(*) FROM products WHERE status = 'active' AND stock > 0",
            [],
            |r| r.get(0),
        )?;
        Ok((pushed, orderable, enabled_methods(&self.conn)?))
    }
}

fn busy(e: rusqlite::Error) -> anyhow::Error {
    if crate::error::is_sqlite_busy(&e) {
        anyhow!("the sandbox file is busy (another shopctl is using it); try again")
    } else {
        anyhow!(e)
    }
}

fn cur(code: &str) -> anyhow::Result<Currency> {
    Ok(Currency::from_code(code)?)
}

fn ts(text: &str) -> anyhow::Result<Timestamp> {
    clock::parse(text)
}

/// Advances and returns the change sequence that pull cursors count in.
fn bump(tx: &Transaction) -> anyhow::Result<i64> {
    let seq: i64 = tx.query_row(
        "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'seq' RETURNING CAST(value AS INTEGER)",
        [],
        |r| r.get(0),
    )?;
    Ok(seq)
}

fn next_id(tx: &Transaction, table: &str) -> anyhow::Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

fn parse_cursor(cursor: Option<&str>) -> ProviderResult<i64> {
    match cursor {
        None => Ok(0),
        Some(c) => c.parse::<i64>().map_err(|_| {
            ProviderError::Other(anyhow!(
                "the stored sandbox cursor \"{c}\" is not a change number; was the shop file used with another provider?"
            ))
        }),
    }
}

fn enabled_methods(conn: &Connection) -> anyhow::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT method FROM methods WHERE enabled = 1 ORDER BY method")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn fee_schedule(conn: &Connection) -> anyhow::Result<BTreeMap<String, FeeRule>> {
    let mut out: BTreeMap<String, FeeRule> = KNOWN_METHODS
        .iter()
        .map(|m| (m.to_string(), FeeRule::default_for(m)))
        .collect();
    let mut stmt = conn.prepare("SELECT method, percent, fixed FROM fees")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (method, percent, fixed) = row?;
        let bad = || anyhow!("the sandbox file has a bad fee for {method}: {percent}% + {fixed}");
        out.insert(
            method.clone(),
            FeeRule {
                percent: Decimal::from_str(&percent).map_err(|_| bad())?,
                fixed: Decimal::from_str(&fixed).map_err(|_| bad())?,
            },
        );
    }
    Ok(out)
}

/// Unpaid balance transactions created before `cutoff` (or at it, with `inclusive`).
fn unpaid_txns(
    tx: &Transaction,
    cutoff: &str,
    inclusive: bool,
) -> anyhow::Result<Vec<(i64, Currency, Timestamp)>> {
    let sql = format!(
        "SELECT id, currency, created_at FROM balance_txns WHERE payout_id IS NULL AND created_at {} ?1 ORDER BY created_at, id",
        if inclusive { "<=" } else { "<" }
    );
    let mut stmt = tx.prepare(&sql)?;
    let rows = stmt.query_map([cutoff], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, c, at) = row?;
        out.push((id, cur(&c)?, ts(&at)?));
    }
    Ok(out)
}

/// Pays out `ids` (all in `currency`) as one payout; its amount is the sum of their nets.
fn make_payout(
    tx: &Transaction,
    currency: Currency,
    ids: &[i64],
    day: jiff::civil::Date,
    created: Timestamp,
    arrival: Timestamp,
    now: Timestamp,
) -> anyhow::Result<PayoutMade> {
    let id = next_id(tx, "payouts")?;
    let provider_ref = format!("sbx_po_{id}");
    let state = if arrival <= now {
        PayoutState::Paid
    } else {
        PayoutState::InTransit
    };
    let seq = bump(tx)?;
    tx.execute(
        "INSERT INTO payouts (id, provider_ref, currency, amount, state, created_at, arrival_date, seq) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7)",
        params![
            id,
            provider_ref,
            currency.code(),
            state.as_str(),
            clock::format(created),
            clock::format(arrival),
            seq
        ],
    )?;
    let mut set = tx.prepare("UPDATE balance_txns SET payout_id = ?1 WHERE id = ?2")?;
    for t in ids {
        set.execute(params![id, t])?;
    }
    let amount: i64 = tx.query_row(
        "SELECT COALESCE(SUM(net), 0) FROM balance_txns WHERE payout_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE payouts SET amount = ?1 WHERE id = ?2",
        params![amount, id],
    )?;
    Ok(PayoutMade {
        id,
        provider_ref,
        day,
        amount: Money::new(amount, currency),
        state,
        created_at: created,
        transactions: ids.len(),
    })
}

/// Automatic daily payouts: for every UTC day before today with unpaid transactions, one
/// payout per currency, created at the next day's midnight and arriving two days later.
/// Today's transactions wait for tomorrow's payout.
fn daily_payouts(tx: &Transaction, now: Timestamp) -> anyhow::Result<Vec<PayoutMade>> {
    let utc = jiff::tz::TimeZone::UTC;
    let today = now.to_zoned(utc.clone()).date();
    let midnight = today.to_zoned(utc.clone())?.timestamp();
    let mut groups: BTreeMap<(jiff::civil::Date, Currency), Vec<i64>> = BTreeMap::new();
    for (id, currency, at) in unpaid_txns(tx, &clock::format(midnight), false)? {
        let day = at.to_zoned(utc.clone()).date();
        groups.entry((day, currency)).or_default().push(id);
    }
    let mut made = Vec::new();
    for ((day, currency), ids) in groups {
        let created = day.checked_add(1.day())?.to_zoned(utc.clone())?.timestamp();
        let arrival = created.checked_add(SignedDuration::from_hours(24 * ARRIVAL_DAYS))?;
        made.push(make_payout(tx, currency, &ids, day, created, arrival, now)?);
    }
    Ok(made)
}

/// Payouts in transit whose arrival date has come are paid (a change the next pull sees).
fn settle_payouts(tx: &Transaction, now: Timestamp) -> anyhow::Result<()> {
    let due: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM payouts WHERE state = 'in_transit' AND arrival_date <= ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([clock::format(now)], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for id in due {
        let seq = bump(tx)?;
        tx.execute(
            "UPDATE payouts SET state = 'paid', seq = ?1 WHERE id = ?2",
            params![seq, id],
        )?;
    }
    Ok(())
}

/// Records a payment of a sandbox order; returns its reference.
fn insert_payment(
    tx: &Transaction,
    order_id: i64,
    method: &str,
    amount: Money,
    state: &str,
    at: &str,
) -> anyhow::Result<String> {
    let pay_id = next_id(tx, "payments")?;
    let pay_ref = format!("sbx_pay_{pay_id}");
    tx.execute(
        "INSERT INTO payments (id, provider_ref, order_id, method, amount, currency, state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            pay_id,
            pay_ref,
            order_id,
            method,
            amount.minor,
            amount.currency.code(),
            state,
            at
        ],
    )?;
    Ok(pay_ref)
}

fn insert_txn(
    tx: &Transaction,
    kind: TxnKind,
    source_ref: &str,
    gross: Money,
    fee: Money,
    description: &str,
    at: Timestamp,
) -> anyhow::Result<(i64, String)> {
    let id = next_id(tx, "balance_txns")?;
    let provider_ref = format!("sbx_txn_{id}");
    let net = gross.checked_sub(fee)?;
    tx.execute(
        "INSERT INTO balance_txns (id, provider_ref, kind, source_ref, currency, gross, fee, net, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            provider_ref,
            kind.as_str(),
            source_ref,
            gross.currency.code(),
            gross.minor,
            fee.minor,
            net.minor,
            description,
            clock::format(at)
        ],
    )?;
    Ok((id, provider_ref))
}

fn order_id(tx: &Transaction, order_ref: &str) -> ProviderResult<i64> {
    tx.query_row(
        "SELECT id FROM orders WHERE provider_ref = ?1",
        [order_ref],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| ProviderError::Other(e.into()))?
    .ok_or_else(|| {
        ProviderError::Rejected(format!(
            "the sandbox has no order {order_ref} (orders there come from `shopctl sandbox simulate`)"
        ))
    })
}

fn push_change(
    tx: &Transaction,
    change: &Change,
    now: Timestamp,
) -> ProviderResult<Option<String>> {
    let at = clock::format(now);
    match change {
        Change::ProductUpsert(p) => {
            if let Some(sale) = p.sale_price
                && sale.currency != p.price.currency
            {
                return Err(ProviderError::Rejected(format!(
                    "product {}: the sale price is in {} but the price in {}",
                    p.sku, sale.currency, p.price.currency
                )));
            }
            let images = serde_json::to_string(&p.images).map_err(anyhow::Error::from)?;
            tx.execute(
                "INSERT INTO products (sku, grp, title, description, status, currency, price, sale_price, stock, images)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (sku) DO UPDATE SET grp = excluded.grp, title = excluded.title,
                   description = excluded.description, status = excluded.status,
                   currency = excluded.currency, price = excluded.price,
                   sale_price = excluded.sale_price, stock = excluded.stock, images = excluded.images",
                params![
                    p.sku,
                    p.group,
                    p.title,
                    p.description,
                    p.status,
                    p.price.currency.code(),
                    p.price.minor,
                    p.sale_price.map(|s| s.minor),
                    p.stock,
                    images
                ],
            )
            .map_err(anyhow::Error::from)?;
            Ok(Some(format!("sbx_prod_{}", p.sku)))
        }
        Change::ProductArchive { sku } => {
            // Archiving a product the sandbox never saw is already true there.
            let n = tx
                .execute(
                    "UPDATE products SET status = 'archived' WHERE sku = ?1",
                    [sku],
                )
                .map_err(anyhow::Error::from)?;
            Ok((n > 0).then(|| format!("sbx_prod_{sku}")))
        }
        Change::PaymentMethod { method, enabled } => {
            tx.execute(
                "INSERT INTO methods (method, enabled) VALUES (?1, ?2)
                 ON CONFLICT (method) DO UPDATE SET enabled = excluded.enabled",
                params![method, enabled],
            )
            .map_err(anyhow::Error::from)?;
            Ok(None)
        }
        Change::Fulfilment {
            order_ref,
            lines,
            carrier,
            tracking,
        } => {
            let oid = order_id(tx, order_ref)?;
            for l in lines {
                let known: Option<i64> = tx
                    .query_row(
                        "SELECT quantity FROM order_lines WHERE order_id = ?1 AND sku = ?2",
                        params![oid, l.sku],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(anyhow::Error::from)?;
                match known {
                    None => {
                        return Err(ProviderError::Rejected(format!(
                            "order {order_ref} at the sandbox has no line {}",
                            l.sku
                        )));
                    }
                    Some(q) if l.quantity <= 0 || l.quantity > q => {
                        return Err(ProviderError::Rejected(format!(
                            "order {order_ref} at the sandbox has {q} of {}, cannot ship {}",
                            l.sku, l.quantity
                        )));
                    }
                    Some(_) => {}
                }
            }
            let id = next_id(tx, "fulfilments")?;
            let lines = serde_json::to_string(lines).map_err(anyhow::Error::from)?;
            tx.execute(
                "INSERT INTO fulfilments (id, order_id, lines, carrier, tracking, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, oid, lines, carrier, tracking, at],
            )
            .map_err(anyhow::Error::from)?;
            Ok(Some(format!("sbx_ful_{id}")))
        }
        Change::OrderCancel { order_ref, reason } => {
            let oid = order_id(tx, order_ref)?;
            tx.execute(
                "UPDATE orders SET canceled_at = COALESCE(canceled_at, ?1), cancel_reason = ?2 WHERE id = ?3",
                params![at, reason, oid],
            )
            .map_err(anyhow::Error::from)?;
            Ok(None)
        }
    }
}

fn load_refund(
    conn: &Connection,
    where_sql: &str,
    arg: &dyn rusqlite::ToSql,
) -> anyhow::Result<Vec<(i64, RemoteRefund)>> {
    let sql = format!(
        "SELECT r.seq, r.provider_ref, p.provider_ref, r.amount, r.currency, r.state, r.idempotency_key, r.created_at
         FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE {where_sql} ORDER BY r.seq"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([arg], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, provider_ref, payment_ref, amount, currency, state, key, at) = row?;
        out.push((
            seq,
            RemoteRefund {
                provider_ref,
                payment_ref,
                amount: Money::new(amount, cur(&currency)?),
                state: match state.as_str() {
                    "pending" => RefundState::Pending,
                    "failed" => RefundState::Failed,
                    _ => RefundState::Succeeded,
                },
                idempotency_key: Some(key),
                created_at: ts(&at)?,
            },
        ));
    }
    Ok(out)
}

fn payout_state(s: &str) -> PayoutState {
    match s {
        "pending" => PayoutState::Pending,
        "in_transit" => PayoutState::InTransit,
        "failed" => PayoutState::Failed,
        "canceled" => PayoutState::Canceled,
        _ => PayoutState::Paid,
    }
}

fn txn_kind(s: &str) -> anyhow::Result<TxnKind> {
    Ok(match s {
        "charge" => TxnKind::Charge,
        "refund" => TxnKind::Refund,
        "fee" => TxnKind::Fee,
        "adjustment" => TxnKind::Adjustment,
        "payout" => TxnKind::Payout,
        other => bail!("the sandbox file has an unknown transaction kind \"{other}\""),
    })
}

fn pulled<T>(items: Vec<(i64, T)>) -> Pulled<T> {
    let next_cursor = items.iter().map(|(s, _)| *s).max().map(|s| s.to_string());
    Pulled {
        items: items.into_iter().map(|(_, t)| t).collect(),
        next_cursor,
    }
}

impl Provider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn push(&mut self, entry: &OutboxEntry) -> ProviderResult<PushOutcome> {
        let now = self.now()?;
        self.write(|tx| {
            let done: Option<Option<String>> = tx
                .query_row(
                    "SELECT provider_ref FROM pushes WHERE idempotency_key = ?1",
                    [&entry.idempotency_key],
                    |r| r.get(0),
                )
                .optional()
                .map_err(anyhow::Error::from)?;
            if let Some(provider_ref) = done {
                return Ok(PushOutcome { provider_ref });
            }
            let provider_ref = push_change(tx, &entry.change, now)?;
            tx.execute(
                "INSERT INTO pushes (idempotency_key, kind, provider_ref, at) VALUES (?1, ?2, ?3, ?4)",
                params![
                    entry.idempotency_key,
                    entry.change.kind(),
                    provider_ref,
                    clock::format(now)
                ],
            )
            .map_err(anyhow::Error::from)?;
            Ok(PushOutcome { provider_ref })
        })
    }

    fn pull_orders(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
        let since = parse_cursor(cursor)?;
        Ok(pulled(load_orders(&self.conn, since)?))
    }

    fn create_refund(&mut self, request: &RefundRequest) -> ProviderResult<RemoteRefund> {
        let now = self.now()?;
        self.write(|tx| {
            if let Some((_, first)) = load_refund(tx, "r.idempotency_key = ?1", &request.idempotency_key)?
                .into_iter()
                .next()
            {
                return Ok(first);
            }
            let payment: Option<(i64, i64, String, String)> = tx
                .query_row(
                    "SELECT id, amount, currency, state FROM payments WHERE provider_ref = ?1",
                    [&request.payment_ref],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(anyhow::Error::from)?;
            let reject = |m: String| Err(ProviderError::Rejected(m));
            let Some((pid, captured, currency, state)) = payment else {
                return reject(format!(
                    "the sandbox has no payment {}",
                    request.payment_ref
                ));
            };
            if state != "captured" {
                return reject(format!(
                    "payment {} is {state} at the sandbox, not captured; there is nothing to refund",
                    request.payment_ref
                ));
            }
            let currency = cur(&currency)?;
            if request.amount.currency != currency {
                return reject(format!(
                    "payment {} is in {currency}, the refund in {}",
                    request.payment_ref, request.amount.currency
                ));
            }
            if request.amount.minor <= 0 {
                return reject(format!(
                    "a refund must be more than zero, not {}",
                    request.amount
                ));
            }
            let refunded: i64 = tx
                .query_row(
                    "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE payment_id = ?1 AND state != 'failed'",
                    [pid],
                    |r| r.get(0),
                )
                .map_err(anyhow::Error::from)?;
            let left = Money::new(captured - refunded, currency);
            if request.amount.minor > left.minor {
                return reject(format!(
                    "payment {} has {left} left to refund ({} captured, {} already refunded); {} is too much",
                    request.payment_ref,
                    Money::new(captured, currency),
                    Money::new(refunded, currency),
                    request.amount
                ));
            }
            let id = next_id(tx, "refunds")?;
            let provider_ref = format!("sbx_re_{id}");
            let seq = bump(tx)?;
            tx.execute(
                "INSERT INTO refunds (id, provider_ref, idempotency_key, payment_id, amount, currency, state, reason, created_at, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'succeeded', ?7, ?8, ?9)",
                params![
                    id,
                    provider_ref,
                    request.idempotency_key,
                    pid,
                    request.amount.minor,
                    currency.code(),
                    request.reason,
                    clock::format(now),
                    seq
                ],
            )
            .map_err(anyhow::Error::from)?;
            insert_txn(
                tx,
                TxnKind::Refund,
                &provider_ref,
                Money::new(-request.amount.minor, currency),
                Money::zero(currency),
                &format!("refund of {}", request.payment_ref),
                now,
            )?;
            Ok(RemoteRefund {
                provider_ref,
                payment_ref: request.payment_ref.clone(),
                amount: request.amount,
                state: RefundState::Succeeded,
                idempotency_key: Some(request.idempotency_key.clone()),
                created_at: ts(&clock::format(now))?,
            })
        })
    }

    fn pull_refunds(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
        let since = parse_cursor(cursor)?;
        Ok(pulled(load_refund(&self.conn, "r.seq > ?1", &since)?))
    }

    fn pull_payouts(&mut self, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
        let since = parse_cursor(cursor)?;
        let now = self.now()?;
        // Time passes between pulls: payouts that have arrived are paid now.
        self.write(|tx| settle_payouts(tx, now))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, provider_ref, amount, currency, state, created_at, arrival_date FROM payouts WHERE seq > ?1 ORDER BY seq",
            )
            .map_err(anyhow::Error::from)?;
        let rows = stmt
            .query_map([since], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(anyhow::Error::from)?;
        let mut items = Vec::new();
        for row in rows {
            let (seq, provider_ref, amount, currency, state, created, arrival) =
                row.map_err(anyhow::Error::from)?;
            items.push((
                seq,
                RemotePayout {
                    provider_ref,
                    amount: Money::new(amount, cur(&currency)?),
                    state: payout_state(&state),
                    created_at: ts(&created)?,
                    arrival_date: ts(&arrival)?,
                },
            ));
        }
        Ok(pulled(items))
    }

    fn payout_transactions(&mut self, payout_ref: &str) -> ProviderResult<Vec<BalanceTransaction>> {
        let pid: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM payouts WHERE provider_ref = ?1",
                [payout_ref],
                |r| r.get(0),
            )
            .optional()
            .map_err(anyhow::Error::from)?;
        let Some(pid) = pid else {
            return Err(ProviderError::Rejected(format!(
                "the sandbox has no payout {payout_ref}"
            )));
        };
        Ok(load_txns(&self.conn, pid)?)
    }
}

fn load_txns(conn: &Connection, payout_id: i64) -> anyhow::Result<Vec<BalanceTransaction>> {
    let mut stmt = conn.prepare(
        "SELECT provider_ref, kind, source_ref, currency, gross, fee, net, description, created_at
         FROM balance_txns WHERE payout_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([payout_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (provider_ref, kind, source_ref, currency, gross, fee, net, description, at) = row?;
        let c = cur(&currency)?;
        out.push(BalanceTransaction {
            provider_ref,
            kind: txn_kind(&kind)?,
            source_ref,
            gross: Money::new(gross, c),
            fee: Money::new(fee, c),
            net: Money::new(net, c),
            description,
            created_at: ts(&at)?,
        });
    }
    Ok(out)
}

/// An order of the shop's own, as `pay_shop_order` needs it.
#[derive(Clone, Debug)]
pub struct ShopOrder {
    pub order_ref: String,
    pub customer_phone: String,
    pub customer_name: String,
    /// (sku, quantity, unit price)
    pub lines: Vec<(String, i64, Money)>,
    pub total: Money,
}

fn load_orders(conn: &Connection, since: i64) -> anyhow::Result<Vec<(i64, RemoteOrder)>> {
    let mut stmt = conn.prepare(
        "SELECT id, seq, provider_ref, customer_phone, customer_name, currency, total, created_at, order_ref
         FROM orders WHERE seq > ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([since], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut lines_stmt = conn.prepare(
        "SELECT sku, quantity, unit_price FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
    )?;
    let mut pay_stmt = conn.prepare(
        "SELECT provider_ref, method, amount, state, created_at FROM payments WHERE order_id = ?1 ORDER BY id",
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, seq, provider_ref, phone, name, currency, total, at, order_ref) = row?;
        let c = cur(&currency)?;
        let lines = lines_stmt
            .query_map([id], |r| {
                Ok(RemoteLine {
                    sku: r.get(0)?,
                    quantity: r.get(1)?,
                    unit_price: Money::new(r.get(2)?, c),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut payments = Vec::new();
        let pays = pay_stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for p in pays {
            let (pref, method, amount, state, pat) = p?;
            payments.push(RemotePayment {
                provider_ref: pref,
                method,
                amount: Money::new(amount, c),
                state: match state.as_str() {
                    "captured" => PaymentState::Captured,
                    "failed" => PaymentState::Failed,
                    _ => PaymentState::Pending,
                },
                created_at: ts(&pat)?,
            });
        }
        out.push((
            seq,
            RemoteOrder {
                provider_ref,
                order_ref,
                customer_phone: phone,
                customer_name: name,
                lines,
                total: Money::new(total, c),
                payments,
                created_at: ts(&at)?,
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
