//! What differs between two states of a product, field by field, named and valued as
//! `catalog show` prints them (`stock` null and `stock_tracked` false for stock that is not
//! tracked): the dry runs of `catalog import` and `catalog edit` list these.

use serde::Serialize;
use serde_json::{Value, json};

use super::Product;

/// One field of one product that changes (or would).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub sku: String,
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// Products whose changes a report lists; past this many they are only counted, so that a
/// dry run over a million rows stays in bounded memory.
pub const CHANGES_CAP: usize = 1000;

/// The changes from `old` to `new`, in `catalog show`'s key order.
pub fn changes(old: &Product, new: &Product) -> Vec<FieldChange> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, before), (_, after))| FieldChange {
            sku: new.sku.clone(),
            field,
            old: before,
            new: after,
        })
        .collect()
}

/// A product's fields as `catalog show` values.
fn fields(p: &Product) -> Vec<(&'static str, Value)> {
    let images: Vec<&str> = p.images.split(';').filter(|s| !s.is_empty()).collect();
    vec![
        ("group", json!(p.group)),
        ("title", json!(p.title)),
        ("status", json!(p.status.as_str())),
        ("price", json!(p.price.to_major_string())),
        (
            "sale_price",
            json!(p.sale_price.map(|m| m.to_major_string())),
        ),
        ("currency", json!(p.price.currency.code())),
        ("stock", json!(p.stock)),
        ("stock_tracked", json!(p.stock.is_some())),
        ("images", json!(images)),
        ("description", json!(p.description)),
        ("category", json!(p.category)),
        ("brand", json!(p.brand)),
        ("condition", json!(p.condition)),
        ("options", json!(p.options)),
        ("availability", json!(p.availability)),
        ("link", json!(p.link)),
    ]
}

/// Changes collected for a report: every field change of the first `CHANGES_CAP` products,
/// and how many products changed beyond them.
#[derive(Clone, Debug, Default)]
pub struct ChangeList {
    pub changes: Vec<FieldChange>,
    pub products: usize,
    pub not_listed: u64,
}

impl ChangeList {
    pub fn add(&mut self, old: &Product, new: &Product) {
        if self.products < CHANGES_CAP {
            self.changes.extend(changes(old, new));
            self.products += 1;
        } else {
            self.not_listed += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};

    #[test]
    fn only_what_differs_is_listed_with_show_values() {
        let sgd = Currency::from_code("SGD").unwrap();
        let mut old = Product::new("TEE", sgd);
        old.title = "Tee".into();
        old.price = Money::new(1250, sgd);
        old.stock = Some(4);
        let mut new = old.clone();
        new.price = Money::new(1375, sgd);
        new.stock = None;
        let c = changes(&old, &new);
        let got: Vec<(&str, Value, Value)> = c
            .iter()
            .map(|c| (c.field, c.old.clone(), c.new.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("price", json!("12.50"), json!("13.75")),
                ("stock", json!(4), Value::Null),
                ("stock_tracked", json!(true), json!(false)),
            ]
        );
        assert!(c.iter().all(|c| c.sku == "TEE"));
        assert!(changes(&old, &old).is_empty());
    }
}
