//! Embedded, ordered schema migrations tracked by `PRAGMA user_version` (cargo's
//! `util/sqlite.rs` scheme). A shipped migration is never edited or removed: add a new file.

use anyhow::{Context, Result};
use rusqlite::Transaction;

/// Migration N (1-based) brings the schema from version N-1 to N.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_shop", include_str!("migrations/0001_shop.sql")),
    ("0002_catalog", include_str!("migrations/0002_catalog.sql")),
    ("0003_orders", include_str!("migrations/0003_orders.sql")),
    ("0004_payouts", include_str!("migrations/0004_payouts.sql")),
    (
        "0005_import_speed",
        include_str!("migrations/0005_import_speed.sql"),
    ),
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration after `from` inside the caller's (exclusive) transaction.
pub fn apply(tx: &Transaction, from: i64) -> Result<()> {
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("schema migration {name} failed"))?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(())
}
