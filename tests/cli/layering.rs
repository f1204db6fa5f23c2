//! The module layering of ARCHITECTURE.md, checked on the source: every `crate::x` path in a
//! top-level module (test code included) is an arrow, and the arrows must point down the
//! layers below and never close a circle. A new top-level module must be given a layer here.
//!
//! `cargo test --test cli layering -- --nocapture` prints the arrows it found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Layers from the top. An arrow may point to a lower layer, or within a layer as long as it
/// closes no circle.
const LAYERS: &[(&str, &[&str])] = &[
    ("command line", &["cli"]),
    ("services", &["serve", "sync"]),
    (
        "core",
        &[
            "catalog", "orders", "refunds", "payouts", "payments", "inbox", "messages",
        ],
    ),
    ("adapters", &["provider", "channel"]),
    ("storage", &["store"]),
    ("rendering", &["output"]),
    ("nouns", &["model", "money", "clock", "error", "files"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

/// Top-level module of each `.rs` file under `src/`, and the crate modules its code names.
fn arrows(src: &Path) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut out: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "main" || top == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for target in crate_paths(&text) {
                if target != top {
                    out.entry(top.clone())
                        .or_default()
                        .entry(target)
                        .or_default()
                        .insert(rel.display().to_string());
                }
            }
        }
    }
    out
}

/// The first segment of every `crate::...` path in `text`, including each name inside
/// `crate::{a, b::c}`; comments are skipped.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for part in group[..end].split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != "self" {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

/// A circle through the graph, if there is one (depth-first search with colours).
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == next).unwrap();
                    let mut circle = path[start..].to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut path = Vec::new();
            if let Some(c) = visit(node, graph, &mut state, &mut path) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn modules_point_down_the_layers_and_close_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let arrows = arrows(&src);
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &arrows {
        let Some(from_layer) = layer_of(from) else {
            problems.push(format!(
                "src/{from} is a top-level module with no layer: add it to LAYERS in tests/cli/layering.rs and ARCHITECTURE.md"
            ));
            continue;
        };
        for (to, files) in targets {
            let Some(to_layer) = layer_of(to) else {
                problems.push(format!("{from} -> {to}: {to} has no layer"));
                continue;
            };
            println!(
                "{from} -> {to}   ({})",
                files.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            if to_layer < from_layer {
                problems.push(format!(
                    "{from} ({}) -> {to} ({}) points up, in {}",
                    LAYERS[from_layer].0,
                    LAYERS[to_layer].0,
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            graph.entry(from.clone()).or_default().insert(to.clone());
        }
    }
    if let Some(circle) = find_circle(&graph) {
        problems.push(format!("a circle: {}", circle.join(" -> ")));
    }
    assert!(
        problems.is_empty(),
        "module layering broken:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_check_finds_what_it_is_meant_to_find() {
    let paths = crate_paths(
        "use crate::{catalog, money::Money};\nlet x = crate::orders::load(); // crate::refunds\n",
    );
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["catalog", "money", "orders"]
    );
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_circle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_circle(&g).unwrap(),
        ["a", "b", "c", "a"].map(String::from).to_vec()
    );
}
