//! `db check` and `db backup`: SQLite's own integrity checks and online backup.

use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::Store;

pub struct CheckReport {
    pub problems: Vec<String>,
}

pub fn run(store: &Store) -> Result<CheckReport> {
    let conn = store.conn();
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = row?;
        if line != "ok" {
            problems.push(format!("integrity: {line}"));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "foreign key: {} row {} points at a missing {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?
                .map_or("?".into(), |i| i.to_string()),
            r.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        problems.push(row?);
    }
    Ok(CheckReport { problems })
}

/// Copies the shop into a new file (mode 0600) page by page; returns the page count.
pub fn backup(store: &Store, dest: &Path) -> Result<i64> {
    if dest.exists() {
        bail!(
            "{} already exists; backup never overwrites a file, choose a new name",
            dest.display()
        );
    }
    // Create it ourselves so that the copy of a 0600 shop is 0600 too.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dest)
        .with_context(|| format!("cannot create {}", dest.display()))?;
    let result = (|| {
        let mut dst = Connection::open(dest)?;
        let backup = Backup::new(store.conn(), &mut dst)?;
        // Steps of 256 pages let other writers in between; a write restarts the copy, so it
        // ends consistent.
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        let pages = backup.progress().pagecount as i64;
        drop(backup);
        // The copy is a standalone file: keep it in rollback-journal mode so a single file
        // is the whole backup.
        dst.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })?;
        Ok::<_, anyhow::Error>(pages)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result.with_context(|| format!("backup to {} failed", dest.display()))
}
