//! The sync lock: two syncs never run at once on one shop. A lock file beside the shop file is
//! held for the whole run; a second sync waits for it up to the busy timeout, then exits 4.
//! The holder writes its pid and command into the lock file, so that after a second the
//! waiter can say whom it waits for.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::error::Busy;
use crate::files;
use crate::store::{Store, holder};

/// Held for the whole sync; released when dropped (or when the process dies).
pub struct SyncLock {
    _file: File,
}

pub fn lock_path(shop: &Path) -> PathBuf {
    let mut name = shop.file_name().unwrap_or_default().to_os_string();
    name.push(".sync-lock");
    shop.with_file_name(name)
}

/// Takes the sync lock of `store`'s shop, waiting up to `wait` for another sync to finish;
/// after a second of waiting, the store's wait notice says which one.
pub fn lock(store: &Store, wait: Duration) -> Result<SyncLock> {
    let shop = store.path();
    let path = lock_path(shop);
    let file = files::open_or_create(&path, files::PRIVATE_FILE)
        .with_context(|| format!("cannot open the sync lock file {}", path.display()))?;
    let start = Instant::now();
    let mut noticed = false;
    let mut file = file;
    loop {
        match file.try_lock() {
            Ok(()) => {
                holder::record_in(&mut file);
                return Ok(SyncLock { _file: file });
            }
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                if !noticed && start.elapsed() >= Duration::from_millis(holder::NOTICE_AFTER_MS) {
                    store.say_waiting(&holder::waiting_message(&path));
                    noticed = true;
                }
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
