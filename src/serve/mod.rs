//! `shopctl serve`: the webhook receiver (DESIGN.md, "Webhooks").
//!
//! Threads, and why:
//! - workers (a few) take connections from tiny_http, read and verify each delivery, and hand
//!   it to the writer; a slow sender holds up one worker, not the server;
//! - one writer stores every verified delivery in the inbox, grouping those that arrive
//!   together into one transaction, and releases each answer only after its commit;
//! - one processor turns stored deliveries into orders, payments and message statuses
//!   (`sync::inbox`, the same code `sync` runs), after each commit and once at start, so that
//!   a delivery stored just before a kill -9 is processed, once, at the next start.
//!
//! SIGTERM or SIGINT stops it gracefully: no new connection is taken, the requests in hand
//! are answered, the writer commits what it holds, the processor finishes its delivery.

mod http;
mod process;
pub mod sources;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::output::Output;

pub use http::BODY_LIMIT;
use sources::Source;
use writer::Job;

/// Connections served at once.
const WORKERS: usize = 8;

/// What every worker shares.
pub struct Shared {
    sources: Vec<Box<dyn Source>>,
    writer: Sender<Job>,
    out: Output,
}

/// Where to listen; the shop file.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: String,
    pub db: PathBuf,
    /// Where the log goes: stderr, a line per request and per round of processing, as JSON
    /// objects with `--format json` (the same rule as every command's stderr).
    pub out: Output,
}

/// What `serve` says once it listens (the address, with the port it got for `:0`).
pub struct Started {
    pub address: String,
    pub routes: Vec<String>,
}

/// Serves until SIGTERM or SIGINT. `started` is called once the socket is bound.
pub fn run(
    opts: &Options,
    sources: Vec<Box<dyn Source>>,
    started: impl FnOnce(&Started),
) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
    }
    let server = tiny_http::Server::http(&opts.listen)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", opts.listen))?;
    let server = Arc::new(server);

    let (wake, woken) = mpsc::channel();
    let processor = process::start(opts.db.clone(), woken, opts.out.clone())?;
    let (jobs, writer) = writer::start(opts.db.clone(), wake)?;

    let mut routes = vec!["GET /healthz".to_string()];
    for s in &sources {
        routes.push(format!("POST {}", s.path()));
    }
    let shared = Arc::new(Shared {
        sources,
        writer: jobs,
        out: opts.out.clone(),
    });
    started(&Started {
        address: server.server_addr().to_string(),
        routes,
    });

    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            let (server, shared, stop) =
                (Arc::clone(&server), Arc::clone(&shared), Arc::clone(&stop));
            std::thread::Builder::new()
                .name(format!("serve-worker-{i}"))
                .spawn(move || work(&server, &shared, &stop))
        })
        .collect::<Result<_, _>>()?;
    for w in workers {
        let _ = w.join();
    }
    // The workers are done: dropping the last sender lets the writer finish and end.
    drop(shared);
    let _ = writer.join();
    let _ = processor.join();
    Ok(())
}

fn work(server: &tiny_http::Server, shared: &Shared, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(req)) => http::handle(req, shared),
            Ok(None) => {}
            Err(e) => {
                shared
                    .out
                    .warn(&format!("serve: accepting a connection failed: {e}"));
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// The shop file `serve` uses must exist and be a shop (checked before listening).
pub fn check_shop(db: &Path) -> Result<crate::store::Store> {
    crate::store::Store::open(db)
}
