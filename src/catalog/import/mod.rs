//! `catalog import`: CSV files in four dialects into the catalog, in one transaction.
//!
//! A file is read (`read`, with `scan` watching the bytes for physical lines and bad quotes)
//! through its dialect's reader (`native`, `shopify`, `woocommerce`, `meta`: one file per
//! dialect, where its columns are read), which turns records into `Item`s (`row`): one per
//! sellable SKU, every cell still text with the column it came from, with the fields its
//! file's columns give. Each item then goes through the same steps whatever its dialect, in
//! `item.rs`: the pure check of its cells (`check`), duplicate SKUs in the file
//! (`duplicates`, `--on-duplicate`), its images (`images`), whether it is stored (merged with
//! the stored product when the file leaves columns out: `check::merge`), the --mode; then
//! the writer (`writer`, with `batch` for new products) writes it and queues an outbox entry
//! naming its SKU, or the report (`report`) records why not. Records stream through one
//! reused `csv::ByteRecord`; memory holds a hash per SKU seen (for duplicates, bounded by
//! `seen`) and whatever a dialect must group (one Shopify handle, WooCommerce variable
//! parents). `-` reads stdin (copied to a temporary file first: the duplicate check of
//! --skip-invalid reads a file twice). Speed: see scripts/bench-import.sh.

// One of the crate's two exceptions to `deny(unsafe_code)` (the other: store/sqlite.rs's
// `configure_sqlite`): binding text without a copy, measured in batch.rs's header. Each
// `unsafe` block there says why it is sound.
#[allow(unsafe_code)]
mod batch;
mod check;
mod duplicates;
mod images;
mod item;
pub mod meta;
pub mod native;
mod read;
mod report;
mod row;
mod scan;
mod seen;
pub mod shopify;
pub mod woocommerce;
mod writer;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use csv::ByteRecord;
use encoding_rs::Encoding;
use indicatif::ProgressBar;
use jiff::Timestamp;
use rusqlite::Connection;

pub use self::duplicates::OnDuplicate;
pub use self::read::Dialect;
pub use self::report::{ERROR_CAP, InvalidRows, Report};
pub use self::row::{Cell, Env, Event, Header, Item, RowReader, cell_error, field, slug};

use self::duplicates::{Duplicates, Pairs};
use self::images::Images;
use self::item::FileStyles;
use self::read::Source;
use self::report::Rejects;
use self::writer::Writer;
use super::images::Pickup;
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
    pub on_duplicate: OnDuplicate,
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

/// A file to read: its path and its name in messages (`-` is stdin, copied to a temporary
/// file that lives as long as this).
struct Input {
    path: PathBuf,
    label: String,
    _spooled: Option<tempfile::NamedTempFile>,
}

/// The files to read, with stdin (`-`) copied to a temporary file.
fn inputs(files: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for f in files {
        if f.as_os_str() == "-" {
            if out.iter().any(|i: &Input| i._spooled.is_some()) {
                bail!("stdin (-) can be read only once in an import");
            }
            let mut tmp = tempfile::NamedTempFile::new()
                .context("cannot make a temporary file to hold stdin")?;
            std::io::copy(&mut std::io::stdin().lock(), tmp.as_file_mut())
                .context("cannot read the catalog from stdin")?;
            out.push(Input {
                path: tmp.path().to_path_buf(),
                label: "stdin".to_string(),
                _spooled: Some(tmp),
            });
        } else {
            if !f.is_file() {
                bail!("cannot read {}: no such file", f.display());
            }
            out.push(Input {
                path: f.clone(),
                label: f.display().to_string(),
                _spooled: None,
            });
        }
    }
    Ok(out)
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
    let inputs = inputs(&opts.files)?;
    let total: u64 = inputs
        .iter()
        .map(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0))
        .sum();
    bar.set_length(total);
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
        for input in &inputs {
            run.file(input, bar)?;
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
    styles: FileStyles,
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
            styles: FileStyles::default(),
        })
    }

    /// Reads one file through its dialect and takes each item.
    fn file(&mut self, input: &Input, bar: &ProgressBar) -> Result<()> {
        self.label = input.label.clone();
        self.csv_dir = match input._spooled {
            Some(_) => PathBuf::from("."),
            None => input
                .path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        };
        self.styles = FileStyles::default();
        self.dups.next_file(Default::default())?;
        if self.opts.skip_invalid && self.opts.on_duplicate == OnDuplicate::Error {
            let pairs = self.duplicate_pairs(input)?;
            self.dups.next_file(pairs)?;
        }
        let source = Source::open(
            &input.path,
            &input.label,
            self.opts.encoding,
            self.opts.dialect,
            bar,
        )?;
        self.header = source.header.clone();
        let dialect = source.dialect;
        let env = self.env;
        source.events(env, &mut |ev| self.take(ev))?;
        self.writer.end_of_file()?;
        self.end_of_styles();
        self.report.files.push((input.path.clone(), dialect));
        Ok(())
    }

    /// With --skip-invalid, a first pass over the file: the lines that share a SKU (and the
    /// later copies' titles), so that neither copy is written.
    fn duplicate_pairs(&self, input: &Input) -> Result<(HashMap<u64, u64>, HashMap<u64, String>)> {
        let hidden = ProgressBar::hidden();
        let source = Source::open(
            &input.path,
            &input.label,
            self.opts.encoding,
            self.opts.dialect,
            &hidden,
        )?;
        let mut pairs = Pairs::new(self.conn);
        source.events(self.env, &mut |ev| {
            if let Event::Item(item) = ev {
                let sku = item.sku.text.trim();
                if !sku.is_empty() {
                    pairs.add(self.dups.key(sku), item.line, &item.title.text)?;
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
            Event::Bad {
                line,
                error,
                record,
            } => {
                let errors = [error];
                self.report.reject(&self.label, line, &errors);
                self.write_rejected(&record, &errors)
            }
        }
    }

    /// Writes a rejected record to the --rejects file, when there is one.
    fn write_rejected(&mut self, record: &ByteRecord, errors: &[String]) -> Result<()> {
        if let Some(w) = self.rejects.as_mut() {
            w.write(&self.header, record, errors)?;
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
