//! completions/ and man/ must match what the clap definitions generate.

use std::path::Path;

#[test]
fn completions_and_man_pages_are_not_stale() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = shopctl::cli::docs::render_all().unwrap();
    let mut stale = Vec::new();
    for (rel, bytes) in &files {
        match std::fs::read(root.join(rel)) {
            Ok(on_disk) if &on_disk == bytes => {}
            _ => stale.push(rel.display().to_string()),
        }
    }
    // A page for a command that no longer exists is stale too.
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let rel = Path::new(dir).join(entry.unwrap().file_name());
            if !files.iter().any(|(r, _)| *r == rel) {
                stale.push(format!("{} (no longer generated)", rel.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}\nregenerate with `cargo run -- generate-docs`"
    );
}
