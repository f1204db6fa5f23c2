//! What differs between two states of a product, field by field: each field named as
//! `catalog show` names it, each value as text as the native layout writes it (`untracked`
//! for stock that is not tracked, images joined with `;`), null for none. Text for every
//! field, so that `old` and `new` mean one thing in JSON whatever the field. The dry runs of
//! `catalog import` and `catalog edit` list these.

use serde::Serialize;

use super::Product;

/// One field of one product that changes (or would).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FieldChange {
    pub sku: String,
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
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

/// A product's fields as text (None: empty).
fn fields(p: &Product) -> Vec<(&'static str, Option<String>)> {
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    vec![
        ("title", text(&p.title)),
        ("price", Some(p.price.to_major_string())),
        ("sale_price", p.sale_price.map(|m| m.to_major_string())),
        ("currency", Some(p.price.currency.code().to_string())),
        (
            "stock",
            Some(
                p.stock
                    .map_or_else(|| "untracked".to_string(), |n| n.to_string()),
            ),
        ),
        ("status", Some(p.status.as_str().to_string())),
        ("group", text(&p.group)),
        ("images", text(&p.images)),
        ("description", text(&p.description)),
        ("category", text(&p.category)),
        ("brand", text(&p.brand)),
        ("condition", text(&p.condition)),
        ("options", text(&p.options)),
        ("availability", text(&p.availability)),
        ("link", text(&p.link)),
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
    fn only_what_differs_is_listed_as_text() {
        let sgd = Currency::from_code("SGD").unwrap();
        let mut old = Product::new("TEE", sgd);
        old.title = "Tee".into();
        old.price = Money::new(1250, sgd);
        old.stock = Some(4);
        let mut new = old.clone();
        new.price = Money::new(1375, sgd);
        new.stock = None;
        new.category = "Hats".into();
        let c = changes(&old, &new);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = c
            .iter()
            .map(|c| (c.field, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("price", Some("12.50"), Some("13.75")),
                ("stock", Some("4"), Some("untracked")),
                ("category", None, Some("Hats")),
            ]
        );
        assert!(c.iter().all(|c| c.sku == "TEE"));
        assert!(changes(&old, &old).is_empty());
    }
}
