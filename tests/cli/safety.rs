//! Money safety at the edges (issue 16): each defect of the attack run, through the binary.
//! A test is named for what it guarantees and says which defect it covers; each failed on the
//! code before its fix (the report says how).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestShop, run_command};

const CATALOG: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
TEE-BLK-M,TEE,Black tee M,,active,25.00,,SGD,300,,,,,,
MUG-WHT,,White mug,,active,12.50,9.90,SGD,300,,,,,,
CAP-RED,,Red cap,,active,18.00,,SGD,300,,,,,,
";

const FAULTS: &str = "SHOPCTL_FAULTS";

/// A synced Singapore shop with `n` paid sandbox orders (no failed payments).
fn paid_shop(n: &str) -> TestShop {
    let shop = TestShop::new();
    shop.stock(CATALOG, &["card", "paynow"]);
    shop.run(&["sync"]).ok();
    shop.run(&[
        "sandbox",
        "simulate",
        "--orders",
        n,
        "--failure-rate",
        "0",
        "--seed",
        "16",
    ])
    .ok();
    shop.run(&["sync"]).ok();
    shop
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The refunds the sandbox provider made, whatever the shop believes.
fn provider_refunds(shop: &TestShop) -> i64 {
    count(
        &shop.path("shop.db.sandbox"),
        "SELECT count(*) FROM refunds",
    )
}

fn first_order(shop: &TestShop) -> String {
    count(&shop.db, "SELECT min(id) FROM orders").to_string()
}

/// Runs `program PREFIX... shopctl ARGS...` with `shop`'s environment and folder: shopctl
/// under a limit or another user.
fn wrapped(shop: &TestShop, program: &str, prefix: &[&str], args: &[&str]) -> Command {
    let base = shop.command();
    let mut cmd = Command::new(program);
    cmd.args(prefix)
        .arg(base.get_program())
        .args(args)
        .env_clear()
        .current_dir(shop.dir.path());
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd
}

fn with_faults(shop: &mut TestShop, spec: &str, args: &[&str]) -> Run {
    shop.env.push((FAULTS.into(), spec.into()));
    let run = shop.run(args);
    shop.env.pop();
    run
}

// ---- defect 1: a refund whose outcome is unknown blocks a new one ---------------------------

#[test]
fn a_plain_rerun_after_a_crash_finishes_that_refund_and_never_makes_a_second() {
    let mut shop = paid_shop("4");
    let order = first_order(&shop);
    let args = ["refunds", "create", order.as_str(), "--amount", "1.00"];
    // The provider makes the refund; the process dies before the shop records its answer.
    assert_eq!(
        with_faults(&mut shop, "crash-after:create_refund:1", &args).code,
        137
    );
    assert_eq!(provider_refunds(&shop), 1);

    // The same command again, without a key: it finishes R1 with R1's own key.
    let again = shop.run(&args).ok();
    assert!(
        again.stdout.contains(&format!(
            "refund R1 of 1.00 SGD for order {order} succeeded"
        )),
        "{}",
        again.stdout
    );
    assert_eq!(provider_refunds(&shop), 1, "the provider refunded twice");
    assert_eq!(count(&shop.db, "SELECT count(*) FROM refunds"), 1);
    assert_eq!(
        count(
            &shop.db,
            "SELECT count(*) FROM refunds WHERE status = 'succeeded'"
        ),
        1
    );
}

#[test]
fn an_unknown_refund_that_cannot_be_resolved_refuses_a_new_one_and_changes_nothing() {
    let mut shop = paid_shop("4");
    let order = first_order(&shop);
    let first = ["refunds", "create", order.as_str(), "--amount", "1.00"];
    assert_eq!(
        with_faults(&mut shop, "crash-after:create_refund:1", &first).code,
        137
    );
    let before = shop.snapshot();
    let second = ["refunds", "create", order.as_str(), "--amount", "2.00"];
    // The provider cannot be asked about R1: no new refund, nothing written.
    with_faults(&mut shop, "fail:create_refund:1", &second)
        .code(1)
        .stderr_has(
            "refund R1 of 1.00 SGD on this order has an unknown outcome; `shopctl sync` finishes it",
        );
    assert_eq!(shop.snapshot(), before);
    assert_eq!(provider_refunds(&shop), 1);

    // Once the provider answers, R1 is finished with its key and the new request still fits.
    let r2 = shop.json(&second);
    assert_eq!(
        (&r2["id"], &r2["status"]),
        (&"R2".into(), &"succeeded".into())
    );
    assert_eq!(provider_refunds(&shop), 2);
    assert_eq!(
        count(
            &shop.db,
            "SELECT sum(amount) FROM refunds WHERE status = 'succeeded'"
        ),
        300
    );
}

#[test]
fn orders_cancel_waits_for_an_unknown_refund_and_a_rerun_finishes_its_own() {
    let mut shop = paid_shop("4");
    let order = first_order(&shop);
    let partial = ["refunds", "create", order.as_str(), "--amount", "1.00"];
    assert_eq!(
        with_faults(&mut shop, "crash-after:create_refund:1", &partial).code,
        137
    );
    let before = shop.snapshot();
    let cancel = ["orders", "cancel", order.as_str()];
    with_faults(&mut shop, "fail:create_refund:1", &cancel)
        .code(1)
        .stderr_has("refund R1 of 1.00 SGD on this order has an unknown outcome");
    assert_eq!(shop.snapshot(), before, "the order was canceled anyway");

    // The cancel's own refund crashes; running the cancel again finishes it, once.
    assert_eq!(
        with_faults(&mut shop, "crash-after:create_refund:2", &cancel).code,
        137
    );
    assert_eq!(provider_refunds(&shop), 2);
    let again = shop.run(&cancel).ok();
    assert!(again.stdout.contains("succeeded"), "{}", again.stdout);
    assert_eq!(provider_refunds(&shop), 2, "the provider refunded twice");
    let total = count(
        &shop.db,
        &format!("SELECT total FROM orders WHERE id = {order}"),
    );
    assert_eq!(
        count(
            &shop.db,
            "SELECT sum(amount) FROM refunds WHERE status = 'succeeded'"
        ),
        total
    );
    // Asking for everything again finds nothing left and makes no call.
    shop.run(&["refunds", "create", &order, "--all"]).code(1);
    assert_eq!(provider_refunds(&shop), 2);
}

// ---- defect 2: image files are checked before they are read --------------------------------

/// Waits for `child` up to `limit`; kills it and says so when it takes longer.
fn wait_or_kill(mut child: Child, limit: Duration) -> Result<std::process::Output, String> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Ok(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    Err(format!("still running after {limit:?}; killed"))
}

#[test]
fn catalog_add_refuses_a_device_and_a_huge_file_without_reading_them() {
    let shop = TestShop::new();
    let before = shop.snapshot();
    let child = shop
        .command()
        .args([
            "catalog",
            "add",
            "Z",
            "--title",
            "Z",
            "--price",
            "1",
            "--image",
            "/dev/zero",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_or_kill(child, Duration::from_secs(10)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("image /dev/zero: is not a regular file"),
        "{stderr}"
    );
    assert_eq!(shop.snapshot(), before);

    // 200 MB (sparse: no disk used) under a 64 MB data limit: refused by its size, in bounded
    // memory. Reading it whole first would abort on the limit.
    let huge = shop.path("huge.jpg");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let huge_arg = huge.to_str().unwrap();
    let mut cmd = wrapped(
        &shop,
        "prlimit",
        &["--data=67108864", "--"],
        &[
            "catalog", "add", "Z", "--title", "Z", "--price", "1", "--image", huge_arg,
        ],
    );
    run_command(&mut cmd)
        .code(1)
        .stderr_has("is 200.0 MB; WhatsApp catalogs take at most 8.0 MB");
    assert_eq!(shop.snapshot(), before);
}

// ---- defects 3 and 4: files written whole or not at all -------------------------------------

/// A shop of 50,000 products (about 20 MB): a backup or an export of it takes long enough
/// to be killed midway.
fn big_shop() -> TestShop {
    let shop = TestShop::new();
    let mut csv = String::from("sku,title,price,stock,description\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "SKU{i},Product {i},{}.50,5,{}\n",
            i % 100,
            "x".repeat(200)
        ));
    }
    std::fs::write(shop.path("big.csv"), csv).unwrap();
    shop.run(&["catalog", "import", "big.csv"]).ok();
    shop
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Starts `args`, waits until something appears in `dir`, then kills the process with
/// SIGKILL. Panics if the command finished first (the test would prove nothing).
fn kill_once_written(shop: &TestShop, args: &[&str], dir: &Path) {
    let mut child = shop
        .command()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while entries(dir).is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "{args:?} ended before writing"
        );
        assert!(start.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        status.code().is_none(),
        "{args:?} finished before it could be killed; the test needs a bigger shop"
    );
}

#[test]
fn a_backup_killed_midway_leaves_nothing_at_its_name_and_the_next_one_works() {
    let shop = big_shop();
    let dir = shop.path("backups");
    std::fs::create_dir(&dir).unwrap();
    let target = dir.join("copy.db");
    let target_arg = target.to_str().unwrap();
    kill_once_written(&shop, &["db", "backup", target_arg], &dir);
    assert!(!target.exists(), "a killed backup left a file at its name");
    assert!(
        entries(&dir).iter().all(|n| n.contains(".shopctl-tmp-")),
        "{:?}",
        entries(&dir)
    );

    shop.run(&["db", "backup", target_arg]).ok();
    assert_eq!(
        entries(&dir),
        ["copy.db"],
        "the stale temporary file stayed"
    );
    let check = shop.json(&["--db", target_arg, "db", "check"]);
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(count(&target, "SELECT count(*) FROM products"), 50_000);
    // Never over an existing file.
    shop.run(&["db", "backup", target_arg])
        .code(1)
        .stderr_has("already exists");
}

#[test]
fn an_export_killed_midway_leaves_only_shopctl_named_files_which_the_next_export_clears() {
    let shop = big_shop();
    let dir = shop.path("out");
    std::fs::create_dir(&dir).unwrap();
    let target = dir.join("catalog.csv");
    let target_arg = target.to_str().unwrap();
    kill_once_written(&shop, &["catalog", "export", "-o", target_arg], &dir);
    assert!(!target.exists());
    let left = entries(&dir);
    assert!(
        left.iter()
            .all(|n| n.starts_with(".catalog.csv.shopctl-tmp-")),
        "{left:?}"
    );

    shop.run(&["catalog", "export", "-o", target_arg]).ok();
    assert_eq!(entries(&dir), ["catalog.csv"]);
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(text.lines().count(), 50_001);
}

// ---- defect 9: what shopctl creates is private unless asked otherwise -----------------------

/// Runs shopctl under umask 000, so that only the modes shopctl asks for are left.
fn run_umask_000(shop: &TestShop, args: &[&str]) -> Run {
    run_command(&mut wrapped(
        shop,
        "sh",
        &["-c", "umask 000 && exec \"$0\" \"$@\""],
        args,
    ))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn files_and_folders_shopctl_creates_are_private_even_under_umask_000() {
    let shop = TestShop::new();
    let img = crate::support::fixture("catalog/img/ok.png");
    run_umask_000(
        &shop,
        &[
            "catalog",
            "add",
            "PIC",
            "--title",
            "Pic",
            "--price",
            "1",
            "--image",
            img.to_str().unwrap(),
        ],
    )
    .ok();
    run_umask_000(&shop, &["sync"]).ok();
    assert_eq!(mode(&shop.path("shop.db.sync-lock")), 0o600);
    assert_eq!(mode(&shop.path("shop.db.sandbox")), 0o600);

    run_umask_000(&shop, &["catalog", "images", "export", "img/out"]).ok();
    assert_eq!(mode(&shop.path("img")), 0o700);
    assert_eq!(mode(&shop.path("img/out")), 0o700);
    let files = entries(&shop.path("img/out"));
    assert_eq!(files.len(), 1);
    assert_eq!(mode(&shop.path("img/out").join(&files[0])), 0o600);

    run_umask_000(&shop, &["catalog", "export", "-o", "export.csv"]).ok();
    assert_eq!(mode(&shop.path("export.csv")), 0o600);
    run_umask_000(&shop, &["db", "backup", "copy.db"]).ok();
    assert_eq!(mode(&shop.path("copy.db")), 0o600);
    std::fs::write(shop.path("bad.csv"), "sku,title,price\nA,,x\n").unwrap();
    run_umask_000(
        &shop,
        &[
            "catalog",
            "import",
            "bad.csv",
            "--skip-invalid",
            "--rejects",
            "rejects.csv",
        ],
    )
    .ok();
    assert_eq!(mode(&shop.path("rejects.csv")), 0o600);

    // Asked otherwise: a web host reads the images.
    run_umask_000(
        &shop,
        &["catalog", "images", "export", "public/img", "--mode", "644"],
    )
    .ok();
    assert_eq!(mode(&shop.path("public/img")), 0o755);
    assert_eq!(mode(&shop.path("public/img").join(&files[0])), 0o644);
    // An existing folder keeps its mode; the files get the one asked for.
    std::fs::create_dir(shop.path("www")).unwrap();
    std::fs::set_permissions(shop.path("www"), PermissionsExt::from_mode(0o750)).unwrap();
    run_umask_000(
        &shop,
        &["catalog", "images", "export", "www", "--mode", "640"],
    )
    .ok();
    assert_eq!(mode(&shop.path("www")), 0o750);
    assert_eq!(mode(&shop.path("www").join(&files[0])), 0o640);
    run_umask_000(
        &shop,
        &["catalog", "images", "export", "x", "--mode", "999"],
    )
    .code(2)
    .stderr_has("999");
}

#[test]
fn the_default_shop_folder_and_the_demo_folder_are_private() {
    let shop = TestShop::empty();
    let mut init = wrapped(
        &shop,
        "sh",
        &["-c", "umask 000 && exec \"$0\" \"$@\""],
        &["init", "--country", "SG"],
    );
    init.env_remove("SHOPCTL_DB");
    run_command(&mut init).ok();
    let data = shop.path(".local/share/shopctl");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("shop.db")), 0o600);

    run_umask_000(&shop, &["--db", "demo/shop.db", "demo", "--dir", "demo"]).ok();
    assert_eq!(mode(&shop.path("demo")), 0o700);
    for name in entries(&shop.path("demo")) {
        let path = shop.path("demo").join(&name);
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), want, "{name}");
    }
}

// ---- defect 8: CSV injection -----------------------------------------------------------------

const FORMULAS: &str = "\
sku,title,description,price
F1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",plain,1.00
F2,+cmd|' /C calc'!A0,plain,1.00
F3,@SUM(1+1),-2+3,1.00
F4,Plain tee,\tTabbed,1.00
";

#[test]
fn formulas_are_kept_exact_by_default_escaped_for_spreadsheets_and_warned_about() {
    let shop = TestShop::new();
    std::fs::write(shop.path("f.csv"), FORMULAS).unwrap();
    let import = shop.run(&["catalog", "import", "f.csv"]).ok();
    for (line, field, start) in [
        (2, "title", "="),
        (3, "title", "+"),
        (4, "title", "@"),
        (4, "description", "-"),
        (5, "description", "tab"),
    ] {
        let needle = format!("f.csv:{line}: {field} starts with {start}");
        assert!(
            import.stderr.contains(&needle),
            "{needle}:\n{}",
            import.stderr
        );
    }

    // By default an export is exact: a round trip to another platform keeps every byte.
    let plain = shop.run(&["catalog", "export"]).ok().stdout;
    assert!(plain.contains("F2,,+cmd|' /C calc'!A0,"), "{plain}");
    assert!(plain.contains("\"=HYPERLINK("), "{plain}");

    let safe = shop
        .run(&["catalog", "export", "--spreadsheet-safe"])
        .ok()
        .stdout;
    let mut rows = csv::ReaderBuilder::new().from_reader(safe.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let title = headers.iter().position(|h| h == "title").unwrap();
    let description = headers.iter().position(|h| h == "description").unwrap();
    let cells: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[title].to_string(), r[description].to_string())
        })
        .collect();
    assert_eq!(
        cells,
        [
            (
                "'=HYPERLINK(\"http://evil.example\",\"click\")".to_string(),
                "plain".to_string()
            ),
            ("'+cmd|' /C calc'!A0".into(), "plain".into()),
            ("'@SUM(1+1)".into(), "'-2+3".into()),
            ("Plain tee".into(), "'\tTabbed".into()),
        ]
    );
}

// ---- defect 7: SQLite's words never reach the user -------------------------------------------

/// Runs shopctl as a user without rights over files it does not own: as is for a normal
/// user, and through `setpriv` as `nobody` when the tests run as root (root writes any file).
struct Unprivileged {
    root: bool,
}

impl Unprivileged {
    fn new(shop: &TestShop) -> Unprivileged {
        use std::os::unix::fs::MetadataExt;
        let probe = shop.path("probe");
        std::fs::write(&probe, "").unwrap();
        let root = std::fs::metadata(&probe).unwrap().uid() == 0;
        std::fs::remove_file(&probe).unwrap();
        if root {
            // nobody must reach the shop's folder and own what is in it.
            std::fs::set_permissions(shop.dir.path(), PermissionsExt::from_mode(0o755)).unwrap();
            chown_all(shop.dir.path(), 65534);
        }
        Unprivileged { root }
    }

    fn run(&self, shop: &TestShop, args: &[&str]) -> Run {
        if !self.root {
            return shop.run(args);
        }
        run_command(&mut wrapped(
            shop,
            "setpriv",
            &["--reuid=65534", "--regid=65534", "--clear-groups", "--"],
            args,
        ))
    }
}

fn chown_all(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).unwrap();
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            chown_all(&e.unwrap().path(), uid);
        }
    }
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// No SQLite words or codes: a sentence of ours.
fn assert_no_sqlite_words(stderr: &str) {
    for raw in [
        "Error code",
        "readonly database",
        "disk I/O error",
        "SQLite cannot read",
    ] {
        assert!(
            !stderr.contains(raw),
            "SQLite's own words reached the user: {stderr}"
        );
    }
}

#[test]
fn a_read_only_shop_file_gets_a_sentence_with_its_path_and_stays_unchanged() {
    let shop = TestShop::new();
    std::fs::write(shop.path("c.csv"), "sku,title,price\nA,Apple,1.00\n").unwrap();
    let who = Unprivileged::new(&shop);
    std::fs::set_permissions(&shop.db, PermissionsExt::from_mode(0o444)).unwrap();
    let before = file_bytes(&shop.db);
    for args in [
        &["catalog", "import", "c.csv"][..],
        &["catalog", "add", "B", "--title", "B", "--price", "1"],
        &["payments", "enable", "card"],
    ] {
        let run = who.run(&shop, args).code(1);
        assert!(
            run.stderr.contains(&format!(
                "cannot write to the shop file {}: the file is read-only",
                shop.db.display()
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("chmod u+w"), "{}", run.stderr);
        assert_no_sqlite_words(&run.stderr);
        assert_eq!(file_bytes(&shop.db), before);
    }
    // Reading still works.
    who.run(&shop, &["catalog", "list"]).ok();
}

#[test]
fn a_shop_in_a_read_only_folder_is_named_as_such_not_as_a_stranger() {
    let shop = TestShop::new();
    let who = Unprivileged::new(&shop);
    std::fs::set_permissions(shop.dir.path(), PermissionsExt::from_mode(0o555)).unwrap();
    let before = file_bytes(&shop.db);
    let run = who.run(&shop, &["status"]);
    std::fs::set_permissions(shop.dir.path(), PermissionsExt::from_mode(0o755)).unwrap();
    let run = run.code(1);
    let folder = shop.dir.path().display().to_string();
    assert!(
        run.stderr.contains(&format!(
            "cannot open the shop file {}: its folder {folder} is read-only",
            shop.db.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("not a shopctl shop file"),
        "{}",
        run.stderr
    );
    assert_no_sqlite_words(&run.stderr);
    assert_eq!(file_bytes(&shop.db), before);
}

#[test]
fn a_full_disk_gets_a_sentence_and_the_shop_is_unchanged() {
    let shop = TestShop::new();
    let mut csv = String::from("sku,title,price,description\n");
    for i in 0..5_000 {
        csv.push_str(&format!("S{i},Product {i},1.00,{}\n", "d".repeat(300)));
    }
    std::fs::write(shop.path("c.csv"), csv).unwrap();
    let before = shop.snapshot();
    // A file-size limit just above the shop file's size: the import's writes hit it, as they
    // would hit the end of a full disk (SIGXFSZ ignored, so the write fails instead).
    let limit = std::fs::metadata(&shop.db).unwrap().len() + 64 * 1024;
    let script = format!("trap '' XFSZ && exec prlimit --fsize={limit} -- \"$0\" \"$@\"");
    let mut cmd = wrapped(
        &shop,
        "sh",
        &["-c", &script],
        &["catalog", "import", "c.csv"],
    );
    let run = run_command(&mut cmd).code(1);
    assert!(
        run.stderr.contains(&format!(
            "cannot write to the shop file {}: the disk is full or a file size limit was reached",
            shop.db.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert_no_sqlite_words(&run.stderr);
    assert_eq!(shop.snapshot(), before);
    shop.run(&["db", "check"]).ok();
}

// ---- defect 5: a new provider account gets the whole catalog --------------------------------

fn sandbox_products(shop: &TestShop) -> i64 {
    count(
        &shop.path("shop.db.sandbox"),
        "SELECT count(*) FROM products",
    )
}

#[test]
fn a_lost_sandbox_file_is_a_new_account_and_gets_the_catalog_and_methods_again() {
    let shop = paid_shop("2");
    assert_eq!(sandbox_products(&shop), 3);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(shop.path(&format!("shop.db.sandbox{suffix}")));
    }
    let run = shop.run(&["--format", "json", "sync"]).ok();
    assert!(
        run.stderr.contains("the provider account changed"),
        "{}",
        run.stderr
    );
    let summary = run.json();
    assert_eq!(summary["requeued"], 5, "{summary}");
    assert_eq!(sandbox_products(&shop), 3);
    let methods = count(
        &shop.path("shop.db.sandbox"),
        "SELECT count(*) FROM methods WHERE enabled = 1",
    );
    assert_eq!(methods, 2);
    // The same account again: nothing to do.
    let again = shop.json(&["sync"]);
    assert_eq!(
        (&again["requeued"], &again["pushed"]),
        (&0.into(), &0.into())
    );
}

#[test]
fn sync_full_pushes_everything_again_to_the_same_account() {
    let shop = paid_shop("1");
    let full = shop.json(&["sync", "--full"]);
    assert_eq!((&full["requeued"], &full["pushed"]), (&5.into(), &5.into()));
    assert_eq!(
        count(
            &shop.db,
            "SELECT count(*) FROM outbox WHERE status = 'pending'"
        ),
        0
    );
    shop.run(&["payouts", "reconcile"]).ok();
}

// ---- the guarantees page ------------------------------------------------------------------

/// docs/guarantees.md points at the tests that prove each line: every test it names exists
/// (`module::test` under tests/cli/, `module::tests::test` under src/), so the page cannot
/// outlive its proofs.
#[test]
fn the_guarantees_page_names_only_tests_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/guarantees.md")).unwrap();
    let mut sources = String::new();
    let mut stack = vec![root.join("src"), root.join("tests/cli")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                sources.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut named = 0;
    for quoted in page.split('`').skip(1).step_by(2) {
        let parts: Vec<&str> = quoted.split("::").collect();
        if parts.len() < 2
            || !parts.iter().all(|p| {
                p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
        {
            continue;
        }
        let name = parts.last().unwrap();
        if parts.len() == 2 {
            let file = root.join(format!("tests/cli/{}.rs", parts[0]));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|_| panic!("`{quoted}`: no tests/cli/{}.rs", parts[0]));
            assert!(
                text.contains(&format!("fn {name}(")),
                "`{quoted}`: no such test"
            );
        } else {
            assert!(
                sources.contains(&format!("fn {name}(")),
                "`{quoted}`: no such test"
            );
        }
        named += 1;
    }
    assert!(named > 20, "only {named} tests named");
}
