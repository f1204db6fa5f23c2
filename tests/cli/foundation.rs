//! The foundation (issue 2): init, the shop file's guards, status, db, exit codes, demo.

use std::os::unix::fs::PermissionsExt;

use crate::support::{BEFORE_0009, TestShop, run_command};

#[test]
fn init_creates_a_private_shop_and_status_reports_it() {
    let shop = TestShop::empty();
    let out = shop.json(&["init", "--name", "Kopi Corner", "--country", "sg"]);
    assert_eq!(out["name"], "Kopi Corner");
    assert_eq!(out["country"], "SG");
    assert_eq!(out["currency"], "SGD", "currency defaults to the country's");
    assert_eq!(out["provider"], "sandbox");
    let mode = std::fs::metadata(&shop.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let status = shop.json(&["status"]);
    assert_eq!(status["name"], "Kopi Corner");
    assert_eq!(status["currency"], "SGD");
    assert_eq!(status["products"]["active"], 0);
    assert_eq!(status["order_count"], 0);
    assert_eq!(status["sync"]["pending"], 0);
    assert!(status["last_reconcile"].is_null());
}

#[test]
fn init_takes_country_currency_and_provider() {
    let shop = TestShop::empty();
    let out = shop.json(&[
        "init",
        "--country",
        "BR",
        "--currency",
        "brl",
        "--provider",
        "stripe",
    ]);
    assert_eq!(out["country"], "BR");
    assert_eq!(out["currency"], "BRL");
    assert_eq!(out["provider"], "stripe");
    let in_shop = TestShop::empty();
    assert_eq!(
        in_shop.json(&["init", "--country", "IN"])["currency"],
        "INR"
    );
}

#[test]
fn init_rejects_unknown_codes_and_leaves_no_file() {
    let shop = TestShop::empty();
    shop.run(&["init", "--currency", "XYZ"])
        .code(1)
        .stderr_has("unknown currency code \"XYZ\"");
    shop.run(&["init", "--country", "ZZ"])
        .code(1)
        .stderr_has("unknown country code \"ZZ\"")
        .stderr_has("ISO 3166-1 alpha-2");
    shop.run(&["init", "--currency", "XAU"])
        .code(1)
        .stderr_has("no minor unit");
    assert!(!shop.db.exists());
}

#[test]
fn init_never_overwrites_a_shop() {
    let shop = TestShop::new();
    let before = std::fs::read(&shop.db).unwrap();
    let snap = shop.snapshot();
    shop.run(&["init", "--name", "Other"])
        .code(1)
        .stderr_has("already exists")
        .stderr_has("never overwrites");
    assert_eq!(std::fs::read(&shop.db).unwrap(), before);
    assert_eq!(shop.snapshot(), snap);
}

#[test]
fn db_path_in_a_missing_or_unwritable_folder_is_a_clear_error() {
    let shop = TestShop::empty();
    let missing = shop.path("no/such/folder/shop.db");
    shop.run(&["--db", missing.to_str().unwrap(), "init"])
        .code(1)
        .stderr_has("does not exist");
    assert!(!shop.path("no").exists());

    // Root can write anywhere it has a mode bit for, so use a read-only file system then.
    let locked = shop.path("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    let target = if std::fs::write(locked.join("probe"), b"x").is_ok() {
        std::path::PathBuf::from("/sys/shop.db")
    } else {
        locked.join("shop.db")
    };
    shop.run(&["--db", target.to_str().unwrap(), "init"])
        .code(1)
        .stderr_has("cannot create");
    assert!(!target.exists());
}

#[test]
fn default_shop_lives_in_the_data_directory() {
    let shop = TestShop::empty();
    let mut cmd = shop.command();
    cmd.env_remove("SHOPCTL_DB")
        .env_remove("XDG_DATA_HOME")
        .args(["init"]);
    let run = run_command(&mut cmd).ok();
    let expected = shop.dir.path().join(".local/share/shopctl/shop.db");
    assert!(expected.exists(), "{}", run.stderr);
    // --db wins over SHOPCTL_DB.
    let other = shop.path("other.db");
    shop.run(&["--db", other.to_str().unwrap(), "init"]).ok();
    assert!(other.exists());
}

#[test]
fn a_file_that_is_not_a_shop_is_refused_and_untouched() {
    let shop = TestShop::empty();
    std::fs::write(&shop.db, b"sku,title\nA,Hat\n").unwrap();
    shop.run(&["status"])
        .code(1)
        .stderr_has("is not a shopctl shop file: it is not an SQLite database");
    assert_eq!(std::fs::read(&shop.db).unwrap(), b"sku,title\nA,Hat\n");

    std::fs::remove_file(&shop.db).unwrap();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&shop.db).unwrap();
    shop.run(&["status"])
        .code(1)
        .stderr_has("an SQLite database, but not one made by shopctl init");
    assert_eq!(std::fs::read(&shop.db).unwrap(), before);

    let missing = TestShop::empty();
    missing
        .run(&["status"])
        .code(1)
        .stderr_has("no shop at")
        .stderr_has("shopctl init");
}

#[test]
fn a_shop_from_a_newer_shopctl_is_refused_and_not_written() {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let snap = shop.snapshot();
    let before = std::fs::read(&shop.db).unwrap();
    for args in [&["status"][..], &["db", "migrate"], &["db", "check"]] {
        shop.run(args)
            .code(1)
            .stderr_has("written by a newer shopctl (schema version 999")
            .stderr_has("upgrade shopctl");
    }
    assert_eq!(std::fs::read(&shop.db).unwrap(), before);
    assert_eq!(shop.snapshot(), snap);
}

#[test]
fn an_older_shop_is_migrated_on_open() {
    let shop = TestShop::new();
    // Roll the file back to schema 3 as an older shopctl would have left it (the tables of
    // 0004, 0006 and 0007 gone; 0005 and 0006 rebuild the outbox, which replays on any outbox).
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(BEFORE_0009).unwrap();
    conn.execute_batch(
        "DROP TABLE reconcile_runs; DROP TABLE balance_transactions; DROP TABLE payouts;
         DROP TABLE inbox; DROP TABLE messages; DROP TABLE chat_items;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    let out = shop.json(&["db", "migrate"]);
    assert_eq!(out["from_version"], 3);
    assert_eq!(out["changed"], true);
    let again = shop.json(&["db", "migrate"]);
    assert_eq!(again["changed"], false);
    assert_eq!(shop.json(&["status"])["payout_count"], 0);
}

#[test]
fn a_busy_shop_file_exits_4_and_changes_nothing() {
    let mut shop = TestShop::new();
    shop.env
        .push(("SHOPCTL_BUSY_TIMEOUT_MS".into(), "200".into()));
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "DROP TABLE reconcile_runs; DROP TABLE balance_transactions; DROP TABLE payouts;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    let snap = shop.snapshot();
    // Another writer holds the file for longer than the busy timeout.
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings VALUES ('x', 'y');")
        .unwrap();
    shop.run(&["db", "migrate"])
        .code(4)
        .stderr_has("is busy")
        .stderr_has("try again");
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(shop.snapshot(), snap);
}

#[test]
fn db_check_and_backup() {
    let shop = TestShop::new();
    let check = shop.json(&["db", "check"]);
    assert_eq!(check["ok"], true);
    let backup = shop.path("backup.db");
    let out = shop.json(&["db", "backup", backup.to_str().unwrap()]);
    assert!(out["pages"].as_i64().unwrap() > 0);
    let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The copy is a shop of its own.
    let mut cmd = shop.command();
    cmd.args([
        "--db",
        backup.to_str().unwrap(),
        "--format",
        "json",
        "status",
    ]);
    let copy = run_command(&mut cmd).ok().json();
    assert_eq!(copy["name"], "Test Shop");
    // Never over an existing file.
    let before = std::fs::read(&backup).unwrap();
    shop.run(&["db", "backup", backup.to_str().unwrap()])
        .code(1)
        .stderr_has("already exists");
    assert_eq!(std::fs::read(&backup).unwrap(), before);
}

#[test]
fn db_check_reports_broken_references_with_exit_3() {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO order_lines (order_id, sku, quantity, unit_price) VALUES (4242, 'GHOST', 1, 100);",
    )
    .unwrap();
    drop(conn);
    let run = shop.run(&["--format", "json", "db", "check"]).code(3);
    let doc = run.json();
    assert_eq!(doc["ok"], false);
    assert!(doc["problems"][0].as_str().unwrap().contains("order_lines"));
}

#[test]
fn db_check_finds_a_kept_count_that_drifted_from_its_table() {
    let shop = TestShop::new();
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    // Triggers off is how a count drifts: a row written by a tool that bypasses them.
    conn.execute_batch(
        "DROP TRIGGER orders_added;
         INSERT INTO orders (id, source, source_ref, customer_phone, customer_name, status,
                             payment_status, currency, total, created_at, updated_at)
         VALUES (77, 'whatsapp', 'wamid.drift', '6591234567', 'Siti Tan', 'pending', 'pending',
                 'SGD', 1250, '2026-11-20T09:00:00Z', '2026-11-20T09:00:00Z');",
    )
    .unwrap();
    drop(conn);
    let doc = shop
        .run(&["--format", "json", "db", "check"])
        .code(3)
        .json();
    assert_eq!(doc["ok"], false);
    let problems: Vec<&str> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("orders is counted as 0 but the table holds 1 rows"),
        "{problems:?}"
    );
    assert!(
        problems[0].contains("UPDATE row_counts SET n = 1 WHERE name = 'orders'"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("order_customers: 1 customer(s)"),
        "{problems:?}"
    );
    // The fix the message gives (and the pair added back) makes the file whole again.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute_batch(
        "UPDATE row_counts SET n = 1 WHERE name = 'orders';
         INSERT INTO order_customers (phone, name) VALUES ('6591234567', 'Siti Tan');",
    )
    .unwrap();
    drop(conn);
    assert_eq!(shop.json(&["db", "check"])["ok"], true);
}

#[test]
fn usage_errors_exit_2_and_output_formats_follow_the_contract() {
    let shop = TestShop::new();
    shop.run(&["status", "--format", "yaml"]).code(2);
    shop.run(&["no-such-command"]).code(2);
    let csv = shop.run(&["--format", "csv", "status"]).ok();
    let mut lines = csv.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("path,name,country,currency,provider,"),
        "{header}"
    );
    assert!(lines.next().unwrap().contains("Test Shop"));
    // Table output for people; nothing but the result on stdout with --quiet.
    let table = shop.run(&["status"]).ok();
    assert!(table.stdout.contains("Test Shop"));
    let quiet = TestShop::empty();
    let run = quiet.run(&["--quiet", "init"]).ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn completions_for_every_shell() {
    let shop = TestShop::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = shop.run(&["completions", shell]).ok();
        assert!(run.stdout.contains("shopctl"), "{shell}");
        assert!(run.stdout.contains("reconcile"), "{shell}");
    }
    shop.run(&["completions", "tcsh"]).code(2);
}

#[test]
fn demo_runs_real_commands_on_a_throwaway_shop() {
    let shop = TestShop::empty();
    let dir = shop.path("demo");
    let run = shop.run(&["demo", "--dir", dir.to_str().unwrap()]).ok();
    for step in [
        "$ shopctl init",
        "$ shopctl catalog import",
        "$ shopctl payments enable card paynow",
        "$ shopctl sync",
        "$ shopctl sandbox simulate",
        "$ shopctl orders fulfil",
        "--line",
        "$ shopctl refunds create",
        "$ shopctl sandbox payout",
        "$ shopctl payouts reconcile",
        "$ shopctl status",
        "Try next",
    ] {
        assert!(run.stdout.contains(step), "no {step:?} in:\n{}", run.stdout);
    }
    // The demo's shop holds what it says it did.
    let conn = rusqlite::Connection::open(dir.join("shop.db")).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("SELECT count(*) FROM products"), 6);
    assert_eq!(one("SELECT count(*) FROM images"), 3);
    assert_eq!(one("SELECT count(*) FROM orders"), 12);
    assert_eq!(
        one("SELECT count(*) FROM orders WHERE status = 'shipped'"),
        1
    );
    assert_eq!(
        one("SELECT count(*) FROM orders WHERE status = 'partially_shipped'"),
        1
    );
    assert_eq!(
        one("SELECT count(*) FROM orders WHERE payment_status = 'partially_refunded'"),
        1
    );
    assert_eq!(
        one("SELECT count(*) FROM refunds WHERE status = 'succeeded'"),
        1
    );
    assert_eq!(
        one("SELECT count(*) FROM outbox WHERE status = 'pending'"),
        0
    );
    assert!(one("SELECT count(*) FROM payouts") >= 2);
    assert_eq!(
        one("SELECT discrepancies FROM reconcile_runs ORDER BY id DESC LIMIT 1"),
        0
    );
    // A second run refuses to reuse the folder's shop.
    shop.run(&["demo", "--dir", dir.to_str().unwrap()])
        .code(1)
        .stderr_has("already holds a demo shop");
}
