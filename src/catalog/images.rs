//! Product images stored in the shop file, once each, by the sha256 of their bytes.
//!
//! WhatsApp/Meta catalog rules are checked before storing: JPEG or PNG (sniffed from the bytes,
//! never the file name), at least 500x500 pixels, at most 8 MB. A shop can change the limits
//! with the settings below.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::files;
use crate::store::shop;

/// Setting: the smallest width and height accepted, in pixels (default 500).
pub const MIN_PIXELS: &str = "catalog.image_min_pixels";
/// Setting: the largest file accepted, in bytes (default 8 MB).
pub const MAX_BYTES: &str = "catalog.image_max_bytes";

/// The rules an image must meet.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub min_pixels: u64,
    pub max_bytes: u64,
}

impl Rules {
    pub fn load(conn: &Connection) -> Result<Rules> {
        let num = |key: &str, default: u64| -> Result<u64> {
            match shop::setting(conn, key)? {
                Some(v) => v
                    .trim()
                    .parse()
                    .with_context(|| format!("setting {key} = \"{v}\" is not a whole number")),
                None => Ok(default),
            }
        };
        Ok(Rules {
            min_pixels: num(MIN_PIXELS, 500)?,
            max_bytes: num(MAX_BYTES, 8 * 1024 * 1024)?,
        })
    }
}

/// An image that passed the rules.
#[derive(Clone, Debug)]
pub struct Checked {
    pub hash: String,
    pub mime: &'static str,
    pub width: u64,
    pub height: u64,
    pub bytes: Vec<u8>,
}

/// Checks bytes against the rules. The error says which rule and what was found.
pub fn check(bytes: Vec<u8>, rules: Rules) -> Result<Checked, String> {
    let hash = Sha256::digest(&bytes);
    check_hashed(bytes, hex::encode(hash), rules)
}

/// `check` for bytes whose sha256 (`hash`, lowercase hex) is known.
fn check_hashed(bytes: Vec<u8>, hash: String, rules: Rules) -> Result<Checked, String> {
    let size = bytes.len() as u64;
    if size > rules.max_bytes {
        return Err(too_large(size, rules));
    }
    let mime = match imagesize::image_type(&bytes) {
        Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
        Ok(imagesize::ImageType::Png) => "image/png",
        Ok(other) => {
            return Err(format!(
                "is a {other:?} image; WhatsApp catalogs take JPEG or PNG only"
            ));
        }
        Err(_) => return Err("is not a JPEG or PNG image".into()),
    };
    let dim = imagesize::blob_size(&bytes)
        .map_err(|_| "is a damaged image: its size cannot be read".to_string())?;
    let (width, height) = (dim.width as u64, dim.height as u64);
    if width < rules.min_pixels || height < rules.min_pixels {
        return Err(format!(
            "is {width}x{height} pixels; WhatsApp catalogs need at least {m}x{m}",
            m = rules.min_pixels
        ));
    }
    Ok(Checked {
        hash,
        mime,
        width,
        height,
        bytes,
    })
}

/// Reads an image file and checks it, in bounded memory: a device, a pipe or a folder is
/// refused without opening it, a file larger than the rules allow without reading it, and the
/// bytes are hashed as they are read, never more than the limit and one byte (a file that
/// grows meanwhile is refused too). `catalog add/edit --image` and `catalog import` both read
/// through here.
pub fn read_file(path: &Path, rules: Rules) -> Result<Checked, String> {
    let cannot = |e: std::io::Error| format!("cannot read it ({e})");
    // stat, not open: opening a pipe would wait for a writer.
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err("is not a regular file; give a JPEG or PNG file".into());
    }
    if meta.len() > rules.max_bytes {
        return Err(too_large(meta.len(), rules));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut reader = file.take(rules.max_bytes + 1);
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let mut hasher = Sha256::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(cannot(e)),
        };
        hasher.update(&chunk[..n]);
        bytes.extend_from_slice(&chunk[..n]);
    }
    if bytes.len() as u64 > rules.max_bytes {
        return Err(too_large(bytes.len() as u64, rules));
    }
    check_hashed(bytes, hex::encode(hasher.finalize()), rules)
}

/// The reason for a file over the size limit.
pub fn too_large(size: u64, rules: Rules) -> String {
    format!(
        "is {}; WhatsApp catalogs take at most {}",
        human_bytes(size),
        human_bytes(rules.max_bytes)
    )
}

fn human_bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// Stores a checked image unless the same bytes are already there. True when it was new.
pub fn store(conn: &Connection, image: &Checked, now: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO images (hash, mime, width, height, size, data, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            image.hash,
            image.mime,
            image.width as i64,
            image.height as i64,
            image.bytes.len() as i64,
            image.bytes,
            now
        ])?;
    Ok(n > 0)
}

/// True when an image with this hash is stored.
pub fn exists(conn: &Connection, hash: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM images WHERE hash = ?1")?
        .exists([hash])?)
}

/// The file name an image is exported under: its hash and an extension from its type.
pub fn file_name(hash: &str, mime: &str) -> String {
    let ext = if mime == "image/png" { "png" } else { "jpg" };
    format!("{hash}.{ext}")
}

/// The stored mime type of a hash, if stored.
pub fn mime_of(conn: &Connection, hash: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT mime FROM images WHERE hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?)
}

/// True for a 64-character lowercase hex string: a stored image's hash.
pub fn is_hash(entry: &str) -> bool {
    entry.len() == 64
        && entry
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What `export` did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// Files written (new to the folder).
    pub written: usize,
    /// Files already there under the same name and size: the name is the content's hash, so
    /// they are the same bytes and are left alone, only given `mode` (a second export writes
    /// only new images, and `rsync` or `aws s3 sync` of the folder uploads only those).
    pub already_there: usize,
}

/// Writes every stored image to `dir` as `file_name(hash, mime)` (HASH.jpg / HASH.png: the
/// names `catalog.image_base_url` links point at), each file with `mode` (and the folders made
/// for them with the matching folder mode). Each file is written whole or not at all: a file
/// named for a hash always holds those bytes.
pub fn export(conn: &Connection, dir: &Path, mode: u32) -> Result<Exported> {
    use std::os::unix::fs::PermissionsExt;
    files::create_dir_all(dir, files::dir_mode_for(mode))?;
    files::clean_stale(dir);
    let mut stmt = conn.prepare("SELECT hash, mime, size FROM images ORDER BY hash")?;
    let mut data = conn.prepare("SELECT data FROM images WHERE hash = ?1")?;
    let mut rows = stmt.query([])?;
    let mut done = Exported::default();
    while let Some(row) = rows.next()? {
        let hash: String = row.get(0)?;
        let mime: String = row.get(1)?;
        let size: i64 = row.get(2)?;
        let path = dir.join(file_name(&hash, &mime));
        if let Ok(m) = std::fs::metadata(&path)
            && m.is_file()
            && m.len() == size as u64
        {
            if m.permissions().mode() & 0o7777 != mode {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                    .with_context(|| format!("cannot set the mode of {}", path.display()))?;
            }
            done.already_there += 1;
            continue;
        }
        let bytes: Vec<u8> = data.query_row([&hash], |r| r.get(0))?;
        let mut file = files::AtomicFile::new(&path, mode)?;
        file.file()
            .write_all(&bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.commit(files::Replace::Yes)?;
        done.written += 1;
    }
    Ok(done)
}

/// Files in an `--images` folder named after a SKU: `SKU.jpg`, `SKU-2.png`, ... Read once, so
/// that a million rows do not each probe the disk.
#[derive(Default)]
pub struct Pickup {
    by_sku: HashMap<String, Vec<(u32, PathBuf)>>,
}

impl Pickup {
    pub fn scan(dir: &Path) -> Result<Pickup> {
        let mut by_sku: HashMap<String, Vec<(u32, PathBuf)>> = HashMap::new();
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the images folder {}", dir.display()))?;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some((stem, ext)) = name.rsplit_once('.') else {
                continue;
            };
            if !["jpg", "jpeg", "png"].contains(&ext.to_ascii_lowercase().as_str()) {
                continue;
            }
            // `SKU.png` is the first image, `SKU-2.png` the second...
            by_sku
                .entry(stem.to_string())
                .or_default()
                .push((1, entry.path()));
            // ...and a SKU that itself ends in -N (`TEE-1.png`) is also offered whole above.
            if let Some((sku, n)) = stem.rsplit_once('-')
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
            {
                let n = n.parse().unwrap_or(u32::MAX);
                by_sku
                    .entry(sku.to_string())
                    .or_default()
                    .push((n, entry.path()));
            }
        }
        for list in by_sku.values_mut() {
            list.sort();
        }
        Ok(Pickup { by_sku })
    }

    /// The files for `sku`, `SKU.ext` first, then `SKU-2`, `SKU-3`...
    pub fn for_sku(&self, sku: &str) -> impl Iterator<Item = &Path> {
        self.by_sku
            .get(sku)
            .into_iter()
            .flatten()
            .map(|(_, p)| p.as_path())
    }

    pub fn is_empty(&self) -> bool {
        self.by_sku.is_empty()
    }
}
