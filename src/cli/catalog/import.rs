//! `shopctl catalog import`: the flags, the run, the summary (and a dry run's changes, field
//! by field), the notes and row errors on stderr. `catalog edit --from FILE` comes here too.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use super::{DialectArg, dialect};
use crate::catalog::changes::ChangeList;
use crate::catalog::import::{self, Mode, OnDuplicate};
use crate::cli::Ctx;
use crate::error::Outcome;
use crate::money::Currency;
use crate::output::Format;

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
    /// CSV files to import, all in one transaction (- reads stdin)
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OnDuplicateArg {
    /// Every row of a repeated SKU is an invalid row
    Error,
    /// Import the first valid row of a SKU; leave the later ones out with a note
    First,
    /// Import the last valid row of a SKU, over the earlier ones, with a note
    Last,
}

impl ImportArgs {
    /// `catalog edit --from FILE`: the file as an update.
    pub fn update_file(file: PathBuf, dry_run: bool) -> ImportArgs {
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

/// A report's `changes` (each field of each product that changes or would: `sku`, `field`,
/// `old`, `new`, as `catalog show` names and values them) in its JSON, and how many products
/// changed beyond those listed.
pub fn add_changes(doc: &mut Value, list: &ChangeList) -> Result<()> {
    let map = doc.as_object_mut().context("a summary is an object")?;
    map.insert("changes".into(), serde_json::to_value(&list.changes)?);
    if list.not_listed > 0 {
        map.insert("changes_not_listed".into(), json!(list.not_listed));
    }
    Ok(())
}

/// For people, the changes as a table after the summary's sentence (scripts have them in
/// the summary). Printed even with --quiet: showing them is what a dry run is for.
pub fn print_changes(ctx: &Ctx, list: &ChangeList) -> Result<()> {
    if ctx.out.format != Format::Table || list.changes.is_empty() {
        return Ok(());
    }
    ctx.out.rows(list.changes.iter().cloned())?;
    if list.not_listed > 0 {
        ctx.out.hint(&format!(
            "... and {} more products (the first {} are listed)",
            list.not_listed,
            crate::catalog::changes::CHANGES_CAP
        ));
    }
    Ok(())
}

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<Outcome> {
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
    ctx.out.summary(&doc, &import_text(&report))?;
    if report.dry_run {
        print_changes(ctx, &report.changes)?;
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
