//! The HTTP side of the Stripe adapter: one blocking ureq agent (rustls, timeouts), the key in
//! the Authorization header only, an `Idempotency-Key` on every POST, `Stripe-Account` on
//! every request of a Connect shop, retries with exponential
//! backoff and jitter on 429, 5xx and connection failures (bounded in count and in total
//! time), cursor pagination, and Stripe's error objects turned into clear messages. Answers
//! come back as the typed objects of `objects`; one that does not fit is an error naming the
//! object, the field and the request.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::form::Form;
use super::objects::{self, ErrorBody, List, Malformed, Object};
pub use crate::provider::http::RetryPolicy;
use crate::provider::http::{self, Attempt, Done};
use crate::provider::{ProviderError, ProviderResult};

/// Stripe pins the response shapes to an API version; these are the shapes this adapter reads.
pub const STRIPE_VERSION: &str = "2024-06-20";

/// Overrides the retry budget (total sleep between attempts, in milliseconds): for tests and
/// for cron jobs that must not sit in backoff for long. 0 turns retries off.
pub const MAX_RETRY_MS_ENV: &str = "SHOPCTL_STRIPE_MAX_RETRY_MS";

pub struct Client {
    agent: ureq::Agent,
    base: String,
    key: SecretString,
    /// Where the key came from (`environment variable X`), for a refused key's message.
    key_from: Option<String>,
    /// Stripe Connect: the connected account every request acts for (`Stripe-Account`).
    account: Option<String>,
    retry: RetryPolicy,
}

/// One request: what `call` sends, and the name of what its answer should be.
struct Request<'a> {
    method: &'static str,
    path: &'a str,
    form: &'a Form,
    idempotency_key: Option<&'a str>,
    /// `Object::KIND` of the answer, for the message when it does not fit.
    answer: &'static str,
}

impl<'a> Request<'a> {
    fn get<T: Object>(path: &'a str, query: &'a Form) -> Request<'a> {
        Request {
            method: "GET",
            path,
            form: query,
            idempotency_key: None,
            answer: T::KIND,
        }
    }

    fn post<T: Object>(path: &'a str, form: &'a Form, idempotency_key: &'a str) -> Request<'a> {
        Request {
            method: "POST",
            path,
            form,
            idempotency_key: Some(idempotency_key),
            answer: T::KIND,
        }
    }

    fn what(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

impl Client {
    pub fn new(base: &str, key: SecretString, retry: RetryPolicy, timeout: Duration) -> Client {
        Client {
            agent: http::agent(timeout),
            base: base.trim_end_matches('/').to_owned(),
            key,
            key_from: None,
            account: None,
            retry,
        }
    }

    /// Stripe Connect: every request from now on acts for the connected account `account`
    /// (direct charges; its payouts and balance transactions are the account's).
    pub fn set_account(&mut self, account: Option<String>) {
        self.account = account;
    }

    /// Names where the key came from in the message of a refused key.
    pub fn set_key_from(&mut self, place: String) {
        self.key_from = Some(place);
    }

    pub fn get<T: Object>(&self, path: &str, query: &Form) -> ProviderResult<T> {
        self.call(&Request::get::<T>(path, query), None)
    }

    /// A POST; `idempotency_key` makes a retried call (by us or a later sync) have one effect.
    pub fn post<T: Object>(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
    ) -> ProviderResult<T> {
        self.call(&Request::post::<T>(path, form, idempotency_key), None)
    }

    /// A POST whose retries first ask `done` whether an earlier attempt took effect after all
    /// (its answer lost, or a failure reported after the work was done), and return that
    /// instead of posting again. For a server that ignores `Idempotency-Key`, or a key Stripe
    /// has forgotten, this is what keeps a retried refund from being a second refund.
    pub fn post_unless_done<T: Object>(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
        done: Done<'_, T>,
    ) -> ProviderResult<T> {
        self.call(&Request::post::<T>(path, form, idempotency_key), Some(done))
    }

    /// Every object of a list endpoint, following `has_more` with `starting_after`.
    pub fn list_all<T: Object>(&self, path: &str, query: &Form) -> ProviderResult<Vec<T>> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        // A hard stop so that a server that always says has_more cannot loop us forever.
        for _ in 0..10_000 {
            let mut q = query.clone().with("limit", "100");
            if let Some(a) = &after {
                q.push("starting_after", a.clone());
            }
            let request = Request {
                answer: "list",
                ..Request::get::<T>(path, &q)
            };
            let page: List = self.call(&request, None)?;
            let mut last = None;
            for value in page.data {
                let object: T = objects::parse(value).map_err(|e| malformed(&request, e))?;
                last = Some(object.id().to_owned());
                all.push(object);
            }
            match last {
                Some(last) if page.has_more => after = Some(last),
                _ => return Ok(all),
            }
        }
        Err(shape(path, "a list that never ends (10000 pages)"))
    }

    fn call<T: DeserializeOwned>(
        &self,
        request: &Request<'_>,
        done: Option<Done<'_, T>>,
    ) -> ProviderResult<T> {
        http::retrying(&self.retry, done, || {
            let value = self.once(request)?;
            objects::parse_as(request.answer, value)
                .map_err(|e| Attempt::Final(malformed(request, e)))
        })
    }

    fn once(&self, request: &Request<'_>) -> Result<Value, Attempt> {
        let Request {
            method,
            path,
            form,
            idempotency_key,
            ..
        } = *request;
        let url = format!("{}{}", self.base, path);
        let auth = format!("Bearer {}", self.key.expose_secret());
        let what = request.what();
        let sent = if method == "POST" {
            let mut req = self
                .agent
                .post(&url)
                .header("Authorization", &auth)
                .header("Stripe-Version", STRIPE_VERSION)
                .content_type("application/x-www-form-urlencoded");
            if let Some(k) = idempotency_key {
                req = req.header("Idempotency-Key", k);
            }
            if let Some(account) = &self.account {
                req = req.header("Stripe-Account", account);
            }
            req.send(form.encode())
        } else {
            let full = if form.is_empty() {
                url
            } else {
                format!("{url}?{}", form.encode())
            };
            let mut req = self
                .agent
                .get(&full)
                .header("Authorization", &auth)
                .header("Stripe-Version", STRIPE_VERSION);
            if let Some(account) = &self.account {
                req = req.header("Stripe-Account", account);
            }
            req.call()
        };
        let mut resp = match sent {
            Ok(r) => r,
            Err(e) => return Err(self.transport(&what, e)),
        };
        let status = resp.status().as_u16();
        let should_retry = resp
            .headers()
            .get("stripe-should-retry")
            .and_then(|v| v.to_str().ok())
            .map(|v| v == "true");
        let body = match resp.body_mut().read_to_string() {
            Ok(b) => b,
            Err(e) => return Err(self.transport(&what, e)),
        };
        if (200..300).contains(&status) {
            return serde_json::from_str(&body).map_err(|e| {
                Attempt::Final(shape(&what, &format!("a body that is not JSON ({e})")))
            });
        }
        let message = self.redact(describe_error(status, &body, &what));
        // Stripe says when a retry can help; without the header, 429/5xx may, 4xx will not.
        let retry = should_retry.unwrap_or(status == 429 || status >= 500);
        Err(match status {
            _ if retry => Attempt::Retry(message),
            401 | 403 => Attempt::Final(ProviderError::Auth(self.auth_hint(status, message))),
            _ if status >= 500 || status == 429 => {
                Attempt::Final(ProviderError::Transient(message))
            }
            _ => Attempt::Final(ProviderError::Rejected(message)),
        })
    }

    fn transport(&self, what: &str, e: ureq::Error) -> Attempt {
        http::transport(self.redact(format!("{what}: {e}")), &e)
    }

    /// A refused key's message says which key (by where it lives) and what to do.
    fn auth_hint(&self, status: u16, message: String) -> String {
        let which = match &self.key_from {
            Some(place) => format!("the Stripe API key from {place}"),
            None => "the Stripe API key".to_owned(),
        };
        if status == 403 {
            format!(
                "{message}; {which} may not do this (a restricted key without this \
                 permission?): grant it in the Dashboard or use another key"
            )
        } else {
            format!(
                "{message}; {which} was refused: check it, or name another with `shopctl \
                 provider set stripe --api-key-env VAR | --api-key-file F`"
            )
        }
    }

    /// A message never carries the key, even when a server quotes it back.
    fn redact(&self, text: String) -> String {
        http::redact(text, &[self.key.expose_secret()])
    }
}

/// True for Stripe's "no such object" (HTTP 404) answer.
pub fn is_not_found(e: &ProviderError) -> bool {
    matches!(e, ProviderError::Rejected(m) if m.contains("[HTTP 404 on "))
}

/// An answer that is JSON but not the object asked for: not worth a retry.
fn malformed(request: &Request<'_>, e: Malformed) -> ProviderError {
    ProviderError::Other(anyhow::anyhow!(
        "{e}, in the answer to {}; shopctl reads Stripe API version {STRIPE_VERSION}: is the \
         API base a Stripe API?",
        request.what()
    ))
}

fn shape(what: &str, problem: &str) -> ProviderError {
    ProviderError::Other(anyhow::anyhow!(
        "Stripe answered {what} with {problem}; is the API base a Stripe API?"
    ))
}

/// `invalid_request_error: No such price (code resource_missing, param price) [HTTP 404 on
/// GET /v1/prices/x]` from Stripe's `{"error": {type, code, param, message}}`.
pub fn describe_error(status: u16, body: &str, what: &str) -> String {
    let err = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| objects::parse_as::<ErrorBody>("error body", v).ok());
    let Some(ErrorBody { error: err }) = err else {
        let snippet: String = body.chars().take(200).collect();
        return format!("HTTP {status} on {what}: {}", snippet.trim());
    };
    let given = |f: &Option<String>| f.clone().filter(|v| !v.is_empty());
    let mut text = String::new();
    if let Some(kind) = given(&err.kind) {
        text.push_str(&kind);
        text.push_str(": ");
    }
    text.push_str(&given(&err.message).unwrap_or_else(|| "no message".into()));
    let mut extra = Vec::new();
    for (k, v) in [
        ("code", &err.code),
        ("decline_code", &err.decline_code),
        ("param", &err.param),
    ] {
        if let Some(v) = given(v) {
            extra.push(format!("{k} {v}"));
        }
    }
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join(", ")));
    }
    text.push_str(&format!(" [HTTP {status} on {what}]"));
    text
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::provider::stripe::objects::Payout;

    /// A DOUBLE, not Stripe: answers each connection with the next canned body, in the shape
    /// of Stripe's list object (docs.stripe.com/api/pagination), and keeps each request line.
    /// localstripe answers neither a second page nor a malformed object.
    fn double(bodies: Vec<String>) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for body in bodies {
                let (mut stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                log.lock().unwrap().push(line.trim().to_owned());
                while line != "\r\n" {
                    line.clear();
                    reader.read_line(&mut line).unwrap();
                }
                write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
                .unwrap();
            }
        });
        (base, seen)
    }

    fn client(base: &str) -> Client {
        let retry = RetryPolicy::default().with_budget(Duration::ZERO);
        Client::new(
            base,
            "sk_test_x".to_owned().into(),
            retry,
            Duration::from_secs(5),
        )
    }

    fn payout(id: &str) -> serde_json::Value {
        serde_json::json!({"id": id, "object": "payout", "amount": 100, "currency": "eur",
            "status": "paid", "created": 1680800504, "arrival_date": 1680972000})
    }

    fn page(data: Vec<serde_json::Value>, has_more: bool) -> String {
        serde_json::json!({"object": "list", "url": "/v1/payouts", "has_more": has_more,
            "data": data})
        .to_string()
    }

    #[test]
    fn lists_are_followed_page_by_page() {
        let (base, seen) = double(vec![
            page(vec![payout("po_1"), payout("po_2")], true),
            page(vec![payout("po_3")], false),
        ]);
        let all: Vec<Payout> = client(&base).list_all("/v1/payouts", &Form::new()).unwrap();
        let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["po_1", "po_2", "po_3"]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0], "GET /v1/payouts?limit=100 HTTP/1.1");
        assert_eq!(
            seen[1],
            "GET /v1/payouts?limit=100&starting_after=po_2 HTTP/1.1"
        );
    }

    #[test]
    fn an_object_without_a_field_is_an_error_that_names_it_and_the_request() {
        let mut broken = payout("po_2");
        broken.as_object_mut().unwrap().remove("arrival_date");
        let (base, seen) = double(vec![page(vec![payout("po_1"), broken], false)]);
        let err = client(&base)
            .list_all::<Payout>("/v1/payouts", &Form::new())
            .unwrap_err();
        assert!(matches!(err, ProviderError::Other(_)), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "Stripe's Payout po_2 has no `arrival_date`, in the answer to GET /v1/payouts; \
                 shopctl reads Stripe API version {STRIPE_VERSION}: is the API base a Stripe API?"
            )
        );
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn stripe_errors_read_clearly() {
        let body = r#"{"error":{"type":"invalid_request_error","code":"parameter_missing","param":"amount","message":"Missing required param: amount."}}"#;
        assert_eq!(
            describe_error(400, body, "POST /v1/refunds"),
            "invalid_request_error: Missing required param: amount. (code parameter_missing, param amount) [HTTP 400 on POST /v1/refunds]"
        );
        assert_eq!(
            describe_error(502, "<html>bad gateway</html>", "GET /v1/payouts"),
            "HTTP 502 on GET /v1/payouts: <html>bad gateway</html>"
        );
    }
}
