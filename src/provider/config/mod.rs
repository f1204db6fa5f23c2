//! The provider's settings, kept in the shop's `settings` table: which API base to call and
//! WHERE each secret lives (an environment variable's name or a 0600 file's path), plus
//! Stripe's connected account. A secret itself never enters the shop file: it is read at the
//! moment a provider is connected, kept in a `SecretString` (no Debug/Display leak), and only
//! ever written into an HTTP header (or, for a webhook secret, into an HMAC).
//!
//! Keys: Stripe's are `provider.api_base`, `provider.api_key_env|file`, `provider.account`,
//! `provider.webhook_secret_env` (the first two predate other providers); Razorpay's are
//! `provider.razorpay.*`, so that switching between the two keeps each one's settings.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use secrecy::SecretString;

use crate::store::shop::{delete_setting, set_setting, setting};

mod checks;

use checks::check_request;
pub use checks::{check_key_file, validate_api_base};

/// Stripe's public API.
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com";
/// The variable a Stripe shop reads its key from when none was named.
pub const DEFAULT_KEY_ENV: &str = "STRIPE_API_KEY";
/// Razorpay's public API.
pub const DEFAULT_RAZORPAY_API_BASE: &str = "https://api.razorpay.com";
/// The variables a Razorpay shop reads its key id and key secret from when none were named.
pub const DEFAULT_RAZORPAY_KEY_ID_ENV: &str = "RAZORPAY_KEY_ID";
pub const DEFAULT_RAZORPAY_KEY_SECRET_ENV: &str = "RAZORPAY_KEY_SECRET";

const KEY_API_BASE: &str = "provider.api_base";
const KEY_KEY_ENV: &str = "provider.api_key_env";
const KEY_KEY_FILE: &str = "provider.api_key_file";
const KEY_ACCOUNT: &str = "provider.account";
const KEY_WEBHOOK_ENV: &str = "provider.webhook_secret_env";
const KEY_RZP_API_BASE: &str = "provider.razorpay.api_base";
const KEY_RZP_ID_ENV: &str = "provider.razorpay.key_id_env";
const KEY_RZP_SECRET_ENV: &str = "provider.razorpay.key_secret_env";
const KEY_RZP_WEBHOOK_ENV: &str = "provider.razorpay.webhook_secret_env";
/// Base delay of the retry backoff in milliseconds (tests set it small).
const KEY_RETRY_BASE_MS: &str = "provider.retry_base_ms";

/// Where a secret comes from. Never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    Env(String),
    File(PathBuf),
}

impl KeySource {
    /// For `provider show` and error messages: names the place, never the value.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Env(var) => format!("environment variable {var}"),
            KeySource::File(path) => format!("file {}", path.display()),
        }
    }

    /// Reads the Stripe API key (see `load_as`).
    pub fn load(&self) -> Result<SecretString> {
        self.load_as(
            "the Stripe API key",
            "`shopctl provider set stripe --api-key-env VAR | --api-key-file F`",
        )
    }

    /// Reads the secret called `what`. A missing variable, an unreadable file, a file whose
    /// mode is not 0600 or an empty value is an error that names the place and what to do
    /// (`fix`: the command that names another place).
    pub fn load_as(&self, what: &str, fix: &str) -> Result<SecretString> {
        let text = match self {
            KeySource::Env(var) => match std::env::var(var) {
                Ok(v) => v,
                Err(_) => bail!(
                    "{what} is missing: environment variable {var} is not set; export it, or \
                     name another place with {fix}"
                ),
            },
            KeySource::File(path) => {
                check_key_file(path)?;
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the API key file {}", path.display()))?
            }
        };
        let key = text.trim();
        if key.is_empty() {
            bail!("{what} in {} is empty", self.describe());
        }
        Ok(SecretString::from(key.to_owned()))
    }
}

/// Razorpay's part of the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RazorpaySettings {
    /// `None`: Razorpay's public API.
    pub api_base: Option<String>,
    pub key_id_env: Option<String>,
    pub key_secret_env: Option<String>,
    pub webhook_secret_env: Option<String>,
}

impl RazorpaySettings {
    pub fn api_base(&self) -> &str {
        self.api_base
            .as_deref()
            .unwrap_or(DEFAULT_RAZORPAY_API_BASE)
    }

    /// Where the key id and the key secret come from: the named variables or the defaults.
    pub fn key_sources(&self) -> (KeySource, KeySource) {
        let env = |v: &Option<String>, default: &str| {
            KeySource::Env(v.clone().unwrap_or_else(|| default.to_owned()))
        };
        (
            env(&self.key_id_env, DEFAULT_RAZORPAY_KEY_ID_ENV),
            env(&self.key_secret_env, DEFAULT_RAZORPAY_KEY_SECRET_ENV),
        )
    }

    /// Reads the key id and the key secret (the id is not secret at Razorpay, but it is
    /// treated like one: never stored, printed or logged).
    pub fn load_keys(&self) -> Result<(SecretString, SecretString)> {
        const FIX: &str = "`shopctl provider set razorpay --key-id-env VAR --key-secret-env VAR`";
        let (id, secret) = self.key_sources();
        Ok((
            id.load_as("the Razorpay key id", FIX)?,
            secret.load_as("the Razorpay key secret", FIX)?,
        ))
    }
}

/// The provider part of the shop's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSettings {
    /// Stripe's API base; `None`: Stripe's public API.
    pub api_base: Option<String>,
    /// Where Stripe's API key comes from.
    pub key_source: Option<KeySource>,
    /// Stripe Connect: the connected account every request acts for (`Stripe-Account`).
    pub account: Option<String>,
    /// The variable holding Stripe's webhook endpoint secret (`whsec_...`).
    pub webhook_secret_env: Option<String>,
    pub razorpay: RazorpaySettings,
    /// Base delay of the retry backoff, in milliseconds.
    pub retry_base_ms: Option<u64>,
}

impl ProviderSettings {
    pub fn load(conn: &Connection) -> Result<ProviderSettings> {
        let key_source = match (setting(conn, KEY_KEY_ENV)?, setting(conn, KEY_KEY_FILE)?) {
            (Some(var), _) => Some(KeySource::Env(var)),
            (None, Some(path)) => Some(KeySource::File(PathBuf::from(path))),
            (None, None) => None,
        };
        let retry_base_ms = match setting(conn, KEY_RETRY_BASE_MS)? {
            Some(v) => Some(v.parse().with_context(|| {
                format!("the setting {KEY_RETRY_BASE_MS} is \"{v}\", not a number of milliseconds")
            })?),
            None => None,
        };
        Ok(ProviderSettings {
            api_base: setting(conn, KEY_API_BASE)?,
            key_source,
            account: setting(conn, KEY_ACCOUNT)?,
            webhook_secret_env: setting(conn, KEY_WEBHOOK_ENV)?,
            razorpay: RazorpaySettings {
                api_base: setting(conn, KEY_RZP_API_BASE)?,
                key_id_env: setting(conn, KEY_RZP_ID_ENV)?,
                key_secret_env: setting(conn, KEY_RZP_SECRET_ENV)?,
                webhook_secret_env: setting(conn, KEY_RZP_WEBHOOK_ENV)?,
            },
            retry_base_ms,
        })
    }

    pub fn save(&self, conn: &Connection) -> Result<()> {
        let put = |key: &str, value: Option<&str>| match value {
            Some(v) => set_setting(conn, key, v),
            None => delete_setting(conn, key),
        };
        put(KEY_API_BASE, self.api_base.as_deref())?;
        let (env, file) = match &self.key_source {
            Some(KeySource::Env(var)) => (Some(var.as_str()), None),
            Some(KeySource::File(path)) => (
                None,
                Some(path.to_str().with_context(|| {
                    format!("the key file path {} is not valid UTF-8", path.display())
                })?),
            ),
            None => (None, None),
        };
        put(KEY_KEY_ENV, env)?;
        put(KEY_KEY_FILE, file)?;
        put(KEY_ACCOUNT, self.account.as_deref())?;
        put(KEY_WEBHOOK_ENV, self.webhook_secret_env.as_deref())?;
        let r = &self.razorpay;
        put(KEY_RZP_API_BASE, r.api_base.as_deref())?;
        put(KEY_RZP_ID_ENV, r.key_id_env.as_deref())?;
        put(KEY_RZP_SECRET_ENV, r.key_secret_env.as_deref())?;
        put(KEY_RZP_WEBHOOK_ENV, r.webhook_secret_env.as_deref())?;
        put(
            KEY_RETRY_BASE_MS,
            self.retry_base_ms.map(|ms| ms.to_string()).as_deref(),
        )?;
        Ok(())
    }

    /// The API base to call: the configured one or Stripe's.
    pub fn stripe_api_base(&self) -> &str {
        self.api_base.as_deref().unwrap_or(DEFAULT_STRIPE_API_BASE)
    }

    /// Where the key comes from: the configured place or `$STRIPE_API_KEY`.
    pub fn stripe_key_source(&self) -> KeySource {
        self.key_source
            .clone()
            .unwrap_or_else(|| KeySource::Env(DEFAULT_KEY_ENV.to_owned()))
    }

    /// The webhook secret of `provider` (`stripe`, `razorpay`), read from its variable; an
    /// error says how to name one when none is.
    pub fn webhook_secret(&self, provider: &str) -> Result<SecretString> {
        let var = match provider {
            "stripe" => &self.webhook_secret_env,
            "razorpay" => &self.razorpay.webhook_secret_env,
            other => bail!("the {other} provider takes no webhooks"),
        };
        let fix = format!("`shopctl provider set {provider} --webhook-secret-env VAR`");
        let Some(var) = var else {
            bail!("no {provider} webhook secret is configured; name its variable with {fix}");
        };
        KeySource::Env(var.clone()).load_as(&format!("the {provider} webhook secret"), &fix)
    }
}

/// The providers shopctl has adapters for.
pub const PROVIDERS: &[&str] = &["sandbox", "stripe", "razorpay"];

/// What `provider set` asks for. `None` keeps what is set.
#[derive(Clone, Debug, Default)]
pub struct SetRequest {
    pub name: String,
    /// Stripe's API key (`--api-key-env | --api-key-file`).
    pub key_source: Option<KeySource>,
    pub api_base: Option<String>,
    /// Stripe Connect's account.
    pub account: Option<String>,
    /// Stripe Connect: act for the platform's own account again (forget `account`).
    pub no_account: bool,
    pub webhook_secret_env: Option<String>,
    /// Razorpay's key id and key secret variables.
    pub key_id_env: Option<String>,
    pub key_secret_env: Option<String>,
}

/// What `provider show` prints: the provider and where its secrets come from, never a secret.
#[derive(Clone, Debug, Default)]
pub struct ProviderView {
    pub name: String,
    pub api_base: Option<String>,
    /// Stripe's API key, or Razorpay's key id.
    pub key_source: Option<KeySource>,
    /// Razorpay's key secret.
    pub secret_source: Option<KeySource>,
    /// Whether the keys can be read right now (variables set / file present with mode 0600).
    pub key_available: Option<bool>,
    pub key_problem: Option<String>,
    pub account: Option<String>,
    pub webhook_secret_env: Option<String>,
}

pub fn view(conn: &Connection) -> Result<ProviderView> {
    let shop = crate::store::shop::load(conn)?;
    let settings = ProviderSettings::load(conn)?;
    let mut v = ProviderView {
        name: shop.provider.clone(),
        ..ProviderView::default()
    };
    let problem = match shop.provider.as_str() {
        "stripe" => {
            let source = settings.stripe_key_source();
            v.api_base = Some(settings.stripe_api_base().to_owned());
            v.account = settings.account.clone();
            v.webhook_secret_env = settings.webhook_secret_env.clone();
            let problem = source.load().err();
            v.key_source = Some(source);
            problem
        }
        "razorpay" => {
            let r = &settings.razorpay;
            let (id, secret) = r.key_sources();
            v.api_base = Some(r.api_base().to_owned());
            v.webhook_secret_env = r.webhook_secret_env.clone();
            v.key_source = Some(id);
            v.secret_source = Some(secret);
            r.load_keys().err()
        }
        _ => return Ok(v),
    };
    v.key_available = Some(problem.is_none());
    v.key_problem = problem.map(|e| e.to_string());
    Ok(v)
}

/// Switches provider and/or changes its settings, in the caller's transaction. Everything is
/// checked before anything is written. Switching to another provider, API base or connected
/// account clears the pull cursors: they are positions in the old one's history.
pub fn apply_set(conn: &Connection, req: &SetRequest) -> Result<ProviderView> {
    let api_base = check_request(req)?;
    let shop = crate::store::shop::load(conn)?;
    let mut s = ProviderSettings::load(conn)?;
    let mut moved = shop.provider != req.name;
    let keep = |slot: &mut Option<String>, new: &Option<String>| {
        if let Some(v) = new {
            let changed = slot.as_deref() != Some(v.as_str());
            *slot = Some(v.clone());
            return changed;
        }
        false
    };
    match req.name.as_str() {
        "stripe" => {
            moved |= keep(&mut s.api_base, &api_base);
            moved |= keep(&mut s.account, &req.account);
            if req.no_account {
                moved |= s.account.take().is_some();
            }
            keep(&mut s.webhook_secret_env, &req.webhook_secret_env);
            if let Some(src) = &req.key_source {
                s.key_source = Some(src.clone());
            }
        }
        "razorpay" => {
            let r = &mut s.razorpay;
            moved |= keep(&mut r.api_base, &api_base);
            keep(&mut r.key_id_env, &req.key_id_env);
            keep(&mut r.key_secret_env, &req.key_secret_env);
            keep(&mut r.webhook_secret_env, &req.webhook_secret_env);
        }
        _ => {}
    }
    s.save(conn)?;
    crate::store::shop::set_provider(conn, &req.name)?;
    if moved {
        conn.execute("DELETE FROM sync_cursors", [])?;
    }
    view(conn)
}
