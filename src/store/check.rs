//! `db check` and `db backup`: SQLite's own integrity checks and online backup.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension};

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
    derived(conn, &mut problems)?;
    Ok(CheckReport { problems })
}

/// The figures migration 0009's triggers keep for `status` and `orders list --customer`
/// against the tables they stand for: a count that drifted (a row written with the triggers
/// off, or replaced) would make `status` wrong without anything else noticing.
pub(crate) fn derived(conn: &Connection, problems: &mut Vec<String>) -> Result<()> {
    for table in ["orders", "payments"] {
        let kept: Option<i64> = conn
            .query_row("SELECT n FROM row_counts WHERE name = ?1", [table], |r| {
                r.get(0)
            })
            .optional()?;
        let held: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        if kept != Some(held) {
            let kept = kept.map_or("no count".to_string(), |n| format!("{n}"));
            problems.push(format!(
                "row_counts: {table} is counted as {kept} but the table holds {held} rows \
                 (`shopctl status` shows the count); fix it with sqlite3: \
                 UPDATE row_counts SET n = {held} WHERE name = '{table}'"
            ));
        }
    }
    let missing: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT DISTINCT customer_phone, customer_name FROM orders) o
         WHERE NOT EXISTS (SELECT 1 FROM order_customers c
                           WHERE c.phone = o.customer_phone AND c.name = o.customer_name)",
        [],
        |r| r.get(0),
    )?;
    if missing > 0 {
        problems.push(format!(
            "order_customers: {missing} customer(s) of orders are missing, so \
             `orders list --customer` cannot find their orders"
        ));
    }
    // Migration 0015's marks: one that names another money's transaction (or none) would keep
    // money out of `unpaid` that no payout took.
    for (table, kind) in [("payments", "charge"), ("refunds", "refund")] {
        let wrong: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM {table} p LEFT JOIN balance_transactions t ON t.id = p.paid_out_txn
                  WHERE p.paid_out_txn IS NOT NULL
                    AND (t.id IS NULL OR t.kind <> '{kind}' OR t.source_ref IS NOT p.provider_ref)"
            ),
            [],
            |r| r.get(0),
        )?;
        if wrong > 0 {
            problems.push(format!(
                "{table}: {wrong} marked as paid out by a transaction that is not theirs, so \
                 `payouts reconcile` could miss them; fix it with sqlite3: \
                 UPDATE {table} SET paid_out_txn = NULL; DELETE FROM payout_checks; \
                 then `shopctl payouts reconcile` checks every payout again"
            ));
        }
    }
    Ok(())
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
