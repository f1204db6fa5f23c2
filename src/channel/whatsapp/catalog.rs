//! Meta's catalog behind the WhatsApp account, kept in step through the Catalog Batch API:
//! `POST /{catalog_id}/items_batch` (`item_type=PRODUCT_ITEM`, `allow_upsert`, `requests` of
//! `{method: UPDATE|DELETE, data}`), then `GET /{catalog_id}/check_batch_request_status
//! ?handle=...` until the batch has finished, and the per-item answers read back.
//!
//! Shapes, from Meta's reference pages:
//! - items_batch (developers.facebook.com/docs/marketing-api/reference/product-catalog/
//!   items_batch): the answer is `{handles: [string] (0 or 1; empty: nothing was ingested),
//!   validation_status: [{retailer_id, errors: [{message}], warnings: [{message}]}]}`;
//! - check_batch_request_status (…/reference/check-batch-request-status): `{data: [{handle,
//!   status (scheduled, dispatched, started, finished, canceled, error), errors, errors_total_count,
//!   warnings, warnings_total_count, ids_of_invalid_requests}]}`; `errors` and `warnings` are
//!   samples, so an item named in `ids_of_invalid_requests` (asked for with
//!   `load_ids_of_invalid_requests=true`) is refused even when no sample names it.
//! - the fields of a product item (…/docs/commerce-platform/catalog/fields): prices as
//!   `"12.50 SGD"` (major units and the ISO 4217 code), `availability` in Meta's words.

use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::graph::Graph;
use crate::channel::{ChannelError, ChannelResult};
use crate::model::{BatchOutcome, CatalogItem, CatalogRequest, ItemVerdict};
use crate::money::Money;

/// Overrides the first wait between status checks, in milliseconds (tests; a real batch takes
/// seconds to minutes).
pub const POLL_MS_ENV: &str = "SHOPCTL_META_POLL_MS";

/// How a batch's status is waited for.
#[derive(Clone, Copy, Debug)]
pub struct PollPolicy {
    pub first: Duration,
    /// Each wait is the last one times 3/2, up to this.
    pub max: Duration,
    /// After this, the batch is left to the next sync.
    pub give_up_after: Duration,
}

impl PollPolicy {
    pub fn from_env() -> anyhow::Result<PollPolicy> {
        let mut p = PollPolicy {
            first: Duration::from_secs(2),
            max: Duration::from_secs(30),
            give_up_after: Duration::from_secs(15 * 60),
        };
        if let Ok(v) = std::env::var(POLL_MS_ENV) {
            let ms: u64 = v.trim().parse().map_err(|_| {
                anyhow::anyhow!("{POLL_MS_ENV} is \"{v}\", not a number of milliseconds")
            })?;
            p.first = Duration::from_millis(ms);
            p.max = p.max.min(Duration::from_millis(ms.max(1) * 8));
        }
        Ok(p)
    }
}

/// The items_batch request body for `requests`.
pub fn batch_body(requests: &[CatalogRequest]) -> Value {
    let requests: Vec<Value> = requests
        .iter()
        .map(|r| match r {
            CatalogRequest::Update(item) => json!({"method": "UPDATE", "data": item_data(item)}),
            CatalogRequest::Delete { id } => json!({"method": "DELETE", "data": {"id": id}}),
        })
        .collect();
    json!({"item_type": "PRODUCT_ITEM", "allow_upsert": true, "requests": requests})
}

/// `"12.50 SGD"`, `"1500 JPY"`.
pub fn meta_price(m: Money) -> String {
    format!("{} {}", m.to_major_string(), m.currency.code())
}

/// A product item's `data`: empty optional fields are left out rather than sent empty.
fn item_data(item: &CatalogItem) -> Value {
    let mut d = Map::new();
    let mut put = |k: &str, v: Value| {
        d.insert(k.to_string(), v);
    };
    put("id", item.id.clone().into());
    put("title", item.title.clone().into());
    put("description", item.description.clone().into());
    put("availability", item.availability.clone().into());
    put("condition", item.condition.clone().into());
    put("price", meta_price(item.price).into());
    if let Some(sale) = item.sale_price {
        put("sale_price", meta_price(sale).into());
    }
    if !item.link.is_empty() {
        put("link", item.link.clone().into());
    }
    if let Some((first, rest)) = item.images.split_first() {
        put("image_link", first.clone().into());
        if !rest.is_empty() {
            put("additional_image_link", rest.to_vec().into());
        }
    }
    put("brand", item.brand.clone().into());
    if !item.item_group_id.is_empty() {
        put("item_group_id", item.item_group_id.clone().into());
    }
    if let Some(n) = item.inventory {
        put("inventory", n.max(0).into());
    }
    Value::Object(d)
}

#[derive(Deserialize)]
struct BatchAnswer {
    #[serde(default)]
    handles: Vec<String>,
    #[serde(default)]
    validation_status: Vec<ValidationStatus>,
}

#[derive(Deserialize)]
struct ValidationStatus {
    retailer_id: String,
    #[serde(default)]
    errors: Vec<Message>,
    #[serde(default)]
    warnings: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    message: String,
    /// The retailer id, in the status answer's samples.
    #[serde(default, alias = "retailer_id")]
    id: Option<String>,
}

#[derive(Deserialize)]
struct StatusAnswer {
    data: Vec<Status>,
}

#[derive(Deserialize)]
struct Status {
    #[serde(default)]
    status: String,
    #[serde(default)]
    errors: Vec<Message>,
    #[serde(default)]
    warnings: Vec<Message>,
    #[serde(default)]
    ids_of_invalid_requests: Vec<String>,
}

/// Meta's catalog for one catalog id.
pub struct MetaCatalog {
    pub graph: Graph,
    catalog_id: String,
    poll: PollPolicy,
}

impl MetaCatalog {
    pub fn new(graph: Graph, catalog_id: &str, poll: PollPolicy) -> MetaCatalog {
        MetaCatalog {
            graph,
            catalog_id: catalog_id.to_string(),
            poll,
        }
    }

    /// Sends one batch and waits until Meta has processed it.
    pub fn publish(&mut self, requests: &[CatalogRequest]) -> ChannelResult<BatchOutcome> {
        let path = format!("/{}/items_batch", self.catalog_id);
        let answer: BatchAnswer = self.graph.post_json(&path, &batch_body(requests))?;
        let mut outcome = BatchOutcome::default();
        for v in answer.validation_status {
            let verdict = verdict(&mut outcome, &v.retailer_id);
            verdict
                .errors
                .extend(v.errors.into_iter().map(|m| m.message));
            verdict
                .warnings
                .extend(v.warnings.into_iter().map(|m| m.message));
        }
        let Some(handle) = answer.handles.into_iter().next() else {
            // Nothing was ingested: every item that has no error of its own is refused too.
            for r in requests {
                let v = verdict(&mut outcome, r.id());
                if v.errors.is_empty() {
                    v.errors
                        .push("Meta ingested nothing from this batch (no handle)".into());
                }
            }
            return Ok(outcome);
        };
        let status = self.wait(&handle)?;
        for m in status.errors {
            match m.id {
                Some(id) => verdict(&mut outcome, &id).errors.push(m.message),
                None => outcome.notes.push(m.message),
            }
        }
        for m in status.warnings {
            match m.id {
                Some(id) => verdict(&mut outcome, &id).warnings.push(m.message),
                None => outcome.notes.push(m.message),
            }
        }
        for id in status.ids_of_invalid_requests {
            let v = verdict(&mut outcome, &id);
            if v.errors.is_empty() {
                v.errors.push(
                    "refused by Meta (its answer gave no reason for this item: see Commerce \
                     Manager, Catalog, Issues)"
                        .into(),
                );
            }
        }
        outcome.handle = Some(handle);
        Ok(outcome)
    }

    /// Polls the batch's status until it has finished.
    fn wait(&mut self, handle: &str) -> ChannelResult<Status> {
        let path = format!("/{}/check_batch_request_status", self.catalog_id);
        let started = Instant::now();
        let mut pause = self.poll.first;
        loop {
            std::thread::sleep(pause);
            let answer: StatusAnswer = self.graph.get(
                &path,
                &[("handle", handle), ("load_ids_of_invalid_requests", "true")],
            )?;
            let status = answer.data.into_iter().next().ok_or_else(|| {
                ChannelError::Other(anyhow::anyhow!("Meta's status of batch {handle} is empty"))
            })?;
            match status.status.to_ascii_lowercase().as_str() {
                "finished" => return Ok(status),
                "error" | "canceled" => {
                    return Err(ChannelError::Transient(format!(
                        "Meta's batch {handle} ended in status \"{}\"; its items stay queued and \
                         the next sync sends them again",
                        status.status
                    )));
                }
                _ => {}
            }
            if started.elapsed() >= self.poll.give_up_after {
                return Err(ChannelError::Transient(format!(
                    "Meta's batch {handle} was still \"{}\" after {} s; its items stay queued \
                     and the next sync sends them again",
                    status.status,
                    started.elapsed().as_secs()
                )));
            }
            pause = (pause * 3 / 2).min(self.poll.max);
        }
    }
}

/// The verdict about `id` in `outcome`, added when there is none yet.
fn verdict<'a>(outcome: &'a mut BatchOutcome, id: &str) -> &'a mut ItemVerdict {
    let at = match outcome.verdicts.iter().position(|v| v.id == id) {
        Some(i) => i,
        None => {
            outcome.verdicts.push(ItemVerdict {
                id: id.to_string(),
                ..ItemVerdict::default()
            });
            outcome.verdicts.len() - 1
        }
    };
    &mut outcome.verdicts[at]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn a_batch_body_has_meta_s_fields_and_prices() {
        let sgd = Currency::from_code("SGD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let item = CatalogItem {
            id: "TEE-M".into(),
            title: "Tee".into(),
            description: "Soft".into(),
            availability: "in stock".into(),
            condition: "new".into(),
            price: Money::new(1250, sgd),
            sale_price: Some(Money::new(990, sgd)),
            link: String::new(),
            images: vec!["https://i/1.jpg".into(), "https://i/2.png".into()],
            brand: "Acme".into(),
            item_group_id: "TEE".into(),
            inventory: Some(-2),
        };
        let body = batch_body(&[
            CatalogRequest::Update(item),
            CatalogRequest::Delete { id: "OLD".into() },
        ]);
        assert_eq!(
            body,
            json!({"item_type": "PRODUCT_ITEM", "allow_upsert": true, "requests": [
                {"method": "UPDATE", "data": {"id": "TEE-M", "title": "Tee",
                  "description": "Soft", "availability": "in stock", "condition": "new",
                  "price": "12.50 SGD", "sale_price": "9.90 SGD",
                  "image_link": "https://i/1.jpg", "additional_image_link": ["https://i/2.png"],
                  "brand": "Acme", "item_group_id": "TEE", "inventory": 0}},
                {"method": "DELETE", "data": {"id": "OLD"}}
            ]})
        );
        assert_eq!(meta_price(Money::new(1500, jpy)), "1500 JPY");
    }
}
