//! The users' docs: every example on README.md and docs/*.md runs (examples.rs), and every
//! link between the repository's markdown files leads somewhere (links.rs).

mod examples;
mod links;

use std::path::Path;

/// One test per page, so that a failure names its page and pages run in parallel.
macro_rules! pages {
    ($($name:ident => $path:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                examples::check_page($path);
            }
        )*
        const PAGES: &[&str] = &[$($path),*];
    };
}

pages! {
    readme => "README.md",
    shop_file => "docs/shop-file.md",
    catalog => "docs/catalog.md",
    payments => "docs/payments.md",
    sync => "docs/sync.md",
    orders_and_refunds => "docs/orders-and-refunds.md",
    payouts => "docs/payouts.md",
    sandbox => "docs/sandbox.md",
    stripe => "docs/stripe.md",
    razorpay => "docs/razorpay.md",
    whatsapp => "docs/whatsapp.md",
    cron => "docs/cron.md",
    guarantees => "docs/guarantees.md",
    scripts => "docs/scripts.md",
    performance => "docs/performance.md",
    scaling => "docs/scaling.md",
}

#[test]
fn every_page_in_docs_has_its_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let rel = format!("docs/{name}");
        if name.ends_with(".md") && !PAGES.contains(&rel.as_str()) {
            missing.push(rel);
        }
    }
    assert!(
        missing.is_empty(),
        "pages without a test: {missing:?}; add each to `pages!` in tests/cli/guides/mod.rs"
    );
}
