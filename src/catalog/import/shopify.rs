//! Shopify's product CSV, in its older (`Handle`, `Variant SKU`, `Variant Price`) and newer
//! (`URL handle`, `SKU`, `Price`) header spellings.
//!
//! Rows sharing a handle are one product: product fields come from its first row, each row
//! with a SKU, price or option value is a variant (one item each), and rows with only an
//! `Image Src` add images. All the handle's images go to every variant, followed by the
//! variant's own image. A handle with one variant is a product without variants (no group).
//! `Variant Compare At Price` above `Variant Price` means the product is on sale: the
//! compare-at price is the price and the variant price the sale price. Option `Title` /
//! `Default Title` means no option. A variant without a SKU gets one made of the handle and
//! its option values (with a warning).

use anyhow::Result;
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, RowReader, field, slug};

const HANDLE: &[&str] = &["Handle", "URL handle"];

pub fn matches(h: &Header) -> bool {
    h.find(HANDLE).is_some()
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
    group: Option<Group>,
}

impl Shopify {
    pub fn new(h: &Header, _file: &str) -> Result<Shopify> {
        let c = Cols {
            handle: h.find(HANDLE),
            title: h.find(&["Title"]),
            body: h.find(&["Body (HTML)", "Description"]),
            vendor: h.find(&["Vendor"]),
            category: h.find(&["Product Category", "Product category"]),
            kind: h.find(&["Type"]),
            published: h.find(&["Published", "Published on online store"]),
            status: h.find(&["Status"]),
            option_names: [
                h.find(&["Option1 Name", "Option1 name"]),
                h.find(&["Option2 Name", "Option2 name"]),
                h.find(&["Option3 Name", "Option3 name"]),
            ],
            option_values: [
                h.find(&["Option1 Value", "Option1 value"]),
                h.find(&["Option2 Value", "Option2 value"]),
                h.find(&["Option3 Value", "Option3 value"]),
            ],
            sku: h.find(&["Variant SKU", "SKU"]),
            qty: h.find(&["Variant Inventory Qty", "Inventory quantity"]),
            price: h.find(&["Variant Price", "Price"]),
            compare: h.find(&["Variant Compare At Price", "Compare-at price"]),
            image: h.find(&["Image Src", "Product image URL"]),
            variant_image: h.find(&["Variant Image", "Variant image URL"]),
            condition: h.find(&["Google Shopping / Condition"]),
        };
        Ok(Shopify { c, group: None })
    }

    fn flush(&mut self, env: &Env, out: &mut Vec<Event>) {
        let Some(g) = self.group.take() else { return };
        let grouped = g.variants.len() > 1;
        let col = |c: Col, default: &'static str| c.map_or(default, |(_, n)| n);
        for v in g.variants {
            let mut errors = Vec::new();
            let mut warn = None;
            let options: Vec<String> = (0..3)
                .filter(|&i| {
                    let name = &g.option_names[i];
                    !name.is_empty() && name != "Title" && !v.values[i].is_empty()
                })
                .map(|i| format!("{}={}", g.option_names[i], v.values[i]))
                .collect();
            let sku = if v.sku.is_empty() {
                let made = made_sku(&g.handle, &options);
                warn = Some(format!(
                    "{} is empty; using \"{made}\" as the SKU",
                    col(self.c.sku, "Variant SKU")
                ));
                made
            } else {
                v.sku.clone()
            };
            let (price, sale) = prices(
                env,
                Cell::new(col(self.c.price, "Variant Price"), v.price),
                Cell::new(col(self.c.compare, "Variant Compare At Price"), v.compare),
                &mut errors,
            );
            let mut images = g.images.clone();
            if !v.image.is_empty() && !images.contains(&v.image) {
                images.push(v.image.clone());
            }
            if let Some(text) = warn {
                out.push(Event::Warn { line: v.line, text });
            }
            out.push(Event::Item(Box::new(Item {
                line: v.line,
                sku: Cell::new(col(self.c.sku, "Variant SKU"), sku),
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
                currency: Cell::default(),
                stock: Cell::new(col(self.c.qty, "Variant Inventory Qty"), v.qty),
                category: g.category.clone(),
                brand: g.vendor.clone(),
                condition: g.condition.clone(),
                options: options.join(";"),
                availability: String::new(),
                images: Cell::new(col(self.c.image, "Image Src"), images.join(";")),
                link: String::new(),
                errors,
                record: v.record,
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
        if self.group.as_ref().is_none_or(|g| g.handle != handle) {
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
