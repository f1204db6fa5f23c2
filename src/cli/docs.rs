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
#[command(after_help = super::examples!(
    "shopctl completions bash > ~/.local/share/bash-completion/completions/shopctl",
    "shopctl completions zsh > ~/.zfunc/_shopctl",
))]
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
    let page_cmd = cmd
        .clone()
        .name(name.to_string())
        .bin_name(name.replace('-', " "));
    files.push((
        PathBuf::from("man").join(format!("{name}.1")),
        man_page(page_cmd)?,
    ));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files)?;
    }
    Ok(())
}

/// clap_mangen's sections, then EXAMPLES (the command's own `after_help` examples, or for a
/// group the first example of each of its commands), EXIT STATUS, ENVIRONMENT and FILES.
fn man_page(cmd: clap::Command) -> Result<Vec<u8>> {
    let examples = examples_of(&cmd);
    let has_args = cmd.get_arguments().any(|a| !a.is_hide_set());
    let has_subs = cmd.has_subcommands();
    let version = cmd.get_version().is_some();
    let man = clap_mangen::Man::new(cmd);
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if has_args {
        man.render_options_section(&mut buf)?;
    }
    if has_subs {
        man.render_subcommands_section(&mut buf)?;
    }
    let mut roff = roff::Roff::new();
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for line in &examples {
            roff.control("TP", []).text([roff::bold(line.as_str())]);
        }
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_STATUS {
        roff.control("TP", []).text([roff::bold(*code)]);
        roff.text([roff::roman(*meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (var, meaning) in ENVIRONMENT {
        roff.control("TP", []).text([roff::bold(*var)]);
        roff.text([roff::roman(*meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (file, meaning) in FILES {
        roff.control("TP", []).text([roff::italic(*file)]);
        roff.text([roff::roman(*meaning)]);
    }
    roff.to_writer(&mut buf)?;
    if version {
        man.render_version_section(&mut buf)?;
    }
    Ok(buf)
}

/// The example command lines of a command's `after_help` (the lines under "Examples:");
/// for a command with subcommands and none of its own, the first of each subcommand's.
pub fn examples_of(cmd: &clap::Command) -> Vec<String> {
    let own: Vec<String> = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default()
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if !own.is_empty() {
        return own;
    }
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .filter_map(|s| examples_of(s).into_iter().next())
        .collect()
}

/// DESIGN.md's exit codes, for every page.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Done."),
    ("1", "Failed; nothing was changed."),
    (
        "2",
        "The command line was wrong: an unknown option, command or value (with the nearest one).",
    ),
    (
        "3",
        "Ran, but found problems a script must notice: reconciliation discrepancies, invalid \
         rows in a --dry-run import, db check problems, a refund left waiting.",
    ),
    (
        "4",
        "The shop file is busy: another shopctl held it past the busy timeout. The next run \
         catches up.",
    ),
];

pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("SHOPCTL_DB", "The shop file, when --db is not given."),
    (
        "SHOPCTL_BUSY_TIMEOUT_MS",
        "How long to wait for another shopctl that holds the file (default 5000).",
    ),
    (
        "SHOPCTL_STRIPE_MAX_RETRY_MS",
        "Caps the waiting between Stripe retries (default 20000).",
    ),
    (
        "COLUMNS",
        "The width tables fit; else the terminal's width. Without either (output to a file or \
         a pipe) tables are not cut.",
    ),
    ("NO_COLOR", "When set, no colour and no progress bars."),
    (
        "TZ",
        "The zone tables and sentences show times in (JSON and CSV keep UTC).",
    ),
    (
        "XDG_DATA_HOME",
        "Where the default shop file lives ($XDG_DATA_HOME/shopctl/shop.db).",
    ),
];

pub const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/shopctl/shop.db",
        "The default shop file (mode 0600), with its SQLite -wal and -shm files beside it.",
    ),
    (
        "SHOP.sandbox",
        "The sandbox provider's own state, beside a shop that uses it.",
    ),
    (
        "SHOP.sync-lock",
        "Held by a running sync; it names the sync's process for a waiting one.",
    ),
    (
        "SHOP.holder",
        "The process that last took the shop file's write lock, named for a waiting command.",
    ),
];

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
