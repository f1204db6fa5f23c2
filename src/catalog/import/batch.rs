//! The INSERT that writes new products many rows per statement, with their text bound in place.
//!
//! rusqlite binds every string as SQLITE_TRANSIENT: SQLite allocates and copies each value,
//! then frees it at the next bind. For a million-row import that was a fifth of all the work
//! (17 values a row). Here the values are bound as SQLITE_STATIC, which SQLite reads where they
//! are; that is sound because `insert` binds, steps, resets and clears the bindings within one
//! call, while it borrows the rows. This is the crate's only `unsafe`, and it stays in here.

use std::ffi::{CStr, c_int};

use anyhow::Result;
use rusqlite::{Connection, ffi};

use crate::catalog::Product;
use crate::catalog::product::{PRODUCT_COLUMN_COUNT, PRODUCT_COLUMNS};

/// A prepared multi-row INSERT into `products`, for exactly `rows` products.
pub struct BatchInsert<'c> {
    conn: &'c Connection,
    stmt: *mut ffi::sqlite3_stmt,
    rows: usize,
}

/// `INSERT INTO products ... VALUES (...), (...)` for `rows` products, the time bound once as
/// `?1` (it comes first: a bare `?` takes the number after the highest so far), then each
/// product's `PRODUCT_COLUMNS` in order. `OR FAIL`: a failed insert fails the import's
/// transaction anyway, and it spares SQLite a statement journal.
fn insert_sql(rows: usize) -> String {
    let mut sql =
        format!("INSERT OR FAIL INTO products (created_at, updated_at, {PRODUCT_COLUMNS}) VALUES ");
    let mut values = String::from("(?1,?1");
    for _ in 0..PRODUCT_COLUMN_COUNT {
        values.push_str(",?");
    }
    values.push(')');
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&values);
    }
    sql
}

impl<'c> BatchInsert<'c> {
    pub fn new(conn: &'c Connection, rows: usize) -> Result<BatchInsert<'c>> {
        let sql = insert_sql(rows);
        let mut stmt = std::ptr::null_mut();
        // SAFETY: the handle is valid while `conn` lives, and `conn` outlives this statement
        // (the lifetime 'c); the SQL is passed with its length, so it needs no terminating NUL.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                conn.handle(),
                sql.as_ptr().cast(),
                sql.len() as c_int,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        let insert = BatchInsert { conn, stmt, rows };
        if rc != ffi::SQLITE_OK {
            return Err(
                anyhow::Error::new(insert.error()).context("cannot prepare the product insert")
            );
        }
        Ok(insert)
    }

    /// Writes `products` (exactly `rows()` of them), created and updated at `now`.
    pub fn insert(&mut self, products: &[Product], now: &str) -> Result<()> {
        assert_eq!(
            products.len(),
            self.rows,
            "a batch insert takes its own row count"
        );
        let mut rc = self.text(1, now);
        let mut i = 1;
        for p in products {
            let mut next = || {
                i += 1;
                i
            };
            // In `PRODUCT_COLUMNS` order.
            for s in [&p.sku, &p.group, &p.title, &p.description] {
                rc |= self.text(next(), s);
            }
            rc |= self.text(next(), p.status.as_str());
            rc |= self.int(next(), Some(p.price.minor));
            rc |= self.int(next(), p.sale_price.map(|m| m.minor));
            rc |= self.text(next(), p.price.currency.code());
            rc |= self.int(next(), p.stock);
            for s in [
                &p.category,
                &p.brand,
                &p.condition,
                &p.options,
                &p.images,
                &p.link,
                &p.availability,
            ] {
                rc |= self.text(next(), s);
            }
        }
        let result = if rc != ffi::SQLITE_OK {
            Err(anyhow::Error::new(self.error()).context("cannot bind the product insert"))
        } else {
            // SAFETY: a valid statement with every parameter bound to data borrowed for the
            // length of this call.
            match unsafe { ffi::sqlite3_step(self.stmt) } {
                ffi::SQLITE_DONE => Ok(()),
                _ => Err(anyhow::Error::new(self.error()).context("cannot write products")),
            }
        };
        // SAFETY: resetting and clearing a valid statement; after this it refers to none of
        // the borrowed text.
        unsafe {
            ffi::sqlite3_reset(self.stmt);
            ffi::sqlite3_clear_bindings(self.stmt);
        }
        result
    }

    fn text(&self, i: usize, s: &str) -> c_int {
        // SAFETY: `s` outlives the step in `insert`, after which the bindings are cleared;
        // SQLITE_STATIC tells SQLite not to copy or free it. The length is given, so no NUL.
        unsafe {
            ffi::sqlite3_bind_text64(
                self.stmt,
                i as c_int,
                s.as_ptr().cast(),
                s.len() as ffi::sqlite3_uint64,
                ffi::SQLITE_STATIC(),
                ffi::SQLITE_UTF8 as _,
            )
        }
    }

    fn int(&self, i: usize, v: Option<i64>) -> c_int {
        // SAFETY: binding a number or NULL to a valid statement.
        unsafe {
            match v {
                Some(v) => ffi::sqlite3_bind_int64(self.stmt, i as c_int, v),
                None => ffi::sqlite3_bind_null(self.stmt, i as c_int),
            }
        }
    }

    /// SQLite's error for the last call on the connection, as rusqlite's: its code tells
    /// `store::trouble` a full disk or a read-only file from a bug.
    fn error(&self) -> rusqlite::Error {
        // SAFETY: reading the connection's last error code; the handle is valid while `conn`
        // lives.
        let code = unsafe { ffi::sqlite3_extended_errcode(self.conn.handle()) };
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(self.errmsg()))
    }

    fn errmsg(&self) -> String {
        // SAFETY: sqlite3_errmsg returns a NUL-terminated string owned by the connection,
        // valid until the next call on it; it is copied out at once.
        unsafe {
            CStr::from_ptr(ffi::sqlite3_errmsg(self.conn.handle()))
                .to_string_lossy()
                .into_owned()
        }
    }
}

impl Drop for BatchInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared on this connection and is finalized once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::product::select_sql;
    use crate::model::ProductStatus;
    use crate::money::{Currency, Money};

    #[test]
    fn a_batch_writes_each_product_in_the_column_order_it_is_read_back_in() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE products ({PRODUCT_COLUMNS}, created_at, updated_at)"
        ))
        .unwrap();
        let sgd = Currency::from_code("SGD").unwrap();
        let products: Vec<Product> = (0..3)
            .map(|i| {
                let mut p = Product::new(&format!("SKU-{i}"), sgd);
                p.group = "G".into();
                p.title = format!("Title {i}");
                p.description = "soft".into();
                p.status = ProductStatus::Draft;
                p.price = Money::new(1000 + i, sgd);
                p.sale_price = (i == 1).then(|| Money::new(900, sgd));
                p.stock = (i != 2).then_some(i);
                p.category = "Hats".into();
                p.brand = "Acme".into();
                p.condition = "new".into();
                p.options = "Size=M".into();
                p.images = "https://example.com/a.jpg".into();
                p.link = "https://example.com/p".into();
                p.availability = "preorder".into();
                p
            })
            .collect();
        let mut batch = BatchInsert::new(&conn, 3).unwrap();
        batch.insert(&products, "T0").unwrap();
        let mut stmt = conn.prepare(&select_sql("ORDER BY sku")).unwrap();
        let read: Vec<Product> = stmt
            .query_map([], Product::from_row)
            .unwrap()
            .map(|r| r.unwrap().unwrap())
            .collect();
        assert_eq!(read, products);
        let stamped: i64 = conn
            .query_row(
                "SELECT count(*) FROM products WHERE created_at = 'T0' AND updated_at = 'T0'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stamped, 3);
    }
}
