//! The one renderer: rows and documents as a table for people, JSON or CSV for scripts
//! (DESIGN.md, "Output"), plus the stderr side: warnings, notes and progress bars.
//!
//! Handlers hand it typed rows (`rows`), data documents (`object`, `document`) and the result
//! of an action (`summary`); nothing else in shopctl writes to stdout. The rules it keeps
//! (CONTRIBUTING.md, "Output conventions"):
//! - tables fit the terminal (`table`): columns in order of importance, dropped from the
//!   right with one note, free text cut short with "…", nothing else split;
//! - JSON: a missing value is `null`; pretty for a person at a terminal, else one compact
//!   document per line (JSON Lines), so that a log of many runs is read line by line;
//! - CSV: the same keys as JSON, never JSON inside a cell;
//! - `--quiet`: nothing but the data a command exists to print, warnings and errors;
//! - with `--format json`, stderr lines are JSON objects too (`{"warning": ...}`,
//!   `{"note": ...}`, and `{"error": ..., "exit_code": ...}` from main).

mod cells;
mod stream;
mod table;

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{BrokenPipe, Usage};
pub use cells::{NOT_IN_TABLES, TEXT_KEYS};
pub use stream::{ListWriter, Page, PageArgs, TABLE_PAGE};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables and sentences for people
    Table,
    /// One JSON document (compact, one per line, when stdout is not a terminal)
    Json,
    /// A header row and rows, the same keys as JSON
    Csv,
}

/// `--columns A,B,C`, for list commands: flatten it into the command's arguments and hand it
/// to `Output::picked`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Pick {
    /// Only these columns, in this order, in every format (e.g. --columns id,status,total)
    #[arg(long, value_delimiter = ',', value_name = "COLUMN,...")]
    pub columns: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct Output {
    pub format: Format,
    pub quiet: bool,
    pub verbose: u8,
    /// Bars and colour only for a person watching a terminal.
    pub fancy: bool,
    /// The width tables must fit: `COLUMNS`, else the terminal's when stdout is one. `None`:
    /// stdout goes to a file or a pipe, and tables are neither cut nor wrapped.
    pub width: Option<usize>,
    /// Pretty JSON for a person at a terminal; one compact line per document otherwise.
    pub pretty: bool,
    pick: Option<Vec<String>>,
    /// "Columns left out" is said once per run, however many tables a command prints.
    noted: Arc<AtomicBool>,
}

/// The width tables fit: `COLUMNS` when set (also when stdout is not a terminal, so that a
/// test or a script can ask for a width), else the terminal's, else none.
fn table_width() -> Option<usize> {
    let env = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    if env.is_some() {
        return env;
    }
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0 as usize)
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
            width: table_width(),
            pretty: std::io::stdout().is_terminal(),
            pick: None,
            noted: Arc::default(),
        }
    }

    /// This output with `--columns` applied to the list it prints.
    pub fn picked(&self, pick: &Pick) -> Output {
        Output {
            pick: pick.columns.clone(),
            ..self.clone()
        }
    }

    /// A list command's rows as typed structs: the struct's serde keys, in field order, are the
    /// JSON keys, the CSV header and the table's columns, so that no column list is kept by
    /// hand. Field order is the order of importance: a narrow table drops columns from the
    /// right. `Default` gives the keys of an empty list (a CSV header still prints).
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
        let picked = self.pick_columns(columns)?;
        match self.format {
            Format::Json => {
                let rows: Vec<Value> = rows
                    .iter()
                    .map(|r| match &picked {
                        Some(keys) => project(r, keys),
                        None => r.clone(),
                    })
                    .collect();
                self.json(&Value::Array(rows))
            }
            Format::Csv => {
                let keys: Vec<&str> = match &picked {
                    Some(keys) => {
                        if let Some(k) = keys.iter().find(|k| holds_records(rows, k)) {
                            return Err(Usage(format!(
                                "the column \"{k}\" is a list of records; only --format json shows it"
                            ))
                            .into());
                        }
                        keys.clone()
                    }
                    None => columns
                        .iter()
                        .copied()
                        .filter(|k| !holds_records(rows, k))
                        .collect(),
                };
                write_stdout(&csv_rows(&keys, rows)?)
            }
            Format::Table => self.table_rows(picked.as_deref().unwrap_or(columns), rows),
        }
    }

    /// A list's rows as a table: `columns` as picked, or all but those left out of tables.
    fn table_rows(&self, columns: &[&str], rows: &[Value]) -> Result<()> {
        if rows.is_empty() {
            self.hint("nothing to show");
            return Ok(());
        }
        let keys: Vec<&str> = match &self.pick {
            Some(_) => columns.to_vec(),
            None => columns
                .iter()
                .copied()
                .filter(|k| !NOT_IN_TABLES.contains(k))
                .collect(),
        };
        self.table(&keys, rows)
    }

    /// `--columns` checked against the list's keys: an unknown name is a usage error (exit 2)
    /// with the nearest name, as clap does for options.
    fn pick_columns<'a>(&self, columns: &[&'a str]) -> Result<Option<Vec<&'a str>>> {
        let Some(pick) = &self.pick else {
            return Ok(None);
        };
        let mut keys = Vec::new();
        for name in pick.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            match columns.iter().find(|c| **c == name) {
                Some(c) => keys.push(*c),
                None => {
                    let near = columns
                        .iter()
                        .map(|c| (strsim::jaro_winkler(name, c), c))
                        .filter(|(score, _)| *score > 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, c)| format!("; did you mean \"{c}\"?"))
                        .unwrap_or_default();
                    return Err(Usage(format!(
                        "unknown column \"{name}\" for --columns{near} (columns: {})",
                        columns.join(", ")
                    ))
                    .into());
                }
            }
        }
        if keys.is_empty() {
            return Err(Usage("--columns names no column".into()).into());
        }
        Ok(Some(keys))
    }

    fn table(&self, keys: &[&str], rows: &[Value]) -> Result<()> {
        let columns = keys
            .iter()
            .map(|k| table::Column {
                header: k.to_string(),
                cells: rows
                    .iter()
                    .map(|r| cells::table_cell(r.get(*k).unwrap_or(&Value::Null)))
                    .collect(),
                key: k.to_string(),
                text: TEXT_KEYS.contains(k),
            })
            .collect();
        let fitted = table::fit(columns, self.width);
        self.note_dropped(&fitted.dropped);
        write_stdout(&(fitted.text + "\n"))
    }

    fn note_dropped(&self, dropped: &[String]) {
        if dropped.is_empty() || self.noted.swap(true, Ordering::Relaxed) {
            return;
        }
        self.hint(&format!(
            "note: {} column{} left out to fit {} columns: {} (--columns picks columns; \
             --format csv or json shows them all)",
            dropped.len(),
            if dropped.len() == 1 { "" } else { "s" },
            self.width.unwrap_or_default(),
            dropped.join(", ")
        ));
    }

    /// A document a command exists to print (`show`, `status`, a report): always printed.
    pub fn object(&self, doc: &Value) -> Result<()> {
        match self.format {
            Format::Json => self.json(doc),
            Format::Csv => write_stdout(&csv_document(doc)?),
            Format::Table => self.document_table(doc),
        }
    }

    /// A data document whose table form is `text` for people (a grouped `status`, a report
    /// in sentences; empty: nothing); JSON and CSV print `doc`. Always printed.
    pub fn document(&self, doc: &Value, text: &str) -> Result<()> {
        match self.format {
            Format::Table if text.is_empty() => Ok(()),
            Format::Table => write_stdout(&ensure_newline(text)),
            _ => self.object(doc),
        }
    }

    /// The result of an action (import, edit, sync, enable...): a sentence for people, the
    /// document for scripts; `--quiet` prints neither (the exit code says how it went).
    pub fn summary(&self, doc: &Value, text: &str) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.document(doc, text)
    }

    /// `summary` of a document too big to be built as a `Value` first (the ids of a million
    /// orders an import made): JSON is written as it is serialized, in bounded memory.
    pub fn summary_of<T: Serialize>(&self, doc: &T, text: &str) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        match self.format {
            Format::Json => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                let written = if self.pretty {
                    serde_json::to_writer_pretty(&mut out, doc)
                } else {
                    serde_json::to_writer(&mut out, doc)
                }
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush());
                match written {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
                    Err(e) => Err(e.into()),
                }
            }
            _ => self.document(&serde_json::to_value(doc)?, text),
        }
    }

    /// The result of an action best shown as the whole document (e.g. the product that
    /// `catalog add` made); `--quiet` prints nothing.
    pub fn summary_object(&self, doc: &Value) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.object(doc)
    }

    /// A line for people, on stdout only in table format (scripts asked for JSON or CSV and
    /// get only documents there); `--quiet` silences it.
    pub fn say(&self, text: &str) -> Result<()> {
        if self.format == Format::Table && !self.quiet {
            write_stdout(&ensure_newline(text))
        } else {
            Ok(())
        }
    }

    /// A warning: always on stderr, even with --quiet, because it may matter.
    pub fn warn(&self, text: &str) {
        self.stderr("warning", text);
    }

    /// A note, a next step or a progress line on stderr; --quiet silences it.
    pub fn hint(&self, text: &str) {
        if !self.quiet {
            self.stderr("note", text);
        }
    }

    /// A note with fields beside it that a log reader may filter on (`serve`'s requests):
    /// `{"note": text, ...fields}` on one line with `--format json`, the text alone for
    /// people; --quiet silences it.
    pub fn note_with(&self, text: &str, fields: Value) {
        if self.quiet {
            return;
        }
        if self.format != Format::Json {
            return self.stderr("note", text);
        }
        let mut line = json!({ "note": text });
        if let (Some(line), Value::Object(fields)) = (line.as_object_mut(), fields) {
            line.extend(fields);
        }
        eprintln!("{line}");
    }

    /// Detail for -v.
    pub fn verbose(&self, text: &str) {
        if self.verbose > 0 {
            self.stderr("note", text);
        }
    }

    /// One stderr line: plain text for people (`warning: ...`), or with `--format json` a
    /// JSON object per line, so that `2>&1` into a log keeps it JSON Lines.
    fn stderr(&self, kind: &str, text: &str) {
        let line = if self.format == Format::Json {
            json!({ kind: text.strip_prefix("note: ").unwrap_or(text) }).to_string()
        } else if kind == "warning" {
            format!("warning: {text}")
        } else {
            text.to_string()
        };
        eprintln!("{line}");
    }

    /// Asks a person at a terminal to confirm: `question [y/N]` on stderr, the answer from
    /// stdin. Without a terminal on stdin and stderr (a script, cron) nobody can answer and
    /// the command goes on, as `--yes` says; callers skip this with `--yes`.
    pub fn confirm(&self, question: &str) -> Result<bool> {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Ok(true);
        }
        let mut err = std::io::stderr().lock();
        write!(err, "{question} [y/N] ")?;
        err.flush()?;
        drop(err);
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        Ok(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))
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

    fn json(&self, doc: &Value) -> Result<()> {
        let doc = cells::Nulls(doc);
        let text = if self.pretty {
            serde_json::to_string_pretty(&doc)?
        } else {
            serde_json::to_string(&doc)?
        };
        write_stdout(&(text + "\n"))
    }

    /// Scalars as a two-column table; each list of records as its own table below it.
    fn document_table(&self, doc: &Value) -> Result<()> {
        let Value::Object(map) = doc else {
            return write_stdout(&(cells::table_cell(doc) + "\n"));
        };
        let mut pairs = Vec::new();
        let mut sections = Vec::new();
        for (key, value) in cells::flatten(map) {
            if NOT_IN_TABLES.contains(&key.as_str()) {
                continue;
            }
            match value {
                // A list of records (lines included) is a table of its own below.
                Value::Array(items) if items.iter().any(Value::is_object) => {
                    sections.push((key, items))
                }
                _ => {
                    let text = TEXT_KEYS.contains(&key.rsplit('.').next().unwrap_or(&key));
                    pairs.push((key, cells::table_cell(value), text));
                }
            }
        }
        if !pairs.is_empty() {
            write_stdout(&(table::key_values(&pairs, self.width) + "\n"))?;
        }
        for (key, items) in sections {
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
            write_stdout(&format!("\n{key}:\n"))?;
            self.table(&columns, items)?;
        }
        Ok(())
    }
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// A row with only `keys`, in that order.
fn project(row: &Value, keys: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for k in keys {
        out.insert(k.to_string(), row.get(*k).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// True when some row's `key` is a list of records (CSV leaves such a column to JSON).
fn holds_records(rows: &[Value], key: &str) -> bool {
    rows.iter().any(|r| match r.get(key) {
        Some(Value::Array(items)) => cells::is_records(items),
        Some(Value::Object(_)) => true,
        _ => false,
    })
}

/// The serde keys of a row struct, in order.
pub fn columns_of<T: Serialize + Default>() -> Result<Vec<String>> {
    match serde_json::to_value(T::default())? {
        Value::Object(map) => Ok(map.keys().cloned().collect()),
        other => anyhow::bail!("a list row must serialize as an object, not {other}"),
    }
}

/// A stored RFC 3339 UTC timestamp as people read it in a sentence: the local zone, to the
/// minute (as in tables). Other text is returned as it is.
pub fn local_time(stored: &str) -> String {
    cells::table_cell(&Value::String(stored.to_string()))
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

/// How `main` prints a failed command's error: `error: ...` for people, or with
/// `--format json` one JSON object (`{"error": ..., "exit_code": N}`) on one line.
pub fn error_line(json: bool, message: &str, exit_code: u8) -> String {
    if json {
        json!({"error": message, "exit_code": exit_code}).to_string()
    } else {
        format!("error: {message}")
    }
}

fn csv_rows(columns: &[&str], rows: &[Value]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns)?;
    for row in rows {
        w.write_record(
            columns
                .iter()
                .map(|c| cells::csv_cell(row.get(*c).unwrap_or(&Value::Null)).unwrap_or_default()),
        )?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// A document as one CSV row: nested objects as `outer.inner` columns; lists of records are
/// left to JSON.
fn csv_document(doc: &Value) -> Result<String> {
    let Value::Object(map) = doc else {
        return Ok(cells::csv_cell(doc).unwrap_or_default() + "\n");
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let entries: Vec<(String, String)> = cells::flatten(map)
        .into_iter()
        .filter_map(|(k, v)| cells::csv_cell(v).map(|c| (k, c)))
        .collect();
    w.write_record(entries.iter().map(|(k, _)| k))?;
    w.write_record(entries.iter().map(|(_, v)| v))?;
    Ok(String::from_utf8(w.into_inner()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_has_header_even_when_empty_and_never_json_in_a_cell() {
        assert_eq!(csv_rows(&["sku", "price"], &[]).unwrap(), "sku,price\n");
        let rows =
            [json!({"id": "1001", "lines": [{"sku": "A", "quantity": 2}], "tags": ["x", "y"]})];
        assert_eq!(
            csv_rows(&["id", "lines", "tags"], &rows).unwrap(),
            "id,lines,tags\n1001,A×2,x;y\n"
        );
        let doc = json!({"id": "1", "sync": {"pending": 2}, "payments": [{"amount": "1.00"}]});
        assert_eq!(csv_document(&doc).unwrap(), "id,sync.pending\n1,2\n");
    }

    #[test]
    fn projection_keeps_the_picked_order() {
        let row = json!({"a": 1, "b": 2, "c": 3});
        assert_eq!(project(&row, &["c", "a"]).to_string(), r#"{"c":3,"a":1}"#);
    }

    #[test]
    fn json_errors_are_one_line() {
        assert_eq!(
            error_line(true, "no shop at x", 1),
            r#"{"error":"no shop at x","exit_code":1}"#
        );
        assert_eq!(error_line(false, "no shop", 1), "error: no shop");
    }
}
