//! The catalog: products (one per SKU), variants grouped by `group`, stock and images.
//!
//! `product` is the products table's row and its SQL, `import/` reads the CSV dialects,
//! `export` writes them, `images` keeps product images in the shop file, `edit` holds
//! list/add/edit/stock/archive, `bulk` edits of many products, `changes` what an edit or
//! import changes field by field, `plain_text` HTML made into text (for Meta), `spreadsheet`
//! the cells a spreadsheet would run as formulas, `demo` the bundled example. For the chat
//! storefront: `chat_item` (a product as the chat's catalog shows it), `chat_state` (what the
//! chat was last told about each product and what it answered).
//!
//! Every change to a product queues two outbox entries in its transaction: one for the
//! payment provider and one for the chat's catalog (`outbox::enqueue_catalog_item`), whatever
//! channel is configured: the offline default, the sandbox chat, keeps a catalog too. (An
//! import queues one chat entry for all the products it wrote: `outbox::enqueue_catalog_scan`.)

pub mod bulk;
pub mod changes;
pub mod chat_item;
pub mod chat_state;
pub mod demo;
pub mod edit;
pub mod export;
pub mod images;
pub mod import;
pub mod plain_text;
mod product;
pub mod spreadsheet;
mod text;

pub use product::{Field, FieldSet, Product};

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use self::product::select_sql;
use crate::clock;
use crate::model::{Change, ProductState};
use crate::money::{Currency, Money};
use crate::store::{outbox, shop};

/// Setting: the public base URL under which `catalog images export` output is served; turns
/// an image hash into a link a provider or feed can use.
pub const IMAGE_BASE_URL: &str = crate::store::settings::IMAGE_BASE_URL;
/// Setting: the base URL of product pages, for products without a link of their own.
pub const LINK_BASE_URL: &str = crate::store::settings::LINK_BASE_URL;

pub fn load(conn: &Connection, sku: &str) -> Result<Option<Product>> {
    // Cached: an order import looks up every line's product.
    conn.prepare_cached(&select_sql("WHERE sku = ?1"))?
        .query_row([sku], Product::from_row)
        .optional()?
        .transpose()
}

/// What a cart's line needs of a product: its title and selling price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub title: String,
    /// The sale price while there is one, else the price.
    pub selling: Money,
    pub on_sale: bool,
}

/// The offer of `sku`, if the catalog has it: a lighter read than `load`, for checking every
/// line of every order of an import.
pub fn offer(conn: &Connection, sku: &str) -> Result<Option<Offer>> {
    let row = conn
        .prepare_cached(
            "SELECT title, coalesce(sale_price, price), sale_price IS NOT NULL, currency \
             FROM products WHERE sku = ?1",
        )?
        .query_row([sku], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    let Some((title, minor, on_sale, currency)) = row else {
        return Ok(None);
    };
    Ok(Some(Offer {
        title,
        selling: Money::new(minor, Currency::from_code(&currency)?),
        on_sale,
    }))
}

/// The product as the provider should see it. Stored images become links only when a public
/// base URL is configured; URLs from a CSV are passed on as they are.
pub fn product_state(conn: &Connection, product: &Product) -> Result<ProductState> {
    let base = shop::setting(conn, IMAGE_BASE_URL)?;
    let images = chat_item::image_links(conn, base.as_deref(), &product.images)?.links;
    Ok(ProductState {
        sku: product.sku.clone(),
        group: product.group.clone(),
        title: product.title.clone(),
        description: product.description.clone(),
        status: product.status,
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
    queue_upsert(conn, &product, now)
}

/// `enqueue_upsert` of a product just written, as it was written.
fn queue_upsert(conn: &Connection, product: &Product, now: Timestamp) -> Result<()> {
    let state = product_state(conn, product)?;
    outbox::enqueue(conn, &Change::ProductUpsert(state), &product.sku, now)?;
    outbox::enqueue_catalog_item(conn, &product.sku, now)?;
    Ok(())
}

/// Moves stock by `delta` (negative to reserve, positive to release) and queues the new
/// level for the provider. Returns the new stock, or `None` when the product's stock is not
/// tracked: nothing moves then (it is always sellable, never reserved below anything).
/// Adding always works, whatever the level (a platform may hand over -2); taking below zero
/// is allowed only when `allow_negative` says so (the caller then warns).
pub fn adjust_stock(
    conn: &Connection,
    sku: &str,
    delta: i64,
    allow_negative: bool,
    now: Timestamp,
) -> Result<Option<i64>> {
    let Some(mut product) = load(conn, sku)? else {
        bail!("unknown SKU \"{sku}\": it is not in the catalog");
    };
    let Some(current) = product.stock else {
        return Ok(None);
    };
    let new = current
        .checked_add(delta)
        .with_context(|| format!("stock of {sku} would overflow"))?;
    if delta < 0 && new < 0 && !allow_negative {
        bail!(
            "{sku} has {current} in stock; {delta:+} would leave {new} (stock cannot go below \
             zero)"
        );
    }
    set_stock(conn, &mut product, Some(new), now)?;
    Ok(Some(new))
}

/// Sets a product's stock (`None`: stop tracking it) and queues it for the provider.
fn set_stock(
    conn: &Connection,
    product: &mut Product,
    stock: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    conn.prepare_cached("UPDATE products SET stock = ?2, updated_at = ?3 WHERE sku = ?1")?
        .execute(params![product.sku, stock, clock::format(now)])?;
    product.stock = stock;
    queue_upsert(conn, product, now)
}
