//! A product as the chat storefront shows it (`model::CatalogItem`, Meta's catalog item
//! fields): what `sync` publishes and `catalog publish --dry-run` prints.
//!
//! The rules, in one place:
//! - availability: as imported from a Meta feed when it was given (preorder, ...), else from
//!   the stock (`in stock` above zero);
//! - description as plain text (`plain_text::html_to_text`); title and description cut at a
//!   word to Meta's limits, with a note;
//! - images: URLs kept from a CSV as they are; a stored image becomes `BASE/<sha256>.<ext>`
//!   under `catalog.image_base_url` (the names `catalog images export` writes); with no base
//!   URL set, stored images are left out and the caller is told;
//! - link: the product's own, else `catalog.link_base_url` + `/` + the SKU (URL-encoded);
//! - brand: the product's, else the shop's name (Meta wants one); condition `new` unless given.

use anyhow::Result;
use rusqlite::Connection;

use super::images;
use super::import::meta::availability_from_stock;
use super::plain_text::{cut_at_word, html_to_text};
use super::{IMAGE_BASE_URL, LINK_BASE_URL, Product};
use crate::model::CatalogItem;
use crate::store::shop;

/// Meta's limit on a title, in characters.
pub const TITLE_MAX: usize = 200;
/// Meta's limit on a description, in characters.
pub const DESCRIPTION_MAX: usize = 9999;

/// What every item of a publish shares: the settings, read once.
#[derive(Clone, Debug)]
pub struct ItemSettings {
    pub image_base_url: Option<String>,
    pub link_base_url: Option<String>,
    /// The brand of products that name none.
    pub shop_name: String,
}

impl ItemSettings {
    pub fn load(conn: &Connection) -> Result<ItemSettings> {
        let base = |key| -> Result<Option<String>> {
            Ok(shop::setting(conn, key)?.map(|b| b.trim_end_matches('/').to_string()))
        };
        Ok(ItemSettings {
            image_base_url: base(IMAGE_BASE_URL)?,
            link_base_url: base(LINK_BASE_URL)?,
            shop_name: shop::load(conn)?.name,
        })
    }
}

/// Something about an item the merchant should know (it is still published).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemNote {
    /// The title was longer than `TITLE_MAX` and was cut at a word.
    TitleCut,
    /// The description was longer than `DESCRIPTION_MAX` and was cut at a word.
    DescriptionCut,
    /// The product has images stored in the shop file and no `catalog.image_base_url` is set:
    /// it goes out without them.
    ImagesNeedBaseUrl,
}

/// An item and its notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltItem {
    pub item: CatalogItem,
    pub notes: Vec<ItemNote>,
}

/// The chat's view of `p`.
pub fn chat_item(conn: &Connection, settings: &ItemSettings, p: &Product) -> Result<BuiltItem> {
    let mut notes = Vec::new();
    let title = match cut_at_word(&p.title, TITLE_MAX) {
        Some(cut) => {
            notes.push(ItemNote::TitleCut);
            cut
        }
        None => p.title.clone(),
    };
    let text = html_to_text(&p.description);
    let description = match cut_at_word(&text, DESCRIPTION_MAX) {
        Some(cut) => {
            notes.push(ItemNote::DescriptionCut);
            cut
        }
        None => text,
    };
    let links = image_links(conn, settings.image_base_url.as_deref(), &p.images)?;
    if links.stored_left_out {
        notes.push(ItemNote::ImagesNeedBaseUrl);
    }
    let availability = if p.availability.is_empty() {
        availability_from_stock(p.stock).to_string()
    } else {
        p.availability.clone()
    };
    let link = match (&settings.link_base_url, p.link.is_empty()) {
        (_, false) => p.link.clone(),
        (Some(base), true) => format!("{base}/{}", url_segment(&p.sku)),
        (None, true) => String::new(),
    };
    Ok(BuiltItem {
        item: CatalogItem {
            id: p.sku.clone(),
            title,
            description,
            availability,
            condition: if p.condition.is_empty() {
                "new".to_string()
            } else {
                p.condition.to_ascii_lowercase()
            },
            price: p.price,
            sale_price: p.sale_price,
            link,
            images: links.links,
            brand: if p.brand.is_empty() {
                settings.shop_name.clone()
            } else {
                p.brand.clone()
            },
            item_group_id: p.group.clone(),
            inventory: p.stock,
        },
        notes,
    })
}

/// A product's images as public links.
pub struct ImageLinks {
    pub links: Vec<String>,
    /// Some stored images had no link because no base URL is set.
    pub stored_left_out: bool,
}

/// The links of a product's `images` field (`;`-separated hashes and URLs): a URL as it is, a
/// stored image's hash as `BASE/<hash>.<ext>` (`images::file_name`, the name `catalog images
/// export` writes), or left out when there is no base.
pub fn image_links(conn: &Connection, base: Option<&str>, field: &str) -> Result<ImageLinks> {
    let mut out = ImageLinks {
        links: Vec::new(),
        stored_left_out: false,
    };
    for entry in field.split(';').filter(|s| !s.is_empty()) {
        if entry.contains("://") {
            out.links.push(entry.to_string());
            continue;
        }
        let Some(base) = base else {
            out.stored_left_out = true;
            continue;
        };
        let mime = images::mime_of(conn, entry)?.unwrap_or_default();
        out.links.push(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            images::file_name(entry, &mime)
        ));
    }
    Ok(out)
}

/// A SKU as one URL path segment: unreserved characters as they are, the rest %-encoded.
fn url_segment(sku: &str) -> String {
    let mut out = String::with_capacity(sku.len());
    for b in sku.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};

    fn conn() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        crate::store::migrations::apply(&tx, 0).unwrap();
        tx.execute_batch(
            "INSERT INTO images (hash, mime, width, height, size, data, created_at)
             VALUES ('aaaa', 'image/png', 500, 500, 1, x'00', 't')",
        )
        .unwrap();
        tx.commit().unwrap();
        conn
    }

    fn settings(image: Option<&str>, link: Option<&str>) -> ItemSettings {
        ItemSettings {
            image_base_url: image.map(str::to_string),
            link_base_url: link.map(str::to_string),
            shop_name: "Kopi Shop".into(),
        }
    }

    fn product() -> Product {
        let sgd = Currency::from_code("SGD").unwrap();
        let mut p = Product::new("TEE/M 1", sgd);
        p.title = "Tee".into();
        p.description = "<p>Soft &amp; warm</p><p>Machine wash</p>".into();
        p.price = Money::new(1250, sgd);
        p.stock = Some(3);
        p.images = "aaaa;https://cdn.example.com/x.jpg".into();
        p
    }

    #[test]
    fn an_item_follows_the_rules() {
        let conn = conn();
        let built = chat_item(
            &conn,
            &settings(
                Some("https://img.example.com/p/"),
                Some("https://shop.example.com/p"),
            ),
            &product(),
        )
        .unwrap();
        let item = built.item;
        assert!(built.notes.is_empty());
        assert_eq!(item.description, "Soft & warm\n\nMachine wash");
        assert_eq!(item.availability, "in stock");
        assert_eq!(item.condition, "new");
        assert_eq!(item.brand, "Kopi Shop");
        assert_eq!(item.link, "https://shop.example.com/p/TEE%2FM%201");
        assert_eq!(
            item.images,
            [
                "https://img.example.com/p/aaaa.png",
                "https://cdn.example.com/x.jpg"
            ]
        );
        assert_eq!(item.inventory, Some(3));
    }

    #[test]
    fn stock_imported_availability_and_missing_settings() {
        let conn = conn();
        let mut p = product();
        p.stock = Some(0);
        p.link = "https://own.example.com/tee".into();
        let built = chat_item(&conn, &settings(None, None), &p).unwrap();
        assert_eq!(built.item.availability, "out of stock");
        assert_eq!(built.item.link, "https://own.example.com/tee");
        assert_eq!(built.item.images, ["https://cdn.example.com/x.jpg"]);
        assert_eq!(built.notes, [ItemNote::ImagesNeedBaseUrl]);
        p.availability = "preorder".into();
        p.link.clear();
        let built = chat_item(&conn, &settings(None, None), &p).unwrap();
        assert_eq!(built.item.availability, "preorder");
        assert_eq!(built.item.link, "");
    }

    #[test]
    fn untracked_stock_is_in_stock_without_an_inventory_count() {
        let conn = conn();
        let mut p = product();
        p.stock = None;
        let built = chat_item(&conn, &settings(None, None), &p).unwrap();
        assert_eq!(built.item.availability, "in stock");
        assert_eq!(built.item.inventory, None);
    }

    #[test]
    fn long_titles_and_descriptions_are_cut_with_a_note() {
        let conn = conn();
        let mut p = product();
        p.title = "Extra ".repeat(50);
        p.description = format!("<p>{}</p>", "lorem ipsum ".repeat(1000));
        p.images.clear();
        let built = chat_item(&conn, &settings(None, None), &p).unwrap();
        assert!(built.item.title.chars().count() <= TITLE_MAX);
        assert!(built.item.description.chars().count() <= DESCRIPTION_MAX);
        assert!(built.item.description.ends_with("ipsum…"));
        assert_eq!(built.notes, [ItemNote::TitleCut, ItemNote::DescriptionCut]);
    }
}
