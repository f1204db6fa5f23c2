//! What a dialect reader hands over: one `Item` per sellable SKU, every cell still text with
//! the column it came from, plus the header lookup, the cell helpers and the `RowReader` trait
//! that each dialect file implements.

use anyhow::Result;
use csv::ByteRecord;

use crate::money::{Currency, Money, MoneyError, ParseOptions};

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
