//! `shopctl catalog ...`: import (`import.rs`), export, list, show, add, edit (`edit.rs`),
//! stock, archive, images.

mod edit;
mod import;

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{Value, json};

pub use self::edit::EditArgs;
pub use self::import::ImportArgs;

use super::{Ctx, args};
use crate::catalog::edit::{self as core_edit, Fields, Filter, StockChange, StockLevel};
use crate::catalog::import::Dialect;
use crate::catalog::{self, Product, images, spreadsheet};
use crate::error::Outcome;
use crate::files;
use crate::model::ProductStatus;
use crate::output::{Page, Pick};

#[derive(Debug, clap::Subcommand)]
pub enum CatalogCmd {
    /// Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)
    #[command(after_help = super::examples!(
        "shopctl catalog import products.csv --images photos/",
        "shopctl catalog import shopify-export.csv --dry-run",
        "shopctl catalog import feed.csv --skip-invalid --rejects rejects.csv",
    ))]
    Import(ImportArgs),
    /// Export the catalog as CSV
    #[command(after_help = super::examples!(
        "shopctl catalog export -o products.csv",
        "shopctl catalog export --dialect meta -o meta-feed.csv",
    ))]
    Export(ExportArgs),
    /// List products
    #[command(after_help = super::examples!(
        "shopctl catalog list --low-stock 5",
        "shopctl catalog list --status draft --search mug",
        "shopctl --format csv catalog list --columns sku,price,stock",
    ))]
    List(ListArgs),
    /// Show one product
    #[command(after_help = super::examples!("shopctl catalog show KOPI-MUG"))]
    Show {
        /// The product's SKU
        sku: String,
    },
    /// Add a product (in the shop's currency)
    #[command(after_help = super::examples!(
        "shopctl catalog add KAYA-JAR --title \"Kaya jam\" --price 7.50 --stock 40",
    ))]
    Add(AddArgs),
    /// Change products' fields: one SKU, several, --search, --group, or an update file
    #[command(after_help = super::examples!(
        "shopctl catalog edit KOPI-MUG --price 12.90",
        "shopctl catalog edit --group batik-tee --price-change +10% --dry-run",
        "shopctl catalog edit --from prices.csv   # a sku,price file",
    ))]
    Edit(Box<EditArgs>),
    /// Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops
    #[command(after_help = super::examples!(
        "shopctl catalog stock KOPI-MUG +12   # a delivery came in",
        "shopctl catalog stock KOPI-MUG 30    # after counting the shelf",
        "shopctl catalog stock E-BOOK untracked   # always sellable, never counted",
    ))]
    Stock {
        /// The product's SKU
        sku: String,
        /// +N adds N, -N takes N away, N sets the count to N, untracked stops counting
        #[arg(allow_hyphen_values = true)]
        change: StockChange,
    },
    /// Stop selling products (they stay in the shop file)
    #[command(after_help = super::examples!("shopctl catalog archive OLD-MUG OLD-TEE-S"))]
    Archive {
        /// The SKUs to archive
        #[arg(required = true)]
        skus: Vec<String>,
    },
    /// Images stored in the shop file
    #[command(
        subcommand,
        after_help = super::examples!("shopctl catalog images export public/images")
    )]
    Images(ImagesCmd),
    /// Publish the catalog to the chat storefront now (what `sync` does for the catalog)
    #[command(after_help = super::examples!(
        "shopctl catalog publish --dry-run",
        "shopctl catalog publish --full",
    ))]
    Publish(PublishArgs),
}

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Print the batches that would be sent (JSON, Meta's items_batch requests); send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Send every product again, not only changed ones (a new catalog, or one edited by hand
    /// in Commerce Manager)
    #[arg(long)]
    pub full: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectArg {
    /// Detect the layout from the header row (imports only)
    Auto,
    /// shopctl's own columns
    Native,
    /// A Shopify products export
    Shopify,
    /// A WooCommerce products export
    Woocommerce,
    /// A Meta (Facebook/WhatsApp) catalog feed
    Meta,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The layout to write
    #[arg(long, value_enum, default_value_t = DialectArg::Native)]
    pub dialect: DialectArg,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// For opening in a spreadsheet: put a ' before every cell that starts with = + - @, a
    /// tab or a carriage return, so that it is not run as a formula (the file is then not an
    /// exact copy of the catalog)
    #[arg(long)]
    pub spreadsheet_safe: bool,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only products with this status
    #[arg(long, value_parser = args::vocab::<ProductStatus>())]
    pub status: Option<ProductStatus>,
    /// Only products whose SKU or title contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only products in this category
    #[arg(long, value_name = "C")]
    pub category: Option<String>,
    /// Only products with at most N in stock (stock that is not tracked is never low)
    #[arg(long, value_name = "N")]
    pub low_stock: Option<i64>,
    /// At most N products (a table shows 50 unless told)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Every product, also in a table
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Only products the chat's catalog refused or warned about, with what it said
    #[arg(long)]
    pub channel_errors: bool,
    #[command(flatten)]
    pub pick: Pick,
}

#[derive(Debug, clap::Subcommand)]
pub enum ImagesCmd {
    /// Write every stored image to DIR, named by its hash
    #[command(after_help = super::examples!(
        "shopctl catalog images export public/images",
        "shopctl catalog images export /var/www/shop/images   # served as catalog.image_base_url",
    ))]
    Export {
        /// The folder to write to (made if missing)
        #[arg(value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
        /// The files' mode, in octal: 644 lets a web host read them (folders made for them
        /// get 755). Default: 600, only you
        #[arg(long, value_name = "MODE", value_parser = files::parse_mode)]
        mode: Option<u32>,
    },
}

/// Product fields shared by `add` and `edit`.
#[derive(Debug, clap::Args)]
pub struct FieldArgs {
    /// The product's name
    #[arg(long)]
    pub title: Option<String>,
    /// The price in the shop's currency, e.g. 12.50
    #[arg(long)]
    pub price: Option<String>,
    /// The sale price ("" ends the sale)
    #[arg(long)]
    pub sale_price: Option<String>,
    /// Units in stock, or `untracked` (always sellable, never counted)
    #[arg(long, value_name = "N|untracked", allow_hyphen_values = true)]
    pub stock: Option<StockLevel>,
    /// Whether it is for sale
    #[arg(long, value_parser = args::vocab::<ProductStatus>())]
    pub status: Option<ProductStatus>,
    /// What customers read about it
    #[arg(long)]
    pub description: Option<String>,
    /// The product's category, e.g. Apparel
    #[arg(long)]
    pub category: Option<String>,
    /// The brand
    #[arg(long)]
    pub brand: Option<String>,
    /// new, used, refurbished...
    #[arg(long)]
    pub condition: Option<String>,
    /// Name=Value;Name=Value (e.g. Color=Red;Size=M)
    #[arg(long)]
    pub options: Option<String>,
    /// The product page URL
    #[arg(long)]
    pub link: Option<String>,
    /// A JPEG or PNG file to attach (repeat for more; replaces the product's images)
    #[arg(long = "image", value_name = "FILE")]
    pub images: Vec<PathBuf>,
}

impl FieldArgs {
    /// The fields, with the group (`add --group`, `edit --set-group`) given apart: on `edit`,
    /// `--group` selects products.
    fn fields(self, group: Option<String>) -> Fields {
        Fields {
            title: self.title,
            description: self.description,
            group,
            status: self.status.map(|s| s.as_str().to_string()),
            price: self.price,
            sale_price: self.sale_price,
            stock: self.stock,
            category: self.category,
            brand: self.brand,
            condition: self.condition,
            options: self.options,
            link: self.link,
            images: (!self.images.is_empty()).then_some(self.images),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The new product's SKU
    pub sku: String,
    /// The variant group (products with the same group are variants of one product)
    #[arg(long)]
    pub group: Option<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// One row of `catalog list` (DESIGN.md, "Output"); its fields, in order of importance, are
/// the JSON keys and the columns. `catalog show` starts from it too.
#[derive(Default, Serialize)]
struct ListRow {
    sku: String,
    title: String,
    price: String,
    sale_price: Option<String>,
    currency: &'static str,
    /// null when stock is not tracked (always sellable).
    stock: Option<i64>,
    stock_tracked: bool,
    status: &'static str,
    group: String,
    image_count: usize,
    /// Hashes of stored images and links kept from a CSV (tables leave this out).
    images: Vec<String>,
}

impl ListRow {
    fn of(p: &Product) -> ListRow {
        let images: Vec<String> = p
            .images
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        ListRow {
            sku: p.sku.clone(),
            title: p.title.clone(),
            price: p.price.to_major_string(),
            sale_price: p.sale_price.map(|m| m.to_major_string()),
            currency: p.price.currency.code(),
            stock: p.stock,
            stock_tracked: p.stock.is_some(),
            status: p.status.as_str(),
            group: p.group.clone(),
            image_count: images.len(),
            images,
        }
    }
}

/// One row of `catalog list --channel-errors`.
#[derive(Default, Serialize)]
struct ChatProblemRow {
    sku: String,
    state: &'static str,
    errors: String,
    warnings: String,
    sent_at: String,
}

impl ChatProblemRow {
    fn of(s: catalog::chat_state::ChatItemState) -> ChatProblemRow {
        ChatProblemRow {
            sku: s.sku,
            state: s.state.as_str(),
            errors: s.errors.join("; "),
            warnings: s.warnings.join("; "),
            sent_at: s.sent_at,
        }
    }
}

/// `catalog show`: the list row's keys, then the rest of the product.
fn show_doc(p: &Product) -> Result<Value> {
    let mut doc = serde_json::to_value(ListRow::of(p))?;
    let map = doc.as_object_mut().context("a list row is an object")?;
    for (k, v) in [
        ("description", &p.description),
        ("category", &p.category),
        ("brand", &p.brand),
        ("condition", &p.condition),
        ("options", &p.options),
        ("availability", &p.availability),
        ("link", &p.link),
    ] {
        map.insert(k.to_string(), Value::String(v.clone()));
    }
    Ok(doc)
}

/// The next step after a change the provider must learn.
const NEXT_SYNC: &str = "next: `shopctl sync` pushes the change to the provider";

pub fn run(ctx: &Ctx, cmd: CatalogCmd) -> Result<Outcome> {
    match cmd {
        CatalogCmd::Import(args) => import::run(ctx, args),
        CatalogCmd::Export(args) => export_cmd(ctx, args),
        CatalogCmd::List(args) if args.channel_errors => {
            let store = ctx.open()?;
            let rows = catalog::chat_state::with_problems(store.conn())?;
            ctx.out.rows(rows.into_iter().map(ChatProblemRow::of))?;
            Ok(Outcome::Done)
        }
        CatalogCmd::Publish(args) => super::publish::run(ctx, args),
        CatalogCmd::List(args) => list_cmd(ctx, args),
        CatalogCmd::Show { sku } => show_cmd(ctx, sku),
        CatalogCmd::Add(args) => {
            let mut store = ctx.open()?;
            let currency = store.shop()?.currency;
            let fields = args.fields.fields(args.group);
            let p = store.write(|tx| core_edit::add(tx, &args.sku, currency, &fields, ctx.now))?;
            ctx.out.summary_object(&show_doc(&p)?)?;
            ctx.out.hint(NEXT_SYNC);
            Ok(Outcome::Done)
        }
        CatalogCmd::Edit(args) => edit::run(ctx, *args),
        CatalogCmd::Stock { sku, change } => stock_cmd(ctx, sku, change),
        CatalogCmd::Archive { skus } => archive_cmd(ctx, skus),
        CatalogCmd::Images(ImagesCmd::Export { dir, mode }) => images_export_cmd(ctx, dir, mode),
    }
}

fn list_cmd(ctx: &Ctx, args: ListArgs) -> Result<Outcome> {
    let store = ctx.open()?;
    let filter = Filter {
        status: args.status.map(|s| s.as_str().to_string()),
        search: args.search,
        category: args.category,
        low_stock: args.low_stock,
    };
    let (page, out) = (Page::new(args.limit, args.all), ctx.out.picked(&args.pick));
    let mut rows = out.writer::<ListRow>(page)?;
    core_edit::each(store.conn(), &filter, out.fetch(page), |p| {
        rows.row(ListRow::of(&p))
    })?;
    rows.finish(|| core_edit::count(store.conn(), &filter))?;
    Ok(Outcome::Done)
}

fn show_cmd(ctx: &Ctx, sku: String) -> Result<Outcome> {
    let store = ctx.open()?;
    let p = catalog::load(store.conn(), &sku)?.with_context(|| {
        format!(
            "unknown SKU \"{sku}\": it is not in the catalog (see `shopctl catalog list --search`)"
        )
    })?;
    let mut doc = show_doc(&p)?;
    doc["chat"] = match catalog::chat_state::load(store.conn(), &sku)? {
        Some(state) => serde_json::to_value(state)?,
        // The same keys as a published one (scripts read one shape), nulls for what
        // was never sent.
        None => json!({
            "sku": sku,
            "state": "not_published",
            "errors": [],
            "warnings": [],
            "batch": null,
            "sent_at": null,
        }),
    };
    ctx.out.object(&doc)?;
    Ok(Outcome::Done)
}

fn stock_cmd(ctx: &Ctx, sku: String, change: StockChange) -> Result<Outcome> {
    let mut store = ctx.open()?;
    let (before, after) = store.write(|tx| core_edit::stock(tx, &sku, change, ctx.now))?;
    let level = |s: Option<i64>| s.map_or_else(|| "untracked".to_string(), |n| n.to_string());
    ctx.out.summary(
        &json!({
            "sku": sku,
            "previous_stock": before,
            "stock": after,
            "stock_tracked": after.is_some(),
        }),
        &if before == after {
            format!("{sku}: stock stays {}", level(after))
        } else {
            format!("{sku}: stock {} → {}", level(before), level(after))
        },
    )?;
    if before != after {
        ctx.out.hint(NEXT_SYNC);
    }
    Ok(Outcome::Done)
}

fn archive_cmd(ctx: &Ctx, skus: Vec<String>) -> Result<Outcome> {
    let mut store = ctx.open()?;
    let changed = store.write(|tx| core_edit::archive(tx, &skus, ctx.now))?;
    let unchanged: Vec<&String> = skus.iter().filter(|s| !changed.contains(s)).collect();
    let mut text = Vec::new();
    if !changed.is_empty() {
        text.push(format!("archived {}", changed.join(", ")));
    }
    if !unchanged.is_empty() {
        let names: Vec<&str> = unchanged.iter().map(|s| s.as_str()).collect();
        text.push(format!("already archived: {}", names.join(", ")));
    }
    ctx.out.summary(
        &json!({"archived_skus": changed, "already_archived_skus": unchanged}),
        &text.join("; "),
    )?;
    if !changed.is_empty() {
        ctx.out.hint(NEXT_SYNC);
    }
    Ok(Outcome::Done)
}

fn images_export_cmd(ctx: &Ctx, dir: PathBuf, mode: Option<u32>) -> Result<Outcome> {
    let store = ctx.open()?;
    let done = images::export(store.conn(), &dir, mode.unwrap_or(files::PRIVATE_FILE))?;
    let n = done.written;
    ctx.out.summary(
        &json!({
            "written": n,
            "unchanged": done.already_there,
            "dir": dir.display().to_string()
        }),
        &format!(
            "wrote {n} image{} to {} ({} already there)",
            if n == 1 { "" } else { "s" },
            dir.display(),
            done.already_there
        ),
    )?;
    Ok(Outcome::Done)
}

fn dialect(arg: DialectArg) -> Option<Dialect> {
    match arg {
        DialectArg::Auto => None,
        DialectArg::Native => Some(Dialect::Native),
        DialectArg::Shopify => Some(Dialect::Shopify),
        DialectArg::Woocommerce => Some(Dialect::WooCommerce),
        DialectArg::Meta => Some(Dialect::Meta),
    }
}

fn export_cmd(ctx: &Ctx, args: ExportArgs) -> Result<Outcome> {
    let dialect = dialect(args.dialect)
        .context("--dialect auto is for imports; pass native, shopify, woocommerce or meta")?;
    let store = ctx.open()?;
    let n = match &args.output {
        // Whole or not at all: a failed or killed export leaves no half file at its name.
        Some(path) => files::write_whole(path, files::PRIVATE_FILE, |w| {
            spreadsheet::export(store.conn(), dialect, args.spreadsheet_safe, w)
        })?,
        None => {
            let stdout = std::io::stdout();
            let mut buf = std::io::BufWriter::new(stdout.lock());
            let result =
                spreadsheet::export(store.conn(), dialect, args.spreadsheet_safe, &mut buf)
                    .and_then(|n| {
                        std::io::Write::flush(&mut buf)
                            .map(|_| n)
                            .map_err(Into::into)
                    });
            match result {
                Ok(n) => n,
                Err(e) if is_broken_pipe(&e) => return Err(crate::error::BrokenPipe.into()),
                Err(e) => return Err(e),
            }
        }
    };
    ctx.out
        .verbose(&format!("exported {n} products ({})", dialect.name()));
    Ok(Outcome::Done)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}
