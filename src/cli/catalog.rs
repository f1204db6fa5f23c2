//! `shopctl catalog ...`: import, export, list, show, add, edit, stock, archive, images.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use crate::catalog::bulk::{self, PriceChange, Selection};
use crate::catalog::changes::ChangeList;
use crate::catalog::edit::{self, Fields, Filter, StockChange, StockLevel};
use crate::catalog::import::{self, Dialect, Mode, OnDuplicate};
use crate::catalog::{self, Product, export, images};
use crate::error::Outcome;
use crate::money::Currency;

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
    /// Add a product (in the shop's currency)
    Add(AddArgs),
    /// Change products' fields: one SKU, several, --search, --group, or an update file
    Edit(Box<EditArgs>),
    /// Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops
    Stock {
        sku: String,
        /// +N, -N, N or untracked
        #[arg(allow_hyphen_values = true)]
        change: StockChange,
    },
    /// Stop selling products (they stay in the shop file)
    Archive {
        #[arg(required = true)]
        skus: Vec<String>,
    },
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OnDuplicateArg {
    Error,
    First,
    Last,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// CSV files to import, all in one transaction (- reads stdin)
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
    /// A SKU on several rows of a file: error rejects every copy; first or last imports that one
    #[arg(long, value_enum, default_value_t = OnDuplicateArg::Error)]
    pub on_duplicate: OnDuplicateArg,
    /// Check everything and report what would change, but write nothing (exit 3 when rows are invalid)
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
    /// active, draft or archived
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
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
    fn fields(self, group: Option<String>) -> Fields {
        Fields {
            title: self.title,
            description: self.description,
            group,
            status: self.status,
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
    pub sku: String,
    /// The variant group (products with the same group are variants of one product)
    #[arg(long)]
    pub group: Option<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The products to change
    #[arg(required_unless_present_any = ["search", "group", "from"])]
    pub skus: Vec<String>,
    /// Change every product whose SKU or title contains TEXT
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["skus", "group", "from"])]
    pub search: Option<String>,
    /// Change every product of the variant group G (--set-group moves products to a group)
    #[arg(long, value_name = "G", conflicts_with_all = ["skus", "from"])]
    pub group: Option<String>,
    /// Change products as an update file says (any layout; only its columns change)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["skus", "price_change", "set_group"])]
    pub from: Option<PathBuf>,
    /// Change prices by a percentage (+10%, -5%) or an amount (+2.00, -1.50)
    #[arg(long, value_name = "CHANGE", allow_hyphen_values = true)]
    pub price_change: Option<PriceChange>,
    /// Move the products to variant group G
    #[arg(long, value_name = "G")]
    pub set_group: Option<String>,
    /// Show what would change, field by field, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// One row of `catalog list` (DESIGN.md, "Output"); its fields, in order, are the JSON keys and
/// the columns. `catalog show` starts from it too.
#[derive(Default, Serialize)]
struct ListRow {
    sku: String,
    group: String,
    title: String,
    status: &'static str,
    price: String,
    sale_price: Option<String>,
    currency: &'static str,
    /// null when stock is not tracked.
    stock: Option<i64>,
    stock_tracked: bool,
    images: Images,
}

/// A product's images: the list (hashes and links) for scripts; for people a count, since a
/// column of 64-character hashes helps nobody.
#[derive(Serialize)]
#[serde(untagged)]
enum Images {
    List(Vec<String>),
    Count(usize),
}

impl Default for Images {
    fn default() -> Images {
        Images::List(Vec::new())
    }
}

impl ListRow {
    fn of(p: &Product, count_images: bool) -> ListRow {
        let images: Vec<String> = p
            .images
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        ListRow {
            sku: p.sku.clone(),
            group: p.group.clone(),
            title: p.title.clone(),
            status: p.status.as_str(),
            price: p.price.to_major_string(),
            sale_price: p.sale_price.map(|m| m.to_major_string()),
            currency: p.price.currency.code(),
            stock: p.stock,
            stock_tracked: p.stock.is_some(),
            images: if count_images {
                Images::Count(images.len())
            } else {
                Images::List(images)
            },
        }
    }
}

/// `catalog show`: the list row's keys, then the rest of the product.
fn show_doc(p: &Product) -> Result<Value> {
    let mut doc = serde_json::to_value(ListRow::of(p, false))?;
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

pub fn run(ctx: &Ctx, cmd: CatalogCmd) -> Result<Outcome> {
    match cmd {
        CatalogCmd::Import(args) => import_cmd(ctx, args),
        CatalogCmd::Export(args) => export_cmd(ctx, args),
        CatalogCmd::List(args) => {
            let store = ctx.open()?;
            let products = edit::list(
                store.conn(),
                &Filter {
                    status: args.status,
                    search: args.search,
                    category: args.category,
                    low_stock: args.low_stock,
                },
            )?;
            let count_images = ctx.out.format == crate::output::Format::Table;
            ctx.out
                .rows(products.iter().map(|p| ListRow::of(p, count_images)))?;
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
            let fields = args.fields.fields(args.group);
            let p = store.write(|tx| edit::add(tx, &args.sku, currency, &fields, ctx.now))?;
            ctx.out.object(&show_doc(&p)?)?;
            Ok(Outcome::Done)
        }
        CatalogCmd::Edit(args) => edit_cmd(ctx, *args),
        CatalogCmd::Stock { sku, change } => {
            let mut store = ctx.open()?;
            let (before, after) = store.write(|tx| edit::stock(tx, &sku, change, ctx.now))?;
            ctx.out.object(&json!({
                "sku": sku,
                "before": before,
                "stock": after,
                "stock_tracked": after.is_some(),
            }))?;
            Ok(Outcome::Done)
        }
        CatalogCmd::Archive { skus } => {
            let mut store = ctx.open()?;
            let changed = store.write(|tx| edit::archive(tx, &skus, ctx.now))?;
            let unchanged: Vec<&String> = skus.iter().filter(|s| !changed.contains(s)).collect();
            ctx.out
                .object(&json!({"archived": changed, "already_archived": unchanged}))?;
            Ok(Outcome::Done)
        }
        CatalogCmd::Images(ImagesCmd::Export { dir }) => {
            let store = ctx.open()?;
            let n = images::export(store.conn(), &dir)?;
            ctx.out
                .object(&json!({"written": n, "dir": dir.display().to_string()}))?;
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

/// `catalog edit`: one SKU prints the product; several, a selection or a dry run print a
/// summary of what changed; `--from FILE` is an import in update mode.
fn edit_cmd(ctx: &Ctx, args: EditArgs) -> Result<Outcome> {
    let fields = args.fields.fields(args.set_group);
    if let Some(file) = args.from {
        if fields != Fields::default() {
            anyhow::bail!("--from takes what to change from the file; leave out the other flags");
        }
        return import_cmd(ctx, ImportArgs::update_file(file, args.dry_run));
    }
    let mut store = ctx.open()?;
    let one = (args.skus.len() == 1).then(|| args.skus[0].clone());
    if let (Some(sku), None, false) = (&one, &args.price_change, args.dry_run) {
        let (p, changed) = store.write(|tx| edit::edit(tx, sku, &fields, ctx.now))?;
        if !changed {
            ctx.out.hint(&format!("{} is unchanged", p.sku));
        }
        ctx.out.object(&show_doc(&p)?)?;
        return Ok(Outcome::Done);
    }
    let selection = match (args.search, args.group) {
        (Some(text), _) => Selection::Search(text),
        (None, Some(group)) => Selection::Group(group),
        (None, None) => Selection::Skus(args.skus),
    };
    let price_change = args.price_change.as_ref();
    let summary = store
        .write(|tx| bulk::edit(tx, &selection, &fields, price_change, args.dry_run, ctx.now))?;
    let mut doc = json!({
        "matched": summary.matched,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "dry_run": summary.dry_run,
    });
    add_changes(&mut doc, &summary.changes)?;
    ctx.out.object(&doc)?;
    if summary.dry_run {
        ctx.out.hint("dry run: nothing was written");
    }
    Ok(Outcome::Done)
}

/// A report's `changes` (each field of each product that changes: `sku`, `field`, `old`,
/// `new`), and how many products changed beyond those listed.
fn add_changes(doc: &mut Value, list: &ChangeList) -> Result<()> {
    let map = doc.as_object_mut().context("a summary is an object")?;
    map.insert("changes".into(), serde_json::to_value(&list.changes)?);
    if list.not_listed > 0 {
        map.insert("changes_not_listed".into(), json!(list.not_listed));
    }
    Ok(())
}

impl ImportArgs {
    /// `catalog edit --from FILE`: the file as an update.
    fn update_file(file: PathBuf, dry_run: bool) -> ImportArgs {
        ImportArgs {
            files: vec![file],
            images: None,
            dialect: DialectArg::Auto,
            mode: ModeArg::Update,
            on_duplicate: OnDuplicateArg::Error,
            dry_run,
            skip_invalid: false,
            rejects: None,
            currency: None,
            decimal_comma: false,
            encoding: None,
        }
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
        on_duplicate: match args.on_duplicate {
            OnDuplicateArg::Error => OnDuplicate::Error,
            OnDuplicateArg::First => OnDuplicate::First,
            OnDuplicateArg::Last => OnDuplicate::Last,
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
    let mut doc = json!({
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "skipped": report.skipped,
        "images_stored": report.images_stored,
        "dry_run": report.dry_run,
    });
    if report.dry_run {
        add_changes(&mut doc, &report.changes)?;
    }
    ctx.out.object(&doc)?;
    if report.dry_run {
        ctx.out.hint("dry run: nothing was written");
        if report.rejected > 0 {
            return Ok(Outcome::Problems);
        }
    }
    Ok(Outcome::Done)
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
