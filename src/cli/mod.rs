//! The command line: clap definitions and one handler file per noun. Handlers turn arguments
//! into calls on the core and hand rows to `output`; no SQL and no HTTP here.

/// A command's `after_help`: one to three examples, a command line each (a `# comment` may
/// follow it), shown by `--help` and in the man page's EXAMPLES section. A test parses every
/// example with these very definitions (`tests/cli/help.rs`).
macro_rules! examples {
    ($($line:literal),+ $(,)?) => {
        concat!("Examples:", $("\n  ", $line),+)
    };
}
pub(crate) use examples;

pub mod args;
mod catalog;
mod channel;
mod config;
mod db;
mod demo;
pub mod docs;
mod inbox;
mod init;
mod orders;
mod payments;
mod payouts;
mod provider;
mod publish;
mod refunds;
mod sandbox;
mod serve;
mod status;
mod sync;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use jiff::Timestamp;

use crate::error::Outcome;
use crate::output::{Format, Output};
use crate::store::Store;

pub const DB_ENV: &str = "SHOPCTL_DB";

/// The heading of the options every command takes, apart from the command's own.
const GLOBAL: &str = "Global options";

/// Run a small chat-commerce shop from the shell: catalog, payment methods, orders, refunds
/// and payouts, in one local SQLite file that syncs with a payment provider.
#[derive(Debug, Parser)]
#[command(
    name = "shopctl",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = examples!(
        "shopctl init --name \"Kopi Corner\" --country SG",
        "shopctl catalog import products.csv && shopctl payments enable card && shopctl sync",
        "shopctl --format json orders list --unfulfilled",
    )
)]
pub struct Cli {
    /// The shop file [default: $SHOPCTL_DB, else shop.db in the user's data directory]
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath, help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// How to print results: tables for people, JSON or CSV for scripts
    #[arg(long, global = true, value_enum, default_value_t = Format::Table, help_heading = GLOBAL)]
    pub format: Format,

    /// Print only what the command exists to print (lists, shows, exports), warnings and
    /// errors: no summaries, confirmations or hints
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    /// Say more about what is happening (on stderr)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    pub verbose: u8,

    /// No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_progress: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new shop file
    Init(init::InitArgs),
    /// What is in the shop, what waits to sync, and the last reconciliation
    Status(status::StatusArgs),
    /// Play the whole flow on a throwaway shop, offline
    Demo(demo::DemoArgs),
    /// Products, variants, stock and images
    #[command(subcommand, after_help = examples!("shopctl catalog list --low-stock 5", "shopctl catalog import products.csv"))]
    Catalog(catalog::CatalogCmd),
    /// Which payment methods customers may use
    #[command(subcommand, after_help = examples!("shopctl payments list", "shopctl payments enable card paynow"))]
    Payments(payments::PaymentsCmd),
    /// Orders, fulfilment and cancellation
    #[command(subcommand, after_help = examples!("shopctl orders list --unfulfilled", "shopctl orders fulfil 1042 --carrier SingPost --tracking SP123456789SG"))]
    Orders(orders::OrdersCmd),
    /// Refunds to customers
    #[command(subcommand, after_help = examples!("shopctl refunds create 1042 --amount 5.00", "shopctl refunds list --since 7d"))]
    Refunds(refunds::RefundsCmd),
    /// Payouts from the provider, and reconciliation
    #[command(subcommand, after_help = examples!("shopctl payouts list", "shopctl payouts reconcile"))]
    Payouts(payouts::PayoutsCmd),
    /// Push local changes to the provider and pull what happened there
    Sync(sync::SyncArgs),
    /// Which payment provider the shop uses, and its settings
    #[command(subcommand, after_help = examples!("shopctl provider show", "shopctl provider set stripe --api-key-env STRIPE_API_KEY"))]
    Provider(provider::ProviderCmd),
    /// Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings
    #[command(subcommand, after_help = examples!("shopctl channel show", "shopctl channel set sandbox"))]
    Channel(channel::ChannelCmd),
    /// Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them
    Serve(serve::ServeArgs),
    /// Webhook deliveries received, and retrying those whose processing failed
    #[command(subcommand, after_help = examples!("shopctl inbox list --failed", "shopctl inbox retry 42"))]
    Inbox(inbox::InboxCmd),
    /// The embedded sandbox provider: simulate customers and payouts
    #[command(subcommand, after_help = examples!("shopctl sandbox simulate --orders 12 --days 3", "shopctl sandbox payout"))]
    Sandbox(sandbox::SandboxCmd),
    /// The shop's settings (image base URL, payout schedule, ...)
    #[command(subcommand, after_help = examples!("shopctl config list", "shopctl config set payouts.schedule_days 3"))]
    Config(config::ConfigCmd),
    /// Check, back up or migrate the shop file
    #[command(subcommand, after_help = examples!("shopctl db check", "shopctl db backup backup.db"))]
    Db(db::DbCmd),
    /// Print a shell completion script
    Completions(docs::CompletionsArgs),
    /// Write completions/ and man/ from these definitions (for shopctl's developers)
    #[command(name = "generate-docs", hide = true)]
    GenerateDocs(docs::GenerateDocsArgs),
}

/// What every handler gets: where the shop is, how to print, and what time it is.
pub struct Ctx {
    pub db: Option<PathBuf>,
    pub out: Output,
    pub now: Timestamp,
}

/// Parses a command line; also names the command ("catalog import") for the lock-holder
/// record that a waiting shopctl reads.
pub fn parse(args: &[std::ffi::OsString]) -> Result<(Cli, String), clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    let mut words = Vec::new();
    let mut m = &matches;
    while let Some((name, sub)) = m.subcommand() {
        words.push(name.to_string());
        m = sub;
    }
    Ok((cli, words.join(" ")))
}

impl Ctx {
    /// `--db`, else `$SHOPCTL_DB`, else `shop.db` in the user's data directory.
    pub fn db_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        Ok(default_data_dir()?.join("shop.db"))
    }

    /// True when the path came from neither --db nor $SHOPCTL_DB (so its folder may be made).
    pub fn db_is_default(&self) -> bool {
        self.db.is_none() && std::env::var_os(DB_ENV).is_none_or(|p| p.is_empty())
    }

    /// Opens the shop; a write that must wait for another shopctl says so after a second.
    pub fn open(&self) -> Result<Store> {
        Ok(Store::open_noting(&self.db_path()?, self.wait_notice())?.0)
    }

    /// How a command that waits for a lock says so (on stderr; --quiet silences it).
    pub fn wait_notice(&self) -> crate::store::holder::WaitNotice {
        let out = self.out.clone();
        Box::new(move |text| out.hint(text))
    }

    /// The payment provider the shop is configured for. Opening one is the command line's job:
    /// the core takes a `&mut dyn Provider` and never decides which.
    pub fn provider(&self, store: &Store) -> Result<Box<dyn crate::provider::Provider>> {
        let shop = store.shop()?;
        crate::provider::open(&shop.provider, store.path(), store.conn())
    }
}

impl Ctx {
    /// The chat channel the shop is configured for (the sandbox chat unless set).
    pub fn channel(&self, store: &Store) -> Result<Box<dyn crate::channel::Channel>> {
        let settings = crate::channel::config::ChannelSettings::load(store.conn())?;
        Ok(crate::channel::open(settings, store.path()))
    }
}

fn default_data_dir() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy()
        .context("cannot find your home folder for the default shop file; pass --db PATH")?;
    Ok(strategy.data_dir().join("shopctl"))
}

/// Runs a parsed command line; `command` names it ("catalog import").
pub fn run(cli: Cli, command: &str) -> Result<Outcome> {
    crate::store::holder::set_command(command);
    let ctx = Ctx {
        db: cli.db.clone(),
        out: Output::new(cli.format, cli.quiet, cli.verbose, cli.no_progress),
        now: crate::clock::now()?,
    };
    let result = match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Status(_) => status::run(&ctx),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Catalog(cmd) => catalog::run(&ctx, cmd),
        Command::Payments(cmd) => payments::run(&ctx, cmd),
        Command::Orders(cmd) => orders::run(&ctx, cmd),
        Command::Refunds(cmd) => refunds::run(&ctx, cmd),
        Command::Payouts(cmd) => payouts::run(&ctx, cmd),
        Command::Sync(args) => sync::run(&ctx, args),
        Command::Provider(cmd) => provider::run(&ctx, cmd),
        Command::Channel(cmd) => channel::run(&ctx, cmd),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Inbox(cmd) => inbox::run(&ctx, cmd),
        Command::Sandbox(cmd) => sandbox::run(&ctx, cmd),
        Command::Config(cmd) => config::run(&ctx, cmd),
        Command::Db(cmd) => db::run(&ctx, cmd),
        Command::Completions(args) => docs::completions(args),
        Command::GenerateDocs(args) => docs::generate(args),
    };
    // The last resort of the one mapping (store::trouble): an SQLite error about the file
    // that no opener or write mapped (a read, say) is told about the shop file too.
    result.map_err(|e| match ctx.db_path() {
        Ok(path) => crate::store::trouble::explain(e, &path, "shop file"),
        Err(_) => e,
    })
}
