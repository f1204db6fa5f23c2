//! `shopctl catalog ...`: import, export, list, show, add, edit, stock, archive, images.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, not_built};
use crate::error::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum CatalogCmd {
    /// Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)
    Import(ImportArgs),
    /// Export the catalog as CSV
    Export(ExportArgs),
    /// List products
    List(ListArgs),
    /// Show one product
    Show { sku: String },
    /// Images stored in the shop file
    #[command(subcommand)]
    Images(ImagesCmd),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectArg {
    Auto,
    Native,
    Shopify,
    Woocommerce,
    Meta,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    Upsert,
    Create,
    Update,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// CSV files to import, all in one transaction
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A folder of images: paths in the CSV are relative to it, and SKU.jpg / SKU-2.png are picked up
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,
    /// The file's layout [default: detected from the header row]
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    pub dialect: DialectArg,
    /// upsert creates or updates by SKU; create rejects existing SKUs; update rejects unknown ones
    #[arg(long, value_enum, default_value_t = ModeArg::Upsert)]
    pub mode: ModeArg,
    /// Check everything and report, but write nothing (exit 3 when rows are invalid)
    #[arg(long)]
    pub dry_run: bool,
    /// Write the valid rows and leave out the invalid ones (see --rejects)
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: write each rejected row here, with an `error` column
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// The currency of amounts that do not name one [default: the shop's]
    #[arg(long, value_name = "CUR")]
    pub currency: Option<String>,
    /// Amounts use a decimal comma (12,50)
    #[arg(long)]
    pub decimal_comma: bool,
    /// The file's text encoding when it is not UTF-8, e.g. windows-1252
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The layout to write
    #[arg(long, value_enum, default_value_t = DialectArg::Native)]
    pub dialect: DialectArg,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only products with this status (active, draft, archived)
    #[arg(long)]
    pub status: Option<String>,
    /// Only products whose SKU or title contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only products in this category
    #[arg(long, value_name = "C")]
    pub category: Option<String>,
    /// Only products with at most N in stock
    #[arg(long, value_name = "N")]
    pub low_stock: Option<i64>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ImagesCmd {
    /// Write every stored image to DIR, named by its hash
    Export { dir: PathBuf },
}

pub fn run(_ctx: &Ctx, cmd: CatalogCmd) -> Result<Outcome> {
    let what = match cmd {
        CatalogCmd::Import(_) => "catalog import",
        CatalogCmd::Export(_) => "catalog export",
        CatalogCmd::List(_) => "catalog list",
        CatalogCmd::Show { .. } => "catalog show",
        CatalogCmd::Images(_) => "catalog images",
    };
    not_built(what, 3)
}
