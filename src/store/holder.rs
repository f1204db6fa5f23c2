//! Who holds a file's lock: a writer records its process id and command beside the file
//! (`shop.db.holder`; the sync lock file holds the sync's), so that a command that has to wait
//! can say for whom, as cargo does for its lock: "waiting for another shopctl (sync, pid
//! 4242) …".
//!
//! The record is a hint for people, never a lock: it is written (best effort) each time the
//! lock is taken, and a record whose process is gone is ignored.

use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// How a command that waits for a lock says so (the command line prints it on stderr).
pub type WaitNotice = Box<dyn Fn(&str) + Send + Sync>;

/// After this long a waiting command says what it waits for.
pub const NOTICE_AFTER_MS: u64 = 1000;

static COMMAND: OnceLock<String> = OnceLock::new();

/// Names this process's command ("catalog import") for the records it writes; the command
/// line sets it once.
pub fn set_command(command: &str) {
    let _ = COMMAND.set(command.to_string());
}

fn command() -> &'static str {
    COMMAND.get().map_or("shopctl", String::as_str)
}

/// Where the record of a file's writer lives: beside it, `NAME.holder`.
pub fn record_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".holder");
    file.with_file_name(name)
}

/// This process, as a record's one line.
fn line() -> String {
    format!("{} {}\n", std::process::id(), command())
}

/// Records this process as the writer (call it once the lock is taken). A record that cannot
/// be written only makes a waiter's message vaguer, so errors are ignored. A record that
/// already names this process is left alone: rewriting it (truncate, write, close) made ext4
/// flush the file at each of a sync's thousands of commits (issue 18), and reading it is cheap.
pub fn record(path: &Path) {
    let line = line();
    if std::fs::read(path).is_ok_and(|held| held == line.as_bytes()) {
        return;
    }
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(line.as_bytes()));
}

/// Records this process in a lock file it holds open (the sync lock).
pub fn record_in(file: &mut std::fs::File) {
    let _ = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| file.write_all(line().as_bytes()));
}

/// A process that holds a lock, as its record says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub command: String,
}

/// The holder a record names, if its process is still running.
pub fn read(path: &Path) -> Option<Holder> {
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_string(&mut text)
        .ok()?;
    let (pid, command) = text.trim().split_once(' ')?;
    let holder = Holder {
        pid: pid.parse().ok()?,
        command: command.to_string(),
    };
    alive(holder.pid).then_some(holder)
}

/// Whether a process is running; where /proc cannot say (not Linux), assume it is.
fn alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new(&format!("/proc/{pid}")).exists()
}

/// What a command waiting on the lock recorded at `path` says.
pub fn waiting_message(path: &Path) -> String {
    match read(path) {
        Some(h) if h.pid != std::process::id() => format!(
            "waiting for another shopctl ({}, pid {}) …",
            h.command, h.pid
        ),
        _ => "waiting for another program that holds the shop file …".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_names_a_running_process_and_a_gone_one_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = record_path(&dir.path().join("shop.db"));
        assert!(path.ends_with("shop.db.holder"));
        record(&path);
        let me = read(&path).unwrap();
        assert_eq!(me.pid, std::process::id());
        // Our own record is not "another shopctl".
        assert!(waiting_message(&path).contains("another program"));
        std::fs::write(&path, "4242 sync\n").unwrap();
        let msg = waiting_message(&path);
        if Path::new("/proc/4242").exists() {
            assert!(msg.contains("(sync, pid 4242)"), "{msg}");
        } else {
            assert!(msg.contains("another program"), "{msg}");
        }
        std::fs::write(&path, "garbage").unwrap();
        assert_eq!(read(&path), None);
    }
}
