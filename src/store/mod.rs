//! The shop file: the one place that opens it (pragmas, version checks, migrations) and the
//! one way to write to it (`Store::write`, a single IMMEDIATE transaction per command).

pub mod check;
pub(crate) mod migrations;
pub mod outbox;
pub mod settings;
pub mod shop;
pub mod stats;

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Busy, is_sqlite_busy};
pub use migrations::LATEST_VERSION;
pub use shop::{NewShop, Shop};

/// `PRAGMA application_id` of every shop file ("shop" in ASCII), so that another program's
/// SQLite database is never mistaken for a shop.
pub const APPLICATION_ID: i32 = 0x7368_6f70;

/// How long a command waits for another process's write to finish before it exits 4.
const DEFAULT_BUSY_TIMEOUT_MS: u64 = 5_000;
/// Tests shorten the wait; nobody else needs to.
pub const BUSY_TIMEOUT_ENV: &str = "SHOPCTL_BUSY_TIMEOUT_MS";

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

pub struct Store {
    conn: Connection,
    path: PathBuf,
    busy_timeout_ms: u64,
}

/// What `Store::open` did to the schema, for `db migrate`.
#[derive(Clone, Copy, Debug)]
pub struct Migrated {
    pub from: i64,
    pub to: i64,
}

fn busy_timeout_ms() -> u64 {
    std::env::var(BUSY_TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_BUSY_TIMEOUT_MS)
}

impl Store {
    /// Opens an existing shop, migrating it to this version's schema.
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store::open_reporting(path)?.0)
    }

    /// Like `open`, and says which schema versions the migration went between.
    pub fn open_reporting(path: &Path) -> Result<(Store, Migrated)> {
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open {}", path.display()))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            busy_timeout_ms: busy_timeout_ms(),
        };
        store
            .conn
            .busy_timeout(Duration::from_millis(store.busy_timeout_ms))?;
        let not_a_shop = |reason: String| OpenError::NotAShop {
            path: path.to_path_buf(),
            reason,
        };
        // Read-only checks first: nothing is written to a file that is not ours or is newer.
        let app_id: i32 = store
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| store.map_busy(e))
            .map_err(|e| match e.downcast::<rusqlite::Error>() {
                Ok(e) => anyhow!(not_a_shop(format!("SQLite cannot read it ({e})"))),
                Err(e) => e,
            })?;
        if app_id != APPLICATION_ID {
            bail!(not_a_shop(
                "it is an SQLite database, but not one made by shopctl init".into()
            ));
        }
        let found = store.user_version()?;
        if found > LATEST_VERSION {
            bail!(OpenError::Newer {
                path: path.to_path_buf(),
                found,
                known: LATEST_VERSION,
            });
        }
        store.set_pragmas()?;
        let migrated = store.migrate()?;
        Ok((store, migrated))
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
        // create_new: never overwrite, even if another process creates the file meanwhile.
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        match file {
            Ok(_) => {}
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
            let conn = Connection::open(path)?;
            let mut store = Store {
                conn,
                path: path.to_path_buf(),
                busy_timeout_ms: busy_timeout_ms(),
            };
            store
                .conn
                .busy_timeout(Duration::from_millis(store.busy_timeout_ms))?;
            store
                .conn
                .pragma_update(None, "application_id", APPLICATION_ID)?;
            store.set_pragmas()?;
            store.migrate()?;
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

    fn set_pragmas(&mut self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.map_busy(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                .map_err(|e| self.map_busy(e))?;
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.map_busy(e))
    }

    fn migrate(&mut self) -> Result<Migrated> {
        let from = self.user_version()?;
        if from == LATEST_VERSION {
            return Ok(Migrated { from, to: from });
        }
        let path = self.path.clone();
        let waited_ms = self.busy_timeout_ms;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)
            .map_err(|e| map_busy(e, &path, waited_ms))?;
        // Another process may have migrated while we waited for the lock.
        let from: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        migrations::apply(&tx, from)?;
        tx.commit().map_err(|e| map_busy(e, &path, waited_ms))?;
        Ok(Migrated {
            from,
            to: LATEST_VERSION,
        })
    }

    /// Reads go straight to the connection (WAL readers never wait for writers).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// How long a write waits for another process's lock before giving up (exit 4).
    pub fn busy_timeout_ms(&self) -> u64 {
        self.busy_timeout_ms
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it commits, or none of it. Waiting past
    /// the busy timeout for another writer gives `Busy` (exit 4).
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let waited_ms = self.busy_timeout_ms;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| map_busy(e, &path, waited_ms))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| map_busy(e, &path, waited_ms))?;
        Ok(value)
    }

    fn map_busy(&self, e: rusqlite::Error) -> anyhow::Error {
        map_busy(e, &self.path, self.busy_timeout_ms)
    }

    pub fn shop(&self) -> Result<Shop> {
        shop::load(&self.conn)
    }
}

fn map_busy(e: rusqlite::Error, path: &Path, waited_ms: u64) -> anyhow::Error {
    if is_sqlite_busy(&e) {
        anyhow!(Busy {
            path: path.to_path_buf(),
            waited_ms,
        })
    } else {
        anyhow!(e)
    }
}

/// Checks, without SQLite, that the file exists and starts like an SQLite database, so that a
/// stray file gets a sentence rather than "file is not a database (code 26)".
fn check_header(path: &Path) -> Result<()> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!(OpenError::Missing(path.to_path_buf()))
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if file.metadata()?.is_dir() {
        bail!(OpenError::NotAShop {
            path: path.to_path_buf(),
            reason: "it is a folder; --db names the shop file itself".into(),
        });
    }
    let mut header = [0u8; 16];
    let n = file.read(&mut header)?;
    if n < 16 || &header != b"SQLite format 3\0" {
        bail!(OpenError::NotAShop {
            path: path.to_path_buf(),
            reason: if n == 0 {
                "it is empty".into()
            } else {
                "it is not an SQLite database".into()
            },
        });
    }
    Ok(())
}
