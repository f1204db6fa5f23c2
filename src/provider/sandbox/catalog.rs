//! The sandbox's copy of the shop's catalog, as pushed to it: products (`products` table, one
//! row per `ProductState`; simulated checkouts take their stock) and the payment methods
//! turned on there (`methods`).

use rusqlite::{Connection, Row, Transaction, params};

use super::file::{bad, money};
use crate::model::{ProductState, ProductStatus};
use crate::money::Money;

/// The `products` columns, in the order `write` binds them.
const PRODUCT_COLUMNS: &str =
    "sku, grp, title, description, status, currency, price, sale_price, stock, images";

/// Creates or replaces the sandbox's copy of a product.
pub(super) fn write(tx: &Transaction, p: &ProductState) -> anyhow::Result<()> {
    let images = serde_json::to_string(&p.images)?;
    tx.execute(
        &format!(
            "INSERT INTO products ({PRODUCT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (sku) DO UPDATE SET grp = excluded.grp, title = excluded.title,
               description = excluded.description, status = excluded.status,
               currency = excluded.currency, price = excluded.price,
               sale_price = excluded.sale_price, stock = excluded.stock, images = excluded.images"
        ),
        params![
            p.sku,
            p.group,
            p.title,
            p.description,
            p.status,
            p.price.currency.code(),
            p.price.minor,
            p.sale_price.map(|s| s.minor),
            p.stock,
            images
        ],
    )?;
    Ok(())
}

fn read(r: &Row) -> rusqlite::Result<ProductState> {
    let price = money(r, "price", "currency")?;
    let sale: Option<i64> = r.get("sale_price")?;
    let images: String = r.get("images")?;
    Ok(ProductState {
        sku: r.get("sku")?,
        group: r.get("grp")?,
        title: r.get("title")?,
        description: r.get("description")?,
        status: r.get("status")?,
        price,
        sale_price: sale.map(|s| Money::new(s, price.currency)),
        stock: r.get("stock")?,
        images: serde_json::from_str(&images).map_err(|e| bad(r, "images", e.into()))?,
    })
}

/// Archives a product; false when the sandbox never had it.
pub(super) fn archive(tx: &Transaction, sku: &str) -> anyhow::Result<bool> {
    let n = tx.execute(
        "UPDATE products SET status = ?1 WHERE sku = ?2",
        params![ProductStatus::Archived, sku],
    )?;
    Ok(n > 0)
}

/// Active products with stock (or whose stock is not tracked), by SKU: what a simulated
/// customer can order.
pub(super) fn orderable(conn: &Connection) -> anyhow::Result<Vec<ProductState>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE status = ?1 AND (stock IS NULL OR stock > 0) ORDER BY sku"
    ))?;
    let rows = stmt.query_map([ProductStatus::Active], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many products were ever pushed (archived ones included).
pub(super) fn count(conn: &Connection) -> anyhow::Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
}

/// A paid checkout takes `quantity` of `sku` from the sandbox's stock (an untracked stock,
/// NULL, stays NULL).
pub(super) fn take_stock(tx: &Transaction, sku: &str, quantity: i64) -> anyhow::Result<()> {
    tx.execute(
        "UPDATE products SET stock = stock - ?1 WHERE sku = ?2",
        params![quantity, sku],
    )?;
    Ok(())
}

pub(super) fn set_method(tx: &Transaction, method: &str, enabled: bool) -> anyhow::Result<()> {
    tx.execute(
        "INSERT INTO methods (method, enabled) VALUES (?1, ?2)
         ON CONFLICT (method) DO UPDATE SET enabled = excluded.enabled",
        params![method, enabled],
    )?;
    Ok(())
}

/// The methods turned on at the sandbox, by name.
pub(super) fn enabled_methods(conn: &Connection) -> anyhow::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT method FROM methods WHERE enabled = 1 ORDER BY method")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
