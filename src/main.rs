//! shopctl's entry point: set a private umask, parse arguments, run, print the error chain,
//! exit with its code.

use std::ffi::OsString;
use std::process::ExitCode;

use shopctl::error::{Exit, Outcome, exit_code};
use shopctl::output::error_line;

// The process's allocator: a sync makes some 260 small allocations an order (the text of
// rows read, JSON written), and glibc's malloc and free were a ninth of its instructions
// (issue 18).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Whatever shopctl creates is its owner's only (atuin does the same): the modes the code
    // asks for explicitly (files::PRIVATE_FILE, `--mode`) are set after creation and do not
    // depend on it; this covers anything else (SQLite's own files among them).
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let args: Vec<OsString> = std::env::args_os().collect();
    let json = wants_json(&args);
    let (cli, command) = match shopctl::cli::parse(&args) {
        Ok(parsed) => parsed,
        // --help and --version are clap "errors" that print to stdout and exit 0.
        Err(e) if !json || !e.use_stderr() => e.exit(),
        Err(e) => {
            let text = e.render().to_string();
            let text = text.trim().trim_start_matches("error: ");
            eprintln!("{}", error_line(true, text, Exit::Usage as u8));
            return ExitCode::from(Exit::Usage as u8);
        }
    };
    match shopctl::cli::run(cli, &command) {
        Ok(Outcome::Done) => ExitCode::from(Exit::Done as u8),
        Ok(Outcome::Problems) => ExitCode::from(Exit::Problems as u8),
        Err(err) => {
            let code = exit_code(&err);
            if code != Exit::Done {
                eprintln!("{}", error_line(json, &format!("{err:#}"), code as u8));
            }
            ExitCode::from(code as u8)
        }
    }
}

/// `--format json` (or `--format=json`) before any `--`: then even a command line that clap
/// refuses gets its error as JSON, so that a cron log stays JSON Lines.
fn wants_json(args: &[OsString]) -> bool {
    let mut words = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    let mut json = false;
    while let Some(w) = words.next() {
        match w {
            "--" => break,
            "--format" => json = words.next() == Some("json"),
            _ if w.starts_with("--format=") => json = w == "--format=json",
            _ => {}
        }
    }
    json
}
