//! `catalog edit` of many products at once: the products named, matching `--search` or in a
//! `--group`, changed by the same fields and a `--price-change` (`+10%`, `-2.00`), in one
//! transaction, with one summary of what changed field by field; `--dry-run` works it all out
//! and writes nothing. (An update file goes through the import, `--mode update`.)

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use rusqlite::{Connection, params};
use rust_decimal::Decimal;

use super::changes::ChangeList;
use super::edit::{self, Fields, Filter};
use super::product::select_sql;
use super::{Product, load, queue_upsert};
use crate::clock;
use crate::money::{Money, ParseOptions};

/// Which products an edit changes.
#[derive(Clone, Debug)]
pub enum Selection {
    Skus(Vec<String>),
    /// SKU or title contains the text (any case), as `catalog list --search`.
    Search(String),
    /// The variants of one group.
    Group(String),
}

/// `--price-change`: a percentage or an amount, up or down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceChange {
    /// Percent of the price (`+10%` is 10), rounded to the currency's minor unit, halves away
    /// from zero.
    Percent(Decimal),
    /// An amount in major units (`-2.00`), parsed in each product's currency.
    Amount { negative: bool, text: String },
}

impl std::str::FromStr for PriceChange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || {
            format!(
                "\"{s}\" is not a price change: give a percentage (+10%, -5%) or an amount \
                 (+2.00, -1.50)"
            )
        };
        let (negative, rest) = match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        if rest.is_empty() || rest.starts_with(['+', '-']) {
            return Err(bad());
        }
        if let Some(pct) = rest.strip_suffix('%') {
            let d = Decimal::from_str_exact(pct.trim()).map_err(|_| bad())?;
            return Ok(PriceChange::Percent(if negative { -d } else { d }));
        }
        if !rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        {
            return Err(bad());
        }
        Ok(PriceChange::Amount {
            negative,
            text: rest.to_string(),
        })
    }
}

impl PriceChange {
    /// The new price of `p`.
    fn apply(&self, p: &Product) -> Result<Money> {
        let price = p.price;
        let new = match self {
            PriceChange::Percent(pct) => {
                let factor = Decimal::ONE + *pct / Decimal::ONE_HUNDRED;
                Money::from_decimal_rounded(price.to_decimal() * factor, price.currency)?
            }
            PriceChange::Amount { negative, text } => {
                let by = Money::parse(text, price.currency, ParseOptions::default())
                    .map_err(|e| anyhow::anyhow!("--price-change {e}"))?;
                if *negative {
                    price.checked_sub(by)?
                } else {
                    price.checked_add(by)?
                }
            }
        };
        if new.is_negative() {
            bail!(
                "--price-change would take the price {} below zero",
                price.to_major_string()
            );
        }
        Ok(new)
    }
}

/// What a bulk edit did (or, in a dry run, would do).
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub matched: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub dry_run: bool,
    pub changes: ChangeList,
}

/// The products an edit selects, by SKU. Unknown SKUs, or none matching, fail the command.
fn select(conn: &Connection, selection: &Selection) -> Result<Vec<Product>> {
    let products = match selection {
        Selection::Skus(skus) => {
            let mut out: Vec<Product> = Vec::new();
            for sku in skus {
                if out.iter().any(|p| p.sku == *sku) {
                    continue;
                }
                out.push(load(conn, sku)?.with_context(|| edit::unknown(sku))?);
            }
            out
        }
        Selection::Search(text) => {
            let filter = Filter {
                search: Some(text.clone()),
                ..Filter::default()
            };
            let found = edit::list(conn, &filter)?;
            if found.is_empty() {
                bail!("no product's SKU or title contains \"{text}\"; nothing was changed");
            }
            found
        }
        Selection::Group(group) => {
            let mut stmt = conn.prepare(&select_sql("WHERE group_id = ?1 ORDER BY sku"))?;
            let rows = stmt.query_map(params![group], Product::from_row)?;
            let mut found = Vec::new();
            for row in rows {
                found.push(row??);
            }
            if found.is_empty() {
                bail!(
                    "no product is in the group \"{group}\" (see `shopctl catalog list`); \
                     nothing was changed"
                );
            }
            found
        }
    };
    Ok(products)
}

/// Changes every selected product by `fields` and `price_change`, in the caller's one
/// transaction; with `dry_run` nothing is written. Any product the change does not fit (a
/// sale price above its new price...) fails the whole edit, naming it.
pub fn edit(
    conn: &Connection,
    selection: &Selection,
    fields: &Fields,
    price_change: Option<&PriceChange>,
    dry_run: bool,
    now: Timestamp,
) -> Result<Summary> {
    if fields.images.is_some() {
        bail!("--image changes one product: name one SKU (without --dry-run)");
    }
    if fields.price.is_some() && price_change.is_some() {
        bail!("give --price or --price-change, not both");
    }
    let now_text = clock::format(now);
    let mut summary = Summary {
        dry_run,
        ..Summary::default()
    };
    for old in select(conn, selection)? {
        let mut p = old.clone();
        let sku = old.sku.clone();
        let mut f = fields.clone();
        if let Some(change) = price_change {
            let price = change.apply(&p).with_context(|| sku.clone())?;
            f.price = Some(price.to_major_string());
        }
        edit::apply(conn, &mut p, &f, &now_text).with_context(|| sku.clone())?;
        summary.matched += 1;
        if p == old {
            summary.unchanged += 1;
            continue;
        }
        summary.updated += 1;
        summary.changes.add(&old, &p);
        if !dry_run {
            edit::save(conn, &p, false, &now_text)?;
            queue_upsert(conn, &p, now)?;
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn price_changes_parse() {
        let pct = |s: &str| PriceChange::Percent(Decimal::from_str_exact(s).unwrap());
        assert_eq!("+10%".parse(), Ok(pct("10")));
        assert_eq!("10%".parse(), Ok(pct("10")));
        assert_eq!("-2.5%".parse(), Ok(pct("-2.5")));
        assert_eq!(
            "-2.00".parse(),
            Ok(PriceChange::Amount {
                negative: true,
                text: "2.00".into()
            })
        );
        for bad in ["", "%", "+-2", "ten%", "2 dollars", "--1"] {
            assert!(bad.parse::<PriceChange>().is_err(), "{bad}");
        }
    }

    #[test]
    fn price_changes_apply_exactly_and_round_halves_away_from_zero() {
        let sgd = Currency::from_code("SGD").unwrap();
        let mut p = Product::new("A", sgd);
        p.price = Money::new(1250, sgd);
        let new = |c: &str| c.parse::<PriceChange>().unwrap().apply(&p).map(|m| m.minor);
        assert_eq!(new("+10%").unwrap(), 1375);
        assert_eq!(new("-2.00").unwrap(), 1050);
        assert_eq!(new("+0.05").unwrap(), 1255);
        // 12.50 × 1.003 = 12.5375 → 12.54
        assert_eq!(new("+0.3%").unwrap(), 1254);
        assert!(new("-13.00").is_err());
        assert!(new("+0.001").is_err(), "more decimals than SGD has");
    }
}
