//! Payouts and reconciliation (issue 6).

use crate::support::{TestShop, fixture};

#[test]
fn an_empty_shop_reconciles_cleanly_and_status_remembers_the_run() {
    let shop = TestShop::new();
    assert_eq!(shop.json(&["payouts", "list"]), serde_json::json!([]));
    let csv = shop.run(&["--format", "csv", "payouts", "list"]).ok();
    assert_eq!(
        csv.stdout,
        "id,provider_ref,amount,currency,status,created_at,arrival_date,transactions\n"
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
    shop.run(&["payouts", "list", "--status", "lost"])
        .code(1)
        .stderr_has("unknown payout status \"lost\"");
    shop.run(&["payouts", "reconcile", "--since", "yesterday"])
        .code(1)
        .stderr_has("is not a date");
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
