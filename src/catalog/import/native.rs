//! shopctl's own layout: one row per sellable item, columns named as the catalog's fields.
//!
//! `sku, group, title, description, status, price, sale_price, currency, stock, category,
//! brand, condition, options, images, link`. `sku`, `title` and `price` are needed; the rest
//! may be left out. `options` is `Name=Value;Name=Value`; `images` is `;`-separated local paths
//! (relative to the CSV's folder or --images), stored-image names (`HASH.jpg`) or URLs.

use anyhow::{Result, bail};
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, RowReader, field};

/// The native columns, in the order `catalog export` writes them.
pub const COLUMNS: [&str; 15] = [
    "sku",
    "group",
    "title",
    "description",
    "status",
    "price",
    "sale_price",
    "currency",
    "stock",
    "category",
    "brand",
    "condition",
    "options",
    "images",
    "link",
];

pub fn matches(h: &Header) -> bool {
    h.has("sku") && h.has("title") && h.has("price")
}

pub struct Native {
    idx: [Option<usize>; 15],
    warned: Option<String>,
}

impl Native {
    pub fn new(h: &Header, file: &str) -> Result<Native> {
        let mut idx = [None; 15];
        for (k, name) in COLUMNS.iter().enumerate() {
            idx[k] = h.find(&[name]).map(|(i, _)| i);
        }
        for needed in ["sku", "title", "price"] {
            if !h.has(needed) {
                bail!("{file}: the native layout needs a \"{needed}\" column");
            }
        }
        let unknown: Vec<&str> = h
            .names
            .iter()
            .filter(|n| !COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(n)))
            .map(String::as_str)
            .collect();
        let warned = (!unknown.is_empty()).then(|| {
            format!(
                "columns ignored (not in the native layout): {}",
                unknown.join(", ")
            )
        });
        Ok(Native { idx, warned })
    }
}

impl RowReader for Native {
    fn row(&mut self, line: u64, rec: &ByteRecord, env: &Env, out: &mut Vec<Event>) -> Result<()> {
        if let Some(text) = self.warned.take() {
            out.push(Event::Warn { line: 1, text });
        }
        let f = |k: usize| field(rec, self.idx[k]);
        let c = |k: usize| Cell::new(COLUMNS[k], f(k));
        out.push(Event::Item(Box::new(Item {
            line,
            sku: c(0),
            group: f(1).to_string(),
            title: c(2),
            // Descriptions keep their own spacing; only the other cells are trimmed.
            description: self.idx[3]
                .and_then(|i| rec.get(i))
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default(),
            status: c(4),
            price: c(5),
            sale_price: c(6),
            currency: c(7),
            stock: c(8),
            category: f(9).to_string(),
            brand: f(10).to_string(),
            condition: f(11).to_string(),
            options: f(12).to_string(),
            availability: String::new(),
            images: c(13),
            link: f(14).to_string(),
            errors: Vec::new(),
            record: env.keep_records.then(|| rec.clone()),
        })));
        Ok(())
    }

    fn finish(&mut self, _env: &Env, _out: &mut Vec<Event>) -> Result<()> {
        Ok(())
    }
}
