//! A fuzz harness (issue 16) for the parsers a stranger's bytes reach: catalog CSV files in
//! every dialect, money strings, Stripe's payout report CSV, Stripe's API objects, and WhatsApp
//! order webhooks (`orders import`). proptest strategies make hostile inputs: random text and
//! bytes, real files mutated (bytes inserted, cut, lines doubled), every field of a valid
//! object swapped for any JSON. The properties: no panic; a refusal is a message that names
//! what it refused; a refused write leaves the shop as it was; what is accepted is exact.
//!
//! `cargo test` runs each briefly (a few seconds in all). For longer, on a release build:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test cli fuzz_
//! ```
//!
//! A case that fails is printed shrunk; it becomes a regression test (see the end of this
//! file) once fixed. Also here: Razorpay's entities, and what `serve` reads of a stranger's
//! webhook delivery (Stripe's and Razorpay's signatures and events, Meta's signature and
//! handshake). Not covered yet: the WhatsApp Cloud API webhook body parser of the chat channel
//! (`Channel::parse`), which is still being written (issue 12).

use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use jiff::Timestamp;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use shopctl::catalog::import::{self, Dialect, Mode};
use shopctl::money::{Currency, Money, ParseOptions};
use shopctl::provider::stripe::objects::{self, Object};
use shopctl::store::{NewShop, Store};

/// `default` cases, or `$PROPTEST_CASES`; failures are not written to files (a finding
/// becomes a named regression test instead).
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn now() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

fn new_shop(dir: &Path, country: &str, currency: &str) -> Store {
    Store::create(
        &dir.join("shop.db"),
        &NewShop {
            name: "fuzz".into(),
            country: country.into(),
            currency: Currency::from_code(currency).unwrap(),
            provider: "sandbox".into(),
            created_at: now(),
        },
    )
    .unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

// ---- hostile pieces ---------------------------------------------------------------------------

/// Text a cell or a field might hold when someone means harm or a program went wrong.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,40}",
        2 => "[-+ ]{0,2}[0-9]{0,24}([.,][0-9]{0,24})?",
        1 => "[0-9]{1,3}([ ,.'][0-9]{3}){0,6}([.,][0-9]{1,4})?",
        1 => "[a-zA-Z0-9 ;=|:@_./-]{0,30}",
        1 => any::<String>(),
        1 => prop::sample::select(vec![
            "", "\"", "\"\"", "\r", "\n", "\r\n", "\u{feff}", ",", ";", "\t", "1e400", "-1e400",
            "NaN", "inf", "-0", "0.000", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999999999999.99", "1,5", "1.234,56",
            "12.50 SGD", "SGD 12.50", "S$12.50", "¥1000", "=HYPERLINK(\"x\")", "@SUM(1)",
            "+1", "-2+3", "\u{0}", "\u{202e}evil", "🙂", "a\u{301}", "TRUE", "null",
        ])
        .prop_map(str::to_string),
    ]
}

/// A file made from rows of cells: joined by a delimiter, quoted properly or not at all.
fn csv_text(header: String, width: usize) -> impl Strategy<Value = String> {
    (
        vec(vec(hostile_text(), 0..=width + 2), 0..6),
        prop::sample::select(vec![",", ";", "\t"]),
        any::<bool>(),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(move |(rows, delim, quote, eol)| {
            let mut out = header.clone();
            out.push_str(eol);
            for row in rows {
                let cells: Vec<String> = row
                    .into_iter()
                    .map(|c| {
                        if quote {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c
                        }
                    })
                    .collect();
                out.push_str(&cells.join(delim));
                out.push_str(eol);
            }
            out
        })
}

/// One change to a file's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Cut(usize, usize),
    DoubleLine(usize),
    Flip(usize, u8),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    vec(
        prop_oneof![
            (any::<usize>(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Mutation::Insert(at, b)),
            (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Cut(at, n)),
            any::<usize>().prop_map(Mutation::DoubleLine),
            (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        ],
        0..6,
    )
}

fn mutate(mut bytes: Vec<u8>, changes: &[Mutation]) -> Vec<u8> {
    for m in changes {
        let len = bytes.len().max(1);
        match m {
            Mutation::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Cut(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Mutation::DoubleLine(n) => {
                let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
                let i = n % lines.len();
                let mut out = Vec::new();
                for (j, l) in lines.iter().enumerate() {
                    out.extend_from_slice(l);
                    out.push(b'\n');
                    if j == i {
                        out.extend_from_slice(l);
                        out.push(b'\n');
                    }
                }
                bytes = out;
            }
            Mutation::Flip(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] ^= b | 1;
                }
            }
        }
    }
    bytes
}

/// Any JSON, with the field names of the objects shopctl reads among the keys.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        hostile_text().prop_map(Value::from),
    ];
    let key = prop_oneof![
        prop::sample::select(vec![
            "id",
            "object",
            "amount",
            "currency",
            "status",
            "created",
            "metadata",
            "data",
            "has_more",
            "type",
            "fee",
            "net",
            "payment_intent",
            "charge",
            "latest_charge",
            "product",
            "unit_amount",
            "quantity",
            "price",
            "order_ref",
            "lines",
            "entry",
            "changes",
            "value",
            "messages",
            "order",
            "product_items",
            "product_retailer_id",
            "item_price",
            "from",
            "timestamp",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,12}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every place in `value` where a value sits: (path of keys/indices).
fn places(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                at.push(k.clone());
                places(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(i.to_string());
                places(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `value` with the value at place `n` (of `places`) replaced by `with` (or removed, for
/// `None`).
fn swap(mut value: Value, n: usize, with: Option<Value>) -> Value {
    let mut all = Vec::new();
    places(&value, &mut Vec::new(), &mut all);
    let path = &all[n % all.len()];
    let Some((last, parents)) = path.split_last() else {
        return with.unwrap_or(Value::Null);
    };
    let mut cur = &mut value;
    for p in parents {
        cur = match cur {
            Value::Object(m) => m.get_mut(p).unwrap(),
            Value::Array(a) => &mut a[p.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    match (cur, with) {
        (Value::Object(m), Some(v)) => {
            m.insert(last.clone(), v);
        }
        (Value::Object(m), None) => {
            m.remove(last);
        }
        (Value::Array(a), Some(v)) => a[last.parse::<usize>().unwrap()] = v,
        (Value::Array(a), None) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        _ => unreachable!(),
    }
    value
}

// ---- money strings ---------------------------------------------------------------------------

#[test]
fn fuzz_money_strings_parse_exactly_or_are_refused() {
    let currencies: Vec<Currency> = ["SGD", "JPY", "KWD", "INR", "BRL"]
        .iter()
        .map(|c| Currency::from_code(c).unwrap())
        .collect();
    let mut runner = TestRunner::new(config(500));
    runner
        .run(
            &(
                hostile_text(),
                prop::sample::select(currencies),
                any::<bool>(),
            ),
            |(text, cur, comma)| {
                let opts = ParseOptions {
                    decimal_comma: comma,
                };
                match Money::parse(&text, cur, opts) {
                    Ok(m) => {
                        prop_assert_eq!(m.currency, cur);
                        // What was accepted is exact: it reads back as itself.
                        let back = Money::parse(&m.to_major_string(), cur, ParseOptions::default());
                        prop_assert_eq!(back.ok(), Some(m), "{:?}", text);
                    }
                    Err(e) => prop_assert!(!e.to_string().is_empty()),
                }
                let _ = Money::parse_with_code(&text, opts);
                Ok(())
            },
        )
        .unwrap();
}

// ---- catalog CSV, every dialect --------------------------------------------------------------

/// The header row each dialect writes (from an export of an empty catalog, so it follows
/// the dialects as they change).
fn headers(store: &Store) -> Vec<(Dialect, String)> {
    [
        Dialect::Native,
        Dialect::Shopify,
        Dialect::WooCommerce,
        Dialect::Meta,
    ]
    .into_iter()
    .map(|d| {
        let mut out = Vec::new();
        shopctl::catalog::export::export(store.conn(), d, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        (d, text.lines().next().unwrap().to_string())
    })
    .collect()
}

/// The real catalog files of each platform (tests/fixtures/catalog/shared).
fn real_files() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog/shared");
    let mut out = Vec::new();
    for sub in ["shopify", "woocommerce", "meta"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            out.push(std::fs::read(e.unwrap().path()).unwrap());
        }
    }
    out
}

/// Imports `bytes` as a CSV file; checks what any import must do, whatever the file.
fn import_checked(
    store: &mut Store,
    path: &Path,
    bytes: &[u8],
    dialect: Option<Dialect>,
    dry_run: bool,
    skip_invalid: bool,
    decimal_comma: bool,
) -> Result<(), TestCaseError> {
    std::fs::write(path, bytes).unwrap();
    let before = (
        count(store, "products"),
        count(store, "outbox"),
        count(store, "images"),
    );
    let opts = import::Options {
        files: vec![path.to_path_buf()],
        images_dir: None,
        dialect,
        mode: Mode::Upsert,
        on_duplicate: import::OnDuplicate::Error,
        dry_run,
        skip_invalid,
        rejects: None,
        currency: None,
        decimal_comma,
        encoding: None,
    };
    let result = import::import(store, &opts, now(), &ProgressBar::hidden());
    let after = (
        count(store, "products"),
        count(store, "outbox"),
        count(store, "images"),
    );
    match result {
        Ok(report) => {
            prop_assert!(
                report.rejected == 0 || skip_invalid || dry_run,
                "{report:?}"
            );
            if dry_run {
                prop_assert_eq!(after, before);
            } else {
                prop_assert_eq!(after.0, before.0 + report.created as i64);
            }
        }
        Err(e) => {
            let text = format!("{e:#}");
            prop_assert!(!text.trim().is_empty());
            prop_assert!(!text.contains("panicked"), "{}", text);
            // All or nothing: a refused import wrote nothing.
            prop_assert_eq!(after, before, "{}", text);
        }
    }
    Ok(())
}

#[test]
fn fuzz_catalog_csv_of_every_dialect_is_imported_whole_or_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::cell::RefCell::new(new_shop(dir.path(), "SG", "SGD"));
    let path = dir.path().join("fuzz.csv");
    let files: Vec<BoxedStrategy<(Option<Dialect>, Vec<u8>)>> = headers(&store.borrow())
        .into_iter()
        .map(|(d, header)| {
            let width = header.split(',').count();
            (csv_text(header, width), any::<bool>(), mutations())
                .prop_map(move |(text, named, changes)| {
                    (named.then_some(d), mutate(text.into_bytes(), &changes))
                })
                .boxed()
        })
        .collect();
    let real = real_files();
    let mutated_real = (prop::sample::select(real), mutations())
        .prop_map(|(bytes, changes)| (None, mutate(bytes, &changes)))
        .boxed();
    let raw = vec(any::<u8>(), 0..512).prop_map(|b| (None, b)).boxed();
    let any_file = prop_oneof![
        files[0].clone(),
        files[1].clone(),
        files[2].clone(),
        files[3].clone(),
        mutated_real,
        raw
    ];
    let mut runner = TestRunner::new(config(64));
    runner
        .run(
            &(any_file, any::<bool>(), any::<bool>(), any::<bool>()),
            |((dialect, bytes), dry_run, skip_invalid, comma)| {
                import_checked(
                    &mut store.borrow_mut(),
                    &path,
                    &bytes,
                    dialect,
                    dry_run,
                    skip_invalid,
                    comma,
                )
            },
        )
        .unwrap();
}

// ---- Stripe's payout report CSV ---------------------------------------------------------------

fn report_fixture() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payouts/itemized_clean.csv"),
    )
    .unwrap()
}

#[test]
fn fuzz_payout_reports_are_read_or_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("report.csv");
    let fixture = report_fixture();
    let header = fixture.lines().next().unwrap().to_string();
    let width = header.split(',').count();
    let made = csv_text(header, width).prop_map(String::into_bytes);
    let mutated = mutations().prop_map(move |m| mutate(fixture.clone().into_bytes(), &m));
    let mut runner = TestRunner::new(config(64));
    runner
        .run(&prop_oneof![made, mutated], |bytes| {
            std::fs::write(&path, &bytes).unwrap();
            match shopctl::payouts::report::read(&path) {
                Ok(data) => {
                    for p in &data.payouts {
                        prop_assert!(!p.provider_ref.is_empty());
                    }
                }
                Err(e) => {
                    let text = format!("{e:#}");
                    prop_assert!(text.contains("report.csv"), "{}", text);
                }
            }
            Ok(())
        })
        .unwrap();
}

// ---- Stripe's API objects ----------------------------------------------------------------------

/// Objects in the shapes of Stripe's API reference, one of each kind shopctl reads.
fn stripe_objects() -> Vec<(&'static str, Value)> {
    vec![
        (
            "PaymentIntent",
            json!({"id": "pi_1", "object": "payment_intent", "amount": 2000, "currency": "sgd",
                   "status": "succeeded", "created": 1680800504, "latest_charge": "ch_1",
                   "metadata": {"order_ref": "O-1", "lines": "TEE:2@12.50,MUG:1"},
                   "payment_method": {"id": "pm_1", "type": "card"},
                   "payment_method_types": ["card"], "shipping": {"name": "A", "phone": "+65"}}),
        ),
        (
            "Charge",
            json!({"id": "ch_1", "object": "charge", "amount": 2000, "amount_refunded": 0,
                   "payment_intent": "pi_1"}),
        ),
        (
            "Refund",
            json!({"id": "re_1", "object": "refund", "amount": 100, "currency": "sgd",
                   "status": "succeeded", "created": 1680800600, "payment_intent": "pi_1",
                   "charge": "ch_1", "metadata": {"idempotency_key": "k"}}),
        ),
        (
            "Payout",
            json!({"id": "po_1", "object": "payout", "amount": 1900, "currency": "sgd",
                   "status": "paid", "created": 1680900000, "arrival_date": 1680990000}),
        ),
        (
            "balance transaction",
            json!({"id": "txn_1", "object": "balance_transaction", "amount": 2000, "fee": 100,
                   "net": 1900, "currency": "sgd", "type": "charge",
                   "reporting_category": "charge", "description": null, "created": 1680800504,
                   "source": {"id": "ch_1", "payment_intent": "pi_1"}}),
        ),
        (
            "Checkout Session",
            json!({"id": "cs_1", "object": "checkout.session", "created": 1680800504,
                   "status": "complete", "payment_status": "paid", "amount_total": 2000,
                   "currency": "sgd", "payment_intent": "pi_1", "metadata": {},
                   "customer_details": {"name": "A", "phone": null}}),
        ),
        (
            "Price",
            json!({"id": "price_1", "object": "price", "currency": "sgd", "unit_amount": 1250,
                   "product": "sku_TEE"}),
        ),
        (
            "Product",
            json!({"id": "sku_TEE", "object": "product", "metadata": {"sku": "TEE"},
                   "default_price": "price_1"}),
        ),
        ("Account", json!({"id": "acct_1", "object": "account"})),
    ]
}

fn parse_as_kind(kind: &str, value: Value) -> Result<(), String> {
    fn one<T: Object>(value: Value) -> Result<(), String> {
        objects::parse::<T>(value)
            .map(drop)
            .map_err(|e| e.to_string())
    }
    match kind {
        "PaymentIntent" => one::<objects::PaymentIntent>(value),
        "Charge" => one::<objects::Charge>(value),
        "Refund" => one::<objects::Refund>(value),
        "Payout" => one::<objects::Payout>(value),
        "balance transaction" => one::<objects::BalanceTransaction>(value),
        "Checkout Session" => one::<objects::CheckoutSession>(value),
        "Price" => one::<objects::Price>(value),
        "Product" => one::<objects::Product>(value),
        "Account" => one::<objects::Account>(value),
        other => panic!("no kind {other}"),
    }
}

#[test]
fn fuzz_stripe_objects_parse_or_name_the_object_and_what_is_wrong() {
    for (kind, value) in stripe_objects() {
        assert_eq!(parse_as_kind(kind, value), Ok(()), "{kind}");
    }
    let objects = stripe_objects();
    let swapped = (
        prop::sample::select(objects),
        any::<usize>(),
        prop::option::weighted(0.8, any_json()),
    )
        .prop_map(|((kind, v), n, with)| (kind, swap(v, n, with)));
    let anything = (
        prop::sample::select(
            stripe_objects()
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>(),
        ),
        any_json(),
    );
    let mut runner = TestRunner::new(config(300));
    runner
        .run(&prop_oneof![swapped, anything], |(kind, value)| {
            if let Err(e) = parse_as_kind(kind, value) {
                prop_assert!(e.contains(kind), "{} error does not name it: {}", kind, e);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_stripe_amounts_and_order_lines_never_panic() {
    let sgd = Currency::from_code("SGD").unwrap();
    let mut runner = TestRunner::new(config(300));
    runner
        .run(
            &(
                any::<i64>(),
                prop_oneof![
                    prop::sample::select(vec!["sgd", "jpy", "kwd", "bhd", "isk", "huf", "xxx", ""])
                        .prop_map(str::to_string),
                    "\\PC{0,6}",
                ],
                hostile_text(),
                any::<i64>(),
            ),
            |(amount, currency, lines, total)| {
                if let Ok(m) = shopctl::provider::stripe::from_stripe_amount(amount, &currency) {
                    // Back to Stripe's units, the same amount (or refused: Stripe takes
                    // three-decimal amounts only ending in 0, and says so).
                    if let Ok((back, _)) = shopctl::provider::stripe::to_stripe_amount(&m) {
                        prop_assert_eq!(back, amount);
                    }
                }
                let _ = shopctl::provider::stripe::parse_lines(&lines, Money::new(total, sgd));
                Ok(())
            },
        )
        .unwrap();
}

// ---- Razorpay's entities -----------------------------------------------------------------------

/// Entities in the shapes of Razorpay's API reference, one of each kind shopctl reads.
fn razorpay_entities() -> Vec<(&'static str, Value)> {
    vec![
        (
            "payment",
            json!({"id": "pay_1", "entity": "payment", "amount": 60500, "currency": "INR",
                   "status": "captured", "captured": true, "method": "upi",
                   "order_id": "order_1", "amount_refunded": 0,
                   "notes": {"order_ref": "O-1"}, "contact": "+919876543210",
                   "error_code": null, "error_description": null, "fee": 1428, "tax": 218,
                   "created_at": 1763542800}),
        ),
        (
            "order",
            json!({"id": "order_1", "entity": "order", "amount": 60500, "currency": "INR",
                   "receipt": "1001", "status": "paid", "notes": [], "created_at": 1763542800}),
        ),
        (
            "refund",
            json!({"id": "rfnd_1", "entity": "refund", "amount": 100, "currency": "INR",
                   "payment_id": "pay_1", "notes": {"shopctl_key": "k"},
                   "status": "processed", "created_at": 1763542900}),
        ),
        (
            "settlement",
            json!({"id": "setl_1", "entity": "settlement", "amount": 59072, "status": "processed",
                   "fees": 0, "tax": 0, "utr": "UTR1", "created_at": 1763629200}),
        ),
        (
            "settlement recon item",
            json!({"entity_id": "pay_1", "type": "payment", "debit": 0, "credit": 59072,
                   "amount": 60500, "currency": "INR", "fee": 1428, "tax": 218,
                   "settlement_id": "setl_1", "description": null,
                   "created_at": 1763542800}),
        ),
    ]
}

fn parse_razorpay(kind: &str, value: Value) -> Result<(), String> {
    use shopctl::provider::razorpay::objects as rzp;
    fn one<T: rzp::Entity>(value: Value) -> Result<(), String> {
        rzp::parse::<T>(value).map(drop).map_err(|e| e.to_string())
    }
    match kind {
        "payment" => one::<rzp::Payment>(value),
        "order" => one::<rzp::Order>(value),
        "refund" => one::<rzp::Refund>(value),
        "settlement" => one::<rzp::Settlement>(value),
        "settlement recon item" => one::<rzp::ReconItem>(value),
        other => panic!("no kind {other}"),
    }
}

#[test]
fn fuzz_razorpay_entities_parse_or_name_the_entity_and_what_is_wrong() {
    for (kind, value) in razorpay_entities() {
        assert_eq!(parse_razorpay(kind, value), Ok(()), "{kind}");
    }
    let swapped = (
        prop::sample::select(razorpay_entities()),
        any::<usize>(),
        prop::option::weighted(0.8, any_json()),
    )
        .prop_map(|((kind, v), n, with)| (kind, swap(v, n, with)));
    let kinds: Vec<&'static str> = razorpay_entities().into_iter().map(|(k, _)| k).collect();
    let anything = (prop::sample::select(kinds), any_json());
    let mut runner = TestRunner::new(config(300));
    runner
        .run(&prop_oneof![swapped, anything], |(kind, value)| {
            if let Err(e) = parse_razorpay(kind, value) {
                prop_assert!(
                    e.contains("Razorpay") && e.contains(kind),
                    "{} error does not name it: {}",
                    kind,
                    e
                );
            }
            Ok(())
        })
        .unwrap();
}

// ---- webhook deliveries (`serve`) ---------------------------------------------------------------

/// A delivery's body: an event in a provider's shape with a field swapped, or any bytes.
fn webhook_body() -> impl Strategy<Value = Vec<u8>> {
    let stripe = json!({"id": "evt_1", "object": "event", "type": "payment_intent.succeeded",
                        "data": {"object": {"id": "pi_1", "object": "payment_intent"}}});
    let razorpay: Value = serde_json::from_slice(include_bytes!(
        "../fixtures/webhooks/razorpay_payment_authorized.json"
    ))
    .unwrap();
    prop_oneof![
        (
            prop::sample::select(vec![stripe, razorpay]),
            any::<usize>(),
            prop::option::weighted(0.8, any_json()),
        )
            .prop_map(|(v, n, with)| swap(v, n, with).to_string().into_bytes()),
        vec(any::<u8>(), 0..256),
        hostile_text().prop_map(String::into_bytes),
    ]
}

#[test]
fn fuzz_webhook_signatures_and_events_are_refused_or_read_never_panic() {
    use secrecy::SecretString;
    use shopctl::channel::Delivery;
    use shopctl::channel::whatsapp::signature as meta;
    use shopctl::provider::razorpay::webhook as razorpay;
    use shopctl::provider::stripe::webhook as stripe;
    let secret = SecretString::from("whsec_fuzz_secret".to_string());
    let now = 1_763_542_800i64;
    let mut runner = TestRunner::new(config(300));
    runner
        .run(
            &(
                webhook_body(),
                hostile_text(),
                // Any time, the edges of i64, and around the tolerance.
                prop_oneof![
                    any::<i64>(),
                    prop::sample::select(vec![i64::MIN, i64::MIN + 1, i64::MAX, 0, -1]),
                    (now - 400)..(now + 100),
                ],
                vec(hostile_text(), 0..6),
            ),
            |(body, header, t, query)| {
                // A stranger's header: refused (a forged signature cannot match).
                let _ = stripe::parse_header(&header);
                prop_assert!(stripe::verify(&secret, Some(&header), &body, now).is_err());
                prop_assert!(razorpay::verify(&secret, Some(&header), &body).is_err());
                let headers = [("x-hub-signature-256".to_string(), header.clone())];
                let delivery = Delivery {
                    headers: &headers,
                    body: &body,
                };
                prop_assert!(meta::verify(&secret, &delivery).is_err());
                // Signed with the secret, at any time: accepted within the tolerance only.
                let signed = stripe::sign(&secret, t, &body);
                let fresh = now.saturating_sub(t) <= stripe::TOLERANCE_SECS;
                prop_assert_eq!(
                    stripe::verify(&secret, Some(&signed), &body, now).is_ok(),
                    fresh
                );
                let signed = razorpay::sign(&secret, &body);
                prop_assert!(razorpay::verify(&secret, Some(&signed), &body).is_ok());
                let headers = [(
                    "x-hub-signature-256".to_string(),
                    meta::sign(&secret, &body),
                )];
                let delivery = Delivery {
                    headers: &headers,
                    body: &body,
                };
                prop_assert!(meta::verify(&secret, &delivery).is_ok());
                // What the body says, or why not.
                if let Ok(e) = stripe::event(&body) {
                    prop_assert!(!e.kind.is_empty() || e.resource.is_none());
                }
                let _ = razorpay::event(&body);
                // The subscription handshake with any query: only the verify token passes.
                let pairs: Vec<(String, String)> = query
                    .chunks(2)
                    .map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default()))
                    .collect();
                prop_assert!(meta::handshake(&secret, &pairs).is_err());
                Ok(())
            },
        )
        .unwrap();
}

// ---- WhatsApp order webhooks (`orders import`) ------------------------------------------------

fn webhook_fixture() -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders/webhook_order.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn fuzz_whatsapp_order_webhooks_are_imported_whole_or_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::cell::RefCell::new(new_shop(dir.path(), "SG", "SGD"));
    let sgd = Currency::from_code("SGD").unwrap();
    let fixture = webhook_fixture();
    let swapped = (any::<usize>(), prop::option::weighted(0.85, any_json()))
        .prop_map(move |(n, with)| swap(fixture.clone(), n, with).to_string());
    let lines = vec(
        prop_oneof![any_json().prop_map(|v| v.to_string()), hostile_text()],
        0..4,
    )
    .prop_map(|l| l.join("\n"));
    let mut runner = TestRunner::new(config(150));
    runner
        .run(&prop_oneof![3 => swapped, 1 => lines], |text| {
            let mut store = store.borrow_mut();
            let before = (count(&store, "orders"), count(&store, "order_lines"));
            let result = store.write(|tx| {
                shopctl::orders::import::import(tx, "webhook.json", text.as_bytes(), sgd, now())
            });
            let after = (count(&store, "orders"), count(&store, "order_lines"));
            match result {
                Ok(summary) => prop_assert!(after.0 >= before.0, "{summary:?}"),
                Err(e) => {
                    let msg = format!("{e:#}");
                    prop_assert!(msg.contains("webhook.json"), "{}", msg);
                    prop_assert_eq!(after, before, "{}", msg);
                }
            }
            Ok(())
        })
        .unwrap();
}
