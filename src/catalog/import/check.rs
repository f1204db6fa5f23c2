//! The item check: one row as a dialect read it → the product it describes, or the row's
//! errors; and `merge`, what a row that leaves columns out does to a stored product. Pure (no
//! database, no files), so each rule is unit-tested here on its own. What needs the shop —
//! duplicate SKUs (`duplicates`), images (`images`), whether the SKU is stored (`writer`) — is
//! checked after this, by the driver in `mod.rs`.

use csv::ByteRecord;

use super::Mode;
use super::row::{Cell, Env, Item, OnePrice, StockCell, cell_error};
use crate::catalog::plain_text::html_to_text;
use crate::catalog::{Field, FieldSet, Product};
use crate::model::ProductStatus;
use crate::money::{Currency, Money, MoneyError};

/// An item after the check.
#[derive(Debug)]
pub struct Checked {
    /// The line where the item's record starts.
    pub line: u64,
    /// The SKU as given, trimmed (empty or bad when `errors` say so).
    pub sku: String,
    pub sku_col: &'static str,
    /// The fields the file gives (see `Item::present`).
    pub present: FieldSet,
    pub one_price: OnePrice,
    pub plain_description: bool,
    /// The columns of the title, price and sale price, for errors found after the check.
    pub title_col: &'static str,
    pub price_col: &'static str,
    pub sale_col: &'static str,
    /// The title while there is no product (a rejected row), for duplicate messages.
    title: String,
    /// The images cell, resolved later (`images`).
    pub images: Cell,
    /// The source record, kept only when rejected rows go to a --rejects file.
    pub record: Option<ByteRecord>,
    /// The product, with `images` still empty: Some exactly when both error lists are empty.
    pub product: Option<Product>,
    /// `Column "value": reason`: the dialect's own first, then in column order.
    pub errors: Vec<String>,
    /// Amounts written in the other decimal style (a point with --decimal-comma, a comma
    /// without it): row errors too, which the import may report as one for the file.
    pub style_errors: Vec<String>,
    /// The first amount of each style seen in the row.
    pub styles: Styles,
    /// A stock below zero where the layout allows none (shopctl's own, Meta's): an error
    /// unless the product is stored with that very stock (an oversold product in the shop's
    /// own export, read back unchanged).
    pub negative_stock: Option<String>,
}

/// Which decimal styles a row's amounts were written in.
#[derive(Clone, Debug, Default)]
pub struct Styles {
    /// An amount with the separator the import expects (`.`, or `,` with --decimal-comma):
    /// its column and value (not its text: copying that for every row would cost more than
    /// the message it may serve).
    pub expected: Option<(&'static str, Money)>,
    /// An amount with the other one: its column and text (a row error, so rare).
    pub other: Option<(&'static str, String)>,
}

impl Checked {
    /// The row's title (from its product when it has one).
    pub fn title(&self) -> &str {
        self.product.as_ref().map_or(&self.title, |p| &p.title)
    }

    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.style_errors.is_empty()
    }

    /// Every error of the row, for a --rejects file.
    pub fn all_errors(&self) -> Vec<String> {
        let mut all = self.errors.clone();
        all.extend(self.style_errors.iter().cloned());
        all
    }
}

/// Checks an item's cells in the import's currency (`env`). Columns the file does not have
/// are not checked; a new product's needs are (`new_product_needs`).
pub fn check(item: Item, env: &Env) -> Checked {
    let mut item = item;
    let present = item.present;
    let mut errors = std::mem::take(&mut item.errors);
    let mut style_errors = Vec::new();
    let mut styles = Styles::default();
    let sku = item.sku.text.trim().to_string();
    if sku.is_empty() {
        errors.push(cell_error(item.sku.col, "", "a SKU is needed"));
    } else if sku.chars().any(char::is_control) {
        errors.push(cell_error(item.sku.col, &sku, "has a control character"));
    }
    if present.has(Field::Title) && item.title.text.is_empty() {
        errors.push(cell_error(item.title.col, "", "a title is needed"));
    }
    check_currency(&item.currency, env.currency, &mut errors);
    let mut money = Amounts {
        env,
        errors: &mut errors,
        style_errors: &mut style_errors,
        styles: &mut styles,
    };
    let price = if present.has(Field::Price) {
        money.price(&item.price)
    } else {
        Some(Money::zero(env.currency))
    };
    let sale_price = if present.has(Field::SalePrice) && item.one_price == OnePrice::No {
        // Without a price column there is no price in the row to compare with: a stored
        // product's is (`merge`), and a new product needs a price anyway.
        let row_price = price.filter(|_| present.has(Field::Price));
        money.sale_price(&item.sale_price, row_price)
    } else {
        None
    };
    let mut negative_stock = None;
    let stock = stock(
        &item.stock,
        item.negative_stock,
        &mut errors,
        &mut negative_stock,
    );
    let status = status(&item.status, &mut errors);
    let title_col = item.title.col;
    let product = match price {
        Some(price) if errors.is_empty() && style_errors.is_empty() => Some(Product {
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
        present,
        one_price: item.one_price,
        plain_description: item.plain_description,
        title_col,
        price_col: item.price.col,
        sale_col: item.sale_price.col,
        title: item.title.text,
        images: item.images,
        record: item.record,
        product,
        errors,
        style_errors,
        styles,
        negative_stock,
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

/// Reads a row's amounts, noting which decimal style each was written in.
struct Amounts<'a> {
    env: &'a Env,
    errors: &'a mut Vec<String>,
    style_errors: &'a mut Vec<String>,
    styles: &'a mut Styles,
}

impl Amounts<'_> {
    fn read(&mut self, cell: &Cell) -> Result<Money, ()> {
        let separator = if self.env.parse.decimal_comma {
            b','
        } else {
            b'.'
        };
        match self.env.money_why(cell) {
            Ok(m) => {
                if self.styles.expected.is_none() && cell.text.bytes().any(|b| b == separator) {
                    self.styles.expected = Some((cell.col, m));
                }
                Ok(m)
            }
            Err((e, kind)) => {
                if matches!(
                    kind,
                    Some(MoneyError::CommaWithoutOption(_) | MoneyError::PointWithCommaOption(_))
                ) {
                    if self.styles.other.is_none() {
                        self.styles.other = Some((cell.col, cell.text.clone()));
                    }
                    self.style_errors.push(e);
                } else {
                    self.errors.push(e);
                }
                Err(())
            }
        }
    }

    fn price(&mut self, cell: &Cell) -> Option<Money> {
        if cell.text.is_empty() {
            self.errors
                .push(cell_error(cell.col, "", "a price is needed"));
            return None;
        }
        self.read(cell).ok()
    }

    /// Empty: not on sale. A sale price above the price is an error.
    fn sale_price(&mut self, cell: &Cell, price: Option<Money>) -> Option<Money> {
        if cell.text.is_empty() {
            return None;
        }
        let m = self.read(cell).ok()?;
        if let Some(p) = price
            && m.minor > p.minor
        {
            self.errors.push(cell_error(
                cell.col,
                &cell.text,
                &format!("is above the price {}", p.to_major_string()),
            ));
        }
        Some(m)
    }
}

/// Empty: 0; `untracked`: not tracked. Below zero only where the platform allows it (else
/// the error waits in `negative` for the stored product: see `Checked::negative_stock`).
fn stock(
    cell: &StockCell,
    negative_ok: bool,
    errors: &mut Vec<String>,
    negative: &mut Option<String>,
) -> Option<i64> {
    let cell = match cell {
        StockCell::Untracked => return None,
        StockCell::Count(cell) => cell,
    };
    if cell.text.is_empty() {
        return Some(0);
    }
    if cell.text.eq_ignore_ascii_case("untracked") {
        return None;
    }
    match cell.text.parse::<i64>() {
        Ok(n) if n < 0 && !negative_ok => {
            *negative = Some(cell_error(
                cell.col,
                &cell.text,
                "must not be negative (a count of units in stock); write 0, or `untracked` for \
                 a product that is always sellable",
            ));
            Some(n)
        }
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(cell_error(
                cell.col,
                &cell.text,
                "is not a whole number (or `untracked`)",
            ));
            Some(0)
        }
    }
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

/// What a new product needs that a file of some columns only may not give: a title and a
/// price.
pub fn new_product_needs(row: &Checked) -> Vec<String> {
    let mut errors = Vec::new();
    if !row.present.has(Field::Title) {
        errors.push(format!(
            "{}: a new product needs a title, and this file has no {} column (to change only \
             products already in the catalog, pass --mode update)",
            row.title_col, row.title_col
        ));
    }
    if !row.present.has(Field::Price) || row.one_price == OnePrice::CompareAt {
        errors.push(format!(
            "{}: a new product needs a price, and this file has no {} column (to change only \
             products already in the catalog, pass --mode update)",
            row.price_col, row.price_col
        ));
    }
    errors
}

/// A stored product as a row changes it: the fields the file gives, the rest kept. Shopify's
/// one price column is read against the stored other one; a Meta description that is the
/// stored one's plain text keeps the stored one; the sale price must stay at or below the price.
pub fn merge(stored: &Product, new: Product, row: &Checked) -> Result<Product, Vec<String>> {
    let given = new.price;
    let mut p = stored.clone();
    p.take(new, row.present);
    let (selling, compare) = match row.one_price {
        OnePrice::No => (None, None),
        // The compare-at price a stored sale stands for, and the new selling price.
        OnePrice::Selling => (Some(given), stored.sale_price.map(|_| stored.price)),
        // What a customer pays now, and the new compare-at price.
        OnePrice::CompareAt => (Some(stored.sale_price.unwrap_or(stored.price)), Some(given)),
    };
    if let Some(selling) = selling {
        (p.price, p.sale_price) = match compare {
            Some(c) if c.minor > selling.minor => (c, Some(selling)),
            _ => (selling, None),
        };
    }
    if row.plain_description
        && row.present.has(Field::Description)
        && p.description != stored.description
        && html_to_text(&stored.description) == p.description
    {
        p.description = stored.description.clone();
    }
    if let Some(sale) = p.sale_price
        && sale.minor > p.price.minor
    {
        let (price, sale) = (p.price.to_major_string(), sale.to_major_string());
        return Err(vec![
            if row.present.has(Field::SalePrice) && row.one_price == OnePrice::No {
                cell_error(
                    row.sale_col,
                    &sale,
                    &format!("is above the price {price} this product has"),
                )
            } else {
                cell_error(
                    row.price_col,
                    &price,
                    &format!(
                        "is below the sale price {sale} this product has; end the sale first \
                     (`shopctl catalog edit SKU --sale-price \"\"`) or give a sale_price column"
                    ),
                )
            },
        ]);
    }
    Ok(p)
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
            present: FieldSet::ALL,
            sku: Cell::new("sku", "TEE-M"),
            title: Cell::new("title", "Tee"),
            status: Cell::new("status", ""),
            price: Cell::new("price", "12.50"),
            sale_price: Cell::new("sale_price", ""),
            currency: Cell::new("currency", ""),
            stock: StockCell::Count(Cell::new("stock", "")),
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
                "stock" => match &mut item.stock {
                    StockCell::Count(c) => c,
                    StockCell::Untracked => unreachable!(),
                },
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
        assert!(c.is_valid() && c.all_errors().is_empty());
        let p = c.product.unwrap();
        assert_eq!(
            (p.sku.as_str(), p.title.as_str(), p.group.as_str()),
            ("TEE-M", "Tee", "TEE")
        );
        assert_eq!(p.status, ProductStatus::Active);
        assert_eq!(
            (p.price.minor, p.sale_price, p.stock),
            (1250, None, Some(0))
        );
        assert_eq!(p.images, "", "images are resolved after the check");
        assert_eq!(
            (c.line, c.sku_col, c.images.text.as_str()),
            (2, "sku", "a.jpg")
        );
    }

    #[test]
    fn a_rejected_row_keeps_its_title_for_the_messages_about_it() {
        let c = check(item(&[("price", "")]), &env(false));
        assert!(c.product.is_none());
        assert_eq!(c.title(), "Tee");
        let c = check(item(&[("title", "Big tee")]), &env(false));
        assert_eq!(c.title(), "Big tee");
    }

    #[test]
    fn an_amount_in_the_other_decimal_style_alone_makes_the_row_invalid() {
        // 12,50 without --decimal-comma: no ordinary error, a style error only.
        let c = check(item(&[("price", "12,50")]), &env(false));
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.style_errors.len(), 1, "{:?}", c.style_errors);
        assert!(!c.is_valid());
        assert!(c.product.is_none());
        assert_eq!(c.all_errors(), c.style_errors);
        // Both kinds: the ordinary errors first, then the style ones (the --rejects file).
        let c = check(item(&[("stock", "x"), ("sale_price", "9,90")]), &env(false));
        let all = c.all_errors();
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(
            all[0],
            "stock \"x\": is not a whole number (or `untracked`)"
        );
        assert!(all[1].starts_with("sale_price \"9,90\""), "{all:?}");
    }

    #[test]
    fn the_first_amount_written_with_the_expected_separator_is_noted() {
        let noted = |set: &[(&'static str, &str)], comma: bool| {
            let c = check(item(set), &env(comma));
            (
                c.styles.expected.map(|(col, m)| (col, m.minor)),
                c.styles.other,
            )
        };
        // Whole amounts say nothing about the style.
        assert_eq!(
            noted(&[("price", "12"), ("sale_price", "9")], false),
            (None, None)
        );
        // The price is read first: it is the one noted, not the sale price after it.
        assert_eq!(
            noted(&[("sale_price", "9.90")], false),
            (Some(("price", 1250)), None)
        );
        assert_eq!(
            noted(&[("price", "12"), ("sale_price", "9.90")], false),
            (Some(("sale_price", 990)), None)
        );
        assert_eq!(
            noted(&[("price", "12,50"), ("sale_price", "9.90")], true),
            (
                Some(("price", 1250)),
                Some(("sale_price", "9.90".to_string()))
            )
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
            (&[("stock", "7")], |p| p.stock == Some(7)),
            (&[("stock", "0")], |p| p.stock == Some(0)),
            (&[("stock", "untracked")], |p| p.stock.is_none()),
            (&[("currency", "SGD")], |p| p.price.currency.code() == "SGD"),
            (&[("currency", "sgd")], |p| p.price.currency.code() == "SGD"),
            (&[("sku", "  TEE-L ")], |p| p.sku == "TEE-L"),
            (&[("price", "0")], |p| p.price.minor == 0),
        ];
        for (set, ok) in cases {
            let c = check(item(set), &env(false));
            assert!(c.errors.is_empty(), "{set:?}: {:?}", c.errors);
            assert!(ok(c.product.as_ref().unwrap()), "{set:?}: {:?}", c.product);
            assert_eq!(c.negative_stock, None, "{set:?}");
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
                "stock \"x\": is not a whole number (or `untracked`)",
            ]
        );
        assert!(c.product.is_none());
    }

    #[test]
    fn a_negative_stock_waits_for_the_stored_product_unless_the_platform_oversells() {
        let c = check(item(&[("stock", "-3")]), &env(false));
        assert_eq!(c.product.as_ref().unwrap().stock, Some(-3));
        assert!(
            c.negative_stock
                .unwrap()
                .starts_with("stock \"-3\": must not be negative")
        );
        let mut oversold = item(&[("stock", "-3")]);
        oversold.negative_stock = true;
        let c = check(oversold, &env(false));
        assert!(c.negative_stock.is_none() && c.is_valid());
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

    /// Stored: 20.00, on sale at 15.00, with an HTML description.
    fn stored() -> Product {
        let mut it = item(&[("price", "20.00"), ("sale_price", "15.00")]);
        it.description = "<p>Soft cotton</p>".into();
        check(it, &env(false)).product.unwrap()
    }

    /// The stored product as a row of a file with the SKU and `fields` only changes it.
    fn merged(mut it: Item, fields: &[Field]) -> Result<Product, Vec<String>> {
        it.present = FieldSet::default();
        for &f in fields {
            it.present.add(f);
        }
        let row = check(it, &env(false));
        assert!(row.is_valid(), "{:?}", row.all_errors());
        let new = row.product.clone().unwrap();
        merge(&stored(), new, &row)
    }

    /// Price and sale price in minor units.
    fn prices(p: &Product) -> (i64, Option<i64>) {
        (p.price.minor, p.sale_price.map(|m| m.minor))
    }

    #[test]
    fn shopifys_one_price_column_is_read_against_the_stored_other_one() {
        let one = |which: OnePrice, amount: &str| {
            let mut it = item(&[("price", amount)]);
            it.one_price = which;
            prices(&merged(it, &[Field::Price, Field::SalePrice]).unwrap())
        };
        // The selling price only: below the stored compare-at price (20.00) it is a sale; at
        // or above it the sale is over.
        assert_eq!(one(OnePrice::Selling, "12.00"), (2000, Some(1200)));
        assert_eq!(one(OnePrice::Selling, "20.00"), (2000, None));
        assert_eq!(one(OnePrice::Selling, "25.00"), (2500, None));
        // The compare-at price only: above what a customer pays now (15.00) it is a sale;
        // at or below it there is no sale, and the customer still pays 15.00.
        assert_eq!(one(OnePrice::CompareAt, "30.00"), (3000, Some(1500)));
        assert_eq!(one(OnePrice::CompareAt, "15.00"), (1500, None));
        assert_eq!(one(OnePrice::CompareAt, "10.00"), (1500, None));
    }

    #[test]
    fn a_price_file_keeps_the_stored_sale_price_at_or_below_the_new_price() {
        let price = |amount: &str| merged(item(&[("price", amount)]), &[Field::Price]);
        assert_eq!(prices(&price("30.00").unwrap()), (3000, Some(1500)));
        // Equal is not above.
        assert_eq!(prices(&price("15.00").unwrap()), (1500, Some(1500)));
        assert_eq!(
            price("10.00"),
            Err(vec![
                "price \"10.00\": is below the sale price 15.00 this product has; end the sale \
                 first (`shopctl catalog edit SKU --sale-price \"\"`) or give a sale_price column"
                    .to_string()
            ])
        );
    }

    #[test]
    fn a_sale_price_file_is_checked_against_the_stored_price() {
        // A `sku,sale_price` file: the row has no price of its own (it was compared with 0.00
        // and every sale price refused).
        let sale = |amount: &str| merged(item(&[("sale_price", amount)]), &[Field::SalePrice]);
        assert_eq!(prices(&sale("12.00").unwrap()), (2000, Some(1200)));
        assert_eq!(prices(&sale("20.00").unwrap()), (2000, Some(2000)));
        assert_eq!(
            sale("25.00"),
            Err(vec![
                "sale_price \"25.00\": is above the price 20.00 this product has".to_string()
            ])
        );
    }

    #[test]
    fn a_plain_description_that_is_the_stored_ones_text_keeps_the_stored_html() {
        let desc = |plain: bool, text: &str| {
            let mut it = item(&[]);
            it.plain_description = plain;
            it.description = text.into();
            merged(it, &[Field::Description]).unwrap().description
        };
        // A Meta feed gives the plain text of the stored HTML: the HTML stays.
        assert_eq!(desc(true, "Soft cotton"), "<p>Soft cotton</p>");
        // Other text is a change.
        assert_eq!(desc(true, "Soft linen"), "Soft linen");
        // A dialect that gives HTML (or text meant as is) is taken as given.
        assert_eq!(desc(false, "Soft cotton"), "Soft cotton");
    }

    #[test]
    fn a_new_product_needs_a_title_and_a_selling_price_from_the_file() {
        let needs = |fields: &[Field], one_price: OnePrice| {
            let mut it = item(&[]);
            it.present = FieldSet::default();
            for &f in fields {
                it.present.add(f);
            }
            it.one_price = one_price;
            new_product_needs(&check(it, &env(false)))
        };
        let title = "title: a new product needs a title, and this file has no title column (to \
                     change only products already in the catalog, pass --mode update)";
        let price = "price: a new product needs a price, and this file has no price column (to \
                     change only products already in the catalog, pass --mode update)";
        let both = [Field::Title, Field::Price, Field::SalePrice];
        assert_eq!(needs(&both, OnePrice::No), Vec::<String>::new());
        assert_eq!(needs(&both, OnePrice::Selling), Vec::<String>::new());
        // Shopify's compare-at column alone is not what a customer would pay.
        assert_eq!(needs(&both, OnePrice::CompareAt), [price]);
        assert_eq!(needs(&[Field::Price], OnePrice::No), [title]);
        assert_eq!(needs(&[Field::Title], OnePrice::No), [price]);
        assert_eq!(needs(&[Field::Stock], OnePrice::No), [title, price]);
    }
}
