//! Prism (`@stoplight/prism-cli` from npm, pinned in tests/whatsapp/package.json and its lock
//! file) serving Meta's OpenAPI description of the Cloud API on 127.0.0.1, as the Cloud API for
//! the tests: every message shopctl sends is validated against Meta's published schema, and a
//! message that does not match it is refused with 422.
//!
//! Installed into `target/prism` with `npm ci` the first time a test needs it (a file lock
//! keeps parallel tests from racing; a marker holds the lock file's text so a change of pin
//! reinstalls). One server per test binary, started on a free port the first time it is asked
//! for, and stopped when the test binary exits (it runs under `sh`, which kills it when its
//! stdin, held by this process, closes).
//!
//! The spec is served from a patched copy of tests/fixtures/whatsapp (the vendored spec),
//! written next to the install: Meta's schema lists neither `order_details` nor
//! `order_status` in `InteractiveObject.type`, and `ActionObject` has no branch for their
//! actions (`review_and_pay`, `review_order`), though the spec's own examples "Send Order
//! Details Message" and "Send Order Status Message" use them. The patch adds the two types and
//! one `ActionObject` branch (`name` one of the two, with `parameters` that must carry a
//! `reference_id` of at most 35 characters, as Meta's Payments API pages say); nothing else.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn install_dir() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => manifest().join("target"),
    };
    target.join("prism")
}

/// The patch, as (anchor in the spec, text put after it): each anchor must be there once.
const PATCHES: &[(&str, &str)] = &[
    (
        "          - product_list\n          - flow\n        header:\n          $ref: '#/components/schemas/HeaderObject'",
        "",
    ),
    (
        "      - required:\n        - name\n        properties:\n          name:\n            type: string\n            enum:\n            - call_permission_request\n",
        "      - required:\n        - name\n        - parameters\n        properties:\n          name:\n            type: string\n            enum:\n            - review_and_pay\n            - review_order\n          parameters:\n            type: object\n            required:\n            - reference_id\n            properties:\n              reference_id:\n                type: string\n                maxLength: 35\n",
    ),
];

fn patched_spec() -> String {
    let spec = std::fs::read_to_string(
        manifest().join("tests/fixtures/whatsapp/whatsapp-business-messaging-api_v23.0.yaml"),
    )
    .unwrap();
    let mut out = spec;
    // 1: the two interactive types.
    let (anchor, _) = PATCHES[0];
    assert_eq!(
        out.matches(anchor).count(),
        1,
        "the spec changed: patch 1's anchor"
    );
    out = out.replace(
        anchor,
        &anchor.replace(
            "          - flow\n",
            "          - flow\n          - order_details\n          - order_status\n",
        ),
    );
    // 2: the ActionObject branch for their actions.
    let (anchor, add) = PATCHES[1];
    assert_eq!(
        out.matches(anchor).count(),
        1,
        "the spec changed: patch 2's anchor"
    );
    out.replace(anchor, &format!("{anchor}{add}"))
}

/// Installs Prism once (until `target/` is cleaned), under a file lock; the patched spec too.
fn ensure_installed() -> PathBuf {
    static DONE: OnceLock<PathBuf> = OnceLock::new();
    DONE.get_or_init(|| {
        let dir = install_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let lock = std::fs::File::create(dir.with_extension("lock")).unwrap();
        lock.lock().unwrap();
        let wanted =
            std::fs::read_to_string(manifest().join("tests/whatsapp/package-lock.json")).unwrap();
        let marker = dir.join("shopctl-installed.txt");
        let bin = dir.join("node_modules/.bin/prism");
        if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str())
            || !bin.exists()
        {
            for f in ["package.json", "package-lock.json"] {
                std::fs::copy(manifest().join("tests/whatsapp").join(f), dir.join(f)).unwrap();
            }
            let npm = Command::new("npm")
                .args([
                    "ci",
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--loglevel=error",
                ])
                .current_dir(&dir)
                .env("SCARF_ANALYTICS", "false")
                .status()
                .expect(
                    "npm is needed for the WhatsApp tests (Prism): install Node.js 18+ with npm \
                     (Debian/Ubuntu: apt-get install nodejs npm)",
                );
            assert!(
                npm.success(),
                "npm ci in {} failed (the WhatsApp tests need the npm registry once)",
                dir.display()
            );
            std::fs::write(&marker, &wanted).unwrap();
        }
        let spec = dir.join("whatsapp-patched.yaml");
        let text = patched_spec();
        if std::fs::read_to_string(&spec).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&spec, text).unwrap();
        }
        dir
    })
    .clone()
}

/// The shared Prism server.
pub struct Prism {
    pub base: String,
    log: std::sync::Arc<Mutex<String>>,
    _stdin: Mutex<ChildStdin>,
    /// Kept, never waited for: `sh` ends Prism and itself when the test binary exits.
    _child: Mutex<Child>,
}

impl Prism {
    /// Prism's log so far (one line per request; `✖` lines are schema violations).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

pub fn prism() -> &'static Prism {
    static PRISM: OnceLock<Prism> = OnceLock::new();
    PRISM.get_or_init(|| {
        let dir = ensure_installed();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        // `sh` runs Prism and kills it when our end of its stdin closes (this test binary
        // exited), so no server outlives the tests.
        let script = format!(
            "'{}' mock --host 127.0.0.1 --port {port} --errors '{}' & p=$!; cat >/dev/null; kill $p",
            dir.join("node_modules/.bin/prism").display(),
            dir.join("whatsapp-patched.yaml").display()
        );
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start prism");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let log = std::sync::Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    let _ = tx.send(());
                }
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        if rx.recv_timeout(std::time::Duration::from_secs(90)).is_err() {
            panic!("prism did not start:\n{}", log.lock().unwrap());
        }
        Prism {
            base: format!("http://127.0.0.1:{port}"),
            log,
            _stdin: Mutex::new(stdin),
            _child: Mutex::new(child),
        }
    })
}
