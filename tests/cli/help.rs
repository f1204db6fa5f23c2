//! Help, man pages and completions (issue 17): every command's `--help` has one to three
//! examples that parse, every argument says what it is, no default is printed twice, the man
//! pages have EXAMPLES, EXIT STATUS, ENVIRONMENT and FILES, and completions offer the values
//! of enum-like options.

use std::path::Path;

use clap::{CommandFactory, Parser};
use shopctl::cli::Cli;

use crate::support::TestShop;

/// Every visible command below `cmd`, with its words ("catalog import").
fn all(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("{prefix}{}", sub.get_name());
        out.push((name.clone(), sub.clone()));
        all(sub, &format!("{name} "), out);
    }
}

fn commands() -> Vec<(String, clap::Command)> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = vec![("".to_string(), cmd.clone())];
    all(&cmd, "", &mut out);
    out
}

/// An example line as the words a shell would hand shopctl: up to a comment, a redirection or
/// a second command.
fn example_words(line: &str) -> Vec<String> {
    let words = shlex::split(line).unwrap_or_else(|| panic!("cannot split `{line}`"));
    words
        .into_iter()
        .take_while(|w| {
            !w.starts_with('#') && !["&&", "|", ">", ">>", "<", "2>&1"].contains(&w.as_str())
        })
        .collect()
}

#[test]
fn every_command_has_one_to_three_examples_that_parse() {
    let mut wrong = Vec::new();
    for (name, cmd) in commands() {
        let examples = shopctl::cli::docs::examples_of(&cmd);
        let own = cmd
            .get_after_help()
            .is_some_and(|h| h.to_string().starts_with("Examples:"));
        if !own || !(1..=3).contains(&examples.len()) {
            wrong.push(format!(
                "`shopctl {name}`: {} examples in its after_help (want 1 to 3, `examples!`)",
                if own { examples.len() } else { 0 }
            ));
            continue;
        }
        for ex in &examples {
            let words = example_words(ex);
            if words.first().map(String::as_str) != Some("shopctl") {
                wrong.push(format!(
                    "`shopctl {name}`: example `{ex}` does not run shopctl"
                ));
                continue;
            }
            if let Err(e) = Cli::try_parse_from(&words) {
                wrong.push(format!(
                    "`shopctl {name}`: example `{ex}` does not parse: {e}"
                ));
            } else if !name.is_empty() && !words[1..].join(" ").contains(&name) {
                wrong.push(format!(
                    "`shopctl {name}`: example `{ex}` runs another command"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_argument_says_what_it_is_and_defaults_show_once() {
    let mut wrong = Vec::new();
    for (name, cmd) in commands() {
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if help.trim().is_empty() {
                wrong.push(format!("`shopctl {name}`: <{id}> has no description"));
            }
            if !arg.get_default_values().is_empty() && help.contains("[default") {
                wrong.push(format!(
                    "`shopctl {name}`: <{id}> says its default and clap prints it again: {help}"
                ));
            }
        }
        let text = cmd.clone().render_long_help().to_string();
        for line in text.lines() {
            if line.matches("[default:").count() > 1 {
                wrong.push(format!("`shopctl {name}`: {line}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn man_pages_have_examples_exit_status_environment_and_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in [
        "shopctl.1",
        "shopctl-orders-list.1",
        "shopctl-sync.1",
        "shopctl-catalog.1",
    ] {
        let text = std::fs::read_to_string(root.join("man").join(page)).unwrap();
        for section in [
            ".SH EXAMPLES",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
        ] {
            assert!(text.contains(section), "{page} lacks {section}");
        }
        for needle in [
            "SHOPCTL_DB",
            "SHOPCTL_BUSY_TIMEOUT_MS",
            "COLUMNS",
            "sync\\-lock",
        ] {
            assert!(text.contains(needle), "{page} lacks {needle}");
        }
    }
    let list = std::fs::read_to_string(root.join("man/shopctl-orders-list.1")).unwrap();
    assert!(list.contains("\\-\\-unfulfilled \\-\\-since 7d"), "{list}");
    // A group's page shows the first example of each of its commands.
    let group = std::fs::read_to_string(root.join("man/shopctl-catalog.1")).unwrap();
    assert!(group.contains("catalog import products.csv"), "{group}");
}

#[test]
fn completions_offer_the_values_of_enum_like_options() {
    let shop = TestShop::empty();
    let bash = shop.run(&["completions", "bash"]).ok().stdout;
    assert!(
        bash.contains("pending processing partially_shipped shipped completed canceled"),
        "order statuses"
    );
    assert!(bash.contains("pending captured failed partially_refunded refunded"));
    assert!(
        bash.contains("card paynow upi pix boleto meta_pay"),
        "payment methods"
    );
    assert!(
        bash.contains("catalog.image_base_url catalog.link_base_url catalog.image_min_pixels"),
        "setting names"
    );
    let fish = shop.run(&["completions", "fish"]).ok().stdout;
    assert!(fish.contains("in_transit"), "payout statuses");
    let zsh = shop.run(&["completions", "zsh"]).ok().stdout;
    assert!(zsh.contains("partially_shipped"));
}
