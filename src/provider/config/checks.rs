//! Checks on what `provider set` is given, all made before anything is written: an API base
//! (https, or plain http to this machine only), a key file (0600), a variable's NAME (not the
//! secret), a Stripe account id, and options that belong to another provider.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{
    DEFAULT_KEY_ENV, DEFAULT_RAZORPAY_KEY_ID_ENV, DEFAULT_RAZORPAY_KEY_SECRET_ENV, KeySource,
    PROVIDERS, SetRequest,
};

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

/// An option that takes the NAME of an environment variable: refuses what looks like the
/// secret itself (without echoing it) and what cannot be a variable's name.
fn check_env_name(flag: &str, var: &str) -> Result<()> {
    if var.is_empty() || var.contains('=') || var.contains('\0') {
        bail!("{flag} \"{var}\" is not an environment variable name");
    }
    let secret_like = ["sk_", "rk_", "rzp_", "whsec_"]
        .iter()
        .any(|p| var.starts_with(p));
    if secret_like {
        bail!(
            "{flag} takes the NAME of a variable that holds the secret, not the secret; e.g. \
             {flag} {}",
            match flag {
                "--key-id-env" => DEFAULT_RAZORPAY_KEY_ID_ENV,
                "--key-secret-env" => DEFAULT_RAZORPAY_KEY_SECRET_ENV,
                "--webhook-secret-env" => "WEBHOOK_SECRET",
                _ => DEFAULT_KEY_ENV,
            }
        );
    }
    Ok(())
}

/// A Stripe connected account's id: `acct_` and letters or digits.
fn check_account(account: &str) -> Result<()> {
    let ok = account
        .strip_prefix("acct_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok {
        bail!(
            "--account \"{account}\" is not a Stripe account id; they look like acct_1Nv0FGQ9RKHgCVdK"
        );
    }
    Ok(())
}

/// Refuses options that belong to another provider than `req.name`.
fn check_fits(req: &SetRequest) -> Result<()> {
    let stripe_only = [
        ("--api-key-env/--api-key-file", req.key_source.is_some()),
        ("--account", req.account.is_some()),
        ("--no-account", req.no_account),
    ];
    let razorpay_only = [
        ("--key-id-env", req.key_id_env.is_some()),
        ("--key-secret-env", req.key_secret_env.is_some()),
    ];
    let any = [
        ("--api-base", req.api_base.is_some()),
        ("--webhook-secret-env", req.webhook_secret_env.is_some()),
    ];
    let refused: Vec<&str> = match req.name.as_str() {
        "sandbox" => stripe_only
            .iter()
            .chain(&razorpay_only)
            .chain(&any)
            .filter(|(_, given)| *given)
            .map(|(flag, _)| *flag)
            .collect(),
        "stripe" => razorpay_only
            .iter()
            .filter(|(_, given)| *given)
            .map(|(flag, _)| *flag)
            .collect(),
        _ => stripe_only
            .iter()
            .filter(|(_, given)| *given)
            .map(|(flag, _)| *flag)
            .collect(),
    };
    if refused.is_empty() {
        return Ok(());
    }
    if req.name == "sandbox" {
        bail!(
            "the sandbox provider takes no API key, API base or webhook secret ({} given)",
            refused.join(", ")
        );
    }
    bail!(
        "{} {} not for {}: see `shopctl provider set --help`",
        refused.join(", "),
        if refused.len() == 1 { "is" } else { "are" },
        req.name
    )
}

/// Checks everything `req` gives, before anything is written.
pub(super) fn check_request(req: &SetRequest) -> Result<Option<String>> {
    if !PROVIDERS.contains(&req.name.as_str()) {
        bail!(
            "unknown provider \"{}\"; choose one of: {}",
            req.name,
            PROVIDERS.join(", ")
        );
    }
    check_fits(req)?;
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
        check_env_name("--api-key-env", var)?;
    }
    for (flag, var) in [
        ("--key-id-env", &req.key_id_env),
        ("--key-secret-env", &req.key_secret_env),
        ("--webhook-secret-env", &req.webhook_secret_env),
    ] {
        if let Some(var) = var {
            check_env_name(flag, var)?;
        }
    }
    if let Some(account) = &req.account {
        check_account(account)?;
    }
    Ok(api_base)
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

    #[test]
    fn options_belong_to_their_provider() {
        let req = |name: &str| SetRequest {
            name: name.into(),
            ..SetRequest::default()
        };
        let err = |r: SetRequest| check_request(&r).unwrap_err().to_string();
        let mut r = req("razorpay");
        r.account = Some("acct_1".into());
        assert_eq!(
            err(r),
            "--account is not for razorpay: see `shopctl provider set --help`"
        );
        let mut r = req("stripe");
        r.key_id_env = Some("A".into());
        r.key_secret_env = Some("B".into());
        assert_eq!(
            err(r),
            "--key-id-env, --key-secret-env are not for stripe: see `shopctl provider set --help`"
        );
        let mut r = req("sandbox");
        r.webhook_secret_env = Some("W".into());
        assert!(err(r).contains("the sandbox provider takes no"));
        let mut r = req("razorpay");
        r.key_id_env = Some("rzp_test_1DP5mmOlF5G5ag".into());
        let e = err(r);
        assert!(e.contains("the NAME of a variable"), "{e}");
        assert!(!e.contains("1DP5mmOlF5G5ag"), "echoed: {e}");
        for bad in ["acct_", "acct-1", "1Nv0FGQ9RKHgCVdK", "acct_x y"] {
            let mut r = req("stripe");
            r.account = Some(bad.into());
            assert!(err(r).contains("is not a Stripe account id"), "{bad}");
        }
        let mut r = req("stripe");
        r.account = Some("acct_1Nv0FGQ9RKHgCVdK".into());
        assert!(check_request(&r).is_ok());
    }
}
