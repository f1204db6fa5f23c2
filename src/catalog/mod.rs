//! The catalog: products (one per SKU), variants grouped by `group`, stock and images.
//!
//! `import/` reads the CSV dialects, `export` writes them, `images` keeps product images in
//! the shop file, `edit` holds list/add/edit/stock/archive, `demo` the bundled example.

pub mod demo;
pub mod edit;
pub mod export;
pub mod images;
pub mod import;
mod text;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock;
use crate::model::{Change, ProductState};
use crate::money::{Currency, Money};
use crate::store::{outbox, shop};

/// Setting: the public base URL under which `catalog images export` output is served; turns
/// an image hash into a link a provider or feed can use.
pub const IMAGE_BASE_URL: &str = "catalog.image_base_url";

/// A product row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    pub group: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub price: Money,
    pub sale_price: Option<Money>,
    pub stock: i64,
    pub category: String,
    pub brand: String,
    pub condition: String,
    pub options: String,
    /// `;`-separated image hashes (stored in the file) or URLs (kept as links).
    pub images: String,
    pub link: String,
    /// Meta's `availability` as imported (in stock, preorder, ...); empty: follows stock.
    pub availability: String,
}

pub fn load(conn: &Connection, sku: &str) -> Result<Option<Product>> {
    conn.query_row(
        &format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE sku = ?1"),
        [sku],
        product_from_row,
    )
    .optional()?
    .transpose()
}

/// The columns `product_from_row` reads, in its order.
pub const PRODUCT_COLUMNS: &str = "sku, group_id, title, description, status, price, sale_price, \
    currency, stock, category, brand, condition, options, images, link, availability";

/// A `products` row selected with `PRODUCT_COLUMNS`. The outer error is SQLite's; the inner
/// one a stored currency this build does not know.
pub fn product_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Product>> {
    let currency: String = r.get(7)?;
    let currency = match Currency::from_code(&currency) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e.into())),
    };
    Ok(Ok(Product {
        sku: r.get(0)?,
        group: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        status: r.get(4)?,
        price: Money::new(r.get(5)?, currency),
        sale_price: r.get::<_, Option<i64>>(6)?.map(|m| Money::new(m, currency)),
        stock: r.get(8)?,
        category: r.get(9)?,
        brand: r.get(10)?,
        condition: r.get(11)?,
        options: r.get(12)?,
        images: r.get(13)?,
        link: r.get(14)?,
        availability: r.get(15)?,
    }))
}

/// The product as the provider should see it. Stored images become links only when a public
/// base URL is configured; URLs from a CSV are passed on as they are.
pub fn product_state(conn: &Connection, product: &Product) -> Result<ProductState> {
    let base = shop::setting(conn, IMAGE_BASE_URL)?;
    let mut images = Vec::new();
    for entry in product.images.split(';').filter(|s| !s.is_empty()) {
        if entry.contains("://") {
            images.push(entry.to_string());
        } else if let Some(base) = &base {
            let mime: Option<String> = conn
                .query_row("SELECT mime FROM images WHERE hash = ?1", [entry], |r| {
                    r.get(0)
                })
                .optional()?;
            let ext = if mime.as_deref() == Some("image/png") {
                "png"
            } else {
                "jpg"
            };
            images.push(format!("{}/{entry}.{ext}", base.trim_end_matches('/')));
        }
    }
    Ok(ProductState {
        sku: product.sku.clone(),
        group: product.group.clone(),
        title: product.title.clone(),
        description: product.description.clone(),
        status: product.status.parse()?,
        price: product.price,
        sale_price: product.sale_price,
        stock: product.stock,
        images,
    })
}

/// Queues the product's current state for the provider (call after changing it, in the same
/// transaction).
pub fn enqueue_upsert(conn: &Connection, sku: &str, now: Timestamp) -> Result<()> {
    let product = load(conn, sku)?.with_context(|| format!("unknown SKU \"{sku}\""))?;
    let state = product_state(conn, &product)?;
    outbox::enqueue(conn, &Change::ProductUpsert(state), sku, now)?;
    Ok(())
}

/// Moves stock by `delta` (negative to reserve, positive to release) and queues the new
/// level for the provider. Returns the new stock. Going below zero is allowed only when
/// `allow_negative` says so (the caller then warns); otherwise it is an error.
pub fn adjust_stock(
    conn: &Connection,
    sku: &str,
    delta: i64,
    allow_negative: bool,
    now: Timestamp,
) -> Result<i64> {
    let current: Option<i64> = conn
        .query_row("SELECT stock FROM products WHERE sku = ?1", [sku], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(current) = current else {
        bail!("unknown SKU \"{sku}\": it is not in the catalog");
    };
    let new = current
        .checked_add(delta)
        .with_context(|| format!("stock of {sku} would overflow"))?;
    if new < 0 && !allow_negative {
        bail!(
            "{sku} has {current} in stock; taking {} would leave {new}",
            -delta
        );
    }
    conn.execute(
        "UPDATE products SET stock = ?2, updated_at = ?3 WHERE sku = ?1",
        params![sku, new, clock::format(now)],
    )?;
    enqueue_upsert(conn, sku, now)?;
    Ok(new)
}
