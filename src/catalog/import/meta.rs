//! Meta's (Facebook/Instagram/WhatsApp) catalog data feed.
//!
//! The template's first row of `# Required | ...` instructions is skipped before the header
//! (in `import`). `price` and `sale_price` are `<amount> <ISO 4217>`; a code other than the
//! import's currency is a row error. `id` is the SKU, `item_group_id` the group,
//! `quantity_to_sell_on_facebook` the stock; with no quantity, `in stock` (or `preorder`,
//! `available for order`) is stock that is not tracked (always sellable) and `out of stock`
//! (or `discontinued`) is 0. `availability` is kept when it says more than the stock does.
//! `color` and `size` become options. `image_link` and `additional_image_link`
//! (comma-separated) are the images; `google_product_category` (else `fb_product_category`)
//! the category. Descriptions are plain text (Meta wants no HTML): one that is the plain text
//! of a stored HTML description leaves that description as it is. A file of some columns only
//! (`id,price`) updates by id; columns it leaves out keep what is stored.

use anyhow::Result;
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, RowReader, StockCell, field};
use crate::catalog::{Field, FieldSet};

/// What `availability` is when it was not given: it follows the stock (and `catalog export`
/// writes this then). Stock that is not tracked is always in stock.
pub fn availability_from_stock(stock: Option<i64>) -> &'static str {
    match stock {
        Some(n) if n <= 0 => "out of stock",
        _ => "in stock",
    }
}

pub fn matches(h: &Header) -> bool {
    h.has("id") && h.has("availability") && h.has("price")
}

/// The columns this reader reads.
const KNOWN: &[&str] = &[
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "sale_price",
    "link",
    "image_link",
    "additional_image_link",
    "brand",
    "google_product_category",
    "fb_product_category",
    "quantity_to_sell_on_facebook",
    "item_group_id",
    "color",
    "size",
    "status",
];

/// A file of some Meta feed columns only, with `id` (`id,price`).
pub fn matches_some(h: &Header) -> bool {
    h.has("id") && h.only(KNOWN)
}

type Col = Option<(usize, &'static str)>;

pub struct Meta {
    id: Col,
    title: Col,
    description: Col,
    availability: Col,
    condition: Col,
    price: Col,
    sale_price: Col,
    link: Col,
    image: Col,
    more_images: Col,
    brand: Col,
    google_category: Col,
    fb_category: Col,
    quantity: Col,
    group: Col,
    color: Col,
    size: Col,
    status: Col,
    /// The fields the header's columns give.
    present: FieldSet,
}

impl Meta {
    pub fn new(h: &Header, _file: &str) -> Result<Meta> {
        let has = |names: &[&str]| names.iter().any(|n| h.has(n));
        let mut present = FieldSet::default();
        for (field, names) in [
            (Field::Title, &["title"][..]),
            (Field::Description, &["description"]),
            (Field::Availability, &["availability"]),
            (Field::Condition, &["condition"]),
            (Field::Price, &["price"]),
            (Field::SalePrice, &["sale_price"]),
            (Field::Link, &["link"]),
            (Field::Images, &["image_link", "additional_image_link"]),
            (Field::Brand, &["brand"]),
            (
                Field::Category,
                &["google_product_category", "fb_product_category"],
            ),
            (
                Field::Stock,
                &["quantity_to_sell_on_facebook", "availability"],
            ),
            (Field::Group, &["item_group_id"]),
            (Field::Options, &["color", "size"]),
            (Field::Status, &["status"]),
        ] {
            present.add_if(field, has(names));
        }
        Ok(Meta {
            present,
            id: h.find(&["id"]),
            title: h.find(&["title"]),
            description: h.find(&["description"]),
            availability: h.find(&["availability"]),
            condition: h.find(&["condition"]),
            price: h.find(&["price"]),
            sale_price: h.find(&["sale_price"]),
            link: h.find(&["link"]),
            image: h.find(&["image_link"]),
            more_images: h.find(&["additional_image_link"]),
            brand: h.find(&["brand"]),
            google_category: h.find(&["google_product_category"]),
            fb_category: h.find(&["fb_product_category"]),
            quantity: h.find(&["quantity_to_sell_on_facebook"]),
            group: h.find(&["item_group_id"]),
            color: h.find(&["color"]),
            size: h.find(&["size"]),
            status: h.find(&["status"]),
        })
    }
}

impl RowReader for Meta {
    fn row(&mut self, line: u64, rec: &ByteRecord, env: &Env, out: &mut Vec<Event>) -> Result<()> {
        let f = |c: Col| field(rec, c.map(|(i, _)| i)).to_string();
        let cell = |c: Col, default: &'static str| Cell::new(c.map_or(default, |(_, n)| n), f(c));
        let mut options = Vec::new();
        for (name, col) in [("Color", self.color), ("Size", self.size)] {
            let v = f(col);
            if !v.is_empty() {
                options.push(format!("{name}={v}"));
            }
        }
        let mut images = vec![f(self.image)];
        images.extend(f(self.more_images).split(',').map(|s| s.trim().to_string()));
        images.retain(|s| !s.is_empty());
        let category = match f(self.google_category) {
            c if c.is_empty() => f(self.fb_category),
            c => c,
        };
        let availability = f(self.availability);
        let quantity = cell(self.quantity, "quantity_to_sell_on_facebook");
        let stock = if !quantity.text.is_empty() || self.availability.is_none() {
            StockCell::Count(quantity)
        } else {
            match availability.to_lowercase().as_str() {
                "out of stock" | "discontinued" => StockCell::Count(Cell::new(
                    self.availability.map_or("availability", |(_, n)| n),
                    "0",
                )),
                _ => StockCell::Untracked,
            }
        };
        // Stored only when it says more than the stock does (preorder, out of stock with a
        // count...), so an export → import round trip keeps it as it was.
        let implied = match &stock {
            StockCell::Untracked => Some(availability_from_stock(None)),
            StockCell::Count(c) => c
                .text
                .parse()
                .ok()
                .map(|n| availability_from_stock(Some(n))),
        };
        let availability = if implied.is_some_and(|a| a.eq_ignore_ascii_case(&availability)) {
            String::new()
        } else {
            availability
        };
        out.push(Event::Item(Box::new(Item {
            line,
            sku: cell(self.id, "id"),
            present: self.present,
            group: f(self.group),
            title: cell(self.title, "title"),
            description: f(self.description),
            plain_description: true,
            status: Cell::new(
                self.status.map_or("status", |(_, n)| n),
                f(self.status).to_lowercase(),
            ),
            price: cell(self.price, "price"),
            sale_price: cell(self.sale_price, "sale_price"),
            stock,
            category,
            brand: f(self.brand),
            condition: f(self.condition),
            options: options.join(";"),
            availability,
            images: Cell::new(
                self.image.map_or("image_link", |(_, n)| n),
                images.join(";"),
            ),
            link: f(self.link),
            record: env.keep_records.then(|| rec.clone()),
            ..Item::default()
        })));
        Ok(())
    }

    fn finish(&mut self, _env: &Env, _out: &mut Vec<Event>) -> Result<()> {
        Ok(())
    }
}
