//! The item check: one row as a dialect read it → the product it describes, or the row's
//! errors. Pure (no database, no files), so each rule is unit-tested here on its own. What
//! needs the shop — duplicate SKUs (`duplicates`), images (`images`), whether the SKU is
//! stored (`writer`) — is checked after this, by the driver in `mod.rs`.

use csv::ByteRecord;

use super::Mode;
use super::row::{Cell, Env, Item, cell_error};
use crate::catalog::Product;
use crate::model::ProductStatus;
use crate::money::{Currency, Money};

/// An item after the check.
#[derive(Debug)]
pub struct Checked {
    /// The line where the item's record starts.
    pub line: u64,
    /// The SKU as given, trimmed (empty or bad when `errors` say so).
    pub sku: String,
    pub sku_col: &'static str,
    /// The images cell, resolved later (`images`).
    pub images: Cell,
    /// The source record, kept only when rejected rows go to a --rejects file.
    pub record: Option<ByteRecord>,
    /// The product, with `images` still empty: Some exactly when `errors` is empty.
    pub product: Option<Product>,
    /// `Column "value": reason`: the dialect's own first, then in column order.
    pub errors: Vec<String>,
}

/// Checks an item's cells in the import's currency (`env`).
pub fn check(item: Item, env: &Env) -> Checked {
    let mut item = item;
    let mut errors = std::mem::take(&mut item.errors);
    let sku = item.sku.text.trim().to_string();
    if sku.is_empty() {
        errors.push(cell_error(item.sku.col, "", "a SKU is needed"));
    } else if sku.chars().any(char::is_control) {
        errors.push(cell_error(item.sku.col, &sku, "has a control character"));
    }
    if item.title.text.is_empty() {
        errors.push(cell_error(item.title.col, "", "a title is needed"));
    }
    check_currency(&item.currency, env.currency, &mut errors);
    let price = price(&item.price, env, &mut errors);
    let sale_price = sale_price(&item.sale_price, price, env, &mut errors);
    let stock = stock(&item.stock, &mut errors);
    let status = status(&item.status, &mut errors);
    let product = match price {
        Some(price) if errors.is_empty() => Some(Product {
            sku: sku.clone(),
            group: std::mem::take(&mut item.group),
            title: std::mem::take(&mut item.title.text),
            description: std::mem::take(&mut item.description),
            status,
            price,
            sale_price,
            stock,
            category: std::mem::take(&mut item.category),
            brand: std::mem::take(&mut item.brand),
            condition: std::mem::take(&mut item.condition),
            options: std::mem::take(&mut item.options),
            availability: std::mem::take(&mut item.availability),
            images: String::new(),
            link: std::mem::take(&mut item.link),
        }),
        _ => None,
    };
    Checked {
        line: item.line,
        sku,
        sku_col: item.sku.col,
        images: item.images,
        record: item.record,
        product,
        errors,
    }
}

/// A currency cell must be empty or the import's currency.
fn check_currency(cell: &Cell, currency: Currency, errors: &mut Vec<String>) {
    // The import's own code, the common case, needs no lookup in the ISO table.
    if cell.text.is_empty() || cell.text == currency.code() {
        return;
    }
    match Currency::from_code(&cell.text) {
        Ok(c) if c == currency => {}
        Ok(c) => errors.push(cell_error(
            cell.col,
            &cell.text,
            &format!("this import is in {currency}; pass --currency {c} to import {c} prices"),
        )),
        Err(e) => errors.push(format!("{} {e}", cell.col)),
    }
}

fn price(cell: &Cell, env: &Env, errors: &mut Vec<String>) -> Option<Money> {
    match env.money(cell) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.push(if cell.text.is_empty() {
                cell_error(cell.col, "", "a price is needed")
            } else {
                e
            });
            None
        }
    }
}

/// Empty: not on sale. A sale price above the price is an error.
fn sale_price(
    cell: &Cell,
    price: Option<Money>,
    env: &Env,
    errors: &mut Vec<String>,
) -> Option<Money> {
    if cell.text.is_empty() {
        return None;
    }
    match env.money(cell) {
        Ok(m) => {
            if let Some(p) = price
                && m.minor > p.minor
            {
                errors.push(cell_error(
                    cell.col,
                    &cell.text,
                    &format!("is above the price {}", p.to_major_string()),
                ));
            }
            Some(m)
        }
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Empty: 0.
fn stock(cell: &Cell, errors: &mut Vec<String>) -> i64 {
    if cell.text.is_empty() {
        return 0;
    }
    cell.text.parse::<i64>().unwrap_or_else(|_| {
        errors.push(cell_error(cell.col, &cell.text, "is not a whole number"));
        0
    })
}

/// Empty: active. Dialects map their own words to these three.
fn status(cell: &Cell, errors: &mut Vec<String>) -> ProductStatus {
    match cell.text.as_str() {
        "" | "active" => ProductStatus::Active,
        "draft" => ProductStatus::Draft,
        "archived" => ProductStatus::Archived,
        other => {
            errors.push(cell_error(
                cell.col,
                other,
                "expected active, draft or archived",
            ));
            ProductStatus::Active
        }
    }
}

/// The --mode rule for a valid row: create takes only new SKUs, update only stored ones.
pub fn mode(mode: Mode, stored: bool, sku_col: &str, sku: &str) -> Option<String> {
    match (mode, stored) {
        (Mode::Create, true) => Some(cell_error(
            sku_col,
            sku,
            "is already in the catalog (--mode create only adds new products)",
        )),
        (Mode::Update, false) => Some(cell_error(
            sku_col,
            sku,
            "is not in the catalog (--mode update only changes existing products)",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::ParseOptions;

    fn env(decimal_comma: bool) -> Env {
        Env {
            currency: Currency::from_code("SGD").unwrap(),
            parse: ParseOptions { decimal_comma },
            keep_records: false,
        }
    }

    /// A valid item; `set` changes one cell (by its column name) before the check.
    fn item(set: &[(&'static str, &str)]) -> Item {
        let mut item = Item {
            line: 2,
            sku: Cell::new("sku", "TEE-M"),
            title: Cell::new("title", "Tee"),
            status: Cell::new("status", ""),
            price: Cell::new("price", "12.50"),
            sale_price: Cell::new("sale_price", ""),
            currency: Cell::new("currency", ""),
            stock: Cell::new("stock", ""),
            images: Cell::new("images", "a.jpg"),
            group: "TEE".into(),
            ..Item::default()
        };
        for &(col, text) in set {
            let cell = match col {
                "sku" => &mut item.sku,
                "title" => &mut item.title,
                "status" => &mut item.status,
                "price" => &mut item.price,
                "sale_price" => &mut item.sale_price,
                "currency" => &mut item.currency,
                "stock" => &mut item.stock,
                _ => panic!("no cell {col}"),
            };
            cell.text = text.to_string();
        }
        item
    }

    #[test]
    fn a_valid_item_is_its_product() {
        let c = check(item(&[]), &env(false));
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let p = c.product.unwrap();
        assert_eq!(
            (p.sku.as_str(), p.title.as_str(), p.group.as_str()),
            ("TEE-M", "Tee", "TEE")
        );
        assert_eq!(p.status, ProductStatus::Active);
        assert_eq!((p.price.minor, p.sale_price, p.stock), (1250, None, 0));
        assert_eq!(p.images, "", "images are resolved after the check");
        assert_eq!(
            (c.line, c.sku_col, c.images.text.as_str()),
            (2, "sku", "a.jpg")
        );
    }

    /// Cells to set on a valid item, and what the product must then be.
    type Case = (
        &'static [(&'static str, &'static str)],
        fn(&Product) -> bool,
    );

    #[test]
    fn cells_that_are_fine() {
        let cases: &[Case] = &[
            (&[("status", "draft")], |p| p.status == ProductStatus::Draft),
            (&[("status", "archived")], |p| {
                p.status == ProductStatus::Archived
            }),
            (&[("sale_price", "9.90")], |p| {
                p.sale_price.map(|m| m.minor) == Some(990)
            }),
            (&[("sale_price", "12.50")], |p| {
                p.sale_price.map(|m| m.minor) == Some(1250)
            }),
            (&[("stock", "-3")], |p| p.stock == -3),
            (&[("currency", "SGD")], |p| p.price.currency.code() == "SGD"),
            (&[("currency", "sgd")], |p| p.price.currency.code() == "SGD"),
            (&[("sku", "  TEE-L ")], |p| p.sku == "TEE-L"),
            (&[("price", "0")], |p| p.price.minor == 0),
        ];
        for (set, ok) in cases {
            let c = check(item(set), &env(false));
            assert!(c.errors.is_empty(), "{set:?}: {:?}", c.errors);
            assert!(ok(c.product.as_ref().unwrap()), "{set:?}: {:?}", c.product);
        }
    }

    #[test]
    fn each_rule_names_its_cell() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("sku", "")], "sku \"\": a SKU is needed"),
            (
                &[("sku", "A\u{7}B")],
                "sku \"A\u{7}B\": has a control character",
            ),
            (&[("title", "")], "title \"\": a title is needed"),
            (
                &[("currency", "USD")],
                "currency \"USD\": this import is in SGD; pass --currency USD to import USD prices",
            ),
            (&[("currency", "XXQ")], "currency "),
            (&[("price", "")], "price \"\": a price is needed"),
            (
                &[("price", "-1.00")],
                "price \"-1.00\": must not be negative",
            ),
            (&[("price", "1.005")], "price "),
            (&[("price", "abc")], "price "),
            (
                &[("sale_price", "13.00")],
                "sale_price \"13.00\": is above the price 12.50",
            ),
            (&[("sale_price", "x")], "sale_price "),
            (&[("stock", "2.5")], "stock \"2.5\": is not a whole number"),
            (
                &[("status", "sold")],
                "status \"sold\": expected active, draft or archived",
            ),
        ];
        for (set, want) in cases {
            let c = check(item(set), &env(false));
            assert!(c.product.is_none(), "{set:?}");
            assert_eq!(c.errors.len(), 1, "{set:?}: {:?}", c.errors);
            assert!(c.errors[0].starts_with(want), "{set:?}: {:?}", c.errors);
        }
    }

    #[test]
    fn all_errors_come_back_dialect_first_then_in_column_order() {
        let mut it = item(&[("sku", ""), ("price", ""), ("stock", "x")]);
        it.errors.push("Published \"7\": from the dialect".into());
        let c = check(it, &env(false));
        assert_eq!(
            c.errors,
            [
                "Published \"7\": from the dialect",
                "sku \"\": a SKU is needed",
                "price \"\": a price is needed",
                "stock \"x\": is not a whole number",
            ]
        );
        assert!(c.product.is_none());
    }

    #[test]
    fn a_decimal_comma_is_read_when_asked_for() {
        let c = check(item(&[("price", "12,50")]), &env(true));
        assert_eq!(c.product.unwrap().price.minor, 1250);
    }

    #[test]
    fn the_mode_rule() {
        assert_eq!(mode(Mode::Upsert, true, "sku", "A"), None);
        assert_eq!(mode(Mode::Upsert, false, "sku", "A"), None);
        assert_eq!(mode(Mode::Create, false, "sku", "A"), None);
        assert_eq!(mode(Mode::Update, true, "sku", "A"), None);
        assert!(
            mode(Mode::Create, true, "sku", "A")
                .unwrap()
                .contains("already in the catalog")
        );
        assert!(
            mode(Mode::Update, false, "sku", "A")
                .unwrap()
                .contains("is not in the catalog")
        );
    }
}
