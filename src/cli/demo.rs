//! `shopctl demo`: the whole flow on a throwaway shop, run through the real commands.
//!
//! Each step runs this same binary as a child process with `--db` pointing at the demo shop,
//! and prints the command line and what it printed. Nothing is simulated here that the
//! commands themselves do not do.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::Ctx;
use crate::error::Outcome;

#[derive(Debug, clap::Args)]
#[command(after_help = super::examples!("shopctl demo", "shopctl demo --dir /tmp/demo-shop"))]
pub struct DemoArgs {
    /// Put the demo shop here (a new temporary folder otherwise; it is kept and printed)
    #[arg(long, value_name = "D")]
    pub dir: Option<PathBuf>,
}

struct Demo<'a> {
    ctx: &'a Ctx,
    exe: PathBuf,
    db: PathBuf,
}

impl Demo<'_> {
    /// Says what the next step is for, in plain words.
    fn explain(&self, text: &str) -> Result<()> {
        self.ctx.out.say(&format!("\n## {text}"))
    }

    /// Runs `shopctl --db DEMO ARGS...` and shows it; a failing step stops the demo.
    fn run(&self, args: &[&str]) -> Result<String> {
        self.ctx
            .out
            .say(&format!("$ shopctl {}", shell_words(args)))?;
        let output = Command::new(&self.exe)
            .arg("--db")
            .arg(&self.db)
            .arg("--no-progress")
            .args(args)
            .env_remove("SHOPCTL_DB")
            // The steps' tables fit the demo's terminal (their own stdout is a pipe).
            .envs(self.ctx.out.width.map(|w| ("COLUMNS", w.to_string())))
            .output()
            .with_context(|| format!("cannot run {}", self.exe.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        self.ctx.out.say(stdout.trim_end())?;
        if !stderr.trim().is_empty() {
            self.ctx.out.say(stderr.trim_end())?;
        }
        let code = output.status.code().unwrap_or(-1);
        if !output.status.success() && code != 3 {
            bail!(
                "demo step `shopctl {}` failed with exit code {code}",
                args.join(" ")
            );
        }
        Ok(stdout)
    }
}

pub fn run(ctx: &Ctx, args: DemoArgs) -> Result<Outcome> {
    let dir = demo_dir(args.dir)?;
    let db = dir.join("shop.db");
    if db.exists() {
        bail!(
            "{} already holds a demo shop; pass another --dir or remove it",
            db.display()
        );
    }
    let demo = Demo {
        ctx,
        exe: std::env::current_exe().context("cannot find the shopctl binary")?,
        db: db.clone(),
    };
    ctx.out.say(&format!(
        "shopctl demo: a throwaway shop in {}",
        dir.display()
    ))?;
    demo.open_shop(&dir)?;
    demo.sell()?;
    demo.ship_and_refund()?;
    demo.pay_out_and_reconcile()?;
    next_steps(ctx, &db)?;
    Ok(Outcome::Done)
}

/// `--dir` (made if missing), else a new temporary folder that is kept for the user to explore.
fn demo_dir(dir: Option<PathBuf>) -> Result<PathBuf> {
    match dir {
        Some(d) => {
            crate::files::create_private_dir(&d)
                .with_context(|| format!("cannot create the demo folder {}", d.display()))?;
            Ok(d)
        }
        None => Ok(tempfile::Builder::new()
            .prefix("shopctl-demo-")
            .tempdir()
            .context("cannot make a temporary folder")?
            .keep()),
    }
}

/// The demo's acts, in the order a shop lives them.
impl Demo<'_> {
    /// A new shop with the example catalog and two payment methods, synced to the provider.
    fn open_shop(&self, dir: &Path) -> Result<()> {
        self.explain(
            "Create a shop in Singapore, selling in SGD, on the offline sandbox provider",
        )?;
        self.run(&["init", "--name", "Demo Kopi Shop", "--country", "SG"])?;

        let csv = crate::catalog::demo::write_example(&dir.join("catalog"))?;
        let csv = csv.display().to_string();
        self.explain(&format!(
            "Import the bundled example catalog with its images (written to {csv})"
        ))?;
        self.run(&["catalog", "import", &csv])?;
        self.run(&["catalog", "list"])?;

        self.explain("Let customers pay by card and by PayNow")?;
        self.run(&["payments", "enable", "card", "paynow"])?;

        self.explain("Sync: push the catalog and the payment methods to the provider")?;
        self.run(&["sync"])?;
        self.run(&["payments", "list"])?;
        Ok(())
    }

    /// Simulated customers order and pay; their orders arrive in the shop.
    fn sell(&self) -> Result<()> {
        self.explain(
            "Let the sandbox play customers: WhatsApp shoppers send their carts in the (sandbox) \
             chat and pay there over three days (some payments fail), and the provider pays out \
             each day's takings",
        )?;
        self.run(&[
            "sandbox", "simulate", "--orders", "12", "--days", "3", "--seed", "42",
        ])?;

        self.explain(
            "Sync again: the carts arrive from the chat and become orders, each customer gets a \
             payment request in the chat, and the payments and payouts arrive from the provider",
        )?;
        self.run(&["sync"])?;
        self.run(&["orders", "list", "--unfulfilled"])?;
        Ok(())
    }

    /// One order shipped whole, one in part, one refunded in part; the provider learns it.
    fn ship_and_refund(&self) -> Result<()> {
        let paid = self.paid_orders()?;
        let [whole, part, refund, ..] = paid.as_slice() else {
            bail!(
                "the simulation left fewer than three paid orders to fulfil and refund; run \
                 `shopctl sandbox simulate` with more --orders on {}",
                self.db.display()
            );
        };
        self.explain(&format!(
            "Ship order {} in full, with the courier's tracking number",
            whole.id
        ))?;
        self.run(&[
            "orders",
            "fulfil",
            &whole.id,
            "--carrier",
            "SingPost",
            "--tracking",
            "SP123456789SG",
        ])?;
        self.explain(&format!(
            "Ship one unit of {} from order {}; the rest follows later",
            part.sku, part.id
        ))?;
        self.run(&[
            "orders",
            "fulfil",
            &part.id,
            "--line",
            &format!("{}:1", part.sku),
        ])?;
        self.run(&["orders", "show", &part.id])?;

        self.explain(&format!(
            "Refund part of order {}: the provider is called with a key recorded first, so it \
             can never refund twice",
            refund.id
        ))?;
        self.run(&[
            "refunds",
            "create",
            &refund.id,
            "--amount",
            "5.00",
            "--reason",
            "dented lid",
        ])?;

        self.explain(
            "Sync: the provider learns the shipments and confirms the refund, and the customers \
             are told in the chat",
        )?;
        self.run(&["sync"])?;
        self.explain(&format!(
            "The chat with the customer of order {}: the cart, the payment request, the \
             shipped message",
            whole.id
        ))?;
        self.run(&["sandbox", "messages", "--to", &whole.phone])?;
        Ok(())
    }

    /// Today's payout, reconciled against the shop, and where the shop stands.
    fn pay_out_and_reconcile(&self) -> Result<()> {
        self.explain(
            "The provider pays out what it still holds: today's takings net of fees, less the \
             refund (earlier days were paid out by the simulation; when the refund is more than \
             today's takings the payout is negative, and the provider debits the bank account)",
        )?;
        self.run(&["sandbox", "payout"])?;
        self.run(&["sync"])?;
        self.run(&["payouts", "list"])?;

        self.explain(
            "Reconcile: does every payout add up to the payments, refunds and fees in the shop?",
        )?;
        self.run(&["payouts", "reconcile"])?;

        self.explain("Where the shop stands")?;
        self.run(&["status"])?;
        self.run(&["db", "check"])?;
        Ok(())
    }
}

/// A paid order with something left to ship, and one of its SKUs.
struct PaidOrder {
    id: String,
    sku: String,
    /// The customer's WhatsApp number, for their chat.
    phone: String,
}

impl Demo<'_> {
    /// Paid, unshipped orders, read quietly with `--format json` (the demo says which it
    /// picked and why when it uses them).
    fn paid_orders(&self) -> Result<Vec<PaidOrder>> {
        let output = Command::new(&self.exe)
            .arg("--db")
            .arg(&self.db)
            .args([
                "--format",
                "json",
                "orders",
                "list",
                "--payment",
                "captured",
                "--unfulfilled",
            ])
            .env_remove("SHOPCTL_DB")
            .output()
            .with_context(|| format!("cannot run {}", self.exe.display()))?;
        if !output.status.success() {
            bail!(
                "the demo could not list its orders: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let orders: serde_json::Value = serde_json::from_slice(&output.stdout)
            .context("`orders list --format json` did not print JSON")?;
        let mut out = Vec::new();
        for o in orders.as_array().into_iter().flatten() {
            let Some(line) = o["lines"].as_array().and_then(|l| l.first()) else {
                continue;
            };
            // A partial shipment needs more than one unit in the order.
            let units: i64 = o["lines"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|l| l["quantity"].as_i64().unwrap_or(0))
                .sum();
            out.push((
                units,
                PaidOrder {
                    id: o["id"].as_str().unwrap_or_default().to_string(),
                    sku: line["sku"].as_str().unwrap_or_default().to_string(),
                    phone: o["customer_phone"].as_str().unwrap_or_default().to_string(),
                },
            ));
        }
        // The one shipped in part comes second: put an order with several units there.
        if let Some(pos) = out.iter().skip(1).position(|(u, _)| *u > 1) {
            out.swap(1, pos + 1);
        }
        Ok(out.into_iter().map(|(_, o)| o).collect())
    }
}

fn next_steps(ctx: &Ctx, db: &Path) -> Result<()> {
    let db = db.display();
    ctx.out.say(&format!(
        "\nThe demo shop is at {db}. Try next:\n  \
         export SHOPCTL_DB={db}\n  \
         shopctl orders list\n  \
         shopctl orders show ORDER\n  \
         shopctl refunds list\n  \
         shopctl sandbox messages\n  \
         shopctl payouts show P1\n  \
         shopctl sandbox simulate --orders 50 --discrepancies 3 && shopctl sync && shopctl payouts reconcile\n  \
         shopctl --format json payouts reconcile\n  \
         shopctl catalog export --dialect shopify\n  \
         man ./man/shopctl.1   (from the source tree)"
    ))
}

/// The arguments as a person would type them, quoting those with spaces.
fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '\'' || c == '"') {
                format!("'{}'", a.replace('\'', r"'\''"))
            } else {
                a.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
