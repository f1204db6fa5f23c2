//! The refund limit rule, pure: from what an order's customer paid and what has gone back
//! (`Facts`) and what the person asks (`Scope`), the refund to record (`Plan`) or why not.
//!
//! - The refunds of an order (pending ones included) never add up to more than was captured,
//!   to the minor unit.
//! - A line refund is at the unit price actually paid, never more units than were ordered
//!   (counting units refunded before and units asked twice in one request).
//! - A refund goes against one payment: the first captured one with enough left on it.
//! - The method's refund rule applies to that payment (no boleto refunds; PayNow and Pix only
//!   within 90 days, `payments::RefundRule`).
//!
//! `store::facts` reads the facts from the shop file; nothing here touches it.

use anyhow::{Context, Result, bail};
use jiff::Timestamp;

use crate::money::{Currency, Money, ParseOptions};
use crate::orders::PaymentStatus;
use crate::payments::RefundRule;

/// What to refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// An amount as typed, in the order's currency.
    Amount(String),
    /// SKU and quantity (None: every unit not yet refunded), at the price paid.
    Lines(Vec<(String, Option<i64>)>),
    /// Everything captured and not yet refunded.
    All,
}

/// What the limit rule needs to know about one order.
#[derive(Clone, Debug)]
pub struct Facts {
    pub order_id: i64,
    pub currency: Currency,
    /// Named in the refusal when nothing was captured.
    pub payment_status: PaymentStatus,
    /// The captured payments, oldest first.
    pub payments: Vec<Paid>,
    /// The order's refunds that are pending or succeeded, over all its payments.
    pub refunded: Money,
    pub lines: Vec<LineFacts>,
    pub now: Timestamp,
}

/// A captured payment and what is already refunded (or being refunded) against it.
#[derive(Clone, Debug)]
pub struct Paid {
    pub id: i64,
    pub method: String,
    pub rule: RefundRule,
    /// RFC 3339, as stored.
    pub paid_at: String,
    pub amount: Money,
    pub refunded: Money,
}

/// An order line: units ordered, units refunded (or being refunded), and the price paid.
#[derive(Clone, Debug)]
pub struct LineFacts {
    pub sku: String,
    pub ordered: i64,
    pub refunded: i64,
    pub unit_price: Money,
}

/// The refund to record: how much, against which payment, and the units it gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub amount: Money,
    pub payment_id: i64,
    pub lines: Vec<(String, i64)>,
}

impl Facts {
    /// Everything captured for the order, in the order's currency (the minor units of its
    /// payments, as the shop file's sum has always counted them).
    pub fn captured(&self) -> Money {
        Money::new(
            self.payments.iter().map(|p| p.amount.minor).sum(),
            self.currency,
        )
    }

    /// True when some of what the customer paid has not been refunded (or asked back).
    pub fn refundable(&self) -> bool {
        self.captured().minor > self.refunded.minor
    }
}

/// Applies every limit to `scope`: the refund to record, or the refusal that says why not
/// and what is possible instead.
pub fn plan(facts: &Facts, scope: &Scope) -> Result<Plan> {
    let order_id = facts.order_id;
    let captured = facts.captured();
    if captured.minor == 0 {
        bail!(
            "order {order_id} has no captured payment (payment {}); there is nothing to refund{}",
            facts.payment_status,
            if facts.payment_status == PaymentStatus::Pending {
                ". Run `shopctl sync` if the customer has paid"
            } else {
                ""
            }
        );
    }
    let left = captured.checked_sub(facts.refunded)?;
    let (amount, lines) = match scope {
        Scope::Amount(text) => (amount_of(text, facts.currency)?, Vec::new()),
        Scope::Lines(asked) => lines_of(facts, asked)?,
        Scope::All => {
            if left.minor <= 0 {
                bail!(
                    "order {order_id}: everything captured ({captured}) has already been refunded or is being refunded"
                );
            }
            let lines = facts
                .lines
                .iter()
                .filter(|l| l.ordered > l.refunded)
                .map(|l| (l.sku.clone(), l.ordered - l.refunded))
                .collect();
            (left, lines)
        }
    };
    if amount.minor > left.minor {
        bail!(
            "order {order_id}: cannot refund {amount}: {captured} was captured and {} is already refunded \
             or pending, so at most {} can be refunded",
            facts.refunded,
            Money::new(left.minor.max(0), facts.currency)
        );
    }
    let Some(payment) = facts
        .payments
        .iter()
        .find(|p| p.amount.minor - p.refunded.minor >= amount.minor)
    else {
        bail!(
            "order {order_id}: no single payment has {amount} left to refund; refund it in smaller parts"
        );
    };
    payment
        .rule
        .check(&payment.method, &payment.paid_at, facts.now)
        .with_context(|| format!("order {order_id} was paid by {}", payment.method))?;
    Ok(Plan {
        amount,
        payment_id: payment.id,
        lines,
    })
}

/// `--amount`: more than zero, in the order's currency, with no more decimals than it has.
fn amount_of(text: &str, currency: Currency) -> Result<Money> {
    let m = Money::parse(text, currency, ParseOptions::default())
        .with_context(|| format!("--amount {text}"))?;
    if m.minor <= 0 {
        bail!("--amount {text}: a refund must be more than zero");
    }
    Ok(m)
}

/// `--line`s: each at the price paid, never more units than are left to refund, the same SKU
/// asked twice counted once.
fn lines_of(facts: &Facts, asked: &[(String, Option<i64>)]) -> Result<(Money, Vec<(String, i64)>)> {
    let order_id = facts.order_id;
    let mut sum = Money::zero(facts.currency);
    let mut lines: Vec<(String, i64)> = Vec::new();
    for (sku, qty) in asked {
        let Some(line) = facts.lines.iter().find(|l| &l.sku == sku) else {
            let skus: Vec<&str> = facts.lines.iter().map(|l| l.sku.as_str()).collect();
            bail!(
                "order {order_id} has no line {sku} (its lines: {})",
                skus.join(", ")
            );
        };
        let here: i64 = lines.iter().filter(|(s, _)| s == sku).map(|(_, q)| q).sum();
        let open = line.ordered - line.refunded - here;
        if open <= 0 {
            bail!(
                "order {order_id}: every unit of {sku} ({}) has already been refunded",
                line.ordered
            );
        }
        let qty = qty.unwrap_or(open);
        if qty > open {
            bail!(
                "order {order_id}: cannot refund {qty} of {sku}: {} ordered, {} already refunded, so at most {open}",
                line.ordered,
                line.refunded + here
            );
        }
        sum = sum.checked_add(line.unit_price.checked_mul(qty)?)?;
        match lines.iter_mut().find(|(s, _)| s == sku) {
            Some(l) => l.1 += qty,
            None => lines.push((sku.clone(), qty)),
        }
    }
    Ok((sum, lines))
}

/// True when `scope` asks for the refund already recorded as `amount` and `lines`: a key names
/// one refund, and asked again for something else it must not quietly answer with the first
/// (the person would believe the second went through).
pub fn asks_for(scope: &Scope, amount: Money, lines: &[(String, i64)]) -> bool {
    match scope {
        Scope::Amount(text) => {
            Money::parse(text, amount.currency, ParseOptions::default()).is_ok_and(|m| m == amount)
        }
        Scope::Lines(wanted) => {
            let mut asked: Vec<(String, Option<i64>)> = wanted.clone();
            let mut had: Vec<(String, Option<i64>)> =
                lines.iter().map(|(s, q)| (s.clone(), Some(*q))).collect();
            asked.sort();
            had.sort();
            asked.len() == had.len()
                && asked
                    .iter()
                    .zip(&had)
                    .all(|(a, h)| a.0 == h.0 && (a.1.is_none() || a.1 == h.1))
        }
        Scope::All => true,
    }
}

#[cfg(test)]
mod tests;
