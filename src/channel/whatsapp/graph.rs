//! Meta's Graph API over HTTPS, as the WhatsApp channel calls it: one blocking ureq agent with
//! timeouts, the access token in the Authorization header only (never in a URL, a message or a
//! log), Graph's error objects read into `ChannelError`s, and retries with exponential backoff
//! and jitter (bounded in count and in total time) where Graph says waiting helps.
//!
//! Graph's error body is `{"error": {"message", "type", "code", "error_subcode",
//! "is_transient", "fbtrace_id"}}` (developers.facebook.com/docs/graph-api/guides/error-handling).
//! Classes, from that page and the rate-limiting one (…/docs/graph-api/overview/rate-limiting):
//! - rate limits: HTTP 429, codes 4 (app), 17 (user), 32 (page), 613 (calls per time),
//!   80004 (ads account), 80014 (catalog batch uploads): wait and try again;
//! - codes 1 and 2 (unknown, temporary), `is_transient`, HTTP 5xx, a dropped connection:
//!   try again;
//! - code 190 (invalid OAuth 2.0 access token), HTTP 401; codes 10 and 200–299 (permission):
//!   the token is the problem, and no call can pass until it is fixed;
//! - anything else: the request was refused.
//!
//! The retry code follows the Stripe client's (provider/stripe/client.rs): backon's exponential
//! builder with jitter and a total budget. `SHOPCTL_META_MAX_RETRY_MS` caps the budget (tests,
//! and cron jobs that must not sit in backoff).

use std::time::Duration;

use backon::{BlockingRetryable, ExponentialBuilder};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::channel::config::GRAPH_VERSION;
use crate::channel::{ChannelError, ChannelResult};

/// Overrides the retry budget (total sleep between attempts, in milliseconds); 0 turns
/// retries off.
pub const MAX_RETRY_MS_ENV: &str = "SHOPCTL_META_MAX_RETRY_MS";

/// Graph error codes that mean "too many calls: wait".
pub const RATE_LIMIT_CODES: &[i64] = &[4, 17, 32, 613, 80004, 80014];

/// How hard to try before giving up for this sync.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    pub base: Duration,
    pub max_retries: usize,
    pub max_total_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        // Graph's rate limits are counted over minutes to an hour: start at 2 s and allow a
        // few minutes in all before leaving the rest to the next sync.
        RetryPolicy {
            base: Duration::from_secs(2),
            max_retries: 6,
            max_total_delay: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// The default policy, capped by `SHOPCTL_META_MAX_RETRY_MS` when it is set.
    pub fn from_env() -> anyhow::Result<RetryPolicy> {
        let policy = RetryPolicy::default();
        let Ok(v) = std::env::var(MAX_RETRY_MS_ENV) else {
            return Ok(policy);
        };
        let ms: u64 = v.trim().parse().map_err(|_| {
            anyhow::anyhow!("{MAX_RETRY_MS_ENV} is \"{v}\", not a number of milliseconds")
        })?;
        Ok(policy.with_budget(Duration::from_millis(ms)))
    }

    /// This policy with at most `budget` of sleeping in all; the first delay shrinks so that
    /// every retry still fits (each delay may be doubled by jitter).
    pub fn with_budget(self, budget: Duration) -> RetryPolicy {
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

/// A Graph API client for one token.
pub struct Graph {
    agent: ureq::Agent,
    /// `https://graph.facebook.com/v23.0`
    base: String,
    token: SecretString,
    /// Where the token comes from (`environment variable X`), for a refused token's message.
    token_from: String,
    retry: RetryPolicy,
    /// Requests made (attempts included), for the summary and the benchmark.
    pub requests: u64,
}

/// One attempt's failure.
enum Attempt {
    Retry(String),
    Final(ChannelError),
}

#[derive(Deserialize)]
struct ErrorBody {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    #[serde(default)]
    message: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    code: Option<i64>,
    #[serde(default)]
    error_subcode: Option<i64>,
    #[serde(default)]
    is_transient: Option<bool>,
}

impl Graph {
    pub fn new(
        graph_base: &str,
        token: SecretString,
        token_from: String,
        retry: RetryPolicy,
    ) -> Graph {
        let timeout = Duration::from_secs(120);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(timeout))
            .user_agent(concat!("shopctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Graph {
            agent,
            base: format!("{}/{GRAPH_VERSION}", graph_base.trim_end_matches('/')),
            token,
            token_from,
            retry,
            requests: 0,
        }
    }

    /// `POST {path}` with a JSON body; the answer read as `T`.
    pub fn post_json<T: DeserializeOwned>(
        &mut self,
        path: &str,
        body: &serde_json::Value,
    ) -> ChannelResult<T> {
        let bytes = serde_json::to_vec(body).map_err(|e| ChannelError::Other(e.into()))?;
        self.call("POST", path, &[], Some(&bytes))
    }

    /// `GET {path}?{query}`; the answer read as `T`.
    pub fn get<T: DeserializeOwned>(
        &mut self,
        path: &str,
        query: &[(&str, &str)],
    ) -> ChannelResult<T> {
        self.call("GET", path, query, None)
    }

    fn call<T: DeserializeOwned>(
        &mut self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> ChannelResult<T> {
        let policy = self.retry;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(policy.base)
            .with_max_delay(policy.max_total_delay)
            .with_max_times(policy.max_retries)
            .with_total_delay(Some(policy.max_total_delay))
            .with_jitter();
        let mut attempts = 0u32;
        let result = (|| {
            attempts += 1;
            self.once(method, path, query, body)
        })
        .retry(backoff)
        .sleep(std::thread::sleep)
        .when(|e| matches!(e, Attempt::Retry(_)))
        .call();
        match result {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                ChannelError::Other(anyhow::anyhow!(
                    "Meta answered {method} {path} with JSON shopctl cannot read ({e}); is the \
                     Graph base a Graph API?"
                ))
            }),
            Err(Attempt::Final(e)) => Err(e),
            Err(Attempt::Retry(msg)) => Err(ChannelError::Transient(format!(
                "{msg} (gave up after {attempts} attempts)"
            ))),
        }
    }

    /// One request; the body of a 2xx answer.
    fn once(
        &mut self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<String, Attempt> {
        self.requests += 1;
        let mut url = format!("{}{path}", self.base);
        for (i, (k, v)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&format!("{}={}", encode(k), encode(v)));
        }
        let auth = format!("Bearer {}", self.token.expose_secret());
        let what = format!("{method} {path}");
        let sent = match body {
            Some(bytes) => self
                .agent
                .post(&url)
                .header("Authorization", &auth)
                .content_type("application/json")
                .send(bytes),
            None => self.agent.get(&url).header("Authorization", &auth).call(),
        };
        let mut resp = sent.map_err(|e| self.transport(&what, e))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| self.transport(&what, e))?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        Err(self.classify(status, &text, &what))
    }

    fn transport(&self, what: &str, e: ureq::Error) -> Attempt {
        let msg = self.redact(format!("{what}: {e}"));
        match e {
            ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_) => Attempt::Retry(msg),
            _ => Attempt::Final(ChannelError::Transient(msg)),
        }
    }

    /// A non-2xx answer as a retry or a final error.
    fn classify(&self, status: u16, body: &str, what: &str) -> Attempt {
        let parsed = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .map(|b| b.error);
        let code = parsed.as_ref().and_then(|e| e.code);
        let message = self.redact(match &parsed {
            Some(e) => describe(e, status, what),
            None => format!(
                "HTTP {status} on {what}: {}",
                body.chars().take(200).collect::<String>().trim()
            ),
        });
        let transient = parsed.as_ref().and_then(|e| e.is_transient) == Some(true);
        match (status, code) {
            (429, _) => Attempt::Retry(message),
            (_, Some(c)) if RATE_LIMIT_CODES.contains(&c) => Attempt::Retry(message),
            (_, Some(1 | 2)) => Attempt::Retry(message),
            _ if transient || status >= 500 => Attempt::Retry(message),
            (401, _) | (_, Some(190)) => Attempt::Final(ChannelError::Auth(format!(
                "{message}; the access token from {} was refused: check it (a system user \
                 token that has not expired), or name another with `shopctl channel set \
                 whatsapp --token-env VAR | --token-file F`",
                self.token_from
            ))),
            (_, Some(10 | 200..=299)) | (403, _) => Attempt::Final(ChannelError::Auth(format!(
                "{message}; the access token from {} may not do this: give its system user \
                 the catalog (and the WhatsApp account) in Business Settings",
                self.token_from
            ))),
            _ => Attempt::Final(ChannelError::Rejected(message)),
        }
    }

    /// A message never carries the token, even when a server quotes it back.
    fn redact(&self, text: String) -> String {
        let token = self.token.expose_secret();
        if token.len() >= 4 && text.contains(token) {
            text.replace(token, "[redacted]")
        } else {
            text
        }
    }
}

/// `(#190) Invalid OAuth access token (OAuthException, subcode 463) [HTTP 401 on GET /x]`.
fn describe(e: &GraphError, status: u16, what: &str) -> String {
    let mut text = String::new();
    if let Some(code) = e.code {
        text.push_str(&format!("(#{code}) "));
    }
    text.push_str(if e.message.is_empty() {
        "no message"
    } else {
        &e.message
    });
    let mut extra = Vec::new();
    if !e.kind.is_empty() {
        extra.push(e.kind.clone());
    }
    if let Some(sub) = e.error_subcode {
        extra.push(format!("subcode {sub}"));
    }
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join(", ")));
    }
    text.push_str(&format!(" [HTTP {status} on {what}]"));
    text
}

/// A query value %-encoded (unreserved characters as they are).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> Graph {
        Graph::new(
            "http://127.0.0.1:9",
            SecretString::from("EAAB-secret-token".to_string()),
            "environment variable WA_TOKEN".into(),
            RetryPolicy::default().with_budget(Duration::ZERO),
        )
    }

    fn class(status: u16, body: &str) -> String {
        match graph().classify(status, body, "POST /1/items_batch") {
            Attempt::Retry(m) => format!("retry: {m}"),
            Attempt::Final(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn graph_errors_are_classed_by_status_and_code() {
        let err = |code: i64| {
            format!(r#"{{"error":{{"message":"m","type":"OAuthException","code":{code}}}}}"#)
        };
        for code in [4, 17, 32, 613, 80004, 80014, 2] {
            assert!(class(400, &err(code)).starts_with("retry: (#"), "{code}");
        }
        assert!(class(429, "slow down").starts_with("retry: HTTP 429"));
        assert!(class(503, "").starts_with("retry: "));
        let auth = class(401, &err(190));
        assert!(
            auth.starts_with("Auth(\"(#190) m (OAuthException)"),
            "{auth}"
        );
        assert!(auth.contains("environment variable WA_TOKEN"), "{auth}");
        assert!(class(400, &err(200)).starts_with("Auth("));
        assert!(class(400, &err(100)).starts_with("Rejected(\"(#100) m"));
        // The token never appears in a message, even quoted back.
        let quoted = class(
            400,
            r#"{"error":{"message":"bad EAAB-secret-token","code":100}}"#,
        );
        assert!(!quoted.contains("EAAB-secret-token"), "{quoted}");
    }
}
