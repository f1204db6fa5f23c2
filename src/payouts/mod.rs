//! Payouts, the balance transactions that make them up, and reconciliation.
//!
//! `rows` reads and writes the payout tables, `reconcile` is the pure matching, one rule per
//! file, `kept` reconciles the synced payouts and keeps the verdicts in the shop file, and
//! `input` gathers what reconciling a Stripe report (read by `report`) looks at. This file
//! holds the nouns the command line names: payout ids, the scope of a run, and the record of
//! a run.

pub mod input;
pub mod kept;
pub mod reconcile;
pub mod report;
pub mod rows;
#[cfg(test)]
mod sandbox_faults;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, params};

use crate::clock;
pub use input::{SCHEDULE_DAYS, load_report};
use reconcile::Report;
pub use rows::{PayoutRow, Recorded, TxnRow, count, each, list, record_pulled, show};

/// A payout's local id as people type it: `P3`, `p3` or `3`.
pub fn parse_id(text: &str) -> Result<i64> {
    let digits = text.trim().trim_start_matches(['P', 'p']);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .with_context(|| {
            format!("\"{text}\" is not a payout id (they look like P3; see `shopctl payouts list`)")
        })
}

/// A payout's local id as people see it: `P3`.
pub fn label(id: i64) -> String {
    format!("P{id}")
}

/// Which payouts a reconciliation looks at.
#[derive(Clone, Debug)]
pub enum Scope {
    All,
    Since(Timestamp),
    Payout(i64),
    Report(PathBuf),
}

impl Scope {
    pub fn describe(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Since(t) => format!("since {}", clock::format(*t)),
            Scope::Payout(id) => format!("payout {}", label(*id)),
            Scope::Report(p) => format!("report {}", p.display()),
        }
    }
}

/// Stores a run so that `status` can show the last one. Nothing else is written.
pub fn store_run(
    conn: &Connection,
    now: Timestamp,
    scope: &Scope,
    report: &Report,
    doc: &serde_json::Value,
) -> Result<()> {
    conn.execute(
        "INSERT INTO reconcile_runs (at, scope, payouts, matched, discrepancies, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            clock::format(now),
            scope.describe(),
            report.payouts_checked as i64,
            report.matched as i64,
            report.discrepancies.len() as i64,
            doc.to_string()
        ],
    )?;
    Ok(())
}

/// Checks that the report file (if any) is there up front, so that a missing report fails
/// before anything else.
pub fn check_report_path(path: &Path) -> Result<()> {
    if !path.is_file() {
        bail!(
            "the report {} does not exist or is not a file",
            path.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payout_ids_are_typed_with_or_without_their_p() {
        for (text, id) in [("P3", 3), ("p3", 3), ("3", 3), (" P12 ", 12)] {
            assert_eq!(parse_id(text).unwrap(), id, "{text}");
        }
        for bad in ["x", "P0", "P-1", "", "P"] {
            let e = parse_id(bad).unwrap_err().to_string();
            assert!(e.contains("is not a payout id"), "{bad}: {e}");
        }
        assert_eq!(label(3), "P3");
    }
}
