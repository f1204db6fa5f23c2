//! What a dialect reader hands over: one `Item` per sellable SKU, every cell still text with
//! the column it came from, plus the header lookup, the cell helpers and the `RowReader` trait
//! that each dialect file implements.

use std::cell::RefCell;

use anyhow::Result;
use csv::ByteRecord;

use crate::catalog::FieldSet;
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

/// How an item gives its stock.
#[derive(Clone, Debug)]
pub enum StockCell {
    /// A count as text (empty: 0; `untracked`: not tracked).
    Count(Cell),
    /// Not tracked: the platform does not count it (always sellable).
    Untracked,
}

impl Default for StockCell {
    fn default() -> StockCell {
        StockCell::Count(Cell::default())
    }
}

/// Shopify gives a selling price (`Variant Price`) and a "was" price (`Variant Compare At
/// Price`); a file with only one of those columns leaves the other as stored, and the two
/// are read again as price and sale price (`check::merge`). `price` holds the one given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnePrice {
    /// Both columns, or a dialect with a price and a sale price of its own.
    #[default]
    No,
    /// Only the selling price.
    Selling,
    /// Only the compare-at price.
    CompareAt,
}

/// One sellable item read from a file, before checking.
#[derive(Clone, Debug, Default)]
pub struct Item {
    /// The physical line where the item's record starts.
    pub line: u64,
    pub sku: Cell,
    /// The fields the file's columns give: only these change a product already stored; a
    /// new product takes the defaults for the rest.
    pub present: FieldSet,
    pub group: String,
    pub title: Cell,
    pub description: String,
    /// active | draft | archived (dialects map theirs; anything else is a row error)
    pub status: Cell,
    pub price: Cell,
    /// Empty when not on sale.
    pub sale_price: Cell,
    pub one_price: OnePrice,
    /// Empty: the import's currency.
    pub currency: Cell,
    pub stock: StockCell,
    /// The platform allows stock below zero (Shopify and WooCommerce oversell); elsewhere a
    /// negative count is a row error.
    pub negative_stock: bool,
    pub category: String,
    pub brand: String,
    pub condition: String,
    pub options: String,
    pub availability: String,
    /// The description is plain text that may stand for a stored HTML one (a Meta feed):
    /// when it is that description's plain text, the stored one is kept.
    pub plain_description: bool,
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
    /// A record that cannot be read as a row (a NUL byte, a quote that does not close): a
    /// row error, never a guess.
    Bad {
        line: u64,
        error: String,
        record: ByteRecord,
    },
}

/// The header row, with lookup by any of a column's spellings (case-insensitive).
pub struct Header {
    pub names: Vec<String>,
    lower: Vec<String>,
    /// Columns a reader looked up that the header has twice: which value to read is anyone's
    /// guess, so the file is refused (`read`).
    twice: RefCell<Vec<(String, usize, usize)>>,
}

impl Header {
    pub fn new(rec: &ByteRecord) -> Header {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        let lower = names.iter().map(|n| n.to_lowercase()).collect();
        Header {
            names,
            lower,
            twice: RefCell::new(Vec::new()),
        }
    }

    /// The index and spelling of the first of `spellings` present.
    pub fn find(&self, spellings: &[&'static str]) -> Option<(usize, &'static str)> {
        spellings.iter().find_map(|s| {
            let s_lower = s.to_lowercase();
            let i = self.lower.iter().position(|n| *n == s_lower)?;
            if let Some(j) = self.lower[i + 1..].iter().position(|n| *n == s_lower) {
                let mut twice = self.twice.borrow_mut();
                if !twice.iter().any(|(_, a, _)| *a == i) {
                    twice.push((self.names[i].clone(), i, i + 1 + j));
                }
            }
            Some((i, *s))
        })
    }

    pub fn has(&self, spelling: &str) -> bool {
        let s = spelling.to_lowercase();
        self.lower.contains(&s)
    }

    /// True when every column is one of `known` (any letter case): a file of only these.
    pub fn only(&self, known: &[&str]) -> bool {
        self.lower
            .iter()
            .all(|n| n.is_empty() || known.iter().any(|k| k.eq_ignore_ascii_case(n)))
    }

    /// The first column a reader looked up that appears twice: (name, index, other index).
    pub fn read_twice(&self) -> Option<(String, usize, usize)> {
        self.twice.borrow().first().cloned()
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
        self.money_why(cell).map_err(|(e, _)| e)
    }

    /// `money`, with the parse error behind the message (None: a rule of the catalog's, such
    /// as no negative prices).
    pub fn money_why(&self, cell: &Cell) -> Result<Money, (String, Option<MoneyError>)> {
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

fn parse_money(
    cell: &Cell,
    currency: Currency,
    opts: ParseOptions,
) -> Result<Money, (String, Option<MoneyError>)> {
    match Money::parse(&cell.text, currency, opts) {
        Ok(m) if m.is_negative() => Err((
            cell_error(cell.col, &cell.text, "must not be negative"),
            None,
        )),
        Ok(m) => Ok(m),
        Err(e @ MoneyError::WrongCurrency { found, .. }) => Err((
            format!(
                "{} {e}; this import is in {currency} (pass --currency {found} to import {found} prices)",
                cell.col
            ),
            Some(e),
        )),
        Err(e) => Err((format!("{} {e}", cell.col), Some(e))),
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
