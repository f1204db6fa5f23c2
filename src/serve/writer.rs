//! The one writer of `serve`: verified deliveries from every connection are stored by one
//! thread, as many as are waiting in one transaction (a group commit), and each connection is
//! answered only after the commit that holds its delivery. One writer also means the workers
//! never wait on each other's SQLite locks.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::time::Duration;

use anyhow::Result;

use crate::inbox::{self, Stored};
use crate::store::Store;

/// A delivery to store, and where to say how it went.
pub struct Job {
    pub source: &'static str,
    pub dedupe_key: String,
    pub body: Vec<u8>,
    pub reply: SyncSender<Result<Stored, String>>,
}

/// Most deliveries in one transaction.
const BATCH: usize = 512;

/// Starts the writer on its own connection; `committed` is told after each commit that stored
/// something new. The thread ends when every `Sender` of the returned channel is dropped.
pub fn start(
    db: PathBuf,
    committed: Sender<()>,
) -> Result<(Sender<Job>, std::thread::JoinHandle<()>)> {
    let mut store = Store::open(&db)?;
    let (tx, rx) = mpsc::channel::<Job>();
    let handle = std::thread::Builder::new()
        .name("serve-writer".into())
        .spawn(move || run(&mut store, &rx, &committed))?;
    Ok((tx, handle))
}

/// Test knob: `SHOPCTL_SERVE_CRASH_AFTER_COMMIT=N` exits with 137 (as a SIGKILL would) right
/// after the Nth commit, before any answer: the kill between storing and processing.
pub const CRASH_ENV: &str = "SHOPCTL_SERVE_CRASH_AFTER_COMMIT";

fn run(store: &mut Store, rx: &Receiver<Job>, committed: &Sender<()>) {
    let crash_at: Option<u64> = std::env::var(CRASH_ENV).ok().and_then(|v| v.parse().ok());
    let mut commits = 0u64;
    loop {
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut jobs = vec![first];
        while jobs.len() < BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let now = match crate::clock::now() {
            Ok(now) => now,
            Err(e) => {
                answer_all(jobs, &format!("{e:#}"));
                continue;
            }
        };
        let stored = store.write(|tx| {
            jobs.iter()
                .map(|j| inbox::store(tx, j.source, &j.dedupe_key, &j.body, now))
                .collect::<Result<Vec<_>>>()
        });
        match stored {
            Ok(stored) => {
                commits += 1;
                if crash_at == Some(commits) {
                    std::process::exit(137);
                }
                let new = stored.iter().any(|s| matches!(s, Stored::New(_)));
                for (job, s) in jobs.into_iter().zip(stored) {
                    let _ = job.reply.send(Ok(s));
                }
                if new {
                    let _ = committed.send(());
                }
            }
            Err(e) => answer_all(jobs, &format!("{e:#}")),
        }
    }
}

fn answer_all(jobs: Vec<Job>, error: &str) {
    for job in jobs {
        let _ = job.reply.send(Err(error.to_string()));
    }
}
