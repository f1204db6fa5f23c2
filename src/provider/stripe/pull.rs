//! What the shop pulls from Stripe since a cursor: orders (PaymentIntents and complete
//! Checkout Sessions), refunds, payouts, and the balance transactions that make up a payout.
//!
//! Cursors are the newest `created` (Unix seconds) seen; each pull re-reads `LOOKBACK_SECS`
//! before it (`created[gte]`) so that a payment that settles late (PayNow) is seen again; the
//! shop upserts by reference, so re-reading changes nothing.

use std::collections::{HashMap, HashSet};

use super::amounts::from_stripe_amount;
use super::client::Client;
use super::form::Form;
use super::objects::{
    BalanceTransaction as StripeTxn, Charge, CheckoutSession, Expandable, LineItem, Object,
    PaymentIntent, Payout, PayoutStatus, Refund, SessionStatus,
};
use super::orders::{order_from_intent, order_from_session};
use super::refunds::remote_refund;
use crate::model::{
    BalanceTransaction, PayoutState, Pulled, RemoteOrder, RemotePayout, RemoteRefund, TxnKind,
};
use crate::provider::ProviderResult;
use crate::provider::cursor::{self, next_cursor};

fn cursor_query(cursor: Option<&str>) -> ProviderResult<Form> {
    let mut q = Form::new();
    if let Some(since) = cursor::since(cursor)? {
        q.push("created[gte]", since.to_string());
    }
    Ok(q)
}

/// Orders from PaymentIntents that name theirs, then from complete Checkout Sessions whose
/// payment was not already seen. Other PaymentIntents on the account are not the shop's.
pub fn orders(client: &Client, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteOrder>> {
    let q = cursor_query(cursor)?;
    let intents: Vec<PaymentIntent> = client.list_all(
        "/v1/payment_intents",
        &q.clone().with("expand[]", "data.payment_method"),
    )?;
    let sessions: Vec<CheckoutSession> = client.list_all("/v1/checkout/sessions", &q)?;

    let mut orders = Vec::new();
    let mut seen = HashSet::new();
    for pi in &intents {
        if let Some(order) = order_from_intent(pi)? {
            seen.insert(order.provider_ref.clone());
            orders.push(order);
        }
    }
    let by_id: HashMap<&str, &PaymentIntent> =
        intents.iter().map(|pi| (pi.id.as_str(), pi)).collect();
    for cs in &sessions {
        if cs.status != Some(SessionStatus::Complete) {
            continue;
        }
        let pi_id = cs.payment_intent.as_ref().map(Expandable::id);
        let reference = pi_id.unwrap_or(&cs.id).to_owned();
        if seen.contains(&reference) {
            continue;
        }
        let items: Vec<LineItem> = client.list_all(
            &format!("/v1/checkout/sessions/{}/line_items", cs.id),
            &Form::new().with("expand[]", "data.price.product"),
        )?;
        let intent = pi_id.and_then(|id| by_id.get(id).copied());
        orders.push(order_from_session(cs, &reference, &items, intent)?);
        seen.insert(reference);
    }
    let created = intents.iter().map(|pi| pi.created);
    Ok(Pulled {
        items: orders,
        next_cursor: next_cursor(created.chain(sessions.iter().map(|cs| cs.created)), cursor),
    })
}

/// Refunds with their PaymentIntent; a refund made against a charge is traced to the charge's.
pub fn refunds(client: &Client, cursor: Option<&str>) -> ProviderResult<Pulled<RemoteRefund>> {
    let refunds: Vec<Refund> = client.list_all("/v1/refunds", &cursor_query(cursor)?)?;
    let mut items = Vec::new();
    for r in &refunds {
        let pi = match (&r.payment_intent, &r.charge) {
            (Some(pi), _) => pi.id().to_owned(),
            (None, Some(charge)) => {
                let ch: Charge =
                    client.get(&format!("/v1/charges/{}", charge.id()), &Form::new())?;
                ch.payment_intent
                    .as_ref()
                    .map(|p| p.id().to_owned())
                    .unwrap_or_default()
            }
            (None, None) => String::new(),
        };
        items.push(remote_refund(r, &pi)?);
    }
    Ok(Pulled {
        items,
        next_cursor: next_cursor(refunds.iter().map(|r| r.created), cursor),
    })
}

pub fn payouts(client: &Client, cursor: Option<&str>) -> ProviderResult<Pulled<RemotePayout>> {
    let payouts: Vec<Payout> = client.list_all("/v1/payouts", &cursor_query(cursor)?)?;
    let items = payouts
        .iter()
        .map(remote_payout)
        .collect::<ProviderResult<Vec<_>>>()?;
    Ok(Pulled {
        items,
        next_cursor: next_cursor(payouts.iter().map(|p| p.created), cursor),
    })
}

fn remote_payout(p: &Payout) -> ProviderResult<RemotePayout> {
    Ok(RemotePayout {
        provider_ref: p.id.clone(),
        amount: from_stripe_amount(p.amount, &p.currency)?,
        state: match p.status {
            PayoutStatus::Paid => PayoutState::Paid,
            PayoutStatus::InTransit => PayoutState::InTransit,
            PayoutStatus::Failed => PayoutState::Failed,
            PayoutStatus::Canceled => PayoutState::Canceled,
            PayoutStatus::Pending | PayoutStatus::Other => PayoutState::Pending,
        },
        created_at: p.time("created", p.created)?,
        arrival_date: p.time("arrival_date", p.arrival_date)?,
    })
}

/// The balance transactions of one payout, each with its source expanded (a charge's
/// PaymentIntent is the shop's payment reference).
pub fn payout_transactions(
    client: &Client,
    payout_ref: &str,
) -> ProviderResult<Vec<BalanceTransaction>> {
    let txns: Vec<StripeTxn> = client.list_all(
        "/v1/balance_transactions",
        &Form::new()
            .with("payout", payout_ref.to_owned())
            .with("expand[]", "data.source"),
    )?;
    txns.iter().map(balance_transaction).collect()
}

fn balance_transaction(t: &StripeTxn) -> ProviderResult<BalanceTransaction> {
    let category = match t.reporting_category.as_str() {
        "" => t.kind.as_str(),
        c => c,
    };
    let kind = match category {
        "charge" | "payment" => TxnKind::Charge,
        "refund" | "payment_refund" => TxnKind::Refund,
        "fee" | "stripe_fee" => TxnKind::Fee,
        "payout" => TxnKind::Payout,
        _ => TxnKind::Adjustment,
    };
    let source_id = t.source.as_ref().map(Expandable::id).unwrap_or("");
    let source_ref = match kind {
        // A charge's payment is its PaymentIntent (the shop's payment reference).
        TxnKind::Charge => t
            .source
            .as_ref()
            .and_then(Expandable::object)
            .and_then(|s| s.payment_intent.as_ref())
            .map(Expandable::id)
            .unwrap_or(source_id),
        TxnKind::Refund => source_id,
        _ => "",
    };
    let money = |amount| from_stripe_amount(amount, &t.currency);
    Ok(BalanceTransaction {
        provider_ref: t.id.clone(),
        kind,
        source_ref: source_ref.to_owned(),
        gross: money(t.amount)?,
        fee: money(t.fee)?,
        net: money(t.net)?,
        description: t.description.clone().unwrap_or_default(),
        created_at: t.time("created", t.created)?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::money::{Currency, Money};
    use crate::provider::stripe::objects;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::from_code("EUR").unwrap())
    }

    #[test]
    fn the_cursor_is_a_created_filter() {
        assert_eq!(cursor_query(None).unwrap(), Form::new());
        assert_eq!(
            cursor_query(Some("100000")).unwrap(),
            Form::new().with("created[gte]", "13600")
        );
    }

    #[test]
    fn balance_transactions_point_at_the_shops_references() {
        let txn = |v| balance_transaction(&objects::parse::<StripeTxn>(v).unwrap()).unwrap();
        let charge = txn(
            json!({"id": "txn_1", "amount": 5500, "fee": 217, "net": 5283,
            "currency": "eur", "type": "charge", "reporting_category": "charge",
            "description": null, "created": 1680800504,
            "source": {"id": "ch_1", "object": "charge", "payment_intent": "pi_1"}}),
        );
        assert_eq!(
            (charge.kind, charge.source_ref.as_str()),
            (TxnKind::Charge, "pi_1")
        );
        assert_eq!(
            (charge.gross, charge.fee, charge.net),
            (eur(5500), eur(217), eur(5283))
        );
        assert_eq!(charge.description, "");
        let refund = txn(
            json!({"id": "txn_2", "amount": -1500, "fee": 0, "net": -1500,
            "currency": "eur", "type": "refund", "reporting_category": "",
            "description": "REFUND FOR CHARGE", "created": 1680800504, "source": "re_1"}),
        );
        assert_eq!(
            (refund.kind, refund.source_ref.as_str()),
            (TxnKind::Refund, "re_1")
        );
        let adjustment = txn(json!({"id": "txn_3", "amount": 500, "fee": 0, "net": 500,
            "currency": "eur", "type": "adjustment", "reporting_category": "other_adjustment",
            "created": 1680800504, "source": "du_1"}));
        assert_eq!(
            (adjustment.kind, adjustment.source_ref.as_str()),
            (TxnKind::Adjustment, "")
        );
    }

    #[test]
    fn payout_statuses() {
        let payout = |status: &str| {
            let p = objects::parse::<Payout>(json!({"id": "po_1", "amount": 2500,
                "currency": "eur", "status": status, "created": 1680800504,
                "arrival_date": 1680972000}))
            .unwrap();
            remote_payout(&p).unwrap().state
        };
        assert_eq!(payout("paid"), PayoutState::Paid);
        assert_eq!(payout("in_transit"), PayoutState::InTransit);
        assert_eq!(payout("canceled"), PayoutState::Canceled);
        assert_eq!(payout("a_later_status"), PayoutState::Pending);
    }
}
