//! The one mapping from errors to exit codes (DESIGN.md, "Exit codes").
//!
//! Commands return `anyhow::Error` chains; `exit_code` looks through the chain for the few
//! typed errors that mean something other than "failed, nothing was changed".

use std::path::PathBuf;

/// What a command that ran to the end found. `Problems` is exit 3: the command worked, but a
/// script must notice (reconciliation discrepancies, invalid rows in a dry run).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Problems,
}

/// Exit codes, as documented in docs/shop-file.md ("Exit codes").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Done = 0,
    Failed = 1,
    Usage = 2,
    Problems = 3,
    Busy = 4,
}

/// Another process held the shop file's write lock for longer than the busy timeout.
#[derive(Debug, thiserror::Error)]
#[error(
    "the shop file {} is busy: another shopctl held it for more than {waited_ms} ms; \
     try again when it has finished",
    path.display()
)]
pub struct Busy {
    pub path: PathBuf,
    pub waited_ms: u64,
}

/// The command line was wrong in a way clap cannot see (an unknown `--columns` name): exit 2,
/// like clap's own errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// stdout was closed by the reader (`shopctl orders list | head`): stop quietly with 0.
#[derive(Debug, thiserror::Error)]
#[error("broken pipe")]
pub struct BrokenPipe;

/// True when an SQLite error means "someone else holds the lock".
pub fn is_sqlite_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

pub fn exit_code(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if cause.is::<Busy>() {
            return Exit::Busy;
        }
        if cause.is::<BrokenPipe>() {
            return Exit::Done;
        }
        if cause.is::<Usage>() {
            return Exit::Usage;
        }
        if let Some(e) = cause.downcast_ref::<rusqlite::Error>()
            && is_sqlite_busy(e)
        {
            return Exit::Busy;
        }
    }
    Exit::Failed
}
