//! `TestShop`: a temporary folder, a shop file path, a cleared environment, a fixed clock.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const NOW: &str = "2026-11-20T09:00:00Z";

/// The real catalog files written by others: `../shared/data/catalog` beside the checkout when
/// it is there (see its PROVENANCE.md), else the byte-identical copy in
/// `tests/fixtures/catalog/shared` that travels with the repository (a clean clone in CI may
/// not have the folder beside it). `catalog::the_vendored_real_files_match_the_shared_ones`
/// fails when the two drift apart.
pub fn shared_catalog(rel: &str) -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/catalog");
    if beside.is_dir() {
        beside.join(rel)
    } else {
        vendored_catalog(rel)
    }
}

/// The repository's copy of the real catalog files.
pub fn vendored_catalog(rel: &str) -> PathBuf {
    fixture("catalog/shared").join(rel)
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub struct TestShop {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub env: Vec<(String, String)>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected exit 0\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stderr as a person reads it: with `--format json` each line is a JSON object
    /// (`{"warning": ...}`, `{"note": ...}`, `{"error": ..., "exit_code": N}`), given back here
    /// in the words the table format prints (`warning: ...`, the note, `error: ...`).
    pub fn stderr_text(&self) -> String {
        let mut out = String::new();
        for line in self.stderr.lines() {
            let decoded = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.as_object().cloned());
            match decoded {
                Some(map) if map.contains_key("note") => {
                    out.push_str(map["note"].as_str().unwrap_or_default())
                }
                Some(map) if map.contains_key("warning") => out.push_str(&format!(
                    "warning: {}",
                    map["warning"].as_str().unwrap_or_default()
                )),
                Some(map) if map.contains_key("error") => out.push_str(&format!(
                    "error: {}",
                    map["error"].as_str().unwrap_or_default()
                )),
                _ => out.push_str(line),
            }
            out.push('\n');
        }
        out
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr_text().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Undoes migrations 0009 (issue 18's big shop), 0011 (the outbox's waiting entries), 0013
/// (the shipped and canceled orders), 0014 (the failed messages) and 0015 (the kept payout
/// checks; 0010 and 0012 rewrote CHECKs in place, which older versions read the same): tests
/// that roll a file back to an older schema drop what they made, then set the version.
pub const BEFORE_0009: &str = "
    DROP TRIGGER payments_paid_out_changed; DROP TRIGGER payments_paid_out_removed;
    DROP TRIGGER refunds_paid_out_changed; DROP TRIGGER refunds_paid_out_removed;
    DROP INDEX payments_unpaid; DROP INDEX refunds_untaken; DROP TABLE payout_checks;
    ALTER TABLE payments DROP COLUMN paid_out_txn; ALTER TABLE refunds DROP COLUMN paid_out_txn;
    DROP INDEX messages_failed;
    DROP INDEX orders_shipped_canceled;
    DROP INDEX outbox_waiting;
    DROP TRIGGER orders_added; DROP TRIGGER orders_removed; DROP TRIGGER orders_customer_changed;
    DROP TRIGGER payments_added; DROP TRIGGER payments_removed;
    DROP TABLE row_counts; DROP TABLE order_customers;
    DROP INDEX orders_customer; DROP INDEX orders_open;
    DROP INDEX fulfilments_order; DROP INDEX refunds_created; DROP INDEX refunds_payment;
    DROP INDEX refunds_pending;";

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_shopctl")
}

impl TestShop {
    /// A folder with no shop in it yet.
    pub fn empty() -> TestShop {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        TestShop {
            dir,
            db,
            env: vec![
                ("SHOPCTL_NOW".into(), NOW.into()),
                // Tables and dates typed by people are in the local zone: pin it.
                ("TZ".into(), "UTC".into()),
            ],
        }
    }

    /// A fresh Singapore shop on the sandbox provider.
    pub fn new() -> TestShop {
        let shop = TestShop::empty();
        shop.run(&["init", "--name", "Test Shop", "--country", "SG"])
            .ok();
        shop
    }

    /// Imports `catalog_csv` (written as catalog.csv) and enables `methods`, as a shop owner
    /// starts; nothing is synced yet.
    pub fn stock(&self, catalog_csv: &str, methods: &[&str]) {
        std::fs::write(self.path("catalog.csv"), catalog_csv).unwrap();
        self.run(&["catalog", "import", "catalog.csv"]).ok();
        let mut args = vec!["payments", "enable"];
        args.extend_from_slice(methods);
        self.run(&args).ok();
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs shopctl with `args` as `| head -1` would: reads the first line of its stdout, then
    /// closes the pipe and waits. Returns that line and how the command ended.
    pub fn first_line_then_hang_up(&self, args: &[&str]) -> (String, std::process::Output) {
        use std::io::{BufRead, BufReader};
        let mut cmd = self.command();
        cmd.args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        (first, child.wait_with_output().unwrap())
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(bin());
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("SHOPCTL_DB", &self.db)
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Fails when `secret` is in `run`'s stdout or stderr, or anywhere in the shop file (and
    /// its WAL): keys are read from the environment, never shown or stored.
    pub fn assert_secret_nowhere(&self, run: &Run, secret: &str) {
        assert!(
            !run.stdout.contains(secret),
            "a key on stdout: {}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(secret),
            "a key on stderr: {}",
            run.stderr
        );
        for name in ["shop.db", "shop.db-wal"] {
            if let Ok(bytes) = std::fs::read(self.path(name)) {
                let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
                assert!(!found, "a key is in {name}");
            }
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_command(self.command().args(args))
    }

    /// `--format json` and parse.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        self.run(&all).ok().json()
    }

    /// `--format json`, expecting exit `code`, and parse.
    pub fn json_code(&self, args: &[&str], code: i32) -> serde_json::Value {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        self.run(&all).code(code).json()
    }

    /// Every table's rows, to compare a shop file before and after a failed command.
    pub fn snapshot(&self) -> String {
        snapshot(&self.db)
    }
}

/// Runs `cmd` with stdin, stdout and stderr on a pseudo-terminal `cols` wide, as a person at
/// a terminal would, typing `input`. The terminal's output (stdout and stderr together, with
/// the echoed input) comes back with `\r\n` made `\n`.
pub fn run_in_pty(mut cmd: Command, cols: u16, input: &str) -> Run {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use std::io::{Read, Write};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    rustix::termios::tcsetwinsize(
        &slave,
        rustix::termios::Winsize {
            ws_row: 50,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .unwrap();
    cmd.stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave);
    let mut child = cmd.spawn().expect("run shopctl");
    // The command holds our copies of the terminal's other end: drop them, so that reading
    // ends when the child exits.
    drop(cmd);
    let mut master = std::fs::File::from(master);
    master.write_all(input.as_bytes()).unwrap();
    let mut reader = master.try_clone().unwrap();
    let read = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // Linux answers EIO once the last process using the terminal has closed it.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    let status = child.wait().unwrap();
    drop(master);
    let out = read.join().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out).replace("\r\n", "\n"),
        stderr: String::new(),
    }
}

pub fn run_command(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run shopctl");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// The user_version and every row of every table, as text.
pub fn snapshot(db: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut out = String::new();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    out.push_str(&format!("user_version {v}\n"));
    // The schema's own text too: a command that sets an index or trigger aside while it
    // works (`orders import`) must leave it as it found it, failed or not.
    let mut schema = conn
        .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    let rows = schema
        .query_map([], |r| {
            Ok(format!(
                "{} {}: {:?}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?
            ))
        })
        .unwrap();
    for row in rows {
        out.push_str(&row.unwrap());
    }
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for name in names {
        out.push_str(&format!("table {name}\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..cols)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}
