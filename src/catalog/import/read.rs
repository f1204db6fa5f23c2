//! Reading one CSV file: its encoding and delimiter (`catalog::text`), the header row (after
//! the instruction row Meta's template starts with; a column read twice refuses the file),
//! the dialect (the one asked for, or the one its header matches: `Dialect::detect`), and the
//! records, streamed through the dialect's reader into events one reused `csv::ByteRecord` at
//! a time, each with the physical line it starts on (`scan`). A record with a NUL byte or a
//! quote that does not close is a row error of its own. A new dialect is a variant here, its
//! line in `detect` and `Source::open`, and its own file.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use csv::ByteRecord;
use encoding_rs::Encoding;
use indicatif::ProgressBar;

use super::row::{Env, Event, Header, RowReader};
use super::scan::{BadQuote, Scanned};
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

    /// The dialect a header row belongs to. A whole product's layout first: Shopify (its
    /// newer header also has `SKU`, `Title` and `Price`), then WooCommerce, Meta, and
    /// shopctl's own. Then a file of some columns only (an update: `sku,price`), whose SKU
    /// column and every other column are one dialect's spelling: shopctl's own first (`SKU`
    /// and `Price` mean the same in every dialect), then Shopify, WooCommerce, Meta.
    pub fn detect(header: &Header) -> Option<Dialect> {
        if shopify::matches(header) {
            Some(Dialect::Shopify)
        } else if woocommerce::matches(header) {
            Some(Dialect::WooCommerce)
        } else if meta::matches(header) {
            Some(Dialect::Meta)
        } else if native::matches(header) || native::matches_some(header) {
            Some(Dialect::Native)
        } else if shopify::matches_some(header) {
            Some(Dialect::Shopify)
        } else if woocommerce::matches_some(header) {
            Some(Dialect::WooCommerce)
        } else if meta::matches_some(header) {
            Some(Dialect::Meta)
        } else {
            None
        }
    }
}

/// A file opened and past its header row.
pub struct Source {
    /// The file's name in messages (`stdin` for `-`).
    label: String,
    rdr: csv::Reader<Scanned<Box<dyn Read>>>,
    /// The header row as read (the --rejects file repeats it).
    pub header: ByteRecord,
    names: Vec<String>,
    pub dialect: Dialect,
    reader: Box<dyn RowReader>,
}

impl Source {
    /// Opens `path` (called `label` in messages) and reads its header; `dialect` None:
    /// detect it from the header.
    pub fn open(
        path: &Path,
        label: &str,
        encoding: Option<&'static Encoding>,
        dialect: Option<Dialect>,
        bar: &ProgressBar,
    ) -> Result<Source> {
        let text = text::open(path, encoding, bar)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(text.delimiter)
            .from_reader(Scanned::new(text.reader, text.delimiter));
        let mut rec = ByteRecord::new();
        if !next(&mut rdr, &mut rec, label)? {
            bail!("{label}: the file is empty; expected a header row");
        }
        // Meta's template starts with a row of instructions (`# Required | ...`).
        if rec.get(0).is_some_and(|f| f.starts_with(b"#")) && !next(&mut rdr, &mut rec, label)? {
            bail!("{label}: no header row after the instructions");
        }
        let header_line = rdr.get_mut().line_of(start_of(&rec));
        let header = Header::new(&rec);
        let dialect = match dialect {
            Some(d) => d,
            None => Dialect::detect(&header).with_context(|| {
                let first: Vec<&str> = header.names.iter().take(5).map(String::as_str).collect();
                format!(
                    "{label}: cannot tell which layout this is from its header row (it starts \
                     {:?}); pass --dialect native, shopify, woocommerce or meta",
                    first.join(",")
                )
            })?,
        };
        let reader: Box<dyn RowReader> = match dialect {
            Dialect::Native => Box::new(native::Native::new(&header, label)?),
            Dialect::Shopify => Box::new(shopify::Shopify::new(&header, label)?),
            Dialect::WooCommerce => Box::new(woocommerce::Woo::new(&header, label)?),
            Dialect::Meta => Box::new(meta::Meta::new(&header, label)?),
        };
        if let Some((name, a, b)) = header.read_twice() {
            bail!(
                "{label}:{header_line}: the header has the column \"{name}\" twice (columns {} \
                 and {}), so which one to read is a guess; remove or rename one",
                a + 1,
                b + 1
            );
        }
        Ok(Source {
            label: label.to_string(),
            rdr,
            header: rec,
            names: header.names,
            dialect,
            reader,
        })
    }

    /// Reads the rest of the file, handing each event to `each`. Blank rows are skipped.
    pub fn events(mut self, env: &Env, each: &mut dyn FnMut(Event) -> Result<()>) -> Result<()> {
        let mut rec = ByteRecord::new();
        let mut events = Vec::new();
        while next(&mut self.rdr, &mut rec, &self.label)? {
            let start = start_of(&rec);
            let line = self.rdr.get_mut().line_of(start);
            let end = self.rdr.position().byte();
            if let Some(error) = self.unreadable(&rec, start, end) {
                each(Event::Bad {
                    line,
                    error,
                    record: rec.clone(),
                })?;
                continue;
            }
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
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

    /// Why a record cannot be read as a row: a NUL byte (a binary or UTF-16 file, or a
    /// corrupt one), or a quote that does not close properly.
    fn unreadable(&mut self, rec: &ByteRecord, start: u64, end: u64) -> Option<String> {
        let column = |i: usize| match self.names.get(i) {
            Some(name) if !name.is_empty() => format!("column \"{name}\""),
            _ => format!("column {}", i + 1),
        };
        if memchr::memchr(0, rec.as_slice()).is_some() {
            let i = rec.iter().position(|f| f.contains(&0)).unwrap_or(0);
            return Some(format!(
                "{} has a NUL byte: this is not text (a binary or UTF-16 file, or a damaged \
                 one); save it again as \"CSV UTF-8\"",
                column(i)
            ));
        }
        let bad = self.rdr.get_mut().bad_quote(start, end)?;
        // The cell the csv reader made of it holds the stray quote.
        let i = rec.iter().position(|f| f.contains(&b'"')).unwrap_or(0);
        let value = String::from_utf8_lossy(rec.get(i).unwrap_or_default());
        Some(match bad {
            BadQuote::TextAfter(_) => format!(
                "{} has text after the quote that closes it (read as {value:?}); inside a \
                 quoted cell write a quote as two (\"ti\"\"tle\")",
                column(i)
            ),
            BadQuote::Unclosed(_) => "a quote opened in this row is never closed, so the rest \
                of the file was read as one cell; close it, or write a quote inside a quoted cell \
                as two (\"\")"
                .to_string(),
        })
    }
}

/// Where the csv crate says a record starts.
fn start_of(rec: &ByteRecord) -> u64 {
    rec.position().map_or(0, |p| p.byte())
}

/// Reads the next record into `rec`; false at the end. Bytes that are not UTF-8 (in the
/// encoding `text` decoded from) are an error naming the line.
fn next(
    rdr: &mut csv::Reader<Scanned<Box<dyn Read>>>,
    rec: &mut ByteRecord,
    label: &str,
) -> Result<bool> {
    rdr.read_byte_record(rec)
        .map_err(|e| match text::not_utf8(&e) {
            Some(bad) => anyhow::anyhow!(text::not_utf8_message(Path::new(label), bad)),
            None => anyhow::Error::new(e).context(format!("cannot read {label}")),
        })
}
