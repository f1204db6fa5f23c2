//! The sync lock: two syncs never run at once on one shop. A lock file beside the shop file is
//! held for the whole run; a second sync waits for it up to the busy timeout, then exits 4.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::error::Busy;
use crate::files;

/// Held for the whole sync; released when dropped (or when the process dies).
pub struct SyncLock {
    _file: File,
}

pub fn lock_path(shop: &Path) -> PathBuf {
    let mut name = shop.file_name().unwrap_or_default().to_os_string();
    name.push(".sync-lock");
    shop.with_file_name(name)
}

/// Takes the sync lock, waiting up to `wait` for another sync to finish.
pub fn lock(shop: &Path, wait: Duration) -> Result<SyncLock> {
    let path = lock_path(shop);
    let file = files::open_or_create(&path, files::PRIVATE_FILE)
        .with_context(|| format!("cannot open the sync lock file {}", path.display()))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(SyncLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(anyhow::Error::new(Busy {
                    path: shop.to_path_buf(),
                    waited_ms: wait.as_millis() as u64,
                })
                .context("another `shopctl sync` is running on this shop"));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
}
