//! docs/scripts.md (issue 17): the JSON shape of every command, snapshot-tested.
//!
//! One shop lives through every command with `--format json`; each document's shape (every
//! path with its JSON type, and the order of the keys) must be the one its ```` ```json
//! shape=NAME ```` block on the page shows. A key must mean one thing on every page (one
//! type), `*_at` values are RFC 3339 instants and `*_date` values dates, and every command
//! of the command line is on the page (or says why it prints no JSON), so that a new command
//! cannot ship without its shape documented.
//!
//! `SHOPCTL_DOCS_BLESS=1 cargo test --test cli scripts` rewrites the blocks with what the
//! commands printed (one example of each shape a list holds); review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::support::{TestShop, fixture};

const PAGE: &str = "docs/scripts.md";

/// Commands that print no JSON document, and why.
const NO_JSON: &[(&str, &str)] = &[
    ("demo", "prints the transcript of the commands it runs"),
    ("catalog export", "prints CSV in the chosen dialect"),
    ("completions", "prints a shell script"),
    (
        "serve",
        "a server: it says what it does on stderr, as notes",
    ),
];

/// Every document the shop printed, by shape name.
struct Docs(Vec<(&'static str, Value)>);

impl Docs {
    fn take(&mut self, shop: &TestShop, name: &'static str, args: &[&str], code: i32) -> Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let doc = relative(shop.run(&all).code(code).json(), shop);
        self.0.push((name, doc.clone()));
        doc
    }

    /// The last stderr line of a command, as a document.
    fn stderr(&mut self, shop: &TestShop, name: &'static str, args: &[&str], code: i32) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = shop.run(&all).code(code);
        let line = run.stderr.lines().last().unwrap_or_default().to_string();
        let doc: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("{name}: stderr is not JSON ({e}): {}", run.stderr));
        self.0.push((name, relative(doc, shop)));
    }
}

/// Paths inside the test's temporary folder, as the page shows them: relative to it.
fn relative(v: Value, shop: &TestShop) -> Value {
    let dir = format!("{}/", shop.dir.path().display());
    match v {
        Value::String(s) => Value::String(s.replace(&dir, "")),
        Value::Array(items) => items.into_iter().map(|i| relative(i, shop)).collect(),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, i)| (k, relative(i, shop)))
                .collect(),
        ),
        other => other,
    }
}

const PRODUCTS: &str = "sku,group,title,price,sale_price,stock,images\n\
TEE-BLK-M,tee,Black tee (M),25.00,,40,\n\
TEE-BLK-L,tee,Black tee (L),25.00,22.00,10,https://example.com/tee.jpg\n\
MUG-WHT,,White mug,12.50,10.50,30,\n";

/// A shop taken through every command that prints JSON.
fn live_a_shop() -> Vec<(&'static str, Value)> {
    let mut shop = TestShop::empty();
    for (var, value) in [
        ("WA_TOKEN", "test-token"),
        ("META_APP_SECRET", "test-app-secret"),
        ("WA_VERIFY_TOKEN", "test-verify-token"),
    ] {
        shop.env.push((var.into(), value.into()));
    }
    let mut d = Docs(Vec::new());
    d.take(
        &shop,
        "init",
        &["init", "--name", "Kopi Corner", "--country", "SG"],
        0,
    );
    std::fs::write(shop.path("products.csv"), PRODUCTS).unwrap();
    d.take(
        &shop,
        "catalog-import",
        &["catalog", "import", "products.csv"],
        0,
    );
    let add = [
        "catalog", "add", "CAP-RED", "--title", "Red cap", "--price", "18.00", "--stock", "5",
    ];
    d.take(&shop, "catalog-add", &add, 0);
    d.take(
        &shop,
        "catalog-edit",
        &["catalog", "edit", "CAP-RED", "--price", "19.00"],
        0,
    );
    d.take(
        &shop,
        "catalog-stock",
        &["catalog", "stock", "CAP-RED", "+2"],
        0,
    );
    // Dry runs (issue 15): what an update file and a bulk edit would change, field by field.
    std::fs::write(shop.path("prices.csv"), "sku,price\nMUG-WHT,13.00\n").unwrap();
    d.take(
        &shop,
        "catalog-import-dry-run",
        &[
            "catalog",
            "import",
            "prices.csv",
            "--mode",
            "update",
            "--dry-run",
        ],
        0,
    );
    d.take(
        &shop,
        "catalog-edit-many",
        &[
            "catalog",
            "edit",
            "--group",
            "tee",
            "--price-change",
            "+10%",
            "--dry-run",
        ],
        0,
    );
    d.take(
        &shop,
        "payments-enable",
        &["payments", "enable", "card", "paynow"],
        0,
    );
    d.take(&shop, "sync-dry-run", &["sync", "--dry-run"], 0);
    d.take(&shop, "sync", &["sync"], 0);
    d.take(&shop, "catalog-publish", &["catalog", "publish"], 0);
    let simulate = [
        "sandbox",
        "simulate",
        "--orders",
        "8",
        "--days",
        "3",
        "--seed",
        "2",
        "--discrepancies",
        "1",
    ];
    d.take(&shop, "sandbox-simulate", &simulate, 0);
    shop.run(&["sync"]).ok();
    let webhook = fixture("orders/webhook_order.json");
    let imported = d.take(
        &shop,
        "orders-import",
        &["orders", "import", webhook.to_str().unwrap()],
        0,
    );
    let wa = imported["orders"][0].as_str().unwrap().to_string();
    d.take(
        &shop,
        "sandbox-pay",
        &["sandbox", "pay", &wa, "--method", "paynow"],
        0,
    );
    shop.run(&["sync"]).ok();
    let fulfil = [
        "orders",
        "fulfil",
        &wa,
        "--carrier",
        "SingPost",
        "--tracking",
        "SP1",
    ];
    d.take(&shop, "orders-fulfil", &fulfil, 0);
    let paid = shop.json(&["orders", "list", "--payment", "captured", "--unfulfilled"]);
    let ids: Vec<String> = paid
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ids.len() >= 2,
        "the simulation left {ids:?} paid and unshipped"
    );
    let refund = [
        "refunds",
        "create",
        &ids[0],
        "--amount",
        "1.00",
        "--reason",
        "dented lid",
    ];
    d.take(&shop, "refunds-create", &refund, 0);
    d.take(&shop, "orders-cancel", &["orders", "cancel", &ids[1]], 0);
    let notify = [
        "orders",
        "notify",
        &wa,
        "--text",
        "Your parcel leaves today",
    ];
    d.take(&shop, "orders-notify", &notify, 0);
    d.take(&shop, "sandbox-payout", &["sandbox", "payout"], 0);
    shop.run(&["sync"]).ok();
    d.take(&shop, "orders-list", &["orders", "list"], 0);
    d.take(&shop, "orders-show", &["orders", "show", &wa], 0);
    d.take(&shop, "refunds-list", &["refunds", "list"], 0);
    d.take(
        &shop,
        "sandbox-messages",
        &["sandbox", "messages", "--to", "6591234567"],
        0,
    );
    d.take(&shop, "refunds-show", &["refunds", "show", "R1"], 0);
    d.take(&shop, "payouts-list", &["payouts", "list"], 0);
    d.take(&shop, "payouts-show", &["payouts", "show", "P1"], 0);
    d.take(&shop, "payouts-reconcile", &["payouts", "reconcile"], 3);
    d.take(&shop, "status", &["status"], 0);
    d.take(&shop, "catalog-list", &["catalog", "list"], 0);
    d.take(&shop, "catalog-show", &["catalog", "show", "TEE-BLK-L"], 0);
    d.take(
        &shop,
        "catalog-archive",
        &["catalog", "archive", "MUG-WHT"],
        0,
    );
    d.take(
        &shop,
        "catalog-images-export",
        &["catalog", "images", "export", "images"],
        0,
    );
    d.take(&shop, "payments-list", &["payments", "list"], 0);
    d.take(
        &shop,
        "payments-disable",
        &["payments", "disable", "paynow"],
        0,
    );
    let base = [
        "config",
        "set",
        "catalog.image_base_url",
        "https://cdn.example.com/kopi",
    ];
    d.take(&shop, "config-set", &base, 0);
    d.take(
        &shop,
        "config-get",
        &["config", "get", "payouts.schedule_days"],
        0,
    );
    d.take(&shop, "config-list", &["config", "list"], 0);
    d.take(
        &shop,
        "config-unset",
        &["config", "unset", "catalog.image_base_url"],
        0,
    );
    d.take(&shop, "provider-show", &["provider", "show"], 0);
    d.take(&shop, "provider-set", &["provider", "set", "sandbox"], 0);
    let whatsapp = [
        "channel",
        "set",
        "whatsapp",
        "--phone-number-id",
        "106540352242922",
        "--catalog-id",
        "1394017164617036",
        "--token-env",
        "WA_TOKEN",
        "--app-secret-env",
        "META_APP_SECRET",
        "--verify-token-env",
        "WA_VERIFY_TOKEN",
    ];
    d.take(&shop, "channel-set", &whatsapp, 0);
    d.take(&shop, "channel-show", &["channel", "show"], 0);
    shop.run(&["channel", "set", "sandbox"]).ok();
    // A delivery as `serve` stores one whose processing failed (the cart imported above, now
    // processed on retry: the order it made is recognised). The sandbox chat's deliveries
    // that `sync` stored are in the inbox too.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute(
        "INSERT INTO inbox (source, dedupe_key, body, received_at, status, attempts, last_error)
         VALUES ('whatsapp', 'wamid.B', ?1, '2026-11-20T08:30:00Z', 'failed', 1,
                 'unknown SKU \"KAYA-JAR\"')",
        [std::fs::read(&webhook).unwrap()],
    )
    .unwrap();
    let failed = conn.last_insert_rowid().to_string();
    drop(conn);
    d.take(&shop, "inbox-list", &["inbox", "list", "--failed"], 0);
    d.take(&shop, "inbox-retry", &["inbox", "retry", &failed], 0);
    d.take(&shop, "db-check", &["db", "check"], 0);
    d.take(&shop, "db-backup", &["db", "backup", "backup.db"], 0);
    d.take(&shop, "db-migrate", &["db", "migrate"], 0);
    d.stderr(&shop, "stderr-error", &["orders", "show", "9999"], 1);
    let usd = [
        "catalog",
        "import",
        "products.csv",
        "--currency",
        "USD",
        "--dry-run",
    ];
    let run = shop
        .run(&[&["--format", "json"][..], &usd[..]].concat())
        .ok();
    let warning = run.stderr.lines().find(|l| l.contains("warning")).unwrap();
    d.0.push((
        "stderr-warning",
        relative(serde_json::from_str(warning).unwrap(), &shop),
    ));
    d.stderr(
        &shop,
        "stderr-note",
        &["catalog", "stock", "CAP-RED", "+1"],
        0,
    );
    d.0
}

/// A document's shape: every path (`lines[].sku`) with its JSON type, in the order the paths
/// first appear.
fn shape(v: &Value) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    walk(v, "", &mut out);
    let mut seen = BTreeSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn walk(v: &Value, path: &str, out: &mut Vec<(String, &'static str)>) {
    out.push((path.to_string(), kind(v)));
    match v {
        Value::Array(items) => {
            for item in items {
                walk(item, &format!("{path}[]"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(item, &p, out);
            }
        }
        _ => {}
    }
}

/// The paths, in order of first appearance, without types.
fn order(s: &[(String, &'static str)]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    s.iter()
        .filter(|(p, _)| seen.insert(p.clone()))
        .map(|(p, _)| p.clone())
        .collect()
}

/// The document cut to one example of each shape its lists hold (what the page shows).
fn example(v: &Value) -> Value {
    match v {
        Value::Array(items) => {
            let mut covered = BTreeSet::new();
            let mut kept = Vec::new();
            for item in items {
                let s: BTreeSet<_> = shape(item).into_iter().collect();
                if !s.is_subset(&covered) {
                    covered.extend(s);
                    kept.push(example(item));
                }
            }
            Value::Array(kept)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, item)| (k.clone(), example(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The page's ```` ```json shape=NAME ```` blocks: name → (first and end line of the content,
/// the content).
fn blocks(text: &str) -> BTreeMap<String, (usize, usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(name) = lines[i].strip_prefix("```json shape=") {
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim() == "```")
                .unwrap_or_else(|| panic!("{PAGE}:{}: a block that never ends", i + 1));
            let body = lines[i + 1..end].join("\n");
            let dup = out.insert(name.trim().to_string(), (i + 1, end, body));
            assert!(dup.is_none(), "{PAGE}: two blocks named {name}");
            i = end;
        }
        i += 1;
    }
    out
}

fn bless(path: &Path, text: &str, docs: &[(&'static str, Value)]) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let found = blocks(text);
    let mut edits: Vec<(usize, usize, String)> = docs
        .iter()
        .filter_map(|(name, doc)| {
            let (start, end, _) = found.get(*name)?;
            Some((
                *start,
                *end,
                serde_json::to_string_pretty(&example(doc)).unwrap(),
            ))
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (start, end, body) in edits {
        lines.splice(start..end, body.lines().map(str::to_string));
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn every_command_prints_the_json_shape_its_page_shows() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    let docs = live_a_shop();
    if std::env::var_os("SHOPCTL_DOCS_BLESS").is_some_and(|v| v == "1") {
        bless(&path, &text, &docs);
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let page = blocks(&text);
    let mut wrong = Vec::new();
    for (name, doc) in &docs {
        let Some((line, _, body)) = page.get(*name) else {
            wrong.push(format!("{name}: no ```json shape={name} block on {PAGE}"));
            continue;
        };
        let shown: Value = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(e) => {
                wrong.push(format!("{PAGE}:{line}: {name}: not JSON ({e})"));
                continue;
            }
        };
        let (want, got) = (shape(&shown), shape(doc));
        let (w, g): (BTreeSet<_>, BTreeSet<_>) = (
            want.iter().cloned().collect(),
            got.iter().cloned().collect(),
        );
        if w != g || order(&want) != order(&got) {
            wrong.push(format!(
                "{PAGE}:{line}: {name}: the page shows {:?}\n  the command printed {:?}\n  (missing on the page: {:?}; not printed: {:?})",
                order(&want),
                order(&got),
                g.difference(&w).collect::<Vec<_>>(),
                w.difference(&g).collect::<Vec<_>>(),
            ));
        }
    }
    for name in page.keys() {
        if !docs.iter().any(|(n, _)| n == name) {
            wrong.push(format!(
                "{PAGE}: block {name} is not printed by any command the test runs"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n(SHOPCTL_DOCS_BLESS=1 cargo test --test cli scripts rewrites the blocks)",
        wrong.join("\n")
    );
}

/// Each key's meaning, as far as JSON can tell: its type, and for a list its items' type.
fn meaning(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Array(items) => items
            .iter()
            .find(|i| !i.is_null())
            .map(|i| format!("list of {}", kind(i)))
            .or(Some("list".into())),
        other => Some(kind(other).to_string()),
    }
}

fn keys<'a>(v: &'a Value, doc: &'static str, out: &mut Vec<(String, &'static str, &'a Value)>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| keys(i, doc, out)),
        Value::Object(map) => {
            for (k, item) in map {
                out.push((k.clone(), doc, item));
                keys(item, doc, out);
            }
        }
        _ => {}
    }
}

#[test]
fn a_key_means_one_thing_and_times_and_dates_keep_their_forms() {
    let docs = live_a_shop();
    let mut all = Vec::new();
    for (name, doc) in &docs {
        keys(doc, name, &mut all);
    }
    let mut meanings: BTreeMap<&str, BTreeMap<String, &str>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (key, doc, value) in &all {
        if let Some(m) = meaning(value) {
            meanings.entry(key).or_default().entry(m).or_insert(doc);
        }
        if key.ends_with("_at")
            && let Some(s) = value.as_str()
            && (s.parse::<jiff::Timestamp>().is_err() || !s.ends_with('Z'))
        {
            wrong.push(format!(
                "{doc}: {key} = {s:?} is not an RFC 3339 UTC instant"
            ));
        }
        if (key.ends_with("_date"))
            && let Some(s) = value.as_str()
            && (s.len() != 10 || s.parse::<jiff::civil::Date>().is_err())
        {
            wrong.push(format!("{doc}: {key} = {s:?} is not a date"));
        }
        if value.as_str() == Some("") {
            wrong.push(format!("{doc}: {key} is \"\"; a missing value is null"));
        }
    }
    for (key, m) in &meanings {
        // An empty list says nothing about its items.
        let typed: Vec<_> = m.keys().filter(|t| *t != "list").collect();
        let lists = m.keys().any(|t| t.starts_with("list"));
        let scalars = m.keys().any(|t| !t.starts_with("list"));
        if typed.len() > 1 || (lists && scalars) {
            wrong.push(format!("\"{key}\" has more than one meaning: {m:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The leaf commands of the command line, as words ("catalog import").
fn commands(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{prefix}{}", sub.get_name());
        if sub.has_subcommands() {
            commands(sub, &format!("{name} "), out);
        } else {
            out.push(name);
        }
    }
}

#[test]
fn every_command_is_on_the_page_or_prints_no_json() {
    use clap::CommandFactory;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE)).unwrap();
    let shown: Vec<String> = blocks(&text).keys().map(|n| n.replace('-', " ")).collect();
    let mut all = Vec::new();
    commands(&shopctl::cli::Cli::command(), "", &mut all);
    let missing: Vec<&String> = all
        .iter()
        .filter(|c| !NO_JSON.iter().any(|(n, _)| n == c))
        .filter(|c| {
            !shown
                .iter()
                .any(|s| s == *c || s.starts_with(&format!("{c} ")))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "commands whose JSON {PAGE} does not show: {missing:?}; add a ```json shape=NAME block \
         and the command to live_a_shop in tests/cli/scripts.rs (or to NO_JSON, saying why)"
    );
}
