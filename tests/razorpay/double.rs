//! A TEST DOUBLE of Razorpay's REST API (not Razorpay: there is no Razorpay server to run
//! locally). A small stateful HTTP server on 127.0.0.1 that answers, in the shapes of
//! Razorpay's published API reference, what shopctl calls:
//! - orders: `POST /v1/orders` (with `unique_receipt`: the same receipt returns the same
//!   order), `GET /v1/orders/{id}` — razorpay.com/docs/api/orders/create, /fetch-with-id;
//! - payments: `GET /v1/payments` (`from`/`to`/`count`/`skip`, newest first),
//!   `GET|PATCH /v1/payments/{id}` (PATCH replaces `notes`) — razorpay.com/docs/api/payments/
//!   fetch-all-payments, /fetch-with-id, /update;
//! - refunds: `POST /v1/payments/{id}/refund` with Razorpay's idempotency rules
//!   (`X-Refund-Idempotency` of 10+ letters, digits, `-`, `_`; the same key and body return
//!   the same refund; the same key with another body is a 400 BAD_REQUEST_ERROR),
//!   `GET /v1/payments/{id}/refunds`, `GET /v1/refunds` —
//!   razorpay.com/docs/api/refunds/normal-refunds-idempotent, /fetch-multiple-refund-payment,
//!   /fetch-all;
//! - settlements: `GET /v1/settlements`, `GET /v1/settlements/{id}`, and
//!   `GET /v1/settlements/recon/combined?year&month&day` (rows with `fee` including GST and
//!   `tax` the GST, `credit` = amount - fee) — razorpay.com/docs/api/settlements/fetch-all,
//!   /fetch-with-id, /fetch-recon;
//! - errors as `{"error": {"code", "description", "source", "step", "reason", "metadata",
//!   "field"}}` — razorpay.com/docs/errors; basic auth with the key id and secret, 401 else.
//!
//! Payments are made by the test (a customer paying), with Razorpay's standard fee of 2% plus
//! 18% GST on it (razorpay.com/pricing); settlements are made by the test too (`settle`), with
//! a planted fault on demand (a row that took more than its stated fee and GST). It records
//! every request (method, path, query, idempotency key, auth, status) and plays scripted
//! faults: a status instead of the answer, a status after doing the work, a dropped
//! connection. Times come from a clock the test sets.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::{Value, json};

use crate::http_wire::{self as wire, respond};

/// 2026-11-20T09:00:00Z, the tests' `SHOPCTL_NOW`.
pub const NOW: i64 = 1_795_165_200;

#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Answer with this status and a Razorpay error body, without doing anything.
    Status(u16),
    /// Do what was asked, then answer this status as if it had failed.
    StatusAfter(u16),
    /// Read the request, then close the connection without an answer.
    Drop,
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub idempotency_key: Option<String>,
    pub authorized: bool,
    pub status: u16,
}

#[derive(Default)]
struct State {
    key_id: String,
    key_secret: String,
    clock: i64,
    counter: u64,
    orders: Vec<Value>,
    payments: Vec<Value>,
    refunds: Vec<Value>,
    /// X-Refund-Idempotency key -> (payment, body, refund id).
    refund_keys: HashMap<String, (String, Value, String)>,
    settlements: Vec<Value>,
    recon: Vec<Value>,
    /// Entities (payments, refunds) already in a settlement.
    settled: Vec<String>,
    faults: Vec<(String, String, Fault)>,
    seen: Vec<Seen>,
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
    body: Value,
}

impl Req {
    fn q(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn qi(&self, k: &str) -> Option<i64> {
        self.q(k).and_then(|v| v.parse().ok())
    }
}

/// Razorpay's standard fee: 2% of the amount, plus 18% GST on the fee; `fee` includes the GST.
pub fn fee_of(amount: i64) -> (i64, i64) {
    let fee = (amount * 2 + 50) / 100;
    let gst = (fee * 18 + 50) / 100;
    (fee + gst, gst)
}

impl Double {
    pub fn start(key_id: &str, key_secret: &str) -> Double {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            key_id: key_id.into(),
            key_secret: key_secret.into(),
            // Customers pay three days before the tests' "now".
            clock: NOW - 3 * 86_400,
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

    /// Sets the clock (Unix seconds) that stamps what happens from now on.
    pub fn set_clock(&self, at: i64) {
        self.state.lock().unwrap().clock = at;
    }

    pub fn fail_next(&self, method: &str, path_prefix: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push((method.into(), path_prefix.into(), fault));
    }

    pub fn clear_faults(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn payment(&self, id: &str) -> Value {
        let st = self.state.lock().unwrap();
        st.payments.iter().find(|p| p["id"] == id).cloned().unwrap()
    }

    pub fn orders(&self) -> Vec<Value> {
        self.state.lock().unwrap().orders.clone()
    }

    pub fn refunds_of(&self, payment: &str) -> Vec<Value> {
        let st = self.state.lock().unwrap();
        st.refunds
            .iter()
            .filter(|r| r["payment_id"] == payment)
            .cloned()
            .collect()
    }

    /// A customer pays `amount` paise by `method` (`upi`, `card`): a captured payment with
    /// Razorpay's fee, carrying `notes`, against the Razorpay order `order_id` if given.
    pub fn pay(&self, amount: i64, method: &str, notes: Value, order_id: Option<&str>) -> String {
        self.payment_with(amount, method, notes, order_id, true)
    }

    /// A payment that failed (the customer's bank declined the UPI collect request).
    pub fn fail_payment(&self, amount: i64, method: &str, notes: Value) -> String {
        self.payment_with(amount, method, notes, None, false)
    }

    fn payment_with(
        &self,
        amount: i64,
        method: &str,
        notes: Value,
        order_id: Option<&str>,
        captured: bool,
    ) -> String {
        let mut st = self.state.lock().unwrap();
        st.counter += 1;
        st.clock += 60;
        let id = format!("pay_Double{:010}", st.counter);
        let (fee, tax) = if captured { fee_of(amount) } else { (0, 0) };
        let notes = if notes.as_object().is_some_and(|m| m.is_empty()) {
            json!([])
        } else {
            notes
        };
        let payment = json!({
            "id": id, "entity": "payment", "amount": amount, "currency": "INR",
            "status": if captured { "captured" } else { "failed" },
            "order_id": order_id, "invoice_id": null, "international": false, "method": method,
            "amount_refunded": 0, "refund_status": null, "captured": captured,
            "description": null, "card_id": null, "bank": null, "wallet": null,
            "vpa": if method == "upi" { json!("customer@okdouble") } else { Value::Null },
            "email": "void@razorpay.com", "contact": "+919876543210", "notes": notes,
            "fee": if captured { json!(fee) } else { Value::Null },
            "tax": if captured { json!(tax) } else { Value::Null },
            "error_code": if captured { Value::Null } else { json!("BAD_REQUEST_ERROR") },
            "error_description": if captured { Value::Null } else { json!("Payment was unsuccessful as the UPI collect request was declined.") },
            "created_at": st.clock,
        });
        if let Some(oid) = order_id
            && let Some(o) = st.orders.iter_mut().find(|o| o["id"] == oid)
        {
            o["attempts"] = json!(o["attempts"].as_i64().unwrap_or(0) + 1);
            o["status"] = json!(if captured { "paid" } else { "attempted" });
            if captured {
                o["amount_paid"] = json!(amount);
                o["amount_due"] = json!(0);
            }
        }
        st.payments.push(payment);
        id
    }

    /// Settles every captured payment and processed refund not settled yet, at `at`: recon
    /// rows (payments credit `amount - fee`, refunds debit their amount) and a processed
    /// settlement of their sum. With `extra_fee` > 0, the first payment's row credits that
    /// much less than its stated fee and GST allow (the planted fault), and the settlement
    /// pays what the rows credit.
    pub fn settle(&self, at: i64, extra_fee: i64) -> String {
        let mut st = self.state.lock().unwrap();
        st.counter += 1;
        let setl = format!("setl_Double{:010}", st.counter);
        let utr = format!("UTR{:012}", st.counter);
        let mut rows = Vec::new();
        let mut extra = extra_fee;
        let payments: Vec<Value> = st
            .payments
            .iter()
            .filter(|p| {
                p["captured"] == true && !st.settled.contains(&p["id"].as_str().unwrap().to_owned())
            })
            .cloned()
            .collect();
        for p in payments {
            let amount = p["amount"].as_i64().unwrap();
            let (fee, tax) = (p["fee"].as_i64().unwrap(), p["tax"].as_i64().unwrap());
            rows.push(recon_row(
                &p,
                "payment",
                amount,
                fee,
                tax,
                amount - fee - extra,
                0,
                &setl,
                &utr,
                at,
            ));
            extra = 0;
        }
        let refunds: Vec<Value> = st
            .refunds
            .iter()
            .filter(|r| {
                r["status"] == "processed"
                    && !st.settled.contains(&r["id"].as_str().unwrap().to_owned())
            })
            .cloned()
            .collect();
        for r in refunds {
            let amount = r["amount"].as_i64().unwrap();
            rows.push(recon_row(
                &r, "refund", amount, 0, 0, 0, amount, &setl, &utr, at,
            ));
        }
        let amount: i64 = rows
            .iter()
            .map(|r| r["credit"].as_i64().unwrap() - r["debit"].as_i64().unwrap())
            .sum();
        for r in &rows {
            let id = r["entity_id"].as_str().unwrap().to_owned();
            st.settled.push(id);
        }
        st.recon.extend(rows);
        st.settlements.push(json!({
            "id": setl, "entity": "settlement", "amount": amount, "status": "processed",
            "fees": 0, "tax": 0, "utr": utr, "created_at": at,
        }));
        setl
    }
}

#[allow(clippy::too_many_arguments)]
fn recon_row(
    entity: &Value,
    kind: &str,
    amount: i64,
    fee: i64,
    tax: i64,
    credit: i64,
    debit: i64,
    setl: &str,
    utr: &str,
    at: i64,
) -> Value {
    json!({
        "entity_id": entity["id"], "type": kind, "debit": debit, "credit": credit,
        "amount": amount, "currency": "INR", "fee": fee, "tax": tax, "on_hold": false,
        "settled": true, "created_at": entity["created_at"], "settled_at": at,
        "settlement_id": setl, "posted_at": null, "credit_type": "default",
        "description": null, "notes": null,
        "payment_id": if kind == "refund" { entity["payment_id"].clone() } else { Value::Null },
        "settlement_utr": utr, "order_id": null, "order_receipt": null,
        "method": entity.get("method").cloned().unwrap_or(Value::Null),
        "card_network": null, "card_issuer": null, "card_type": null, "dispute_id": null,
    })
}

/// Razorpay's error body.
fn error(status: u16, description: &str, field: Option<&str>) -> (u16, String) {
    let code = match status {
        500.. => "SERVER_ERROR",
        401 => "BAD_REQUEST_ERROR",
        _ => "BAD_REQUEST_ERROR",
    };
    let mut e = json!({"code": code, "description": description, "source": "NA", "step": "NA",
        "reason": "NA", "metadata": {}});
    if let Some(f) = field {
        e["field"] = json!(f);
    }
    (status, json!({ "error": e }).to_string())
}

fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let Some(req) = read_request(&mut stream) else {
        return;
    };
    let authorized = {
        let st = state.lock().unwrap();
        let want = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", st.key_id, st.key_secret));
        req.headers.get("authorization") == Some(&format!("Basic {want}"))
    };
    if !authorized {
        record(&state, &req, authorized, 401);
        let (status, body) = error(401, "Authentication failed", None);
        respond(&mut stream, status, &body);
        return;
    }
    let fault = {
        let mut st = state.lock().unwrap();
        let pos = st
            .faults
            .iter()
            .position(|(m, p, _)| *m == req.method && req.path.starts_with(p.as_str()));
        pos.map(|i| st.faults.remove(i).2)
    };
    let (status, body) = match fault {
        Some(Fault::Drop) => {
            record(&state, &req, authorized, 0);
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
        Some(Fault::Status(code)) => error(code, "the double was told to fail this request", None),
        Some(Fault::StatusAfter(code)) => {
            handle(&req, &state);
            error(code, "the double did this, then was told to fail it", None)
        }
        None => handle(&req, &state),
    };
    record(&state, &req, authorized, status);
    respond(&mut stream, status, &body);
}

fn record(state: &Arc<Mutex<State>>, req: &Req, authorized: bool, status: u16) {
    state.lock().unwrap().seen.push(Seen {
        method: req.method.clone(),
        path: req.path.clone(),
        query: req.query.clone(),
        idempotency_key: req.headers.get("x-refund-idempotency").cloned(),
        authorized,
        status,
    });
}

/// A page of newest-first entities between `from` and `to` (inclusive), by `count`/`skip`.
fn collection(req: &Req, items: &[Value], time_key: &str) -> (u16, String) {
    let count = req.qi("count").unwrap_or(10);
    if !(1..=100).contains(&count) {
        return error(400, "The count must be between 1 and 100.", Some("count"));
    }
    let skip = req.qi("skip").unwrap_or(0).max(0) as usize;
    let mut chosen: Vec<&Value> = items
        .iter()
        .filter(|v| {
            let t = v[time_key].as_i64().unwrap_or(0);
            req.qi("from").is_none_or(|f| t >= f) && req.qi("to").is_none_or(|to| t <= to)
        })
        .collect();
    chosen.reverse();
    let page: Vec<&Value> = chosen.into_iter().skip(skip).take(count as usize).collect();
    (
        200,
        json!({"entity": "collection", "count": page.len(), "items": page}).to_string(),
    )
}

fn found(items: &[Value], id: &str) -> (u16, String) {
    match items.iter().find(|v| v["id"] == id) {
        Some(v) => (200, v.to_string()),
        None => error(400, "The id provided does not exist", None),
    }
}

fn handle(req: &Req, state: &Arc<Mutex<State>>) -> (u16, String) {
    let mut st = state.lock().unwrap();
    let segs: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), segs.as_slice()) {
        ("POST", ["v1", "orders"]) => create_order(&mut st, &req.body),
        ("GET", ["v1", "orders", id]) => found(&st.orders, id),
        ("GET", ["v1", "payments"]) => collection(req, &st.payments, "created_at"),
        ("GET", ["v1", "payments", id]) => found(&st.payments, id),
        ("PATCH", ["v1", "payments", id]) => {
            let Some(notes) = req.body.get("notes").filter(|n| n.is_object()) else {
                return error(400, "The notes field is required.", Some("notes"));
            };
            match st.payments.iter_mut().find(|p| p["id"] == *id) {
                Some(p) => {
                    p["notes"] = notes.clone();
                    (200, p.to_string())
                }
                None => error(400, "The id provided does not exist", None),
            }
        }
        ("POST", ["v1", "payments", id, "refund"]) => {
            let key = req.headers.get("x-refund-idempotency").cloned();
            create_refund(&mut st, id, &req.body, key)
        }
        ("GET", ["v1", "payments", id, "refunds"]) => {
            let of: Vec<Value> = st
                .refunds
                .iter()
                .filter(|r| r["payment_id"] == *id)
                .cloned()
                .collect();
            collection(req, &of, "created_at")
        }
        ("GET", ["v1", "refunds"]) => collection(req, &st.refunds, "created_at"),
        ("GET", ["v1", "settlements"]) => collection(req, &st.settlements, "created_at"),
        ("GET", ["v1", "settlements", "recon", "combined"]) => {
            let (Some(y), Some(m)) = (req.qi("year"), req.qi("month")) else {
                return error(400, "The year field is required.", Some("year"));
            };
            let day = req.qi("day");
            let rows: Vec<Value> = st
                .recon
                .iter()
                .filter(|r| {
                    let (ry, rm, rd) = ist_date(r["settled_at"].as_i64().unwrap());
                    ry == y && rm == m && day.is_none_or(|d| d == rd)
                })
                .cloned()
                .collect();
            collection(req, &rows, "settled_at")
        }
        ("GET", ["v1", "settlements", id]) => found(&st.settlements, id),
        _ => error(
            404,
            &format!(
                "The requested URL was not found on the server ({} {}).",
                req.method, req.path
            ),
            None,
        ),
    }
}

/// The civil date in India (UTC+05:30) of a Unix time, by Howard Hinnant's days-from-civil
/// inverse; the double has no time-zone library.
fn ist_date(t: i64) -> (i64, i64, i64) {
    let days = (t + 19_800).div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn create_order(st: &mut State, body: &Value) -> (u16, String) {
    let Some(amount) = body["amount"].as_i64() else {
        return error(400, "The amount field is required.", Some("amount"));
    };
    if amount < 100 {
        return error(400, "The amount must be at least INR 1.00", Some("amount"));
    }
    let receipt = body["receipt"].as_str().map(str::to_owned);
    if receipt.as_ref().is_some_and(|r| r.len() > 40) {
        return error(
            400,
            "The receipt may not be greater than 40 characters.",
            Some("receipt"),
        );
    }
    if body["unique_receipt"] == true
        && let Some(r) = &receipt
        && let Some(existing) = st.orders.iter().find(|o| o["receipt"] == r.as_str())
    {
        return (200, existing.to_string());
    }
    st.counter += 1;
    let order = json!({
        "id": format!("order_Double{:010}", st.counter), "entity": "order", "amount": amount,
        "amount_paid": 0, "amount_due": amount, "currency": body["currency"],
        "receipt": receipt, "offer_id": null, "status": "created", "attempts": 0,
        "notes": body.get("notes").cloned().unwrap_or(json!([])), "created_at": st.clock,
    });
    st.orders.push(order.clone());
    (200, order.to_string())
}

fn create_refund(
    st: &mut State,
    payment: &str,
    body: &Value,
    key: Option<String>,
) -> (u16, String) {
    if let Some(k) = &key {
        let ok = k.len() >= 10
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return error(
                400,
                "The idempotency key must be at least 10 characters of letters, digits, hyphens and underscores.",
                None,
            );
        }
        if let Some((p, first, id)) = st.refund_keys.get(k) {
            if p != payment || first != body {
                return error(
                    400,
                    "A request with this idempotency key was made with a different request body.",
                    None,
                );
            }
            let r = st.refunds.iter().find(|r| r["id"] == id.as_str()).unwrap();
            return (200, r.to_string());
        }
    }
    let Some(p) = st.payments.iter().position(|p| p["id"] == payment) else {
        return error(400, "The id provided does not exist", None);
    };
    if st.payments[p]["status"] != "captured" && st.payments[p]["status"] != "refunded" {
        return error(400, "The payment has not been captured.", None);
    }
    let total = st.payments[p]["amount"].as_i64().unwrap();
    let refunded = st.payments[p]["amount_refunded"].as_i64().unwrap();
    let amount = body["amount"].as_i64().unwrap_or(total - refunded);
    if amount < 100 || amount > total - refunded {
        return error(
            400,
            "The refund amount provided is greater than amount captured or less than INR 1.00",
            Some("amount"),
        );
    }
    st.counter += 1;
    st.clock += 60;
    let id = format!("rfnd_Double{:010}", st.counter);
    let refund = json!({
        "id": id, "entity": "refund", "amount": amount, "currency": "INR",
        "payment_id": payment, "notes": body.get("notes").cloned().unwrap_or(json!([])),
        "receipt": null, "acquirer_data": {"rrn": null}, "created_at": st.clock,
        "batch_id": null, "status": "processed", "speed_processed": "normal",
        "speed_requested": body.get("speed").cloned().unwrap_or(json!("normal")),
    });
    let pay = &mut st.payments[p];
    pay["amount_refunded"] = json!(refunded + amount);
    pay["refund_status"] = json!(if refunded + amount == total {
        "full"
    } else {
        "partial"
    });
    if refunded + amount == total {
        pay["status"] = json!("refunded");
    }
    st.refunds.push(refund.clone());
    if let Some(k) = key {
        st.refund_keys
            .insert(k, (payment.to_owned(), body.clone(), id));
    }
    (200, refund.to_string())
}

fn read_request(stream: &mut TcpStream) -> Option<Req> {
    let w = wire::read_request(stream)?;
    Some(Req {
        body: serde_json::from_slice(&w.body).unwrap_or(Value::Null),
        method: w.method,
        path: w.path,
        query: w.query,
        headers: w.headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indian_dates() {
        // 2026-11-20T20:00:00Z is 01:30 on the 21st in India.
        assert_eq!(ist_date(NOW + 11 * 3600), (2026, 11, 21));
        assert_eq!(ist_date(NOW), (2026, 11, 20));
        assert_eq!(ist_date(951_782_400), (2000, 2, 29));
    }
}
