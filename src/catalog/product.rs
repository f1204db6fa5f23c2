//! The `products` table's row: `Product`, the table's one column list, and the SQL that reads
//! and writes a whole row.
//!
//! Every read of whole products selects `PRODUCT_COLUMNS` and turns each row into a `Product`
//! with `Product::from_row`; every write of one (`catalog add`, `edit`, the import's UPDATE and
//! its batch INSERT) names the same list and binds the fields in its order.

use anyhow::Result;
use rusqlite::{Statement, params};

use crate::model::ProductStatus;
use crate::money::{Currency, Money};

/// A product row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    pub group: String,
    pub title: String,
    pub description: String,
    pub status: ProductStatus,
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

/// The columns of a product, in the order `Product::from_row` reads them and every write
/// binds them (`created_at` and `updated_at` are the writer's, not the product's).
pub const PRODUCT_COLUMNS: &str = "sku, group_id, title, description, status, price, sale_price, \
    currency, stock, category, brand, condition, options, images, link, availability";

/// How many columns `PRODUCT_COLUMNS` names.
pub const PRODUCT_COLUMN_COUNT: usize = 16;

impl Product {
    /// A new active product with nothing but its SKU and currency (price 0).
    pub fn new(sku: &str, currency: Currency) -> Product {
        Product {
            sku: sku.to_string(),
            group: String::new(),
            title: String::new(),
            description: String::new(),
            status: ProductStatus::Active,
            price: Money::zero(currency),
            sale_price: None,
            stock: 0,
            category: String::new(),
            brand: String::new(),
            condition: String::new(),
            options: String::new(),
            images: String::new(),
            link: String::new(),
            availability: String::new(),
        }
    }

    /// A `products` row selected with `PRODUCT_COLUMNS`. The outer error is SQLite's; the inner
    /// one a stored currency this build does not know.
    pub fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Product>> {
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
}

/// `SELECT PRODUCT_COLUMNS FROM products` and `rest` (a WHERE and ORDER BY).
pub fn select_sql(rest: &str) -> String {
    format!("SELECT {PRODUCT_COLUMNS} FROM products {rest}")
}

/// The INSERT of one product: its columns as ?1..?16, created and updated at ?17.
pub fn insert_sql() -> String {
    let marks: Vec<String> = (1..=PRODUCT_COLUMN_COUNT + 1)
        .map(|i| format!("?{i}"))
        .collect();
    format!(
        "INSERT INTO products ({PRODUCT_COLUMNS}, created_at, updated_at) VALUES ({}, ?{})",
        marks.join(", "),
        PRODUCT_COLUMN_COUNT + 1
    )
}

/// The UPDATE of one product by its SKU (?1): the other columns as ?2..?16, updated at ?17.
pub fn update_sql() -> String {
    let sets: Vec<String> = PRODUCT_COLUMNS
        .split(',')
        .map(str::trim)
        .enumerate()
        .skip(1)
        .map(|(i, col)| format!("{col} = ?{}", i + 1))
        .collect();
    format!(
        "UPDATE products SET {}, updated_at = ?{} WHERE sku = ?1",
        sets.join(", "),
        PRODUCT_COLUMN_COUNT + 1
    )
}

/// Runs `stmt`, prepared from `insert_sql` or `update_sql`, for `p` at `now`.
pub fn execute(stmt: &mut Statement<'_>, p: &Product, now: &str) -> Result<usize> {
    Ok(stmt.execute(params![
        p.sku,
        p.group,
        p.title,
        p.description,
        p.status,
        p.price.minor,
        p.sale_price.map(|m| m.minor),
        p.price.currency.code(),
        p.stock,
        p.category,
        p.brand,
        p.condition,
        p.options,
        p.images,
        p.link,
        p.availability,
        now,
    ])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_count_is_the_column_list_s() {
        assert_eq!(PRODUCT_COLUMNS.split(',').count(), PRODUCT_COLUMN_COUNT);
    }

    #[test]
    fn a_product_written_is_the_product_read_back() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE products ({PRODUCT_COLUMNS}, created_at, updated_at)"
        ))
        .unwrap();
        let mut p = Product::new("TEE", Currency::from_code("SGD").unwrap());
        p.title = "Tee".into();
        p.status = ProductStatus::Draft;
        p.price = Money::new(1250, p.price.currency);
        p.sale_price = Some(Money::new(990, p.price.currency));
        p.availability = "preorder".into();
        execute(&mut conn.prepare(&insert_sql()).unwrap(), &p, "T0").unwrap();
        let read = |conn: &rusqlite::Connection| {
            conn.query_row(&select_sql("WHERE sku = 'TEE'"), [], Product::from_row)
                .unwrap()
                .unwrap()
        };
        assert_eq!(read(&conn), p);
        p.status = ProductStatus::Archived;
        p.stock = 3;
        execute(&mut conn.prepare(&update_sql()).unwrap(), &p, "T1").unwrap();
        assert_eq!(read(&conn), p);
        let times: (String, String) = conn
            .query_row("SELECT created_at, updated_at FROM products", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(times, ("T0".into(), "T1".into()));
    }
}
