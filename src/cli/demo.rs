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
    let dir = match args.dir {
        Some(d) => {
            std::fs::create_dir_all(&d)
                .with_context(|| format!("cannot create the demo folder {}", d.display()))?;
            d
        }
        None => tempfile::Builder::new()
            .prefix("shopctl-demo-")
            .tempdir()
            .context("cannot make a temporary folder")?
            .keep(),
    };
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

    demo.explain("Create a shop in Singapore, selling in SGD, on the offline sandbox provider")?;
    demo.run(&["init", "--name", "Demo Kopi Shop", "--country", "SG"])?;

    demo.explain("See what the shop holds")?;
    demo.run(&["status"])?;

    demo.explain("Check the shop file and back it up")?;
    demo.run(&["db", "check"])?;
    let backup = dir.join("backup.db");
    demo.run(&["db", "backup", &backup.display().to_string()])?;

    next_steps(ctx, &db)?;
    Ok(Outcome::Done)
}

fn next_steps(ctx: &Ctx, db: &Path) -> Result<()> {
    let db = db.display();
    ctx.out.say(&format!(
        "\nThe demo shop is at {db}. Try next:\n  \
         export SHOPCTL_DB={db}\n  \
         shopctl status\n  \
         shopctl --format json status\n  \
         shopctl db check"
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
