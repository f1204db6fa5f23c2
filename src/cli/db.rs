//! `shopctl db check | backup FILE | migrate`.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

use super::Ctx;
use crate::error::Outcome;
use crate::store::{self, LATEST_VERSION, Store};

#[derive(Debug, clap::Subcommand)]
pub enum DbCmd {
    /// Run SQLite's integrity and foreign-key checks (exit 3 when they find problems)
    Check,
    /// Copy the shop to FILE with SQLite's online backup, consistent even while others write
    Backup {
        /// Where to write the copy; must not exist yet
        file: PathBuf,
    },
    /// Bring the shop file's schema up to this shopctl's version (opening does this too)
    Migrate,
}

pub fn run(ctx: &Ctx, cmd: DbCmd) -> Result<Outcome> {
    match cmd {
        DbCmd::Check => {
            let store = ctx.open()?;
            let report = store::check::run(&store)?;
            let ok = report.problems.is_empty();
            ctx.out.object(&json!({
                "path": store.path().display().to_string(),
                "schema_version": LATEST_VERSION,
                "ok": ok,
                "problems": report.problems,
            }))?;
            Ok(if ok { Outcome::Done } else { Outcome::Problems })
        }
        DbCmd::Backup { file } => {
            let store = ctx.open()?;
            let pages = store::check::backup(&store, &file)?;
            ctx.out.object(&json!({
                "from": store.path().display().to_string(),
                "to": file.display().to_string(),
                "pages": pages,
            }))?;
            Ok(Outcome::Done)
        }
        DbCmd::Migrate => {
            let (store, migrated) = Store::open_reporting(&ctx.db_path()?)?;
            ctx.out.object(&json!({
                "path": store.path().display().to_string(),
                "from_version": migrated.from,
                "to_version": migrated.to,
                "changed": migrated.from != migrated.to,
            }))?;
            Ok(Outcome::Done)
        }
    }
}
