//! Planning a publish (`Planner`): which products to send and as what, one batch at a time,
//! from the pending entries (an import's `catalog_scan` expanded in place, page by page) or,
//! in a full publish, from every SKU. Reads only; `super` sends and records.

use anyhow::Result;
use rusqlite::{Connection, params};

use super::{CatalogSummary, PENDING, PublishOptions};
use crate::catalog::chat_item::{self, ItemNote, ItemSettings};
use crate::catalog::chat_state::{self, ChatState};
use crate::channel::CATALOG_BATCH_MAX;
use crate::model::{CATALOG_SCAN_KIND, CatalogRequest, ProductStatus};

/// One request planned, with what settles it.
#[derive(Clone, Debug)]
pub struct Planned {
    pub request: CatalogRequest,
    /// The outbox entry it answers (none in a full publish, or for a product an import's scan
    /// listed: the scan is settled once the whole run is done).
    pub entry: Option<i64>,
    /// The import's scan entry that listed the product, if one did.
    pub scan: Option<i64>,
    pub data_hash: String,
}

/// What a plan found beside its requests.
#[derive(Clone, Debug, Default)]
pub struct PlanNotes {
    /// Products with stored images sent without them (no `catalog.image_base_url`).
    pub images_left_out: usize,
    /// `SKU: title cut to 200 characters`, ...
    pub cuts: Vec<String>,
}

/// Approximate JSON bytes of one batch past which it is closed even below
/// `CATALOG_BATCH_MAX` requests: Meta refuses bodies over 28 MB.
const BATCH_BYTES: usize = 20 * 1024 * 1024;

/// Entries (or products, in a full publish or a scan) read at a time.
const PAGE: i64 = 1000;

/// Plans the requests that bring the chat in step, one batch at a time, reading a page of
/// entries (or products) at a time: memory holds a batch, never the catalog. Reads only.
pub struct Planner {
    opts: PublishOptions,
    settings: ItemSettings,
    after: i64,
    after_sku: String,
    /// The import's scan being expanded.
    scan: Option<Scan>,
    /// Planned, not yet handed out (a batch closed on the size limit leaves its next item).
    ready: Vec<Planned>,
    exhausted: bool,
    pub notes: PlanNotes,
}

/// An import's `catalog_scan` entry, expanded page by page: the products whose `updated_at`
/// is the import's time, in rowid order.
struct Scan {
    entry: i64,
    updated_at: String,
    after_rowid: i64,
}

/// A product to plan, and the entry that named it.
struct Due {
    entry: Option<i64>,
    scan: Option<i64>,
    sku: String,
}

impl Planner {
    pub fn new(conn: &Connection, opts: PublishOptions) -> Result<Planner> {
        Ok(Planner {
            opts,
            settings: ItemSettings::load(conn)?,
            after: 0,
            after_sku: String::new(),
            scan: None,
            ready: Vec::new(),
            exhausted: false,
            notes: PlanNotes::default(),
        })
    }

    /// The next batch (at most `CATALOG_BATCH_MAX` requests and about `BATCH_BYTES`), or
    /// None when everything is planned. Each product is planned once: `supersede` has left
    /// one pending entry at most for it, and a full publish lists each SKU once.
    pub fn next_batch(
        &mut self,
        conn: &Connection,
        counts: &mut CatalogSummary,
    ) -> Result<Option<Vec<Planned>>> {
        let mut bytes: usize = self.ready.iter().map(|p| approx_size(&p.request)).sum();
        while self.ready.len() < CATALOG_BATCH_MAX && bytes < BATCH_BYTES && !self.exhausted {
            let page = self.page(conn)?;
            if page.is_empty() {
                self.exhausted = true;
                break;
            }
            for due in page {
                match plan_one(
                    conn,
                    &self.settings,
                    &due.sku,
                    self.opts.full,
                    &mut self.notes,
                )? {
                    Some(p) => {
                        bytes += approx_size(&p.request);
                        self.ready.push(Planned {
                            entry: due.entry,
                            scan: due.scan,
                            ..p
                        });
                    }
                    None => counts.unchanged += 1,
                }
            }
        }
        if self.ready.is_empty() {
            return Ok(None);
        }
        // Close the batch at the count and size limits; the rest waits for the next call.
        let mut size = 0;
        let mut take = 0;
        for p in self.ready.iter().take(CATALOG_BATCH_MAX) {
            size += approx_size(&p.request);
            if take > 0 && size > BATCH_BYTES {
                break;
            }
            take += 1;
        }
        let rest = self.ready.split_off(take);
        Ok(Some(std::mem::replace(&mut self.ready, rest)))
    }

    /// The next page of products to plan: every SKU in a full publish; else the pending
    /// entries in order, an import's scan expanded in place (its products, page by page).
    fn page(&mut self, conn: &Connection) -> Result<Vec<Due>> {
        if self.opts.full {
            let skus = skus_after(conn, &self.after_sku, PAGE)?;
            if let Some(last) = skus.last() {
                self.after_sku = last.clone();
            }
            return Ok(skus
                .into_iter()
                .map(|sku| Due {
                    entry: None,
                    scan: None,
                    sku,
                })
                .collect());
        }
        loop {
            if let Some(scan) = &mut self.scan {
                let rows = scanned_after(conn, &scan.updated_at, scan.after_rowid, PAGE)?;
                if let Some((rowid, _)) = rows.last() {
                    scan.after_rowid = *rowid;
                    let id = scan.entry;
                    return Ok(rows
                        .into_iter()
                        .map(|(_, sku)| Due {
                            entry: None,
                            scan: Some(id),
                            sku,
                        })
                        .collect());
                }
                self.scan = None;
            }
            let mut out = Vec::new();
            for (id, kind, subject) in pending_after(conn, self.after, PAGE)? {
                if kind == CATALOG_SCAN_KIND {
                    if out.is_empty() {
                        self.after = id;
                        self.scan = Some(Scan {
                            entry: id,
                            updated_at: subject,
                            after_rowid: 0,
                        });
                    }
                    break;
                }
                self.after = id;
                out.push(Due {
                    entry: Some(id),
                    scan: None,
                    sku: subject,
                });
            }
            if !out.is_empty() || self.scan.is_none() {
                return Ok(out);
            }
        }
    }
}

/// What to send for `sku` now, if anything.
fn plan_one(
    conn: &Connection,
    settings: &ItemSettings,
    sku: &str,
    full: bool,
    notes: &mut PlanNotes,
) -> Result<Option<Planned>> {
    let product = crate::catalog::load(conn, sku)?;
    let last = chat_state::load(conn, sku)?;
    let shown = last.as_ref().is_some_and(|l| l.state != ChatState::Deleted);
    let active = product
        .as_ref()
        .filter(|p| p.status == ProductStatus::Active);
    let Some(p) = active else {
        // Not for sale (or gone): off the chat if it may be there.
        return Ok((shown || (full && last.is_some())).then(|| Planned {
            request: CatalogRequest::Delete {
                id: sku.to_string(),
            },
            entry: None,
            scan: None,
            data_hash: String::new(),
        }));
    };
    let built = chat_item::chat_item(conn, settings, p)?;
    let hash = chat_state::data_hash(&built.item)?;
    if !full
        && last
            .as_ref()
            .is_some_and(|l| l.state != ChatState::Deleted && l.data_hash == hash)
    {
        return Ok(None);
    }
    for note in &built.notes {
        match note {
            ItemNote::ImagesNeedBaseUrl => notes.images_left_out += 1,
            ItemNote::TitleCut => notes.cuts.push(format!(
                "{sku}: the title is longer than {} characters; the chat shows it cut at a word",
                chat_item::TITLE_MAX
            )),
            ItemNote::DescriptionCut => notes.cuts.push(format!(
                "{sku}: the description is longer than {} characters (as text); the chat shows \
                 it cut at a word",
                chat_item::DESCRIPTION_MAX
            )),
        }
    }
    Ok(Some(Planned {
        request: CatalogRequest::Update(built.item),
        entry: None,
        scan: None,
        data_hash: hash,
    }))
}

fn approx_size(r: &CatalogRequest) -> usize {
    match r {
        CatalogRequest::Update(i) => {
            200 + i.title.len()
                + i.description.len()
                + i.link.len()
                + i.images.iter().map(|l| l.len() + 3).sum::<usize>()
                + i.brand.len()
        }
        CatalogRequest::Delete { id } => 40 + id.len(),
    }
}

/// Pending catalog entries after `after`: (id, kind, subject).
fn pending_after(conn: &Connection, after: i64, limit: i64) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, kind, subject FROM outbox WHERE {PENDING} AND id > ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An import's products after `after_rowid`, in rowid order: those still stamped with its
/// time. One pass over the products for the whole scan (each page starts where the last one
/// ended); no index on `updated_at`, which the import would pay for on every row.
fn scanned_after(
    conn: &Connection,
    updated_at: &str,
    after_rowid: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, sku FROM products WHERE rowid > ?1 AND updated_at = ?2
         ORDER BY rowid LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![after_rowid, updated_at, limit], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every SKU the chat should hear about in a full publish: the catalog's, and those the chat
/// was told about that are no longer in it.
fn skus_after(conn: &Connection, after: &str, limit: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku FROM products WHERE sku > ?1
         UNION SELECT sku FROM chat_items WHERE sku > ?1
         ORDER BY 1 LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
