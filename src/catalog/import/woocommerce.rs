//! WooCommerce's product CSV (English headers, any letter case).
//!
//! `simple` and `external` rows are items. A `variable` row is the parent of the `variation`
//! rows whose `Parent` names it (by SKU or `id:N`), even when a variation comes first: the
//! variations are the items, grouped under the parent's SKU, taking the parent's title,
//! description, category and images where their own are empty. A variable product with no
//! variations in the file is an item itself. `grouped` rows are bundles of other products and
//! are skipped (with a note). `Published` 1 is active, -1 draft, 0 (private) archived. A row
//! without a SKU gets one made of the parent's SKU and its attribute values, or of its name.
//! A row without a price is imported as a draft at 0, with a warning. An empty `Stock` means
//! WooCommerce does not manage the stock: untracked (always sellable), unless `In stock?` is 0
//! (out of stock: 0). Stock below zero (backorders) is kept. A file of some columns only
//! (`SKU,Regular price`) updates by SKU; columns it leaves out keep what is stored.

use std::collections::HashMap;

use anyhow::Result;
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, RowReader, StockCell, cell_error, field, slug};
use crate::catalog::{Field, FieldSet};

pub fn matches(h: &Header) -> bool {
    h.has("Regular price") || (h.has("Type") && h.has("Parent") && h.has("SKU"))
}

/// The columns this reader reads.
const KNOWN: &[&str] = &[
    "ID",
    "Type",
    "SKU",
    "Name",
    "Published",
    "Description",
    "Short description",
    "In stock?",
    "Stock",
    "Sale price",
    "Regular price",
    "Categories",
    "Images",
    "Parent",
    "External URL",
    "Brands",
    "Brand",
];

/// A file of some WooCommerce columns only, with `SKU` (`SKU,Stock,In stock?`).
pub fn matches_some(h: &Header) -> bool {
    let attrs = ATTRIBUTES.iter().flat_map(|(n, v)| [*n, *v]);
    let known: Vec<&str> = KNOWN.iter().copied().chain(attrs).collect();
    h.has("SKU") && h.only(&known)
}

type Col = Option<(usize, &'static str)>;

/// Attribute columns read as options (`Name=Value`).
pub const ATTRIBUTES: [(&str, &str); 6] = [
    ("Attribute 1 name", "Attribute 1 value(s)"),
    ("Attribute 2 name", "Attribute 2 value(s)"),
    ("Attribute 3 name", "Attribute 3 value(s)"),
    ("Attribute 4 name", "Attribute 4 value(s)"),
    ("Attribute 5 name", "Attribute 5 value(s)"),
    ("Attribute 6 name", "Attribute 6 value(s)"),
];

struct Cols {
    id: Col,
    kind: Col,
    sku: Col,
    name: Col,
    published: Col,
    description: Col,
    short: Col,
    in_stock: Col,
    stock: Col,
    sale: Col,
    regular: Col,
    categories: Col,
    images: Col,
    parent: Col,
    external: Col,
    brands: Col,
    attrs: Vec<(Col, Col)>,
}

/// A row as read, before parents are known.
struct Row {
    line: u64,
    kind: String,
    sku: String,
    name: String,
    published: String,
    description: String,
    in_stock: String,
    stock: String,
    sale: String,
    regular: String,
    category: String,
    images: String,
    parent: String,
    link: String,
    brand: String,
    attrs: Vec<(String, String)>,
    record: Option<ByteRecord>,
}

pub struct Woo {
    c: Cols,
    /// The fields the header's columns give.
    present: FieldSet,
    /// Variable parents by SKU, held to the end (a parent with no variations is an item).
    parents: HashMap<String, Row>,
    /// `id:N` → parent SKU.
    ids: HashMap<String, String>,
    /// Parents that have at least one variation.
    has_children: std::collections::HashSet<String>,
    /// Variations whose parent has not been read yet.
    orphans: Vec<Row>,
}

impl Woo {
    pub fn new(h: &Header, _file: &str) -> Result<Woo> {
        let attrs = ATTRIBUTES
            .iter()
            .filter(|(name, _)| h.has(name))
            .map(|(name, value)| (h.find(&[name]), h.find(&[value])))
            .collect();
        let c = Cols {
            id: h.find(&["ID"]),
            kind: h.find(&["Type"]),
            sku: h.find(&["SKU"]),
            name: h.find(&["Name"]),
            published: h.find(&["Published"]),
            description: h.find(&["Description"]),
            short: h.find(&["Short description"]),
            in_stock: h.find(&["In stock?"]),
            stock: h.find(&["Stock"]),
            sale: h.find(&["Sale price"]),
            regular: h.find(&["Regular price"]),
            categories: h.find(&["Categories"]),
            images: h.find(&["Images"]),
            parent: h.find(&["Parent"]),
            external: h.find(&["External URL"]),
            brands: h.find(&["Brands", "Brand"]),
            attrs,
        };
        let mut present = FieldSet::default();
        present.add_if(Field::Group, c.parent.is_some());
        present.add_if(Field::Title, c.name.is_some());
        present.add_if(
            Field::Description,
            c.description.is_some() || c.short.is_some(),
        );
        present.add_if(Field::Status, c.published.is_some());
        present.add_if(Field::Price, c.regular.is_some());
        present.add_if(Field::SalePrice, c.sale.is_some());
        present.add_if(Field::Stock, c.stock.is_some() || c.in_stock.is_some());
        present.add_if(Field::Category, c.categories.is_some());
        present.add_if(Field::Images, c.images.is_some());
        present.add_if(Field::Link, c.external.is_some());
        present.add_if(Field::Brand, c.brands.is_some());
        present.add_if(Field::Options, !c.attrs.is_empty());
        Ok(Woo {
            c,
            present,
            parents: HashMap::new(),
            ids: HashMap::new(),
            has_children: Default::default(),
            orphans: Vec::new(),
        })
    }

    fn col(c: Col, default: &'static str) -> &'static str {
        c.map_or(default, |(_, n)| n)
    }

    fn item(&self, row: Row, parent: Option<&Row>, out: &mut Vec<Event>) {
        let mut errors = Vec::new();
        let c = &self.c;
        let options: Vec<String> = row
            .attrs
            .iter()
            .filter(|(n, v)| !n.is_empty() && !v.is_empty())
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        let sku = if !row.sku.is_empty() {
            row.sku.clone()
        } else {
            let made = made_sku(&row, parent);
            out.push(Event::Warn {
                line: row.line,
                text: format!("SKU is empty; using \"{made}\""),
            });
            made
        };
        let status_col = Self::col(c.published, "Published");
        let mut status = status(&row.published, status_col, &mut errors);
        let pick = |own: &str, from_parent: fn(&Row) -> &str| -> String {
            if own.is_empty() {
                parent
                    .map(|p| from_parent(p).to_string())
                    .unwrap_or_default()
            } else {
                own.to_string()
            }
        };
        let mut present = self.present;
        let mut price = Cell::new(Self::col(c.regular, "Regular price"), row.regular.clone());
        if c.regular.is_some() && row.regular.is_empty() && errors.is_empty() {
            out.push(Event::Warn {
                line: row.line,
                text: format!("\"{sku}\" has no Regular price; imported as a draft at 0"),
            });
            price.text = "0".into();
            status = "draft".into();
            present.add(Field::Status);
        }
        let stock = if !row.stock.is_empty() {
            StockCell::Count(Cell::new(Self::col(c.stock, "Stock"), row.stock.clone()))
        } else if row.in_stock == "0" {
            StockCell::Count(Cell::new(Self::col(c.in_stock, "In stock?"), "0"))
        } else {
            StockCell::Untracked
        };
        // Woo lists images with commas; the catalog with semicolons.
        let images = pick(&row.images, |p| &p.images)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(";");
        out.push(Event::Item(Box::new(Item {
            line: row.line,
            sku: Cell::new(Self::col(c.sku, "SKU"), sku),
            present,
            group: parent.map(|p| p.sku.clone()).unwrap_or_default(),
            title: Cell::new(Self::col(c.name, "Name"), title(&row, parent)),
            description: pick(&row.description, |p| &p.description),
            status: Cell::new(status_col, status),
            price,
            sale_price: Cell::new(Self::col(c.sale, "Sale price"), row.sale.clone()),
            stock,
            negative_stock: true,
            category: pick(&row.category, |p| &p.category),
            brand: pick(&row.brand, |p| &p.brand),
            options: options.join(";"),
            images: Cell::new(Self::col(c.images, "Images"), images),
            link: row.link.clone(),
            errors,
            record: row.record,
            ..Item::default()
        })));
    }

    fn parent_sku(&self, reference: &str) -> String {
        match reference.strip_prefix("id:") {
            Some(id) => self.ids.get(id.trim()).cloned().unwrap_or_default(),
            None => reference.to_string(),
        }
    }
}

/// A SKU for a row without one: the parent's SKU and the row's attribute values, or (with no
/// parent) its name, as slugs.
fn made_sku(row: &Row, parent: Option<&Row>) -> String {
    match parent {
        Some(p) => {
            let mut parts = vec![p.sku.clone()];
            parts.extend(
                row.attrs
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(_, v)| slug(v)),
            );
            parts.join("-")
        }
        None => slug(&row.name),
    }
}

/// `Published` as a catalog status: 1 (or empty) active, -1 draft, 0 (private) archived.
fn status(published: &str, col: &str, errors: &mut Vec<String>) -> String {
    match published {
        "" | "1" => "active".to_string(),
        "-1" => "draft".to_string(),
        "0" => "archived".to_string(),
        other => {
            errors.push(cell_error(
                col,
                other,
                "expected 1 (published), 0 (private) or -1 (draft)",
            ));
            String::new()
        }
    }
}

/// The row's name; a variation without one is named for its parent and attribute values.
fn title(row: &Row, parent: Option<&Row>) -> String {
    if !row.name.is_empty() {
        return row.name.clone();
    }
    match parent {
        Some(p) => {
            let values: Vec<&str> = row
                .attrs
                .iter()
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
                .collect();
            format!("{} - {}", p.name, values.join(", "))
        }
        None => String::new(),
    }
}

impl RowReader for Woo {
    fn row(&mut self, line: u64, rec: &ByteRecord, env: &Env, out: &mut Vec<Event>) -> Result<()> {
        let c = &self.c;
        let f = |col: Col| field(rec, col.map(|(i, _)| i)).to_string();
        let description = match f(c.description) {
            d if d.is_empty() => f(c.short),
            d => d,
        };
        let row = Row {
            line,
            kind: f(c.kind).to_lowercase(),
            sku: f(c.sku),
            name: f(c.name),
            published: f(c.published),
            description,
            in_stock: f(c.in_stock),
            stock: f(c.stock),
            sale: f(c.sale),
            regular: f(c.regular),
            category: f(c.categories),
            images: f(c.images),
            parent: f(c.parent),
            link: f(c.external),
            brand: f(c.brands),
            attrs: c.attrs.iter().map(|(n, v)| (f(*n), f(*v))).collect(),
            record: env.keep_records.then(|| rec.clone()),
        };
        let kinds: Vec<&str> = row.kind.split(',').map(str::trim).collect();
        if kinds.contains(&"grouped") {
            out.push(Event::Skip {
                line,
                why: format!(
                    "\"{}\" is a grouped product (a bundle of other products), not an item; skipped",
                    if row.sku.is_empty() { &row.name } else { &row.sku }
                ),
            });
        } else if kinds.contains(&"variable") {
            let id = f(c.id);
            let sku = if row.sku.is_empty() {
                slug(&row.name)
            } else {
                row.sku.clone()
            };
            if !id.is_empty() {
                self.ids.insert(id, sku.clone());
            }
            let mut row = row;
            row.sku = sku.clone();
            // Variations that came first now have their parent.
            let waiting: Vec<Row> = {
                let (mine, rest): (Vec<Row>, Vec<Row>) = std::mem::take(&mut self.orphans)
                    .into_iter()
                    .partition(|o| self.parent_sku(&o.parent) == sku);
                self.orphans = rest;
                mine
            };
            if !waiting.is_empty() {
                self.has_children.insert(sku.clone());
            }
            for v in waiting {
                self.item(v, Some(&row), out);
            }
            self.parents.insert(sku, row);
        } else if kinds.contains(&"variation") {
            let parent = self.parent_sku(&row.parent);
            match self.parents.get(&parent) {
                Some(p) => {
                    self.has_children.insert(parent.clone());
                    self.item(row, Some(p), out);
                }
                None => self.orphans.push(row),
            }
        } else {
            self.item(row, None, out);
        }
        Ok(())
    }

    fn finish(&mut self, _env: &Env, out: &mut Vec<Event>) -> Result<()> {
        for row in std::mem::take(&mut self.orphans) {
            // No parent in the file: an item of its own, grouped under the name it gave.
            let mut errors_row = row;
            let parent = self.parent_sku(&errors_row.parent);
            if parent.is_empty() && errors_row.sku.is_empty() {
                errors_row.sku = slug(&errors_row.name);
            }
            let line = errors_row.line;
            out.push(Event::Warn {
                line,
                text: format!(
                    "variation's parent \"{}\" is not in the file",
                    errors_row.parent
                ),
            });
            self.item(errors_row, None, out);
        }
        let mut parents: Vec<Row> = std::mem::take(&mut self.parents)
            .into_iter()
            .filter(|(sku, _)| !self.has_children.contains(sku))
            .map(|(_, r)| r)
            .collect();
        parents.sort_by_key(|r| r.line);
        for row in parents {
            self.item(row, None, out);
        }
        Ok(())
    }
}
