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
    Migration {
        name: "0010_orders_checks",
        sql: include_str!("migrations/0010_orders_checks.sql"),
    },
    Migration {
        name: "0011_outbox_waiting",
        sql: include_str!("migrations/0011_outbox_waiting.sql"),
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

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    fn orders_sql(conn: &Connection) -> String {
        conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'orders'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn insert(
        conn: &Connection,
        source: &str,
        status: &str,
        payment: &str,
    ) -> rusqlite::Result<usize> {
        conn.execute(
            "INSERT INTO orders (source, status, payment_status, currency, total, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'SGD', 100, 't', 't')",
            [source, status, payment],
        )
    }

    /// A file as the shopctl before `orders_checks` left it, with orders in it, migrates: the
    /// rows stay, the CHECK lists are comparisons and refuse what they refused before.
    #[test]
    fn orders_checks_migrate_an_older_file_and_keep_their_rules() {
        let before = MIGRATIONS
            .iter()
            .position(|m| m.name.ends_with("_orders_checks"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("shop.db")).unwrap();
        let tx = conn.transaction().unwrap();
        apply_upto(&tx, before).unwrap();
        insert(&tx, "whatsapp", "pending", "pending").unwrap();
        insert(&tx, "provider", "shipped", "refunded").unwrap();
        tx.commit().unwrap();
        assert!(orders_sql(&conn).contains("source IN ('provider', 'whatsapp', 'manual')"));

        let tx = conn.transaction().unwrap();
        apply(&tx, before as i64).unwrap();
        tx.commit().unwrap();
        let sql = orders_sql(&conn);
        assert!(!sql.contains(" IN ("), "{sql}");
        assert!(
            sql.contains("payment_status = 'partially_refunded' OR"),
            "{sql}"
        );
        let count: i64 = conn
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // The same rules, in this connection and in a new one.
        for conn in [
            &conn,
            &Connection::open(dir.path().join("shop.db")).unwrap(),
        ] {
            insert(conn, "manual", "canceled", "captured").unwrap();
            for bad in [
                ("email", "pending", "pending"),
                ("manual", "lost", "pending"),
                ("manual", "pending", "PENDING"),
            ] {
                let e = insert(conn, bad.0, bad.1, bad.2).unwrap_err();
                assert!(e.to_string().contains("CHECK constraint failed"), "{e}");
            }
        }
        let names: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'orders_checks%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(names, 0);
    }
}
