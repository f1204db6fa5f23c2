//! WAL checkpoints on a thread of their own, for `sync`, which commits batch after batch.
//!
//! SQLite copies the write-ahead log back into the file (a checkpoint) in the connection that
//! commits, once the log holds 1,000 pages, and waits for two `fsync`s there: a sync of 10,000
//! orders made 13 such checkpoints of the shop file and 4 of the sandbox's, and on a disk whose
//! `fsync` takes 8 to 40 ms they were a fifth of its wall time (issue 18). Here a second
//! connection to the same file checkpoints (`PASSIVE`: it never blocks a writer or a reader)
//! when the writer's commit leaves `WAKE_PAGES` in the log, while the writer goes on. What a
//! crash can lose does not change: commits are the writer's, and a checkpoint only copies
//! committed pages (its `fsync`s are the same ones, made later). A writer that commits faster
//! than the copies catch up would grow the log without end (SQLite starts it again only when a
//! checkpoint has copied all of it), so at `INLINE_PAGES` the writer waits for the copy under
//! way and checkpoints itself, as SQLite would, and the log starts again: about 16,000 pages
//! (66 MB) and the commit that crossed them, where SQLite's own stays near 1,000. A reader
//! holding an older snapshot (another command's list, `db backup`) keeps any checkpoint from
//! letting the log start again, here as with SQLite's own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Result;
use rusqlite::{Connection, OpenFlags};

/// Pages in the log that wake the checkpointing thread. Twice SQLite's own threshold: each copy
/// then takes the latest of more changes to the same pages, and there are half as many of
/// them to share the two cores with the sync's busy threads (a 10,000-order sync 2-4% faster
/// than at 1,000 and 4,000, issue 18; 3,000 and 12,000 were no better).
const WAKE_PAGES: i32 = 2000;
/// Pages at which the writer checkpoints itself: what bounds the log (about 66 MB). Not less:
/// `sync::inbox` commits 5,000 deliveries at a time, thousands of pages each, and at 8,000 the
/// writer checkpointed after nearly every one of those commits of a 100,000-order sync (75 to
/// 160 ms each, a copy and two `fsync`s) instead of leaving it to the thread; at 16,000 half
/// as often (issue 18).
const INLINE_PAGES: i32 = 16000;

/// Held by whoever is checkpointing a file in this process: SQLite lets one checkpoint run at
/// a time and answers another with BUSY at once, so the writer at `INLINE_PAGES` waits for a
/// thread's copy to end and then makes its own, which copies the rest and lets the log start
/// again. One per file, not per `Checkpointer`: a sync opens the sandbox's file twice (its
/// provider and its chat), each connection with its hook and its thread.
type Copying = Arc<Mutex<()>>;

/// `Copying` of each file a `Checkpointer` is running for, by path.
static COPYING: LazyLock<Mutex<HashMap<PathBuf, Weak<Mutex<()>>>>> = LazyLock::new(Mutex::default);

fn copying_of(path: &Path) -> Copying {
    let mut files = COPYING.lock().unwrap_or_else(PoisonError::into_inner);
    files.retain(|_, copying| copying.strong_count() > 0);
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Some(copying) = files.get(&key).and_then(Weak::upgrade) {
        return copying;
    }
    let copying = Copying::default();
    files.insert(key, Arc::downgrade(&copying));
    copying
}

/// How many checkpoints each side made (ended, whatever SQLite answered): for the tests,
/// which must tell the thread's from the writer's.
#[derive(Debug, Default)]
struct Made {
    by_thread: AtomicUsize,
    by_writer: AtomicUsize,
}

/// The thread that checkpoints one file for one writer, stopped and joined when dropped.
pub struct Checkpointer {
    wake: SyncSender<()>,
    stop: Arc<AtomicBool>,
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests alone
    made: Arc<Made>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to `path` for the thread, waiting up to `busy_timeout` for
    /// the file as the writer does, and hooks `writer`'s commits to it (the hook replaces
    /// SQLite's automatic checkpoint on that connection).
    pub fn start(
        writer: &mut Connection,
        path: &Path,
        busy_timeout: Duration,
    ) -> Result<Checkpointer> {
        Checkpointer::paced(writer, path, busy_timeout, Duration::ZERO)
    }

    /// `start`, with the thread pausing `pause` before each checkpoint: the tests' way to
    /// have a writer outrun it.
    fn paced(
        writer: &mut Connection,
        path: &Path,
        busy_timeout: Duration,
        pause: Duration,
    ) -> Result<Checkpointer> {
        let other = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        other.busy_timeout(busy_timeout)?;
        // One waiting wake is enough: a checkpoint copies whatever the log holds by then.
        let (send, woken) = mpsc::sync_channel::<()>(1);
        let copying = copying_of(path);
        let stop = Arc::new(AtomicBool::new(false));
        let made = Arc::new(Made::default());
        let thread = {
            let (copying, stop, made) =
                (Arc::clone(&copying), Arc::clone(&stop), Arc::clone(&made));
            std::thread::Builder::new()
                .name("checkpoint".into())
                .spawn(move || {
                    // A wake still queued when the writer stops is not worth a copy: the
                    // writer's close checkpoints the rest.
                    while woken.recv().is_ok() && !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(pause);
                        let _copying = copying.lock().unwrap_or_else(PoisonError::into_inner);
                        // A checkpoint that cannot run now (another is running, the disk
                        // refuses) is tried again at the next wake, or by the writer at
                        // `INLINE_PAGES`, as SQLite's automatic checkpoints are: the log keeps
                        // every commit meanwhile.
                        let _ = other.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                        made.by_thread.fetch_add(1, Ordering::Relaxed);
                    }
                })?
        };
        let hook_wake = send.clone();
        let hook_made = Arc::clone(&made);
        writer.wal_hook(Some(
            move |wal: &mut rusqlite::hooks::Wal, pages: std::ffi::c_int| {
                // Woken unless the thread is gone (then the writer checkpoints, as SQLite
                // would); a wake already waiting is as good as a new one.
                let woke = (WAKE_PAGES..INLINE_PAGES).contains(&pages)
                    && !matches!(hook_wake.try_send(()), Err(TrySendError::Disconnected(_)));
                if pages >= WAKE_PAGES && !woke {
                    // The commit has happened whatever this returns; an error here would make
                    // SQLite report the committed statement as failed. As in SQLite's own hook,
                    // a checkpoint that cannot run now is left for a later commit.
                    let _copying = copying.lock().unwrap_or_else(PoisonError::into_inner);
                    let _ = wal.checkpoint();
                    hook_made.by_writer.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            },
        ))?;
        Ok(Checkpointer {
            wake: send,
            stop,
            made,
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes a thread waiting for a wake, to find it must stop (a full queue wakes it too).
        let _ = self.wake.try_send(());
        if let Some(thread) = self.thread.take() {
            // A checkpoint under way finishes first; the thread's connection then closes.
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    const WAIT: Duration = Duration::from_secs(5);

    /// A file in WAL mode, as `Db` opens one, with a table of blobs.
    fn writer(dir: &tempfile::TempDir) -> (Connection, PathBuf) {
        let path = dir.path().join("w.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .unwrap();
        conn.execute_batch("PRAGMA synchronous = NORMAL; CREATE TABLE t (b BLOB NOT NULL);")
            .unwrap();
        (conn, path)
    }

    /// Commits one row of `kib` KiB (about `kib / 4` pages of the log).
    fn commit(conn: &Connection, kib: usize) {
        conn.execute(
            "INSERT INTO t (b) VALUES (zeroblob(?1))",
            [(kib * 1024) as i64],
        )
        .unwrap();
    }

    fn size(path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }

    fn by_thread(c: &Checkpointer) -> usize {
        c.made.by_thread.load(Ordering::Relaxed)
    }

    fn by_writer(c: &Checkpointer) -> usize {
        c.made.by_writer.load(Ordering::Relaxed)
    }

    #[test]
    fn the_thread_copies_the_log_while_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, path) = writer(&dir);
        let checkpointer = Checkpointer::start(&mut conn, &path, WAIT).unwrap();
        let before = size(&path);
        // One and a half times the wake, in commits of 100 pages: short of the writer's own
        // checkpoint.
        let commits = WAKE_PAGES as usize * 3 / 2 / 100;
        for _ in 0..commits {
            commit(&conn, 400);
        }
        let copied = before + WAKE_PAGES as u64 * 4096;
        let started = Instant::now();
        while (size(&path) <= copied || by_thread(&checkpointer) == 0)
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(size(&path) > copied, "no checkpoint copied the log");
        assert!(
            by_thread(&checkpointer) > 0,
            "the thread made no checkpoint"
        );
        assert_eq!(
            by_writer(&checkpointer),
            0,
            "the writer checkpointed itself"
        );

        drop(checkpointer);
        drop(conn);
        // The last connection closed found the log copied and removed it; every row is there.
        assert!(!dir.path().join("w.sqlite-wal").exists());
        let again = Connection::open(&path).unwrap();
        let rows: i64 = again
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, commits as i64);
        let ok: String = again
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_writer_faster_than_the_copies_keeps_the_log_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, path) = writer(&dir);
        // A thread that waits half a second before each copy: the writer outruns it.
        let checkpointer =
            Checkpointer::paced(&mut conn, &path, WAIT, Duration::from_millis(500)).unwrap();
        let wal = dir.path().join("w.sqlite-wal");
        // 60 MB in commits of 100 KiB.
        let mut largest = 0;
        for _ in 0..600 {
            commit(&conn, 100);
            largest = largest.max(size(&wal));
        }
        // A frame is a 4 KiB page and a 24-byte header; the largest log is the writer's
        // threshold and the commit that crossed it.
        let bound = (INLINE_PAGES as u64 + 30) * (4096 + 24) + 32;
        assert!(
            by_writer(&checkpointer) > 0,
            "the writer never checkpointed"
        );
        assert!(largest <= bound, "the log grew to {largest} bytes");
    }

    #[test]
    fn a_writer_whose_thread_is_gone_checkpoints_as_sqlite_would() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, path) = writer(&dir);
        let mut checkpointer = Checkpointer::start(&mut conn, &path, WAIT).unwrap();
        // The thread ends as it does at a stop, and its end of the channel goes with it.
        checkpointer.stop.store(true, Ordering::Relaxed);
        checkpointer.wake.send(()).unwrap();
        checkpointer.thread.take().unwrap().join().unwrap();
        let wal = dir.path().join("w.sqlite-wal");
        let mut largest = 0;
        for _ in 0..300 {
            commit(&conn, 100);
            largest = largest.max(size(&wal));
        }
        assert_eq!(by_thread(&checkpointer), 0);
        assert!(
            by_writer(&checkpointer) > 0,
            "nobody checkpointed: the log grew to {largest} bytes"
        );
        // SQLite's own threshold and the commit that crossed it, not the writer's late one.
        let bound = (WAKE_PAGES as u64 + 30) * (4096 + 24) + 32;
        assert!(largest <= bound, "the log grew to {largest} bytes");
    }

    #[test]
    fn two_writers_of_one_file_share_whose_turn_it_is_to_copy() {
        let dir = tempfile::tempdir().unwrap();
        let (mut first, path) = writer(&dir);
        let mut second = Connection::open(&path).unwrap();
        let a = Checkpointer::start(&mut first, &path, WAIT).unwrap();
        let b = Checkpointer::start(&mut second, &path, WAIT).unwrap();
        // The same path, written another way, is the same file.
        let other_name = dir.path().join(".").join("w.sqlite");
        assert!(Arc::ptr_eq(&copying_of(&path), &copying_of(&other_name)));
        for i in 0..400 {
            commit(if i % 2 == 0 { &first } else { &second }, 100);
        }
        drop((a, b));
        drop((first, second));
        assert!(!dir.path().join("w.sqlite-wal").exists());
    }
}
