//! `catalog import`: CSV files in four dialects into the catalog, in one transaction.
//!
//! A file is read (`read`) through its dialect's reader (`native`, `shopify`, `woocommerce`,
//! `meta`: one file per dialect, where its columns are read), which turns records into `Item`s
//! (`row`): one per sellable SKU, every cell still text with the column it came from. Each item
//! then goes through the same steps whatever its dialect, in `Importer::item` below: the pure
//! check of its cells (`check`), duplicate SKUs in the file (`duplicates`), its images
//! (`images`), the --mode; then the writer (`writer`, with `batch` for new products) writes
//! it and queues an outbox entry naming its SKU, or the report (`report`) records why not.
//! Records stream through one reused `csv::ByteRecord`; memory holds a hash per SKU seen (for
//! duplicates, bounded by `seen`) and whatever a dialect must group (one Shopify handle,
//! WooCommerce variable parents). Speed: see scripts/bench-import.sh.

// The crate's one exception to `deny(unsafe_code)`: binding text without a copy, measured in
// batch.rs's header. Each `unsafe` block there says why it is sound.
#[allow(unsafe_code)]
mod batch;
mod check;
mod duplicates;
mod images;
pub mod meta;
pub mod native;
mod read;
mod report;
mod row;
mod seen;
pub mod shopify;
pub mod woocommerce;
mod writer;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use csv::ByteRecord;
use encoding_rs::Encoding;
use indicatif::ProgressBar;
use jiff::Timestamp;
use rusqlite::Connection;

pub use self::read::Dialect;
pub use self::report::{ERROR_CAP, InvalidRows, Report};
pub use self::row::{Cell, Env, Event, Header, Item, RowReader, cell_error, field, slug};

use self::check::Checked;
use self::duplicates::{Duplicates, FirstCopy, Pairs};
use self::images::Images;
use self::read::Source;
use self::report::{Outcome, Rejects};
use self::writer::Writer;
use super::images::Pickup;
use super::spreadsheet;
use crate::clock;
use crate::money::{Currency, ParseOptions};
use crate::store::Store;

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

/// A dry run's report travels out of the rolled-back transaction as this error.
#[derive(Debug)]
struct DryRun(Report);

impl fmt::Display for DryRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("dry run")
    }
}

impl std::error::Error for DryRun {}

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
        let mut run = Importer::new(tx, opts, &env, pickup, &clock::format(now))?;
        for path in &opts.files {
            run.file(path, bar)?;
        }
        let mut report = run.finish()?;
        report.currency = Some(currency);
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

/// One import across its files: takes each event of a file's dialect reader through the
/// steps to the writer or the report.
struct Importer<'c> {
    conn: &'c Connection,
    opts: &'c Options,
    env: &'c Env,
    writer: Writer<'c>,
    images: Images<'c>,
    dups: Duplicates<'c>,
    report: Report,
    rejects: Option<Rejects>,
    // The file being read.
    label: String,
    csv_dir: PathBuf,
    header: ByteRecord,
}

impl<'c> Importer<'c> {
    fn new(
        conn: &'c Connection,
        opts: &'c Options,
        env: &'c Env,
        pickup: Pickup,
        now: &str,
    ) -> Result<Importer<'c>> {
        let rejects = match (&opts.rejects, opts.skip_invalid || opts.dry_run) {
            (Some(path), true) => Some(Rejects::create(path)?),
            _ => None,
        };
        Ok(Importer {
            conn,
            opts,
            env,
            writer: Writer::new(conn, now)?,
            images: Images::new(conn, opts.images_dir.as_deref(), pickup)?,
            dups: Duplicates::new(conn),
            report: Report::default(),
            rejects,
            label: String::new(),
            csv_dir: PathBuf::new(),
            header: ByteRecord::new(),
        })
    }

    /// Reads one file through its dialect and takes each item.
    fn file(&mut self, path: &Path, bar: &ProgressBar) -> Result<()> {
        self.label = path.display().to_string();
        self.csv_dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        self.dups.next_file(HashMap::new())?;
        if self.opts.skip_invalid {
            let pairs = self.duplicate_pairs(path)?;
            self.dups.next_file(pairs)?;
        }
        let source = Source::open(path, self.opts.encoding, self.opts.dialect, bar)?;
        self.header = source.header.clone();
        let dialect = source.dialect;
        let env = self.env;
        source.events(env, &mut |ev| self.take(ev))?;
        self.writer.end_of_file()?;
        self.report.files.push((path.to_path_buf(), dialect));
        Ok(())
    }

    /// With --skip-invalid, a first pass over the file: the lines that share a SKU, so that
    /// neither copy is written.
    fn duplicate_pairs(&self, path: &Path) -> Result<HashMap<u64, u64>> {
        let hidden = ProgressBar::hidden();
        let source = Source::open(path, self.opts.encoding, self.opts.dialect, &hidden)?;
        let mut pairs = Pairs::new(self.conn);
        source.events(self.env, &mut |ev| {
            if let Event::Item(item) = ev {
                let sku = item.sku.text.trim();
                if !sku.is_empty() {
                    pairs.add(self.dups.key(sku), item.line)?;
                }
            }
            Ok(())
        })?;
        pairs.finish()
    }

    fn take(&mut self, ev: Event) -> Result<()> {
        match ev {
            Event::Item(item) => self.item(*item),
            Event::Skip { line, why } => {
                self.report.skipped += 1;
                self.report.warn(&self.label, line, &why);
                Ok(())
            }
            Event::Warn { line, text } => {
                self.report.warn(&self.label, line, &text);
                Ok(())
            }
        }
    }

    /// One item: its cells checked, its SKU against the file's others, its images resolved,
    /// the --mode applied; then written, or rejected with every error found.
    fn item(&mut self, item: Item) -> Result<()> {
        let mut row = check::check(item, self.env);
        let key = (!row.sku.is_empty()).then(|| self.dups.key(&row.sku));
        let first = self
            .dups
            .check(row.line, key, row.sku_col, &row.sku, &mut row.errors)?;
        if let Some(first) = first {
            self.take_back(first, &row)?;
        }
        let images = self
            .images
            .for_row(&row.images, &row.sku, &self.csv_dir, &mut row.errors);
        let mut product = row.product.take().filter(|_| row.errors.is_empty());
        let stored = match &mut product {
            Some(p) => {
                p.images = images.refs.join(";");
                self.writer.stored(p)?
            }
            None => None,
        };
        if product.is_some()
            && let Some(e) = check::mode(self.opts.mode, stored.is_some(), row.sku_col, &row.sku)
        {
            row.errors.push(e);
        }
        let (Some(product), Some(key), true) = (product, key, row.errors.is_empty()) else {
            self.reject(row.line, &row.errors, row.record.as_ref())?;
            if let (Some(key), None) = (key, first) {
                self.dups.record_rejected(key, row.line)?;
            }
            return Ok(());
        };
        self.report.images_stored += self.images.store(&images.new, self.writer.now())?;
        let formulas = spreadsheet::formula_fields(&product);
        let outcome = self.writer.write(product, stored)?;
        if matches!(outcome, Outcome::Created | Outcome::Updated) {
            for (field, start) in formulas {
                let text = spreadsheet::warning(field, start);
                self.report.warn(&self.label, row.line, &text);
            }
        }
        self.report.count(outcome);
        self.dups.record(key, row.line, outcome)
    }

    /// A SKU's first copy, found again: it is an error too, so take back what it counted.
    fn take_back(&mut self, first: FirstCopy, row: &Checked) -> Result<()> {
        self.report.uncount(first.outcome);
        if first.outcome != Outcome::Rejected {
            let msg = duplicates::message(row.sku_col, &row.sku, row.line);
            self.reject(first.line, &[msg], None)?;
            self.dups.record(first.key, first.line, Outcome::Rejected)?;
        }
        Ok(())
    }

    fn reject(&mut self, line: u64, errors: &[String], record: Option<&ByteRecord>) -> Result<()> {
        self.report.reject(&self.label, line, errors);
        if let (Some(w), Some(rec)) = (self.rejects.as_mut(), record) {
            w.write(&self.header, rec, errors)?;
        }
        Ok(())
    }

    /// The report, once every file is read; the --rejects file is complete.
    fn finish(mut self) -> Result<Report> {
        self.writer.finish()?;
        if let Some(rejects) = self.rejects.take() {
            rejects.finish()?;
        }
        let mut report = self.report;
        report.sort_errors();
        Ok(report)
    }
}
