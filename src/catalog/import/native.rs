//! shopctl's own layout: one row per sellable item, columns named as the catalog's fields.
//!
//! `sku, group, title, description, status, price, sale_price, currency, stock, category,
//! brand, condition, options, images, link, availability`. `sku` is needed; a new product also
//! needs a title and a price. A column left out keeps what a stored product has (a `sku,price`
//! file changes prices only). `stock` is a count or `untracked`; `options` is
//! `Name=Value;Name=Value`; `images` is `;`-separated local paths (relative to the CSV's folder
//! or --images), stored-image names (`HASH.jpg`) or URLs; `availability` is Meta's, when it
//! says more than the stock does (`preorder`).

use anyhow::{Result, bail};
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, RowReader, StockCell, field};
use crate::catalog::{Field, FieldSet};

/// The native columns, in the order `catalog export` writes them.
pub const COLUMNS: [&str; 16] = [
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
    "availability",
];

/// The product field each column after `sku` gives (`currency` only checks the prices).
const FIELDS: [Option<Field>; 16] = [
    None,
    Some(Field::Group),
    Some(Field::Title),
    Some(Field::Description),
    Some(Field::Status),
    Some(Field::Price),
    Some(Field::SalePrice),
    None,
    Some(Field::Stock),
    Some(Field::Category),
    Some(Field::Brand),
    Some(Field::Condition),
    Some(Field::Options),
    Some(Field::Images),
    Some(Field::Link),
    Some(Field::Availability),
];

/// A whole product's layout: `sku`, `title` and `price`.
pub fn matches(h: &Header) -> bool {
    h.has("sku") && h.has("title") && h.has("price")
}

/// A file of some native columns only (`sku,price`, `sku,stock`): an update.
pub fn matches_some(h: &Header) -> bool {
    h.has("sku") && h.only(&COLUMNS)
}

pub struct Native {
    idx: [Option<usize>; 16],
    present: FieldSet,
    warned: Option<String>,
}

impl Native {
    pub fn new(h: &Header, file: &str) -> Result<Native> {
        let mut idx = [None; 16];
        let mut present = FieldSet::default();
        for (k, name) in COLUMNS.iter().enumerate() {
            idx[k] = h.find(&[name]).map(|(i, _)| i);
            if let (Some(f), Some(_)) = (FIELDS[k], idx[k]) {
                present.add(f);
            }
        }
        if !h.has("sku") {
            bail!("{file}: the native layout needs a \"sku\" column");
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
        Ok(Native {
            idx,
            present,
            warned,
        })
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
            present: self.present,
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
            stock: StockCell::Count(c(8)),
            category: f(9).to_string(),
            brand: f(10).to_string(),
            condition: f(11).to_string(),
            options: f(12).to_string(),
            availability: f(15).to_string(),
            images: c(13),
            link: f(14).to_string(),
            record: env.keep_records.then(|| rec.clone()),
            ..Item::default()
        })));
        Ok(())
    }

    fn finish(&mut self, _env: &Env, _out: &mut Vec<Event>) -> Result<()> {
        Ok(())
    }
}
