//! The channel's settings, kept in the shop's `settings` table: which chat storefront, its
//! WhatsApp ids, the Graph API base, and WHERE each secret lives (an environment variable's
//! name or a 0600 file's path). A secret itself never enters the shop file or any output: it
//! is read when it is needed, kept in a `SecretString`, and only ever put in a header or used
//! as an HMAC key.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use secrecy::SecretString;

use crate::provider::config::{KeySource, check_key_file, validate_api_base};
use crate::store::shop::{delete_setting, set_setting, setting};

/// Meta's Graph API; the Cloud API lives under it.
pub const DEFAULT_GRAPH_BASE: &str = "https://graph.facebook.com";
/// The Graph API version every call is made with, pinned in this one place (the version of
/// Meta's published spec that the tests validate against).
pub const GRAPH_VERSION: &str = "v23.0";

const KEY_NAME: &str = "channel.name";
const KEY_PHONE_NUMBER_ID: &str = "channel.phone_number_id";
const KEY_CATALOG_ID: &str = "channel.catalog_id";
const KEY_GRAPH_BASE: &str = "channel.graph_base";

/// The channels shopctl has adapters for.
pub const CHANNELS: &[&str] = &["sandbox", "whatsapp"];

/// The three secrets of a WhatsApp channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// The system user's access token: a bearer token on every Cloud API call.
    Token,
    /// The Meta app's secret: the HMAC key of `X-Hub-Signature-256` on webhooks.
    AppSecret,
    /// The token you chose when subscribing the webhook: Meta echoes it in the handshake.
    VerifyToken,
}

impl SecretKind {
    pub const ALL: [SecretKind; 3] = [
        SecretKind::Token,
        SecretKind::AppSecret,
        SecretKind::VerifyToken,
    ];

    /// The setting's stem and the flag's: `token` → `channel.token_env`, `--token-env`.
    pub fn stem(self) -> &'static str {
        match self {
            SecretKind::Token => "token",
            SecretKind::AppSecret => "app_secret",
            SecretKind::VerifyToken => "verify_token",
        }
    }

    fn flag(self) -> String {
        self.stem().replace('_', "-")
    }

    pub fn label(self) -> &'static str {
        match self {
            SecretKind::Token => "the WhatsApp access token",
            SecretKind::AppSecret => "the Meta app secret",
            SecretKind::VerifyToken => "the webhook verify token",
        }
    }

    fn env_key(self) -> String {
        format!("channel.{}_env", self.stem())
    }

    fn file_key(self) -> String {
        format!("channel.{}_file", self.stem())
    }
}

/// Where one secret comes from. Never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub kind: SecretKind,
    pub source: KeySource,
}

impl Secret {
    /// Reads the secret; a missing variable, a file that is not 0600 or an empty value is an
    /// error naming the place (never the value) and what to do.
    pub fn load(&self) -> Result<SecretString> {
        let label = self.kind.label();
        let text = match &self.source {
            KeySource::Env(var) => std::env::var(var).map_err(|_| {
                anyhow::anyhow!(
                    "{label} is missing: environment variable {var} is not set; export it, or name \
                     another place with `shopctl channel set whatsapp --{}-env VAR | --{}-file F`",
                    self.kind.flag(),
                    self.kind.flag()
                )
            })?,
            KeySource::File(path) => {
                check_key_file(path)?;
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {label} from {}", path.display()))?
            }
        };
        let value = text.trim();
        if value.is_empty() {
            bail!("{label} in {} is empty", self.source.describe());
        }
        Ok(SecretString::from(value.to_owned()))
    }
}

/// The WhatsApp part of the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatsAppSettings {
    pub phone_number_id: String,
    pub catalog_id: String,
    pub graph_base: String,
    pub token: Secret,
    pub app_secret: Secret,
    pub verify_token: Secret,
}

/// The channel's settings as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelSettings {
    Sandbox,
    WhatsApp(WhatsAppSettings),
}

impl ChannelSettings {
    pub fn name(&self) -> &'static str {
        match self {
            ChannelSettings::Sandbox => "sandbox",
            ChannelSettings::WhatsApp(_) => "whatsapp",
        }
    }

    /// The stored settings; a shop that never chose a channel uses the sandbox chat.
    pub fn load(conn: &Connection) -> Result<ChannelSettings> {
        match setting(conn, KEY_NAME)?.as_deref() {
            None | Some("sandbox") => Ok(ChannelSettings::Sandbox),
            Some("whatsapp") => {
                let need = |key: &str| -> Result<String> {
                    setting(conn, key)?.with_context(|| {
                        format!(
                            "the whatsapp channel setting {key} is missing; set the channel again \
                             with `shopctl channel set whatsapp ...`"
                        )
                    })
                };
                let secret = |kind: SecretKind| -> Result<Secret> {
                    let source = match (
                        setting(conn, &kind.env_key())?,
                        setting(conn, &kind.file_key())?,
                    ) {
                        (Some(var), _) => KeySource::Env(var),
                        (None, Some(path)) => KeySource::File(PathBuf::from(path)),
                        (None, None) => bail!(
                            "the whatsapp channel has no place for {}; set it with `shopctl channel \
                             set whatsapp --{}-env VAR`",
                            kind.label(),
                            kind.flag()
                        ),
                    };
                    Ok(Secret { kind, source })
                };
                Ok(ChannelSettings::WhatsApp(WhatsAppSettings {
                    phone_number_id: need(KEY_PHONE_NUMBER_ID)?,
                    catalog_id: need(KEY_CATALOG_ID)?,
                    graph_base: setting(conn, KEY_GRAPH_BASE)?
                        .unwrap_or_else(|| DEFAULT_GRAPH_BASE.to_string()),
                    token: secret(SecretKind::Token)?,
                    app_secret: secret(SecretKind::AppSecret)?,
                    verify_token: secret(SecretKind::VerifyToken)?,
                }))
            }
            Some(other) => bail!(
                "the shop names an unknown chat channel \"{other}\"; set one with `shopctl channel set sandbox|whatsapp`"
            ),
        }
    }

    fn save(&self, conn: &Connection) -> Result<()> {
        let mut keys = vec![
            KEY_PHONE_NUMBER_ID.to_string(),
            KEY_CATALOG_ID.to_string(),
            KEY_GRAPH_BASE.to_string(),
        ];
        for kind in SecretKind::ALL {
            keys.push(kind.env_key());
            keys.push(kind.file_key());
        }
        for key in &keys {
            delete_setting(conn, key)?;
        }
        set_setting(conn, KEY_NAME, self.name())?;
        let ChannelSettings::WhatsApp(w) = self else {
            return Ok(());
        };
        set_setting(conn, KEY_PHONE_NUMBER_ID, &w.phone_number_id)?;
        set_setting(conn, KEY_CATALOG_ID, &w.catalog_id)?;
        if w.graph_base != DEFAULT_GRAPH_BASE {
            set_setting(conn, KEY_GRAPH_BASE, &w.graph_base)?;
        }
        for secret in [&w.token, &w.app_secret, &w.verify_token] {
            match &secret.source {
                KeySource::Env(var) => set_setting(conn, &secret.kind.env_key(), var)?,
                KeySource::File(path) => {
                    let text = path.to_str().with_context(|| {
                        format!("the path {} is not valid UTF-8", path.display())
                    })?;
                    set_setting(conn, &secret.kind.file_key(), text)?
                }
            }
        }
        Ok(())
    }
}

/// What `channel set whatsapp` asks for, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct SetRequest {
    pub name: String,
    pub phone_number_id: Option<String>,
    pub catalog_id: Option<String>,
    pub graph_base: Option<String>,
    /// One source per secret kind given on the command line.
    pub secrets: Vec<(SecretKind, KeySource)>,
}

/// Checks a request as a whole and stores it, in the caller's transaction; nothing is written
/// when anything is wrong.
pub fn apply_set(conn: &Connection, req: &SetRequest) -> Result<ChannelSettings> {
    let settings = match req.name.as_str() {
        "sandbox" => {
            if req.phone_number_id.is_some()
                || req.catalog_id.is_some()
                || req.graph_base.is_some()
                || !req.secrets.is_empty()
            {
                bail!(
                    "the sandbox chat takes no ids, secrets or Graph base; those options are for whatsapp"
                );
            }
            ChannelSettings::Sandbox
        }
        "whatsapp" => ChannelSettings::WhatsApp(whatsapp_request(req)?),
        other => bail!(
            "unknown chat channel \"{other}\"; choose one of: {}",
            CHANNELS.join(", ")
        ),
    };
    settings.save(conn)?;
    Ok(settings)
}

fn whatsapp_request(req: &SetRequest) -> Result<WhatsAppSettings> {
    let id = |value: &Option<String>, flag: &str| -> Result<String> {
        let Some(v) = value.as_deref().map(str::trim) else {
            bail!("channel set whatsapp needs --{flag} (from your WhatsApp app's API setup page)");
        };
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            bail!(
                "--{flag} \"{v}\" is not a Meta id (Meta's ids are digits, e.g. 106540352242922)"
            );
        }
        Ok(v.to_string())
    };
    let secret = |kind: SecretKind| -> Result<Secret> {
        let Some((_, source)) = req.secrets.iter().find(|(k, _)| *k == kind) else {
            bail!(
                "channel set whatsapp needs --{}-env VAR (or --{}-file F): where {} is kept",
                kind.flag(),
                kind.flag(),
                kind.label()
            );
        };
        check_source(kind, source)?;
        Ok(Secret {
            kind,
            source: source.clone(),
        })
    };
    let graph_base = match &req.graph_base {
        Some(base) => validate_api_base(base).map_err(|e| {
            anyhow::anyhow!("{}", e.to_string().replace("--api-base", "--graph-base"))
        })?,
        None => DEFAULT_GRAPH_BASE.to_string(),
    };
    Ok(WhatsAppSettings {
        phone_number_id: id(&req.phone_number_id, "phone-number-id")?,
        catalog_id: id(&req.catalog_id, "catalog-id")?,
        graph_base,
        token: secret(SecretKind::Token)?,
        app_secret: secret(SecretKind::AppSecret)?,
        verify_token: secret(SecretKind::VerifyToken)?,
    })
}

/// A variable's NAME (not a value pasted by mistake), or an absolute 0600 file.
fn check_source(kind: SecretKind, source: &KeySource) -> Result<()> {
    let flag = kind.flag();
    match source {
        KeySource::Env(var) => {
            let is_name = !var.is_empty()
                && var.len() <= 128
                && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !var.as_bytes()[0].is_ascii_digit();
            if !is_name {
                bail!(
                    "--{flag}-env takes the NAME of an environment variable that holds {} (e.g. \
                     WHATSAPP_{}), not the value itself",
                    kind.label(),
                    kind.stem().to_ascii_uppercase()
                );
            }
        }
        KeySource::File(path) => {
            if !path.is_absolute() {
                bail!(
                    "give --{flag}-file as an absolute path (the shop may be used from another folder): {}",
                    path.display()
                );
            }
            check_key_file(path)?;
        }
    }
    Ok(())
}

/// One secret as `channel show` tells it: where it lives and whether it can be read now.
#[derive(Clone, Debug)]
pub struct SecretView {
    pub kind: SecretKind,
    pub from: String,
    pub problem: Option<String>,
}

/// The settings and each secret's place and readiness, for `channel show` (never a value).
pub fn secret_views(settings: &ChannelSettings) -> Vec<SecretView> {
    let ChannelSettings::WhatsApp(w) = settings else {
        return Vec::new();
    };
    [&w.token, &w.app_secret, &w.verify_token]
        .into_iter()
        .map(|s| SecretView {
            kind: s.kind,
            from: s.source.describe(),
            problem: s.load().err().map(|e| e.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        crate::store::testing::migrated()
    }

    fn whatsapp() -> SetRequest {
        SetRequest {
            name: "whatsapp".into(),
            phone_number_id: Some("106540352242922".into()),
            catalog_id: Some("194836987003835".into()),
            graph_base: Some("http://127.0.0.1:4010/".into()),
            secrets: SecretKind::ALL
                .iter()
                .map(|k| {
                    (
                        *k,
                        KeySource::Env(format!("WA_{}", k.stem().to_uppercase())),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn settings_round_trip_and_sandbox_clears_them() {
        let conn = conn();
        assert_eq!(
            ChannelSettings::load(&conn).unwrap(),
            ChannelSettings::Sandbox
        );
        let set = apply_set(&conn, &whatsapp()).unwrap();
        assert_eq!(ChannelSettings::load(&conn).unwrap(), set);
        let ChannelSettings::WhatsApp(w) = &set else {
            panic!()
        };
        assert_eq!(w.graph_base, "http://127.0.0.1:4010");
        assert_eq!(w.app_secret.source, KeySource::Env("WA_APP_SECRET".into()));
        apply_set(
            &conn,
            &SetRequest {
                name: "sandbox".into(),
                ..SetRequest::default()
            },
        )
        .unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT count(*) FROM settings WHERE key LIKE 'channel.%' AND key != 'channel.name'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn bad_requests_say_what_to_give() {
        let conn = conn();
        type Change = Box<dyn Fn(&mut SetRequest)>;
        let cases: Vec<(Change, &str)> = vec![
            (
                Box::new(|r| r.phone_number_id = None),
                "needs --phone-number-id",
            ),
            (
                Box::new(|r| r.catalog_id = Some("cat-1".into())),
                "not a Meta id",
            ),
            (
                Box::new(|r| {
                    r.secrets.remove(1);
                }),
                "--app-secret-env VAR",
            ),
            (
                Box::new(|r| r.secrets[0].1 = KeySource::Env("EAAB x".into())),
                "NAME of an environment variable",
            ),
            (
                Box::new(|r| r.graph_base = Some("http://graph.example.com".into())),
                "--graph-base",
            ),
            (
                Box::new(|r| r.name = "telegram".into()),
                "unknown chat channel",
            ),
        ];
        for (change, says) in cases {
            let mut req = whatsapp();
            change(&mut req);
            let e = apply_set(&conn, &req).unwrap_err().to_string();
            assert!(e.contains(says), "{says}: {e}");
        }
        assert_eq!(
            ChannelSettings::load(&conn).unwrap(),
            ChannelSettings::Sandbox
        );
    }
}
