//! Duplicate SKUs within one file (Shopify allows two products to share one): by default both
//! copies are errors, whichever line comes first, each naming both lines and both titles;
//! `--on-duplicate first` or `last` keeps one copy (the driver in `mod.rs` applies them).
//!
//! Each SKU seen is kept as a 64-bit hash (a million SKUs in a few tens of MB, in `seen`'s
//! bounded store; a false match needs a 1-in-10^12 collision) with its first line and how that
//! row ended, so that a later copy can take the first one back: uncount it and reject it. With
//! --skip-invalid a first pass (`Pairs`) finds the pairs beforehand, so neither copy is written.
//! Titles are kept only for the few lines a message may need (`TITLE_CAP`).

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use anyhow::Result;
use rusqlite::Connection;

use super::report::Outcome;
use super::row::cell_error;
use super::seen::Seen;

/// What `--on-duplicate` asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnDuplicate {
    /// Both copies are row errors.
    #[default]
    Error,
    /// The first valid copy is imported; later ones are left out (with a note).
    First,
    /// The last valid copy is imported, over the earlier ones (with a note).
    Last,
}

/// Titles kept for duplicate messages: of rejected first copies, and of the lines a first
/// pass paired. Past this many a message names the line only.
const TITLE_CAP: usize = 10_000;

/// The SKUs of the file being read.
pub struct Duplicates<'c> {
    hasher: RandomState,
    /// SKU hash → first line and outcome (`pack`).
    seen: Seen<'c>,
    /// With --skip-invalid: line → the other line of its duplicate.
    known: HashMap<u64, u64>,
    /// Line → title, for the lines a message may name that are not in the catalog to look up.
    titles: HashMap<u64, String>,
}

/// What the check found for a row.
#[derive(Clone, Copy, Debug)]
pub enum Found {
    /// No other row of the file has its SKU (so far).
    Alone,
    /// The first pass paired it with this line (--skip-invalid).
    Paired(u64),
    /// An earlier row had its SKU.
    Again(FirstCopy),
}

/// The first copy of a SKU found again.
#[derive(Clone, Copy, Debug)]
pub struct FirstCopy {
    pub key: u64,
    pub line: u64,
    pub outcome: Outcome,
}

/// A line and the title its row gives (when known), as a message names it.
pub fn at(line: u64, title: Option<&str>) -> String {
    match title {
        Some(t) if !t.is_empty() => format!("line {line} (\"{t}\")"),
        _ => format!("line {line}"),
    }
}

/// `Column "SKU": line 2 ("Tee") and line 9 ("Hat") have the same SKU; ...`: both lines
/// (earlier first), both titles, and the flag that keeps one.
pub fn message(sku_col: &str, sku: &str, a: (u64, Option<&str>), b: (u64, Option<&str>)) -> String {
    let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    cell_error(
        sku_col,
        sku,
        &format!(
            "{} and {} have the same SKU; give one of them another SKU, or pass \
             --on-duplicate first (or last) to import only the first (or last) of them",
            at(first.0, first.1),
            at(second.0, second.1)
        ),
    )
}

impl<'c> Duplicates<'c> {
    pub fn new(conn: &'c Connection) -> Duplicates<'c> {
        Duplicates {
            hasher: RandomState::new(),
            seen: Seen::new(conn, "temp.import_seen"),
            known: HashMap::new(),
            titles: HashMap::new(),
        }
    }

    /// The key of a (trimmed) SKU.
    pub fn key(&self, sku: &str) -> u64 {
        self.hasher.hash_one(sku)
    }

    /// Forgets the last file's SKUs; `known` are the pairs a first pass found in the next,
    /// with the titles it saw.
    pub fn next_file(
        &mut self,
        (known, titles): (HashMap<u64, u64>, HashMap<u64, String>),
    ) -> Result<()> {
        self.seen.clear()?;
        self.known = known;
        self.titles = titles;
        Ok(())
    }

    /// Whether the row at `line` (its SKU's key, None for an empty SKU) repeats a SKU.
    pub fn check(&self, line: u64, key: Option<u64>) -> Result<Found> {
        if let Some(&other) = self.known.get(&line) {
            return Ok(Found::Paired(other));
        }
        let Some(key) = key else {
            return Ok(Found::Alone);
        };
        Ok(match self.seen.get(key)? {
            None => Found::Alone,
            Some(v) => {
                let (line, outcome) = unpack(v);
                Found::Again(FirstCopy { key, line, outcome })
            }
        })
    }

    /// The title noted for `line`.
    pub fn title(&self, line: u64) -> Option<&str> {
        self.titles.get(&line).map(String::as_str)
    }

    /// Notes the title of the row at `line`, for a later message (up to `TITLE_CAP`).
    pub fn note_title(&mut self, line: u64, title: &str) {
        if self.titles.len() < TITLE_CAP {
            self.titles.insert(line, title.to_string());
        }
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
    /// The titles of later copies (an earlier copy's is noted when the second pass reads it).
    titles: HashMap<u64, String>,
}

impl<'c> Pairs<'c> {
    pub fn new(conn: &'c Connection) -> Pairs<'c> {
        Pairs {
            lines: Seen::new(conn, "temp.import_seen_lines"),
            pairs: HashMap::new(),
            titles: HashMap::new(),
        }
    }

    pub fn add(&mut self, key: u64, line: u64, title: &str) -> Result<()> {
        match self.lines.get(key)? {
            Some(first) => {
                self.pairs.insert(line, first);
                self.pairs.entry(first).or_insert(line);
                if self.titles.len() < TITLE_CAP {
                    self.titles.insert(line, title.to_string());
                }
            }
            None => self.lines.insert(key, line)?,
        }
        Ok(())
    }

    /// Line → the other line of its duplicate (the first copy names the second), and the
    /// later copies' titles.
    pub fn finish(mut self) -> Result<(HashMap<u64, u64>, HashMap<u64, String>)> {
        self.lines.clear()?;
        Ok((self.pairs, self.titles))
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
    fn a_repeated_sku_finds_the_first_line_and_how_it_ended() {
        let conn = Connection::open_in_memory().unwrap();
        let mut d = Duplicates::new(&conn);
        let k = d.key("TEE");
        assert!(matches!(d.check(2, Some(k)).unwrap(), Found::Alone));
        d.record(k, 2, Outcome::Created).unwrap();
        let Found::Again(first) = d.check(5, Some(k)).unwrap() else {
            panic!("a second copy")
        };
        assert_eq!((first.line, first.outcome), (2, Outcome::Created));
        // A rejected row does not replace what was seen first.
        d.record_rejected(k, 7).unwrap();
        let Found::Again(again) = d.check(9, Some(k)).unwrap() else {
            panic!("a third copy")
        };
        assert_eq!(again.line, 2);
        d.next_file(Default::default()).unwrap();
        assert!(matches!(d.check(5, Some(k)).unwrap(), Found::Alone));
    }

    #[test]
    fn the_message_names_both_lines_both_titles_and_the_flag() {
        let m = message("Variant SKU", "X1", (9, Some("Hat")), (2, Some("Tee")));
        assert_eq!(
            m,
            "Variant SKU \"X1\": line 2 (\"Tee\") and line 9 (\"Hat\") have the same SKU; give \
             one of them another SKU, or pass --on-duplicate first (or last) to import only the \
             first (or last) of them"
        );
        assert!(message("sku", "A", (2, None), (4, Some(""))).contains("line 2 and line 4 have"));
    }

    #[test]
    fn a_first_pass_pairs_the_lines_of_a_sku() {
        let conn = Connection::open_in_memory().unwrap();
        let d = Duplicates::new(&conn);
        let mut pairs = Pairs::new(&conn);
        for (line, sku) in [(2, "A"), (3, "B"), (4, "A"), (5, "A")] {
            pairs
                .add(d.key(sku), line, &format!("title {line}"))
                .unwrap();
        }
        let (pairs, titles) = pairs.finish().unwrap();
        assert_eq!(pairs.get(&2), Some(&4));
        assert_eq!(pairs.get(&4), Some(&2));
        assert_eq!(pairs.get(&5), Some(&2));
        assert_eq!(pairs.get(&3), None);
        assert_eq!(titles.get(&4).map(String::as_str), Some("title 4"));
        assert_eq!(titles.get(&2), None);
    }
}
