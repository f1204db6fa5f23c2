//! `shopctl config`: settings are listed with their defaults, checked before they are stored,
//! and a refused value leaves the shop file as it was.

use crate::support::TestShop;

#[test]
fn settings_are_listed_set_read_back_and_unset() {
    let shop = TestShop::new();
    let list = shop.json(&["config", "list"]);
    let keys: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"catalog.image_base_url"), "{keys:?}");
    assert!(keys.contains(&"payouts.schedule_days"), "{keys:?}");
    let days = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "payouts.schedule_days")
        .unwrap();
    assert_eq!(days["value"], serde_json::Value::Null);
    assert_eq!(days["default"], "2");

    // A table prints the value alone, so that `$(shopctl config get KEY)` works.
    let got = shop.run(&["config", "get", "payouts.schedule_days"]).ok();
    assert_eq!(got.stdout, "2\n");
    shop.run(&[
        "config",
        "set",
        "catalog.image_base_url",
        "https://cdn.example.com/shop/",
    ])
    .ok();
    let got = shop.run(&["config", "get", "catalog.image_base_url"]).ok();
    assert_eq!(got.stdout, "https://cdn.example.com/shop\n");
    let doc = shop.json(&["config", "get", "catalog.image_base_url"]);
    assert_eq!(doc["value"], "https://cdn.example.com/shop");
    assert_eq!(doc["is_default"], false);

    // The setting is the one the catalog reads: an exported feed links images under it.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let stored: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'catalog.image_base_url'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "https://cdn.example.com/shop");

    let out = shop
        .run(&["config", "unset", "catalog.image_base_url"])
        .ok();
    assert!(out.stdout.contains("unset"), "{}", out.stdout);
    let doc = shop.json(&["config", "get", "catalog.image_base_url"]);
    assert_eq!(doc["value"], serde_json::Value::Null);
    assert_eq!(doc["is_default"], true);
}

#[test]
fn bad_values_and_unknown_keys_are_refused_and_change_nothing() {
    let shop = TestShop::new();
    shop.run(&["config", "set", "payouts.schedule_days", "3"])
        .ok();
    let before = shop.snapshot();
    // A bad value fails the command (exit 1); a setting that does not exist is a wrong
    // command line (exit 2, like clap's own "did you mean"), issue 17.
    for (args, code, says) in [
        (
            vec!["config", "set", "payouts.schedule_days", "-1"],
            1,
            "payouts.schedule_days must be a whole number",
        ),
        (
            vec![
                "config",
                "set",
                "catalog.image_base_url",
                "http://cdn.example.com",
            ],
            1,
            "must use https",
        ),
        (
            vec![
                "config",
                "set",
                "catalog.image_base_ur",
                "https://x.example",
            ],
            2,
            "did you mean \"catalog.image_base_url\"",
        ),
        (
            vec!["config", "set", "provider.api_key_env", "X"],
            2,
            "`shopctl provider set`",
        ),
        (vec!["config", "get", "nope"], 2, "shopctl config list"),
        (
            vec!["config", "unset", "nope"],
            2,
            "unknown setting \"nope\"",
        ),
    ] {
        shop.run(&args).code(code).stderr_has(says);
    }
    assert_eq!(shop.snapshot(), before);
    let got = shop.run(&["config", "get", "payouts.schedule_days"]).ok();
    assert_eq!(got.stdout, "3\n");
}
