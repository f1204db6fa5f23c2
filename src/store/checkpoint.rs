//! WAL checkpoints on a thread of their own, for `sync`, which commits batch after batch.
//!
//! SQLite copies the write-ahead log back into the file (a checkpoint) in the connection that
//! commits, once the log holds 1,000 pages, and waits for two `fsync`s there: a sync of 10,000
//! orders made 13 such checkpoints of the shop file and 4 of the sandbox's, and on a disk whose
//! `fsync` takes 8 to 40 ms they were a fifth of its wall time (issue 18). Here a second
//! connection to the same file checkpoints (`PASSIVE`: it never blocks a writer or a reader)
//! when the writer's commit leaves `WAKE_PAGES` in the log, while the writer goes on. What is
//! durable, and when, does not change: commits are the writer's, and a checkpoint only copies
//! committed pages. A writer that commits faster than the copies catch up would grow the log
//! without end (SQLite starts it again only when a checkpoint has copied all of it), so at
//! `INLINE_PAGES` the writer waits for the thread's copy to end and checkpoints itself, as
//! SQLite would, and the log starts again (16 MB at most, where SQLite's own stays near 4).

use std::path::Path;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use anyhow::Result;
use rusqlite::{Connection, OpenFlags};

/// Pages in the log that wake the checkpointing thread: SQLite's own threshold.
const WAKE_PAGES: i32 = 1000;
/// Pages at which the writer checkpoints itself (16 MB of 4 KB pages): what bounds the log.
const INLINE_PAGES: i32 = 4000;

/// Where the writer's hook wakes the thread; `None` once the thread is told to stop.
type Wake = Arc<Mutex<Option<SyncSender<()>>>>;

/// Held by whichever of the two is checkpointing: SQLite lets one checkpoint run at a time and
/// answers another with BUSY at once, so the writer at `INLINE_PAGES` waits for the thread's
/// copy to end and then makes its own, which copies the rest and lets the log start again.
type Copying = Arc<Mutex<()>>;

/// The thread that checkpoints one file, stopped and joined when dropped (before the
/// writer's own connection closes: that last close then finds the log copied, and removes it).
pub struct Checkpointer {
    wake: Wake,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to `path` for the thread, and hooks `writer`'s commits to it
    /// (the hook replaces SQLite's automatic checkpoint on that connection).
    pub fn start(writer: &mut Connection, path: &Path) -> Result<Checkpointer> {
        let other = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // One waiting wake is enough: a checkpoint copies whatever the log holds by then.
        let (send, woken) = mpsc::sync_channel::<()>(1);
        let copying: Copying = Arc::default();
        let thread_copying = Arc::clone(&copying);
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    let _copying = thread_copying
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    // A checkpoint that cannot run now (another is running, the disk refuses)
                    // is tried again at the next wake, or by the writer at `INLINE_PAGES`, as
                    // SQLite's automatic checkpoints are: the log keeps every commit meanwhile.
                    let _ = other.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })?;
        let wake: Wake = Arc::new(Mutex::new(Some(send)));
        let hook_wake = Arc::clone(&wake);
        writer.wal_hook(Some(
            move |wal: &mut rusqlite::hooks::Wal, pages: std::ffi::c_int| {
                let woke = (WAKE_PAGES..INLINE_PAGES).contains(&pages)
                    && hook_wake
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .as_ref()
                        .is_some_and(|s| {
                            !matches!(s.try_send(()), Err(TrySendError::Disconnected(_)))
                        });
                if pages >= WAKE_PAGES && !woke {
                    // The commit has happened whatever this returns; an error here would make
                    // SQLite report the committed statement as failed. As in SQLite's own hook,
                    // a checkpoint that cannot run now is left for a later commit.
                    let _copying = copying.lock().unwrap_or_else(PoisonError::into_inner);
                    let _ = wal.checkpoint();
                }
                Ok(())
            },
        ))?;
        Ok(Checkpointer {
            wake,
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.wake
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = self.thread.take() {
            // A checkpoint under way finishes first; the thread's connection then closes.
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// A file in WAL mode, as `Db` opens one, with a table of blobs.
    fn writer(dir: &tempfile::TempDir) -> (Connection, std::path::PathBuf) {
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

    #[test]
    fn the_thread_copies_the_log_while_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, path) = writer(&dir);
        let checkpointer = Checkpointer::start(&mut conn, &path).unwrap();
        let before = size(&path);
        // 1,500 pages: past the wake, short of the writer's own checkpoint. The file itself
        // grows only when a checkpoint copies the pages into it, and the hook replaced
        // SQLite's automatic one: the thread must have made it.
        for _ in 0..15 {
            commit(&conn, 400);
        }
        let started = Instant::now();
        while size(&path) <= before + 4_000_000 && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(size(&path) > before + 4_000_000, "no checkpoint was made");

        drop(checkpointer);
        drop(conn);
        // The last connection closed found the log copied and removed it; every row is there.
        assert!(!dir.path().join("w.sqlite-wal").exists());
        let again = Connection::open(&path).unwrap();
        let rows: i64 = again
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 15);
        let ok: String = again
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_writer_faster_than_the_copies_keeps_the_log_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let (mut conn, path) = writer(&dir);
        let _checkpointer = Checkpointer::start(&mut conn, &path).unwrap();
        let wal = dir.path().join("w.sqlite-wal");
        // 60 MB in commits of 100 KiB, with no pause for the thread to catch up.
        let mut largest = 0;
        for _ in 0..600 {
            commit(&conn, 100);
            largest = largest.max(size(&wal));
        }
        // A frame is a 4 KiB page and a 24-byte header; the largest log is the writer's
        // threshold and the commit that crossed it.
        let bound = (INLINE_PAGES as u64 + 30) * (4096 + 24) + 32;
        assert!(largest > WAKE_PAGES as u64 * 4096, "the log never filled");
        assert!(largest <= bound, "the log grew to {largest} bytes");
    }
}
