//! `kept::reconcile` against `reconcile::reconcile` over everything, on random histories: the
//! kept verdicts and marks must never make a run of everything say anything else than a check
//! of every payout afresh. Each history is a seed of a small xorshift generator, so a failure
//! names one that replays. Written in the review of the kept verdicts (issue 18), where it found
//! a mark left on a later transaction of a payout.
use super::*;
use crate::model::{BalanceTransaction, PayoutState, RemotePayout};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn sgd(minor: i64) -> Money {
    Money::new(minor, Currency::from_code("SGD").unwrap())
}

/// Day `d` counted from 2026-10-01 (day 1).
fn ts(d: i64) -> Timestamp {
    let base: Timestamp = "2026-09-30T00:00:00Z".parse().unwrap();
    base.checked_add(jiff::SignedDuration::from_hours(24 * d))
        .unwrap()
}

fn now() -> Timestamp {
    "2026-11-25T00:00:00Z".parse().unwrap()
}

const N: i64 = 6;

fn setup(conn: &Connection, rng: &mut Rng) {
    for i in 1..=N {
        crate::store::testing::order(conn, i, "processing", "captured", false).unwrap();
        let day = 1 + rng.below(55) as i64;
        conn.execute(
            "INSERT INTO payments (id, order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
             VALUES (?1, ?1, 'pay_' || ?1, 'card', 1000, 'SGD', 'captured', ?2, ?2)",
            params![i, clock::format(ts(day))],
        )
        .unwrap();
        if i % 2 == 0 {
            conn.execute(
                "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status, created_at, updated_at)
                 VALUES (?1, ?1, 're_' || ?1, 'k' || ?1, 200, 'SGD', 'succeeded', ?2, ?2)",
                params![i, clock::format(ts(day + 1))],
            )
            .unwrap();
        }
    }
}

#[derive(Clone, Debug)]
struct Gen {
    provider_ref: String,
    day: i64,
    txns: Vec<BalanceTransaction>,
    amount_off: i64,
}

fn txn(
    r: String,
    kind: TxnKind,
    src: String,
    gross: i64,
    fee: i64,
    day: i64,
) -> BalanceTransaction {
    BalanceTransaction {
        provider_ref: r,
        kind,
        source_ref: src,
        gross: sgd(gross),
        fee: sgd(fee),
        net: sgd(gross - fee),
        description: String::new(),
        created_at: ts(day),
    }
}

fn random_txn(rng: &mut Rng, r: String, day: i64) -> BalanceTransaction {
    match rng.below(10) {
        0..=5 => {
            let p = 1 + rng.below(N as u64 + 1) as i64; // N+1: unknown
            let gross = if rng.below(8) == 0 { 1001 } else { 1000 };
            let fee = if rng.below(2) == 0 { 0 } else { 30 };
            txn(r, TxnKind::Charge, format!("pay_{p}"), gross, fee, day)
        }
        6..=7 => {
            let k = [2, 4, 6, 9][rng.below(4) as usize];
            txn(r, TxnKind::Refund, format!("re_{k}"), -200, 0, day)
        }
        _ => {
            let p = 1 + rng.below(N as u64) as i64;
            txn(r, TxnKind::Fee, format!("pay_{p}"), 0, 30, day)
        }
    }
}

fn pull(conn: &Connection, g: &Gen) {
    let sum: i64 = g.txns.iter().map(|t| t.net.minor).sum();
    let p = RemotePayout {
        provider_ref: g.provider_ref.clone(),
        amount: sgd(sum + g.amount_off),
        state: PayoutState::Paid,
        created_at: ts(g.day),
        arrival_date: ts(g.day + 2),
    };
    rows::record_pulled(conn, &p, &g.txns, ts(g.day)).unwrap();
}

/// What checking everything afresh by the rules gives.
fn fresh(conn: &Connection) -> Report {
    let mut stmt = conn
        .prepare("SELECT id, provider_ref, amount, currency FROM payouts ORDER BY created_at, id")
        .unwrap();
    let ps: Vec<(i64, String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let payouts = ps
        .into_iter()
        .map(|(id, pr, a, c)| PayoutInput {
            label: label(id),
            provider_ref: pr,
            amount: Some(Money::new(a, Currency::from_code(&c).unwrap())),
            transactions: rows::transactions_to_check(conn, id).unwrap().1,
        })
        .collect();
    let money = |sql: &str| -> Vec<ShopMoney> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| {
            let at: String = r.get(3)?;
            let c: String = r.get(2)?;
            Ok(ShopMoney {
                provider_ref: r.get(0)?,
                amount: Money::new(r.get(1)?, Currency::from_code(&c).unwrap()),
                at: clock::parse(&at).unwrap(),
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let input = Input {
        payouts,
        payments: money(
            "SELECT provider_ref, amount, currency, created_at FROM payments WHERE status = 'captured' ORDER BY created_at, id",
        ),
        refunds: money(
            "SELECT provider_ref, amount, currency, created_at FROM refunds WHERE status = 'succeeded' AND provider_ref IS NOT NULL ORDER BY created_at, id",
        ),
        unpaid_before: Some(now().checked_sub(input::schedule(conn).unwrap()).unwrap()),
        unpaid_since: None,
    };
    reconcile::reconcile(&input).unwrap()
}

/// kept::reconcile in a savepoint rolled back (the state is left as it was).
fn kept_dry(conn: &Connection, scope: &Scope) -> Report {
    conn.execute_batch("SAVEPOINT dry").unwrap();
    let r = reconcile(conn, scope, now()).unwrap();
    conn.execute_batch("ROLLBACK TO dry; RELEASE dry").unwrap();
    r
}

fn kept_run(conn: &Connection, scope: &Scope) -> Report {
    conn.execute_batch("SAVEPOINT run").unwrap();
    let r = reconcile(conn, scope, now()).unwrap();
    conn.execute_batch("RELEASE run").unwrap();
    r
}

fn same(a: &Report, b: &Report) -> Result<(), String> {
    let s = |r: &Report| {
        (
            r.payouts_checked,
            r.matched,
            r.transactions_checked,
            format!("{:?}", r.totals),
        )
    };
    if s(a) != s(b) {
        return Err(format!("counts {:?} vs {:?}", s(a), s(b)));
    }
    if a.discrepancies != b.discrepancies {
        let k = |r: &Report| {
            r.discrepancies
                .iter()
                .map(|d| format!("{} {} {:?} [{}]", d.kind, d.reference, d.payout, d.detail))
                .collect::<Vec<_>>()
        };
        return Err(format!("kept {:#?}\nfresh {:#?}", k(a), k(b)));
    }
    Ok(())
}

fn dump(conn: &Connection) -> String {
    let mut out = String::new();
    let mut stmt = conn
        .prepare("SELECT p.id, p.created_at, p.amount, (SELECT count(*) FROM payout_checks c WHERE c.payout_id = p.id) FROM payouts p ORDER BY created_at, id")
        .unwrap();
    for r in stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .unwrap()
    {
        let (id, at, amount, kept) = r.unwrap();
        out.push_str(&format!("P{id} {at} amount {amount} kept {kept}\n"));
        for t in rows::transactions_to_check(conn, id).unwrap().1 {
            out.push_str(&format!(
                "   {} {} {} g{} f{} n{}\n",
                t.provider_ref,
                t.kind,
                t.source_refs.join(","),
                t.gross.minor,
                t.fee.minor,
                t.net.minor
            ));
        }
    }
    let mut stmt = conn
        .prepare("SELECT provider_ref, status, amount, created_at, (SELECT provider_ref FROM balance_transactions b WHERE b.id = paid_out_txn) FROM payments UNION ALL SELECT provider_ref, status, amount, created_at, (SELECT provider_ref FROM balance_transactions b WHERE b.id = paid_out_txn) FROM refunds")
        .unwrap();
    for r in stmt
        .query_map([], |r| {
            Ok(format!(
                "{:?} {:?} {:?} {:?} mark {:?}",
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?
            ))
        })
        .unwrap()
    {
        out.push_str(&r.unwrap());
        out.push('\n');
    }
    out
}

/// A random history of pulls, money changes and runs of any scope; after each step, a kept
/// run of everything (rolled back) must say what a fresh check says.
#[test]
fn a_run_of_everything_says_what_a_fresh_check_says_whatever_came_before() {
    let mut failures = Vec::new();
    for seed in 1..=400u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);
        let conn = crate::store::testing::migrated();
        setup(&conn, &mut rng);
        let m = 2 + rng.below(6) as usize;
        let mut gens: Vec<Gen> = (0..m)
            .map(|k| {
                let day = 1 + rng.below(12) as i64 * 3;
                let n = rng.below(5) as usize;
                let txns = (0..n)
                    .map(|j| random_txn(&mut rng, format!("t{k}_{j}"), day))
                    .collect();
                Gen {
                    provider_ref: format!("po_{k}"),
                    day,
                    txns,
                    amount_off: if rng.below(10) == 0 { 1 } else { 0 },
                }
            })
            .collect();
        let mut pulled: Vec<usize> = Vec::new();
        let mut log = Vec::new();
        for step in 0..40 {
            let op = rng.below(10);
            match op {
                0 | 1 => {
                    let left: Vec<usize> = (0..m).filter(|k| !pulled.contains(k)).collect();
                    if let Some(&k) = left.get(rng.below(left.len().max(1) as u64) as usize) {
                        pull(&conn, &gens[k]);
                        pulled.push(k);
                        log.push(format!("pull po_{k}"));
                    }
                }
                2 if !pulled.is_empty() => {
                    let k = pulled[rng.below(pulled.len() as u64) as usize];
                    let j = gens[k].txns.len();
                    let day = gens[k].day - rng.below(3) as i64;
                    let t = random_txn(&mut rng, format!("t{k}_{j}_{step}"), day);
                    log.push(format!(
                        "po_{k} gains {} {} {}",
                        t.provider_ref, t.kind, t.source_ref
                    ));
                    gens[k].txns.push(t);
                    pull(&conn, &gens[k]);
                }
                3 if !pulled.is_empty() => {
                    let k = pulled[rng.below(pulled.len() as u64) as usize];
                    gens[k].amount_off = 1 - gens[k].amount_off;
                    pull(&conn, &gens[k]);
                    log.push(format!("po_{k} amount off {}", gens[k].amount_off));
                }
                4 => {
                    let i = 1 + rng.below(N as u64) as i64;
                    let sql = match rng.below(4) {
                        0 => "UPDATE payments SET amount = 2001 - amount WHERE id = ?1",
                        1 => {
                            "UPDATE payments SET status = CASE status WHEN 'captured' THEN 'failed' ELSE 'captured' END WHERE id = ?1"
                        }
                        2 => {
                            "UPDATE refunds SET status = CASE status WHEN 'succeeded' THEN 'failed' ELSE 'succeeded' END WHERE order_id = ?1"
                        }
                        _ => "UPDATE refunds SET amount = 401 - amount WHERE order_id = ?1",
                    };
                    conn.execute(sql, [i]).unwrap();
                    log.push(format!("money {i}: {sql}"));
                }
                5..=7 => {
                    let scope = match rng.below(3) {
                        0 => Scope::All,
                        1 => Scope::Since(ts(1 + rng.below(35) as i64)),
                        _ => {
                            let ids: Vec<i64> = conn
                                .prepare("SELECT id FROM payouts")
                                .unwrap()
                                .query_map([], |r| r.get(0))
                                .unwrap()
                                .map(|r| r.unwrap())
                                .collect();
                            if ids.is_empty() {
                                continue;
                            }
                            Scope::Payout(ids[rng.below(ids.len() as u64) as usize])
                        }
                    };
                    log.push(format!("run {scope:?}"));
                    kept_run(&conn, &scope);
                }
                _ => {}
            }
            let k = kept_dry(&conn, &Scope::All);
            let f = fresh(&conn);
            if let Err(e) = same(&k, &f) {
                failures.push(format!(
                    "seed {seed} step {step}\n{}\n{}\n{e}",
                    log.join("\n"),
                    dump(&conn)
                ));
                break;
            }
        }
    }
    if !failures.is_empty() {
        panic!("{} failures; first:\n{}", failures.len(), failures[0]);
    }
}
