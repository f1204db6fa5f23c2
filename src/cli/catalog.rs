//! `shopctl catalog ...`: import, export, list, show, add, edit, stock, archive, images.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{Value, json};

use super::{Ctx, args};
use crate::catalog::edit::{self, Fields, Filter, StockChange};
use crate::catalog::import::{self, Dialect, Mode};
use crate::catalog::{self, Product, export, images};
use crate::error::Outcome;
use crate::model::ProductStatus;
use crate::money::Currency;
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
    /// Change a product's fields
    #[command(after_help = super::examples!(
        "shopctl catalog edit KOPI-MUG --price 12.90",
        "shopctl catalog edit BATIK-TEE-M --sale-price \"\"   # end the sale",
    ))]
    Edit(EditArgs),
    /// Change stock: +N adds, -N takes away, N sets
    #[command(after_help = super::examples!(
        "shopctl catalog stock KOPI-MUG +12   # a delivery came in",
        "shopctl catalog stock KOPI-MUG 30    # after counting the shelf",
    ))]
    Stock {
        /// The product's SKU
        sku: String,
        /// +N adds N, -N takes N away, N sets the count to N
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Create new SKUs and update existing ones
    Upsert,
    /// Only create: an existing SKU is an invalid row
    Create,
    /// Only update: an unknown SKU is an invalid row
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
    /// The file's layout (auto: detected from the header row)
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
    /// Only products with this status
    #[arg(long, value_parser = args::vocab::<ProductStatus>())]
    pub status: Option<ProductStatus>,
    /// Only products whose SKU or title contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only products in this category
    #[arg(long, value_name = "C")]
    pub category: Option<String>,
    /// Only products with at most N in stock
    #[arg(long, value_name = "N")]
    pub low_stock: Option<i64>,
    /// At most N products (a table shows 50 unless told)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Every product, also in a table
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
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
    /// Units in stock
    #[arg(long)]
    pub stock: Option<i64>,
    /// Whether it is for sale
    #[arg(long, value_parser = args::vocab::<ProductStatus>())]
    pub status: Option<ProductStatus>,
    /// What customers read about it
    #[arg(long)]
    pub description: Option<String>,
    /// The variant group (products with the same group are variants of one product)
    #[arg(long)]
    pub group: Option<String>,
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
    fn fields(self) -> Fields {
        Fields {
            title: self.title,
            description: self.description,
            group: self.group,
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
    #[command(flatten)]
    pub fields: FieldArgs,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The product's SKU
    pub sku: String,
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
    stock: i64,
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
            status: p.status.as_str(),
            group: p.group.clone(),
            image_count: images.len(),
            images,
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
        CatalogCmd::Import(args) => import_cmd(ctx, args),
        CatalogCmd::Export(args) => export_cmd(ctx, args),
        CatalogCmd::List(args) => {
            let store = ctx.open()?;
            let filter = Filter {
                status: args.status.map(|s| s.as_str().to_string()),
                search: args.search,
                category: args.category,
                low_stock: args.low_stock,
            };
            let (page, out) = (Page::new(args.limit, args.all), ctx.out.picked(&args.pick));
            let mut rows = out.writer::<ListRow>(page)?;
            edit::each(store.conn(), &filter, out.fetch(page), |p| {
                rows.row(ListRow::of(&p))
            })?;
            rows.finish(|| edit::count(store.conn(), &filter))?;
            Ok(Outcome::Done)
        }
        CatalogCmd::Show { sku } => {
            let store = ctx.open()?;
            let p = catalog::load(store.conn(), &sku)?.with_context(|| {
                format!("unknown SKU \"{sku}\": it is not in the catalog (see `shopctl catalog list --search`)")
            })?;
            ctx.out.object(&show_doc(&p)?)?;
            Ok(Outcome::Done)
        }
        CatalogCmd::Add(args) => {
            let mut store = ctx.open()?;
            let currency = store.shop()?.currency;
            let fields = args.fields.fields();
            let p = store.write(|tx| edit::add(tx, &args.sku, currency, &fields, ctx.now))?;
            ctx.out.summary_object(&show_doc(&p)?)?;
            ctx.out.hint(NEXT_SYNC);
            Ok(Outcome::Done)
        }
        CatalogCmd::Edit(args) => {
            let mut store = ctx.open()?;
            let fields = args.fields.fields();
            let (p, changed) = store.write(|tx| edit::edit(tx, &args.sku, &fields, ctx.now))?;
            ctx.out.summary_object(&show_doc(&p)?)?;
            ctx.out.hint(&if changed {
                NEXT_SYNC.to_string()
            } else {
                format!("{} is unchanged", p.sku)
            });
            Ok(Outcome::Done)
        }
        CatalogCmd::Stock { sku, change } => {
            let mut store = ctx.open()?;
            let (before, after) = store.write(|tx| edit::stock(tx, &sku, change, ctx.now))?;
            ctx.out.summary(
                &json!({"sku": sku, "previous_stock": before, "stock": after}),
                &if before == after {
                    format!("{sku}: stock stays {after}")
                } else {
                    format!("{sku}: stock {before} → {after}")
                },
            )?;
            if before != after {
                ctx.out.hint(NEXT_SYNC);
            }
            Ok(Outcome::Done)
        }
        CatalogCmd::Archive { skus } => {
            let mut store = ctx.open()?;
            let changed = store.write(|tx| edit::archive(tx, &skus, ctx.now))?;
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
        CatalogCmd::Images(ImagesCmd::Export { dir }) => {
            let store = ctx.open()?;
            let n = images::export(store.conn(), &dir)?;
            ctx.out.summary(
                &json!({"written": n, "dir": dir.display().to_string()}),
                &format!(
                    "wrote {n} image{} to {}",
                    if n == 1 { "" } else { "s" },
                    dir.display()
                ),
            )?;
            Ok(Outcome::Done)
        }
    }
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

fn import_cmd(ctx: &Ctx, args: ImportArgs) -> Result<Outcome> {
    let encoding = match &args.encoding {
        Some(name) => Some(encoding_rs::Encoding::for_label(name.trim().as_bytes()).with_context(
            || format!("unknown encoding \"{name}\" (try windows-1252, iso-8859-1, utf-16le or shift_jis)"),
        )?),
        None => None,
    };
    let currency = args
        .currency
        .as_deref()
        .map(Currency::from_code)
        .transpose()?;
    if args.rejects.is_some() && !args.skip_invalid && !args.dry_run {
        anyhow::bail!(
            "--rejects needs --skip-invalid (or --dry-run): without it an invalid row imports nothing"
        );
    }
    let opts = import::Options {
        files: args.files,
        images_dir: args.images,
        dialect: dialect(args.dialect),
        mode: match args.mode {
            ModeArg::Upsert => Mode::Upsert,
            ModeArg::Create => Mode::Create,
            ModeArg::Update => Mode::Update,
        },
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        rejects: args.rejects,
        currency,
        decimal_comma: args.decimal_comma,
        encoding,
    };
    let mut store = ctx.open()?;
    let shop_currency = store.shop()?.currency;
    if let Some(c) = currency
        && c != shop_currency
    {
        ctx.out.warn(&format!(
            "importing prices in {c}, but the shop sells in {shop_currency}"
        ));
    }
    let bar = ctx.out.progress(0, "importing");
    let report = import::import(&mut store, &opts, ctx.now, &bar)?;
    notes(ctx, &report);
    ctx.out.summary(
        &json!({
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "skipped": report.skipped,
            "images_stored": report.images_stored,
            "dry_run": report.dry_run,
        }),
        &import_text(&report),
    )?;
    if report.dry_run {
        ctx.out.hint("dry run: nothing was written");
        if report.rejected > 0 {
            return Ok(Outcome::Problems);
        }
    } else if report.created + report.updated > 0 {
        ctx.out
            .hint("next: `shopctl sync` pushes the new and changed products to the provider");
    }
    Ok(Outcome::Done)
}

/// The import's counts as a sentence ("4 products created, 1 updated, ...").
fn import_text(r: &import::Report) -> String {
    let would = if r.dry_run { "would be " } else { "" };
    let plural = if r.created == 1 { "" } else { "s" };
    let mut text = format!(
        "{} product{plural} {would}created, {} {would}updated, {} unchanged, {} rejected",
        r.created, r.updated, r.unchanged, r.rejected
    );
    if r.skipped > 0 {
        text.push_str(&format!(", {} skipped", r.skipped));
    }
    if r.images_stored > 0 {
        text.push_str(&format!(", {} images {would}stored", r.images_stored));
    }
    text
}

/// The import's notes and row errors, on stderr: the first `import::ERROR_CAP` of each, then
/// how many more.
fn notes(ctx: &Ctx, report: &import::Report) {
    for (path, d) in &report.files {
        ctx.out
            .verbose(&format!("{}: {} layout", path.display(), d.name()));
    }
    for w in &report.warnings {
        ctx.out.hint(&format!("note: {w}"));
    }
    if report.warning_count > report.warnings.len() as u64 {
        ctx.out.hint(&format!(
            "note: ... and {} more notes",
            report.warning_count - report.warnings.len() as u64
        ));
    }
    for e in &report.errors {
        ctx.out.warn(e);
    }
    if report.error_count > report.errors.len() as u64 {
        ctx.out.warn(&format!(
            "... and {} more invalid rows",
            report.error_count - report.errors.len() as u64
        ));
    }
}

fn export_cmd(ctx: &Ctx, args: ExportArgs) -> Result<Outcome> {
    let dialect = dialect(args.dialect)
        .context("--dialect auto is for imports; pass native, shopify, woocommerce or meta")?;
    let store = ctx.open()?;
    let n = match &args.output {
        Some(path) => {
            // Written beside the target and renamed, so a failed export leaves no half file.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let n = {
                let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
                let n = export::export(store.conn(), dialect, &mut buf)?;
                std::io::Write::flush(&mut buf)?;
                n
            };
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            let mut buf = std::io::BufWriter::new(stdout.lock());
            let result = export::export(store.conn(), dialect, &mut buf).and_then(|n| {
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
