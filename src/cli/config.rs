//! `shopctl config list | get | set | unset`: the shop's settings, one table of keys
//! (`store::settings::KEYS`), each checked by its rule before it is stored.

use anyhow::Result;
use serde::Serialize;
use serde_json::json;

use super::Ctx;
use super::args::SettingKey;
use crate::error::Outcome;
use crate::output::Pick;
use crate::store::settings::{self, Key};

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCmd {
    /// Every setting: its value, its default and what it means
    #[command(after_help = super::examples!(
        "shopctl config list",
        "shopctl --format json config list",
    ))]
    List {
        #[command(flatten)]
        pick: Pick,
    },
    /// Print one setting's value (its default when it is not set)
    #[command(after_help = super::examples!("shopctl config get payouts.schedule_days"))]
    Get {
        /// The setting, e.g. catalog.image_base_url
        #[arg(value_parser = SettingKey)]
        key: &'static Key,
    },
    /// Change a setting (checked before it is stored)
    #[command(after_help = super::examples!(
        "shopctl config set catalog.image_base_url https://cdn.example.com/shop",
        "shopctl config set payouts.schedule_days 3",
    ))]
    Set {
        /// The setting, e.g. catalog.image_base_url
        #[arg(value_parser = SettingKey)]
        key: &'static Key,
        /// The new value, e.g. https://cdn.example.com/shop
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Remove a setting, so that its default applies again
    #[command(after_help = super::examples!("shopctl config unset payouts.schedule_days"))]
    Unset {
        /// The setting, e.g. catalog.image_base_url
        #[arg(value_parser = SettingKey)]
        key: &'static Key,
    },
}

/// One row of `config list`.
#[derive(Default, Serialize)]
struct Row {
    key: String,
    value: Option<String>,
    default: Option<String>,
    description: String,
}

impl Row {
    fn of(key: &Key, value: Option<String>) -> Row {
        Row {
            key: key.name.to_string(),
            value,
            default: key.default.map(str::to_string),
            description: key.about.to_string(),
        }
    }
}

pub fn run(ctx: &Ctx, cmd: ConfigCmd) -> Result<Outcome> {
    match cmd {
        ConfigCmd::List { pick } => {
            let store = ctx.open()?;
            let mut rows = Vec::new();
            for key in settings::KEYS {
                rows.push(Row::of(key, settings::get(store.conn(), key)?));
            }
            ctx.out.picked(&pick).rows(rows)?;
        }
        ConfigCmd::Get { key } => {
            let store = ctx.open()?;
            let value = settings::get(store.conn(), key)?;
            let effective = value.clone().or(key.default.map(str::to_string));
            match ctx.out.format {
                crate::output::Format::Table => {
                    if let Some(v) = &effective {
                        crate::output::write_stdout(&format!("{v}\n"))?;
                    }
                }
                _ => ctx.out.object(&json!({
                    "key": key.name,
                    "value": effective,
                    "is_default": value.is_none(),
                }))?,
            }
        }
        ConfigCmd::Set { key, value } => {
            let mut store = ctx.open()?;
            let stored = store.write(|tx| settings::set(tx, key, &value))?;
            ctx.out.summary(
                &json!({"key": key.name, "value": stored, "is_default": false}),
                &format!("{} = {stored}", key.name),
            )?;
        }
        ConfigCmd::Unset { key } => {
            let mut store = ctx.open()?;
            let was = store.write(|tx| settings::unset(tx, key))?;
            let now = key.default.unwrap_or("not set");
            ctx.out.summary(
                &json!({"key": key.name, "value": key.default, "is_default": true}),
                &if was {
                    format!("{} unset (now: {now})", key.name)
                } else {
                    format!("{} was not set (it is: {now})", key.name)
                },
            )?;
        }
    }
    Ok(Outcome::Done)
}
