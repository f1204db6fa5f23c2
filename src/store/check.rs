//! `db check` and `db backup`: SQLite's own integrity checks and online backup.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::Store;
use crate::files;

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

/// Copies the shop into a new file (mode 0600) page by page; returns the page count. The
/// copy is made under a temporary name beside `dest` and linked to `dest` only when complete,
/// so that a backup killed midway leaves nothing at that name (and the next backup into the
/// folder removes what it left).
pub fn backup(store: &Store, dest: &Path) -> Result<i64> {
    if dest.exists() {
        bail!(
            "{} already exists; backup never overwrites a file, choose a new name",
            dest.display()
        );
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::clean_stale(dir);
    } else {
        files::clean_stale(Path::new("."));
    }
    let tmp = files::AtomicFile::new(dest, files::PRIVATE_FILE)?;
    let pages = copy_into(store, tmp.path())
        .with_context(|| format!("backup to {} failed", dest.display()))?;
    tmp.commit(files::Replace::Never)?;
    Ok(pages)
}

/// Pages copied per backup step: 16 MB of 4 KB pages.
const STEP_PAGES: std::os::raw::c_int = 4096;

/// SQLite's online backup of the shop into the (empty) file at `path`.
fn copy_into(store: &Store, path: &Path) -> Result<i64> {
    let mut dst = Connection::open(path)?;
    // The copy is written whole or not at all by its rename: it needs no journal of its own.
    dst.query_row("PRAGMA journal_mode = OFF", [], |r| r.get::<_, String>(0))?;
    let backup = Backup::new(store.conn(), &mut dst)?;
    // Each step copies under a read transaction, which in WAL mode never holds a writer
    // back, so steps are large and nothing sleeps between them unless the file is locked (a
    // pause after each of 256 pages cost a minute per ten million orders, issue 18). A write
    // by another connection restarts the copy, so it ends consistent.
    loop {
        match backup.step(STEP_PAGES)? {
            StepResult::Done => break,
            StepResult::More => {}
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    let pages = backup.progress().pagecount as i64;
    drop(backup);
    // The copy is a standalone file: keep it in rollback-journal mode so a single file is
    // the whole backup.
    dst.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })?;
    dst.close().map_err(|(_, e)| e)?;
    Ok(pages)
}
