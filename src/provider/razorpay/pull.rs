//! What the shop pulls from Razorpay since a cursor: payments (as orders), refunds,
//! settlements (as payouts), and a settlement's recon rows (as its balance transactions).
//! Cursors are `provider::cursor`'s: the newest `created_at` seen, each pull listing from a day
//! before it (`from`), page by page (`count`/`skip`).
//!
//! What one sync reads more than once (a Razorpay order several payments were made against, a
//! day of recon rows several settlements are in) is kept in `Seen` for the adapter's life.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

use super::client::Client;
use super::objects::{Entity, Order, Payment, ReconItem, Refund, Settlement};
use super::payments::order_from_payment;
use super::refunds::remote_refund;
use super::settlements::{remote_payout, transactions};
use crate::model::{BalanceTransaction, Pulled, RemoteOrder, RemotePayout, RemoteRefund};
use crate::money::Currency;
use crate::provider::cursor::{self, next_cursor};
use crate::provider::{ProviderError, ProviderResult};

/// Entities read once per adapter: Razorpay orders by id, settlements by id, recon rows by day.
#[derive(Default)]
pub struct Seen {
    orders: HashMap<String, Order>,
    settlements: HashMap<String, Settlement>,
    recon: HashMap<Date, Vec<ReconItem>>,
    currencies: HashMap<String, Currency>,
}

fn from(cursor: Option<&str>) -> ProviderResult<Vec<(&'static str, String)>> {
    Ok(cursor::since(cursor)?
        .map(|s| vec![("from", s.to_string())])
        .unwrap_or_default())
}

/// Payments that name their order (in their notes, or their Razorpay order's), as orders.
pub fn orders(
    client: &Client,
    seen: &mut Seen,
    cursor: Option<&str>,
) -> ProviderResult<Pulled<RemoteOrder>> {
    let payments: Vec<Payment> = client.list_all("/v1/payments", &from(cursor)?)?;
    let mut items = Vec::new();
    for p in &payments {
        let named = p.notes.get("order_ref").is_some() || p.notes.get("lines").is_some();
        let order = match &p.order_id {
            Some(id) if !named => Some(order(client, seen, id)?),
            _ => None,
        };
        if let Some(o) = order_from_payment(p, order)? {
            items.push(o);
        }
    }
    Ok(Pulled {
        items,
        next_cursor: next_cursor(payments.iter().map(|p| p.created_at), cursor),
    })
}

fn order<'a>(client: &Client, seen: &'a mut Seen, id: &str) -> ProviderResult<&'a Order> {
    if !seen.orders.contains_key(id) {
        let o: Order = client.fetch(&format!("/v1/orders/{id}"))?;
        seen.orders.insert(id.to_owned(), o);
    }
    Ok(&seen.orders[id])
}

/// Refunds with their final states. A refund without a currency takes its payment's.
pub fn refunds(
    client: &Client,
    seen: &mut Seen,
    cursor: Option<&str>,
) -> ProviderResult<Pulled<RemoteRefund>> {
    let refunds: Vec<Refund> = client.list_all("/v1/refunds", &from(cursor)?)?;
    let mut items = Vec::new();
    for r in &refunds {
        let currency = match r.currency() {
            Some(c) => Currency::from_code(c).map_err(|e| {
                ProviderError::Other(anyhow::anyhow!("Razorpay's refund {} has {e}", r.id))
            })?,
            None => payment_currency(client, seen, &r.payment_id)?,
        };
        items.push(remote_refund(r, currency)?);
    }
    Ok(Pulled {
        items,
        next_cursor: next_cursor(refunds.iter().map(|r| r.created_at), cursor),
    })
}

fn payment_currency(client: &Client, seen: &mut Seen, payment: &str) -> ProviderResult<Currency> {
    if let Some(c) = seen.currencies.get(payment) {
        return Ok(*c);
    }
    let p: Payment = client.fetch(&format!("/v1/payments/{payment}"))?;
    let c = Currency::from_code(&p.currency).map_err(|e| {
        ProviderError::Other(anyhow::anyhow!("Razorpay's payment {} has {e}", p.id))
    })?;
    seen.currencies.insert(payment.to_owned(), c);
    Ok(c)
}

pub fn payouts(
    client: &Client,
    seen: &mut Seen,
    cursor: Option<&str>,
) -> ProviderResult<Pulled<RemotePayout>> {
    let settlements: Vec<Settlement> = client.list_all("/v1/settlements", &from(cursor)?)?;
    let items = settlements
        .iter()
        .map(remote_payout)
        .collect::<ProviderResult<Vec<_>>>()?;
    let next = next_cursor(settlements.iter().map(|s| s.created_at), cursor);
    for s in settlements {
        seen.settlements.insert(s.id.clone(), s);
    }
    Ok(Pulled {
        items,
        next_cursor: next,
    })
}

/// India's time (UTC+05:30, no daylight saving): Razorpay's days are Indian days.
fn ist() -> TimeZone {
    TimeZone::fixed(Offset::from_seconds(19_800).expect("+05:30 is an offset"))
}

/// The days whose recon may hold a settlement made at `at`: its day in India, and its day in
/// UTC when that is another.
fn recon_days(at: Timestamp) -> Vec<Date> {
    let mut days = vec![at.to_zoned(ist()).date()];
    let utc = at.to_zoned(TimeZone::UTC).date();
    if utc != days[0] {
        days.push(utc);
    }
    days
}

/// The transactions of one settlement: its recon rows (`/v1/settlements/recon/combined` for
/// the day it was made), with its fee and GST on each payment.
pub fn payout_transactions(
    client: &Client,
    seen: &mut Seen,
    settlement_id: &str,
) -> ProviderResult<Vec<BalanceTransaction>> {
    if !seen.settlements.contains_key(settlement_id) {
        let s: Settlement = client.fetch(&format!("/v1/settlements/{settlement_id}"))?;
        seen.settlements.insert(s.id.clone(), s);
    }
    let s = seen.settlements[settlement_id].clone();
    let mut rows = Vec::new();
    for day in recon_days(s.time("created_at", s.created_at)?) {
        let day_rows = match seen.recon.entry(day) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let query = [
                    ("year", day.year().to_string()),
                    ("month", format!("{:02}", day.month())),
                    ("day", format!("{:02}", day.day())),
                ];
                e.insert(client.list_all("/v1/settlements/recon/combined", &query)?)
            }
        };
        rows.extend(
            day_rows
                .iter()
                .filter(|r| r.settlement_id.as_deref() == Some(settlement_id))
                .cloned(),
        );
        if !rows.is_empty() {
            break;
        }
    }
    transactions(&s, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settlement_is_looked_for_on_its_indian_day_then_its_utc_day() {
        let at: Timestamp = "2026-11-20T20:00:00Z".parse().unwrap();
        let days: Vec<String> = recon_days(at).iter().map(|d| d.to_string()).collect();
        assert_eq!(days, ["2026-11-21", "2026-11-20"]);
        let at: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        assert_eq!(recon_days(at).len(), 1);
    }
}
