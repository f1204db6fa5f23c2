//! `shopctl serve` through the real binary (issue 12): started on a free port, Meta's
//! handshake, signed and badly signed deliveries (the spec's own examples and our carts),
//! twice, out of order, over the size limit, a delivery whose processing fails and is retried,
//! SIGTERM, and a kill -9 between the inbox commit and processing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::support::{TestShop, bin, fixture};

pub const APP_SECRET: &str = "app-secret-for-tests";
pub const VERIFY_TOKEN: &str = "verify-token-for-tests";

/// A US shop (the spec's example cart is in USD) selling the example's two SKUs, card enabled,
/// on the WhatsApp channel with its secrets in the environment.
pub fn whatsapp_shop(graph_base: &str) -> TestShop {
    let mut shop = TestShop::empty();
    shop.run(&["init", "--name", "Chat Shop", "--country", "US"])
        .ok();
    shop.stock(
        "sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link\n\
         di9ozbzfi4,,Succulent pot,,active,30.00,,USD,10,,,,,,\n\
         nqryix03ez,,Cactus,,active,25.00,,USD,10,,,,,,\n",
        &["card"],
    );
    connect_whatsapp(&mut shop, "194836987003835", graph_base);
    shop
}

/// Puts the WhatsApp secrets in `shop`'s environment and runs `channel set whatsapp` with the
/// catalog `catalog_id` and the Graph base `graph_base`.
pub fn connect_whatsapp(shop: &mut TestShop, catalog_id: &str, graph_base: &str) {
    for (k, v) in [
        ("WA_TOKEN", "EAAtesttoken"),
        ("WA_APP_SECRET", APP_SECRET),
        ("WA_VERIFY_TOKEN", VERIFY_TOKEN),
    ] {
        shop.env.push((k.into(), v.into()));
    }
    shop.run(&[
        "channel",
        "set",
        "whatsapp",
        "--phone-number-id",
        "106540352242922",
        "--catalog-id",
        catalog_id,
        "--token-env",
        "WA_TOKEN",
        "--app-secret-env",
        "WA_APP_SECRET",
        "--verify-token-env",
        "WA_VERIFY_TOKEN",
        "--graph-base",
        graph_base,
    ])
    .ok();
}

/// A running `shopctl serve`, killed when dropped.
pub struct Serving {
    child: Child,
    pub base: String,
    log: Arc<Mutex<String>>,
}

impl Serving {
    pub fn start(shop: &TestShop, extra_env: &[(&str, &str)]) -> Serving {
        Serving::start_with(shop, &[], extra_env)
    }

    /// `start`, with global options (`--format json`) before `serve`.
    pub fn start_with(shop: &TestShop, options: &[&str], extra_env: &[(&str, &str)]) -> Serving {
        let mut cmd: Command = shop.command();
        cmd.args(options)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let _ = bin();
        let mut child = cmd.spawn().expect("start serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // Logged before the address is handed over, so the start line is in the log
                // when `start` returns.
                {
                    let mut l = sink.lock().unwrap();
                    l.push_str(&line);
                    l.push('\n');
                }
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let addr = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("serve did not start: {}", log.lock().unwrap()));
        Serving {
            child,
            base: format!("http://{addr}"),
            log,
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// POSTs `body` to `path` with `headers`: the status.
    pub fn post(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> u16 {
        let mut req = agent()
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send(body).unwrap().status().as_u16()
    }

    /// Waits until the log has `needle` (the processor's line for a delivery).
    pub fn wait_for(&self, needle: &str) {
        eventually(&format!("serve to log {needle:?}"), || {
            self.log().contains(needle)
        });
    }

    /// SIGTERM, and the exit code.
    pub fn stop(mut self) -> (i32, String) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().unwrap();
        // Let the reader thread take the last lines.
        std::thread::sleep(Duration::from_millis(100));
        (status.code().unwrap_or(-1), self.log())
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// POSTs `body` to the WhatsApp webhook with `signature` (None: no header); status and body.
pub fn post(base: &str, body: &[u8], signature: Option<&str>) -> Result<(u16, String), String> {
    let mut req = agent()
        .post(format!("{base}/webhooks/whatsapp"))
        .header("Content-Type", "application/json");
    if let Some(sig) = signature {
        req = req.header("X-Hub-Signature-256", sig);
    }
    match req.send(body) {
        Ok(mut r) => Ok((
            r.status().as_u16(),
            r.body_mut().read_to_string().unwrap_or_default(),
        )),
        Err(e) => Err(e.to_string()),
    }
}

pub fn post_signed(base: &str, body: &[u8]) -> (u16, String) {
    post(base, body, Some(&sign(body, APP_SECRET))).unwrap()
}

fn get(url: &str) -> (u16, String) {
    let mut r = agent().get(url).call().unwrap();
    (
        r.status().as_u16(),
        r.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// Waits until `check` holds (the processor works after the answer).
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn orders(shop: &TestShop) -> Vec<Value> {
    shop.json(&["orders", "list"]).as_array().unwrap().clone()
}

fn payment_status(order: &str, status: &str, txn: &str, at: u64) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "419561257915477", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "statuses": [{
                "id": "wamid.PAYMENTSTATUS1", "status": status, "type": "payment",
                "timestamp": at.to_string(), "recipient_id": "16505551234",
                "payment": {
                    "reference_id": order,
                    "amount": {"value": 8500, "offset": 100},
                    "currency": "USD",
                    "transaction": {"id": "wa_txn_1", "pg_transaction_id": txn, "type": "stripe",
                                    "status": if status == "captured" { "success" } else { status },
                                    "method": {"type": "card"}}
                }
            }]
        }}]}]
    }))
    .unwrap()
}

#[test]
fn serve_stores_signed_deliveries_once_and_refuses_the_rest() {
    let shop = whatsapp_shop("http://127.0.0.1:9");
    let serving = Serving::start(&shop, &[]);
    let base = serving.base.clone();
    assert_eq!(get(&format!("{base}/healthz")), (200, "ok\n".into()));

    // Meta's handshake: the challenge echoed for the right token, 403 otherwise.
    let hs = |token: &str| {
        get(&format!(
            "{base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444"
        ))
    };
    assert_eq!(hs(VERIFY_TOKEN), (200, "1158201444".into()));
    assert_eq!(hs("wrong").0, 403);

    // Badly signed or unsigned: 401 and nothing stored.
    let cart = std::fs::read(fixture("whatsapp/examples/order_message.json")).unwrap();
    let before = shop.snapshot();
    assert_eq!(post(&base, &cart, None).unwrap().0, 401);
    assert_eq!(
        post(&base, &cart, Some(&sign(&cart, "not-the-secret")))
            .unwrap()
            .0,
        401
    );
    let mut tampered = cart.clone();
    tampered.extend_from_slice(b" ");
    assert_eq!(
        post(&base, &tampered, Some(&sign(&cart, APP_SECRET)))
            .unwrap()
            .0,
        401
    );
    assert_eq!(
        shop.snapshot(),
        before,
        "a refused delivery wrote something"
    );

    // The spec's own order example, twice: one order.
    assert_eq!(post_signed(&base, &cart).0, 200);
    assert_eq!(post_signed(&base, &cart).0, 200);
    eventually("the order", || orders(&shop).len() == 1);
    let order = &orders(&shop)[0];
    assert_eq!(order["total"], "85.00");
    assert_eq!(order["status"], "pending");
    let id = order["id"].as_str().unwrap().to_string();

    // Every other example of the spec is stored and processed without failing.
    for entry in std::fs::read_dir(fixture("whatsapp/examples")).unwrap() {
        let body = std::fs::read(entry.unwrap().path()).unwrap();
        assert_eq!(post_signed(&base, &body).0, 200);
    }

    // The payment made in the chat, captured: the order is paid. A late `pending` for the same
    // payment (out of order) changes nothing.
    assert_eq!(
        post_signed(
            &base,
            &payment_status(&id, "captured", "pi_chat_1", 1750096400)
        )
        .0,
        200
    );
    assert_eq!(
        post_signed(
            &base,
            &payment_status(&id, "pending", "pi_chat_1", 1750096390)
        )
        .0,
        200
    );
    eventually("the payment", || {
        orders(&shop)[0]["payment_status"] == "captured"
    });
    let show = shop.json(&["orders", "show", &id]);
    assert_eq!(show["status"], "processing", "{show}");

    // Over the limit: 413, nothing stored.
    let inbox_before = shop.json(&["inbox", "list"]).as_array().unwrap().len();
    let big = vec![b' '; 1024 * 1024 + 1];
    assert_eq!(
        post(&base, &big, Some(&sign(&big, APP_SECRET))).map(|r| r.0),
        Ok(413)
    );
    assert_eq!(
        shop.json(&["inbox", "list"]).as_array().unwrap().len(),
        inbox_before
    );
    eventually("every delivery processed", || {
        shop.json(&["inbox", "list"])
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "processed")
    });
    assert_eq!(orders(&shop).len(), 1);

    let (code, log) = serving.stop();
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("serve: stopped"), "{log}");
    assert!(log.contains("POST /webhooks/whatsapp 401"), "{log}");
    assert!(log.contains("GET /webhooks/whatsapp 403"), "{log}");
    // No secret and no customer's words in the log.
    for secret in [
        APP_SECRET,
        VERIFY_TOKEN,
        "EAAtesttoken",
        "Does it come in another color",
    ] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[test]
fn with_format_json_every_line_of_the_log_is_a_json_object() {
    let shop = whatsapp_shop("http://127.0.0.1:9");
    let serving = Serving::start_with(&shop, &["--format", "json"], &[]);
    let base = serving.base.clone();
    assert_eq!(get(&format!("{base}/healthz")).0, 200);
    let cart = std::fs::read(fixture("whatsapp/examples/order_message.json")).unwrap();
    assert_eq!(post(&base, &cart, None).unwrap().0, 401);
    assert_eq!(post_signed(&base, &cart).0, 200);
    eventually("the order", || orders(&shop).len() == 1);
    serving.wait_for("inbox ");
    let (code, log) = serving.stop();
    assert_eq!(code, 0, "{log}");
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: not JSON: {l}")))
        .collect();
    for line in &lines {
        assert!(
            line.get("note")
                .or(line.get("warning"))
                .is_some_and(Value::is_string),
            "{line}"
        );
    }
    // A line per request, with its fields beside the text.
    let request = |status: u64| {
        lines.iter().any(|l| {
            l["method"] == "POST" && l["path"] == "/webhooks/whatsapp" && l["status"] == status
        })
    };
    assert!(request(401) && request(200), "{log}");
    assert!(
        lines
            .iter()
            .any(|l| l["path"] == "/healthz" && l["ms"].is_u64() && l["bytes"] == 3),
        "{log}"
    );
    // The processor's round, and the start and stop.
    let said = |needle: &str| {
        lines
            .iter()
            .any(|l| l["note"].as_str().is_some_and(|n| n.contains(needle)))
    };
    assert!(
        said("serve: inbox ") && said("listening on http://") && said("serve: stopped"),
        "{log}"
    );
}

#[test]
fn a_failed_delivery_is_kept_and_retried() {
    let shop = whatsapp_shop("http://127.0.0.1:9");
    let serving = Serving::start(&shop, &[]);
    // A cart for a SKU the shop does not sell yet.
    let cart = std::fs::read_to_string(fixture("whatsapp/examples/order_message.json"))
        .unwrap()
        .replace("nqryix03ez", "NEW-SKU");
    assert_eq!(post_signed(&serving.base, cart.as_bytes()).0, 200);
    eventually("the failure", || {
        !shop
            .json(&["inbox", "list", "--failed"])
            .as_array()
            .unwrap()
            .is_empty()
    });
    let failed = shop.json(&["inbox", "list", "--failed"]);
    assert!(
        failed[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("unknown SKU \"NEW-SKU\""),
        "{failed}"
    );
    assert!(orders(&shop).is_empty());
    drop(serving);

    shop.run(&[
        "catalog", "add", "NEW-SKU", "--title", "New", "--price", "25.00", "--stock", "3",
    ])
    .ok();
    let id = failed[0]["id"].as_str().unwrap();
    shop.run(&["inbox", "retry", id]).ok();
    assert_eq!(orders(&shop).len(), 1);
    shop.run(&["inbox", "retry", id])
        .code(1)
        .stderr_has("was processed; there is nothing to retry");
}

#[test]
fn a_delivery_committed_before_a_kill_is_processed_once_at_the_next_start() {
    let shop = whatsapp_shop("http://127.0.0.1:9");
    let cart = std::fs::read(fixture("whatsapp/examples/order_message.json")).unwrap();
    {
        let serving = Serving::start(&shop, &[("SHOPCTL_SERVE_CRASH_AFTER_COMMIT", "1")]);
        // The process dies after the commit, before answering: the sender sees no 200.
        assert!(post(&serving.base, &cart, Some(&sign(&cart, APP_SECRET))).is_err());
    }
    assert!(orders(&shop).is_empty());
    let inbox = shop.json(&["inbox", "list"]);
    assert_eq!(inbox[0]["status"], "pending", "{inbox}");

    let serving = Serving::start(&shop, &[]);
    eventually("the order", || orders(&shop).len() == 1);
    // Meta retries the delivery it got no answer for: seen, still one order.
    assert_eq!(post_signed(&serving.base, &cart).0, 200);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(orders(&shop).len(), 1);
    assert_eq!(shop.json(&["inbox", "list"]).as_array().unwrap().len(), 1);
    let (code, log) = serving.stop();
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("seen before"), "{log}");
}

/// The vendored spec is the shared one, byte for byte, while `../shared` is there.
#[test]
fn the_vendored_spec_matches_the_shared_one() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/specs");
    for name in [
        "whatsapp-business-messaging-api_v23.0.yaml",
        "LICENSE-meta-openapi",
    ] {
        let Ok(theirs) = std::fs::read(shared.join(name)) else {
            continue;
        };
        let ours = std::fs::read(fixture(&format!("whatsapp/{name}"))).unwrap();
        assert!(
            ours == theirs,
            "tests/fixtures/whatsapp/{name} differs from ../shared/specs/{name}"
        );
    }
}
