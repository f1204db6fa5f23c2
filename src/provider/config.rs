//! The provider's settings, kept in the shop's `settings` table: which API base to call and
//! WHERE the API key lives (an environment variable's name or a 0600 file's path). The key
//! itself never enters the shop file: it is read at the moment a provider is connected, kept in
//! a `SecretString` (no Debug/Display leak), and only ever written into an HTTP header.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use secrecy::SecretString;

use crate::store::shop::{delete_setting, set_setting, setting};

/// Stripe's public API.
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com";
/// The variable a Stripe shop reads its key from when none was named.
pub const DEFAULT_KEY_ENV: &str = "STRIPE_API_KEY";

const KEY_API_BASE: &str = "provider.api_base";
const KEY_KEY_ENV: &str = "provider.api_key_env";
const KEY_KEY_FILE: &str = "provider.api_key_file";
/// Base delay of the retry backoff in milliseconds (tests set it small).
const KEY_RETRY_BASE_MS: &str = "provider.retry_base_ms";

/// Where the API key comes from. Never the key.
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

    /// Reads the key. A missing variable, an unreadable file, a file whose mode is not 0600
    /// or an empty key is an error that names the place and what to do.
    pub fn load(&self) -> Result<SecretString> {
        let text = match self {
            KeySource::Env(var) => match std::env::var(var) {
                Ok(v) => v,
                Err(_) => bail!(
                    "the Stripe API key is missing: environment variable {var} is not set; \
                     export it, or name another place with `shopctl provider set stripe \
                     --api-key-env VAR | --api-key-file F`"
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
            bail!("the Stripe API key in {} is empty", self.describe());
        }
        Ok(SecretString::from(key.to_owned()))
    }
}

/// A key file must exist, be a regular file and have mode 0600 exactly: a key readable by
/// others is refused rather than used (the way ssh treats private keys).
pub fn check_key_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot read the API key file {}", path.display()))?;
    if !meta.is_file() {
        bail!("the API key file {} is not a regular file", path.display());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode != 0o600 {
            bail!(
                "the API key file {} has mode {mode:04o}; it must be 0600 so that only you can \
                 read it: run `chmod 600 {}`",
                path.display(),
                path.display()
            );
        }
    }
    Ok(())
}

/// The provider part of the shop's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSettings {
    /// `None`: the provider's default (Stripe's public API).
    pub api_base: Option<String>,
    pub key_source: Option<KeySource>,
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
            retry_base_ms,
        })
    }

    pub fn save(&self, conn: &Connection) -> Result<()> {
        match &self.api_base {
            Some(b) => set_setting(conn, KEY_API_BASE, b)?,
            None => delete_setting(conn, KEY_API_BASE)?,
        }
        delete_setting(conn, KEY_KEY_ENV)?;
        delete_setting(conn, KEY_KEY_FILE)?;
        match &self.key_source {
            Some(KeySource::Env(var)) => set_setting(conn, KEY_KEY_ENV, var)?,
            Some(KeySource::File(path)) => {
                let text = path.to_str().with_context(|| {
                    format!("the key file path {} is not valid UTF-8", path.display())
                })?;
                set_setting(conn, KEY_KEY_FILE, text)?
            }
            None => {}
        }
        match self.retry_base_ms {
            Some(ms) => set_setting(conn, KEY_RETRY_BASE_MS, &ms.to_string())?,
            None => delete_setting(conn, KEY_RETRY_BASE_MS)?,
        }
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
}

/// Checks an API base given by the user: https anywhere; plain http only to this machine
/// (a local test server), because the key travels in a header.
pub fn validate_api_base(url: &str) -> Result<String> {
    let trimmed = url.trim_end_matches('/');
    let (scheme, rest) = trimmed.split_once("://").with_context(|| {
        format!("--api-base \"{url}\" is not a URL; give one like https://api.stripe.com")
    })?;
    let host_port = rest.split('/').next().unwrap_or("");
    let host = if let Some(stripped) = host_port.strip_prefix('[') {
        stripped.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        bail!("--api-base \"{url}\" has no host; give one like https://api.stripe.com");
    }
    match scheme {
        "https" => {}
        "http" if matches!(host, "127.0.0.1" | "localhost" | "::1") => {}
        "http" => bail!(
            "--api-base \"{url}\" is plain http to another machine; the API key would travel \
             unencrypted. Use https (plain http is allowed only for 127.0.0.1/localhost)"
        ),
        other => bail!("--api-base \"{url}\" has scheme \"{other}\"; use https"),
    }
    Ok(trimmed.to_owned())
}

/// The providers shopctl has adapters for.
pub const PROVIDERS: &[&str] = &["sandbox", "stripe"];

/// What `provider set` asks for.
#[derive(Clone, Debug, Default)]
pub struct SetRequest {
    pub name: String,
    pub key_source: Option<KeySource>,
    pub api_base: Option<String>,
}

/// What `provider show` prints: the provider and where its key comes from, never the key.
#[derive(Clone, Debug)]
pub struct ProviderView {
    pub name: String,
    pub api_base: Option<String>,
    pub key_source: Option<KeySource>,
    /// Whether the key can be read right now (variable set / file present with mode 0600).
    pub key_available: Option<bool>,
    pub key_problem: Option<String>,
}

pub fn view(conn: &Connection) -> Result<ProviderView> {
    let shop = crate::store::shop::load(conn)?;
    let settings = ProviderSettings::load(conn)?;
    if shop.provider != "stripe" {
        return Ok(ProviderView {
            name: shop.provider,
            api_base: None,
            key_source: None,
            key_available: None,
            key_problem: None,
        });
    }
    let source = settings.stripe_key_source();
    let problem = source.load().err().map(|e| e.to_string());
    Ok(ProviderView {
        name: shop.provider,
        api_base: Some(settings.stripe_api_base().to_owned()),
        key_source: Some(source),
        key_available: Some(problem.is_none()),
        key_problem: problem,
    })
}

/// Switches provider and/or changes its settings, in the caller's transaction. Everything is
/// checked before anything is written. Switching to another provider (or API base) clears the
/// pull cursors: they are positions in the old provider's history.
pub fn apply_set(conn: &Connection, req: &SetRequest) -> Result<ProviderView> {
    if !PROVIDERS.contains(&req.name.as_str()) {
        bail!(
            "unknown provider \"{}\"; choose one of: {}",
            req.name,
            PROVIDERS.join(", ")
        );
    }
    if req.name != "stripe" && (req.key_source.is_some() || req.api_base.is_some()) {
        bail!(
            "the {} provider takes no API key or API base; those options are for stripe",
            req.name
        );
    }
    let api_base = req.api_base.as_deref().map(validate_api_base).transpose()?;
    if let Some(KeySource::File(path)) = &req.key_source {
        check_key_file(path)?;
        if !path.is_absolute() {
            bail!(
                "give the API key file as an absolute path (the shop may be used from another folder): {}",
                path.display()
            );
        }
    }
    if let Some(KeySource::Env(var)) = &req.key_source {
        if var.is_empty() || var.contains('=') || var.contains('\0') {
            bail!("--api-key-env \"{var}\" is not an environment variable name");
        }
        if var.starts_with("sk_") || var.starts_with("rk_") {
            bail!(
                "--api-key-env takes the NAME of a variable that holds the key, not the key; \
                 e.g. --api-key-env STRIPE_API_KEY"
            );
        }
    }
    let shop = crate::store::shop::load(conn)?;
    let mut settings = ProviderSettings::load(conn)?;
    let mut moved = shop.provider != req.name;
    if let Some(base) = api_base {
        moved |= settings.api_base.as_deref() != Some(base.as_str());
        settings.api_base = Some(base);
    }
    if let Some(src) = &req.key_source {
        settings.key_source = Some(src.clone());
    }
    settings.save(conn)?;
    crate::store::shop::set_provider(conn, &req.name)?;
    if moved {
        conn.execute("DELETE FROM sync_cursors", [])?;
    }
    view(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_rules() {
        assert_eq!(
            validate_api_base("https://api.stripe.com/").unwrap(),
            "https://api.stripe.com"
        );
        assert!(validate_api_base("http://127.0.0.1:8420").is_ok());
        assert!(validate_api_base("http://[::1]:8420").is_ok());
        let err = validate_api_base("http://example.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unencrypted"), "{err}");
        assert!(validate_api_base("ftp://x").is_err());
        assert!(validate_api_base("api.stripe.com").is_err());
    }

    #[test]
    fn key_file_mode_must_be_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "sk_test_123\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = KeySource::File(path.clone())
            .load()
            .unwrap_err()
            .to_string();
        assert!(err.contains("0644") && err.contains("chmod 600"), "{err}");
        assert!(!err.contains("sk_test_123"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        use secrecy::ExposeSecret;
        assert_eq!(
            KeySource::File(path).load().unwrap().expose_secret(),
            "sk_test_123"
        );
    }
}
