//! What an import did: the counts, the row errors and notes (`file:line: ...`, the first
//! `ERROR_CAP` of each kept, the rest counted), and the --rejects file of rows left out.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Result;
use csv::ByteRecord;

use super::Dialect;
use crate::catalog::changes::ChangeList;
use crate::money::Currency;

/// How many row errors are kept for the report; the rest are counted.
pub const ERROR_CAP: usize = 50;

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<(PathBuf, Dialect)>,
    pub currency: Option<Currency>,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Rows that are not sellable items (WooCommerce grouped products), and copies of a SKU
    /// left out by --on-duplicate first or last.
    pub skipped: u64,
    pub images_stored: u64,
    /// `file:line: Column "value": reason`, the first `ERROR_CAP` of them.
    pub errors: Vec<String>,
    pub error_count: u64,
    pub warnings: Vec<String>,
    pub warning_count: u64,
    pub dry_run: bool,
    /// In a dry run, what each product updated would change.
    pub changes: ChangeList,
}

/// How a row ended, kept with each SKU seen so that a later duplicate can take it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created = 0,
    Updated = 1,
    Unchanged = 2,
    Rejected = 3,
}

impl Report {
    /// Counts a row that was written or found unchanged (rejected rows: `reject`).
    pub(super) fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Rejected => {}
        }
    }

    /// Takes back what `count` counted for a row that turned out to be a duplicate.
    pub(super) fn uncount(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created -= 1,
            Outcome::Updated => self.updated -= 1,
            Outcome::Unchanged => self.unchanged -= 1,
            Outcome::Rejected => {}
        }
    }

    /// A rejected row and its errors.
    pub(super) fn reject(&mut self, file: &str, line: u64, errors: &[String]) {
        self.rejected += 1;
        for e in errors {
            self.error(file, line, e);
        }
    }

    /// An error message about a row counted as rejected (or about the file, at a line).
    pub(super) fn error(&mut self, file: &str, line: u64, e: &str) {
        self.error_count += 1;
        if self.errors.len() < ERROR_CAP {
            self.errors.push(format!("{file}:{line}: {e}"));
        }
    }

    /// A note about a row that was still imported (or skipped).
    pub(super) fn warn(&mut self, file: &str, line: u64, text: &str) {
        self.warning_count += 1;
        if self.warnings.len() < ERROR_CAP {
            self.warnings.push(format!("{file}:{line}: {text}"));
        }
    }

    /// Errors by file then line: a duplicate's first copy is rejected after later lines.
    pub(super) fn sort_errors(&mut self) {
        self.errors.sort_by_key(|e| line_key(e));
    }
}

/// Sorts `file:line: ...` messages by file then line number.
fn line_key(msg: &str) -> (String, u64) {
    let mut parts = msg.splitn(3, ':');
    let file = parts.next().unwrap_or("").to_string();
    let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    (file, line)
}

/// Invalid rows in an all-or-nothing import: nothing was written.
#[derive(Debug)]
pub struct InvalidRows(pub Report);

impl fmt::Display for InvalidRows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.0;
        write!(
            f,
            "{} invalid row{}; nothing was imported:",
            r.rejected,
            if r.rejected == 1 { "" } else { "s" }
        )?;
        for e in &r.errors {
            write!(f, "\n  {e}")?;
        }
        let more = r.error_count.saturating_sub(r.errors.len() as u64);
        if more > 0 {
            write!(f, "\n  ... and {more} more")?;
        }
        write!(
            f,
            "\nFix these rows and import again, or pass --skip-invalid (with --rejects FILE) \
             to import the valid rows only"
        )
    }
}

impl std::error::Error for InvalidRows {}

/// The --rejects file: each rejected row as it was read, with an `error` column added.
pub struct Rejects {
    w: csv::Writer<File>,
    header_written: bool,
}

impl Rejects {
    pub fn create(path: &Path) -> Result<Rejects> {
        // Rows of the merchant's catalog: private, like every file shopctl makes.
        let file = crate::files::create_file(path, crate::files::PRIVATE_FILE)?;
        let w = csv::WriterBuilder::new().flexible(true).from_writer(file);
        Ok(Rejects {
            w,
            header_written: false,
        })
    }

    /// Writes `rec` with its errors; the first call writes `header` (the file's header row)
    /// first.
    pub fn write(
        &mut self,
        header: &ByteRecord,
        rec: &ByteRecord,
        errors: &[String],
    ) -> Result<()> {
        if !self.header_written {
            let mut h = header.clone();
            h.push_field(b"error");
            self.w.write_byte_record(&h)?;
            self.header_written = true;
        }
        let mut r = rec.clone();
        r.push_field(errors.join("; ").as_bytes());
        self.w.write_byte_record(&r)?;
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        self.w.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_sort_by_file_then_line_number() {
        let mut r = Report::default();
        for (file, line) in [("b.csv", 3), ("a.csv", 10), ("a.csv", 9)] {
            r.reject(file, line, &["x".into()]);
        }
        r.sort_errors();
        assert_eq!(r.errors, ["a.csv:9: x", "a.csv:10: x", "b.csv:3: x"]);
    }

    #[test]
    fn past_the_cap_errors_are_counted_not_kept() {
        let mut r = Report::default();
        for line in 0..ERROR_CAP as u64 + 5 {
            r.reject("f.csv", line, &["x".into(), "y".into()]);
        }
        assert_eq!(r.rejected, ERROR_CAP as u64 + 5);
        assert_eq!(r.error_count, 2 * (ERROR_CAP as u64 + 5));
        assert_eq!(r.errors.len(), ERROR_CAP);
    }
}
