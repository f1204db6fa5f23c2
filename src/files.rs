//! Files shopctl writes besides the shop file: private unless the user asks otherwise (0600
//! files, 0700 folders, whatever the umask), and written whole or not at all.
//!
//! A whole-or-nothing file (`AtomicFile`) is written under a temporary name beside its target
//! (`.NAME.shopctl-tmp-PID-N`, so that a person who finds one knows whose it is), fsynced, and
//! renamed into place (or, where the target must not be overwritten, linked: the link fails
//! if the name was taken meanwhile), then the folder is fsynced. While it is written, the
//! temporary file is locked; a run killed with SIGKILL leaves it unlocked, and the next run
//! that writes into that folder removes it (`clean_stale`).

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};

/// Files shopctl creates: read and written by their owner only.
pub const PRIVATE_FILE: u32 = 0o600;
/// Folders shopctl creates: entered by their owner only.
pub const PRIVATE_DIR: u32 = 0o700;

/// In the name of every temporary file shopctl writes.
const TMP_MARK: &str = ".shopctl-tmp-";
/// What SQLite puts beside a database file while it writes one (the backup's temporary copy).
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// A file mode given on the command line (`--mode 644`): octal, at most 0777.
pub fn parse_mode(text: &str) -> Result<u32, String> {
    let digits = text.trim().trim_start_matches("0o");
    match u32::from_str_radix(digits, 8) {
        Ok(m) if m <= 0o777 && !digits.is_empty() => Ok(m),
        _ => Err(format!(
            "\"{text}\" is not a file mode; give octal permissions such as 644 (owner writes, everyone reads) or 600"
        )),
    }
}

/// The mode of a folder that holds files of `file_mode`: whoever may read a file may also
/// enter the folder (644 → 755, 640 → 750, 600 → 700).
pub fn dir_mode_for(file_mode: u32) -> u32 {
    let mut mode = file_mode | 0o700;
    for (read, exec) in [(0o040, 0o010), (0o004, 0o001)] {
        if file_mode & read != 0 {
            mode |= exec;
        }
    }
    mode
}

/// Creates `dir` and the folders above it that are missing, each with exactly `mode` (the
/// umask does not apply). Folders that exist keep their mode: they are the user's.
pub fn create_dir_all(dir: &Path, mode: u32) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_all(parent, mode)?;
    }
    match std::fs::DirBuilder::new().mode(mode).create(dir) {
        Ok(()) => std::fs::set_permissions(dir, PermissionsExt::from_mode(mode))
            .with_context(|| format!("cannot set the mode of {}", dir.display())),
        // Made by someone else meanwhile: theirs, as it is.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create the folder {}", dir.display())),
    }
}

/// Creates the folder `dir` (and missing folders above it) as a private one.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    create_dir_all(dir, PRIVATE_DIR)
}

/// Creates a new file with exactly `mode`, or truncates an existing one (which keeps its mode:
/// its owner chose it).
pub fn create_file(path: &Path, mode: u32) -> Result<File> {
    let new = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path);
    let file = match new {
        Ok(file) => {
            file.set_permissions(PermissionsExt::from_mode(mode))?;
            file
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?,
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    Ok(file)
}

/// Opens `path` for writing, creating it with exactly `mode` when there is none (a lock file:
/// its contents do not matter, its mode does).
pub fn open_or_create(path: &Path, mode: u32) -> std::io::Result<File> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
    {
        Ok(file) => {
            file.set_permissions(PermissionsExt::from_mode(mode))?;
            Ok(file)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            OpenOptions::new().write(true).open(path)
        }
        Err(e) => Err(e),
    }
}

/// Writes `target` whole or not at all (mode `mode`, replacing a file there): `write` fills a
/// buffered writer on a temporary file, which then takes the name. What killed runs left in
/// the folder goes first.
pub fn write_whole<T>(
    target: &Path,
    mode: u32,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<T>,
) -> Result<T> {
    clean_stale(&folder_of(target));
    let mut tmp = AtomicFile::new(target, mode)?;
    let value = {
        let mut buf = std::io::BufWriter::new(tmp.file());
        let value = write(&mut buf)?;
        std::io::Write::flush(&mut buf)
            .with_context(|| format!("cannot write {}", target.display()))?;
        value
    };
    tmp.commit(Replace::Yes)?;
    Ok(value)
}

/// Whether committing may replace a file already at the target's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    /// An export: the new file takes the name.
    Yes,
    /// A backup: never over an existing file.
    Never,
}

/// A file written under a temporary name and moved to its target only when complete.
pub struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
}

/// Numbers the temporary files of one process.
static NEXT: AtomicU64 = AtomicU64::new(0);

impl AtomicFile {
    /// Starts writing `target` (mode `mode`) under a temporary name in the same folder.
    pub fn new(target: &Path, mode: u32) -> Result<AtomicFile> {
        let dir = folder_of(target);
        let name = target
            .file_name()
            .with_context(|| format!("{} names no file", target.display()))?
            .to_string_lossy()
            .into_owned();
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(".{name}{TMP_MARK}{}-{n}", std::process::id()));
            let file = match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&tmp)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot write in {}", dir.display()));
                }
            };
            file.set_permissions(PermissionsExt::from_mode(mode))?;
            // Locked while written: `clean_stale` takes only unlocked ones. A cleaner may
            // have removed it between the create and the lock; then start again.
            file.lock()
                .with_context(|| format!("cannot lock {}", tmp.display()))?;
            let same = std::fs::metadata(&tmp)
                .is_ok_and(|m| file.metadata().is_ok_and(|f| f.ino() == m.ino()));
            if !same {
                continue;
            }
            return Ok(AtomicFile {
                target: target.to_path_buf(),
                tmp,
                file: Some(file),
            });
        }
    }

    /// The file to write into.
    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("written before commit")
    }

    /// The temporary file's path (for a writer that opens it by name, like SQLite).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes the file to disk and gives it the target's name; then flushes the folder, so
    /// that the name survives a power cut too.
    pub fn commit(mut self, replace: Replace) -> Result<()> {
        let file = self.file.take().expect("committed once");
        let result = self.put_in_place(&file, replace);
        if result.is_err() {
            remove_with_side_files(&self.tmp);
        }
        result
    }

    fn put_in_place(&self, file: &File, replace: Replace) -> Result<()> {
        let target = self.target.display();
        file.sync_all()
            .with_context(|| format!("cannot write {target}"))?;
        match replace {
            Replace::Yes => std::fs::rename(&self.tmp, &self.target)
                .with_context(|| format!("cannot write {target}"))?,
            // A link is made only if the name is free: no window in which another process's
            // file could be replaced.
            Replace::Never => match std::fs::hard_link(&self.tmp, &self.target) {
                Ok(()) => std::fs::remove_file(&self.tmp)?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    bail!("{target} already exists; it was not overwritten, choose a new name")
                }
                // A file system without hard links: the name was checked free before.
                Err(_) if !self.target.exists() => std::fs::rename(&self.tmp, &self.target)
                    .with_context(|| format!("cannot write {target}"))?,
                Err(e) => return Err(e).with_context(|| format!("cannot write {target}")),
            },
        }
        sync_dir(&folder_of(&self.target));
        Ok(())
    }
}

impl Drop for AtomicFile {
    /// Not committed (an error, or a panic): the temporary file goes.
    fn drop(&mut self) {
        if self.file.take().is_some() {
            remove_with_side_files(&self.tmp);
        }
    }
}

/// Flushes a folder's entries (a new name in it) to disk; best effort, as not every file
/// system can.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn remove_with_side_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for side in SIDE_FILES {
        let mut name = path.as_os_str().to_owned();
        name.push(side);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Removes the temporary files that killed shopctl runs left in `dir` (unlocked ones: a live
/// run holds the lock on its own), with SQLite's side files of each. Returns how many went.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with('.') || !name.contains(TMP_MARK) {
            continue;
        }
        if SIDE_FILES.iter().any(|s| name.ends_with(s)) {
            // Goes with its temporary file, or alone once that one has gone.
            let base = SIDE_FILES
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(name);
            if !dir.join(base).exists() {
                let _ = std::fs::remove_file(entry.path());
                removed += 1;
            }
            continue;
        }
        let Ok(file) = File::open(entry.path()) else {
            continue;
        };
        if file.try_lock().is_ok() {
            remove_with_side_files(&entry.path());
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn modes_are_read_as_octal_and_folders_follow_their_files() {
        assert_eq!(parse_mode("644"), Ok(0o644));
        assert_eq!(parse_mode("0600"), Ok(0o600));
        assert!(parse_mode("999").is_err());
        assert!(parse_mode("1777").is_err());
        assert!(parse_mode("").is_err());
        assert_eq!(dir_mode_for(0o644), 0o755);
        assert_eq!(dir_mode_for(0o640), 0o750);
        assert_eq!(dir_mode_for(0o600), 0o700);
    }

    #[test]
    fn an_atomic_file_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let mut f = AtomicFile::new(&target, PRIVATE_FILE).unwrap();
        f.file().write_all(b"a,b\n").unwrap();
        assert!(!target.exists());
        f.commit(Replace::Yes).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"a,b\n");
        assert_eq!(mode(&target), 0o600);
        // Dropped without commit: nothing stays.
        let mut g = AtomicFile::new(&target, PRIVATE_FILE).unwrap();
        g.file().write_all(b"half").unwrap();
        drop(g);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Never over an existing file when asked so.
        let h = AtomicFile::new(&target, PRIVATE_FILE).unwrap();
        let e = h.commit(Replace::Never).unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(std::fs::read(&target).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temporary_files_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".x.csv.shopctl-tmp-1-0");
        std::fs::write(&stale, "half").unwrap();
        std::fs::write(dir.path().join(".x.csv.shopctl-tmp-1-0-journal"), "j").unwrap();
        std::fs::write(dir.path().join(".y.db.shopctl-tmp-2-0-wal"), "w").unwrap();
        std::fs::write(dir.path().join("keep.csv"), "mine").unwrap();
        let live = AtomicFile::new(&dir.path().join("z.csv"), PRIVATE_FILE).unwrap();
        assert_eq!(clean_stale(dir.path()), 3);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), 2, "{left:?}");
        assert_eq!(left[1], "keep.csv");
        assert!(live.path().exists());
    }

    #[test]
    fn folders_made_get_the_mode_asked_and_existing_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        create_dir_all(&deep, 0o755).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o755);
        assert_eq!(mode(&deep), 0o755);
        create_private_dir(&deep.join("c")).unwrap();
        assert_eq!(mode(&deep), 0o755);
        assert_eq!(mode(&deep.join("c")), 0o700);
    }
}
