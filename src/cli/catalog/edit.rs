//! `shopctl catalog edit`: one product (printed whole, as before), or many at once (several
//! SKUs, `--search`, `--group`, with `--price-change`) in one transaction with one summary of
//! what changed field by field; `--from FILE` is an import in update mode.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

use super::import::{self, ImportArgs, add_changes, print_changes};
use super::{FieldArgs, NEXT_SYNC, show_doc};
use crate::catalog::bulk::{self, PriceChange, Selection};
use crate::catalog::edit::{self as core_edit, Fields};
use crate::cli::Ctx;
use crate::error::Outcome;

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The products to change, by SKU
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

pub fn run(ctx: &Ctx, args: EditArgs) -> Result<Outcome> {
    let fields = args.fields.fields(args.set_group);
    if let Some(file) = args.from {
        if fields != Fields::default() {
            anyhow::bail!("--from takes what to change from the file; leave out the other flags");
        }
        return import::run(ctx, ImportArgs::update_file(file, args.dry_run));
    }
    let mut store = ctx.open()?;
    if let ([sku], None, false) = (&args.skus[..], &args.price_change, args.dry_run) {
        let (p, changed) = store.write(|tx| core_edit::edit(tx, sku, &fields, ctx.now))?;
        ctx.out.summary_object(&show_doc(&p)?)?;
        ctx.out.hint(&if changed {
            NEXT_SYNC.to_string()
        } else {
            format!("{} is unchanged", p.sku)
        });
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
    let would = if summary.dry_run { "would be " } else { "" };
    let text = format!(
        "{} product{} matched: {} {would}updated, {} unchanged",
        summary.matched,
        if summary.matched == 1 { "" } else { "s" },
        summary.updated,
        summary.unchanged
    );
    ctx.out.summary(&doc, &text)?;
    print_changes(ctx, &summary.changes)?;
    if summary.dry_run {
        ctx.out.hint("dry run: nothing was written");
    } else if summary.updated > 0 {
        ctx.out.hint(NEXT_SYNC);
    }
    Ok(Outcome::Done)
}
