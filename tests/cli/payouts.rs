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
    let totals = &doc["totals"];
    assert!(totals.is_array() || totals.is_object(), "{doc}");

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
