//! The sandbox chat's catalog (`chat_catalog`): what the shop published to its chat
//! storefront, kept as Meta keeps a catalog (items by retailer id; UPDATE creates or replaces,
//! DELETE removes), with the checks Meta makes that a shop should meet offline too: an item
//! without a title or with a negative price is refused, one without an image is saved with a
//! warning. `simulate`'s customers order only what is here and shown in stock.

use anyhow::Result;
use jiff::Timestamp;
use rusqlite::{Connection, Transaction, params};

use super::Sandbox;
use super::file::bump;
use crate::clock;
use crate::model::{BatchOutcome, CatalogItem, CatalogRequest, ItemVerdict};

/// What Meta would say about an item, before saving it.
fn check(item: &CatalogItem) -> ItemVerdict {
    let mut v = ItemVerdict {
        id: item.id.clone(),
        ..ItemVerdict::default()
    };
    if item.title.trim().is_empty() {
        v.errors.push("title: a required field is missing".into());
    }
    if item.price.is_negative() {
        v.errors.push("price: must not be negative".into());
    }
    if item.images.is_empty() {
        v.warnings.push(
            "image_link: a required field is missing; the chat shows the product without a picture"
                .into(),
        );
    }
    v
}

fn apply(tx: &Transaction, r: &CatalogRequest, batch: &str, now: &str) -> Result<ItemVerdict> {
    match r {
        CatalogRequest::Update(item) => {
            let v = check(item);
            if v.errors.is_empty() {
                tx.prepare_cached(
                    "INSERT INTO chat_catalog (retailer_id, title, availability, price, sale_price,
                       currency, data, batch, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (retailer_id) DO UPDATE SET title = excluded.title,
                       availability = excluded.availability, price = excluded.price,
                       sale_price = excluded.sale_price, currency = excluded.currency,
                       data = excluded.data, batch = excluded.batch,
                       updated_at = excluded.updated_at",
                )?
                .execute(params![
                    item.id,
                    item.title,
                    item.availability,
                    item.price.minor,
                    item.sale_price.map(|m| m.minor),
                    item.price.currency.code(),
                    serde_json::to_string(item)?,
                    batch,
                    now
                ])?;
            }
            Ok(v)
        }
        CatalogRequest::Delete { id } => {
            tx.prepare_cached("DELETE FROM chat_catalog WHERE retailer_id = ?1")?
                .execute([id])?;
            Ok(ItemVerdict {
                id: id.clone(),
                ..ItemVerdict::default()
            })
        }
    }
}

impl Sandbox {
    /// Applies one catalog batch, all of it or nothing, and answers as Meta's finished batch
    /// status would: the items with errors or warnings.
    pub fn publish_catalog(
        &mut self,
        requests: &[CatalogRequest],
        now: Timestamp,
    ) -> Result<BatchOutcome> {
        let now = clock::format(now);
        self.write(|tx| {
            let batch = format!("sandbox-batch-{}", bump(tx)?);
            let mut outcome = BatchOutcome {
                handle: Some(batch.clone()),
                ..BatchOutcome::default()
            };
            for r in requests {
                let v = apply(tx, r, &batch, &now)?;
                if !v.errors.is_empty() || !v.warnings.is_empty() {
                    outcome.verdicts.push(v);
                }
            }
            Ok(outcome)
        })
    }

    /// How many items the chat's catalog holds.
    pub fn chat_catalog_len(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM chat_catalog", [], |r| r.get(0))?)
    }
}

/// True when `sku` is published and shown in stock: what a chat customer can put in a cart.
pub(super) fn orderable(conn: &Connection, sku: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM chat_catalog WHERE retailer_id = ?1 AND availability = 'in stock'",
        )?
        .exists([sku])?)
}

/// How many items the chat's catalog holds (in the simulation's transaction).
pub(super) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM chat_catalog", [], |r| r.get(0))?)
}
