//! The shop file: the one place that opens it (through `sqlite`, with the shop's words for a
//! refusal) and the one way to write to it (`Store::write`, a single IMMEDIATE transaction per
//! command). SQLite's errors about the file itself become sentences in `trouble`.

pub mod bulk;
pub mod check;
mod checkpoint;
pub mod holder;
pub(crate) mod migrations;
pub mod outbox;
pub mod settings;
pub mod shop;
pub(crate) mod sqlite;
pub mod stats;
pub mod trouble;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, Transaction};

use crate::error::Busy;
pub use migrations::LATEST_VERSION;
pub use shop::{NewShop, Shop};
pub use sqlite::{BUSY_TIMEOUT_ENV, Migrated, checkpoint_apart};
use sqlite::{Db, IfExists, Kind, Refusal};

/// `PRAGMA application_id` of every shop file ("shop" in ASCII), so that another program's
/// SQLite database is never mistaken for a shop.
pub const APPLICATION_ID: i32 = 0x7368_6f70;

/// The shop file, for `sqlite`: its identity, migrations, and the shop's words.
static SHOP: Kind = Kind {
    application_id: APPLICATION_ID,
    schema: "schema",
    noun: "shop file",
    migrations: migrations::MIGRATIONS,
    refused,
    busy,
};

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "no shop at {}: create one with `shopctl init`, or point --db or SHOPCTL_DB at an existing shop file",
        .0.display()
    )]
    Missing(PathBuf),
    #[error("{} is not a shopctl shop file: {reason}", path.display())]
    NotAShop { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer shopctl (schema version {found}; this shopctl knows up to {known}); \
         upgrade shopctl to use it. The file was not changed",
        path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
}

fn refused(path: &Path, why: Refusal) -> anyhow::Error {
    let path = path.to_path_buf();
    let not_a_shop = |reason: String| OpenError::NotAShop {
        path: path.clone(),
        reason,
    };
    anyhow!(match why {
        Refusal::Missing => OpenError::Missing(path.clone()),
        Refusal::Folder => not_a_shop("it is a folder; --db names the shop file itself".into()),
        Refusal::Empty => not_a_shop("it is empty".into()),
        Refusal::NotSqlite => not_a_shop("it is not an SQLite database".into()),
        Refusal::Unreadable(e) => not_a_shop(format!("SQLite cannot read it ({e})")),
        Refusal::Foreign => {
            not_a_shop("it is an SQLite database, but not one made by shopctl init".into())
        }
        Refusal::Newer { found, known } => OpenError::Newer {
            path: path.clone(),
            found,
            known,
        },
    })
}

/// Exit 4 (see `error::exit_code`).
fn busy(path: &Path, waited_ms: u64) -> anyhow::Error {
    anyhow!(Busy {
        path: path.to_path_buf(),
        waited_ms,
    })
}

pub struct Store {
    db: Db,
}

impl Store {
    /// Opens an existing shop, migrating it to this version's schema.
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store::open_reporting(path)?.0)
    }

    /// Like `open`, and says which schema versions the migration went between.
    pub fn open_reporting(path: &Path) -> Result<(Store, Migrated)> {
        let (db, migrated) = Db::open(path, &SHOP)?;
        Ok((Store { db }, migrated))
    }

    /// Like `open_reporting`, with the notice that says what a write waits for and that a big
    /// file is being migrated (the command line's stderr).
    pub fn open_noting(path: &Path, notice: holder::WaitNotice) -> Result<(Store, Migrated)> {
        let (db, migrated) = Db::open_noting(path, &SHOP, notice)?;
        Ok((Store { db }, migrated))
    }

    /// Creates a new shop file (mode 0600) and its schema; refuses to touch an existing file.
    pub fn create(path: &Path, shop: &NewShop) -> Result<Store> {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            bail!(
                "cannot create {}: the folder {} does not exist; create it first or choose another --db",
                path.display(),
                parent.display()
            );
        }
        // IfExists::Fail: never overwrite, even if another process creates the file meanwhile.
        match sqlite::create_private(path, IfExists::Fail) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "a shop file already exists at {}; init never overwrites one. \
                 Use another --db path, or move the old file away first",
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => bail!(
                "cannot create {}: permission denied (is the folder {} writable?)",
                path.display(),
                parent.display()
            ),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", path.display()));
            }
        }
        let result = (|| {
            let mut store = Store {
                db: Db::open_new(path, &SHOP)?.0,
            };
            store.write(|tx| shop::insert(tx, shop))?;
            Ok(store)
        })();
        if result.is_err() {
            // Leave nothing behind: a half-made shop is worse than none.
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        result
    }

    /// Reads go straight to the connection (WAL readers never wait for writers).
    pub fn conn(&self) -> &Connection {
        self.db.conn()
    }

    /// Runs many reads in one read transaction (see `sqlite::Db::read`).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.db.read(f)
    }

    /// Says what a write waits for, once it has waited a second for another process's lock
    /// ("waiting for another shopctl (sync, pid 4242) …").
    pub fn on_wait(&mut self, notice: holder::WaitNotice) {
        self.db.on_wait(notice);
    }

    /// Says, through the `on_wait` notice if one is set, what a command waits for (another
    /// lock of the shop's, such as the sync lock).
    pub fn say_waiting(&self, text: &str) {
        self.db.say_waiting(text);
    }

    /// How long a write waits for another process's lock before giving up (exit 4).
    pub fn busy_timeout_ms(&self) -> u64 {
        self.db.busy_timeout_ms()
    }

    pub fn path(&self) -> &Path {
        self.db.path()
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it commits, or none of it. Waiting past
    /// the busy timeout for another writer gives `Busy` (exit 4).
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.db.write(f).map_err(|e| self.db.explain(e))
    }

    pub fn shop(&self) -> Result<Shop> {
        shop::load(self.db.conn())
    }

    /// Readies the connection for long writes of many rows, before `write`: a page cache of
    /// `cache_mb` (SQLite's own is 2 MB), so that the index entries each order adds out of
    /// order find their pages in memory instead of reading them back from the file, order
    /// after order, and a transaction larger than the cache is not written to the log early.
    /// Temporary files (the sort that builds an index again, `bulk::BulkOrders`) stay files:
    /// in memory they took the import of a million orders from 48 to 130 MB.
    pub fn for_bulk_writes(&self, cache_mb: i64) -> Result<()> {
        let conn = self.db.conn();
        conn.pragma_update(None, "cache_size", -cache_mb * 1024)?;
        Ok(())
    }
}

/// Rows per multi-row statement, largest first: a batch of any size is written with a few
/// statements, each prepared (and cached) once whatever the count.
const ROWS_A_STATEMENT: [usize; 4] = [64, 16, 4, 1];

/// Hands `items` to `write` in order, in runs of `ROWS_A_STATEMENT`'s sizes (the largest that
/// fits first), and gathers what each run returns: one multi-row statement a run.
pub fn in_statements<T, R>(
    items: &[T],
    mut write: impl FnMut(&[T]) -> Result<Vec<R>>,
) -> Result<Vec<R>> {
    let mut out = Vec::with_capacity(items.len());
    let mut rest = items;
    for size in ROWS_A_STATEMENT {
        while rest.len() >= size {
            let (run, later) = rest.split_at(size);
            out.extend(write(run)?);
            rest = later;
        }
    }
    Ok(out)
}

/// Rows of `table` updated by id, each with its own reference (an id and the text a channel
/// answered for it), many a statement: `update` is the `UPDATE ... SET` (`?1` the time, the
/// row's reference `v.column2`), `only` a condition the row must meet too. `OR FAIL` (in
/// `update`): a statement of many rows then keeps no statement journal
/// (`sqlite::STATEMENT_JOURNAL_SPILL`), and an error fails the caller's transaction anyway.
/// A batch of a chat's answers was two one-row statements a message (issue 18).
pub fn sent_many(
    conn: &Connection,
    update: &str,
    only: &str,
    table: &str,
    rows: &[(i64, &str)],
    now: jiff::Timestamp,
) -> Result<()> {
    let now = crate::clock::format(now);
    in_statements(rows, |run| {
        // `?1` comes first in the text: the bare `?` after it are 2, 3, ...
        let mut stmt = conn.prepare_cached(&format!(
            "{update} FROM (VALUES {}) AS v WHERE {table}.id = v.column1 AND {only}",
            vec!["(?, ?)"; run.len()].join(", ")
        ))?;
        stmt.raw_bind_parameter(1, &now)?;
        for (i, (id, reference)) in run.iter().enumerate() {
            stmt.raw_bind_parameter(2 + 2 * i, id)?;
            stmt.raw_bind_parameter(3 + 2 * i, reference)?;
        }
        stmt.raw_execute()?;
        Ok(Vec::<()>::new())
    })?;
    Ok(())
}

/// What unit tests start from.
#[cfg(test)]
pub mod testing {
    use rusqlite::{Connection, params};

    use super::{NewShop, Store};
    use crate::money::Currency;

    /// A shop's schema in memory, every migration applied: for tests of queries and plans.
    pub fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        super::migrations::apply(&tx, 0).unwrap();
        tx.commit().unwrap();
        conn
    }

    /// Order `id`, 10.00 SGD in `status` and `payment_status`, made 2026-11-19; with `paid`,
    /// a captured card payment `pay_{id}` of its total.
    pub fn order(
        conn: &Connection,
        id: i64,
        status: &str,
        payment_status: &str,
        paid: bool,
    ) -> rusqlite::Result<()> {
        conn.execute(
            "INSERT INTO orders (id, source, status, payment_status, currency, total, created_at, updated_at)
             VALUES (?1, 'manual', ?2, ?3, 'SGD', 1000, '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z')",
            params![id, status, payment_status],
        )?;
        if paid {
            conn.execute(
                "INSERT INTO payments (order_id, provider_ref, method, amount, currency, status, created_at, updated_at)
                 VALUES (?1, 'pay_' || ?1, 'card', 1000, 'SGD', 'captured', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z')",
                [id],
            )?;
        }
        Ok(())
    }

    /// A new SGD shop on the sandbox in `dir` (`shop.db`), made 2026-11-20T09:00:00Z.
    pub fn shop(dir: &tempfile::TempDir) -> Store {
        Store::create(
            &dir.path().join("shop.db"),
            &NewShop {
                name: "t".into(),
                country: "SG".into(),
                currency: Currency::from_code("SGD").unwrap(),
                provider: "sandbox".into(),
                created_at: "2026-11-20T09:00:00Z".parse().unwrap(),
            },
        )
        .unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::in_statements;

    #[test]
    fn items_go_in_runs_of_the_statement_sizes_in_order() {
        let items: Vec<usize> = (0..87).collect();
        let mut runs = Vec::new();
        let out = in_statements(&items, |run| {
            runs.push(run.len());
            Ok(run.iter().map(|i| i * 10).collect())
        })
        .unwrap();
        assert_eq!(runs, [64, 16, 4, 1, 1, 1]);
        assert_eq!(out, items.iter().map(|i| i * 10).collect::<Vec<_>>());
        assert!(
            in_statements(&[] as &[u8], |_| Ok(vec![1]))
                .unwrap()
                .is_empty()
        );
    }
}
