//! shopctl's entry point: parse arguments, run, print the error chain, exit with its code.

use std::process::ExitCode;

use clap::Parser;
use shopctl::error::{Exit, Outcome, exit_code};

fn main() -> ExitCode {
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
