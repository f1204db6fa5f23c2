//! The SKUs an import has seen in the current file, for duplicate checks, in bounded memory.
//!
//! Keys are 64-bit hashes of SKUs, values a line and an outcome packed in a u64. The first
//! `MEMORY_CAP` of them live in a hash map (about 36 MB at most); past that, new ones go to a
//! temporary SQLite table, whose pages SQLite keeps in its own small cache and a temporary
//! file. A million-row file stays in memory; a file of any size stays under a fixed peak.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

/// Entries kept in memory: just under what a table of 2^21 buckets holds (7/8 of it), so the
/// map grows to that size once and never to the next.
const MEMORY_CAP: usize = (1 << 21) / 8 * 7 - 1;

/// The temporary table's page cache, in KiB.
const SPILL_CACHE_KIB: i64 = 16 * 1024;

/// Keys that are hashes already (of SKUs) are used as they are.
type Prehashed = std::hash::BuildHasherDefault<KeyIsHash>;

#[derive(Default)]
struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys come here (write_u64); this is the fallback for anything else.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub struct Seen<'c> {
    conn: &'c Connection,
    /// The temporary table for entries past the cap, e.g. `temp.import_seen`.
    table: &'static str,
    mem: HashMap<u64, u64, Prehashed>,
    spilled: bool,
    cap: usize,
}

impl<'c> Seen<'c> {
    pub fn new(conn: &'c Connection, table: &'static str) -> Seen<'c> {
        Seen {
            conn,
            table,
            mem: HashMap::default(),
            spilled: false,
            cap: MEMORY_CAP,
        }
    }

    #[cfg(test)]
    fn with_cap(mut self, cap: usize) -> Seen<'c> {
        self.cap = cap;
        self
    }

    pub fn get(&self, key: u64) -> Result<Option<u64>> {
        if let Some(&v) = self.mem.get(&key) {
            return Ok(Some(v));
        }
        if !self.spilled {
            return Ok(None);
        }
        let v: Option<i64> = self
            .conn
            .prepare_cached(&format!("SELECT v FROM {} WHERE k = ?1", self.table))?
            .query_row([key as i64], |r| r.get(0))
            .optional()?;
        Ok(v.map(|v| v as u64))
    }

    /// Sets `key` to `value`, replacing what it had.
    pub fn insert(&mut self, key: u64, value: u64) -> Result<()> {
        if self.mem.len() < self.cap || self.mem.contains_key(&key) {
            self.mem.insert(key, value);
            return Ok(());
        }
        if !self.spilled {
            // Keys are hashes, so they go in all over the table: a cache of a few thousand
            // pages keeps most of its inner pages at hand (still a fixed amount).
            self.conn.execute_batch(&format!(
                "PRAGMA temp.cache_size = -{SPILL_CACHE_KIB}; \
                 CREATE TABLE IF NOT EXISTS {} (k INTEGER PRIMARY KEY, v INTEGER NOT NULL); \
                 DELETE FROM {};",
                self.table, self.table
            ))?;
            self.spilled = true;
        }
        self.conn
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO {} (k, v) VALUES (?1, ?2)",
                self.table
            ))?
            .execute([key as i64, value as i64])?;
        Ok(())
    }

    /// Forgets everything (the next file starts afresh).
    pub fn clear(&mut self) -> Result<()> {
        self.mem.clear();
        if self.spilled {
            self.conn
                .execute_batch(&format!("DROP TABLE IF EXISTS {}", self.table))?;
            self.spilled = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_cap_entries_go_to_a_temporary_table_and_are_found_there() {
        let conn = Connection::open_in_memory().unwrap();
        let mut seen = Seen::new(&conn, "temp.test_seen").with_cap(2);
        for k in 0..5u64 {
            seen.insert(k.wrapping_mul(u64::MAX / 3), k + 100).unwrap();
        }
        for k in 0..5u64 {
            assert_eq!(
                seen.get(k.wrapping_mul(u64::MAX / 3)).unwrap(),
                Some(k + 100)
            );
        }
        assert_eq!(seen.get(7).unwrap(), None);
        // A key in memory is updated there; one in the table, there.
        seen.insert(0, 1).unwrap();
        seen.insert(4u64.wrapping_mul(u64::MAX / 3), 2).unwrap();
        assert_eq!(seen.get(0).unwrap(), Some(1));
        assert_eq!(seen.get(4u64.wrapping_mul(u64::MAX / 3)).unwrap(), Some(2));
        seen.clear().unwrap();
        assert_eq!(seen.get(4u64.wrapping_mul(u64::MAX / 3)).unwrap(), None);
    }
}
