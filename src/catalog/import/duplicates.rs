//! Duplicate SKUs within one file: both copies are errors, whichever line comes first.
//!
//! Each SKU seen is kept as a 64-bit hash (a million SKUs in a few tens of MB, in `seen`'s
//! bounded store; a false match needs a 1-in-10^12 collision) with its first line and how that
//! row ended, so that a later copy can take the first one back: uncount it and reject it. With
//! --skip-invalid a first pass (`Pairs`) finds the pairs beforehand, so neither copy is written.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use anyhow::Result;
use rusqlite::Connection;

use super::report::Outcome;
use super::row::cell_error;
use super::seen::Seen;

/// The SKUs of the file being read.
pub struct Duplicates<'c> {
    hasher: RandomState,
    /// SKU hash → first line and outcome (`pack`).
    seen: Seen<'c>,
    /// With --skip-invalid: line → the other line of its duplicate.
    known: HashMap<u64, u64>,
}

/// The first copy of a SKU found again.
#[derive(Clone, Copy, Debug)]
pub struct FirstCopy {
    pub key: u64,
    pub line: u64,
    pub outcome: Outcome,
}

/// `Column "SKU": the same SKU is on line N of this file`.
pub fn message(sku_col: &str, sku: &str, other_line: u64) -> String {
    cell_error(
        sku_col,
        sku,
        &format!("the same SKU is on line {other_line} of this file"),
    )
}

impl<'c> Duplicates<'c> {
    pub fn new(conn: &'c Connection) -> Duplicates<'c> {
        Duplicates {
            hasher: RandomState::new(),
            seen: Seen::new(conn, "temp.import_seen"),
            known: HashMap::new(),
        }
    }

    /// The key of a (trimmed) SKU.
    pub fn key(&self, sku: &str) -> u64 {
        self.hasher.hash_one(sku)
    }

    /// Forgets the last file's SKUs; `known` are the pairs a first pass found in the next.
    pub fn next_file(&mut self, known: HashMap<u64, u64>) -> Result<()> {
        self.seen.clear()?;
        self.known = known;
        Ok(())
    }

    /// Checks the row at `line` (its SKU's key, None for an empty SKU) and adds the error to
    /// `errors` when it repeats a SKU. Returns the first copy when that must be taken back.
    pub fn check(
        &self,
        line: u64,
        key: Option<u64>,
        sku_col: &str,
        sku: &str,
        errors: &mut Vec<String>,
    ) -> Result<Option<FirstCopy>> {
        if let Some(&other) = self.known.get(&line) {
            errors.push(message(sku_col, sku, other));
            return Ok(None);
        }
        let Some(key) = key else { return Ok(None) };
        let Some(v) = self.seen.get(key)? else {
            return Ok(None);
        };
        let (first_line, outcome) = unpack(v);
        errors.push(message(sku_col, sku, first_line));
        Ok(Some(FirstCopy {
            key,
            line: first_line,
            outcome,
        }))
    }

    /// Remembers how the row at `line` ended.
    pub fn record(&mut self, key: u64, line: u64, outcome: Outcome) -> Result<()> {
        self.seen.insert(key, pack(line, outcome))
    }

    /// Remembers a rejected row at `line` unless its SKU was seen before.
    pub fn record_rejected(&mut self, key: u64, line: u64) -> Result<()> {
        if self.seen.get(key)?.is_none() {
            self.seen.insert(key, pack(line, Outcome::Rejected))?;
        }
        Ok(())
    }
}

/// The first pass with --skip-invalid: which lines share a SKU.
pub struct Pairs<'c> {
    /// SKU hash → first line.
    lines: Seen<'c>,
    pairs: HashMap<u64, u64>,
}

impl<'c> Pairs<'c> {
    pub fn new(conn: &'c Connection) -> Pairs<'c> {
        Pairs {
            lines: Seen::new(conn, "temp.import_seen_lines"),
            pairs: HashMap::new(),
        }
    }

    pub fn add(&mut self, key: u64, line: u64) -> Result<()> {
        match self.lines.get(key)? {
            Some(first) => {
                self.pairs.insert(line, first);
                self.pairs.entry(first).or_insert(line);
            }
            None => self.lines.insert(key, line)?,
        }
        Ok(())
    }

    /// Line → the other line of its duplicate (the first copy names the second).
    pub fn finish(mut self) -> Result<HashMap<u64, u64>> {
        self.lines.clear()?;
        Ok(self.pairs)
    }
}

fn pack(line: u64, outcome: Outcome) -> u64 {
    (line << 2) | outcome as u64
}

fn unpack(v: u64) -> (u64, Outcome) {
    let o = match v & 3 {
        0 => Outcome::Created,
        1 => Outcome::Updated,
        2 => Outcome::Unchanged,
        _ => Outcome::Rejected,
    };
    (v >> 2, o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_and_outcome_pack_into_one_number_and_back() {
        for outcome in [
            Outcome::Created,
            Outcome::Updated,
            Outcome::Unchanged,
            Outcome::Rejected,
        ] {
            for line in [0, 1, 2, 1_000_000, u64::MAX >> 2] {
                assert_eq!(unpack(pack(line, outcome)), (line, outcome));
            }
        }
    }

    #[test]
    fn a_repeated_sku_names_the_first_line_and_gives_it_back() {
        let conn = Connection::open_in_memory().unwrap();
        let mut d = Duplicates::new(&conn);
        let k = d.key("TEE");
        let mut errors = Vec::new();
        assert!(
            d.check(2, Some(k), "sku", "TEE", &mut errors)
                .unwrap()
                .is_none()
        );
        d.record(k, 2, Outcome::Created).unwrap();
        let first = d
            .check(5, Some(k), "sku", "TEE", &mut errors)
            .unwrap()
            .unwrap();
        assert_eq!((first.line, first.outcome), (2, Outcome::Created));
        assert_eq!(
            errors,
            ["sku \"TEE\": the same SKU is on line 2 of this file"]
        );
        // A rejected row does not replace what was seen first.
        d.record_rejected(k, 7).unwrap();
        let again = d
            .check(9, Some(k), "sku", "TEE", &mut errors)
            .unwrap()
            .unwrap();
        assert_eq!(again.line, 2);
        d.next_file(HashMap::new()).unwrap();
        assert!(
            d.check(5, Some(k), "sku", "TEE", &mut Vec::new())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_first_pass_pairs_the_lines_of_a_sku() {
        let conn = Connection::open_in_memory().unwrap();
        let d = Duplicates::new(&conn);
        let mut pairs = Pairs::new(&conn);
        for (line, sku) in [(2, "A"), (3, "B"), (4, "A"), (5, "A")] {
            pairs.add(d.key(sku), line).unwrap();
        }
        let pairs = pairs.finish().unwrap();
        assert_eq!(pairs.get(&2), Some(&4));
        assert_eq!(pairs.get(&4), Some(&2));
        assert_eq!(pairs.get(&5), Some(&2));
        assert_eq!(pairs.get(&3), None);
    }
}
