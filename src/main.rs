//! shopctl's entry point: set a private umask, parse arguments, run, print the error chain,
//! exit with its code.

use std::process::ExitCode;

use clap::Parser;
use shopctl::error::{Exit, Outcome, exit_code};

fn main() -> ExitCode {
    // Whatever shopctl creates is its owner's only (atuin does the same): the modes the code
    // asks for explicitly (files::PRIVATE_FILE, `--mode`) are set after creation and do not
    // depend on it; this covers anything else (SQLite's own files among them).
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let cli = shopctl::cli::Cli::parse();
    match shopctl::cli::run(cli) {
        Ok(Outcome::Done) => ExitCode::from(Exit::Done as u8),
        Ok(Outcome::Problems) => ExitCode::from(Exit::Problems as u8),
        Err(err) => {
            let code = exit_code(&err);
            if code != Exit::Done {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(code as u8)
        }
    }
}
