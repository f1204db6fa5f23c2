//! The one renderer: rows and documents as a table for people, JSON or CSV for scripts
//! (DESIGN.md, "Output"), plus the stderr side: warnings, hints and progress bars.
//!
//! Commands build `serde_json::Value`s (objects keep their key order) and hand them here;
//! nothing else in shopctl formats for people or writes to stdout.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::Value;

use crate::error::BrokenPipe;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Debug)]
pub struct Output {
    pub format: Format,
    pub quiet: bool,
    pub verbose: u8,
    /// Bars and colour only for a person watching a terminal.
    pub fancy: bool,
}

impl Output {
    pub fn new(format: Format, quiet: bool, verbose: u8, no_progress: bool) -> Output {
        let fancy = !no_progress
            && !quiet
            && std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Output {
            format,
            quiet,
            verbose,
            fancy,
        }
    }

    /// A list command's rows as typed structs: the struct's serde keys, in field order, are the
    /// JSON keys, the CSV header and the table's columns, so that no column list is kept by
    /// hand. `Default` gives the keys of an empty list (a CSV header still prints).
    pub fn rows<T: Serialize + Default>(&self, rows: impl IntoIterator<Item = T>) -> Result<()> {
        let columns = columns_of::<T>()?;
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let rows = rows
            .into_iter()
            .map(|r| serde_json::to_value(r))
            .collect::<Result<Vec<_>, _>>()?;
        self.list(&columns, &rows)
    }

    /// A list command's rows. `columns` are the keys of each row, so that an empty list still
    /// prints a CSV header.
    pub fn list(&self, columns: &[&str], rows: &[Value]) -> Result<()> {
        match self.format {
            Format::Json => write_stdout(&(serde_json::to_string_pretty(rows)? + "\n")),
            Format::Csv => write_stdout(&csv_rows(columns, rows)?),
            Format::Table => {
                if rows.is_empty() {
                    self.hint("nothing to show");
                    return Ok(());
                }
                write_stdout(&(list_table(columns, rows).to_string() + "\n"))
            }
        }
    }

    /// A `show`, `status` or summary document: one JSON object.
    pub fn object(&self, doc: &Value) -> Result<()> {
        match self.format {
            Format::Json => write_stdout(&(serde_json::to_string_pretty(doc)? + "\n")),
            Format::Csv => {
                let Value::Object(map) = doc else {
                    return write_stdout(&(doc.to_string() + "\n"));
                };
                let columns: Vec<&str> = map.keys().map(String::as_str).collect();
                write_stdout(&csv_rows(&columns, std::slice::from_ref(doc))?)
            }
            Format::Table => write_stdout(&object_table(doc)),
        }
    }

    /// A line for people, on stdout only in table format (scripts asked for JSON or CSV and
    /// get only documents there).
    pub fn say(&self, text: &str) -> Result<()> {
        if self.format == Format::Table && !self.quiet {
            write_stdout(&format!("{text}\n"))
        } else {
            Ok(())
        }
    }

    /// A warning: always on stderr, even with --quiet, because it may matter.
    pub fn warn(&self, text: &str) {
        eprintln!("warning: {text}");
    }

    /// A hint or progress note on stderr; --quiet silences it.
    pub fn hint(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// Detail for -v.
    pub fn verbose(&self, text: &str) {
        if self.verbose > 0 {
            eprintln!("{text}");
        }
    }

    /// A progress bar over `total` bytes (or items), hidden unless a person watches stderr.
    pub fn progress(&self, total: u64, message: &str) -> ProgressBar {
        if !self.fancy {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar.set_message(message.to_string());
        bar
    }
}

/// The serde keys of a row struct, in order.
pub fn columns_of<T: Serialize + Default>() -> Result<Vec<String>> {
    match serde_json::to_value(T::default())? {
        Value::Object(map) => Ok(map.keys().cloned().collect()),
        other => anyhow::bail!("a list row must serialize as an object, not {other}"),
    }
}

/// Writes to stdout; a closed pipe becomes `BrokenPipe` (exit 0, nothing printed).
pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
        Err(e) => Err(e.into()),
    }
}

/// A value as one table cell: timestamps in the local zone (DESIGN.md: stored as UTC, shown
/// in the local zone); JSON and CSV keep RFC 3339 UTC.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => local_time(s).unwrap_or_else(|| s.clone()),
        _ => plain_cell(v),
    }
}

/// `2026-11-20T09:00:00Z` → `2026-11-20 17:00:00 +08` in the local zone; other text is not a
/// stored timestamp and is left alone.
fn local_time(s: &str) -> Option<String> {
    if s.len() != 20 || !s.ends_with('Z') || s.as_bytes()[10] != b'T' {
        return None;
    }
    let ts: jiff::Timestamp = s.parse().ok()?;
    let zoned = ts.to_zoned(jiff::tz::TimeZone::system());
    Some(zoned.strftime("%Y-%m-%d %H:%M:%S %Z").to_string())
}

/// A value as one CSV cell (and a table cell that is not a timestamp).
fn plain_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(plain_cell).collect::<Vec<_>>().join(";")
        }
        Value::Array(items) => format!(
            "{} item{}",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        ),
        Value::Object(_) => v.to_string(),
    }
}

/// CSV cells keep nested structure as JSON rather than a count, so nothing is lost.
fn csv_cell(v: &Value) -> String {
    match v {
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => v.to_string(),
        _ => plain_cell(v),
    }
}

fn csv_rows(columns: &[&str], rows: &[Value]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns)?;
    for row in rows {
        w.write_record(
            columns
                .iter()
                .map(|c| csv_cell(row.get(c).unwrap_or(&Value::Null))),
        )?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn new_table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

fn list_table(columns: &[&str], rows: &[Value]) -> Table {
    let mut t = new_table();
    t.set_header(columns.iter().copied());
    for row in rows {
        t.add_row(
            columns
                .iter()
                .map(|c| cell(row.get(c).unwrap_or(&Value::Null))),
        );
    }
    t
}

/// Scalars as a two-column table; each list of objects as its own table below it.
fn object_table(doc: &Value) -> String {
    let Value::Object(map) = doc else {
        return cell(doc) + "\n";
    };
    let mut t = new_table();
    let mut sections = String::new();
    for (key, value) in map {
        match value {
            Value::Array(items) if items.iter().any(Value::is_object) => {
                let mut columns: Vec<&str> = Vec::new();
                for item in items {
                    if let Value::Object(m) = item {
                        for k in m.keys() {
                            if !columns.contains(&k.as_str()) {
                                columns.push(k);
                            }
                        }
                    }
                }
                sections.push_str(&format!("\n{key}:\n{}\n", list_table(&columns, items)));
            }
            Value::Object(inner) => {
                for (k, v) in inner {
                    t.add_row(vec![format!("{key}.{k}"), cell(v)]);
                }
            }
            _ => {
                t.add_row(vec![key.clone(), cell(value)]);
            }
        }
    }
    format!("{t}\n{sections}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_has_header_even_when_empty_and_keeps_nested_json() {
        assert_eq!(csv_rows(&["sku", "price"], &[]).unwrap(), "sku,price\n");
        let rows =
            [json!({"id": "1001", "lines": [{"sku": "A", "quantity": 2}], "tags": ["x", "y"]})];
        assert_eq!(
            csv_rows(&["id", "lines", "tags"], &rows).unwrap(),
            "id,lines,tags\n1001,\"[{\"\"sku\"\":\"\"A\"\",\"\"quantity\"\":2}]\",x;y\n"
        );
    }

    #[test]
    fn only_table_cells_show_local_time() {
        let v = json!("2026-11-20T09:00:00Z");
        assert_ne!(cell(&v), "2026-11-20T09:00:00Z");
        assert_eq!(plain_cell(&v), "2026-11-20T09:00:00Z");
        assert_eq!(cell(&json!("2026-11-20")), "2026-11-20");
    }

    #[test]
    fn object_table_shows_nested_lists_as_sections() {
        let doc = json!({"id": "1001", "lines": [{"sku": "A", "quantity": 2}]});
        let text = object_table(&doc);
        assert!(text.contains("1001"));
        assert!(text.contains("lines:"));
        assert!(text.contains("quantity"));
    }
}
