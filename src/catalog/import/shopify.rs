//! Shopify's product CSV, in its older (`Handle`, `Variant SKU`, `Variant Price`) and newer
//! (`URL handle`, `SKU`, `Price`) header spellings.
//!
//! Rows sharing a handle are one product: product fields come from its first row, each row
//! with a SKU, price or option value is a variant (one item each), and rows with only an
//! `Image Src` add images. Every variant gets the handle's images, its own `Variant Image`
//! first. A handle with one variant is a product without variants (no group).
//! `Variant Compare At Price` above `Variant Price` means the product is on sale: the
//! compare-at price is the price and the variant price the sale price. Option `Title` /
//! `Default Title` means no option. A variant without a SKU gets one made of the handle and
//! its option values (with a warning). An empty `Variant Inventory Tracker` means Shopify does
//! not count the variant's stock: untracked (always sellable). Stock below zero (Shopify
//! oversells) is kept.
//!
//! A file without a handle column (`Variant SKU,Variant Price`) updates variants by SKU, one
//! row each; columns it leaves out keep what is stored.

use anyhow::Result;
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, OnePrice, RowReader, StockCell, field, slug};
use crate::catalog::{Field, FieldSet};

const HANDLE: &[&str] = &["Handle", "URL handle"];
const TITLE: &[&str] = &["Title"];
const BODY: &[&str] = &["Body (HTML)", "Description"];
const VENDOR: &[&str] = &["Vendor"];
const CATEGORY: &[&str] = &["Product Category", "Product category"];
const KIND: &[&str] = &["Type"];
const PUBLISHED: &[&str] = &["Published", "Published on online store"];
const STATUS: &[&str] = &["Status"];
const OPTION_NAMES: [&[&str]; 3] = [
    &["Option1 Name", "Option1 name"],
    &["Option2 Name", "Option2 name"],
    &["Option3 Name", "Option3 name"],
];
const OPTION_VALUES: [&[&str]; 3] = [
    &["Option1 Value", "Option1 value"],
    &["Option2 Value", "Option2 value"],
    &["Option3 Value", "Option3 value"],
];
const SKU: &[&str] = &["Variant SKU", "SKU"];
const TRACKER: &[&str] = &["Variant Inventory Tracker", "Inventory tracker"];
const QTY: &[&str] = &["Variant Inventory Qty", "Inventory quantity"];
const PRICE: &[&str] = &["Variant Price", "Price"];
const COMPARE: &[&str] = &["Variant Compare At Price", "Compare-at price"];
const IMAGE: &[&str] = &["Image Src", "Product image URL"];
const VARIANT_IMAGE: &[&str] = &["Variant Image", "Variant image URL"];
const CONDITION: &[&str] = &["Google Shopping / Condition"];

pub fn matches(h: &Header) -> bool {
    h.find(HANDLE).is_some()
}

/// A file of some Shopify columns only, with a SKU column (`Variant SKU,Variant Price`).
pub fn matches_some(h: &Header) -> bool {
    let known: Vec<&str> = [
        HANDLE,
        TITLE,
        BODY,
        VENDOR,
        CATEGORY,
        KIND,
        PUBLISHED,
        STATUS,
        SKU,
        TRACKER,
        QTY,
        PRICE,
        COMPARE,
        IMAGE,
        VARIANT_IMAGE,
        CONDITION,
    ]
    .into_iter()
    .chain(OPTION_NAMES)
    .chain(OPTION_VALUES)
    .flatten()
    .copied()
    .collect();
    h.find(SKU).is_some() && h.only(&known)
}

type Col = Option<(usize, &'static str)>;

struct Cols {
    handle: Col,
    title: Col,
    body: Col,
    vendor: Col,
    category: Col,
    kind: Col,
    published: Col,
    status: Col,
    option_names: [Col; 3],
    option_values: [Col; 3],
    sku: Col,
    tracker: Col,
    qty: Col,
    price: Col,
    compare: Col,
    image: Col,
    variant_image: Col,
    condition: Col,
}

struct Variant {
    line: u64,
    sku: String,
    values: [String; 3],
    price: String,
    compare: String,
    tracker: String,
    qty: String,
    image: String,
    record: Option<ByteRecord>,
}

#[derive(Default)]
struct Group {
    handle: String,
    line: u64,
    title: String,
    body: String,
    vendor: String,
    category: String,
    status: String,
    status_col: &'static str,
    condition: String,
    option_names: [String; 3],
    images: Vec<String>,
    variants: Vec<Variant>,
}

pub struct Shopify {
    c: Cols,
    /// The fields the header's columns give.
    present: FieldSet,
    group: Option<Group>,
}

impl Shopify {
    pub fn new(h: &Header, file: &str) -> Result<Shopify> {
        let c = Cols {
            handle: h.find(HANDLE),
            title: h.find(TITLE),
            body: h.find(BODY),
            vendor: h.find(VENDOR),
            category: h.find(CATEGORY),
            kind: h.find(KIND),
            published: h.find(PUBLISHED),
            status: h.find(STATUS),
            option_names: OPTION_NAMES.map(|n| h.find(n)),
            option_values: OPTION_VALUES.map(|n| h.find(n)),
            sku: h.find(SKU),
            tracker: h.find(TRACKER),
            qty: h.find(QTY),
            price: h.find(PRICE),
            compare: h.find(COMPARE),
            image: h.find(IMAGE),
            variant_image: h.find(VARIANT_IMAGE),
            condition: h.find(CONDITION),
        };
        if c.handle.is_none() && c.sku.is_none() {
            anyhow::bail!("{file}: a Shopify file needs a Handle or a Variant SKU column");
        }
        let mut present = FieldSet::default();
        present.add_if(Field::Group, c.handle.is_some());
        present.add_if(Field::Title, c.title.is_some());
        present.add_if(Field::Description, c.body.is_some());
        present.add_if(Field::Brand, c.vendor.is_some());
        present.add_if(Field::Category, c.category.is_some() || c.kind.is_some());
        present.add_if(Field::Status, c.status.is_some() || c.published.is_some());
        present.add_if(
            Field::Options,
            c.option_names
                .iter()
                .chain(&c.option_values)
                .any(Option::is_some),
        );
        let prices = c.price.is_some() || c.compare.is_some();
        present.add_if(Field::Price, prices);
        present.add_if(Field::SalePrice, prices);
        // A tracker column without a quantity column says only whether Shopify counts.
        present.add_if(Field::Stock, c.qty.is_some());
        present.add_if(
            Field::Images,
            c.image.is_some() || c.variant_image.is_some(),
        );
        present.add_if(Field::Condition, c.condition.is_some());
        Ok(Shopify {
            c,
            present,
            group: None,
        })
    }

    /// A variant's price and sale price cells, from the price columns the file has.
    fn price_cells(&self, env: &Env, v: &mut Variant, errors: &mut Vec<String>) -> (Cell, Cell) {
        let col = |c: Col, default: &'static str| c.map_or(default, |(_, n)| n);
        let price = || col(self.c.price, "Variant Price");
        let compare = || col(self.c.compare, "Variant Compare At Price");
        let (v_price, v_compare) = (std::mem::take(&mut v.price), std::mem::take(&mut v.compare));
        match self.one_price() {
            OnePrice::No => prices(
                env,
                Cell::new(price(), v_price),
                Cell::new(compare(), v_compare),
                errors,
            ),
            OnePrice::Selling => (Cell::new(price(), v_price), Cell::default()),
            OnePrice::CompareAt => (Cell::new(compare(), v_compare), Cell::default()),
        }
    }

    /// Which of the two prices the file gives.
    fn one_price(&self) -> OnePrice {
        match (self.c.price.is_some(), self.c.compare.is_some()) {
            (true, false) => OnePrice::Selling,
            (false, true) => OnePrice::CompareAt,
            _ => OnePrice::No,
        }
    }

    fn flush(&mut self, env: &Env, out: &mut Vec<Event>) {
        let Some(g) = self.group.take() else { return };
        let grouped = g.variants.len() > 1;
        let col = |c: Col, default: &'static str| c.map_or(default, |(_, n)| n);
        for mut v in g.variants {
            let mut errors = Vec::new();
            let mut warn = None;
            let options: Vec<String> = (0..3)
                .filter(|&i| {
                    let name = &g.option_names[i];
                    !name.is_empty() && name != "Title" && !v.values[i].is_empty()
                })
                .map(|i| format!("{}={}", g.option_names[i], v.values[i]))
                .collect();
            let sku = if v.sku.is_empty() && self.c.handle.is_some() {
                let made = made_sku(&g.handle, &options);
                warn = Some(format!(
                    "{} is empty; using \"{made}\" as the SKU",
                    col(self.c.sku, "Variant SKU")
                ));
                made
            } else {
                v.sku.clone()
            };
            let one_price = self.one_price();
            let (price, sale) = self.price_cells(env, &mut v, &mut errors);
            // The variant's own picture first, then the product's (each once).
            let mut images = Vec::with_capacity(g.images.len() + 1);
            if !v.image.is_empty() {
                images.push(v.image.clone());
            }
            images.extend(g.images.iter().filter(|i| **i != v.image).cloned());
            let stock = match (self.c.tracker, self.c.qty) {
                (Some(_), _) if v.tracker.is_empty() => StockCell::Untracked,
                (_, qty) => StockCell::Count(Cell::new(col(qty, "Variant Inventory Qty"), v.qty)),
            };
            let mut present = self.present;
            present.add_if(
                Field::Stock,
                self.c.tracker.is_some() && v.tracker.is_empty(),
            );
            if let Some(text) = warn {
                out.push(Event::Warn { line: v.line, text });
            }
            out.push(Event::Item(Box::new(Item {
                line: v.line,
                sku: Cell::new(col(self.c.sku, "Variant SKU"), sku),
                present,
                group: if grouped {
                    g.handle.clone()
                } else {
                    String::new()
                },
                title: Cell::new(col(self.c.title, "Title"), g.title.clone()),
                description: g.body.clone(),
                status: Cell::new(g.status_col, g.status.clone()),
                price,
                sale_price: sale,
                one_price,
                stock,
                negative_stock: true,
                category: g.category.clone(),
                brand: g.vendor.clone(),
                condition: g.condition.clone(),
                options: options.join(";"),
                images: Cell::new(col(self.c.image, "Image Src"), images.join(";")),
                errors,
                record: v.record,
                ..Item::default()
            })));
        }
        let _ = g.line;
    }
}

/// A SKU for a variant without one: the handle and the slugs of its option values.
fn made_sku(handle: &str, options: &[String]) -> String {
    let mut parts = vec![handle.to_string()];
    parts.extend(
        options
            .iter()
            .map(|o| slug(o.split_once('=').map_or(o.as_str(), |(_, v)| v))),
    );
    parts.join("-")
}

/// The item's price and sale price cells from a variant's price and compare-at price: a
/// compare-at price above the price means on sale, and the compare-at price is the price.
fn prices(env: &Env, price: Cell, compare: Cell, errors: &mut Vec<String>) -> (Cell, Cell) {
    if compare.text.is_empty() {
        return (price, Cell::default());
    }
    match (env.money(&price), env.money(&compare)) {
        (Ok(p), Ok(c)) if c.minor > p.minor => (compare, price),
        (_, Err(e)) => {
            errors.push(e);
            (price, Cell::default())
        }
        _ => (price, Cell::default()),
    }
}

impl RowReader for Shopify {
    fn row(&mut self, line: u64, rec: &ByteRecord, env: &Env, out: &mut Vec<Event>) -> Result<()> {
        let f = |c: Col| field(rec, c.map(|(i, _)| i)).to_string();
        let handle = f(self.c.handle);
        // Without a handle column every row is a variant of its own (an update by SKU).
        if self.c.handle.is_none() || self.group.as_ref().is_none_or(|g| g.handle != handle) {
            self.flush(env, out);
            let status_text = f(self.c.status).to_lowercase();
            let (status, status_col) = if !status_text.is_empty() {
                (status_text, self.c.status.map_or("Status", |(_, n)| n))
            } else {
                let published = f(self.c.published).to_lowercase();
                let col = self.c.published.map_or("Published", |(_, n)| n);
                match published.as_str() {
                    "false" | "no" | "0" => ("draft".to_string(), col),
                    _ => ("active".to_string(), col),
                }
            };
            let category = match f(self.c.category) {
                c if c.is_empty() => f(self.c.kind),
                c => c,
            };
            self.group = Some(Group {
                handle: handle.clone(),
                line,
                title: f(self.c.title),
                body: self
                    .c
                    .body
                    .and_then(|(i, _)| rec.get(i))
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
                vendor: f(self.c.vendor),
                category,
                status,
                status_col,
                condition: f(self.c.condition),
                option_names: [
                    f(self.c.option_names[0]),
                    f(self.c.option_names[1]),
                    f(self.c.option_names[2]),
                ],
                images: Vec::new(),
                variants: Vec::new(),
            });
        }
        let g = self.group.as_mut().expect("just set");
        let image = f(self.c.image);
        if !image.is_empty() && !g.images.contains(&image) {
            g.images.push(image);
        }
        let values = [
            f(self.c.option_values[0]),
            f(self.c.option_values[1]),
            f(self.c.option_values[2]),
        ];
        let values = values.map(|v| {
            if v == "Default Title" {
                String::new()
            } else {
                v
            }
        });
        let sku = f(self.c.sku);
        let price = f(self.c.price);
        if !sku.is_empty() || !price.is_empty() || values.iter().any(|v| !v.is_empty()) {
            g.variants.push(Variant {
                line,
                sku,
                values,
                price,
                compare: f(self.c.compare),
                tracker: f(self.c.tracker),
                qty: f(self.c.qty),
                image: f(self.c.variant_image),
                record: env.keep_records.then(|| rec.clone()),
            });
        }
        Ok(())
    }

    fn finish(&mut self, env: &Env, out: &mut Vec<Event>) -> Result<()> {
        self.flush(env, out);
        Ok(())
    }
}
