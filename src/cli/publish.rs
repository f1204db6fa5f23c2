//! `shopctl catalog publish [--dry-run] [--full]`: the chat's catalog brought in step now,
//! as `sync` does for it; `--dry-run` prints the batches (Meta's items_batch bodies).

use std::time::Duration;

use anyhow::Result;
use serde_json::{Value, json};

use super::Ctx;
use super::catalog::PublishArgs;
use crate::channel::whatsapp::catalog::batch_body;
use crate::error::Outcome;
use crate::sync::{self, catalog::PublishOptions};

pub fn run(ctx: &Ctx, args: PublishArgs) -> Result<Outcome> {
    let mut store = ctx.open()?;
    let opts = PublishOptions { full: args.full };
    if args.dry_run {
        let (batches, notes) = sync::catalog::dry_run(store.conn(), opts)?;
        for n in &notes {
            ctx.out.warn(n);
        }
        let docs: Vec<Value> = batches
            .iter()
            .enumerate()
            .map(|(i, b)| json!({"batch": i + 1, "requests": b.len(), "body": batch_body(b)}))
            .collect();
        // JSON whatever --format says: the point is to read what would be sent.
        crate::output::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&docs)?))?;
        ctx.out.hint(&format!(
            "dry run: {} batch(es), {} request(s); nothing was sent",
            batches.len(),
            batches.iter().map(Vec::len).sum::<usize>()
        ));
        return Ok(Outcome::Done);
    }
    let wait = Duration::from_millis(store.busy_timeout_ms());
    let _lock = sync::lock(&store, wait)?;
    let mut channel = ctx.channel(&store)?;
    let summary = sync::publish_catalog(&mut store, channel.as_mut(), opts, ctx.now)?;
    for w in &summary.warnings {
        ctx.out.warn(w);
    }
    let doc = json!({
        "channel": channel.name(),
        "catalog": summary.catalog,
        "errors": summary.errors,
    });
    ctx.out.object(&doc)?;
    if !summary.errors.is_empty() {
        anyhow::bail!("publish did not finish: {}", summary.errors.join("; "));
    }
    Ok(Outcome::Done)
}
