//! Payouts and reconciliation (issue 6).

use crate::support::{TestShop, fixture};

#[test]
fn an_empty_shop_reconciles_cleanly_and_status_remembers_the_run() {
    let shop = TestShop::new();
    assert_eq!(shop.json(&["payouts", "list"]), serde_json::json!([]));
    let csv = shop.run(&["--format", "csv", "payouts", "list"]).ok();
    assert_eq!(
        csv.stdout,
        "id,amount,currency,status,arrival_date,created_at,transaction_count,provider_ref\n"
    );
    let doc = shop.json(&["payouts", "reconcile"]);
    assert_eq!(doc["result"], "ok");
    assert_eq!(doc["payouts_checked"], 0);
    assert_eq!(doc["discrepancies"], serde_json::json!([]));
    let quiet = shop.run(&["--quiet", "payouts", "reconcile"]).ok();
    assert_eq!(
        quiet.stdout, "",
        "--quiet prints nothing when everything matches"
    );
    let status = shop.json(&["status"]);
    assert_eq!(status["last_reconcile"]["result"], "ok");
    assert_eq!(status["last_reconcile"]["scope"], "all");
}

#[test]
fn bad_reports_are_refused_with_line_and_column_and_nothing_is_stored() {
    let shop = TestShop::new();
    let snap = shop.snapshot();
    let bad = fixture("payouts/bad_amount.csv");
    let run = shop
        .run(&["payouts", "reconcile", "--report", bad.to_str().unwrap()])
        .code(1)
        .stderr_has("the report has 2 invalid row(s); nothing was reconciled")
        .stderr_has("bad_amount.csv:3: gross \"12.345\": SGD has 2 decimal places")
        .stderr_has("bad_amount.csv:4: net \"9.00\" is not gross 10.00 minus fee 0.50");
    assert!(run.stdout.is_empty());
    shop.run(&[
        "payouts",
        "reconcile",
        "--report",
        fixture("payouts/not_a_report.csv").to_str().unwrap(),
    ])
    .code(1)
    .stderr_has("not a Stripe itemized payout reconciliation report: missing columns automatic_payout_id, balance_transaction_id, gross, fee, net, reporting_category");
    shop.run(&["payouts", "reconcile", "--report", "nope.csv"])
        .code(1)
        .stderr_has("does not exist");
    shop.run(&["payouts", "show", "P9"])
        .code(1)
        .stderr_has("no payout P9");
    shop.run(&["payouts", "show", "x"])
        .code(1)
        .stderr_has("is not a payout id");
    // Wrong values on the command line are usage errors (exit 2), issue 17.
    shop.run(&["payouts", "list", "--status", "lost"])
        .code(2)
        .stderr_has("invalid value 'lost' for '--status <STATUS>'");
    shop.run(&["payouts", "reconcile", "--since", "last week"])
        .code(2)
        .stderr_has("\"last week\" is not a date; use 2026-11-01, today, yesterday, 7d");
    shop.run(&[
        "payouts",
        "reconcile",
        "--since",
        "2026-01-01",
        "--payout",
        "P1",
    ])
    .code(2);
    assert_eq!(shop.snapshot(), snap);
}

/// The shop side of the hand-made reports: two captured payments and a partial refund, as a
/// sync from Stripe would have recorded them.
fn shop_matching_the_reports() -> TestShop {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "INSERT INTO orders (id, provider_ref, source, status, payment_status, currency, total, created_at, updated_at)
           VALUES (1001, 'pi_1Q3a', 'provider', 'processing', 'partially_refunded', 'SGD', 2500, '2026-11-17T10:00:00Z', '2026-11-17T10:00:00Z'),
                  (1002, 'pi_1Q3b', 'provider', 'processing', 'captured', 'SGD', 1250, '2026-11-17T11:00:00Z', '2026-11-17T11:00:00Z');
         INSERT INTO payments (id, order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
           VALUES (1, 1001, 'pi_1Q3a', 'card', 2500, 'SGD', 'captured', '2026-11-17T10:00:00Z', '2026-11-17T10:00:00Z'),
                  (2, 1002, 'pi_1Q3b', 'paynow', 1250, 'SGD', 'captured', '2026-11-17T11:00:00Z', '2026-11-17T11:00:00Z');
         INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status, created_at, updated_at)
           VALUES (1001, 1, 're_1Q3a', 'k1', 500, 'SGD', 'succeeded', '2026-11-17T15:00:00Z', '2026-11-17T15:00:00Z');",
    )
    .unwrap();
    shop
}

#[test]
fn a_stripe_report_that_matches_the_shop_reconciles_and_its_faults_are_each_found() {
    let shop = shop_matching_the_reports();
    let clean = fixture("payouts/itemized_clean.csv");
    let doc = shop.json(&["payouts", "reconcile", "--report", clean.to_str().unwrap()]);
    assert_eq!(doc["result"], "ok", "{doc}");
    assert_eq!(doc["payouts_checked"], 1);
    assert_eq!(doc["matched"], 1);

    let faults = fixture("payouts/itemized_faults.csv");
    let run = shop
        .run(&[
            "--format",
            "json",
            "payouts",
            "reconcile",
            "--report",
            faults.to_str().unwrap(),
        ])
        .code(3);
    let doc = run.json();
    let mut found: Vec<(String, String)> = doc["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["reference"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    let kinds: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "amount_mismatch",
            "duplicate",
            "missing_in_shop",
            "missing_in_shop"
        ],
        "{doc}"
    );
    let mismatch = doc["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "amount_mismatch")
        .unwrap();
    assert_eq!(mismatch["expected"], "12.50");
    assert_eq!(mismatch["actual"], "12.00");
    assert_eq!(mismatch["payout"], "po_1Q4faults");
    assert_eq!(
        shop.json(&["status"])["last_reconcile"]["result"],
        "discrepancies"
    );
}

#[test]
fn planted_faults_from_the_sandbox_are_all_found_and_rerunning_changes_only_the_run_record() {
    let shop = TestShop::new();
    shop.stock(
        "sku,title,status,price,currency,stock\nKAYA-JAR,Kaya jam,active,7.50,SGD,500\nKOPI-MUG,Kopi mug,active,14.90,SGD,500\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "60",
        "--days",
        "5",
        "--discrepancies",
        "3",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    let payouts = shop.json(&["payouts", "list"]);
    assert!(payouts.as_array().unwrap().len() >= 3, "{payouts}");
    // A table shows a page and says how many more (issue 18); scripts get what they ask.
    let n = payouts.as_array().unwrap().len();
    let page = shop.run(&["payouts", "list", "--limit", "1"]).ok();
    assert!(
        page.stderr
            .contains(&format!("… {} more: --limit N or --all", n - 1)),
        "{}",
        page.stderr
    );
    let two = shop.json(&["payouts", "list", "--limit", "2"]);
    assert_eq!(
        two.as_array().unwrap()[..],
        payouts.as_array().unwrap()[..2]
    );

    let run = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3);
    let doc = run.json();
    let mut kinds: Vec<&str> = doc["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        ["duplicate", "missing_in_shop", "payout_sum_mismatch"],
        "{doc}"
    );
    assert_eq!(doc["result"], "discrepancies");
    assert_eq!(
        doc["matched"].as_u64().unwrap() + 3,
        doc["payouts_checked"].as_u64().unwrap()
    );
    // The totals, added up a second way: from every payout's transactions as `payouts show`
    // lists them.
    let mut sums = [0i64; 5];
    for p in payouts.as_array().unwrap() {
        let shown = shop.json(&["payouts", "show", p["id"].as_str().unwrap()]);
        for t in shown["transactions"].as_array().unwrap() {
            let (gross, fee, net) = (cents(&t["gross"]), cents(&t["fee"]), cents(&t["net"]));
            match t["kind"].as_str().unwrap() {
                "charge" => sums[0] += gross,
                "refund" => sums[2] -= gross,
                "adjustment" => sums[3] += net,
                _ => {}
            }
            sums[1] += fee;
            sums[4] += net;
        }
    }
    let major = |c: i64| {
        format!(
            "{}{}.{:02}",
            if c < 0 { "-" } else { "" },
            c.abs() / 100,
            c.abs() % 100
        )
    };
    assert_eq!(
        sgd_totals(&doc),
        totals(
            &major(sums[0]),
            &major(sums[1]),
            &major(sums[2]),
            &major(sums[3]),
            &major(sums[4])
        )
    );
    assert_eq!(sums[3], -150, "one planted adjustment of -1.50");

    // A second run finds the same and changes nothing but its own record.
    let before = shop.snapshot();
    let again = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3)
        .json();
    assert_eq!(again["discrepancies"], doc["discrepancies"]);
    // Take away the new run record (its row and its id counter): nothing else changed.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "DELETE FROM reconcile_runs WHERE id = (SELECT max(id) FROM reconcile_runs);
         UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'reconcile_runs';",
    )
    .unwrap();
    drop(conn);
    assert!(
        shop.snapshot() == before,
        "re-running reconcile changed more than its record"
    );

    // One payout at a time: the scope names it.
    let first = payouts[payouts.as_array().unwrap().len() - 1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let one = shop.run(&[
        "--format",
        "json",
        "payouts",
        "reconcile",
        "--payout",
        &first,
    ]);
    assert!(one.code == 0 || one.code == 3, "{}", one.stderr);
    assert_eq!(one.json()["payouts_checked"], 1);
    let shown = shop.json(&["payouts", "show", &first]);
    assert!(shown.to_string().contains("charge"), "{shown}");
}

/// `(kind, reference)` of each discrepancy in a reconcile document, sorted.
fn kinds_and_refs(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = doc["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["reference"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The one totals row of a reconcile document, as (key, value) strings for SGD.
fn sgd_totals(doc: &serde_json::Value) -> Vec<(&'static str, String)> {
    let rows = doc["totals"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{doc}");
    assert_eq!(rows[0]["currency"], "SGD");
    ["gross", "fees", "refunded", "adjustments", "net"]
        .into_iter()
        .map(|k| (k, rows[0][k].as_str().unwrap().to_string()))
        .collect()
}

fn totals(
    gross: &str,
    fees: &str,
    refunds: &str,
    adjustments: &str,
    net: &str,
) -> Vec<(&'static str, String)> {
    ["gross", "fees", "refunded", "adjustments", "net"]
        .into_iter()
        .zip([gross, fees, refunds, adjustments, net].map(String::from))
        .collect()
}

#[test]
fn report_totals_are_the_sums_of_the_reports_rows() {
    let shop = shop_matching_the_reports();
    // By hand from itemized_clean.csv: gross 25.00 + 12.50; fees 1.35 + 0.16; a 5.00 refund;
    // nets 23.65 + 12.34 - 5.00.
    let clean = fixture("payouts/itemized_clean.csv");
    let doc = shop.json(&["payouts", "reconcile", "--report", clean.to_str().unwrap()]);
    assert_eq!(
        sgd_totals(&doc),
        totals("37.50", "1.51", "5.00", "0.00", "30.99")
    );

    // itemized_faults.csv: gross 25.00 + 12.00 + 40.00 (charges only); fees 1.35 + 0.16 +
    // 1.35 + 1.86; the 5.00 refund; the -1.50 adjustment; nets 23.65 + 11.84 - 5.00 - 1.35
    // - 1.50 + 38.14.
    let faults = fixture("payouts/itemized_faults.csv");
    let doc = shop
        .run(&[
            "--format",
            "json",
            "payouts",
            "reconcile",
            "--report",
            faults.to_str().unwrap(),
        ])
        .code(3)
        .json();
    assert_eq!(
        sgd_totals(&doc),
        totals("77.00", "4.72", "5.00", "-1.50", "65.78")
    );
}

#[test]
fn a_refund_taken_twice_or_for_another_amount_is_found_in_a_report() {
    let shop = shop_matching_the_reports();
    // A second refund, of 2.50 on the PayNow payment, that the report says was 3.00.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status, created_at, updated_at)
           VALUES (1002, 2, 're_1Q3b', 'k2', 250, 'SGD', 'succeeded', '2026-11-17T16:00:00Z', '2026-11-17T16:00:00Z');",
    )
    .unwrap();
    drop(conn);
    let report = fixture("payouts/itemized_refund_faults.csv");
    let doc = shop
        .run(&[
            "--format",
            "json",
            "payouts",
            "reconcile",
            "--report",
            report.to_str().unwrap(),
        ])
        .code(3)
        .json();
    assert_eq!(
        kinds_and_refs(&doc),
        [
            ("amount_mismatch".to_string(), "re_1Q3b".to_string()),
            ("duplicate".into(), "txn_1Q5d".into()),
        ],
        "{doc}"
    );
    let d = doc["discrepancies"].as_array().unwrap();
    let mismatch = d.iter().find(|d| d["kind"] == "amount_mismatch").unwrap();
    assert_eq!(
        (&mismatch["expected"], &mismatch["actual"]),
        (&"2.50".into(), &"3.00".into())
    );
    let twice = d.iter().find(|d| d["kind"] == "duplicate").unwrap();
    assert_eq!(
        (&twice["expected"], &twice["actual"]),
        (&"5.00".into(), &"5.00".into())
    );
    assert_eq!(
        twice["detail"],
        "refund re_1Q3a was taken from a payout again (first in transaction txn_1Q5c)"
    );
    // Refunds: 5.00 + 5.00 + 3.00 by hand; nets 23.65 + 12.34 - 13.00.
    assert_eq!(
        sgd_totals(&doc),
        totals("37.50", "1.51", "13.00", "0.00", "22.99")
    );
}

/// The sandbox file's balance transaction `reference`: (gross, fee, net) in minor units.
fn sandbox_txn(shop: &TestShop, reference: &str) -> (i64, i64, i64) {
    let conn = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    conn.query_row(
        "SELECT gross, fee, net FROM balance_txns WHERE provider_ref = ?1",
        [reference],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

fn cents(text: &serde_json::Value) -> i64 {
    text.as_str().unwrap().replace('.', "").parse().unwrap()
}

#[test]
fn a_provider_record_whose_gross_less_fee_is_not_its_net_is_a_discrepancy() {
    let shop = TestShop::new();
    shop.stock(
        "sku,title,status,price,currency,stock\nKAYA-JAR,Kaya jam,active,7.50,SGD,500\n",
        &["card"],
    );
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "6",
        "--days",
        "3",
        "--failure-rate",
        "0",
    ])
    .ok();
    // The provider's record of the first charge: its fee raised by a cent, its net (and so
    // the payout) left alone.
    let conn = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    let reference: String = conn
        .query_row(
            "UPDATE balance_txns SET fee = fee + 1
             WHERE id = (SELECT min(id) FROM balance_txns WHERE kind = 'charge')
             RETURNING provider_ref",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let (gross, fee, net) = sandbox_txn(&shop, &reference);
    assert_eq!(gross - fee, net - 1);
    shop.run(&["sync"]).ok();

    let doc = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3)
        .json();
    assert_eq!(
        kinds_and_refs(&doc),
        [("inconsistent_transaction".to_string(), reference.clone())],
        "{doc}"
    );
    let d = &doc["discrepancies"][0];
    assert_eq!(cents(&d["expected"]), gross - fee);
    assert_eq!(cents(&d["actual"]), net);
    assert_eq!(d["currency"], "SGD");
    assert!(
        d["detail"].as_str().unwrap().contains("does not add up"),
        "{d}"
    );
    assert_eq!(
        doc["matched"].as_u64().unwrap() + 1,
        doc["payouts_checked"].as_u64().unwrap()
    );
}

#[test]
fn every_kind_of_planted_fault_is_found_once_through_the_binary() {
    let mut shop = TestShop::new();
    shop.env = vec![("SHOPCTL_NOW".into(), "2026-11-16T09:00:00Z".into())];
    shop.stock(
        "sku,title,status,price,currency,stock\nKAYA-JAR,Kaya jam,active,7.50,SGD,500\nKOPI-MUG,Kopi mug,active,14.90,SGD,500\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        "30",
        "--days",
        "3",
        "--failure-rate",
        "0",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    // Three refunds on the 16th, which the next run's payout of the 16th takes.
    let orders = shop.json(&["orders", "list"]);
    for (o, amount) in orders
        .as_array()
        .unwrap()
        .iter()
        .zip(["1.00", "2.00", "3.00"])
    {
        shop.run(&[
            "refunds",
            "create",
            o["id"].as_str().unwrap(),
            "--amount",
            amount,
        ])
        .ok();
    }

    shop.env = vec![("SHOPCTL_NOW".into(), "2026-11-20T09:00:00Z".into())];
    let sim = shop.json(&[
        "sandbox",
        "simulate",
        "--orders",
        "40",
        "--days",
        "3",
        "--discrepancies",
        "8",
    ]);
    shop.run(&["sync"]).ok();
    let mut planted: Vec<(String, String)> = sim["planted_faults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["reference"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    planted.sort();
    let kinds: Vec<&str> = planted.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "amount_mismatch",
            "duplicate",
            "duplicate",
            "inconsistent_transaction",
            "missing_at_provider",
            "missing_in_shop",
            "payout_sum_mismatch",
            "unpaid"
        ],
        "{sim}"
    );

    let doc = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3)
        .json();
    assert_eq!(kinds_and_refs(&doc), planted, "{doc}");
    // The refund taken for another amount: 0.30 more than one of the three.
    let d = doc["discrepancies"].as_array().unwrap();
    let other = d.iter().find(|d| d["kind"] == "amount_mismatch").unwrap();
    assert!(
        ["1.00", "2.00", "3.00"].contains(&other["expected"].as_str().unwrap()),
        "{other}"
    );
    assert_eq!(cents(&other["actual"]) - cents(&other["expected"]), 30);
}

/// `payouts reconcile --since D` (issue 18 reads its shop side in two parts that cannot
/// overlap): a payout of the window is matched against payments and refunds made before the
/// window as well as in it, money of the window in no payout is unpaid, and money older than
/// the window is not the window's business.
#[test]
fn a_window_checks_its_payouts_against_money_made_before_it_too() {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let mut sql = String::new();
    // (order id, payment, amount, captured at)
    for (id, pay, amount, at) in [
        (1001, "pi_old", 1000, "2026-11-05T10:00:00Z"),
        (1002, "pi_new", 500, "2026-11-11T10:00:00Z"),
        (1003, "pi_unpaid", 700, "2026-11-14T10:00:00Z"),
        (1004, "pi_early", 300, "2026-11-03T10:00:00Z"),
        (1005, "pi_p1", 200, "2026-11-01T10:00:00Z"),
    ] {
        sql.push_str(&format!(
            "INSERT INTO orders (id, provider_ref, source, status, payment_status, currency, total, created_at, updated_at)
               VALUES ({id}, '{pay}', 'provider', 'processing', 'captured', 'SGD', {amount}, '{at}', '{at}');
             INSERT INTO payments (id, order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
               VALUES ({id}, {id}, '{pay}', 'card', {amount}, 'SGD', 'captured', '{at}', '{at}');"
        ));
    }
    sql.push_str(
        "INSERT INTO refunds (order_id, payment_id, provider_ref, idempotency_key, amount, currency, status, created_at, updated_at)
           VALUES (1001, 1001, 're_old', 'k1', 100, 'SGD', 'succeeded', '2026-11-06T10:00:00Z', '2026-11-06T10:00:00Z');
         INSERT INTO payouts (id, provider_ref, amount, currency, status, created_at, arrival_date, updated_at)
           VALUES (1, 'po_1', 194, 'SGD', 'paid', '2026-11-02T00:00:00Z', '2026-11-04', '2026-11-04T00:00:00Z'),
                  (2, 'po_2', 1255, 'SGD', 'paid', '2026-11-12T00:00:00Z', '2026-11-14', '2026-11-14T00:00:00Z');
         INSERT INTO balance_transactions (provider_ref, payout_id, kind, source_ref, gross, fee, net, currency, created_at)
           VALUES ('txn_p1', 1, 'charge', 'pi_p1', 200, 6, 194, 'SGD', '2026-11-01T10:00:00Z'),
                  ('txn_old', 2, 'charge', 'pi_old', 900, 30, 870, 'SGD', '2026-11-05T10:00:00Z'),
                  ('txn_new', 2, 'charge', 'pi_new', 500, 15, 485, 'SGD', '2026-11-11T10:00:00Z'),
                  ('txn_re', 2, 'refund', 're_old', -100, 0, -100, 'SGD', '2026-11-06T10:00:00Z');",
    );
    conn.execute_batch(&sql).unwrap();

    let run = shop
        .run(&[
            "--format",
            "json",
            "payouts",
            "reconcile",
            "--since",
            "2026-11-10",
        ])
        .code(3);
    let doc = run.json();
    assert_eq!(doc["payouts_checked"], 1, "{doc}");
    assert_eq!(doc["transactions_checked"], 3, "{doc}");
    assert_eq!(
        kinds_and_refs(&doc),
        [
            ("amount_mismatch".to_string(), "pi_old".to_string()),
            ("unpaid".into(), "pi_unpaid".into())
        ],
        "the refund made before the window matched; pi_early is older than the window"
    );
    let whole = shop
        .run(&["--format", "json", "payouts", "reconcile"])
        .code(3)
        .json();
    assert_eq!(whole["payouts_checked"], 2, "{whole}");
    assert_eq!(
        kinds_and_refs(&whole),
        [
            ("amount_mismatch".to_string(), "pi_old".to_string()),
            ("unpaid".into(), "pi_early".into()),
            ("unpaid".into(), "pi_unpaid".into()),
        ]
    );
}

/// Reconciliation keeps each matched payout's verdict (issue 18); the verdict goes when the
/// money it matched changes, and the next run finds what changed.
#[test]
fn a_payout_checked_once_is_checked_again_when_its_money_changes() {
    let shop = TestShop::new();
    shop.stock(
        "sku,title,status,price,currency,stock\nKAYA-JAR,Kaya jam,active,7.50,SGD,500\n",
        &["card", "paynow"],
    );
    shop.run(&["sync"]).ok();
    shop.run(&["sandbox", "simulate", "--orders", "12", "--days", "3"])
        .ok();
    shop.run(&["sync"]).ok();
    let first = shop.json(&["payouts", "reconcile"]);
    assert_eq!(first["result"], "ok", "{first}");
    let payouts = first["payouts_checked"].as_u64().unwrap();
    assert!(payouts >= 2, "{first}");
    let sql = |q: &str| -> i64 {
        let conn = rusqlite::Connection::open(&shop.db).unwrap();
        conn.query_row(q, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(sql("SELECT count(*) FROM payout_checks"), payouts as i64);

    // Kept: the same report, counts and totals, from the verdicts.
    let again = shop.json(&["payouts", "reconcile"]);
    for key in [
        "payouts_checked",
        "matched",
        "transactions_checked",
        "totals",
    ] {
        assert_eq!(again[key], first[key], "{key}");
    }

    // A paid-out payment's amount changes in the shop: its payout is checked again.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let reference: String = conn
        .query_row(
            "SELECT provider_ref FROM payments WHERE paid_out_txn IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE payments SET amount = amount + 1 WHERE provider_ref = ?1",
        [&reference],
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        sql("SELECT count(*) FROM payout_checks"),
        payouts as i64 - 1
    );
    let found = shop
        .run(&["--format", "json", "payouts", "reconcile", "--since", "30d"])
        .code(3)
        .json();
    assert_eq!(
        kinds_and_refs(&found),
        [("amount_mismatch".to_string(), reference.clone())],
        "{found}"
    );
    // Put back, it matches again, and is kept again.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute(
        "UPDATE payments SET amount = amount - 1 WHERE provider_ref = ?1",
        [&reference],
    )
    .unwrap();
    drop(conn);
    assert_eq!(shop.json(&["payouts", "reconcile"])["result"], "ok");
    assert_eq!(sql("SELECT count(*) FROM payout_checks"), payouts as i64);
}
