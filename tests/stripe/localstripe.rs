//! localstripe for the tests: installs the pinned version (tests/stripe/requirements.txt) into
//! `target/localstripe-venv` the first time any test needs it (a file lock keeps parallel tests
//! and test binaries from racing), then starts one server per test on 127.0.0.1 with a free
//! port through tests/stripe/launch_localstripe.py. The server dies with the test: it exits
//! when its stdin (held by the `LocalStripe` value) closes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;

/// The test key: localstripe accepts any key that starts with `sk_`.
pub const KEY: &str = "sk_test_shopctl_localstripe";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => manifest().join("target"),
    }
}

fn python() -> PathBuf {
    target_dir().join("localstripe-venv/bin/python")
}

/// Installs localstripe once per machine (until `target/` is cleaned), under a file lock.
fn ensure_installed() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let target = target_dir();
        std::fs::create_dir_all(&target).unwrap();
        let requirements = manifest().join("tests/stripe/requirements.txt");
        let wanted = std::fs::read_to_string(&requirements).unwrap();
        let venv = target.join("localstripe-venv");
        let marker = venv.join("shopctl-installed.txt");
        let lock = std::fs::File::create(target.join("localstripe-venv.lock")).unwrap();
        lock.lock().unwrap();
        // The marker says which requirements were installed; the import says the venv still
        // works (a venv holds absolute paths: a copied or cached one may not).
        let works = || {
            Command::new(python())
                .args(["-c", "import localstripe.server"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if std::fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) && works() {
            return;
        }
        let _ = std::fs::remove_dir_all(&venv);
        // SHOPCTL_TEST_PYTHON picks another interpreter (python3 with venv and pip).
        let python3 = std::env::var_os("SHOPCTL_TEST_PYTHON").unwrap_or_else(|| "python3".into());
        // The pinned packages need Python 3.11 (python-dateutil, multidict); say so up front
        // rather than let pip fail on the tenth dependency.
        let fit = Command::new(&python3)
            .args([
                "-c",
                "import sys, ensurepip; sys.exit(0 if sys.version_info >= (3, 11) else 3)",
            ])
            .status()
            .expect("python3 is needed for the Stripe tests (localstripe); install python3 and python3-venv, or set SHOPCTL_TEST_PYTHON");
        assert!(
            fit.success(),
            "the Stripe tests need Python 3.11 or newer with the venv module and pip ({} is not: \
             Debian/Ubuntu: apt-get install python3-venv); set SHOPCTL_TEST_PYTHON to another \
             interpreter",
            python3.to_string_lossy()
        );
        let ok = Command::new(&python3)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 is needed for the Stripe tests (localstripe); install python3 and python3-venv");
        assert!(ok.success(), "python3 -m venv {} failed", venv.display());
        let ok = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements)
            .status()
            .expect("run pip");
        assert!(
            ok.success(),
            "pip install -r {} failed (the Stripe tests need PyPI once)",
            requirements.display()
        );
        std::fs::write(&marker, &wanted).unwrap();
    });
}

pub struct LocalStripe {
    pub base: String,
    child: Child,
    _stdin: ChildStdin,
    agent: ureq::Agent,
}

impl LocalStripe {
    pub fn start() -> LocalStripe {
        ensure_installed();
        let mut child = Command::new(python())
            .arg(manifest().join("tests/stripe/launch_localstripe.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start localstripe");
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .unwrap_or_else(|| panic!("localstripe did not start: {line:?}"));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        LocalStripe {
            base: format!("http://127.0.0.1:{port}"),
            child,
            _stdin: stdin,
            agent,
        }
    }

    /// A call made the way a checkout or the Dashboard would, straight to localstripe.
    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> serde_json::Value {
        let mut resp = self
            .agent
            .post(&format!("{}{}", self.base, path))
            .header("Authorization", &format!("Bearer {KEY}"))
            .send_form(form.iter().copied())
            .unwrap();
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_string().unwrap();
        assert!(status < 300, "POST {path}: HTTP {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    pub fn get(&self, path_and_query: &str) -> serde_json::Value {
        let mut resp = self
            .agent
            .get(&format!("{}{}", self.base, path_and_query))
            .header("Authorization", &format!("Bearer {KEY}"))
            .call()
            .unwrap();
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_string().unwrap();
        assert!(status < 300, "GET {path_and_query}: HTTP {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// A customer pays: a card PaymentMethod and a confirmed PaymentIntent with this metadata.
    pub fn pay(&self, amount: i64, currency: &str, metadata: &[(&str, &str)]) -> serde_json::Value {
        let pm = self.post(
            "/v1/payment_methods",
            &[
                ("type", "card"),
                ("card[number]", "4242424242424242"),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2030"),
                ("card[cvc]", "123"),
            ],
        );
        let amount = amount.to_string();
        let keys: Vec<String> = metadata
            .iter()
            .map(|(k, _)| format!("metadata[{k}]"))
            .collect();
        let mut form = vec![
            ("amount", amount.as_str()),
            ("currency", currency),
            ("payment_method", pm["id"].as_str().unwrap()),
            ("confirm", "true"),
        ];
        for (k, (_, v)) in keys.iter().zip(metadata) {
            form.push((k.as_str(), v));
        }
        self.post("/v1/payment_intents", &form)
    }
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        // Ours, by its own handle; closing stdin would also end it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
