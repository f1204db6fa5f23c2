//! A TEST DOUBLE of the Stripe API (not Stripe, not localstripe): a small HTTP server on
//! 127.0.0.1 that sits in front of localstripe and serves, in Stripe's published response
//! shapes, ONLY what localstripe lacks:
//! - Prices (`/v1/prices`) and a product's `default_price`;
//! - Checkout Sessions (`/v1/checkout/sessions`, `/line_items`), which a test adds;
//! - the payout → balance transactions link (`/v1/balance_transactions?payout=`), which a test
//!   states, with the fee Stripe would have taken (localstripe charges none);
//! - payment method configurations (`/v1/payment_method_configurations`);
//! - a product's `images` and `default_price` (localstripe refuses both fields);
//! - the `created[gte]` filter on lists (localstripe refuses it);
//! - the account a key belongs to (`GET /v1/account`, docs.stripe.com/api/accounts/retrieve),
//!   which a test may change to play a key of another account.
//!
//! Everything else is passed through to localstripe unchanged. It also checks the API key
//! (localstripe takes any `sk_` key), records every request with its Idempotency-Key and
//! Stripe-Account headers, honours Idempotency-Key for what it serves itself, and plays
//! scripted faults: an HTTP status instead of the answer (before or after doing the work), or
//! a dropped connection. It can also add to a payout balance transactions localstripe cannot
//! make (an adjustment).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::http_wire::{self as wire, respond};

#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Answer with this status and a Stripe error body, without doing anything.
    Status(u16),
    /// Read the request, then close the connection without an answer.
    Drop,
    /// Do what was asked (pass it on to localstripe), then answer this status as if it had
    /// failed: the case where only a check made before the retry avoids doing it twice.
    StatusAfter(u16),
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub idempotency_key: Option<String>,
    /// The `Stripe-Account` header (Stripe Connect), when the request had one.
    pub stripe_account: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct State {
    upstream: Option<String>,
    key: String,
    account: String,
    prices: Vec<Value>,
    default_prices: HashMap<String, String>,
    images: HashMap<String, Vec<String>>,
    sessions: Vec<Value>,
    line_items: HashMap<String, Vec<Value>>,
    payout_txns: HashMap<String, Vec<(String, i64)>>,
    extra_txns: HashMap<String, Vec<Value>>,
    pmc: Value,
    faults: Vec<(String, String, Fault)>,
    seen: Vec<Seen>,
    idempotent: HashMap<String, (u16, String)>,
    counter: u64,
}

pub struct Double {
    pub base: String,
    state: Arc<Mutex<State>>,
}

struct Req {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: HashMap<String, String>,
    form: Vec<(String, String)>,
}

impl Req {
    fn q(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn f(&self, k: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
}

impl Double {
    /// `upstream`: localstripe's base, or `None` for a double that serves only its own paths.
    pub fn start(upstream: Option<&str>, key: &str) -> Double {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            upstream: upstream.map(str::to_owned),
            key: key.to_owned(),
            account: "acct_1DoubleFirst".into(),
            pmc: json!({
                "id": "pmc_double_default", "object": "payment_method_configuration",
                "active": true, "is_default": true, "livemode": false, "name": "Default",
                "card": {"available": true, "display_preference": {"overridable": null, "preference": "on", "value": "on"}},
                "paynow": {"available": false, "display_preference": {"overridable": null, "preference": "off", "value": "off"}}
            }),
            ..State::default()
        }));
        let st = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let st = st.clone();
                std::thread::spawn(move || serve(stream, st));
            }
        });
        Double { base, state }
    }

    pub fn fail_next(&self, method: &str, path_prefix: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push((method.into(), path_prefix.into(), fault));
    }

    /// From now on the key belongs to account `id` (as if the shop's key were another
    /// account's): `GET /v1/account` says so; everything else is as before.
    pub fn set_account(&self, id: &str) {
        self.state.lock().unwrap().account = id.into();
    }

    /// Forgets the faults not played yet.
    pub fn clear_faults(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn prices(&self) -> Vec<Value> {
        self.state.lock().unwrap().prices.clone()
    }

    pub fn default_price(&self, product: &str) -> Option<String> {
        self.state
            .lock()
            .unwrap()
            .default_prices
            .get(product)
            .cloned()
    }

    pub fn images(&self, product: &str) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .images
            .get(product)
            .cloned()
            .unwrap_or_default()
    }

    pub fn payment_method_configuration(&self) -> Value {
        self.state.lock().unwrap().pmc.clone()
    }

    /// A Checkout Session as Stripe returns it, with its line items (each `price` an id of a
    /// Price the double holds, and a quantity).
    pub fn add_session(&self, session: Value, items: &[(&str, i64)]) {
        let mut st = self.state.lock().unwrap();
        let id = session["id"].as_str().unwrap().to_owned();
        let mut lines = Vec::new();
        for (n, (price_id, qty)) in items.iter().enumerate() {
            let price = st
                .prices
                .iter()
                .find(|p| p["id"] == *price_id)
                .cloned()
                .unwrap_or_else(|| panic!("the double has no price {price_id}"));
            let unit = price["unit_amount"].as_i64().unwrap();
            lines.push(json!({
                "id": format!("li_double_{id}_{n}"), "object": "item",
                "amount_subtotal": unit * qty, "amount_total": unit * qty,
                "currency": price["currency"], "description": "", "quantity": qty,
                "price": price,
            }));
        }
        st.line_items.insert(id, lines);
        st.sessions.push(session);
    }

    /// States which balance transactions (localstripe's) a payout is made of, with the fee
    /// Stripe would have taken on each.
    pub fn link_payout(&self, payout: &str, txns: &[(&str, i64)]) {
        self.state.lock().unwrap().payout_txns.insert(
            payout.into(),
            txns.iter().map(|(t, f)| (t.to_string(), *f)).collect(),
        );
    }
}

impl Double {
    /// Adds to a payout a balance transaction localstripe cannot make (e.g. an adjustment),
    /// in Stripe's shape: `kind` is its `type` and `reporting_category`, `net` its amount.
    pub fn add_payout_txn(&self, payout: &str, id: &str, kind: &str, net: i64, currency: &str) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let txn = json!({
            "id": id, "object": "balance_transaction", "amount": net, "fee": 0, "net": net,
            "fee_details": [], "currency": currency, "type": kind, "reporting_category": kind,
            "description": format!("{kind} added by the test double"), "source": null,
            "status": "available", "created": now, "available_on": now,
        });
        self.state
            .lock()
            .unwrap()
            .extra_txns
            .entry(payout.into())
            .or_default()
            .push(txn);
    }
}

fn encode_pairs(pairs: &[(String, String)]) -> String {
    let enc = |t: &str| {
        t.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn error_body(kind: &str, message: &str) -> String {
    json!({"error": {"type": kind, "message": message}}).to_string()
}

/// The error a scripted status answers with, typed as Stripe types it
/// (<https://docs.stripe.com/api/errors>): 429 a `rate_limit_error`, another 4xx an
/// `invalid_request_error` naming a code and a param, 5xx an `api_error`.
fn fault_body(code: u16) -> String {
    match code {
        429 => error_body(
            "rate_limit_error",
            "the double was told to fail this request",
        ),
        400..=499 => json!({"error": {
            "type": "invalid_request_error",
            "message": "the double was told to refuse this request",
            "code": "parameter_invalid_integer",
            "param": "amount",
        }})
        .to_string(),
        _ => error_body("api_error", "the double was told to fail this request"),
    }
}

fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let Some(req) = read_request(&mut stream) else {
        return;
    };
    let idem = req.headers.get("idempotency-key").cloned();
    let (status, body) = {
        let fault = {
            let mut st = state.lock().unwrap();
            let pos = st
                .faults
                .iter()
                .position(|(m, p, _)| *m == req.method && req.path.starts_with(p.as_str()));
            pos.map(|i| st.faults.remove(i).2)
        };
        match fault {
            Some(Fault::Drop) => {
                record(&state, &req, &idem, 0);
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
            Some(Fault::Status(code)) => (code, fault_body(code)),
            Some(Fault::StatusAfter(code)) => {
                handle(&req, &idem, &state);
                (
                    code,
                    error_body("api_error", "the double did this, then was told to fail it"),
                )
            }
            None => handle(&req, &idem, &state),
        }
    };
    record(&state, &req, &idem, status);
    respond(&mut stream, status, &body);
}

fn record(state: &Arc<Mutex<State>>, req: &Req, idem: &Option<String>, status: u16) {
    state.lock().unwrap().seen.push(Seen {
        method: req.method.clone(),
        path: req.path.clone(),
        idempotency_key: idem.clone(),
        stripe_account: req.headers.get("stripe-account").cloned(),
        status,
    });
}

fn list(data: Vec<Value>, url: &str) -> String {
    json!({"object": "list", "data": data, "has_more": false, "url": url}).to_string()
}

fn handle(req: &Req, idem: &Option<String>, state: &Arc<Mutex<State>>) -> (u16, String) {
    let key = state.lock().unwrap().key.clone();
    let auth = req
        .headers
        .get("authorization")
        .cloned()
        .unwrap_or_default();
    if auth != format!("Bearer {key}") {
        let given = auth.strip_prefix("Bearer ").unwrap_or("");
        let tail: String = given
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return (
            401,
            error_body(
                "invalid_request_error",
                &format!("Invalid API Key provided: sk_test_****{tail}"),
            ),
        );
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let mut st = state.lock().unwrap();
    if req.method == "POST"
        && let Some(k) = idem
        && let Some((s, b)) = st.idempotent.get(k)
    {
        return (*s, b.clone());
    }
    let segs: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    let served: Option<(u16, String)> = match (req.method.as_str(), segs.as_slice()) {
        ("GET", ["v1", "account"]) => Some((
            200,
            json!({
                "id": st.account, "object": "account", "type": "standard", "country": "DE",
                "default_currency": "eur", "charges_enabled": true, "payouts_enabled": true,
                "details_submitted": true, "email": null, "metadata": {}
            })
            .to_string(),
        )),
        ("GET", ["v1", "prices"]) => {
            let data = st
                .prices
                .iter()
                .filter(|p| req.q("product").is_none_or(|x| p["product"] == x))
                .filter(|p| {
                    req.q("active").is_none_or(|x| {
                        p["active"].as_bool().map(|b| b.to_string()).as_deref() == Some(x)
                    })
                })
                .cloned()
                .collect();
            Some((200, list(data, "/v1/prices")))
        }
        ("POST", ["v1", "prices"]) => {
            st.counter += 1;
            let mut metadata = serde_json::Map::new();
            for (k, v) in &req.form {
                if let Some(m) = k
                    .strip_prefix("metadata[")
                    .and_then(|m| m.strip_suffix(']'))
                {
                    metadata.insert(m.into(), v.clone().into());
                }
            }
            let price = json!({
                "id": format!("price_double{}", st.counter), "object": "price", "active": true,
                "billing_scheme": "per_unit", "created": now, "currency": req.f("currency"),
                "livemode": false, "metadata": metadata, "product": req.f("product"),
                "type": "one_time",
                "unit_amount": req.f("unit_amount").and_then(|a| a.parse::<i64>().ok()),
            });
            st.prices.push(price.clone());
            Some((200, price.to_string()))
        }
        ("POST", ["v1", "prices", id]) => {
            let active = req.f("active").map(|a| a == "true");
            match st.prices.iter_mut().find(|p| p["id"] == *id) {
                Some(p) => {
                    if let Some(a) = active {
                        p["active"] = a.into();
                    }
                    Some((200, p.to_string()))
                }
                None => Some((
                    404,
                    error_body("invalid_request_error", &format!("No such price: '{id}'")),
                )),
            }
        }
        ("GET", ["v1", "checkout", "sessions"]) => {
            let since = req.q("created[gte]").and_then(|c| c.parse::<i64>().ok());
            let data = st
                .sessions
                .iter()
                .filter(|s| since.is_none_or(|c| s["created"].as_i64().unwrap_or(0) >= c))
                .cloned()
                .collect();
            Some((200, list(data, "/v1/checkout/sessions")))
        }
        ("GET", ["v1", "checkout", "sessions", id, "line_items"]) => {
            let mut items = st.line_items.get(*id).cloned().unwrap_or_default();
            let expand_product = req
                .query
                .iter()
                .any(|(k, v)| k == "expand[]" && v == "data.price.product");
            let upstream = st.upstream.clone();
            drop(st);
            if expand_product {
                for item in &mut items {
                    let pid = item["price"]["product"].as_str().unwrap_or("").to_owned();
                    let (s, b) =
                        forward(&upstream, "GET", &format!("/v1/products/{pid}"), "", &auth);
                    if s == 200 {
                        item["price"]["product"] = serde_json::from_str(&b).unwrap();
                    }
                }
            }
            return (200, list(items, "/v1/checkout/sessions/line_items"));
        }
        ("GET", ["v1", "payment_method_configurations"]) => Some((
            200,
            list(vec![st.pmc.clone()], "/v1/payment_method_configurations"),
        )),
        ("POST", ["v1", "payment_method_configurations", id]) if st.pmc["id"] == *id => {
            for (k, v) in &req.form {
                if let Some(kind) = k.strip_suffix("[display_preference][preference]") {
                    st.pmc[kind] = json!({"available": v == "on",
                        "display_preference": {"overridable": null, "preference": v, "value": v}});
                }
            }
            Some((200, st.pmc.to_string()))
        }
        ("GET", ["v1", "balance_transactions"]) if req.q("payout").is_some() => {
            let txns = st
                .payout_txns
                .get(req.q("payout").unwrap())
                .cloned()
                .unwrap_or_default();
            let extra = st
                .extra_txns
                .get(req.q("payout").unwrap())
                .cloned()
                .unwrap_or_default();
            let upstream = st.upstream.clone();
            drop(st);
            let mut data = Vec::new();
            for (id, fee) in txns {
                let (s, b) = forward(
                    &upstream,
                    "GET",
                    &format!("/v1/balance_transactions/{id}?expand%5B%5D=source"),
                    "",
                    &auth,
                );
                assert_eq!(s, 200, "localstripe has no balance transaction {id}: {b}");
                let mut t: Value = serde_json::from_str(&b).unwrap();
                let amount = t["amount"].as_i64().unwrap();
                t["fee"] = fee.into();
                t["net"] = (amount - fee).into();
                t["fee_details"] = json!([{"amount": fee, "currency": t["currency"], "type": "stripe_fee", "description": "Stripe processing fees"}]);
                data.push(t);
            }
            data.extend(extra);
            return (200, list(data, "/v1/balance_transactions"));
        }
        _ => None,
    };
    if let Some((s, b)) = served {
        if req.method == "POST"
            && let Some(k) = idem
        {
            st.idempotent.insert(k.clone(), (s, b.clone()));
        }
        return (s, b);
    }

    // Passed through to localstripe, with the two gaps filled.
    let upstream = st.upstream.clone();
    let defaults = st.default_prices.clone();
    drop(st);
    let mut query = req.query.clone();
    let since = query
        .iter()
        .position(|(k, _)| k == "created[gte]")
        .map(|i| query.remove(i).1.parse::<i64>().unwrap_or(0));
    let mut form = req.form.clone();
    let mut new_default = None;
    if let ("POST", ["v1", "products", id]) = (req.method.as_str(), segs.as_slice())
        && let Some(i) = form.iter().position(|(k, _)| k == "default_price")
    {
        new_default = Some((id.to_string(), form.remove(i).1));
    }
    // Product images: kept here, since localstripe refuses the field.
    let mut new_images = None;
    if req.method == "POST" && segs.len() >= 2 && segs[..2] == ["v1", "products"] {
        let imgs: Vec<String> = form
            .iter()
            .filter(|(k, _)| k == "images[]")
            .map(|(_, v)| v.clone())
            .collect();
        if !imgs.is_empty() {
            form.retain(|(k, _)| k != "images[]");
            let id = match segs.get(2) {
                Some(id) => id.to_string(),
                None => req.f("id").unwrap_or("").to_owned(),
            };
            new_images = Some((id, imgs));
        }
    }
    let path_q = if query.is_empty() {
        req.path.clone()
    } else {
        format!("{}?{}", req.path, encode_pairs(&query))
    };
    let (status, body) = if new_default.is_some() && form.is_empty() {
        forward(&upstream, "GET", &path_q, "", &auth)
    } else {
        forward(&upstream, &req.method, &path_q, &encode_pairs(&form), &auth)
    };
    if status != 200 {
        return (status, body);
    }
    let mut v: Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(_) => return (status, body),
    };
    if let Some((id, price)) = &new_default {
        state
            .lock()
            .unwrap()
            .default_prices
            .insert(id.clone(), price.clone());
    }
    let defaults = match &new_default {
        Some((id, p)) => {
            let mut d = defaults;
            d.insert(id.clone(), p.clone());
            d
        }
        None => defaults,
    };
    if let Some((id, imgs)) = new_images {
        state.lock().unwrap().images.insert(id, imgs);
    }
    if v["object"] == "product" {
        let id = v["id"].as_str().unwrap_or("").to_owned();
        v["default_price"] = defaults.get(&id).cloned().into();
        let images = state
            .lock()
            .unwrap()
            .images
            .get(&id)
            .cloned()
            .unwrap_or_default();
        v["images"] = images.into();
    }
    if let (Some(c), Some(data)) = (since, v.get_mut("data").and_then(Value::as_array_mut)) {
        data.retain(|o| o["created"].as_i64().unwrap_or(0) >= c);
    }
    (status, v.to_string())
}

fn forward(
    upstream: &Option<String>,
    method: &str,
    path_q: &str,
    body: &str,
    auth: &str,
) -> (u16, String) {
    let Some(base) = upstream else {
        return (
            404,
            error_body(
                "invalid_request_error",
                &format!("Unrecognized request URL ({method} {path_q})"),
            ),
        );
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{base}{path_q}");
    let resp = if method == "POST" {
        agent
            .post(&url)
            .header("Authorization", auth)
            .content_type("application/x-www-form-urlencoded")
            .send(body.to_owned())
    } else {
        agent.get(&url).header("Authorization", auth).call()
    };
    match resp {
        Ok(mut r) => (
            r.status().as_u16(),
            r.body_mut().read_to_string().unwrap_or_default(),
        ),
        Err(e) => (502, error_body("api_error", &format!("localstripe: {e}"))),
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Req> {
    let w = wire::read_request(stream)?;
    Some(Req {
        form: wire::parse_pairs(&String::from_utf8_lossy(&w.body)),
        method: w.method,
        path: w.path,
        query: w.query,
        headers: w.headers,
    })
}
