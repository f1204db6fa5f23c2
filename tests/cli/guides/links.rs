//! Links in the repository's markdown stay inside the repository and lead somewhere: to a file
//! that exists and, with `#anchor`, to a heading on it (GitHub's anchor rules).

use std::path::{Component, Path, PathBuf};

/// Files linked before they are written. Each entry goes when its file arrives (a test says
/// so), so this cannot hide a broken link for long.
const PENDING: &[&str] = &[];

/// The markdown a reader follows links through.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = ["README.md", "CONTRIBUTING.md", "ARCHITECTURE.md"]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect();
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            v.push(p);
        }
    }
    v
}

#[test]
fn links_stay_in_the_repository_and_lead_somewhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for page in pages(root) {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root).unwrap().display().to_string();
        for (line, target) in links(&text) {
            if let Err(why) = check(root, &page, &target) {
                broken.push(format!("{name}:{line}: ({target}) {why}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn pending_files_are_still_missing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for p in PENDING {
        assert!(
            !root.join(p).exists(),
            "{p} exists now: remove it from PENDING in tests/cli/guides/links.rs"
        );
    }
}

fn check(root: &Path, page: &Path, target: &str) -> Result<(), String> {
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| target.starts_with(s))
    {
        return Ok(());
    }
    let (file, anchor) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (target, None),
    };
    let dest = if file.is_empty() {
        page.to_path_buf()
    } else {
        normalize(&page.parent().unwrap().join(file))
    };
    let Ok(rel) = dest.strip_prefix(root) else {
        return Err("points outside the repository".into());
    };
    if !dest.exists() {
        if PENDING.iter().any(|p| Path::new(p) == rel) {
            return Ok(());
        }
        return Err("no such file".into());
    }
    let Some(anchor) = anchor else { return Ok(()) };
    if dest.extension().is_none_or(|e| e != "md") {
        return Ok(());
    }
    let text = std::fs::read_to_string(&dest).map_err(|e| e.to_string())?;
    if anchors(&text).iter().any(|a| a == anchor) {
        Ok(())
    } else {
        Err(format!("no heading #{anchor} on {}", rel.display()))
    }
}

/// `a/b/../c` → `a/c` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Lines outside code blocks, with their 1-based numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut in_code = false;
    let mut v = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            v.push((i + 1, line));
        }
    }
    v
}

/// `[text](target)` links and `[name]: target` definitions, outside code.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut v = Vec::new();
    for (n, line) in prose(text) {
        let line = without_code_spans(line);
        if line.starts_with('[')
            && let Some((_, def)) = line.split_once("]: ")
        {
            v.push((n, def.split_whitespace().next().unwrap_or("").to_string()));
        }
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].split_whitespace().next().unwrap_or("");
            v.push((n, target.to_string()));
            rest = &after[end..];
        }
    }
    v
}

fn without_code_spans(line: &str) -> String {
    line.split('`').step_by(2).collect::<Vec<_>>().join("")
}

/// The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to
/// `-`, and `-1`, `-2`, ... for repeats.
fn anchors(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut bases: Vec<String> = Vec::new();
    for (_, line) in prose(text) {
        let Some(title) = line
            .strip_prefix('#')
            .map(|t| t.trim_start_matches('#'))
            .and_then(|t| t.strip_prefix(' '))
        else {
            continue;
        };
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let repeats = bases.iter().filter(|b| **b == slug).count();
        seen.push(if repeats == 0 {
            slug.clone()
        } else {
            format!("{slug}-{repeats}")
        });
        bases.push(slug);
    }
    seen
}

#[test]
fn anchors_follow_github() {
    let page = "# Using Stripe\n## `shopctl sandbox simulate`\n## Paying: `pay ORDER [--fail]`\n```\n# not a heading\n```\n## Notes\n## Notes\n";
    assert_eq!(
        anchors(page),
        [
            "using-stripe",
            "shopctl-sandbox-simulate",
            "paying-pay-order---fail",
            "notes",
            "notes-1"
        ]
    );
    assert_eq!(
        links("see [a](docs/a.md#x) and `[b](no)` [c](c.md \"t\")\n[d]: d.md\n"),
        [
            (1, "docs/a.md#x".to_string()),
            (1, "c.md".to_string()),
            (2, "d.md".to_string())
        ]
    );
}

#[test]
fn links_outside_the_repository_or_to_nothing_are_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = root.join("README.md");
    assert_eq!(
        check(root, &readme, "../shared/DESIGN.md"),
        Err("points outside the repository".to_string())
    );
    assert_eq!(
        check(root, &readme, "docs/nothing.md"),
        Err("no such file".to_string())
    );
    assert!(
        check(root, &readme, "docs/catalog.md#no-such-heading")
            .unwrap_err()
            .starts_with("no heading #no-such-heading")
    );
    assert_eq!(check(root, &readme, "docs/catalog.md#images"), Ok(()));
    assert_eq!(check(root, &readme, "https://stripe.com/docs"), Ok(()));
}
