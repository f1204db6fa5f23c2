//! SQLite's errors about the file itself (permissions, a full disk, the disk, damage), in the
//! shop's words: a sentence with the path, what happened and what to do, never SQLite's text
//! or its codes ("attempt to write a readonly database: Error code 8"). The one mapping: the
//! opener, `Store::write` and the command line's last resort (`explain`) all come here.
//!
//! A write that fails this way is rolled back by SQLite, so each sentence can say that nothing
//! was changed.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;
use rusqlite::ffi;
use rustix::fs::Access;

/// The file failed, not the command: its sentence (exit 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Trouble(String);

/// What the command was doing when SQLite failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    Opening,
    Using,
}

/// The sentence for SQLite's error `e` on the file at `path` (`noun`: "shop file", "sandbox
/// file"), or None when the error is not about the file (a bug's constraint failure, say).
pub fn trouble(e: &rusqlite::Error, path: &Path, noun: &str, doing: Doing) -> Option<Trouble> {
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return None;
    };
    let p = path.display();
    let dir = folder(path);
    let unchanged = "nothing was changed";
    let text = match f.code {
        ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
            let verb = if doing == Doing::Opening || f.code == ErrorCode::CannotOpen {
                "open"
            } else {
                "write to"
            };
            let head = format!("cannot {verb} the {noun} {p}");
            if !writable(path) {
                format!(
                    "{head}: the file is read-only for you; {unchanged}. Make it writable \
                     (`chmod u+w {p}`, if it is yours) and run the command again"
                )
            } else if !writable(&dir) {
                format!(
                    "{head}: its folder {} is read-only, and SQLite must create {p}-wal and \
                     {p}-shm beside the file (even to read it); {unchanged}. Make the folder \
                     writable, or move the {noun} into a folder you can write",
                    dir.display()
                )
            } else if !side_files_writable(path) {
                format!(
                    "{head}: {p}-wal or {p}-shm beside it is not writable by you (another user \
                     may have made them); {unchanged}. Make them yours, or remove them while no \
                     shopctl runs"
                )
            } else {
                format!(
                    "{head}: the system refused access to it; {unchanged}. Check that you may \
                     read and write it and its folder"
                )
            }
        }
        ErrorCode::DiskFull => full(noun, path, &dir, ""),
        ErrorCode::SystemIoFailure if is_read(f.extended_code) => format!(
            "cannot read the {noun} {p}: the disk reported a read error; {unchanged}. Check the \
             disk, then run `shopctl db check`"
        ),
        ErrorCode::SystemIoFailure => full(noun, path, &dir, ", or the disk failed"),
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => format!(
            "the {noun} {p} is damaged (SQLite found a malformed page); this command changed \
             nothing. Run `shopctl db check` to see what is wrong, and restore your latest \
             backup (`shopctl db backup` makes one)"
        ),
        _ => return None,
    };
    Some(Trouble(text))
}

fn full(noun: &str, path: &Path, dir: &Path, or: &str) -> String {
    format!(
        "cannot write to the {noun} {}: the disk is full or a file size limit was \
         reached{or}; nothing was changed. Free some space (`df -h {}`) and run the command \
         again",
        path.display(),
        dir.display()
    )
}

/// The read errors among SQLite's I/O errors (short reads included).
fn is_read(extended: std::os::raw::c_int) -> bool {
    extended == ffi::SQLITE_IOERR_READ || extended == ffi::SQLITE_IOERR_SHORT_READ
}

/// Whether this process may write `path` (its permissions, as the system judges them).
fn writable(path: &Path) -> bool {
    rustix::fs::access(path, Access::WRITE_OK).is_ok()
}

/// `-wal` and `-shm` beside the file are writable, or absent.
fn side_files_writable(path: &Path) -> bool {
    ["-wal", "-shm"].iter().all(|side| {
        let mut name = path.as_os_str().to_owned();
        name.push(side);
        let side = PathBuf::from(name);
        !side.exists() || writable(&side)
    })
}

fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `err` with SQLite's words replaced by the sentence for the file at `path`, when an SQLite
/// error in its chain is about the file; else `err` as it is.
pub fn explain(err: anyhow::Error, path: &Path, noun: &str) -> anyhow::Error {
    if err.chain().any(|c| c.is::<Trouble>()) {
        return err;
    }
    let found = err
        .chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>())
        .and_then(|e| trouble(e, path, noun, Doing::Using));
    match found {
        Some(t) => anyhow::Error::new(t),
        None => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: std::os::raw::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some("raw words".into()))
    }

    #[test]
    fn each_kind_of_trouble_is_a_sentence_with_the_path_and_no_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        std::fs::write(&path, "").unwrap();
        for (code, says) in [
            (ffi::SQLITE_FULL, "the disk is full"),
            (ffi::SQLITE_IOERR_WRITE, "or the disk failed"),
            (ffi::SQLITE_IOERR_READ, "the disk reported a read error"),
            (ffi::SQLITE_CORRUPT, "is damaged"),
            (ffi::SQLITE_NOTADB, "is damaged"),
        ] {
            let t = trouble(&failure(code), &path, "shop file", Doing::Using)
                .unwrap()
                .to_string();
            assert!(t.contains(says), "{code}: {t}");
            assert!(t.contains(&path.display().to_string()), "{t}");
            assert!(!t.contains("raw words") && !t.contains("code"), "{t}");
        }
        assert!(trouble(&failure(ffi::SQLITE_CONSTRAINT), &path, "x", Doing::Using).is_none());
    }

    #[test]
    fn a_chain_with_sqlites_error_is_replaced_and_others_are_kept() {
        let path = Path::new("/nowhere/shop.db");
        let e = anyhow::Error::new(failure(ffi::SQLITE_FULL)).context("cannot write products");
        let out = explain(e, path, "shop file").to_string();
        assert!(
            out.starts_with("cannot write to the shop file /nowhere/shop.db"),
            "{out}"
        );
        let plain = explain(anyhow::anyhow!("no such SKU"), path, "shop file");
        assert_eq!(plain.to_string(), "no such SKU");
    }
}
