//! A TEST DOUBLE of Meta's catalog API (not Meta): a small stateful HTTP server on 127.0.0.1
//! that answers the Catalog Batch API in the shapes Meta documents, because Meta publishes no
//! OpenAPI for it and there is no emulator. Written from:
//! - Catalog Batch API, items_batch: developers.facebook.com/docs/marketing-api/reference/
//!   product-catalog/items_batch/ (`POST /{catalog_id}/items_batch`, `item_type`,
//!   `allow_upsert`, `requests` of `{method: CREATE|UPDATE|DELETE, data}` (at most 5,000);
//!   answer `{handles: [string], validation_status: [{retailer_id, errors: [{message}],
//!   warnings: [{message}]}]}`; error 80014 when batch uploads to the catalog are too many);
//! - check_batch_request_status: developers.facebook.com/docs/marketing-api/reference/
//!   check-batch-request-status/ (`GET /{catalog_id}/check_batch_request_status?handle=`;
//!   `{data: [{handle, status, errors, errors_total_count, warnings, warnings_total_count,
//!   ids_of_invalid_requests}]}`, the last filled only with `load_ids_of_invalid_requests`);
//! - Graph API errors and rate limiting: developers.facebook.com/docs/graph-api/guides/
//!   error-handling/ and …/docs/graph-api/overview/rate-limiting/ (`{error: {message, type,
//!   code, error_subcode, fbtrace_id}}`; 190 an invalid OAuth token; 4, 17, 32, 613, 80004,
//!   80014 rate limits; HTTP 429).
//!
//! State: items by retailer id (UPDATE creates or replaces, DELETE removes), batches whose
//! status is `started` until polled `polls_to_finish` times, then `finished` with the errors
//! of the items it refused (those items are not saved). It refuses a token other than the one
//! it was given (401, code 190), plays scripted rate limits on items_batch (429, or a Graph
//! code), refuses items by retailer id (`reject`), checks each item's price (`"N.NN CUR"`) and
//! title at submit (validation_status errors, not saved), and warns about an item without an
//! image. Every request is recorded. Any other path is passed to `upstream` when one is set
//! (Prism serving the Cloud API spec, for messages), else answered 404.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// A request the double saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub status: u16,
}

#[derive(Default)]
struct State {
    token: String,
    catalog_id: String,
    /// Retailer id → the item's data as last saved.
    items: BTreeMap<String, Value>,
    /// handle → (polls so far, the batch's item errors (retailer id, message), warnings).
    batches: HashMap<String, Batch>,
    /// Every items_batch `requests` array, in order.
    sent: Vec<Vec<Value>>,
    seen: Vec<Seen>,
    /// The next items_batch POSTs answered with (HTTP status, Graph code) instead.
    limits: Vec<(u16, Option<i64>)>,
    /// Retailer ids refused at processing, with Meta's message.
    reject: HashMap<String, String>,
    polls_to_finish: u32,
    counter: u64,
    upstream: Option<String>,
}

struct Batch {
    polls: u32,
    errors: Vec<(String, String)>,
    warnings: Vec<(String, String)>,
}

pub struct MetaDouble {
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl MetaDouble {
    /// Serves catalog `catalog_id` for `token`.
    pub fn start(catalog_id: &str, token: &str) -> MetaDouble {
        MetaDouble::start_with(catalog_id, token, None)
    }

    /// As `start`, passing every path it does not serve to `upstream`.
    pub fn start_with(catalog_id: &str, token: &str, upstream: Option<String>) -> MetaDouble {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind the Meta double");
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let state = Arc::new(Mutex::new(State {
            token: token.into(),
            catalog_id: catalog_id.into(),
            polls_to_finish: 2,
            upstream,
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                handle(&shared, request);
            }
        });
        MetaDouble { base, state }
    }

    /// The next `n` items_batch calls are answered with `status` and Graph error `code`.
    pub fn rate_limit(&self, n: usize, status: u16, code: Option<i64>) {
        let mut s = self.state.lock().unwrap();
        for _ in 0..n {
            s.limits.push((status, code));
        }
    }

    /// Meta refuses the item `retailer_id` with `message` (until told otherwise).
    pub fn reject(&self, retailer_id: &str, message: &str) {
        self.state
            .lock()
            .unwrap()
            .reject
            .insert(retailer_id.into(), message.into());
    }

    pub fn accept(&self, retailer_id: &str) {
        self.state.lock().unwrap().reject.remove(retailer_id);
    }

    /// The catalog's items by retailer id.
    pub fn items(&self) -> BTreeMap<String, Value> {
        self.state.lock().unwrap().items.clone()
    }

    /// Every items_batch `requests` array received (accepted for processing), in order.
    pub fn batches(&self) -> Vec<Vec<Value>> {
        self.state.lock().unwrap().sent.clone()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// Forgets the requests seen and the batches received (the items stay).
    pub fn clear_log(&self) {
        let mut s = self.state.lock().unwrap();
        s.seen.clear();
        s.sent.clear();
    }
}

fn graph_error(status: u16, code: i64, message: &str) -> (u16, Value) {
    let kind = if code == 190 {
        "OAuthException"
    } else {
        "GraphMethodException"
    };
    (
        status,
        json!({"error": {"message": message, "type": kind, "code": code,
                         "fbtrace_id": "AdoubleTRACE"}}),
    )
}

fn handle(state: &Arc<Mutex<State>>, mut request: tiny_http::Request) {
    let method = request.method().as_str().to_string();
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = path.to_string();
    let query: HashMap<String, String> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect();
    let auth = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default();
    let content_type = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Content-Type"))
        .map(|h| h.value.as_str().to_string());
    let mut body = Vec::new();
    request.as_reader().read_to_end(&mut body).ok();

    let catalog = state.lock().unwrap().catalog_id.clone();
    let batch_path = format!("/v23.0/{catalog}/items_batch");
    let status_path = format!("/v23.0/{catalog}/check_batch_request_status");
    let ours = path == batch_path || path == status_path;
    let (status, answer) = if !ours {
        let upstream = state.lock().unwrap().upstream.clone();
        match upstream {
            Some(base) => proxy(&base, &method, &url, &auth, content_type.as_deref(), &body),
            None => graph_error(404, 803, "Unknown path components"),
        }
    } else {
        let mut s = state.lock().unwrap();
        if auth != format!("Bearer {}", s.token) {
            graph_error(
                401,
                190,
                "Invalid OAuth access token - Cannot parse access token",
            )
        } else if path == batch_path && method == "POST" {
            items_batch(&mut s, &body)
        } else if path == status_path && method == "GET" {
            check_status(&mut s, &query)
        } else {
            graph_error(400, 100, "Unsupported request - method type")
        }
    };
    state.lock().unwrap().seen.push(Seen {
        method,
        path,
        status,
    });
    let text = answer.to_string();
    let response = tiny_http::Response::from_string(text)
        .with_status_code(status)
        .with_header(
            tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]).unwrap(),
        );
    let _ = request.respond(response);
}

fn items_batch(s: &mut State, body: &[u8]) -> (u16, Value) {
    if !s.limits.is_empty() {
        let (status, code) = s.limits.remove(0);
        return match code {
            Some(code) => graph_error(
                status,
                code,
                "There have been too many calls for the batch uploads to this catalog account. \
                 Wait a bit and try again.",
            ),
            None => (status, json!({"error": {"message": "Too Many Requests"}})),
        };
    }
    let Ok(doc) = serde_json::from_slice::<Value>(body) else {
        return graph_error(400, 100, "Invalid parameter: the body is not JSON");
    };
    if doc["item_type"] != "PRODUCT_ITEM" {
        return graph_error(
            400,
            100,
            "Invalid parameter: item_type must be PRODUCT_ITEM",
        );
    }
    let Some(requests) = doc["requests"].as_array() else {
        return graph_error(400, 100, "Invalid parameter: requests is required");
    };
    if requests.is_empty() || requests.len() > 5000 {
        return graph_error(
            400,
            100,
            "Invalid parameter: requests must hold 1 to 5000 items",
        );
    }
    let allow_upsert = doc["allow_upsert"].as_bool().unwrap_or(true);
    let mut validation = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for r in requests {
        let data = &r["data"];
        let id = data["id"].as_str().unwrap_or_default().to_string();
        let mut item_errors: Vec<String> = Vec::new();
        let mut item_warnings: Vec<String> = Vec::new();
        match r["method"].as_str() {
            Some("UPDATE") | Some("CREATE") => {
                if data["title"].as_str().is_none_or(|t| t.trim().is_empty()) {
                    item_errors.push("A required field is missing: title.".into());
                }
                for field in ["price", "sale_price"] {
                    if let Some(p) = data.get(field)
                        && !is_meta_price(p)
                    {
                        item_errors.push(format!("Invalid value in field {field}: {p}"));
                    }
                }
                if data.get("image_link").is_none() {
                    item_warnings.push("A required field is missing: image_link.".into());
                }
                if !allow_upsert && !s.items.contains_key(&id) {
                    item_errors.push("Item does not exist and allow_upsert is false.".into());
                }
            }
            Some("DELETE") => {}
            other => item_errors.push(format!("Invalid method {other:?}")),
        }
        if !item_errors.is_empty() || !item_warnings.is_empty() {
            validation.push(json!({
                "retailer_id": id,
                "errors": item_errors.iter().map(|m| json!({"message": m})).collect::<Vec<_>>(),
                "warnings": item_warnings.iter().map(|m| json!({"message": m})).collect::<Vec<_>>(),
            }));
        }
        if !item_errors.is_empty() {
            continue;
        }
        if let Some(message) = s.reject.get(&id) {
            errors.push((id, message.clone()));
            continue;
        }
        for w in item_warnings {
            warnings.push((id.clone(), w));
        }
        match r["method"].as_str() {
            Some("DELETE") => {
                s.items.remove(&id);
            }
            _ => {
                s.items.insert(id, data.clone());
            }
        }
    }
    s.sent.push(requests.clone());
    s.counter += 1;
    let handle = format!("AcdoubleBatch{:06}", s.counter);
    s.batches.insert(
        handle.clone(),
        Batch {
            polls: 0,
            errors,
            warnings,
        },
    );
    (
        200,
        json!({"handles": [handle], "validation_status": validation}),
    )
}

fn check_status(s: &mut State, query: &HashMap<String, String>) -> (u16, Value) {
    let Some(handle) = query.get("handle") else {
        return graph_error(400, 100, "Invalid parameter: handle is required");
    };
    let finish_after = s.polls_to_finish;
    let Some(batch) = s.batches.get_mut(handle) else {
        return graph_error(400, 100, "Invalid parameter: unknown handle");
    };
    batch.polls += 1;
    if batch.polls < finish_after {
        return (
            200,
            json!({"data": [{"handle": handle, "status": "started"}]}),
        );
    }
    let load_ids = query
        .get("load_ids_of_invalid_requests")
        .map(String::as_str)
        == Some("true");
    let sample = |list: &[(String, String)]| -> Vec<Value> {
        list.iter()
            .take(100)
            .enumerate()
            .map(|(line, (id, m))| json!({"line": line + 1, "id": id, "message": m}))
            .collect()
    };
    let ids: Vec<&String> = if load_ids {
        batch.errors.iter().map(|(id, _)| id).collect()
    } else {
        Vec::new()
    };
    (
        200,
        json!({"data": [{
            "handle": handle,
            "status": "finished",
            "errors": sample(&batch.errors),
            "errors_total_count": batch.errors.len(),
            "warnings": sample(&batch.warnings),
            "warnings_total_count": batch.warnings.len(),
            "ids_of_invalid_requests": ids,
        }]}),
    )
}

/// `"12.50 SGD"`, `"1500 JPY"`: digits, an optional fraction, a space, three capitals.
fn is_meta_price(v: &Value) -> bool {
    let Some(text) = v.as_str() else { return false };
    let Some((amount, code)) = text.split_once(' ') else {
        return false;
    };
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn proxy(
    base: &str,
    method: &str,
    url: &str,
    auth: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let target = format!("{base}{url}");
    let sent = if method == "POST" {
        let mut req = agent.post(&target).header("Authorization", auth);
        if let Some(ct) = content_type {
            req = req.header("Content-Type", ct);
        }
        req.send(body)
    } else {
        agent.get(&target).header("Authorization", auth).call()
    };
    match sent {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let text = resp.body_mut().read_to_string().unwrap_or_default();
            (
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            )
        }
        Err(e) => graph_error(502, 2, &format!("upstream: {e}")),
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
