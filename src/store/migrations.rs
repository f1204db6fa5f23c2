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
    Migration {
        name: "0012_lists_as_comparisons",
        sql: include_str!("migrations/0012_lists_as_comparisons.sql"),
    },
    Migration {
        name: "0013_orders_ended",
        sql: include_str!("migrations/0013_orders_ended.sql"),
    },
    Migration {
        name: "0014_messages_failed",
        sql: include_str!("migrations/0014_messages_failed.sql"),
    },
    Migration {
        name: "0015_payout_checks",
        sql: include_str!("migrations/0015_payout_checks.sql"),
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

    /// The lists of more than two values left in the schema's CHECKs and index conditions.
    fn long_lists(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap();
        let mut found = Vec::new();
        for row in rows {
            let (name, sql) = row.unwrap();
            for (at, _) in sql.match_indices(" IN (") {
                let list = &sql[at + 5..];
                let list = &list[..list.find(')').unwrap_or(list.len())];
                if list.matches(',').count() >= 2 {
                    found.push(format!("{name}: IN ({list})"));
                }
            }
        }
        found
    }

    /// A file as the shopctl before `lists_as_comparisons` left it, with open and shipped
    /// orders and a payment, migrates: no list of more than two values is left, the partial
    /// index `orders_open` still holds exactly the open orders, and the rules refuse what they
    /// refused before, in this connection and a new one.
    #[test]
    fn lists_as_comparisons_keep_the_rows_the_index_and_the_rules() {
        let before = MIGRATIONS
            .iter()
            .position(|m| m.name.ends_with("_lists_as_comparisons"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("shop.db")).unwrap();
        let tx = conn.transaction().unwrap();
        apply_upto(&tx, before).unwrap();
        for status in ["pending", "processing", "shipped", "canceled"] {
            insert(&tx, "manual", status, "pending").unwrap();
        }
        tx.execute(
            "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
             SELECT min(id), 'pay_1', 'card', 100, 'SGD', 'captured', 't', 't' FROM orders",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
        assert_eq!(long_lists(&conn).len(), 11, "{:?}", long_lists(&conn));

        let tx = conn.transaction().unwrap();
        apply(&tx, before as i64).unwrap();
        tx.commit().unwrap();
        assert_eq!(long_lists(&conn), Vec::<String>::new());
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            ok, "ok",
            "each order's entry in orders_open agrees with the condition"
        );
        for conn in [
            &conn,
            &Connection::open(dir.path().join("shop.db")).unwrap(),
        ] {
            let open = "SELECT count(*) FROM orders WHERE status = 'pending' OR status = 'processing' OR status = 'partially_shipped'";
            let n: i64 = conn.query_row(open, [], |r| r.get(0)).unwrap();
            assert_eq!(n, 2);
            let plan: String = conn
                .query_row(&format!("EXPLAIN QUERY PLAN {open}"), [], |r| r.get(3))
                .unwrap();
            assert!(plan.contains("orders_open"), "{plan}");
            conn.execute(
                "UPDATE orders SET status = 'partially_shipped' WHERE status = 'shipped'",
                [],
            )
            .unwrap();
            let n: i64 = conn.query_row(open, [], |r| r.get(0)).unwrap();
            assert_eq!(n, 3, "an order that opens again is in the index");
            conn.execute(
                "UPDATE orders SET status = 'shipped' WHERE status = 'partially_shipped'",
                [],
            )
            .unwrap();
            for bad in [
                "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at) SELECT min(id), 'pay_x', 'card', 1, 'SGD', 'settled', 't', 't' FROM orders",
                "UPDATE payments SET status = 'Captured'",
                "INSERT INTO messages (order_id, to_phone, kind, summary, outbox_id, created_at, updated_at) SELECT min(id), '65', 'sms', '', 0, 't', 't' FROM orders",
                "INSERT INTO messages (order_id, to_phone, kind, summary, status, outbox_id, created_at, updated_at) SELECT min(id), '65', 'text', '', 'lost', 0, 't', 't' FROM orders",
                "INSERT INTO outbox (kind, subject, payload, created_at, status) VALUES ('k', 's', '{}', 't', 'later')",
                "INSERT INTO inbox (source, dedupe_key, body, received_at, status) VALUES ('s', 'k', '{}', 't', 'seen')",
                "INSERT INTO balance_transactions (provider_ref, kind, gross, fee, net, currency, created_at) VALUES ('t', 'bonus', 0, 0, 0, 'SGD', 't')",
            ] {
                let e = conn.execute(bad, []).unwrap_err();
                assert!(
                    e.to_string().contains("CHECK constraint failed"),
                    "{bad}: {e}"
                );
            }
        }
        let names: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'lists_as_comparisons%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(names, 0);
    }
}
