//! `catalog import`: CSV files in four dialects into the catalog, in one transaction.
//!
//! Each dialect module (native, shopify, woocommerce, meta) turns CSV records into `Item`s:
//! one per sellable SKU, with every cell still text and the column it came from. This module
//! checks items the same way whatever their dialect (money, stock, status, images, duplicate
//! SKUs, the mode), writes the valid ones (new products many per INSERT), and queues an
//! outbox entry naming the SKU for every product created or updated. Records stream through
//! one reused `csv::ByteRecord`; memory holds a hash per SKU seen (for duplicates, bounded by
//! `seen`) and whatever a dialect must group (one Shopify handle, WooCommerce variable
//! parents). Speed: see scripts/bench-import.sh.

mod batch;
pub mod meta;
pub mod native;
mod seen;
pub mod shopify;
pub mod woocommerce;

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use csv::ByteRecord;
use encoding_rs::Encoding;
use indicatif::ProgressBar;
use jiff::Timestamp;
use rusqlite::{Connection, Statement, params};

use self::batch::BatchInsert;
use self::seen::Seen;
use super::images::{self, Pickup, Rules};
use super::text;
use super::{IMAGE_BASE_URL, Product};
use crate::clock;
use crate::money::{Currency, Money, MoneyError, ParseOptions};
use crate::store::{Store, outbox, shop};

/// How many row errors are kept for the report; the rest are counted.
pub const ERROR_CAP: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Native,
    Shopify,
    WooCommerce,
    Meta,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Native => "native",
            Dialect::Shopify => "shopify",
            Dialect::WooCommerce => "woocommerce",
            Dialect::Meta => "meta",
        }
    }

    /// The dialect a header row belongs to. Shopify first (its newer header also has `SKU`,
    /// `Title` and `Price`), then WooCommerce, Meta, and shopctl's own.
    pub fn detect(header: &Header) -> Option<Dialect> {
        if shopify::matches(header) {
            Some(Dialect::Shopify)
        } else if woocommerce::matches(header) {
            Some(Dialect::WooCommerce)
        } else if meta::matches(header) {
            Some(Dialect::Meta)
        } else if native::matches(header) {
            Some(Dialect::Native)
        } else {
            None
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Upsert,
    Create,
    Update,
}

/// What `catalog import` was asked to do, resolved from the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub files: Vec<PathBuf>,
    pub images_dir: Option<PathBuf>,
    /// None: detect from each file's header.
    pub dialect: Option<Dialect>,
    pub mode: Mode,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub rejects: Option<PathBuf>,
    /// None: the shop's currency.
    pub currency: Option<Currency>,
    pub decimal_comma: bool,
    pub encoding: Option<&'static Encoding>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<(PathBuf, Dialect)>,
    pub currency: Option<Currency>,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Rows that are not sellable items (WooCommerce grouped products).
    pub skipped: u64,
    pub images_stored: u64,
    /// `file:line: Column "value": reason`, the first `ERROR_CAP` of them.
    pub errors: Vec<String>,
    pub error_count: u64,
    pub warnings: Vec<String>,
    pub warning_count: u64,
    pub dry_run: bool,
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

/// A dry run's report travels out of the rolled-back transaction as this error.
#[derive(Debug)]
struct DryRun(Report);

impl fmt::Display for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("dry run")
    }
}

impl std::error::Error for DryRun {}

/// A cell and the column it came from, for error messages.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub col: &'static str,
    pub text: String,
}

impl Cell {
    pub fn new(col: &'static str, text: impl Into<String>) -> Cell {
        Cell {
            col,
            text: text.into(),
        }
    }
}

/// One sellable item read from a file, before checking.
#[derive(Clone, Debug, Default)]
pub struct Item {
    /// The line where the item's record starts.
    pub line: u64,
    pub sku: Cell,
    pub group: String,
    pub title: Cell,
    pub description: String,
    /// active | draft | archived (dialects map theirs; anything else is a row error)
    pub status: Cell,
    pub price: Cell,
    /// Empty when not on sale.
    pub sale_price: Cell,
    /// Empty: the import's currency.
    pub currency: Cell,
    /// Empty: 0.
    pub stock: Cell,
    pub category: String,
    pub brand: String,
    pub condition: String,
    pub options: String,
    pub availability: String,
    /// `;`-separated local paths, stored hashes or URLs.
    pub images: Cell,
    pub link: String,
    /// Errors the dialect found, as `Column "value": reason`.
    pub errors: Vec<String>,
    /// The source record, kept only when rejected rows go to a --rejects file.
    pub record: Option<ByteRecord>,
}

/// What a dialect reader hands back per record.
#[derive(Debug)]
pub enum Event {
    Item(Box<Item>),
    /// A row that is not a sellable item (a WooCommerce grouped product), with why.
    Skip {
        line: u64,
        why: String,
    },
    Warn {
        line: u64,
        text: String,
    },
}

/// The header row, with lookup by any of a column's spellings (case-insensitive).
pub struct Header {
    pub names: Vec<String>,
    lower: Vec<String>,
}

impl Header {
    pub fn new(rec: &ByteRecord) -> Header {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        let lower = names.iter().map(|n| n.to_lowercase()).collect();
        Header { names, lower }
    }

    /// The index and spelling of the first of `spellings` present.
    pub fn find(&self, spellings: &[&'static str]) -> Option<(usize, &'static str)> {
        spellings.iter().find_map(|s| {
            let s_lower = s.to_lowercase();
            self.lower
                .iter()
                .position(|n| *n == s_lower)
                .map(|i| (i, *s))
        })
    }

    pub fn has(&self, spelling: &str) -> bool {
        let s = spelling.to_lowercase();
        self.lower.contains(&s)
    }
}

/// What dialect readers need besides the record.
pub struct Env {
    pub currency: Currency,
    pub parse: ParseOptions,
    pub keep_records: bool,
}

impl Env {
    pub fn money(&self, cell: &Cell) -> Result<Money, String> {
        parse_money(cell, self.currency, self.parse)
    }
}

/// A dialect's reader: records in, events out.
pub trait RowReader {
    fn row(&mut self, line: u64, rec: &ByteRecord, env: &Env, out: &mut Vec<Event>) -> Result<()>;
    /// The end of the file: emit whatever was held back.
    fn finish(&mut self, env: &Env, out: &mut Vec<Event>) -> Result<()>;
}

/// A field as text, trimmed. The stream is UTF-8 by now and fields split on ASCII bytes.
pub fn field(rec: &ByteRecord, idx: Option<usize>) -> &str {
    idx.and_then(|i| rec.get(i))
        .map(|b| std::str::from_utf8(b).unwrap_or(""))
        .unwrap_or("")
        .trim()
}

/// `Column "value": reason`.
pub fn cell_error(col: &str, value: &str, reason: &str) -> String {
    format!("{col} \"{value}\": {reason}")
}

fn parse_money(cell: &Cell, currency: Currency, opts: ParseOptions) -> Result<Money, String> {
    match Money::parse(&cell.text, currency, opts) {
        Ok(m) if m.is_negative() => Err(cell_error(cell.col, &cell.text, "must not be negative")),
        Ok(m) => Ok(m),
        Err(e @ MoneyError::WrongCurrency { found, .. }) => Err(format!(
            "{} {e}; this import is in {currency} (pass --currency {found} to import {found} prices)",
            cell.col
        )),
        Err(e) => Err(format!("{} {e}", cell.col)),
    }
}

/// A slug for a derived SKU: letters, digits and `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Imports the files in one transaction: all of it, or (with invalid rows and no
/// --skip-invalid) nothing. A dry run does the same work and rolls it back.
pub fn import(
    store: &mut Store,
    opts: &Options,
    now: Timestamp,
    bar: &ProgressBar,
) -> Result<Report> {
    let shop = store.shop()?;
    let currency = opts.currency.unwrap_or(shop.currency);
    let total: u64 = opts
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    bar.set_length(total);
    for f in &opts.files {
        if !f.is_file() {
            bail!("cannot read {}: no such file", f.display());
        }
    }
    let pickup = match &opts.images_dir {
        Some(dir) => Pickup::scan(dir)?,
        None => Pickup::default(),
    };
    let env = Env {
        currency,
        parse: ParseOptions {
            decimal_comma: opts.decimal_comma,
        },
        keep_records: opts.rejects.is_some(),
    };
    let result = store.write(|tx| {
        let mut w = Writer::new(tx, opts, &env, pickup, now)?;
        w.report.currency = Some(currency);
        for path in &opts.files {
            w.file(path, bar)?;
        }
        if let Some(rejects) = w.rejects.take() {
            rejects.into_inner().map_err(|e| e.into_error())?;
        }
        let mut report = std::mem::take(&mut w.report);
        report.errors.sort_by_key(|e| line_key(e));
        if opts.dry_run {
            report.dry_run = true;
            return Err(anyhow::Error::new(DryRun(report)));
        }
        if report.rejected > 0 && !opts.skip_invalid {
            return Err(anyhow::Error::new(InvalidRows(report)));
        }
        Ok(report)
    });
    bar.finish_and_clear();
    match result {
        Ok(r) => Ok(r),
        Err(e) => match e.downcast::<DryRun>() {
            Ok(DryRun(report)) => Ok(report),
            Err(e) => Err(e),
        },
    }
}

/// Sorts `file:line: ...` messages by file then line number.
fn line_key(msg: &str) -> (String, u64) {
    let mut parts = msg.splitn(3, ':');
    let file = parts.next().unwrap_or("").to_string();
    let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    (file, line)
}

/// How a row ended, kept with each SKU hash so a later duplicate can take it back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Created = 0,
    Updated = 1,
    Unchanged = 2,
    Rejected = 3,
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

/// New products per INSERT statement.
const INSERT_BATCH: usize = 64;

const SELECT_SQL: &str = "SELECT sku, group_id, title, description, status, price, sale_price, \
    currency, stock, category, brand, condition, options, images, link, availability \
    FROM products WHERE sku = ?1";

struct Writer<'c> {
    conn: &'c Connection,
    opts: &'c Options,
    env: &'c Env,
    select: Statement<'c>,
    /// Products new to the catalog, written `INSERT_BATCH` per statement, with their outbox
    /// entries.
    created: Vec<Product>,
    /// The INSERT of a full batch, prepared at the first one.
    insert_full: Option<BatchInsert<'c>>,
    /// Queues the products created since rowid ?2 (the products of the last batch).
    queue_created: Statement<'c>,
    /// The highest products rowid so far.
    last_rowid: i64,
    update: Statement<'c>,
    outbox: outbox::ProductQueue<'c>,
    /// The catalog was empty when the import began and this is its first file: a SKU not seen
    /// earlier in the file is new, with no need to look it up.
    fresh: bool,
    now: String,
    base_url: Option<String>,
    rules: Rules,
    pickup: Pickup,
    hasher: std::collections::hash_map::RandomState,
    /// SKU hash → first line and outcome, for duplicates within one file. 64-bit hashes keep
    /// a million SKUs in a few tens of MB; a false match needs a 1-in-10^12 collision.
    seen: Seen<'c>,
    /// With --skip-invalid: line → the other line of its duplicate, found by a first pass so
    /// that neither copy is written.
    known_dups: HashMap<u64, u64>,
    report: Report,
    rejects: Option<csv::Writer<std::fs::File>>,
    rejects_header_written: bool,
    // The file being read.
    label: String,
    csv_dir: PathBuf,
    header: ByteRecord,
}

impl<'c> Writer<'c> {
    fn new(
        conn: &'c Connection,
        opts: &'c Options,
        env: &'c Env,
        pickup: Pickup,
        now: Timestamp,
    ) -> Result<Writer<'c>> {
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM products)", [], |r| {
                r.get(0)
            })?;
        let rejects = match (&opts.rejects, opts.skip_invalid || opts.dry_run) {
            (Some(path), true) => Some(
                csv::WriterBuilder::new()
                    .flexible(true)
                    .from_path(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            ),
            _ => None,
        };
        Ok(Writer {
            conn,
            opts,
            env,
            select: conn.prepare(SELECT_SQL)?,
            created: Vec::with_capacity(INSERT_BATCH),
            insert_full: None,
            queue_created: conn.prepare(
                "INSERT OR FAIL INTO outbox (kind, created_at, subject) \
                 SELECT 'product_upsert', ?1, sku FROM products WHERE rowid > ?2 ORDER BY rowid",
            )?,
            last_rowid: conn.query_row(
                "SELECT coalesce(max(rowid), 0) FROM products",
                [],
                |r| r.get(0),
            )?,
            update: conn.prepare(
                "UPDATE products SET group_id = ?2, title = ?3, description = ?4, status = ?5, \
                 price = ?6, sale_price = ?7, currency = ?8, stock = ?9, category = ?10, \
                 brand = ?11, condition = ?12, options = ?13, images = ?14, link = ?15, \
                 availability = ?16, updated_at = ?17 WHERE sku = ?1",
            )?,
            outbox: outbox::ProductQueue::new(conn, &clock::format(now)),
            fresh: empty,
            now: clock::format(now),
            base_url: shop::setting(conn, IMAGE_BASE_URL)?,
            rules: Rules::load(conn)?,
            pickup,
            hasher: Default::default(),
            seen: Seen::new(conn, "temp.import_seen"),
            known_dups: HashMap::new(),
            report: Report::default(),
            rejects,
            rejects_header_written: false,
            label: String::new(),
            csv_dir: PathBuf::new(),
            header: ByteRecord::new(),
        })
    }

    fn sku_hash(&self, sku: &str) -> u64 {
        self.hasher.hash_one(sku)
    }

    /// Reads one file through its dialect and takes each item.
    fn file(&mut self, path: &Path, bar: &ProgressBar) -> Result<()> {
        self.label = path.display().to_string();
        self.csv_dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        self.seen.clear()?;
        self.known_dups.clear();
        if self.opts.skip_invalid {
            // First pass: find duplicate SKUs, so that neither copy is written.
            let hidden = ProgressBar::hidden();
            let mut lines = Seen::new(self.conn, "temp.import_seen_lines");
            let mut dups = HashMap::new();
            let dialect = self.read(path, &hidden, &mut |w, ev| {
                if let Event::Item(item) = ev {
                    let sku = item.sku.text.trim();
                    if !sku.is_empty() {
                        let h = w.sku_hash(sku);
                        match lines.get(h)? {
                            Some(first) => {
                                dups.insert(item.line, first);
                                dups.entry(first).or_insert(item.line);
                            }
                            None => lines.insert(h, item.line)?,
                        }
                    }
                }
                Ok(())
            })?;
            let _ = dialect;
            lines.clear()?;
            self.known_dups = dups;
        }
        let dialect = self.read(path, bar, &mut |w, ev| w.take(ev))?;
        self.flush()?;
        self.report.files.push((path.to_path_buf(), dialect));
        // A later file may repeat this one's SKUs; they exist now.
        self.fresh = false;
        Ok(())
    }

    /// Streams `path` and hands each event to `each`.
    fn read(
        &mut self,
        path: &Path,
        bar: &ProgressBar,
        each: &mut dyn FnMut(&mut Self, Event) -> Result<()>,
    ) -> Result<Dialect> {
        let text = text::open(path, self.opts.encoding, bar)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(text.delimiter)
            .from_reader(text.reader);
        let mut rec = ByteRecord::new();
        let read = |rdr: &mut csv::Reader<_>, rec: &mut ByteRecord| -> Result<bool> {
            rdr.read_byte_record(rec)
                .map_err(|e| match text::not_utf8(&e) {
                    Some(bad) => anyhow::anyhow!(text::not_utf8_message(path, bad)),
                    None => {
                        anyhow::Error::new(e).context(format!("cannot read {}", path.display()))
                    }
                })
        };
        if !read(&mut rdr, &mut rec)? {
            bail!(
                "{}: the file is empty; expected a header row",
                path.display()
            );
        }
        // Meta's template starts with a row of instructions (`# Required | ...`).
        if rec.get(0).is_some_and(|f| f.starts_with(b"#")) && !read(&mut rdr, &mut rec)? {
            bail!("{}: no header row after the instructions", path.display());
        }
        let header = Header::new(&rec);
        self.header = rec.clone();
        let dialect = match self.opts.dialect {
            Some(d) => d,
            None => Dialect::detect(&header).with_context(|| {
                let first: Vec<&str> = header.names.iter().take(5).map(String::as_str).collect();
                format!(
                    "{}: cannot tell which layout this is from its header row (it starts {:?}); \
                     pass --dialect native, shopify, woocommerce or meta",
                    path.display(),
                    first.join(",")
                )
            })?,
        };
        let label = path.display().to_string();
        let mut reader: Box<dyn RowReader> = match dialect {
            Dialect::Native => Box::new(native::Native::new(&header, &label)?),
            Dialect::Shopify => Box::new(shopify::Shopify::new(&header, &label)?),
            Dialect::WooCommerce => Box::new(woocommerce::Woo::new(&header, &label)?),
            Dialect::Meta => Box::new(meta::Meta::new(&header, &label)?),
        };
        let mut events = Vec::new();
        while read(&mut rdr, &mut rec)? {
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            let line = rec.position().map_or(0, |p| p.line());
            reader.row(line, &rec, self.env, &mut events)?;
            for ev in events.drain(..) {
                each(self, ev)?;
            }
        }
        reader.finish(self.env, &mut events)?;
        for ev in events.drain(..) {
            each(self, ev)?;
        }
        Ok(dialect)
    }

    fn warn(&mut self, line: u64, text: &str) {
        self.report.warning_count += 1;
        if self.report.warnings.len() < ERROR_CAP {
            self.report
                .warnings
                .push(format!("{}:{line}: {text}", self.label));
        }
    }

    fn take(&mut self, ev: Event) -> Result<()> {
        match ev {
            Event::Item(item) => self.item(*item),
            Event::Skip { line, why } => {
                self.report.skipped += 1;
                self.warn(line, &why);
                Ok(())
            }
            Event::Warn { line, text } => {
                self.warn(line, &text);
                Ok(())
            }
        }
    }

    fn reject(&mut self, line: u64, errors: &[String], record: Option<&ByteRecord>) -> Result<()> {
        self.report.rejected += 1;
        for e in errors {
            self.report.error_count += 1;
            if self.report.errors.len() < ERROR_CAP {
                self.report
                    .errors
                    .push(format!("{}:{line}: {e}", self.label));
            }
        }
        if let (Some(w), Some(rec)) = (self.rejects.as_mut(), record) {
            if !self.rejects_header_written {
                let mut h = self.header.clone();
                h.push_field(b"error");
                w.write_byte_record(&h)?;
                self.rejects_header_written = true;
            }
            let mut r = rec.clone();
            r.push_field(errors.join("; ").as_bytes());
            w.write_byte_record(&r)?;
        }
        Ok(())
    }

    fn item(&mut self, item: Item) -> Result<()> {
        let mut item = item;
        let mut errors = std::mem::take(&mut item.errors);
        let sku = item.sku.text.trim().to_string();
        let currency = self.env.currency;
        if sku.is_empty() {
            errors.push(cell_error(item.sku.col, "", "a SKU is needed"));
        } else if sku.chars().any(char::is_control) {
            errors.push(cell_error(item.sku.col, &sku, "has a control character"));
        }
        if item.title.text.is_empty() {
            errors.push(cell_error(item.title.col, "", "a title is needed"));
        }
        // The import's own code, the common case, needs no lookup in the ISO table.
        if !item.currency.text.is_empty() && item.currency.text != currency.code() {
            match Currency::from_code(&item.currency.text) {
                Ok(c) if c == currency => {}
                Ok(c) => errors.push(cell_error(
                    item.currency.col,
                    &item.currency.text,
                    &format!(
                        "this import is in {currency}; pass --currency {c} to import {c} prices"
                    ),
                )),
                Err(e) => errors.push(format!("{} {e}", item.currency.col)),
            }
        }
        let price = match self.env.money(&item.price) {
            Ok(m) => Some(m),
            Err(e) => {
                errors.push(if item.price.text.is_empty() {
                    cell_error(item.price.col, "", "a price is needed")
                } else {
                    e
                });
                None
            }
        };
        let sale_price = if item.sale_price.text.is_empty() {
            None
        } else {
            match self.env.money(&item.sale_price) {
                Ok(m) => {
                    if let Some(p) = price
                        && m.minor > p.minor
                    {
                        errors.push(cell_error(
                            item.sale_price.col,
                            &item.sale_price.text,
                            &format!("is above the price {}", p.to_major_string()),
                        ));
                    }
                    Some(m)
                }
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        };
        let stock = if item.stock.text.is_empty() {
            0
        } else {
            match item.stock.text.parse::<i64>() {
                Ok(n) => n,
                Err(_) => {
                    errors.push(cell_error(
                        item.stock.col,
                        &item.stock.text,
                        "is not a whole number",
                    ));
                    0
                }
            }
        };
        let status = match item.status.text.as_str() {
            "" => "active",
            s @ ("active" | "draft" | "archived") => s,
            other => {
                errors.push(cell_error(
                    item.status.col,
                    other,
                    "expected active, draft or archived",
                ));
                "active"
            }
        };
        // Duplicates within the file: an error on both lines.
        let mut first_of_dup = None;
        if let Some(&other) = self.known_dups.get(&item.line) {
            errors.push(cell_error(
                item.sku.col,
                &sku,
                &format!("the same SKU is on line {other} of this file"),
            ));
        } else if !sku.is_empty() {
            let h = self.sku_hash(&sku);
            if let Some(v) = self.seen.get(h)? {
                let (first_line, outcome) = unpack(v);
                errors.push(cell_error(
                    item.sku.col,
                    &sku,
                    &format!("the same SKU is on line {first_line} of this file"),
                ));
                first_of_dup = Some((h, first_line, outcome));
            }
        }
        if let Some((h, first_line, outcome)) = first_of_dup {
            // Take back what the first copy counted; it is an error too.
            match outcome {
                Outcome::Created => self.report.created -= 1,
                Outcome::Updated => self.report.updated -= 1,
                Outcome::Unchanged => self.report.unchanged -= 1,
                Outcome::Rejected => {}
            }
            if outcome != Outcome::Rejected {
                let msg = cell_error(
                    item.sku.col,
                    &sku,
                    &format!("the same SKU is on line {} of this file", item.line),
                );
                self.reject(first_line, &[msg], None)?;
                self.seen.insert(h, pack(first_line, Outcome::Rejected))?;
            }
        }
        // Images: checked for every row, stored only for valid ones.
        let mut refs: Vec<String> = Vec::new();
        let mut new_images: Vec<images::Checked> = Vec::new();
        for entry in item
            .images
            .text
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            match self.resolve_image(entry) {
                Ok(Resolved::Link(s)) => push_unique(&mut refs, s),
                Ok(Resolved::New(img)) => {
                    push_unique(&mut refs, img.hash.clone());
                    new_images.push(img);
                }
                Err(reason) => errors.push(cell_error(item.images.col, entry, &reason)),
            }
        }
        if !sku.is_empty() && !self.pickup.is_empty() {
            let files: Vec<PathBuf> = self.pickup.for_sku(&sku).map(Path::to_path_buf).collect();
            for path in files {
                match read_image(&path, self.rules) {
                    Ok(img) => {
                        push_unique(&mut refs, img.hash.clone());
                        new_images.push(img);
                    }
                    Err(reason) => errors.push(format!("image {}: {reason}", path.display())),
                }
            }
        }
        let product = errors.is_empty().then(|| Product {
            sku: sku.clone(),
            group: std::mem::take(&mut item.group),
            title: std::mem::take(&mut item.title.text),
            description: std::mem::take(&mut item.description),
            status: status.to_string(),
            price: price.expect("no errors, so a price"),
            sale_price,
            stock,
            category: std::mem::take(&mut item.category),
            brand: std::mem::take(&mut item.brand),
            condition: std::mem::take(&mut item.condition),
            options: std::mem::take(&mut item.options),
            availability: std::mem::take(&mut item.availability),
            images: refs.join(";"),
            link: std::mem::take(&mut item.link),
        });
        // Some(true): stored and the same; Some(false): stored and different; None: new.
        let existing = match &product {
            Some(p) if !self.fresh => self.compare(p)?,
            _ => None,
        };
        if errors.is_empty() {
            match (self.opts.mode, existing.is_some()) {
                (Mode::Create, true) => errors.push(cell_error(
                    item.sku.col,
                    &sku,
                    "is already in the catalog (--mode create only adds new products)",
                )),
                (Mode::Update, false) => errors.push(cell_error(
                    item.sku.col,
                    &sku,
                    "is not in the catalog (--mode update only changes existing products)",
                )),
                _ => {}
            }
        }
        if !errors.is_empty() {
            self.reject(item.line, &errors, item.record.as_ref())?;
            if !sku.is_empty() && first_of_dup.is_none() {
                let h = self.sku_hash(&sku);
                if self.seen.get(h)?.is_none() {
                    self.seen.insert(h, pack(item.line, Outcome::Rejected))?;
                }
            }
            return Ok(());
        }
        let product = product.expect("no errors, so a product");
        for img in &new_images {
            if images::store(self.conn, img, &self.now)? {
                self.report.images_stored += 1;
            }
        }
        let outcome = match existing {
            Some(true) => {
                self.report.unchanged += 1;
                Outcome::Unchanged
            }
            Some(false) => {
                self.update(&product)?;
                self.report.updated += 1;
                Outcome::Updated
            }
            None => {
                self.created.push(product);
                if self.created.len() == INSERT_BATCH {
                    self.flush_created()?;
                }
                self.report.created += 1;
                Outcome::Created
            }
        };
        let h = self.sku_hash(&sku);
        self.seen.insert(h, pack(item.line, outcome))?;
        Ok(())
    }

    /// Whether `p` is stored (None: no) and the same as stored, compared in place: a
    /// re-import of a big file is mostly this, and building a `Product` of each row would be
    /// most of its cost.
    fn compare(&mut self, p: &Product) -> Result<Option<bool>> {
        let mut rows = self.select.query([&p.sku])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let text = |i: usize, s: &str| -> Result<bool> { Ok(r.get_ref(i)?.as_str()? == s) };
        let same = text(1, &p.group)?
            && text(2, &p.title)?
            && text(3, &p.description)?
            && text(4, &p.status)?
            && r.get::<_, i64>(5)? == p.price.minor
            && r.get::<_, Option<i64>>(6)? == p.sale_price.map(|m| m.minor)
            && text(7, p.price.currency.code())?
            && r.get::<_, i64>(8)? == p.stock
            && text(9, &p.category)?
            && text(10, &p.brand)?
            && text(11, &p.condition)?
            && text(12, &p.options)?
            && text(13, &p.images)?
            && text(14, &p.link)?
            && text(15, &p.availability)?;
        Ok(Some(same))
    }

    fn update(&mut self, p: &Product) -> Result<()> {
        self.update.execute(params![
            p.sku,
            p.group,
            p.title,
            p.description,
            p.status,
            p.price.minor,
            p.sale_price.map(|m| m.minor),
            p.price.currency.code(),
            p.stock,
            p.category,
            p.brand,
            p.condition,
            p.options,
            p.images,
            p.link,
            p.availability,
            self.now,
        ])?;
        // The entry names the SKU only; the push reads the product as it is then.
        self.outbox.push(&p.sku)
    }

    /// Writes the new products held back so far, many per statement: per-statement work
    /// is most of what a single-row INSERT costs.
    fn flush_created(&mut self) -> Result<()> {
        if self.created.is_empty() {
            return Ok(());
        }
        let n = self.created.len();
        let mut partial;
        let stmt = if n == INSERT_BATCH {
            match &mut self.insert_full {
                Some(s) => s,
                full => full.insert(BatchInsert::new(self.conn, n)?),
            }
        } else {
            partial = BatchInsert::new(self.conn, n)?;
            &mut partial
        };
        stmt.insert(&self.created, &self.now)?;
        self.created.clear();
        // Their outbox entries, in one statement from the rows just written: new rows take
        // the next rowids, in order.
        let after = self.last_rowid;
        self.last_rowid = self.conn.last_insert_rowid();
        self.queue_created.execute(params![self.now, after])?;
        Ok(())
    }

    /// Writes everything held back: at the end of each file.
    fn flush(&mut self) -> Result<()> {
        self.flush_created()?;
        self.outbox.flush()
    }

    fn resolve_image(&self, entry: &str) -> Result<Resolved, String> {
        if entry.contains("://") {
            // A link under the shop's own base URL is a stored image (an export of this shop).
            if let Some(base) = &self.base_url
                && let Some(file) = entry.strip_prefix(base.trim_end_matches('/'))
            {
                let stem = file.trim_start_matches('/');
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                if images::is_hash(stem) && images::exists(self.conn, stem).unwrap_or(false) {
                    return Ok(Resolved::Link(stem.to_string()));
                }
            }
            return Ok(Resolved::Link(entry.to_string()));
        }
        let mut looked = Vec::new();
        let dirs = self
            .opts
            .images_dir
            .iter()
            .chain(std::iter::once(&self.csv_dir));
        for dir in dirs {
            let path = dir.join(entry);
            if path.is_file() {
                return read_image(&path, self.rules).map(Resolved::New);
            }
            looked.push(dir.display().to_string());
        }
        // A stored image's hash (what `catalog export` writes, with or without extension).
        let stem = entry
            .strip_suffix(".jpg")
            .or_else(|| entry.strip_suffix(".png"))
            .unwrap_or(entry);
        if images::is_hash(stem) && images::exists(self.conn, stem).unwrap_or(false) {
            return Ok(Resolved::Link(stem.to_string()));
        }
        Err(format!(
            "no such file (looked in {}); pass --images DIR for the folder that holds it",
            looked.join(" and ")
        ))
    }
}

enum Resolved {
    /// A URL kept as a link, or the hash of an image already stored.
    Link(String),
    New(images::Checked),
}

fn push_unique(list: &mut Vec<String>, s: String) {
    if !list.contains(&s) {
        list.push(s);
    }
}

fn read_image(path: &Path, rules: Rules) -> Result<images::Checked, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("cannot read it ({e})"))?
        .len();
    // Checked before reading: a huge file is not pulled into memory to be refused.
    if len > rules.max_bytes {
        return Err(images::too_large(len, rules));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it ({e})"))?;
    images::check(bytes, rules)
}
