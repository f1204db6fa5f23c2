//! The bundled example catalog for `shopctl demo`: six products in SGD (one a variant group
//! of three sizes) with three small generated images (scripts/make-catalog-images.py), all
//! compiled into the binary so the demo needs no files and no network.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::files;

/// The example catalog in the native layout; image paths are relative to the CSV.
pub const EXAMPLE_CSV: &str = "\
sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link
BATIK-TEE-L,batik-tee,Batik tee,\"Soft cotton tee with a hand-drawn batik ring.\",active,29.00,24.00,SGD,8,Apparel > T-shirts,Lion City Goods,new,Size=L,batik-tee.png,
BATIK-TEE-M,batik-tee,Batik tee,\"Soft cotton tee with a hand-drawn batik ring.\",active,29.00,24.00,SGD,15,Apparel > T-shirts,Lion City Goods,new,Size=M,batik-tee.png,
BATIK-TEE-S,batik-tee,Batik tee,\"Soft cotton tee with a hand-drawn batik ring.\",active,29.00,24.00,SGD,10,Apparel > T-shirts,Lion City Goods,new,Size=S,batik-tee.png,
KAYA-JAR,,Kaya jam,\"Pandan coconut jam, 250 g.\",active,7.50,,SGD,40,Food > Spreads,Lion City Goods,new,,,
KOPI-MUG,,Kopi mug,\"Enamel mug for your morning kopi.\",active,14.90,,SGD,24,Home > Kitchen,Lion City Goods,new,,kopi-mug.jpg,
TOTE-BAG,,Shophouse tote bag,\"Canvas tote printed with a shophouse front.\",active,19.00,,SGD,30,Bags,Lion City Goods,new,,tote-bag.png,
";

/// The example's images: (file name, bytes).
pub const EXAMPLE_IMAGES: [(&str, &[u8]); 3] = [
    ("batik-tee.png", include_bytes!("demo_assets/batik-tee.png")),
    ("kopi-mug.jpg", include_bytes!("demo_assets/kopi-mug.jpg")),
    ("tote-bag.png", include_bytes!("demo_assets/tote-bag.png")),
];

/// Writes the example CSV and its images into `dir` (made if missing) and returns the CSV's
/// path, ready for `shopctl catalog import`.
pub fn write_example(dir: &Path) -> Result<PathBuf> {
    files::create_private_dir(dir)?;
    let write = |path: &Path, bytes: &[u8]| -> Result<()> {
        files::create_file(path, files::PRIVATE_FILE)?
            .write_all(bytes)
            .with_context(|| format!("cannot write {}", path.display()))
    };
    for (name, bytes) in EXAMPLE_IMAGES {
        write(&dir.join(name), bytes)?;
    }
    let csv = dir.join("example-catalog.csv");
    write(&csv, EXAMPLE_CSV.as_bytes())?;
    Ok(csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::images::{Rules, check};

    #[test]
    fn example_images_meet_the_whatsapp_rules() {
        let rules = Rules {
            min_pixels: 500,
            max_bytes: 8 * 1024 * 1024,
        };
        for (name, bytes) in EXAMPLE_IMAGES {
            assert!(bytes.len() < 8 * 1024, "{name} should stay a few KB");
            check(bytes.to_vec(), rules).unwrap_or_else(|e| panic!("{name} {e}"));
        }
    }
}
