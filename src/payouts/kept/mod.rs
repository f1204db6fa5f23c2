//! Reconciliation of the synced payouts, kept in the shop file (issue 18). Each payout is
//! checked when a run first reaches it, by `reconcile`'s rules (`reconcile::check_payout`);
//! a payout found clean keeps its verdict (`payout_checks`) while the money it matched stays as
//! it was, and the money each payout took is marked on the money (`paid_out_txn`). A run then
//! checks only the payouts it has not seen, those with a discrepancy and those whose money
//! moved (migration 0015 says what drops a kept verdict), and finds the money no payout took in
//! a partial index of that money alone, instead of reading a month of transactions and the
//! payments they name on every run. A Stripe report is not in the shop: `input` reads it whole
//! for `reconcile::reconcile`, as before.

use std::collections::BTreeMap;

// As in `reconcile`: a day's payout is 13,000 references, the provider's, in the shop's file.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use anyhow::{Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::reconcile::{
    self, Input, PayoutInput, Report, ShopMoney, Taken, Taking, Totals, TxnInput,
};
use super::{Scope, input, label, rows};
use crate::clock;
use crate::model::{PaymentState, RefundState, TxnKind};
use crate::money::{Currency, Money};

/// Reconciles the synced payouts of `scope` (any but a report), oldest first, checking those
/// with no kept verdict and keeping the verdicts and marks it makes: to be called inside the
/// write transaction that stores the run, so that a failed run leaves nothing behind.
pub fn reconcile(conn: &Connection, scope: &Scope, now: Timestamp) -> Result<Report> {
    let (since, only) = match scope {
        Scope::All => (None, None),
        Scope::Since(t) => (Some(*t), None),
        Scope::Payout(id) => (None, Some(rows::get(conn, *id)?.id)),
        Scope::Report(_) => bail!("a report's payouts are not kept in the shop"),
    };
    let order = payout_order(conn)?;
    let payouts = in_scope(conn, since, only)?;
    let mut report = Report {
        payouts_checked: payouts.len(),
        matched: 0,
        transactions_checked: 0,
        totals: BTreeMap::new(),
        discrepancies: Vec::new(),
    };
    // What the payouts checked again in this run took: the money the shop does not know is
    // marked nowhere else.
    let mut run = Taken::default();
    // Kept verdicts of later payouts that a payout checked in this run dropped (it paid their
    // money out first): read before the run, so they are not to be trusted.
    let mut dropped = HashSet::new();
    for payout in &payouts {
        let one = match &payout.kept {
            Some(kept) if !dropped.contains(&payout.id) => kept.report()?,
            _ => check_again(conn, payout, &order, &mut run, &mut dropped, now)?,
        };
        report.matched += one.matched;
        report.transactions_checked += one.transactions_checked;
        for (currency, t) in &one.totals {
            add(report.totals.entry(*currency).or_default(), t);
        }
        report.discrepancies.extend(one.discrepancies);
    }
    // One payout's scope says nothing about what is absent from every payout.
    if only.is_none() {
        let cutoff = now.checked_sub(input::schedule(conn)?)?;
        report
            .discrepancies
            .extend(reconcile::unpaid(&untaken(conn, cutoff, since)?));
    }
    Ok(report)
}

/// Every payout's place, oldest first: which of two payouts came first decides which paid a
/// payment out and which paid it again.
fn payout_order(conn: &Connection) -> Result<HashMap<i64, usize>> {
    let mut stmt = conn.prepare("SELECT id FROM payouts ORDER BY created_at, id")?;
    let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    let mut order = HashMap::new();
    for (place, id) in ids.enumerate() {
        order.insert(id?, place);
    }
    Ok(order)
}

/// A payout of the run, with its kept verdict when it has one.
struct Scoped {
    id: i64,
    provider_ref: String,
    amount: Money,
    kept: Option<Kept>,
}

/// A kept verdict: a clean payout's counts and totals.
struct Kept {
    transactions: usize,
    totals: String,
}

impl Kept {
    fn report(&self) -> Result<Report> {
        Ok(Report {
            payouts_checked: 1,
            matched: 1,
            transactions_checked: self.transactions,
            totals: totals_from_json(&self.totals)?,
            discrepancies: Vec::new(),
        })
    }
}

fn in_scope(conn: &Connection, since: Option<Timestamp>, only: Option<i64>) -> Result<Vec<Scoped>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.provider_ref, p.amount, p.currency, c.transactions, c.totals
           FROM payouts p LEFT JOIN payout_checks c ON c.payout_id = p.id
          WHERE (?1 IS NULL OR p.created_at >= ?1) AND (?2 IS NULL OR p.id = ?2)
          ORDER BY p.created_at, p.id",
    )?;
    let rows = stmt.query_map(params![since.map(clock::format), only], |r| {
        let kept = match (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<String>>(5)?) {
            (Some(n), Some(totals)) => Some(Kept {
                transactions: usize::try_from(n).unwrap_or(0),
                totals,
            }),
            _ => None,
        };
        Ok(Scoped {
            id: r.get(0)?,
            provider_ref: r.get(1)?,
            amount: Money::new(r.get(2)?, r.get(3)?),
            kept,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A captured payment or succeeded refund a payout's transactions name, with the transaction
/// that took it first, when one did.
struct Named {
    id: i64,
    money: ShopMoney,
    mark: Option<Mark>,
}

/// The transaction a payment or refund is marked with (`paid_out_txn`).
struct Mark {
    txn_id: i64,
    txn_ref: String,
    payout_id: Option<i64>,
    fee: i64,
}

/// Checks one payout by `reconcile`'s rules after what the payouts before it took, marks the
/// money it took first, and keeps its verdict when it is clean and has no fee of its own (a
/// fee of its own judges a payment another payout paid out, which no mark follows).
fn check_again(
    conn: &Connection,
    payout: &Scoped,
    order: &HashMap<i64, usize>,
    run: &mut Taken,
    dropped: &mut HashSet<i64>,
    now: Timestamp,
) -> Result<Report> {
    let (ids, transactions) = rows::transactions_to_check(conn, payout.id)?;
    // Charges and fees name payments, refunds refunds (`reconcile`'s matchers look no further).
    let payments = named(
        conn,
        "payments",
        "t.kind IN ('charge', 'fee') AND p.status = ?2",
        payout.id,
        PaymentState::Captured,
        ids.len(),
    )?;
    let refunds = named(
        conn,
        "refunds",
        "t.kind = 'refund' AND p.status = ?2 AND p.provider_ref IS NOT NULL",
        payout.id,
        RefundState::Succeeded,
        0,
    )?;
    let place = order.get(&payout.id).copied().unwrap_or(usize::MAX);
    // Where a mark's payout stands to this one: before it, this one, or after (or none).
    let before_this = |m: &Mark| {
        m.payout_id
            .filter(|q| *q != payout.id)
            .and_then(|q| order.get(&q))
            .is_some_and(|p| *p < place)
    };

    let mut before = Taken::default();
    for t in &transactions {
        let key = key_of(t);
        let (marks, taken, run_taken) = match t.kind {
            TxnKind::Charge | TxnKind::Fee => (&payments, &mut before.charges, &run.charges),
            TxnKind::Refund => (&refunds, &mut before.refunds, &run.refunds),
            TxnKind::Adjustment | TxnKind::Payout => continue,
        };
        if let Some(m) = marks
            .get(key)
            .and_then(|n| n.mark.as_ref())
            .filter(|m| before_this(m))
        {
            taken
                .entry(key.to_string())
                .or_insert_with(|| m.txn_ref.clone());
            if t.kind != TxnKind::Refund && m.fee != 0 {
                before.fees.insert(key.to_string());
            }
        }
        if let Some(first) = run_taken.get(key) {
            taken
                .entry(key.to_string())
                .or_insert_with(|| first.clone());
        }
        if run.fees.contains(key) {
            before.fees.insert(key.to_string());
        }
    }

    let input = PayoutInput {
        label: label(payout.id),
        provider_ref: payout.provider_ref.clone(),
        amount: Some(payout.amount),
        transactions,
    };
    let money =
        |m: &HashMap<String, Named>| m.values().map(|n| n.money.clone()).collect::<Vec<_>>();
    // The run follows only what no mark holds: money the shop does not know (a charge or
    // refund it has no row for), and fees taken by a fee of their own. The rest it finds in
    // the marks this check writes, as the next payout's check reads them.
    let own_fees: HashSet<&str> = input
        .transactions
        .iter()
        .filter(|t| t.kind == TxnKind::Fee)
        .map(key_of)
        .collect();
    let wanted = |taking: Taking, key: &str| match taking {
        Taking::Charge => !payments.contains_key(key),
        Taking::Refund => !refunds.contains_key(key),
        Taking::Fee => own_fees.contains(key),
    };
    let (one, taken) =
        reconcile::check_payout(&input, &money(&payments), &money(&refunds), &before, wanted)?;
    for (k, v) in taken.charges {
        run.charges.entry(k).or_insert(v);
    }
    for (k, v) in taken.refunds {
        run.refunds.entry(k).or_insert(v);
    }
    run.fees.extend(taken.fees);

    dropped.extend(mark(
        conn,
        payout.id,
        &ids,
        &input.transactions,
        &payments,
        &refunds,
        order,
    )?);
    let own_fee = input.transactions.iter().any(|t| t.kind == TxnKind::Fee);
    if one.discrepancies.is_empty() && !own_fee {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO payout_checks (payout_id, transactions, totals, checked_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            payout.id,
            one.transactions_checked as i64,
            totals_to_json(&one.totals),
            clock::format(now)
        ])?;
    } else {
        conn.prepare_cached("DELETE FROM payout_checks WHERE payout_id = ?1")?
            .execute([payout.id])?;
    }
    Ok(one)
}

/// The name a transaction's money is counted under, as `reconcile` counts it for a synced
/// transaction (one reference, which is the shop's when the shop knows the money).
fn key_of(t: &TxnInput) -> &str {
    t.source_refs.first().unwrap_or(&t.provider_ref)
}

/// Marks each payment and refund this payout took first (`paid_out_txn`): those no payout had
/// taken, and those a later payout had (checked first: that payout paid them again, so its
/// kept verdict goes, and its id is returned).
fn mark(
    conn: &Connection,
    payout_id: i64,
    ids: &[i64],
    transactions: &[TxnInput],
    payments: &HashMap<String, Named>,
    refunds: &HashMap<String, Named>,
    order: &HashMap<i64, usize>,
) -> Result<Vec<i64>> {
    let place = |id: i64| order.get(&id).copied().unwrap_or(usize::MAX);
    let mut done: HashSet<(bool, i64)> = HashSet::new();
    let mut dropped = Vec::new();
    for (txn_id, t) in ids.iter().zip(transactions) {
        let (table, named) = match t.kind {
            TxnKind::Charge => ("payments", payments),
            TxnKind::Refund => ("refunds", refunds),
            _ => continue,
        };
        let Some(n) = named.get(key_of(t)) else {
            continue;
        };
        if !done.insert((t.kind == TxnKind::Charge, n.id)) {
            continue; // taken again in this payout: the first one stands
        }
        // This payout's first transaction for the money (they come oldest first): marked
        // already; or another of this payout is (pulled later, dated earlier: this one is
        // first); or an earlier payout's is (this one paid it again); or a later one's.
        let later = match n.mark.as_ref().map(|m| (m.payout_id, m.txn_id)) {
            None => None,
            Some((_, id)) if id == *txn_id => continue,
            Some((Some(q), _)) if q == payout_id => None,
            Some((Some(q), _)) if place(q) < place(payout_id) => continue,
            Some((q, _)) => q,
        };
        conn.prepare_cached(&format!(
            "UPDATE {table} SET paid_out_txn = ?2 WHERE id = ?1"
        ))?
        .execute(params![n.id, txn_id])?;
        if let Some(q) = later {
            conn.prepare_cached("DELETE FROM payout_checks WHERE payout_id = ?1")?
                .execute([q])?;
            dropped.push(q);
        }
    }
    Ok(dropped)
}

/// The captured payments or succeeded refunds (`table`, `cond` on `?2`) that the transactions
/// of payout `?1` name, by reference, each found by its unique reference, with its mark.
fn named(
    conn: &Connection,
    table: &str,
    cond: &str,
    payout_id: i64,
    state: impl rusqlite::ToSql,
    capacity: usize,
) -> Result<HashMap<String, Named>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.provider_ref, p.amount, p.currency, p.created_at,
                m.provider_ref, m.payout_id, m.fee, m.id
           FROM balance_transactions t
          CROSS JOIN {table} p ON p.provider_ref = t.source_ref
           LEFT JOIN balance_transactions m ON m.id = p.paid_out_txn
          WHERE t.payout_id = ?1 AND {cond}"
    ))?;
    let mut rows = stmt.query(params![payout_id, state])?;
    let mut out = HashMap::with_capacity(capacity);
    while let Some(r) = rows.next()? {
        let provider_ref: String = r.get(1)?;
        if out.contains_key(&provider_ref) {
            continue; // named twice in this payout
        }
        let mark = r
            .get::<_, Option<String>>(5)?
            .map(|txn_ref| -> rusqlite::Result<Mark> {
                Ok(Mark {
                    txn_id: r.get(8)?,
                    txn_ref,
                    payout_id: r.get(6)?,
                    fee: r.get(7)?,
                })
            });
        let at: String = r.get(4)?;
        let named = Named {
            id: r.get(0)?,
            money: ShopMoney {
                provider_ref: provider_ref.clone(),
                amount: Money::new(r.get(2)?, r.get(3)?),
                at: clock::parse(&at)?,
            },
            mark: mark.transpose()?,
        };
        out.insert(provider_ref, named);
    }
    Ok(out)
}

/// The captured payments and succeeded refunds from before `cutoff` (and not before `since`)
/// that no checked payout took, from the partial indexes of that money alone.
fn untaken(conn: &Connection, cutoff: Timestamp, since: Option<Timestamp>) -> Result<Input> {
    // Literal states, so that the planner can match the partial indexes' conditions.
    let read = |sql: &str| -> Result<Vec<ShopMoney>> {
        let mut stmt = conn.prepare(sql)?;
        let from = since.map(clock::format).unwrap_or_default();
        let mut rows = stmt.query(params![clock::format(cutoff), from])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let at: String = r.get(3)?;
            out.push(ShopMoney {
                provider_ref: r.get(0)?,
                amount: Money::new(r.get(1)?, r.get(2)?),
                at: clock::parse(&at)?,
            });
        }
        Ok(out)
    };
    Ok(Input {
        payouts: Vec::new(),
        payments: read(
            "SELECT provider_ref, amount, currency, created_at FROM payments INDEXED BY payments_unpaid
              WHERE status = 'captured' AND paid_out_txn IS NULL AND created_at < ?1 AND created_at >= ?2
              ORDER BY created_at, id",
        )?,
        refunds: read(
            "SELECT provider_ref, amount, currency, created_at FROM refunds INDEXED BY refunds_untaken
              WHERE status = 'succeeded' AND provider_ref IS NOT NULL AND paid_out_txn IS NULL
                AND created_at < ?1 AND created_at >= ?2
              ORDER BY created_at, id",
        )?,
        unpaid_before: Some(cutoff),
        unpaid_since: since,
    })
}

fn add(into: &mut Totals, t: &Totals) {
    into.gross += t.gross;
    into.fees += t.fees;
    into.refunds += t.refunds;
    into.adjustments += t.adjustments;
    into.net += t.net;
}

/// A kept verdict's totals: `[[currency, gross, fees, refunds, adjustments, net], ...]`.
fn totals_to_json(totals: &BTreeMap<Currency, Totals>) -> String {
    let rows: Vec<_> = totals
        .iter()
        .map(|(c, t)| {
            serde_json::json!([c.code(), t.gross, t.fees, t.refunds, t.adjustments, t.net])
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}

fn totals_from_json(text: &str) -> Result<BTreeMap<Currency, Totals>> {
    let rows: Vec<(String, i64, i64, i64, i64, i64)> = serde_json::from_str(text)?;
    let mut out = BTreeMap::new();
    for (code, gross, fees, refunds, adjustments, net) in rows {
        out.insert(
            Currency::from_code(&code)?,
            Totals {
                gross,
                fees,
                refunds,
                adjustments,
                net,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod equivalence;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BalanceTransaction, PayoutState, RemotePayout};
    use crate::store::Store;
    use crate::store::testing::{order, shop};

    fn sgd(minor: i64) -> Money {
        Money::new(minor, Currency::from_code("SGD").unwrap())
    }

    fn at(day: u32) -> Timestamp {
        format!("2026-10-{day:02}T00:00:00Z").parse().unwrap()
    }

    /// A charge of 10.00 (the test orders' total) with a fee of 0.30, for `payment`.
    fn charge(reference: &str, payment: &str, day: u32) -> BalanceTransaction {
        BalanceTransaction {
            provider_ref: reference.into(),
            kind: TxnKind::Charge,
            source_ref: payment.into(),
            gross: sgd(1000),
            fee: sgd(30),
            net: sgd(970),
            description: String::new(),
            created_at: at(day),
        }
    }

    /// Payout `po_{n}` made on `day` of its charges, for their sum, recorded as sync records
    /// a pulled payout.
    fn payout(store: &mut Store, n: u32, day: u32, charges: &[BalanceTransaction]) {
        let sum = charges.iter().map(|t| t.net.minor).sum();
        let p = RemotePayout {
            provider_ref: format!("po_{n}"),
            amount: sgd(sum),
            state: PayoutState::Paid,
            created_at: at(day),
            arrival_date: at(day + 2),
        };
        store
            .write(|tx| rows::record_pulled(tx, &p, charges, at(day)).map(|_| ()))
            .unwrap();
    }

    /// Orders 1 to 3 with captured payments `pay_1` to `pay_3` (made 2026-11-19); `pay_1` paid
    /// out by P1 (1 October), `pay_2` by P2 (20 October).
    fn two_payouts(dir: &tempfile::TempDir) -> Store {
        let mut store = shop(dir);
        store
            .write(|tx| {
                for id in 1..=3 {
                    order(tx, id, "processing", "captured", true)?;
                }
                Ok(())
            })
            .unwrap();
        payout(&mut store, 1, 1, &[charge("txn_1", "pay_1", 1)]);
        payout(&mut store, 2, 20, &[charge("txn_2", "pay_2", 20)]);
        store
    }

    fn now() -> Timestamp {
        "2026-11-25T00:00:00Z".parse().unwrap()
    }

    fn run(store: &mut Store, scope: Scope) -> Report {
        store.write(|tx| reconcile(tx, &scope, now())).unwrap()
    }

    fn kinds(r: &Report) -> Vec<(String, String, Option<String>)> {
        r.discrepancies
            .iter()
            .map(|d| (d.kind.to_string(), d.reference.clone(), d.payout.clone()))
            .collect()
    }

    fn one(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// P3, on 22 October, pays pay_1 out again (P1 paid it first) and pay_3 for the first time.
    fn pay_1_again(store: &mut Store) {
        payout(
            store,
            3,
            22,
            &[charge("txn_7", "pay_1", 22), charge("txn_3", "pay_3", 22)],
        );
    }

    /// How many kept verdicts payout `id` has (0 or 1).
    fn kept_verdicts(store: &Store, id: i64) -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM payout_checks WHERE payout_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Runs `sql` in a write, as a change made by another command.
    fn exec(store: &mut Store, sql: &str) {
        store.write(|tx| Ok(tx.execute_batch(sql)?)).unwrap();
    }

    /// The transaction a payment is marked with.
    fn mark_of(store: &Store, payment: &str) -> String {
        store
            .conn()
            .query_row(
                "SELECT t.provider_ref FROM payments p JOIN balance_transactions t ON t.id = p.paid_out_txn
                  WHERE p.provider_ref = ?1",
                [payment],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn a_clean_payouts_verdict_is_kept_and_counts_as_a_fresh_check_would() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        let first = run(&mut store, Scope::All);
        // pay_3 was captured on 19 November, more than the schedule's two days ago.
        assert_eq!(kinds(&first), [("unpaid".into(), "pay_3".into(), None)]);
        assert_eq!(
            (
                first.payouts_checked,
                first.matched,
                first.transactions_checked
            ),
            (2, 2, 2)
        );
        assert_eq!(one(&store, "SELECT count(*) FROM payout_checks"), 2);
        assert_eq!(
            one(
                &store,
                "SELECT count(*) FROM payments WHERE paid_out_txn IS NOT NULL"
            ),
            2
        );
        let again = run(&mut store, Scope::All);
        assert_eq!(kinds(&again), kinds(&first));
        assert_eq!(
            (
                again.payouts_checked,
                again.matched,
                again.transactions_checked,
                &again.totals
            ),
            (2, 2, 2, &first.totals)
        );
        let sgd_totals = &again.totals[&Currency::from_code("SGD").unwrap()];
        assert_eq!(
            (sgd_totals.gross, sgd_totals.fees, sgd_totals.net),
            (2000, 60, 1940)
        );
        // Once a payout takes pay_3, it is paid.
        payout(&mut store, 3, 21, &[charge("txn_3", "pay_3", 21)]);
        assert!(run(&mut store, Scope::All).discrepancies.is_empty());
    }

    #[test]
    fn a_kept_verdict_goes_when_the_money_it_matched_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        run(&mut store, Scope::Payout(1));
        assert_eq!(kept_verdicts(&store, 1), 1);
        exec(
            &mut store,
            "UPDATE payments SET amount = 1001 WHERE provider_ref = 'pay_1'",
        );
        assert_eq!(kept_verdicts(&store, 1), 0);
        let found = run(&mut store, Scope::Payout(1));
        assert_eq!(
            kinds(&found),
            [("amount_mismatch".into(), "pay_1".into(), Some("P1".into()))]
        );
        // A payment no longer captured: its charge is money the shop does not have.
        exec(
            &mut store,
            "UPDATE payments SET amount = 1000 WHERE provider_ref = 'pay_1'",
        );
        assert!(run(&mut store, Scope::Payout(1)).discrepancies.is_empty());
        exec(
            &mut store,
            "UPDATE payments SET status = 'failed' WHERE provider_ref = 'pay_1'",
        );
        assert_eq!(
            kinds(&run(&mut store, Scope::Payout(1))),
            [("missing_in_shop".into(), "txn_1".into(), Some("P1".into()))]
        );
        // A payout pulled again with a new transaction is checked again.
        exec(
            &mut store,
            "UPDATE payments SET status = 'captured' WHERE provider_ref = 'pay_1'",
        );
        run(&mut store, Scope::Payout(2));
        assert_eq!(kept_verdicts(&store, 2), 1);
        payout(
            &mut store,
            2,
            20,
            &[charge("txn_2", "pay_2", 20), charge("txn_9", "pay_9", 20)],
        );
        assert_eq!(kept_verdicts(&store, 2), 0);
        let found = run(&mut store, Scope::Payout(2));
        assert_eq!(
            kinds(&found)[0],
            ("missing_in_shop".into(), "txn_9".into(), Some("P2".into()))
        );
    }

    #[test]
    fn a_payment_paid_out_again_after_the_window_opened_is_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        run(&mut store, Scope::All);
        // P3 pays pay_1 out again: P1, which paid it first, is before the window.
        pay_1_again(&mut store);
        let found = run(&mut store, Scope::Since(at(15)));
        assert_eq!(
            kinds(&found),
            [("duplicate".into(), "txn_7".into(), Some("P3".into()))]
        );
        assert!(
            found.discrepancies[0]
                .detail
                .contains("first in transaction txn_1")
        );
        // Checked again on every run while it has a discrepancy.
        assert_eq!(kept_verdicts(&store, 3), 0);
        assert_eq!(kinds(&run(&mut store, Scope::Since(at(15)))), kinds(&found));
    }

    #[test]
    fn an_earlier_payout_checked_later_takes_the_payment_from_the_later_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        payout(&mut store, 3, 22, &[charge("txn_7", "pay_1", 22)]);
        // P3 alone is clean: it pays pay_1 out, and its verdict is kept.
        assert!(run(&mut store, Scope::Payout(3)).discrepancies.is_empty());
        assert_eq!(kept_verdicts(&store, 3), 1);
        // P1, before it, paid pay_1 out first: P3's verdict goes, and P3 pays it again.
        let all = run(&mut store, Scope::All);
        assert_eq!(
            kinds(&all),
            [
                ("duplicate".into(), "txn_7".into(), Some("P3".into())),
                ("unpaid".into(), "pay_3".into(), None)
            ]
        );
        assert_eq!(mark_of(&store, "pay_1"), "txn_1");
    }

    #[test]
    fn a_payment_changed_and_changed_back_is_still_paid_out_by_its_first_payout() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        run(&mut store, Scope::All);
        pay_1_again(&mut store);
        exec(
            &mut store,
            "UPDATE payments SET amount = 999 WHERE provider_ref = 'pay_1';
             UPDATE payments SET amount = 1000 WHERE provider_ref = 'pay_1';",
        );
        // P1's verdict went, but its transaction still paid pay_1 out first.
        for _ in 0..2 {
            let found = run(&mut store, Scope::Since(at(15)));
            assert_eq!(
                kinds(&found),
                [("duplicate".into(), "txn_7".into(), Some("P3".into()))]
            );
        }
    }

    #[test]
    fn a_transaction_pulled_later_but_dated_earlier_takes_the_mark_in_its_payout() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        run(&mut store, Scope::All);
        let mut earlier = charge("txn_0", "pay_1", 1);
        earlier.created_at = "2026-09-30T23:00:00Z".parse().unwrap();
        payout(&mut store, 1, 1, &[charge("txn_1", "pay_1", 1), earlier]);
        let found = run(&mut store, Scope::All);
        assert!(
            found
                .discrepancies
                .iter()
                .any(|d| d.reference == "txn_1"
                    && d.detail.ends_with("(first in transaction txn_0)")),
            "{:?}",
            found.discrepancies
        );
        assert_eq!(mark_of(&store, "pay_1"), "txn_0");
    }

    #[test]
    fn a_failed_run_keeps_no_verdict_and_no_mark() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        let failed: Result<()> = store.write(|tx| {
            reconcile(tx, &Scope::All, now())?;
            anyhow::bail!("the run's record could not be written")
        });
        assert!(failed.is_err());
        assert_eq!(one(&store, "SELECT count(*) FROM payout_checks"), 0);
        assert_eq!(
            one(
                &store,
                "SELECT count(*) FROM payments WHERE paid_out_txn IS NOT NULL"
            ),
            0
        );
    }

    #[test]
    fn db_check_finds_a_mark_that_names_another_moneys_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = two_payouts(&dir);
        run(&mut store, Scope::All);
        let problems = |store: &Store| {
            let mut found = Vec::new();
            crate::store::check::derived(store.conn(), &mut found).unwrap();
            found
        };
        assert!(problems(&store).is_empty(), "{:?}", problems(&store));
        exec(
            &mut store,
            "UPDATE payments SET paid_out_txn = (SELECT id FROM balance_transactions WHERE provider_ref = 'txn_2')
                      WHERE provider_ref = 'pay_1'",
        );
        let found = problems(&store);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .starts_with("payments: 1 marked as paid out by a transaction that is not theirs"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn the_money_no_payout_took_is_read_from_its_partial_indexes() {
        let conn = crate::store::testing::migrated();
        for (table, cond) in [
            ("payments", "status = 'captured' AND paid_out_txn IS NULL"),
            (
                "refunds",
                "status = 'succeeded' AND provider_ref IS NOT NULL AND paid_out_txn IS NULL",
            ),
        ] {
            let plan: String = conn
                .query_row(
                    &format!("EXPLAIN QUERY PLAN SELECT provider_ref FROM {table} WHERE {cond} AND created_at < '2026' AND created_at >= ''"),
                    [],
                    |r| r.get(3),
                )
                .unwrap();
            let index = if table == "payments" {
                "payments_unpaid"
            } else {
                "refunds_untaken"
            };
            assert!(
                plan.contains(&format!("USING INDEX {index}")),
                "{table}: {plan}"
            );
        }
    }
}
