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
    /// Units in stock; `None`: not tracked (always sellable, never reserved or counted down).
    pub stock: Option<i64>,
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

/// A product's fields besides its SKU: what a file may give or leave out (`FieldSet`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Group,
    Title,
    Description,
    Status,
    Price,
    SalePrice,
    Stock,
    Category,
    Brand,
    Condition,
    Options,
    Images,
    Link,
    Availability,
}

/// A set of `Field`s: the ones a file's header gives. An update changes only these; the
/// others keep what is stored (`Product::take`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldSet(u16);

impl FieldSet {
    pub const ALL: FieldSet = FieldSet((1 << 14) - 1);

    pub fn has(self, f: Field) -> bool {
        self.0 & (1 << f as u16) != 0
    }

    pub fn add(&mut self, f: Field) {
        self.0 |= 1 << f as u16;
    }

    /// Adds `f` when `given` (its column is in the file).
    pub fn add_if(&mut self, f: Field, given: bool) {
        if given {
            self.add(f);
        }
    }
}

/// The columns of a product, in the order `Product::from_row` reads them and every write
/// binds them (`created_at` and `updated_at` are the writer's, not the product's).
pub const PRODUCT_COLUMNS: &str = "sku, group_id, title, description, status, price, sale_price, \
    currency, stock, category, brand, condition, options, images, link, availability";

/// How many columns `PRODUCT_COLUMNS` names.
pub const PRODUCT_COLUMN_COUNT: usize = 16;

impl Product {
    /// A new active product with nothing but its SKU and currency (price 0, none in stock).
    pub fn new(sku: &str, currency: Currency) -> Product {
        Product {
            sku: sku.to_string(),
            group: String::new(),
            title: String::new(),
            description: String::new(),
            status: ProductStatus::Active,
            price: Money::zero(currency),
            sale_price: None,
            stock: Some(0),
            category: String::new(),
            brand: String::new(),
            condition: String::new(),
            options: String::new(),
            images: String::new(),
            link: String::new(),
            availability: String::new(),
        }
    }

    /// Takes the fields in `set` from `from`, keeping the rest (an update from a file that
    /// leaves columns out).
    pub fn take(&mut self, from: Product, set: FieldSet) {
        let has = |f| set.has(f);
        if has(Field::Group) {
            self.group = from.group;
        }
        if has(Field::Title) {
            self.title = from.title;
        }
        if has(Field::Description) {
            self.description = from.description;
        }
        if has(Field::Status) {
            self.status = from.status;
        }
        if has(Field::Price) {
            self.price = from.price;
        }
        if has(Field::SalePrice) {
            self.sale_price = from.sale_price;
        }
        if has(Field::Stock) {
            self.stock = from.stock;
        }
        if has(Field::Category) {
            self.category = from.category;
        }
        if has(Field::Brand) {
            self.brand = from.brand;
        }
        if has(Field::Condition) {
            self.condition = from.condition;
        }
        if has(Field::Options) {
            self.options = from.options;
        }
        if has(Field::Images) {
            self.images = from.images;
        }
        if has(Field::Link) {
            self.link = from.link;
        }
        if has(Field::Availability) {
            self.availability = from.availability;
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
    fn take_moves_only_the_fields_in_the_set() {
        let sgd = Currency::from_code("SGD").unwrap();
        let mut stored = Product::new("TEE", sgd);
        stored.title = "Tee".into();
        stored.description = "<p>Soft</p>".into();
        stored.stock = Some(7);
        let mut file = Product::new("TEE", sgd);
        file.price = Money::new(990, sgd);
        file.stock = None;
        let mut set = FieldSet::default();
        set.add(Field::Price);
        stored.take(file.clone(), set);
        assert_eq!(stored.price.minor, 990);
        assert_eq!((stored.title.as_str(), stored.stock), ("Tee", Some(7)));
        assert_eq!(stored.description, "<p>Soft</p>");
        stored.take(file.clone(), FieldSet::ALL);
        assert_eq!(stored, file);
        assert!(FieldSet::ALL.has(Field::Availability) && !set.has(Field::Stock));
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
        p.stock = None;
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
