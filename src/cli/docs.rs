//! Shell completions and man pages, generated from the clap definitions.
//!
//! `cargo run -- generate-docs` rewrites `completions/` and `man/`; a test compares
//! `render_all()` with the checked-in files so that they never go stale.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use crate::error::Outcome;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to print a completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, clap::Args)]
pub struct GenerateDocsArgs {
    /// The repository's top folder (completions/ and man/ are written below it)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "shopctl.bash"),
    (Shell::Zsh, "_shopctl"),
    (Shell::Fish, "shopctl.fish"),
    (Shell::Elvish, "shopctl.elv"),
    (Shell::PowerShell, "_shopctl.ps1"),
];

pub fn completions(args: CompletionsArgs) -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "shopctl", &mut buf);
    crate::output::write_stdout(&String::from_utf8(buf)?)?;
    Ok(Outcome::Done)
}

/// Every generated file: its path below the repository and its bytes.
pub fn render_all() -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for (shell, name) in SHELLS {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "shopctl", &mut buf);
        files.push((PathBuf::from("completions").join(name), buf));
    }
    let mut cmd = Cli::command();
    cmd.build();
    man_pages(&cmd, "shopctl", &mut files)?;
    Ok(files)
}

/// One page for each command and subcommand: shopctl.1, shopctl-catalog-import.1, ...
fn man_pages(cmd: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) -> Result<()> {
    let mut buf = Vec::new();
    let page_cmd = cmd
        .clone()
        .name(name.to_string())
        .bin_name(name.replace('-', " "));
    clap_mangen::Man::new(page_cmd).render(&mut buf)?;
    files.push((PathBuf::from("man").join(format!("{name}.1")), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files)?;
    }
    Ok(())
}

pub fn generate(args: GenerateDocsArgs) -> Result<Outcome> {
    for dir in ["completions", "man"] {
        let path = args.dir.join(dir);
        if path.exists() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot clear {}", path.display()))?;
        }
        std::fs::create_dir_all(&path)?;
    }
    let files = render_all()?;
    for (rel, bytes) in &files {
        let path = args.dir.join(rel);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!("wrote {} files to completions/ and man/", files.len());
    Ok(Outcome::Done)
}
