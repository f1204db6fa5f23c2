//! The shop's settings that a person may change: one table of keys, each with what it means,
//! its default and the rule its value must follow, read and written by `shopctl config`.
//!
//! Settings live in the shop file's `settings` table. The keys the provider and channel
//! commands manage (where an API key lives, which account) are not here: they are set with
//! `shopctl provider set` / `channel set`, which check them as a whole, and `config` refuses
//! them with that advice.

use anyhow::{Result, bail};
use rusqlite::Connection;

use super::shop;

/// The public base URL under which `catalog images export` output is served; turns an image
/// hash into the link a provider or catalog feed needs.
pub const IMAGE_BASE_URL: &str = "catalog.image_base_url";
/// The base URL of the shop's product pages: a product without a link of its own is published
/// to the chat's catalog with `BASE/<SKU>`.
pub const LINK_BASE_URL: &str = "catalog.link_base_url";
/// The smallest width and height of an image, in pixels.
pub const IMAGE_MIN_PIXELS: &str = "catalog.image_min_pixels";
/// The largest image file, in bytes.
pub const IMAGE_MAX_BYTES: &str = "catalog.image_max_bytes";
/// The name of the payment configuration set up with Meta for the shop's market, sent with
/// every payment request in the chat.
pub const PAYMENT_CONFIGURATION: &str = "channel.payment_configuration";
/// Days after which a captured payment should have been paid out.
pub const PAYOUT_SCHEDULE_DAYS: &str = "payouts.schedule_days";

/// What a value must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// An absolute https URL (http only for this machine: localhost, 127.0.0.1, [::1]).
    Url,
    /// A whole number from `min` up.
    Whole { min: u64 },
    /// A name: letters, digits, `-`, `_`, `.` and spaces, at most 60 characters.
    Name,
}

/// One user setting.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub name: &'static str,
    pub about: &'static str,
    /// The value used when the setting is not set (`None`: nothing, the feature is off).
    pub default: Option<&'static str>,
    pub rule: Rule,
}

/// Every setting `shopctl config` knows, in the order `config list` shows them. Add a key here
/// (and to docs) when a module reads a new one.
pub const KEYS: &[Key] = &[
    Key {
        name: IMAGE_BASE_URL,
        about: "public base URL of the exported images (BASE/<sha256>.<ext>); needed to send stored images to a provider or catalog",
        default: None,
        rule: Rule::Url,
    },
    Key {
        name: LINK_BASE_URL,
        about: "base URL of the product pages (BASE/<SKU>), the link of a product without its own in the chat's catalog",
        default: None,
        rule: Rule::Url,
    },
    Key {
        name: IMAGE_MIN_PIXELS,
        about: "smallest image width and height accepted, in pixels",
        default: Some("500"),
        rule: Rule::Whole { min: 1 },
    },
    Key {
        name: IMAGE_MAX_BYTES,
        about: "largest image file accepted, in bytes",
        default: Some("8388608"),
        rule: Rule::Whole { min: 1 },
    },
    Key {
        name: PAYMENT_CONFIGURATION,
        about: "the payment configuration's name in WhatsApp Manager, sent with payment requests in the chat",
        default: None,
        rule: Rule::Name,
    },
    Key {
        name: PAYOUT_SCHEDULE_DAYS,
        about: "days after which a captured payment should be in a payout (older unpaid ones are reported by reconcile)",
        default: Some("2"),
        rule: Rule::Whole { min: 0 },
    },
];

/// Prefixes of keys that other commands own, and the command to use instead.
const MANAGED: &[(&str, &str)] = &[
    ("provider.", "shopctl provider set"),
    ("channel.", "shopctl channel set"),
];

/// The setting named `name`, or an error that says what to use instead.
pub fn find(name: &str) -> Result<&'static Key> {
    if let Some(key) = KEYS.iter().find(|k| k.name == name) {
        return Ok(key);
    }
    if let Some((_, command)) = MANAGED.iter().find(|(p, _)| name.starts_with(p)) {
        bail!("\"{name}\" is managed by `{command}`, not `shopctl config`");
    }
    let closest = KEYS
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k.name), k.name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match closest {
        Some((_, k)) => format!("; did you mean \"{k}\"?"),
        None => String::new(),
    };
    let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
    bail!(
        "unknown setting \"{name}\"{hint} (settings: {}; `shopctl config list` shows them)",
        names.join(", ")
    )
}

impl Key {
    /// Checks `value` against the key's rule and returns it as it is stored.
    pub fn check(&self, value: &str) -> Result<String> {
        let v = value.trim();
        match self.rule {
            Rule::Url => check_url(self.name, v),
            Rule::Name => {
                let ok = !v.is_empty()
                    && v.chars().count() <= 60
                    && v.chars().all(|c| c.is_alphanumeric() || "-_. ".contains(c));
                if !ok {
                    bail!(
                        "{} must be a name of at most 60 letters, digits, '-', '_', '.' or spaces, not \"{value}\"",
                        self.name
                    );
                }
                Ok(v.to_string())
            }
            Rule::Whole { min } => match v.parse::<u64>() {
                Ok(n) if n >= min => Ok(n.to_string()),
                _ => bail!(
                    "{} must be a whole number{}, not \"{value}\"",
                    self.name,
                    if min > 0 {
                        format!(" of at least {min}")
                    } else {
                        String::new()
                    }
                ),
            },
        }
    }
}

fn check_url(name: &str, v: &str) -> Result<String> {
    let url = url::Url::parse(v).map_err(|e| {
        anyhow::anyhow!(
            "{name} must be an absolute URL like https://cdn.example.com/shop, not \"{v}\" ({e})"
        )
    })?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        "http" => bail!(
            "{name} must use https (customers' apps and providers fetch from it); http is accepted only for localhost"
        ),
        other => bail!("{name} must be an https URL, not {other}:"),
    }
    if url.query().is_some() || url.fragment().is_some() {
        bail!("{name} must not have a ?query or #fragment: file names are added after it");
    }
    // Stored without a trailing slash: links are made as BASE/<name>.
    Ok(v.trim_end_matches('/').to_string())
}

/// The stored value of a setting, if it is set.
pub fn get(conn: &Connection, key: &Key) -> Result<Option<String>> {
    shop::setting(conn, key.name)
}

/// Stores a checked value; returns it as stored.
pub fn set(conn: &Connection, key: &Key, value: &str) -> Result<String> {
    let value = key.check(value)?;
    shop::set_setting(conn, key.name, &value)?;
    Ok(value)
}

/// Removes a setting (its default applies again). True when it was set.
pub fn unset(conn: &Connection, key: &Key) -> Result<bool> {
    let was = get(conn, key)?.is_some();
    shop::delete_setting(conn, key.name)?;
    Ok(was)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_by_their_rule() {
        let url = find(IMAGE_BASE_URL).unwrap();
        assert_eq!(
            url.check(" https://cdn.example.com/shop/ ").unwrap(),
            "https://cdn.example.com/shop"
        );
        assert_eq!(
            url.check("http://127.0.0.1:8080/img").unwrap(),
            "http://127.0.0.1:8080/img"
        );
        for (bad, says) in [
            ("cdn.example.com", "absolute URL"),
            ("http://cdn.example.com", "must use https"),
            ("ftp://cdn.example.com", "https URL"),
            ("https://cdn.example.com/?v=1", "?query"),
        ] {
            let e = url.check(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let days = find(PAYOUT_SCHEDULE_DAYS).unwrap();
        assert_eq!(days.check("0").unwrap(), "0");
        assert!(days.check("-1").is_err());
        let px = find(IMAGE_MIN_PIXELS).unwrap();
        let e = px.check("0").unwrap_err().to_string();
        assert!(e.contains("at least 1"), "{e}");
    }

    #[test]
    fn unknown_and_managed_keys_say_what_to_do() {
        let e = find("catalog.image_base_ur").unwrap_err().to_string();
        assert!(e.contains("did you mean \"catalog.image_base_url\""), "{e}");
        let e = find("provider.api_key_env").unwrap_err().to_string();
        assert!(e.contains("shopctl provider set"), "{e}");
        let e = find("zzz").unwrap_err().to_string();
        assert!(!e.contains("did you mean"), "{e}");
        assert!(e.contains("shopctl config list"), "{e}");
    }
}
