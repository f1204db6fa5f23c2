//! A row's images: each entry of its images cell resolved to a link (a URL, kept as it is),
//! the hash of an image already stored (a `HASH.jpg` name or a link under the shop's own base
//! URL, as `catalog export` writes them) or a new image file (relative to --images DIR or the
//! CSV's folder, checked against the shop's rules); then the files --images DIR holds for the
//! row's SKU. Every row's images are checked; only a written row's new images are stored.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::Connection;

use super::row::{Cell, cell_error};
use crate::catalog::IMAGE_BASE_URL;
use crate::catalog::images::{self, Checked, Pickup, Rules};
use crate::store::shop;

/// Resolves rows' images for one import.
pub struct Images<'c> {
    conn: &'c Connection,
    /// --images DIR.
    dir: Option<PathBuf>,
    /// `catalog.image_base_url`.
    base_url: Option<String>,
    rules: Rules,
    /// The files in --images DIR named for a SKU (`SKU.jpg`, `SKU-2.png`).
    pickup: Pickup,
}

/// What a row's images came to.
#[derive(Debug, Default)]
pub struct RowImages {
    /// Links and hashes in the order given, each once: the product's `images`.
    pub refs: Vec<String>,
    /// Images not stored yet, to store if the row is written.
    pub new: Vec<Checked>,
}

impl RowImages {
    fn add(&mut self, reference: String) {
        if !self.refs.contains(&reference) {
            self.refs.push(reference);
        }
    }

    fn add_new(&mut self, img: Checked) {
        self.add(img.hash.clone());
        self.new.push(img);
    }
}

enum Resolved {
    /// A URL kept as a link, or the hash of an image already stored.
    Link(String),
    New(Checked),
}

impl<'c> Images<'c> {
    pub fn new(conn: &'c Connection, dir: Option<&Path>, pickup: Pickup) -> Result<Images<'c>> {
        Ok(Images {
            conn,
            dir: dir.map(Path::to_path_buf),
            base_url: shop::setting(conn, IMAGE_BASE_URL)?,
            rules: Rules::load(conn)?,
            pickup,
        })
    }

    /// Resolves the row's images `cell` and picks up files for `sku`; what is wrong goes to
    /// `errors`. `csv_dir` is the folder of the CSV being read.
    pub fn for_row(
        &self,
        cell: &Cell,
        sku: &str,
        csv_dir: &Path,
        errors: &mut Vec<String>,
    ) -> RowImages {
        let mut out = RowImages::default();
        for entry in cell
            .text
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            match self.resolve(entry, csv_dir) {
                Ok(Resolved::Link(s)) => out.add(s),
                Ok(Resolved::New(img)) => out.add_new(img),
                Err(reason) => errors.push(cell_error(cell.col, entry, &reason)),
            }
        }
        if !sku.is_empty() && !self.pickup.is_empty() {
            for path in self.pickup.for_sku(sku) {
                match read_image(path, self.rules) {
                    Ok(img) => out.add_new(img),
                    Err(reason) => errors.push(format!("image {}: {reason}", path.display())),
                }
            }
        }
        out
    }

    /// Stores a written row's new images (each once); returns how many were new to the file.
    pub fn store(&self, new: &[Checked], now: &str) -> Result<u64> {
        let mut stored = 0;
        for img in new {
            if images::store(self.conn, img, now)? {
                stored += 1;
            }
        }
        Ok(stored)
    }

    fn resolve(&self, entry: &str, csv_dir: &Path) -> Result<Resolved, String> {
        if entry.contains("://") {
            // A link under the shop's own base URL is a stored image (an export of this shop).
            if let Some(base) = &self.base_url
                && let Some(file) = entry.strip_prefix(base.trim_end_matches('/'))
            {
                let stem = file.trim_start_matches('/');
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                if self.is_stored(stem) {
                    return Ok(Resolved::Link(stem.to_string()));
                }
            }
            return Ok(Resolved::Link(entry.to_string()));
        }
        let mut looked = Vec::new();
        for dir in self
            .dir
            .as_deref()
            .into_iter()
            .chain(std::iter::once(csv_dir))
        {
            let path = dir.join(entry);
            if path.is_file() {
                return read_image(&path, self.rules).map(Resolved::New);
            }
            looked.push(dir.display().to_string());
        }
        // A stored image's hash (what `catalog export` writes, with or without extension).
        let stem = entry
            .strip_suffix(".jpg")
            .or_else(|| entry.strip_suffix(".png"))
            .unwrap_or(entry);
        if self.is_stored(stem) {
            return Ok(Resolved::Link(stem.to_string()));
        }
        Err(format!(
            "no such file (looked in {}); pass --images DIR for the folder that holds it",
            looked.join(" and ")
        ))
    }

    fn is_stored(&self, stem: &str) -> bool {
        images::is_hash(stem) && images::exists(self.conn, stem).unwrap_or(false)
    }
}

fn read_image(path: &Path, rules: Rules) -> Result<Checked, String> {
    images::read_file(path, rules)
}
