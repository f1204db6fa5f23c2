//! Lists written as they are read (issue 18): `Output::writer` gives a `ListWriter` that a
//! list command feeds one row at a time while its query runs. CSV and JSON rows go out
//! through a buffer as they come, so memory stays bounded whatever the list's length and
//! `| head` ends the command at once (a closed pipe is a quiet exit 0). A table, which is for
//! a person, shows a page: `--limit N`, 50 by default; when more rows match, "… N more:
//! --limit N or --all" goes to stderr.
//!
//! The keys are the row struct's (as `Output::rows`). Which columns CSV leaves to JSON (lists
//! of records) is decided on the first row: a row struct's field holds the same kind of value
//! in every row.

use std::io::{BufWriter, StdoutLock, Write};

use anyhow::Result;
use serde::Serialize;
use serde_json::Value;

use super::{Format, Output, cells, columns_of, holds_records, project};
use crate::error::{BrokenPipe, Usage};

/// Rows a table shows when no `--limit` is given.
pub const TABLE_PAGE: usize = 50;

/// How much of a list to show: `--limit N`, `--all`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Page {
    pub limit: Option<usize>,
    pub all: bool,
}

impl Page {
    pub fn new(limit: Option<usize>, all: bool) -> Page {
        Page { limit, all }
    }
}

/// `--limit N` and `--all`, for list commands: flatten it into the command's arguments.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct PageArgs {
    /// At most N rows (a table shows 50 unless told)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Every row, also in a table
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
}

impl PageArgs {
    pub fn page(&self) -> Page {
        Page::new(self.limit, self.all)
    }
}

pub struct ListWriter<'o> {
    out: &'o Output,
    columns: Vec<String>,
    /// The table's page size (`None`: every row).
    shown: Option<usize>,
    kind: Kind,
    rows: usize,
}

enum Kind {
    Table(Vec<Value>),
    Json(BufWriter<StdoutLock<'static>>),
    Csv {
        w: Box<csv::Writer<BufWriter<StdoutLock<'static>>>>,
        /// The CSV header's keys, once the first row has said which hold records.
        keys: Option<Vec<String>>,
    },
}

impl Output {
    /// How many rows a list command should read for `page`: for a table, one more than it
    /// shows, so that the writer knows there are more.
    pub fn fetch(&self, page: Page) -> Option<usize> {
        self.shown(page).map(|n| n.saturating_add(1))
    }

    fn shown(&self, page: Page) -> Option<usize> {
        match self.format {
            Format::Table if !page.all => Some(page.limit.unwrap_or(TABLE_PAGE)),
            _ if page.all => None,
            _ => page.limit,
        }
    }

    /// A writer for a list of `T` rows (see the module's comment).
    pub fn writer<T: Serialize + Default>(&self, page: Page) -> Result<ListWriter<'_>> {
        let columns = columns_of::<T>()?;
        let names: Vec<&str> = columns.iter().map(String::as_str).collect();
        let picked = self.pick_columns(&names)?;
        let columns = match picked {
            Some(keys) => keys.iter().map(|k| k.to_string()).collect(),
            None => columns,
        };
        let stdout = || BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let kind = match self.format {
            Format::Table => Kind::Table(Vec::new()),
            Format::Json => Kind::Json(stdout()),
            Format::Csv => Kind::Csv {
                w: Box::new(csv::Writer::from_writer(stdout())),
                keys: None,
            },
        };
        Ok(ListWriter {
            out: self,
            columns,
            shown: self.shown(page),
            kind,
            rows: 0,
        })
    }
}

/// The members of `row` named by `keys`, in their order (`null` for one it lacks). The row's
/// members come in the keys' order (the struct's, or the pick's), with the columns CSV leaves
/// out among them, so they are matched walking both in step; by name only when one is
/// missing (looking each up by name was a tenth of a million-row list, issue 18).
fn in_order<'v>(row: &'v Value, keys: &[String]) -> Vec<&'v Value> {
    let mut found: Vec<&Value> = Vec::with_capacity(keys.len());
    for (name, v) in row.as_object().into_iter().flatten() {
        if keys.get(found.len()) == Some(name) {
            found.push(v);
        }
    }
    if found.len() != keys.len() {
        found = keys
            .iter()
            .map(|k| row.get(k).unwrap_or(&Value::Null))
            .collect();
    }
    found
}

impl ListWriter<'_> {
    /// The next row. Rows past the page a table shows are counted, not kept.
    pub fn row<T: Serialize>(&mut self, row: T) -> Result<()> {
        self.rows += 1;
        if self.shown.is_some_and(|n| self.rows > n) {
            return Ok(());
        }
        let picked = self.out.pick.is_some();
        let value = serde_json::to_value(row)?;
        // Only a pick reorders or drops keys; without one the row is already in column order.
        let value = if picked {
            let keys: Vec<&str> = self.columns.iter().map(String::as_str).collect();
            project(&value, &keys)
        } else {
            value
        };
        match &mut self.kind {
            Kind::Table(rows) => rows.push(value),
            Kind::Json(w) => {
                let sep = if self.rows == 1 { "[" } else { "," };
                let pretty = self.out.pretty;
                let text = if pretty {
                    let text = serde_json::to_string_pretty(&cells::Nulls(&value))?;
                    format!("{}\n  {}", sep, text.replace('\n', "\n  "))
                } else {
                    format!("{sep}{}", serde_json::to_string(&cells::Nulls(&value))?)
                };
                pipe(w.write_all(text.as_bytes()))?;
            }
            Kind::Csv { w, keys } => {
                if keys.is_none() {
                    let first = std::slice::from_ref(&value);
                    let held: Vec<&String> = self
                        .columns
                        .iter()
                        .filter(|k| holds_records(first, k))
                        .collect();
                    if let (true, Some(k)) = (picked, held.first()) {
                        return Err(Usage(format!(
                            "the column \"{k}\" is a list of records; only --format json shows it"
                        ))
                        .into());
                    }
                    let header: Vec<String> = self
                        .columns
                        .iter()
                        .filter(|k| !held.contains(k))
                        .cloned()
                        .collect();
                    csv_pipe(w.write_record(&header))?;
                    *keys = Some(header);
                }
                let keys = keys.as_ref().expect("set above");
                csv_pipe(
                    w.write_record(
                        in_order(&value, keys)
                            .into_iter()
                            .map(|v| cells::csv_cell(v).unwrap_or_default()),
                    ),
                )?;
            }
        }
        Ok(())
    }

    /// Ends the list. `count` gives the number of matching rows, asked only when a table's
    /// page was full and more rows came.
    pub fn finish(self, count: impl FnOnce() -> Result<u64>) -> Result<()> {
        let keys: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        match self.kind {
            Kind::Table(rows) => {
                self.out.table_rows(&keys, &rows)?;
                if let Some(n) = self.shown.filter(|&n| self.rows > n) {
                    let more = count()?.saturating_sub(n as u64);
                    self.out
                        .hint(&format!("… {} more: --limit N or --all", thousands(more)));
                }
                Ok(())
            }
            Kind::Json(mut w) => {
                let end = match (self.rows, self.out.pretty) {
                    (0, _) => "[]\n",
                    (_, true) => "\n]\n",
                    (_, false) => "]\n",
                };
                pipe(w.write_all(end.as_bytes()).and_then(|_| w.flush()))
            }
            Kind::Csv { mut w, keys } => {
                if keys.is_none() {
                    csv_pipe(w.write_record(&self.columns))?;
                }
                pipe(w.flush())
            }
        }
    }
}

/// A closed pipe (`| head`) is `BrokenPipe`: exit 0, nothing printed.
fn pipe(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
        r => Ok(r?),
    }
}

fn csv_pipe(r: csv::Result<()>) -> Result<()> {
    match r {
        Err(e) if matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe) => {
            Err(BrokenPipe.into())
        }
        r => Ok(r?),
    }
}

/// 99950 → "99,950".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(99_950), "99,950");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn a_rows_cells_follow_the_keys_with_or_without_every_member() {
        let keys: Vec<String> = ["sku", "price", "stock"].map(String::from).to_vec();
        let cells =
            |row: Value| -> Vec<Value> { in_order(&row, &keys).into_iter().cloned().collect() };
        // A column left out (lines) among the members, in the keys' order.
        assert_eq!(
            cells(json!({"sku": "A", "lines": [{"x": 1}], "price": "1.00", "stock": 3})),
            [json!("A"), json!("1.00"), json!(3)]
        );
        // A member missing, and one out of order: found by name, null for the missing.
        assert_eq!(
            cells(json!({"sku": "A", "stock": 3})),
            [json!("A"), Value::Null, json!(3)]
        );
        assert_eq!(
            cells(json!({"stock": 3, "sku": "A", "price": "1.00"})),
            [json!("A"), json!("1.00"), json!(3)]
        );
    }
}
