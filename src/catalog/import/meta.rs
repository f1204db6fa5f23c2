//! Meta's (Facebook/Instagram/WhatsApp) catalog data feed.
//!
//! The template's first row of `# Required | ...` instructions is skipped before the header
//! (in `import`). `price` and `sale_price` are `<amount> <ISO 4217>`; a code other than the
//! import's currency is a row error. `id` is the SKU, `item_group_id` the group,
//! `quantity_to_sell_on_facebook` the stock; `availability` is kept as given. `color` and
//! `size` become options. `image_link` and `additional_image_link` (comma-separated) are the
//! images; `google_product_category` (else `fb_product_category`) the category.

use anyhow::Result;
use csv::ByteRecord;

use super::row::{Cell, Env, Event, Header, Item, RowReader, field};

/// What `availability` is when it was not given: it follows the stock (and `catalog export`
/// writes this then).
pub fn availability_from_stock(stock: i64) -> &'static str {
    if stock > 0 {
        "in stock"
    } else {
        "out of stock"
    }
}

pub fn matches(h: &Header) -> bool {
    h.has("id") && h.has("availability") && h.has("price")
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
}

impl Meta {
    pub fn new(h: &Header, _file: &str) -> Result<Meta> {
        Ok(Meta {
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
        out.push(Event::Item(Box::new(Item {
            line,
            sku: cell(self.id, "id"),
            group: f(self.group),
            title: cell(self.title, "title"),
            description: f(self.description),
            status: Cell::new(
                self.status.map_or("status", |(_, n)| n),
                f(self.status).to_lowercase(),
            ),
            price: cell(self.price, "price"),
            sale_price: cell(self.sale_price, "sale_price"),
            currency: Cell::default(),
            stock: cell(self.quantity, "quantity_to_sell_on_facebook"),
            category,
            brand: f(self.brand),
            condition: f(self.condition),
            options: options.join(";"),
            availability: {
                // Stored only when it says more than the stock does (preorder, in stock
                // without a count...), so an export → import round trip keeps it as it was.
                let a = f(self.availability);
                let stock: Option<i64> = f(self.quantity).parse().ok();
                if stock.is_some_and(|n| a == availability_from_stock(n)) {
                    String::new()
                } else {
                    a
                }
            },
            images: Cell::new(
                self.image.map_or("image_link", |(_, n)| n),
                images.join(";"),
            ),
            link: f(self.link),
            errors: Vec::new(),
            record: env.keep_records.then(|| rec.clone()),
        })));
        Ok(())
    }

    fn finish(&mut self, _env: &Env, _out: &mut Vec<Event>) -> Result<()> {
        Ok(())
    }
}
