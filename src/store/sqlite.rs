//! Opening one of shopctl's SQLite files and bringing its schema up to date. The shop file
//! (`Store`) and the sandbox provider's file both come through here, so both get the same
//! rules; only the words of their refusals differ (a `Kind` carries those).
//!
//! The rules (cargo's `util/sqlite.rs`, atuin): a file is recognised by its
//! `PRAGMA application_id`; its schema version is `PRAGMA user_version`; migrations are
//! embedded, ordered, and applied after that version inside one exclusive transaction; a file
//! that is not ours or comes from a newer shopctl is refused before anything is written to it.
//! WAL, `synchronous = NORMAL`, foreign keys on, and a busy timeout so that a second process
//! waits for the first instead of failing at once. Files are created with mode 0600.

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::checkpoint::Checkpointer;
use super::holder;
use super::trouble::{Doing, explain, trouble};
use crate::error::is_sqlite_busy;

/// How long a command waits for another process's write to finish before giving up.
const DEFAULT_BUSY_TIMEOUT_MS: u64 = 5_000;
/// Prepared statements kept per connection (see `connect`).
const STATEMENT_CACHE: usize = 256;

/// Tests shorten the wait; nobody else needs to.
pub const BUSY_TIMEOUT_ENV: &str = "SHOPCTL_BUSY_TIMEOUT_MS";

/// One embedded schema migration. A shipped one is never edited or removed: add a new one.
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// A kind of file shopctl keeps: how it is recognised, its migrations, and its words.
pub struct Kind {
    /// `PRAGMA application_id`, so that another program's database (or a file of the other
    /// kind) is never taken for one of these.
    pub application_id: i32,
    /// Names the schema in a failed migration's message: "schema", "sandbox schema".
    pub schema: &'static str,
    /// Names the file in a sentence about it (`trouble`): "shop file", "sandbox file".
    pub noun: &'static str,
    /// Migration N (1-based) brings the schema from version N-1 to N.
    pub migrations: &'static [Migration],
    /// A refusal in this kind's words: what the user should do differs per file.
    pub refused: fn(&Path, Refusal) -> anyhow::Error,
    /// Another process held the file past the busy timeout (given in ms).
    pub busy: fn(&Path, u64) -> anyhow::Error,
}

impl Kind {
    /// The schema version this shopctl writes.
    pub const fn latest(&self) -> i64 {
        self.migrations.len() as i64
    }

    /// Applies every migration after version `from`, inside the caller's transaction.
    pub fn apply(&self, tx: &Transaction, from: i64) -> Result<()> {
        let done = usize::try_from(from.max(0)).unwrap_or(usize::MAX);
        for (i, m) in self.migrations.iter().enumerate().skip(done) {
            tx.execute_batch(m.sql)
                .with_context(|| format!("{} migration {} failed", self.schema, m.name))?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        Ok(())
    }
}

/// Why a file was not opened. Nothing has been written to it.
#[derive(Debug)]
pub enum Refusal {
    Missing,
    Folder,
    Empty,
    NotSqlite,
    /// SQLite could not read it.
    Unreadable(rusqlite::Error),
    /// An SQLite database, with another `application_id`.
    Foreign,
    Newer {
        found: i64,
        known: i64,
    },
}

/// What opening did to the schema (`db migrate` reports it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Migrated {
    pub from: i64,
    pub to: i64,
}

/// What to do when the file to create is already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfExists {
    /// Fail with `AlreadyExists`: never take over a file (even one made meanwhile).
    Fail,
    /// Leave it as it is.
    Keep,
}

/// Creates `path` with mode 0600 (not the umask's: SQLite gives the WAL and shm files the
/// database file's mode, so they are private too).
pub fn create_private(path: &Path, if_exists: IfExists) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).mode(0o600);
    match if_exists {
        IfExists::Fail => options.create_new(true),
        IfExists::Keep => options.create(true).truncate(false),
    };
    options.open(path).map(drop)
}

/// Whether a file that is not yet of the kind may become one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Accept {
    Ours,
    /// Also an empty file, or an SQLite file with no application id, version or table: the
    /// caller (or another process racing it) has just created it.
    OursOrNew,
}

/// From this size a migration says that it runs (issue 18: building migration 0009's indexes
/// on a file of ten million orders takes a minute, with nothing else to show).
const NOTE_MIGRATION_BYTES: u64 = 1 << 30;

/// How much of a statement's or savepoint's journal SQLite keeps in memory before writing it
/// to a temporary file (its default is 64 KiB). A savepoint keeps the pages it changes until
/// it is released, and a statement that may fail halfway inside a transaction those of the
/// statement: a delivery's savepoint in a sync, or a pulled page's statements, changed more
/// than 64 KiB, so SQLite wrote them to a file and then every later page of the transaction
/// as well (a sixth of a sync's CPU in `pwrite`, issue 18). 16 MB holds any of shopctl's
/// (each is emptied when its savepoint or statement ends).
///
/// A journal past it cannot be written to its file at all: SQLite 3.54.1 keeps it in memory
/// as one piece of this size and writes that piece in one call, which its unix file layer
/// cuts at 128 KiB (`seekAndWriteFd`), so the spill fails with "database or disk is full".
/// Hence the rule: a statement that may change more than a few thousand pages in one go
/// (superseding a backlog of outbox entries) is an `UPDATE OR FAIL`, which SQLite runs
/// without a statement journal (a failure fails the whole transaction anyway); see
/// `sync::outbox::tests::a_backlog_of_updates_larger_than_the_journal_in_memory_is_superseded`.
/// Neither way round it is as fast: 128 KiB (which spills whole) made a 100,000-order sync
/// 12.7 to 13.2 s against 10.4 to 10.7, and -1 (always in memory, in pieces of 1 KiB) 11.8
/// to 13.1.
const STATEMENT_JOURNAL_SPILL: i32 = 16 << 20;

/// Whether SQLite counts the memory it allocates (its default, 1): shopctl never asks, and
/// the count takes a process-wide lock at every allocation. Off: 3% off a 10,000-order sync
/// (issue 18), as SQLite's own advice (`SQLITE_DEFAULT_MEMSTATUS=0`) expects.
const MEMORY_STATISTICS: std::ffi::c_int = 0;

/// Process-wide SQLite settings, before the first connection: SQLite takes them only until
/// it is initialized (a later call is refused with SQLITE_MISUSE, and changes nothing).
/// rusqlite has no safe call for these: one of the crate's two exceptions to
/// `deny(unsafe_code)` (the other: catalog import's `batch`).
#[allow(unsafe_code)]
fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config with SQLITE_CONFIG_STMTJRNL_SPILL takes one int; called
        // once, before this process opens a connection (`Db::connect` is the one opener).
        unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_STMTJRNL_SPILL,
                STATEMENT_JOURNAL_SPILL,
            );
        }
        // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int; called once, as above.
        unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS,
                MEMORY_STATISTICS,
            );
        }
    });
}

/// Set by `checkpoint_apart`: files opened from then on checkpoint on a thread of their own.
static CHECKPOINT_APART: AtomicBool = AtomicBool::new(false);

/// For the rest of the process, every file opened after this call has its WAL checkpoints made
/// on a thread of its own (`checkpoint::Checkpointer`): for `sync`, which commits batch after
/// batch, called before it opens anything. (`serve`'s writer commits as often, but measured no
/// faster with it: its senders keep both cores busy.)
pub fn checkpoint_apart() {
    CHECKPOINT_APART.store(true, Ordering::Relaxed);
}

/// An open file of some `Kind`, at this shopctl's schema version.
pub struct Db {
    /// First, so that it stops before `conn` closes (see `Checkpointer`).
    checkpointer: Option<Checkpointer>,
    conn: Connection,
    path: PathBuf,
    busy_timeout_ms: u64,
    kind: &'static Kind,
    on_wait: Option<holder::WaitNotice>,
}

impl Db {
    /// Opens a file that must already be of `kind`, migrating it to this version's schema.
    pub fn open(path: &Path, kind: &'static Kind) -> Result<(Db, Migrated)> {
        Db::connect(path, kind, Accept::Ours, None)
    }

    /// `open`, with the notice that says what a write waits for, and that a big file is being
    /// brought to this version's schema (a minute for ten million orders, issue 18).
    pub fn open_noting(
        path: &Path,
        kind: &'static Kind,
        notice: holder::WaitNotice,
    ) -> Result<(Db, Migrated)> {
        Db::connect(path, kind, Accept::Ours, Some(notice))
    }

    /// Opens a file of `kind`, or a new one (see `Accept::OursOrNew`) which becomes one.
    pub fn open_new(path: &Path, kind: &'static Kind) -> Result<(Db, Migrated)> {
        Db::connect(path, kind, Accept::OursOrNew, None)
    }

    fn connect(
        path: &Path,
        kind: &'static Kind,
        accept: Accept,
        on_wait: Option<holder::WaitNotice>,
    ) -> Result<(Db, Migrated)> {
        check_header(path, kind, accept)?;
        configure_sqlite();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| match trouble(&e, path, kind.noun, Doing::Opening) {
            Some(t) => anyhow!(t),
            None => anyhow!(e).context(format!("cannot open {}", path.display())),
        })?;
        let busy_timeout_ms = std::env::var(BUSY_TIMEOUT_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_BUSY_TIMEOUT_MS);
        conn.busy_timeout(Duration::from_millis(busy_timeout_ms))?;
        // rusqlite keeps 16 prepared statements by default; a sync's batches use more than
        // that per order (inbox, orders, stock, outbox, messages), and a cache that keeps
        // evicting them spent a fifth of the sync's CPU re-parsing SQL (issue 18).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mut db = Db {
            checkpointer: None,
            conn,
            path: path.to_path_buf(),
            busy_timeout_ms,
            kind,
            on_wait,
        };
        // Read-only checks first: nothing is written to a file that is not ours or is newer.
        db.check_identity(accept)?;
        db.set_pragmas()?;
        let migrated = db.migrate()?;
        if CHECKPOINT_APART.load(Ordering::Relaxed) {
            // Only where it can start: without it, SQLite checkpoints in this connection, as
            // every other command's do; nothing else differs.
            let wait = Duration::from_millis(db.busy_timeout_ms);
            db.checkpointer = Checkpointer::start(&mut db.conn, &db.path, wait).ok();
        }
        Ok((db, migrated))
    }

    fn refuse(&self, why: Refusal) -> anyhow::Error {
        (self.kind.refused)(&self.path, why)
    }

    fn check_identity(&self, accept: Accept) -> Result<()> {
        let app_id: i32 = match self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
        {
            Ok(id) => id,
            Err(e) if is_sqlite_busy(&e) => return Err(self.map_busy(e)),
            // A file that starts like SQLite's but cannot be read for want of rights or room
            // is not a stranger: say what stops it.
            Err(e) => match trouble(&e, &self.path, self.kind.noun, Doing::Opening) {
                Some(t) => return Err(anyhow!(t)),
                None => return Err(self.refuse(Refusal::Unreadable(e))),
            },
        };
        let version = self.user_version()?;
        if app_id != self.kind.application_id
            && !(accept == Accept::OursOrNew && app_id == 0 && version == 0 && self.is_blank()?)
        {
            return Err(self.refuse(Refusal::Foreign));
        }
        let known = self.kind.latest();
        if version > known {
            return Err(self.refuse(Refusal::Newer {
                found: version,
                known,
            }));
        }
        Ok(())
    }

    /// No table, index or view: nothing of anybody's is in the file yet.
    fn is_blank(&self) -> Result<bool> {
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| self.map_busy(e))?;
        Ok(objects == 0)
    }

    fn set_pragmas(&self) -> Result<()> {
        // Read before setting: switching to WAL takes a lock, and after the first open the
        // file is in WAL already.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.map_busy(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(|e| self.map_busy(e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                bail!("cannot put {} in WAL mode", self.path.display());
            }
        }
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| self.map_busy(e))?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(|e| self.map_busy(e))?;
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.map_busy(e))
    }

    fn migrate(&mut self) -> Result<Migrated> {
        let from = self.user_version()?;
        let latest = self.kind.latest();
        if from == latest {
            return Ok(Migrated { from, to: from });
        }
        // A migration may build indexes over every row: on a big file, say why it waits.
        let size = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        if from > 0 && size >= NOTE_MIGRATION_BYTES {
            self.say_waiting(&format!(
                "bringing {} ({} MB) to this shopctl's schema, once: building its indexes takes \
                 about a minute per 10 GB",
                self.path.display(),
                size / 1_000_000
            ));
        }
        let kind = self.kind;
        let (path, waited_ms) = (self.path.clone(), self.busy_timeout_ms);
        let busy = |e| map_busy(e, kind, &path, waited_ms);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)
            .map_err(busy)?;
        // Another process may have migrated while we waited for the lock (perhaps a newer
        // shopctl, past what this one knows).
        let from: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if from > latest {
            return Err((kind.refused)(
                &path,
                Refusal::Newer {
                    found: from,
                    known: latest,
                },
            ));
        }
        if from == 0 {
            tx.pragma_update(None, "application_id", kind.application_id)
                .map_err(busy)?;
        }
        kind.apply(&tx, from)
            .map_err(|e| explain(e, &path, kind.noun))?;
        tx.commit().map_err(busy)?;
        Ok(Migrated { from, to: latest })
    }

    /// Reads go straight to the connection (WAL readers never wait for writers).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f`'s reads in one read transaction: one snapshot, and SQLite takes and drops its
    /// read lock once rather than at every statement (a lock, an unlock and a look at the
    /// file's size each: 10,000 one-row reads were a tenth of a sync's CPU, issue 18). Inside
    /// a transaction already, `f` just runs in it. Nothing may be written in `f`.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(&self.conn);
        }
        let tx = self.conn.unchecked_transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long a write waits for another process's lock before giving up.
    pub fn busy_timeout_ms(&self) -> u64 {
        self.busy_timeout_ms
    }

    /// Says what a write waits for once it has waited `holder::NOTICE_AFTER_MS`.
    pub fn on_wait(&mut self, notice: holder::WaitNotice) {
        self.on_wait = Some(notice);
    }

    /// Tells the `on_wait` notice (if any) what is being waited for.
    pub fn say_waiting(&self, text: &str) {
        if let Some(say) = &self.on_wait {
            say(text);
        }
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it commits, or none of it. Waiting past
    /// the busy timeout for another writer gives the kind's busy error; after a second of
    /// waiting the `on_wait` notice says for whom (the holder's record), and once the lock is
    /// taken this process is recorded as the holder.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<anyhow::Error>,
    {
        let kind = self.kind;
        let (path, waited_ms) = (self.path.clone(), self.busy_timeout_ms);
        let busy = |e| E::from(map_busy(e, kind, &path, waited_ms));
        let record = holder::record_path(&path);
        // Wait a second quietly, then say who holds the file and wait the rest.
        let mut notice = self
            .on_wait
            .as_ref()
            .filter(|_| waited_ms > holder::NOTICE_AFTER_MS);
        if notice.is_some() {
            self.conn
                .busy_timeout(Duration::from_millis(holder::NOTICE_AFTER_MS))
                .map_err(|e| E::from(e.into()))?;
        }
        loop {
            let e = match self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
            {
                Ok(tx) => {
                    if notice.is_some() {
                        tx.busy_timeout(Duration::from_millis(waited_ms))
                            .map_err(|e| E::from(e.into()))?;
                    }
                    holder::record(&record);
                    let value = f(&tx)?;
                    tx.commit().map_err(busy)?;
                    return Ok(value);
                }
                Err(e) => e,
            };
            match notice.take() {
                Some(say) if is_sqlite_busy(&e) => {
                    say(&holder::waiting_message(&record));
                    let rest = waited_ms - holder::NOTICE_AFTER_MS;
                    self.conn
                        .busy_timeout(Duration::from_millis(rest))
                        .map_err(|e| E::from(e.into()))?;
                }
                _ => {
                    let _ = self.conn.busy_timeout(Duration::from_millis(waited_ms));
                    return Err(busy(e));
                }
            }
        }
    }

    /// The kind's busy error when `e` means another process holds the lock, the file's
    /// trouble in words (`trouble`) when it is about the file; else `e`.
    pub fn map_busy(&self, e: rusqlite::Error) -> anyhow::Error {
        map_busy(e, self.kind, &self.path, self.busy_timeout_ms)
    }

    /// `err` (from a closure given to `write`, say) with SQLite's words about the file
    /// replaced by the file's trouble in words.
    pub fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        explain(err, &self.path, self.kind.noun)
    }
}

fn map_busy(e: rusqlite::Error, kind: &Kind, path: &Path, waited_ms: u64) -> anyhow::Error {
    if is_sqlite_busy(&e) {
        return (kind.busy)(path, waited_ms);
    }
    match trouble(&e, path, kind.noun, Doing::Using) {
        Some(t) => anyhow!(t),
        None => anyhow!(e),
    }
}

/// Checks, without SQLite, that the file exists and starts like an SQLite database, so that a
/// stray file gets a sentence rather than "file is not a database (code 26)".
fn check_header(path: &Path, kind: &Kind, accept: Accept) -> Result<()> {
    let refuse = |why| Err((kind.refused)(path, why));
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return refuse(Refusal::Missing),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if file.metadata()?.is_dir() {
        return refuse(Refusal::Folder);
    }
    let mut header = [0u8; 16];
    let n = file.read(&mut header)?;
    if n == 0 && accept == Accept::OursOrNew {
        return Ok(());
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return refuse(if n == 0 {
            Refusal::Empty
        } else {
            Refusal::NotSqlite
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(path: &Path, why: Refusal) -> anyhow::Error {
        anyhow!("{}: {why:?}", path.display())
    }

    fn busy(path: &Path, ms: u64) -> anyhow::Error {
        anyhow!("{} busy for {ms} ms", path.display())
    }

    static TEST: Kind = Kind {
        application_id: 0x7465_7374,
        schema: "test schema",
        noun: "test file",
        migrations: &[
            Migration {
                name: "0001_a",
                sql: "CREATE TABLE a (x INTEGER);",
            },
            Migration {
                name: "0002_b",
                sql: "CREATE TABLE b (y INTEGER);",
            },
        ],
        refused,
        busy,
    };

    fn pragma(conn: &Connection, name: &str) -> i64 {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_file_gets_the_kind_and_every_migration_once() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        create_private(&path, IfExists::Fail).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            create_private(&path, IfExists::Fail).unwrap_err().kind(),
            std::io::ErrorKind::AlreadyExists
        );
        create_private(&path, IfExists::Keep).unwrap();
        // An empty file is only acceptable where a new one is.
        let e = Db::open(&path, &TEST).err().unwrap().to_string();
        assert!(e.ends_with("Empty"), "{e}");
        let (db, migrated) = Db::open_new(&path, &TEST).unwrap();
        assert_eq!(migrated, Migrated { from: 0, to: 2 });
        assert_eq!(pragma(db.conn(), "application_id"), 0x7465_7374);
        assert_eq!(pragma(db.conn(), "user_version"), 2);
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(pragma(db.conn(), "foreign_keys"), 1);
        drop(db);
        let (_, again) = Db::open(&path, &TEST).unwrap();
        assert_eq!(again, Migrated { from: 2, to: 2 });
    }

    #[test]
    fn an_older_file_is_migrated_from_where_it_stands() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1952805748; CREATE TABLE a (x INTEGER); PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(conn);
        let (db, migrated) = Db::open(&path, &TEST).unwrap();
        assert_eq!(migrated, Migrated { from: 1, to: 2 });
        db.conn().execute("INSERT INTO b VALUES (1)", []).unwrap();
    }

    #[test]
    fn strangers_and_newer_files_are_refused_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        type Make<'a> = &'a dyn Fn(&Path);
        let cases: [(&str, Make, &str); 5] = [
            ("missing", &|_| {}, "Missing"),
            ("folder", &|p| std::fs::create_dir(p).unwrap(), "Folder"),
            (
                "text",
                &|p| std::fs::write(p, "sku,title\n").unwrap(),
                "NotSqlite",
            ),
            (
                "other",
                &|p| {
                    let c = Connection::open(p).unwrap();
                    c.execute_batch("CREATE TABLE t (x);").unwrap();
                },
                "Foreign",
            ),
            (
                "newer",
                &|p| {
                    let c = Connection::open(p).unwrap();
                    c.execute_batch("PRAGMA application_id = 1952805748; PRAGMA user_version = 9;")
                        .unwrap();
                },
                "Newer { found: 9, known: 2 }",
            ),
        ];
        for (name, make, says) in cases {
            let path = dir.path().join(name);
            make(&path);
            let before = std::fs::read(&path).ok();
            for open in [Db::open, Db::open_new] {
                let e = open(&path, &TEST).err().unwrap().to_string();
                assert!(e.ends_with(says), "{name}: {e}");
                assert_eq!(std::fs::read(&path).ok(), before, "{name}");
            }
        }
    }

    #[test]
    fn a_held_lock_gives_the_kinds_busy_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        create_private(&path, IfExists::Fail).unwrap();
        let (mut db, _) = Db::open_new(&path, &TEST).unwrap();
        db.busy_timeout_ms = 50;
        db.conn.busy_timeout(Duration::from_millis(50)).unwrap();
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch("BEGIN IMMEDIATE; INSERT INTO a VALUES (1);")
            .unwrap();
        let e = db
            .write(|tx| Ok::<_, anyhow::Error>(tx.execute("INSERT INTO a VALUES (2)", [])?))
            .unwrap_err();
        assert!(e.to_string().ends_with("busy for 50 ms"), "{e}");
        other.execute_batch("ROLLBACK").unwrap();
    }

    /// `read` holds one snapshot for all its statements (another process's commit in between
    /// is not seen), and ends it after.
    #[test]
    fn reads_in_one_transaction_see_one_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        create_private(&path, IfExists::Fail).unwrap();
        let (db, _) = Db::open_new(&path, &TEST).unwrap();
        let other = Connection::open(&path).unwrap();
        let count = |c: &Connection| -> i64 {
            c.query_row("SELECT count(*) FROM a", [], |r| r.get(0))
                .unwrap()
        };
        let (before, after) = db
            .read(|conn| {
                let before = count(conn);
                other.execute("INSERT INTO a VALUES (1)", []).unwrap();
                Ok((before, count(conn)))
            })
            .unwrap();
        assert_eq!((before, after), (0, 0));
        assert!(db.conn().is_autocommit());
        assert_eq!(count(db.conn()), 1, "the next read sees the commit");
    }
}
