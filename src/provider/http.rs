//! What the HTTP adapters (Stripe, Razorpay) share: one blocking ureq agent with timeouts, the
//! retry policy (exponential backoff with jitter, bounded in count and in total time), the
//! loop that retries one request and, before each retry, asks whether an earlier attempt took
//! effect after all, how a transport failure is classed, and keeping secrets out of messages.
//! What a request looks like and how a provider's errors read stay in each adapter.

use std::time::Duration;

use backon::{BlockingRetryable, ExponentialBuilder};

use super::{ProviderError, ProviderResult};

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

    /// The default policy, with the shop's base delay (`provider.retry_base_ms`) and the
    /// budget an environment variable (`SHOPCTL_STRIPE_MAX_RETRY_MS`, ...) caps it to.
    pub fn configured(base_ms: Option<u64>, budget_env: &str) -> anyhow::Result<RetryPolicy> {
        let mut retry = RetryPolicy::default();
        if let Some(ms) = base_ms {
            retry.base = Duration::from_millis(ms);
        }
        if let Ok(v) = std::env::var(budget_env) {
            let ms: u64 = v.trim().parse().map_err(|_| {
                anyhow::anyhow!("{budget_env} is \"{v}\", not a number of milliseconds")
            })?;
            retry = retry.with_budget(Duration::from_millis(ms));
        }
        Ok(retry)
    }
}

/// One attempt's failure: worth another try, or final.
pub enum Attempt {
    Retry(String),
    Final(ProviderError),
}

/// Asks, before a retry, whether an earlier attempt took effect after all (its answer lost, or
/// a failure reported after the work was done); `Some` is returned instead of trying again.
pub type Done<'a, T> = &'a mut dyn FnMut() -> ProviderResult<Option<T>>;

/// Runs `once` until it succeeds, fails for good, or the policy's retries are spent; before
/// each retry, `done` (when given) may say the work was done after all.
pub fn retrying<T>(
    policy: &RetryPolicy,
    mut done: Option<Done<'_, T>>,
    mut once: impl FnMut() -> Result<T, Attempt>,
) -> ProviderResult<T> {
    let backoff = ExponentialBuilder::default()
        .with_min_delay(policy.base)
        .with_max_delay(policy.max_total_delay)
        .with_max_times(policy.max_retries)
        .with_total_delay(Some(policy.max_total_delay))
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
        once()
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

/// The agent every adapter calls through: status codes are answers (each adapter reads its
/// provider's error bodies), and a whole request has `timeout`.
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10).min(timeout)))
        .timeout_global(Some(timeout))
        .user_agent(concat!("shopctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// A request that never got an answer: a dropped connection, a timeout or a refused connect is
/// worth another try; anything else (a bad URL, TLS) is not, but may pass by the next sync.
/// `message` already names the request and has no secret in it.
pub fn transport(message: String, e: &ureq::Error) -> Attempt {
    match e {
        ureq::Error::Io(_)
        | ureq::Error::Timeout(_)
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::Protocol(_) => Attempt::Retry(message),
        _ => Attempt::Final(ProviderError::Transient(message)),
    }
}

/// A message never carries a secret, even when a server quotes it back.
pub fn redact(mut text: String, secrets: &[&str]) -> String {
    for secret in secrets {
        if secret.len() >= 4 && text.contains(secret) {
            text = text.replace(secret, "[redacted]");
        }
    }
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
    fn retries_stop_when_done_says_the_work_was_done() {
        let policy = RetryPolicy {
            base: Duration::from_millis(1),
            max_retries: 3,
            max_total_delay: Duration::from_millis(50),
        };
        let mut calls = 0;
        let mut looked = 0;
        let mut done = || {
            looked += 1;
            Ok(Some("found"))
        };
        let got = retrying(&policy, Some(&mut done), || {
            calls += 1;
            Err(Attempt::Retry("lost".into()))
        })
        .unwrap();
        assert_eq!((got, calls, looked), ("found", 1, 1));

        let mut calls = 0;
        let err = retrying::<()>(&policy, None, || {
            calls += 1;
            Err(Attempt::Retry("HTTP 503".into()))
        })
        .unwrap_err();
        assert_eq!(calls, 4);
        assert_eq!(
            err.to_string(),
            "the provider could not be reached or failed for now: HTTP 503 (gave up after 4 attempts)"
        );
    }

    #[test]
    fn secrets_are_blanked_out() {
        assert_eq!(
            redact(
                "key rzp_test_abc and secret s3cr3t".into(),
                &["rzp_test_abc", "s3cr3t"]
            ),
            "key [redacted] and secret [redacted]"
        );
        assert_eq!(redact("abc".into(), &["a"]), "abc", "too short to blank");
    }
}
