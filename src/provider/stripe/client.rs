//! The HTTP side of the Stripe adapter: one blocking ureq agent (rustls, timeouts), the key in
//! the Authorization header only, an `Idempotency-Key` on every POST, retries with exponential
//! backoff and jitter on 429, 5xx and connection failures (bounded in count and in total
//! time), cursor pagination, and Stripe's error objects turned into clear messages.

use std::time::Duration;

use backon::{BlockingRetryable, ExponentialBuilder};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::form::Form;
use crate::provider::{ProviderError, ProviderResult};

/// Stripe pins the response shapes to an API version; these are the shapes this adapter reads.
pub const STRIPE_VERSION: &str = "2024-06-20";

/// How hard to try before giving up for this sync (the outbox keeps the entry pending).
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// First backoff delay; doubles each retry, with jitter.
    pub base: Duration,
    /// Retries after the first attempt.
    pub max_retries: usize,
    /// Upper bound on the time spent sleeping between attempts.
    pub max_total_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            base: Duration::from_millis(500),
            max_retries: 4,
            max_total_delay: Duration::from_secs(20),
        }
    }
}

/// Overrides the retry budget (total sleep between attempts, in milliseconds): for tests and
/// for cron jobs that must not sit in backoff for long. 0 turns retries off.
pub const MAX_RETRY_MS_ENV: &str = "SHOPCTL_STRIPE_MAX_RETRY_MS";

impl RetryPolicy {
    /// This policy with at most `budget` of sleeping in all. The first delay shrinks with the
    /// budget so that every retry still fits: the backoff refuses a delay that would overrun
    /// the budget, and a first delay above it would mean no retry at all.
    pub fn with_budget(self, budget: Duration) -> RetryPolicy {
        // Delays base, 2b, 4b, 8b, each up to doubled by jitter: 30b for four retries.
        let spread = 2 * ((1u32 << self.max_retries.min(16)) - 1);
        RetryPolicy {
            base: self.base.min(budget / spread.max(1)),
            max_total_delay: budget,
            max_retries: if budget.is_zero() {
                0
            } else {
                self.max_retries
            },
        }
    }
}

pub struct Client {
    agent: ureq::Agent,
    base: String,
    key: SecretString,
    /// Where the key came from (`environment variable X`), for a refused key's message.
    key_from: Option<String>,
    retry: RetryPolicy,
}

/// One attempt's failure: worth another try, or final.
enum Attempt {
    Retry(String),
    Final(ProviderError),
}

impl Client {
    pub fn new(base: &str, key: SecretString, retry: RetryPolicy, timeout: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            // We read Stripe's error bodies ourselves.
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10).min(timeout)))
            .timeout_global(Some(timeout))
            .user_agent(concat!("shopctl/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            base: base.trim_end_matches('/').to_owned(),
            key,
            key_from: None,
            retry,
        }
    }

    /// Names where the key came from in the message of a refused key.
    pub fn set_key_from(&mut self, place: String) {
        self.key_from = Some(place);
    }

    pub fn get(&self, path: &str, query: &Form) -> ProviderResult<Value> {
        self.call("GET", path, query, None, None)
    }

    /// A POST; `idempotency_key` makes a retried call (by us or a later sync) have one effect.
    pub fn post(&self, path: &str, form: &Form, idempotency_key: &str) -> ProviderResult<Value> {
        self.call("POST", path, form, Some(idempotency_key), None)
    }

    /// A POST whose retries first ask `done` whether an earlier attempt took effect after all
    /// (its answer lost, or a failure reported after the work was done), and return that
    /// instead of posting again. For a server that ignores `Idempotency-Key`, or a key Stripe
    /// has forgotten, this is what keeps a retried refund from being a second refund.
    pub fn post_unless_done(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
        done: &mut dyn FnMut() -> ProviderResult<Option<Value>>,
    ) -> ProviderResult<Value> {
        self.call("POST", path, form, Some(idempotency_key), Some(done))
    }

    /// Every object of a list endpoint, following `has_more` with `starting_after`.
    pub fn list_all(&self, path: &str, query: &Form) -> ProviderResult<Vec<Value>> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        // A hard stop so that a server that always says has_more cannot loop us forever.
        for _ in 0..10_000 {
            let mut q = query.clone().with("limit", "100");
            if let Some(a) = &after {
                q.push("starting_after", a.clone());
            }
            let page = self.get(path, &q)?;
            let data = page
                .get("data")
                .and_then(Value::as_array)
                .ok_or_else(|| shape(path, "a list without `data`"))?;
            all.extend(data.iter().cloned());
            let more = page
                .get("has_more")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            match data
                .last()
                .and_then(|o| o.get("id"))
                .and_then(Value::as_str)
            {
                Some(last) if more => after = Some(last.to_owned()),
                _ => return Ok(all),
            }
        }
        Err(shape(path, "a list that never ends (10000 pages)"))
    }

    fn call(
        &self,
        method: &str,
        path: &str,
        form: &Form,
        idempotency_key: Option<&str>,
        mut done: Option<&mut dyn FnMut() -> ProviderResult<Option<Value>>>,
    ) -> ProviderResult<Value> {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.retry.base)
            .with_max_delay(self.retry.max_total_delay)
            .with_max_times(self.retry.max_retries)
            .with_total_delay(Some(self.retry.max_total_delay))
            .with_jitter();
        let mut attempts = 0u32;
        let result = (|| {
            attempts += 1;
            if attempts > 1
                && let Some(done) = done.as_mut()
            {
                match done() {
                    Ok(Some(v)) => return Ok(v),
                    Ok(None) => {}
                    Err(ProviderError::Transient(m)) => return Err(Attempt::Retry(m)),
                    Err(e) => return Err(Attempt::Final(e)),
                }
            }
            self.once(method, path, form, idempotency_key)
        })
        .retry(backoff)
        .sleep(std::thread::sleep)
        .when(|e| matches!(e, Attempt::Retry(_)))
        .call();
        match result {
            Ok(v) => Ok(v),
            Err(Attempt::Final(e)) => Err(e),
            Err(Attempt::Retry(msg)) => Err(ProviderError::Transient(format!(
                "{msg} (gave up after {attempts} attempts)"
            ))),
        }
    }

    fn once(
        &self,
        method: &str,
        path: &str,
        form: &Form,
        idempotency_key: Option<&str>,
    ) -> Result<Value, Attempt> {
        let url = format!("{}{}", self.base, path);
        let auth = format!("Bearer {}", self.key.expose_secret());
        let what = format!("{method} {path}");
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
            req.send(form.encode())
        } else {
            let full = if form.is_empty() {
                url
            } else {
                format!("{url}?{}", form.encode())
            };
            self.agent
                .get(&full)
                .header("Authorization", &auth)
                .header("Stripe-Version", STRIPE_VERSION)
                .call()
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
        let msg = self.redact(format!("{what}: {e}"));
        match e {
            ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_) => Attempt::Retry(msg),
            _ => Attempt::Final(ProviderError::Transient(msg)),
        }
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
        let key = self.key.expose_secret();
        if key.len() >= 4 && text.contains(key) {
            text.replace(key, "[redacted]")
        } else {
            text
        }
    }
}

/// True for Stripe's "no such object" (HTTP 404) answer.
pub fn is_not_found(e: &ProviderError) -> bool {
    matches!(e, ProviderError::Rejected(m) if m.contains("[HTTP 404 on "))
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
        .and_then(|v| v.get("error").cloned());
    let Some(err) = err else {
        let snippet: String = body.chars().take(200).collect();
        return format!("HTTP {status} on {what}: {}", snippet.trim());
    };
    let field = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or("");
    let mut text = String::new();
    if !field("type").is_empty() {
        text.push_str(field("type"));
        text.push_str(": ");
    }
    text.push_str(if field("message").is_empty() {
        "no message"
    } else {
        field("message")
    });
    let mut extra = Vec::new();
    for k in ["code", "decline_code", "param"] {
        if !field(k).is_empty() {
            extra.push(format!("{k} {}", field(k)));
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
    use super::*;

    #[test]
    fn a_retry_budget_keeps_every_retry_and_zero_turns_them_off() {
        let small = RetryPolicy::default().with_budget(Duration::from_millis(300));
        assert_eq!(small.max_retries, 4);
        assert_eq!(small.max_total_delay, Duration::from_millis(300));
        // The longest the four delays can add up to (each doubled by jitter) fits the budget.
        assert!(small.base * 30 <= Duration::from_millis(300), "{small:?}");
        let big = RetryPolicy::default().with_budget(Duration::from_secs(60));
        assert_eq!(big.base, RetryPolicy::default().base);
        assert_eq!(
            RetryPolicy::default()
                .with_budget(Duration::ZERO)
                .max_retries,
            0
        );
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
