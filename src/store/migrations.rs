//! The shop file's embedded, ordered schema migrations, tracked by `PRAGMA user_version`
//! (`store::sqlite` applies them). A shipped migration is never edited or removed: add a file.

use super::sqlite::Migration;

/// Migration N (1-based) brings the schema from version N-1 to N.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_shop",
        sql: include_str!("migrations/0001_shop.sql"),
    },
    Migration {
        name: "0002_catalog",
        sql: include_str!("migrations/0002_catalog.sql"),
    },
    Migration {
        name: "0003_orders",
        sql: include_str!("migrations/0003_orders.sql"),
    },
    Migration {
        name: "0004_payouts",
        sql: include_str!("migrations/0004_payouts.sql"),
    },
    Migration {
        name: "0005_import_speed",
        sql: include_str!("migrations/0005_import_speed.sql"),
    },
    Migration {
        name: "0006_chat",
        sql: include_str!("migrations/0006_chat.sql"),
    },
    Migration {
        name: "0007_untracked_stock",
        sql: include_str!("migrations/0007_untracked_stock.sql"),
    },
    Migration {
        name: "0008_chat_catalog",
        sql: include_str!("migrations/0008_chat_catalog.sql"),
    },
    Migration {
        name: "0009_big_shop",
        sql: include_str!("migrations/0009_big_shop.sql"),
    },
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the shop's migrations after `from` to a bare transaction: tests that build a file
/// as an older shopctl left it.
#[cfg(test)]
pub fn apply(tx: &rusqlite::Transaction, from: i64) -> anyhow::Result<()> {
    super::SHOP.apply(tx, from)
}

/// Applies the shop's migrations up to version `to` on a new file: tests that build a file as
/// that older shopctl made it.
#[cfg(test)]
pub fn apply_upto(tx: &rusqlite::Transaction, to: usize) -> anyhow::Result<()> {
    for m in &MIGRATIONS[..to] {
        tx.execute_batch(m.sql)?;
    }
    tx.pragma_update(None, "user_version", to as i64)?;
    Ok(())
}
