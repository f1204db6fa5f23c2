//! One request, start to end: route, read the body within the limit, verify, store through
//! the writer (committed before the answer), answer, and log one line. The log line names the
//! method, the path without its query (the handshake's query holds the verify token), the
//! status, the size, the time and an outcome (an inbox id, "seen", a refusal's reason); never
//! a header value, a secret or a customer's text.

use std::io::Read;
use std::sync::mpsc;
use std::time::Instant;

use tiny_http::{Header, Method, Request, Response};

use super::Shared;
use super::writer::Job;
use crate::channel::{Delivery, WebhookRefusal};
use crate::inbox::Stored;

/// The largest body accepted; larger gets 413 (Meta's webhook payloads are a few KB).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What to answer, and what to log about it.
struct Answer {
    status: u16,
    body: String,
    note: String,
}

impl Answer {
    fn new(status: u16, body: impl Into<String>, note: impl Into<String>) -> Answer {
        Answer {
            status,
            body: body.into(),
            note: note.into(),
        }
    }
}

pub fn handle(mut req: Request, shared: &Shared) {
    let start = Instant::now();
    let method = req.method().clone();
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let path = path.to_string();
    let answer = route(&mut req, &method, &path, query, shared);
    let size = answer.body.len();
    let mut response = Response::from_string(answer.body).with_status_code(answer.status);
    if let Ok(h) = Header::from_bytes("Content-Type", "text/plain; charset=utf-8") {
        response.add_header(h);
    }
    let sent = req.respond(response);
    let note = match sent {
        Ok(()) => answer.note,
        Err(e) => format!("{} (answer not delivered: {e})", answer.note),
    };
    let (at, ms) = (
        crate::clock::format(jiff::Timestamp::now()),
        start.elapsed().as_millis(),
    );
    let status = answer.status;
    shared.out.note_with(
        &format!("{at} {method} {path} {status} {size}B {ms}ms {note}"),
        serde_json::json!({
            "at": at,
            "method": method.as_str(),
            "path": path,
            "status": status,
            "bytes": size,
            "ms": ms as u64,
        }),
    );
}

fn route(req: &mut Request, method: &Method, path: &str, query: &str, shared: &Shared) -> Answer {
    if path == "/healthz" {
        return match method {
            Method::Get | Method::Head => Answer::new(200, "ok\n", "healthy"),
            _ => Answer::new(405, "method not allowed\n", "healthz takes GET"),
        };
    }
    let Some(source) = shared.sources.iter().find(|s| s.path() == path) else {
        return Answer::new(404, "not found\n", "no such route");
    };
    match method {
        Method::Get => match source.handshake(&parse_query(query)) {
            Some(Ok(challenge)) => Answer::new(200, challenge, "handshake answered"),
            Some(Err(e)) => Answer::new(403, "forbidden\n", e.to_string()),
            None => Answer::new(405, "method not allowed\n", "GET is not served here"),
        },
        Method::Post => receive(req, source.as_ref(), shared),
        _ => Answer::new(405, "method not allowed\n", "webhooks are POSTed"),
    }
}

/// A POSTed delivery: within the limit, verified, then stored and committed before 200.
fn receive(req: &mut Request, source: &dyn super::sources::Source, shared: &Shared) -> Answer {
    if req.body_length().is_some_and(|n| n > BODY_LIMIT) {
        return too_large();
    }
    let mut body = Vec::new();
    if let Err(e) = req
        .as_reader()
        .take(BODY_LIMIT as u64 + 1)
        .read_to_end(&mut body)
    {
        return Answer::new(400, "bad request\n", format!("body not read: {e}"));
    }
    if body.len() > BODY_LIMIT {
        return too_large();
    }
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_ascii_lowercase(),
                h.value.as_str().to_string(),
            )
        })
        .collect();
    let delivery = Delivery {
        headers: &headers,
        body: &body,
    };
    let dedupe_key = match source.verify(&delivery) {
        Ok(key) => key,
        Err(WebhookRefusal::Unavailable(e)) => {
            return Answer::new(500, "cannot verify now\n", e);
        }
        Err(e) => return Answer::new(401, "unauthorized\n", e.to_string()),
    };
    let (reply, answer) = mpsc::sync_channel(1);
    let job = Job {
        source: source.name(),
        dedupe_key,
        body,
        reply,
    };
    if shared.writer.send(job).is_err() {
        return Answer::new(503, "stopping\n", "the writer has stopped");
    }
    match answer.recv() {
        Ok(Ok(Stored::New(id))) => Answer::new(200, "ok\n", format!("stored as inbox {id}")),
        Ok(Ok(Stored::Seen(id))) => Answer::new(200, "ok\n", format!("seen before (inbox {id})")),
        // Not stored: a non-2xx makes the sender try again later.
        Ok(Err(e)) => Answer::new(503, "try again\n", format!("not stored: {e}")),
        Err(_) => Answer::new(503, "try again\n", "the writer has stopped"),
    }
}

fn too_large() -> Answer {
    Answer::new(
        413,
        "payload too large\n",
        format!("body over {BODY_LIMIT} bytes"),
    )
}

/// `a=1&b=x%20y` → pairs, percent- and plus-decoded.
fn parse_query(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
