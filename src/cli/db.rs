//! `shopctl db check | backup FILE | migrate`.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

use super::Ctx;
use crate::error::Outcome;
use crate::store::{self, LATEST_VERSION, Store};

#[derive(Debug, clap::Subcommand)]
pub enum DbCmd {
    /// Run SQLite's integrity and foreign-key checks and check the kept counts (exit 3 on problems)
    #[command(after_help = super::examples!("shopctl db check"))]
    Check,
    /// Copy the shop to FILE with SQLite's online backup, consistent even while others write
    #[command(after_help = super::examples!("shopctl db backup backups/shop-2026-11-20.db"))]
    Backup {
        /// Where to write the copy; must not exist yet
        #[arg(value_hint = clap::ValueHint::FilePath)]
        file: PathBuf,
    },
    /// Bring the shop file's schema up to this shopctl's version (opening does this too)
    #[command(after_help = super::examples!("shopctl db migrate"))]
    Migrate,
}

pub fn run(ctx: &Ctx, cmd: DbCmd) -> Result<Outcome> {
    match cmd {
        DbCmd::Check => {
            let store = ctx.open()?;
            let report = store::check::run(&store)?;
            let ok = report.problems.is_empty();
            let path = store.path().display().to_string();
            let text = if ok {
                format!("{path}: schema version {LATEST_VERSION}; integrity and foreign keys ok")
            } else {
                let mut t = format!("{path}: {} problem(s):", report.problems.len());
                for p in &report.problems {
                    t.push_str(&format!("\n  {p}"));
                }
                t + "\n(restore a backup, or ask for help with this output)"
            };
            ctx.out.document(
                &json!({
                    "path": path,
                    "schema_version": LATEST_VERSION,
                    "ok": ok,
                    "problems": report.problems,
                }),
                &text,
            )?;
            Ok(if ok { Outcome::Done } else { Outcome::Problems })
        }
        DbCmd::Backup { file } => {
            let store = ctx.open()?;
            let pages = store::check::backup(&store, &file)?;
            ctx.out.summary(
                &json!({
                    "from": store.path().display().to_string(),
                    "to": file.display().to_string(),
                    "pages": pages,
                }),
                &format!("backed up {} to {}", store.path().display(), file.display()),
            )?;
            Ok(Outcome::Done)
        }
        DbCmd::Migrate => {
            let (store, migrated) = Store::open_noting(&ctx.db_path()?, ctx.wait_notice())?;
            let path = store.path().display().to_string();
            let text = if migrated.from == migrated.to {
                format!("{path} is at schema version {}: nothing to do", migrated.to)
            } else {
                format!("{path}: schema version {} → {}", migrated.from, migrated.to)
            };
            ctx.out.summary(
                &json!({
                    "path": path,
                    "from_version": migrated.from,
                    "to_version": migrated.to,
                    "changed": migrated.from != migrated.to,
                }),
                &text,
            )?;
            Ok(Outcome::Done)
        }
    }
}
