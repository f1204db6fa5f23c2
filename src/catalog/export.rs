//! `catalog export`: the catalog as CSV in one of the import dialects, streamed row by row.
//!
//! Stored images are written as `HASH.jpg` / `HASH.png`, the names `catalog images export DIR`
//! gives them, so `catalog import --images DIR` (or an import into the same shop, where the
//! hashes are already stored) resolves them again; with a public base URL set
//! (`catalog.image_base_url`), the non-native dialects write `BASE/HASH.jpg` links instead,
//! which an import into the same shop maps back to the stored image. URLs stay URLs.
//!
//! The native dialect holds every field, so native export → import into a fresh shop →
//! export is byte-identical. The others hold what their format can: Shopify gives a group one
//! title, description, status and set of images (plus one image per variant, which comes
//! first in that variant's images) and up to three options; WooCommerce has no condition;
//! Meta keeps only the Color and Size options, and takes descriptions as plain text. Stock
//! that is not tracked is written as each platform writes it: `untracked` (native), an empty
//! `Variant Inventory Tracker` (Shopify), an empty `Stock` with `In stock?` 1 (WooCommerce),
//! `in stock` with no quantity (Meta).

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use rusqlite::Connection;

use super::import::Dialect;
use super::import::meta::availability_from_stock;
use super::import::native::COLUMNS as NATIVE_COLUMNS;
use super::plain_text::html_to_text;
use super::product::select_sql;
use super::{IMAGE_BASE_URL, Product, images};
use crate::model::ProductStatus;
use crate::store::shop;

/// Writes the catalog in `dialect` to `out`. Returns the number of products written.
pub fn export(conn: &Connection, dialect: Dialect, out: &mut dyn Write) -> Result<u64> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let base = match dialect {
        Dialect::Native => None,
        _ => shop::setting(conn, IMAGE_BASE_URL)?,
    };
    let mut names = ImageNames {
        conn,
        base,
        cache: HashMap::new(),
    };
    // Variants of a group come together, groups and lone products in SKU order.
    let mut stmt = conn.prepare(&select_sql(
        "ORDER BY CASE group_id WHEN '' THEN sku ELSE group_id END, sku",
    ))?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    let mut group: Vec<Product> = Vec::new();
    match dialect {
        Dialect::Native => w.write_record(NATIVE_COLUMNS)?,
        Dialect::Shopify => w.write_record(SHOPIFY_COLUMNS)?,
        Dialect::WooCommerce => w.write_record(WOO_COLUMNS)?,
        Dialect::Meta => w.write_record(META_COLUMNS)?,
    }
    while let Some(row) = rows.next()? {
        let p = Product::from_row(row)??;
        n += 1;
        match dialect {
            Dialect::Native => native_row(&mut w, &p, &mut names)?,
            Dialect::Meta => meta_row(&mut w, &p, &mut names)?,
            Dialect::Shopify | Dialect::WooCommerce => {
                if group
                    .first()
                    .is_some_and(|g| g.group.is_empty() || g.group != p.group)
                {
                    flush(&mut w, dialect, &mut group, &mut names)?;
                }
                group.push(p);
            }
        }
    }
    flush(&mut w, dialect, &mut group, &mut names)?;
    w.flush()?;
    Ok(n)
}

fn flush(
    w: &mut csv::Writer<&mut dyn Write>,
    dialect: Dialect,
    group: &mut Vec<Product>,
    names: &mut ImageNames,
) -> Result<()> {
    if group.is_empty() {
        return Ok(());
    }
    match dialect {
        Dialect::Shopify => shopify_group(w, group, names)?,
        Dialect::WooCommerce => woo_group(w, group, names)?,
        _ => {}
    }
    group.clear();
    Ok(())
}

/// Turns stored hashes into file names (or links under the base URL).
struct ImageNames<'c> {
    conn: &'c Connection,
    base: Option<String>,
    cache: HashMap<String, String>,
}

impl ImageNames<'_> {
    fn name(&mut self, entry: &str) -> Result<String> {
        if !images::is_hash(entry) {
            return Ok(entry.to_string());
        }
        if let Some(n) = self.cache.get(entry) {
            return Ok(n.clone());
        }
        let mime = images::mime_of(self.conn, entry)?.unwrap_or_default();
        let file = images::file_name(entry, &mime);
        let name = match &self.base {
            Some(base) => format!("{}/{file}", base.trim_end_matches('/')),
            None => file,
        };
        self.cache.insert(entry.to_string(), name.clone());
        Ok(name)
    }

    fn list(&mut self, p: &Product) -> Result<Vec<String>> {
        p.images
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|s| self.name(s))
            .collect()
    }
}

fn money(m: Option<crate::money::Money>) -> String {
    m.map(|m| m.to_major_string()).unwrap_or_default()
}

/// A count, or empty for stock that is not tracked.
fn count(stock: Option<i64>) -> String {
    stock.map(|n| n.to_string()).unwrap_or_default()
}

fn native_row(
    w: &mut csv::Writer<&mut dyn Write>,
    p: &Product,
    names: &mut ImageNames,
) -> Result<()> {
    let images = names.list(p)?.join(";");
    w.write_record([
        p.sku.as_str(),
        &p.group,
        &p.title,
        &p.description,
        p.status.as_str(),
        &p.price.to_major_string(),
        &money(p.sale_price),
        p.price.currency.code(),
        &p.stock
            .map_or_else(|| "untracked".to_string(), |n| n.to_string()),
        &p.category,
        &p.brand,
        &p.condition,
        &p.options,
        &images,
        &p.link,
        &p.availability,
    ])?;
    Ok(())
}

fn options(p: &Product) -> Vec<(String, String)> {
    p.options
        .split(';')
        .filter_map(|o| o.split_once('='))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Shopify's columns; the tracker comes last so that the columns before it keep their places.
const SHOPIFY_COLUMNS: [&str; 22] = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Inventory Qty",
    "Variant Price",
    "Variant Compare At Price",
    "Image Src",
    "Image Position",
    "Variant Image",
    "Google Shopping / Condition",
    "Status",
    "Variant Inventory Tracker",
];

fn shopify_group(
    w: &mut csv::Writer<&mut dyn Write>,
    group: &[Product],
    names: &mut ImageNames,
) -> Result<()> {
    let first = &group[0];
    let handle = if first.group.is_empty() {
        first.sku.clone()
    } else {
        first.group.clone()
    };
    let lists: Vec<Vec<String>> = group.iter().map(|p| names.list(p)).collect::<Result<_>>()?;
    let (common, own) = shopify_images(&lists);
    let option_names: Vec<String> = options(first).into_iter().map(|(n, _)| n).collect();
    for (i, p) in group.iter().enumerate() {
        let opts = options(p);
        let mut cells: Vec<String> = vec![String::new(); SHOPIFY_COLUMNS.len()];
        cells[0] = handle.clone();
        if i == 0 {
            cells[1] = p.title.clone();
            cells[2] = p.description.clone();
            cells[3] = p.brand.clone();
            cells[4] = p.category.clone();
            cells[5] = if p.status == ProductStatus::Active {
                "TRUE"
            } else {
                "FALSE"
            }
            .into();
            for (k, name) in option_names.iter().take(3).enumerate() {
                cells[6 + 2 * k] = name.clone();
            }
            cells[19] = p.condition.clone();
            cells[20] = p.status.to_string();
        }
        for (k, (_, value)) in opts.iter().take(3).enumerate() {
            cells[7 + 2 * k] = value.clone();
        }
        cells[12] = p.sku.clone();
        cells[13] = count(p.stock);
        // Empty: Shopify does not count this variant (always sellable).
        cells[21] = if p.stock.is_some() { "shopify" } else { "" }.into();
        match p.sale_price {
            Some(sale) => {
                cells[14] = sale.to_major_string();
                cells[15] = p.price.to_major_string();
            }
            None => cells[14] = p.price.to_major_string(),
        }
        if let Some(img) = common.get(i) {
            cells[16] = img.clone();
            cells[17] = (i + 1).to_string();
        }
        if let Some(own) = &own[i] {
            cells[18] = own.clone();
        }
        w.write_record(&cells)?;
    }
    // Group images beyond one per variant go on image-only rows.
    for (i, img) in common.iter().enumerate().skip(group.len()) {
        let mut cells: Vec<String> = vec![String::new(); SHOPIFY_COLUMNS.len()];
        cells[0] = handle.clone();
        cells[16] = img.clone();
        cells[17] = (i + 1).to_string();
        w.write_record(&cells)?;
    }
    Ok(())
}

/// The handle's images (`Image Src`) and each variant's own (`Variant Image`), such that the
/// import, which gives a variant its own image first and then the handle's others, gives every
/// variant its list again. When no such split exists (images edited by hand), the images all
/// variants start with are the handle's and the next one each variant's own.
fn shopify_images(lists: &[Vec<String>]) -> (Vec<String>, Vec<Option<String>>) {
    if lists.iter().all(|l| *l == lists[0]) {
        return (lists[0].clone(), vec![None; lists.len()]);
    }
    // A variant's list is the handle's with its own image moved (or added) to the front:
    // each list but its first image is the handle's list less at most that image. Merge them.
    let tails: Vec<&[String]> = lists.iter().map(|l| l.get(1..).unwrap_or(&[])).collect();
    let mut handle: Vec<String> = tails
        .iter()
        .max_by_key(|t| t.len())
        .map(|t| t.to_vec())
        .unwrap_or_default();
    for tail in &tails {
        for (k, img) in tail.iter().enumerate() {
            if !handle.contains(img) {
                let at = match k {
                    0 => 0,
                    _ => handle
                        .iter()
                        .position(|h| *h == tail[k - 1])
                        .map_or(0, |p| p + 1),
                };
                handle.insert(at, img.clone());
            }
        }
    }
    let own: Vec<Option<String>> = lists
        .iter()
        .map(|l| (*l != handle).then(|| l.first().cloned()).flatten())
        .collect();
    let rebuilt = |own: &Option<String>| -> Vec<String> {
        let mut l: Vec<String> = own.iter().cloned().collect();
        l.extend(handle.iter().filter(|h| Some(*h) != own.as_ref()).cloned());
        l
    };
    if lists.iter().zip(&own).all(|(l, o)| *l == rebuilt(o)) {
        return (handle, own);
    }
    let mut common = lists[0].clone();
    for l in &lists[1..] {
        let k = common.iter().zip(l).take_while(|(a, b)| a == b).count();
        common.truncate(k);
    }
    let own = lists.iter().map(|l| l.get(common.len()).cloned()).collect();
    (common, own)
}

/// WooCommerce's columns; `In stock?` comes last so that the columns before it keep their
/// places.
const WOO_COLUMNS: [&str; 20] = [
    "Type",
    "SKU",
    "Name",
    "Published",
    "Description",
    "Stock",
    "Sale price",
    "Regular price",
    "Categories",
    "Images",
    "Parent",
    "External URL",
    "Brands",
    "Attribute 1 name",
    "Attribute 1 value(s)",
    "Attribute 2 name",
    "Attribute 2 value(s)",
    "Attribute 3 name",
    "Attribute 3 value(s)",
    "In stock?",
];

fn woo_published(status: ProductStatus) -> &'static str {
    match status {
        ProductStatus::Active => "1",
        ProductStatus::Archived => "0",
        ProductStatus::Draft => "-1",
    }
}

fn woo_group(
    w: &mut csv::Writer<&mut dyn Write>,
    group: &[Product],
    names: &mut ImageNames,
) -> Result<()> {
    let first = &group[0];
    let variable = !first.group.is_empty();
    if variable {
        let mut cells: Vec<String> = vec![String::new(); WOO_COLUMNS.len()];
        cells[0] = "variable".into();
        cells[1] = first.group.clone();
        cells[2] = first.title.clone();
        cells[3] = "1".into();
        w.write_record(&cells)?;
    }
    for p in group {
        let mut cells: Vec<String> = vec![String::new(); WOO_COLUMNS.len()];
        cells[0] = if variable {
            "variation"
        } else if p.link.is_empty() {
            "simple"
        } else {
            "external"
        }
        .into();
        cells[1] = p.sku.clone();
        cells[2] = p.title.clone();
        cells[3] = woo_published(p.status).into();
        cells[4] = p.description.clone();
        // An empty Stock is stock WooCommerce does not manage (always in stock).
        cells[5] = count(p.stock);
        cells[19] = if p.stock.is_none_or(|n| n > 0) {
            "1"
        } else {
            "0"
        }
        .into();
        cells[6] = money(p.sale_price);
        cells[7] = p.price.to_major_string();
        cells[8] = p.category.clone();
        cells[9] = names.list(p)?.join(", ");
        if variable {
            cells[10] = p.group.clone();
        }
        cells[11] = p.link.clone();
        cells[12] = p.brand.clone();
        for (k, (n, v)) in options(p).into_iter().take(3).enumerate() {
            cells[13 + 2 * k] = n;
            cells[14 + 2 * k] = v;
        }
        w.write_record(&cells)?;
    }
    Ok(())
}

const META_COLUMNS: [&str; 17] = [
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "sale_price",
    "link",
    "image_link",
    "additional_image_link",
    "brand",
    "google_product_category",
    "quantity_to_sell_on_facebook",
    "item_group_id",
    "color",
    "size",
    "status",
];

fn meta_row(
    w: &mut csv::Writer<&mut dyn Write>,
    p: &Product,
    names: &mut ImageNames,
) -> Result<()> {
    let images = names.list(p)?;
    let code = p.price.currency.code();
    let opts = options(p);
    let opt = |name: &str| {
        opts.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let availability = if p.availability.is_empty() {
        availability_from_stock(p.stock).to_string()
    } else {
        p.availability.clone()
    };
    w.write_record([
        p.sku.clone(),
        p.title.clone(),
        html_to_text(&p.description),
        availability,
        p.condition.clone(),
        format!("{} {code}", p.price.to_major_string()),
        p.sale_price
            .map(|m| format!("{} {code}", m.to_major_string()))
            .unwrap_or_default(),
        p.link.clone(),
        images.first().cloned().unwrap_or_default(),
        images.get(1..).map(|r| r.join(",")).unwrap_or_default(),
        p.brand.clone(),
        p.category.clone(),
        count(p.stock),
        p.group.clone(),
        opt("color"),
        opt("size"),
        p.status.to_string(),
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::shopify_images;

    fn list(s: &str) -> Vec<String> {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// What the Shopify import gives a variant: its own image first, then the handle's.
    fn imported(handle: &[String], own: &Option<String>) -> Vec<String> {
        let mut l: Vec<String> = own.iter().cloned().collect();
        l.extend(handle.iter().filter(|h| Some(*h) != own.as_ref()).cloned());
        l
    }

    #[test]
    fn variant_images_split_so_that_the_import_gives_each_list_back() {
        for lists in [
            vec![list("a,b,c"), list("a,b,c")],
            vec![list("b,a,c,d"), list("c,a,b,d"), list("d,a,b,c")],
            vec![list("a,b,c"), list("c,a,b")],
            vec![list("x,a,b"), list("y,a,b"), list("a,b")],
        ] {
            let (handle, own) = shopify_images(&lists);
            for (l, o) in lists.iter().zip(&own) {
                assert_eq!(&imported(&handle, o), l, "{lists:?} → {handle:?} {own:?}");
            }
        }
    }
}
