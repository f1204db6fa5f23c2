//! The HTTP side of the Razorpay adapter: basic auth with the key id and key secret (in the
//! Authorization header only), JSON bodies, retries with backoff and jitter on 429, 5xx, a
//! refund still in flight (409) and connection failures (`provider::http`), `count`/`skip`
//! paging of collections, and Razorpay's error bodies turned into clear messages. Answers come
//! back as the typed entities of `objects`; one that does not fit is an error naming the
//! entity, the field and the request.

use std::time::Duration;

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::objects::{self, Collection, Entity, ErrorBody, Malformed};
pub use crate::provider::http::RetryPolicy;
use crate::provider::http::{self, Attempt, Done};
use crate::provider::{ProviderError, ProviderResult};

/// Overrides the retry budget (total sleep between attempts, in milliseconds), as
/// `SHOPCTL_STRIPE_MAX_RETRY_MS` does for Stripe. 0 turns retries off.
pub const MAX_RETRY_MS_ENV: &str = "SHOPCTL_RAZORPAY_MAX_RETRY_MS";

/// Razorpay's largest page (`count`) on its fetch-all endpoints.
const PAGE: usize = 100;

pub struct Client {
    agent: ureq::Agent,
    base: String,
    key_id: SecretString,
    key_secret: SecretString,
    /// Where the keys came from (`environment variables A, B`), for a refused key's message.
    keys_from: Option<String>,
    retry: RetryPolicy,
}

/// One request: what `call` sends, and the name of what its answer should be.
struct Request<'a> {
    method: &'static str,
    path: &'a str,
    query: &'a [(&'a str, String)],
    body: Option<&'a Value>,
    headers: &'a [(&'a str, &'a str)],
    /// `Entity::KIND` of the answer, for the message when it does not fit.
    answer: &'static str,
}

impl Request<'_> {
    fn what(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

impl Client {
    pub fn new(
        base: &str,
        key_id: SecretString,
        key_secret: SecretString,
        retry: RetryPolicy,
        timeout: Duration,
    ) -> Client {
        Client {
            agent: http::agent(timeout),
            base: base.trim_end_matches('/').to_owned(),
            key_id,
            key_secret,
            keys_from: None,
            retry,
        }
    }

    /// Names where the keys came from in the message of refused keys.
    pub fn set_keys_from(&mut self, place: String) {
        self.keys_from = Some(place);
    }

    /// One entity by its path (`/v1/payments/pay_1`).
    pub fn fetch<T: Entity>(&self, path: &str) -> ProviderResult<T> {
        self.call(
            &Request {
                method: "GET",
                path,
                query: &[],
                body: None,
                headers: &[],
                answer: T::KIND,
            },
            None,
        )
    }

    /// A POST or PATCH with a JSON body; `done` (for a POST that must not take effect twice)
    /// is asked before each retry whether an earlier attempt took effect after all.
    pub fn send<T: Entity>(
        &self,
        method: &'static str,
        path: &str,
        body: &Value,
        headers: &[(&str, &str)],
        done: Option<Done<'_, T>>,
    ) -> ProviderResult<T> {
        let request = Request {
            method,
            path,
            query: &[],
            body: Some(body),
            headers,
            answer: T::KIND,
        };
        self.call(&request, done)
    }

    /// Every entity of a fetch-all endpoint, page by page (`count` = 100, `skip`), until a
    /// page comes back short.
    pub fn list_all<T: Entity>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> ProviderResult<Vec<T>> {
        let mut all = Vec::new();
        // A hard stop so that a server that always fills its pages cannot loop us forever.
        for page in 0..10_000 {
            let mut q = query.to_vec();
            q.push(("count", PAGE.to_string()));
            q.push(("skip", (page * PAGE).to_string()));
            let request = Request {
                method: "GET",
                path,
                query: &q,
                body: None,
                headers: &[],
                answer: "collection",
            };
            let collection: Collection = self.call(&request, None)?;
            let n = collection.items.len();
            for value in collection.items {
                all.push(objects::parse::<T>(value).map_err(|e| malformed(&request, e))?);
            }
            if n < PAGE {
                return Ok(all);
            }
        }
        Err(shape(path, "a collection that never ends (10000 pages)"))
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
        let mut url = format!("{}{}", self.base, request.path);
        if !request.query.is_empty() {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in request.query {
                q.append_pair(k, v);
            }
            url = format!("{url}?{}", q.finish());
        }
        let credentials = format!(
            "{}:{}",
            self.key_id.expose_secret(),
            self.key_secret.expose_secret()
        );
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        );
        let what = request.what();
        let sent = match request.body {
            Some(body) => {
                let mut req = match request.method {
                    "PATCH" => self.agent.patch(&url),
                    _ => self.agent.post(&url),
                }
                .header("Authorization", &auth)
                .content_type("application/json");
                for (name, value) in request.headers {
                    req = req.header(*name, *value);
                }
                req.send(body.to_string())
            }
            None => self.agent.get(&url).header("Authorization", &auth).call(),
        };
        let mut resp = match sent {
            Ok(r) => r,
            Err(e) => return Err(http::transport(self.redact(format!("{what}: {e}")), &e)),
        };
        let status = resp.status().as_u16();
        let body = match resp.body_mut().read_to_string() {
            Ok(b) => b,
            Err(e) => return Err(http::transport(self.redact(format!("{what}: {e}")), &e)),
        };
        if (200..300).contains(&status) {
            return serde_json::from_str(&body).map_err(|e| {
                Attempt::Final(shape(&what, &format!("a body that is not JSON ({e})")))
            });
        }
        let message = self.redact(describe_error(status, &body, &what));
        Err(match status {
            // 409: a refund with this idempotency key is still being made; ask again later.
            409 | 429 | 500.. => Attempt::Retry(message),
            401 | 403 => Attempt::Final(ProviderError::Auth(self.auth_hint(message))),
            _ => Attempt::Final(ProviderError::Rejected(message)),
        })
    }

    /// Refused keys' message says which (by where they live) and what to do.
    fn auth_hint(&self, message: String) -> String {
        let which = match &self.keys_from {
            Some(place) => format!("the Razorpay key id and key secret from {place}"),
            None => "the Razorpay key id and key secret".to_owned(),
        };
        format!(
            "{message}; {which} were refused: check them (test keys start rzp_test_, live keys \
             rzp_live_), or name others with `shopctl provider set razorpay --key-id-env VAR \
             --key-secret-env VAR`"
        )
    }

    fn redact(&self, text: String) -> String {
        http::redact(
            text,
            &[self.key_id.expose_secret(), self.key_secret.expose_secret()],
        )
    }
}

/// True for Razorpay's "no such entity" (HTTP 404, or its 400 "The id provided does not
/// exist").
pub fn is_not_found(e: &ProviderError) -> bool {
    matches!(e, ProviderError::Rejected(m)
        if m.contains("[HTTP 404 on ") || m.contains("does not exist"))
}

/// An answer that is JSON but not the entity asked for: not worth a retry.
fn malformed(request: &Request<'_>, e: Malformed) -> ProviderError {
    ProviderError::Other(anyhow::anyhow!(
        "{e}, in the answer to {}; is the API base a Razorpay API?",
        request.what()
    ))
}

fn shape(what: &str, problem: &str) -> ProviderError {
    ProviderError::Other(anyhow::anyhow!(
        "Razorpay answered {what} with {problem}; is the API base a Razorpay API?"
    ))
}

/// `BAD_REQUEST_ERROR: The amount must be at least INR 1.00 (field amount) [HTTP 400 on POST
/// /v1/orders]` from Razorpay's `{"error": {code, description, field, reason, ...}}`.
pub fn describe_error(status: u16, body: &str, what: &str) -> String {
    let err = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| objects::parse_as::<ErrorBody>("error body", v).ok());
    let Some(ErrorBody { error: err }) = err else {
        let snippet: String = body.chars().take(200).collect();
        return format!("HTTP {status} on {what}: {}", snippet.trim());
    };
    let given = |f: &Option<String>| f.clone().filter(|v| !v.is_empty() && v != "NA");
    let mut text = String::new();
    if let Some(code) = given(&err.code) {
        text.push_str(&code);
        text.push_str(": ");
    }
    text.push_str(&given(&err.description).unwrap_or_else(|| "no description".into()));
    let extra: Vec<String> = [("field", &err.field), ("reason", &err.reason)]
        .into_iter()
        .filter_map(|(k, v)| given(v).map(|v| format!("{k} {v}")))
        .collect();
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
    fn razorpay_errors_read_clearly() {
        let body = r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"The amount must be at least INR 1.00","source":"business","step":"payment_initiation","reason":"input_validation_failed","metadata":{},"field":"amount"}}"#;
        assert_eq!(
            describe_error(400, body, "POST /v1/orders"),
            "BAD_REQUEST_ERROR: The amount must be at least INR 1.00 (field amount, reason \
             input_validation_failed) [HTTP 400 on POST /v1/orders]"
        );
        let body = r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"The id provided does not exist","source":"NA","step":"NA","reason":"NA","metadata":{}}}"#;
        let text = describe_error(400, body, "GET /v1/settlements/setl_x");
        assert_eq!(
            text,
            "BAD_REQUEST_ERROR: The id provided does not exist [HTTP 400 on GET /v1/settlements/setl_x]"
        );
        assert!(is_not_found(&ProviderError::Rejected(text)));
        assert_eq!(
            describe_error(502, "<html>bad gateway</html>", "GET /v1/payments"),
            "HTTP 502 on GET /v1/payments: <html>bad gateway</html>"
        );
    }
}
