//! Reading one CSV file: its encoding and delimiter (`catalog::text`), the header row (after
//! the instruction row Meta's template starts with), the dialect (the one asked for, or the
//! one its header matches: `Dialect::detect`), and the records, streamed through the dialect's
//! reader into events one reused `csv::ByteRecord` at a time. A new dialect is a variant here,
//! its line in `detect` and `Source::open`, and its own file.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use csv::ByteRecord;
use encoding_rs::Encoding;
use indicatif::ProgressBar;

use super::row::{Env, Event, Header, RowReader};
use super::{meta, native, shopify, woocommerce};
use crate::catalog::text;

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

/// A file opened and past its header row.
pub struct Source {
    path: PathBuf,
    rdr: csv::Reader<Box<dyn Read>>,
    /// The header row as read (the --rejects file repeats it).
    pub header: ByteRecord,
    pub dialect: Dialect,
    reader: Box<dyn RowReader>,
}

impl Source {
    /// Opens `path` and reads its header; `dialect` None: detect it from the header.
    pub fn open(
        path: &Path,
        encoding: Option<&'static Encoding>,
        dialect: Option<Dialect>,
        bar: &ProgressBar,
    ) -> Result<Source> {
        let text = text::open(path, encoding, bar)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(text.delimiter)
            .from_reader(text.reader);
        let mut rec = ByteRecord::new();
        if !next(&mut rdr, &mut rec, path)? {
            bail!(
                "{}: the file is empty; expected a header row",
                path.display()
            );
        }
        // Meta's template starts with a row of instructions (`# Required | ...`).
        if rec.get(0).is_some_and(|f| f.starts_with(b"#")) && !next(&mut rdr, &mut rec, path)? {
            bail!("{}: no header row after the instructions", path.display());
        }
        let header = Header::new(&rec);
        let dialect = match dialect {
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
        let reader: Box<dyn RowReader> = match dialect {
            Dialect::Native => Box::new(native::Native::new(&header, &label)?),
            Dialect::Shopify => Box::new(shopify::Shopify::new(&header, &label)?),
            Dialect::WooCommerce => Box::new(woocommerce::Woo::new(&header, &label)?),
            Dialect::Meta => Box::new(meta::Meta::new(&header, &label)?),
        };
        Ok(Source {
            path: path.to_path_buf(),
            rdr,
            header: rec,
            dialect,
            reader,
        })
    }

    /// Reads the rest of the file, handing each event to `each`. Blank rows are skipped.
    pub fn events(mut self, env: &Env, each: &mut dyn FnMut(Event) -> Result<()>) -> Result<()> {
        let mut rec = ByteRecord::new();
        let mut events = Vec::new();
        while next(&mut self.rdr, &mut rec, &self.path)? {
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            let line = rec.position().map_or(0, |p| p.line());
            self.reader.row(line, &rec, env, &mut events)?;
            for ev in events.drain(..) {
                each(ev)?;
            }
        }
        self.reader.finish(env, &mut events)?;
        for ev in events.drain(..) {
            each(ev)?;
        }
        Ok(())
    }
}

/// Reads the next record into `rec`; false at the end. Bytes that are not UTF-8 (in the
/// encoding `text` decoded from) are an error naming the line.
fn next(rdr: &mut csv::Reader<Box<dyn Read>>, rec: &mut ByteRecord, path: &Path) -> Result<bool> {
    rdr.read_byte_record(rec)
        .map_err(|e| match text::not_utf8(&e) {
            Some(bad) => anyhow::anyhow!(text::not_utf8_message(path, bad)),
            None => anyhow::Error::new(e).context(format!("cannot read {}", path.display())),
        })
}
