//! Catalog fidelity (issue 15): a merchant moving from Shopify, WooCommerce or Meta loses
//! nothing and sells nothing by mistake. Each bullet of the issue has its tests here, through
//! the binary, with files written in each platform's own layout
//! (tests/fixtures/catalog/issue15, see tests/fixtures/catalog/PROVENANCE.md).

use serde_json::{Value, json};

use crate::catalog::{import, show, usd_shop};
use crate::support::{TestShop, fixture, run_command};

fn fx(name: &str) -> String {
    fixture("catalog/issue15")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn counts(v: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("no {k} in {v}"));
    (n("created"), n("updated"), n("unchanged"), n("rejected"))
}

fn query<T: rusqlite::types::FromSql>(shop: &TestShop, sql: &str) -> T {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn outbox(shop: &TestShop) -> i64 {
    // The provider's entries: the chat's catalog queues its own beside them (an edit one per
    // product, an import one for all), which tests/cli/chat_catalog.rs counts.
    query(
        shop,
        "SELECT count(*) FROM outbox WHERE target = 'provider'",
    )
}

/// `catalog export` in a dialect, parsed: each row as (column → cell).
fn export(shop: &TestShop, dialect: &str) -> Vec<std::collections::HashMap<String, String>> {
    let out = shop
        .run(&["catalog", "export", "--dialect", dialect])
        .ok()
        .stdout;
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn row<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    col: &str,
    value: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter()
        .find(|r| r[col] == value)
        .unwrap_or_else(|| panic!("no row with {col} = {value}"))
}

// ------------------------------------------------- untracked stock

/// Bullet 1, and the first "done when": untracked stock from each platform is stored and
/// shown as untracked, and exported as in stock, not as 0.
#[test]
fn untracked_stock_from_shopify_woocommerce_and_meta_is_kept_and_exported_in_stock() {
    let shop = usd_shop();
    let s = import(&shop, &[&fx("shopify_untracked.csv")]);
    assert_eq!(counts(&s), (3, 0, 0, 0));
    let s = import(&shop, &[&fx("woocommerce_untracked.csv")]);
    assert_eq!(counts(&s), (3, 0, 0, 0));
    let s = import(&shop, &[&fx("meta_availability.csv")]);
    assert_eq!(counts(&s), (5, 0, 0, 0));
    let stock = |sku: &str| {
        let p = show(&shop, sku);
        (p["stock"].clone(), p["stock_tracked"].clone())
    };
    let untracked = (Value::Null, json!(false));
    let tracked = |n: i64| (json!(n), json!(true));
    // Shopify: an empty Variant Inventory Tracker (its quantity 0 means nothing then).
    assert_eq!(stock("SARONG-M"), untracked);
    assert_eq!(stock("SARONG-L"), untracked);
    assert_eq!(stock("KOPI-MUG"), tracked(-2));
    // WooCommerce: In stock? 1 with no Stock; In stock? 0 with no Stock is 0.
    assert_eq!(stock("KOPI-BEANS"), untracked);
    assert_eq!(stock("TEH-TARIK"), tracked(0));
    assert_eq!(stock("PANDAN-CAKE"), tracked(7));
    // Meta: in stock (or preorder) with no quantity; out of stock with none is 0.
    assert_eq!(stock("FAN-1"), untracked);
    assert_eq!(stock("FAN-2"), tracked(0));
    assert_eq!(stock("FAN-3"), untracked);
    assert_eq!(stock("FAN-4"), tracked(12));
    // The list says the same, for scripts and for people.
    let list = shop.json(&["catalog", "list", "--search", "sarong"]);
    assert_eq!(list[0]["stock"], Value::Null);
    assert_eq!(list[0]["stock_tracked"], false);
    let table = shop
        .run(&["catalog", "list", "--search", "SARONG-M"])
        .ok()
        .stdout;
    assert!(table.contains("stock_tracked"), "{table}");
    let line = table.lines().find(|l| l.contains("SARONG-M")).unwrap();
    assert!(line.contains(" no "), "{line}");
    // Untracked stock is never low.
    let low = shop.json(&["catalog", "list", "--low-stock", "0"]);
    let low: Vec<&str> = low
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sku"].as_str().unwrap())
        .collect();
    assert_eq!(low, ["FAN-2", "KOPI-MUG", "TEH-TARIK"]);

    // Exported to Meta: in stock, with no quantity (one real shop: 456 of 456 were "out of
    // stock" before).
    let meta = export(&shop, "meta");
    for sku in ["SARONG-M", "SARONG-L", "KOPI-BEANS", "FAN-1"] {
        let r = row(&meta, "id", sku);
        assert_eq!(
            (
                r["availability"].as_str(),
                r["quantity_to_sell_on_facebook"].as_str()
            ),
            ("in stock", ""),
            "{sku}"
        );
    }
    assert_eq!(
        row(&meta, "id", "TEH-TARIK")["availability"],
        "out of stock"
    );
    assert_eq!(row(&meta, "id", "FAN-3")["availability"], "preorder");
    assert_eq!(row(&meta, "id", "PANDAN-CAKE")["availability"], "in stock");
    // Shopify and WooCommerce write it their own way.
    let shopify = export(&shop, "shopify");
    let r = row(&shopify, "Variant SKU", "SARONG-M");
    assert_eq!(
        (
            r["Variant Inventory Tracker"].as_str(),
            r["Variant Inventory Qty"].as_str()
        ),
        ("", "")
    );
    let r = row(&shopify, "Variant SKU", "KOPI-MUG");
    assert_eq!(r["Variant Inventory Tracker"], "shopify");
    let woo = export(&shop, "woocommerce");
    let r = row(&woo, "SKU", "KOPI-BEANS");
    assert_eq!((r["Stock"].as_str(), r["In stock?"].as_str()), ("", "1"));
    let r = row(&woo, "SKU", "TEH-TARIK");
    assert_eq!((r["Stock"].as_str(), r["In stock?"].as_str()), ("0", "0"));
    // The native layout says `untracked`, and each export reads back as it was.
    let native = export(&shop, "native");
    assert_eq!(row(&native, "sku", "SARONG-M")["stock"], "untracked");
    for dialect in ["native", "shopify", "woocommerce", "meta"] {
        let file = shop.path(&format!("export-{dialect}.csv"));
        shop.run(&[
            "catalog",
            "export",
            "--dialect",
            dialect,
            "-o",
            file.to_str().unwrap(),
        ])
        .ok();
        let before = outbox(&shop);
        let again = import(&shop, &[file.to_str().unwrap()]);
        assert_eq!(again["updated"], 0, "{dialect}: {again}");
        assert_eq!(outbox(&shop), before, "{dialect}: nothing queued");
    }
}

/// A native catalog with one product whose stock is not tracked and one counted, in SGD like
/// the WhatsApp order fixture.
fn sgd_shop_with_untracked_tee() -> TestShop {
    let shop = TestShop::new();
    let csv = shop.path("catalog.csv");
    std::fs::write(
        &csv,
        "sku,title,price,sale_price,stock\nTEE-BLK-M,Black tee,25.00,,untracked\nMUG-WHT,White mug,12.50,10.50,2\n",
    )
    .unwrap();
    shop.run(&["catalog", "import", csv.to_str().unwrap()]).ok();
    shop
}

/// Bullet 1: an order holds no untracked stock (it is never reserved below anything), and
/// gives none back when canceled; counted stock moves as before.
#[test]
fn orders_never_reserve_untracked_stock() {
    let shop = sgd_shop_with_untracked_tee();
    let webhook = fixture("orders/webhook_order.json");
    let out = shop
        .run(&["orders", "import", webhook.to_str().unwrap()])
        .ok();
    assert!(
        !out.stderr.contains("TEE-BLK-M is now at"),
        "{}",
        out.stderr
    );
    assert_eq!(show(&shop, "TEE-BLK-M")["stock"], Value::Null);
    assert_eq!(show(&shop, "MUG-WHT")["stock"], 1);
    let orders = shop.json(&["orders", "list"]);
    let id = orders[0]["id"].as_str().unwrap().to_string();
    shop.json(&["orders", "cancel", &id]);
    assert_eq!(show(&shop, "TEE-BLK-M")["stock"], Value::Null);
    assert_eq!(show(&shop, "MUG-WHT")["stock"], 2);
}

/// Bullet 1: providers receive untracked stock: the sandbox keeps it untracked and its
/// simulated customers buy the product, which never runs out.
#[test]
fn the_sandbox_sells_untracked_products_and_keeps_them_untracked() {
    let shop = TestShop::new();
    let csv = shop.path("catalog.csv");
    std::fs::write(
        &csv,
        "sku,title,price,stock\nFAN-1,Paper fan,6.00,untracked\n",
    )
    .unwrap();
    shop.run(&["catalog", "import", csv.to_str().unwrap()]).ok();
    shop.run(&["payments", "enable", "card"]).ok();
    shop.run(&["sync"]).ok();
    let sandbox = rusqlite::Connection::open(shop.path("shop.db.sandbox")).unwrap();
    let stock: Option<i64> = sandbox
        .query_row("SELECT stock FROM products WHERE sku = 'FAN-1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stock, None);
    let sim = shop.json(&[
        "sandbox", "simulate", "--orders", "6", "--days", "2", "--seed", "3",
    ]);
    assert_eq!(sim["order_count"], 6, "{sim}");
    shop.run(&["sync"]).ok();
    let orders = shop.json(&["orders", "list"]);
    assert_eq!(orders.as_array().unwrap().len(), 6);
    assert_eq!(show(&shop, "FAN-1")["stock"], Value::Null);
}

/// Bullet 1: `catalog stock SKU N` turns counting on; `untracked` turns it off; adding to or
/// taking from a stock nobody counts says how to start.
#[test]
fn catalog_stock_n_turns_tracking_on_and_untracked_turns_it_off() {
    let shop = sgd_shop_with_untracked_tee();
    let before = shop.snapshot();
    shop.run(&["catalog", "stock", "TEE-BLK-M", "+1"])
        .code(1)
        .stderr_has(
            "TEE-BLK-M's stock is not tracked (it is always sellable); set a count with \
             `shopctl catalog stock TEE-BLK-M N` to start tracking it",
        );
    assert_eq!(shop.snapshot(), before);
    let out = shop.json(&["catalog", "stock", "TEE-BLK-M", "5"]);
    assert_eq!(
        out,
        json!({"sku": "TEE-BLK-M", "previous_stock": null, "stock": 5, "stock_tracked": true})
    );
    assert_eq!(
        shop.json(&["catalog", "stock", "TEE-BLK-M", "-2"])["stock"],
        3
    );
    let out = shop.json(&["catalog", "stock", "TEE-BLK-M", "untracked"]);
    assert_eq!(
        (&out["previous_stock"], &out["stock"]),
        (&json!(3), &Value::Null)
    );
    // `catalog edit --stock` takes the same words.
    let p = shop.json(&["catalog", "edit", "MUG-WHT", "--stock", "untracked"]);
    assert_eq!(p["stock_tracked"], false);
    shop.run(&["catalog", "edit", "MUG-WHT", "--stock", "-1"])
        .code(2)
        .stderr_has("is not a stock level");
}

// ------------------------------------------------- partial updates

/// Every column but the price (and the time of the change), as text: what a price update
/// must leave alone.
const ALL_BUT_PRICE: &str = "SELECT group_concat(sku || '|' || group_id || '|' || title || '|' || description || '|' || \
     status || '|' || currency || '|' || ifnull(stock, 'untracked') || '|' || category || '|' || \
     brand || '|' || condition || '|' || options || '|' || images || '|' || link || '|' || \
     availability, char(10)) FROM (SELECT * FROM products ORDER BY sku)";

const ALL_BUT_STOCK: &str = "SELECT group_concat(sku || '|' || group_id || '|' || title || '|' || description || '|' || \
     status || '|' || price || '|' || ifnull(sale_price, '') || '|' || currency || '|' || \
     category || '|' || brand || '|' || condition || '|' || options || '|' || images || '|' || \
     link || '|' || availability, char(10)) FROM (SELECT * FROM products ORDER BY sku)";

fn prices(shop: &TestShop) -> Vec<(String, Value, Value)> {
    ["MUG", "TEE-M", "TEE-S"]
        .iter()
        .map(|sku| {
            let p = show(shop, sku);
            (sku.to_string(), p["price"].clone(), p["sale_price"].clone())
        })
        .collect()
}

/// Bullet 2, and the second "done when": a `sku,price` file in every dialect's spelling is an
/// update file that changes prices only (the digest of every other column is unchanged).
#[test]
fn a_sku_price_file_in_every_dialects_spelling_changes_only_prices() {
    for (file, dialect, tee_m_sale) in [
        ("update_prices_native.csv", "native", json!("25.00")),
        // Shopify's Variant Price is what a customer pays: the stored compare-at price (29.00)
        // stays, so TEE-M is on sale at 24.00.
        ("update_prices_shopify.csv", "shopify", json!("24.00")),
        (
            "update_prices_woocommerce.csv",
            "woocommerce",
            json!("25.00"),
        ),
        ("update_prices_meta.csv", "meta", json!("25.00")),
    ] {
        let shop = usd_shop();
        assert_eq!(
            counts(&import(&shop, &[&fx("base_native.csv")])),
            (3, 0, 0, 0)
        );
        let others: String = query(&shop, ALL_BUT_PRICE);
        let run = shop
            .run(&[
                "-v",
                "--format",
                "json",
                "catalog",
                "import",
                &fx(file),
                "--mode",
                "update",
            ])
            .ok();
        assert!(
            run.stderr.contains(&format!("{dialect} layout")),
            "{file}: {}",
            run.stderr
        );
        assert_eq!(counts(&run.json()), (0, 3, 0, 0), "{file}");
        assert_eq!(
            query::<String>(&shop, ALL_BUT_PRICE),
            others,
            "{file}: only prices change"
        );
        let tee_m_price = if dialect == "shopify" {
            "29.00"
        } else {
            "31.00"
        };
        assert_eq!(
            prices(&shop),
            [
                ("MUG".to_string(), json!("15.50"), Value::Null),
                ("TEE-M".to_string(), json!(tee_m_price), tee_m_sale),
                ("TEE-S".to_string(), json!("31.00"), Value::Null),
            ],
            "{file}"
        );
    }
}

/// Bullet 2: a `sku,stock` file in every dialect's spelling changes stock only (and counting
/// starts for a product that was untracked).
#[test]
fn a_sku_stock_file_in_every_dialects_spelling_changes_only_stock() {
    for file in [
        "update_stock_native.csv",
        "update_stock_shopify.csv",
        "update_stock_woocommerce.csv",
        "update_stock_meta.csv",
    ] {
        let shop = usd_shop();
        import(&shop, &[&fx("base_native.csv")]);
        let others: String = query(&shop, ALL_BUT_STOCK);
        let s = import(&shop, &[&fx(file), "--mode", "update"]);
        assert_eq!(counts(&s), (0, 3, 0, 0), "{file}");
        assert_eq!(query::<String>(&shop, ALL_BUT_STOCK), others, "{file}");
        let stock: Vec<Value> = ["TEE-S", "TEE-M", "MUG"]
            .iter()
            .map(|s| show(&shop, s)["stock"].clone())
            .collect();
        assert_eq!(stock, [json!(3), json!(0), json!(10)], "{file}");
    }
}

/// Bullet 2: `--dry-run` lists, per product, each field that would change (old → new), in
/// JSON and as a table, and writes nothing; an empty cell in a present column still clears.
#[test]
fn dry_run_lists_each_field_that_would_change_old_to_new() {
    let shop = usd_shop();
    import(&shop, &[&fx("base_native.csv")]);
    let update = shop.path("update.csv");
    std::fs::write(
        &update,
        "sku,title,stock,category\nTEE-S,Batik tee S,untracked,\nMUG,Kopi mug,10,Home > Kitchen\n",
    )
    .unwrap();
    let before = shop.snapshot();
    let out = shop
        .run(&[
            "--format",
            "json",
            "catalog",
            "import",
            update.to_str().unwrap(),
            "--mode",
            "update",
            "--dry-run",
        ])
        .ok()
        .json();
    assert_eq!(counts(&out), (0, 2, 0, 0));
    assert_eq!(
        out["changes"],
        json!([
            {"sku": "TEE-S", "field": "title", "old": "Batik tee", "new": "Batik tee S"},
            {"sku": "TEE-S", "field": "stock", "old": "8", "new": "untracked"},
            {"sku": "TEE-S", "field": "category", "old": "Apparel > T-shirts", "new": null},
            {"sku": "MUG", "field": "stock", "old": "untracked", "new": "10"},
        ])
    );
    assert_eq!(shop.snapshot(), before, "a dry run writes nothing");
    let table = shop
        .run(&[
            "catalog",
            "import",
            update.to_str().unwrap(),
            "--mode",
            "update",
            "--dry-run",
        ])
        .ok()
        .stdout;
    assert!(
        table.contains("would be updated") && table.contains("field"),
        "{table}"
    );
    let line = table.lines().find(|l| l.contains("Batik tee S")).unwrap();
    assert!(
        line.contains("TEE-S") && line.contains("title") && line.contains("Batik tee "),
        "{line}"
    );
    assert_eq!(shop.snapshot(), before);
}

/// Bullet 2: a partial file cannot make a product out of nothing: a new SKU needs the
/// columns a product needs, and `--mode update` says it is not in the catalog.
#[test]
fn a_partial_file_names_what_a_new_product_lacks() {
    let shop = usd_shop();
    import(&shop, &[&fx("base_native.csv")]);
    let update = shop.path("update.csv");
    std::fs::write(&update, "sku,price\nTEE-S,30.00\nNEW-1,5.00\n").unwrap();
    let before = shop.snapshot();
    shop.run(&["catalog", "import", update.to_str().unwrap()])
        .code(1)
        .stderr_has(
            "update.csv:3: title: a new product needs a title, and this file has no title column",
        );
    shop.run(&["catalog", "import", update.to_str().unwrap(), "--mode", "update"])
        .code(1)
        .stderr_has("update.csv:3: sku \"NEW-1\": is not in the catalog (--mode update only changes existing products)");
    assert_eq!(shop.snapshot(), before);
}

// ------------------------------------------------- duplicate SKUs

/// Bullet 3: two Shopify products sharing a SKU: both rows refused by default, the message
/// naming both lines, both titles and the flag; the file is unchanged.
#[test]
fn a_sku_shared_by_two_shopify_products_is_refused_naming_both_and_the_flag() {
    let shop = usd_shop();
    let before = shop.snapshot();
    let want = "Variant SKU \"CAP-1\": line 2 (\"Red cap\") and line 3 (\"Blue cap\") have the same \
                SKU; give one of them another SKU, or pass --on-duplicate first (or last) to import \
                only the first (or last) of them";
    shop.run(&["catalog", "import", &fx("shopify_duplicate_sku.csv")])
        .code(1)
        .stderr_has("2 invalid rows; nothing was imported")
        .stderr_has(&format!("shopify_duplicate_sku.csv:2: {want}"))
        .stderr_has(&format!("shopify_duplicate_sku.csv:3: {want}"));
    assert_eq!(shop.snapshot(), before);
    // --skip-invalid leaves out both copies (which one is right is not the import's guess).
    let s = import(&shop, &[&fx("shopify_duplicate_sku.csv"), "--skip-invalid"]);
    assert_eq!(counts(&s), (1, 0, 0, 2));
    shop.run(&["catalog", "show", "CAP-1"]).code(1);
}

/// Bullet 3: `--on-duplicate first` keeps the first copy, `last` the last, each with a note.
#[test]
fn on_duplicate_first_or_last_imports_one_copy() {
    for (choice, title, price) in [("first", "Red cap", "12.00"), ("last", "Blue cap", "13.00")] {
        let shop = usd_shop();
        let run = shop
            .run(&[
                "--format",
                "json",
                "catalog",
                "import",
                &fx("shopify_duplicate_sku.csv"),
                "--on-duplicate",
                choice,
            ])
            .ok();
        let s = run.json();
        assert_eq!(counts(&s), (2, 0, 0, 0), "{choice}");
        assert_eq!(s["skipped"], 1, "{choice}");
        assert!(
            run.stderr.contains(&format!("(--on-duplicate {choice})")),
            "{choice}: {}",
            run.stderr
        );
        let cap = show(&shop, "CAP-1");
        assert_eq!(
            (cap["title"].as_str(), cap["price"].as_str()),
            (Some(title), Some(price))
        );
        assert_eq!(outbox(&shop), 2 + i64::from(choice == "last"), "{choice}");
    }
    // Over a catalog that has the SKU already, `last` updates it once.
    let shop = usd_shop();
    import(
        &shop,
        &[&fx("shopify_duplicate_sku.csv"), "--on-duplicate", "first"],
    );
    let s = import(
        &shop,
        &[&fx("shopify_duplicate_sku.csv"), "--on-duplicate", "last"],
    );
    assert_eq!(counts(&s), (0, 1, 1, 0));
    assert_eq!(show(&shop, "CAP-1")["title"], "Blue cap");
}

// ------------------------------------------------- physical line numbers

/// The physical line (from 1) of the first line of `file` that contains `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() + 1
}

/// Bullet 4: every message names the file's physical line, with LF (a Shopify export), CRLF
/// and quoted multi-line cells (WooCommerce exports); the header is never the bad row.
#[test]
fn row_errors_name_the_physical_line_with_lf_crlf_and_quoted_line_breaks() {
    for (file, sku, col) in [
        ("lines_lf.csv", "SCARF-1", "Variant Price"),
        ("lines_crlf.csv", "SCARF-1", "Regular price"),
        ("lines_multiline.csv", "SCARF-1", "Regular price"),
    ] {
        let path = fx(file);
        let want = line_of(&path, sku);
        assert!(want > 2, "{file}: the bad row is below the header");
        let shop = usd_shop();
        let run = shop.run(&["catalog", "import", &path]).code(1);
        let msg = format!("{file}:{want}: {col} \"12.345\": USD has 2 decimal places");
        assert!(
            run.stderr.contains(&msg),
            "{file}: want {msg:?} in\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(&format!("{file}:1:")),
            "{}",
            run.stderr
        );
    }
    // The multi-line file's bad row starts after a three-line cell: CRLF and quoted breaks.
    assert_eq!(line_of(&fx("lines_multiline.csv"), "SCARF-1"), 5);
}

// ------------------------------------------------- Shopify variant images

/// Bullet 5: a variant's own `Variant Image` is its first picture; the handle's other images
/// follow; a Shopify export re-imports to the same lists.
#[test]
fn a_shopify_variants_own_image_comes_first() {
    let shop = usd_shop();
    import(&shop, &[&fx("shopify_untracked.csv")]);
    let cdn = "https://cdn.shopify.com/s/files/1/kopi/";
    let images = |sku: &str| show(&shop, sku)["images"].clone();
    assert_eq!(
        images("SARONG-M"),
        json!([
            format!("{cdn}sarong-front.jpg"),
            format!("{cdn}sarong-back.jpg"),
            format!("{cdn}sarong-folded.jpg")
        ])
    );
    assert_eq!(
        images("SARONG-L"),
        json!([
            format!("{cdn}sarong-back.jpg"),
            format!("{cdn}sarong-front.jpg"),
            format!("{cdn}sarong-folded.jpg")
        ])
    );
    let file = shop.path("shopify-export.csv");
    shop.run(&[
        "catalog",
        "export",
        "--dialect",
        "shopify",
        "-o",
        file.to_str().unwrap(),
    ])
    .ok();
    let fresh = usd_shop();
    import(&fresh, &[file.to_str().unwrap()]);
    for sku in ["SARONG-M", "SARONG-L", "KOPI-MUG"] {
        assert_eq!(show(&fresh, sku)["images"], images(sku), "{sku}");
    }
}

// ------------------------------------------------- HTML descriptions

/// Bullet 6: HTML descriptions are kept as imported; the Meta export has their plain text
/// (tags removed, entities decoded, paragraphs as line breaks), and a re-import of that
/// export keeps the HTML.
#[test]
fn html_descriptions_are_kept_and_exported_to_meta_as_plain_text() {
    let shop = usd_shop();
    import(&shop, &[&fx("shopify_untracked.csv")]);
    import(&shop, &[&fx("woocommerce_untracked.csv")]);
    let sarong = show(&shop, "SARONG-M")["description"].clone();
    assert_eq!(
        sarong,
        "<p>Hand-drawn <b>batik</b> &amp; soft cotton.</p><p>Wash cold.<br>Dry in shade.</p>"
    );
    let meta = export(&shop, "meta");
    assert_eq!(
        row(&meta, "id", "SARONG-M")["description"],
        "Hand-drawn batik & soft cotton.\n\nWash cold.\nDry in shade."
    );
    // `&nbsp;` is decoded to the no-break space it stands for (U+00A0), which Meta shows.
    assert_eq!(
        row(&meta, "id", "KOPI-MUG")["description"],
        "Enamel mug, 350\u{a0}ml."
    );
    assert_eq!(
        row(&meta, "id", "KOPI-BEANS")["description"],
        "Dark roast with kaya & caramel notes."
    );
    // Plain text stays as it is.
    assert_eq!(
        row(&meta, "id", "TEH-TARIK")["description"],
        "Pulled tea, sweetened."
    );
    // The other exports keep the HTML.
    // (Shopify's product fields are on the handle's first row: SARONG-L's, in SKU order.)
    assert_eq!(
        row(&export(&shop, "shopify"), "Variant SKU", "SARONG-L")["Body (HTML)"],
        sarong
    );
    let file = shop.path("meta.csv");
    shop.run(&[
        "catalog",
        "export",
        "--dialect",
        "meta",
        "-o",
        file.to_str().unwrap(),
    ])
    .ok();
    let s = import(&shop, &[file.to_str().unwrap()]);
    assert_eq!(s["updated"], 0, "{s}");
    assert_eq!(show(&shop, "SARONG-M")["description"], sarong);
}

// ------------------------------------------------- decimal commas

/// Bullet 7: a point where --decimal-comma expects a comma gets its real reason; a file that
/// writes amounts both ways gets one message that says so.
#[test]
fn decimal_style_errors_say_the_real_reason_and_a_mixed_file_gets_one_message() {
    let shop = usd_shop();
    let before = shop.snapshot();
    let run = shop
        .run(&[
            "catalog",
            "import",
            &fx("decimal_points.csv"),
            "--decimal-comma",
        ])
        .code(1);
    assert!(
        run.stderr.contains(
            "decimal_points.csv:2: Regular price \"4.50\" has a decimal point, but --decimal-comma \
             says amounts are written with a comma (like 12,50)"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("expected digits"), "{}", run.stderr);
    let run = shop
        .run(&[
            "catalog",
            "import",
            &fx("decimal_mixed.csv"),
            "--decimal-comma",
        ])
        .code(1);
    let want = "decimal_mixed.csv:3: this file writes amounts two ways: Regular price \"14.99\" \
                (line 3) with a decimal point and Regular price \"4,50\" (line 2) with a decimal \
                comma, so 1 row could not be read. Write every amount one way, then import with \
                --decimal-comma (12,50) or without it (12.50)";
    assert!(run.stderr.contains(want), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("decimal point").count(),
        1,
        "one message: {}",
        run.stderr
    );
    let run = shop
        .run(&["catalog", "import", &fx("decimal_mixed.csv")])
        .code(1);
    assert!(
        run.stderr.contains("this file writes amounts two ways"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 rows could not be read"),
        "{}",
        run.stderr
    );
    assert_eq!(shop.snapshot(), before);
}

// ------------------------------------------------- Meta round trip

/// Bullet 8: `availability` from a Meta feed survives a native export and re-import (and a
/// Meta one): nothing is reported updated and nothing is queued for a sync.
#[test]
fn meta_availability_survives_native_and_meta_round_trips_without_a_sync() {
    let shop = usd_shop();
    import(&shop, &[&fx("meta_availability.csv")]);
    assert_eq!(show(&shop, "FAN-3")["availability"], "preorder");
    assert_eq!(show(&shop, "FAN-5")["availability"], "available for order");
    // Said by the stock already: not stored.
    assert_eq!(show(&shop, "FAN-1")["availability"], Value::Null);
    for dialect in ["native", "meta"] {
        let file = shop.path(&format!("{dialect}.csv"));
        shop.run(&[
            "catalog",
            "export",
            "--dialect",
            dialect,
            "-o",
            file.to_str().unwrap(),
        ])
        .ok();
        let queued = outbox(&shop);
        let s = import(&shop, &[file.to_str().unwrap()]);
        assert_eq!(counts(&s), (0, 0, 5, 0), "{dialect}");
        assert_eq!(
            outbox(&shop),
            queued,
            "{dialect}: no sync queued for nothing"
        );
        // And into a fresh shop, the same products.
        let fresh = usd_shop();
        import(&fresh, &[file.to_str().unwrap()]);
        for sku in ["FAN-1", "FAN-2", "FAN-3", "FAN-4", "FAN-5"] {
            assert_eq!(show(&fresh, sku), show(&shop, sku), "{dialect} {sku}");
        }
    }
}

// ------------------------------------------------- negative stock

/// Bullet 9: a platform's negative stock imports; adding always works; taking too much names
/// the numbers as typed.
#[test]
fn negative_platform_stock_can_be_added_to_and_removing_too_much_names_what_was_typed() {
    let shop = usd_shop();
    import(&shop, &[&fx("shopify_untracked.csv")]);
    assert_eq!(show(&shop, "KOPI-MUG")["stock"], -2);
    let out = shop.json(&["catalog", "stock", "KOPI-MUG", "+1"]);
    assert_eq!(
        (&out["previous_stock"], &out["stock"]),
        (&json!(-2), &json!(-1))
    );
    let before = shop.snapshot();
    shop.run(&["catalog", "stock", "KOPI-MUG", "-3"])
        .code(1)
        .stderr_has("KOPI-MUG has -1 in stock; -3 would leave -4 (stock cannot go below zero)");
    assert_eq!(shop.snapshot(), before);
    // Back to Shopify's -2 (a platform's file may set it; shopctl's own commands may not).
    import(&shop, &[&fx("shopify_untracked.csv")]);
    assert_eq!(show(&shop, "KOPI-MUG")["stock"], -2);
    // The shop's own export reads back with the oversold count as it is stored; a new shop
    // is not given a count below zero (bullet 10: shopctl's layout takes none).
    let file = shop.path("native.csv");
    shop.run(&["catalog", "export", "-o", file.to_str().unwrap()])
        .ok();
    assert_eq!(
        counts(&import(&shop, &[file.to_str().unwrap()])),
        (0, 0, 3, 0)
    );
    let fresh = usd_shop();
    fresh
        .run(&["catalog", "import", file.to_str().unwrap()])
        .code(1)
        .stderr_has("stock \"-2\": must not be negative");
    assert_eq!(
        shop.json(&["catalog", "stock", "KOPI-MUG", "+5"])["stock"],
        3
    );
}

// ------------------------------------------------- scripts

/// Bullet 10: `catalog import -` reads stdin, as `orders import -` does.
#[test]
fn import_reads_stdin() {
    let shop = usd_shop();
    let file = std::fs::File::open(fx("woocommerce_untracked.csv")).unwrap();
    let mut cmd = shop.command();
    cmd.args(["--format", "json", "catalog", "import", "-"])
        .stdin(std::process::Stdio::from(file));
    let run = run_command(&mut cmd).ok();
    assert_eq!(counts(&run.json()), (3, 0, 0, 0));
    assert_eq!(show(&shop, "KOPI-BEANS")["stock"], Value::Null);
    // Errors name it.
    let mut cmd = shop.command();
    cmd.args(["catalog", "import", "-"])
        .stdin(std::process::Stdio::from(
            std::fs::File::open(fx("negative_stock_native.csv")).unwrap(),
        ));
    run_command(&mut cmd)
        .code(1)
        .stderr_has("stdin:3: stock \"-2\": must not be negative");
}

/// Bullet 10: a NUL byte, a quote that does not close, a header with a column twice, and a
/// negative stock in shopctl's own layout are errors that name the line, never accepted.
#[test]
fn nul_bytes_bad_quotes_twice_named_columns_and_negative_native_stock_are_refused() {
    let shop = usd_shop();
    let before = shop.snapshot();
    for (file, want) in [
        (
            "nul_byte.csv",
            "nul_byte.csv:3: column \"title\" has a NUL byte: this is not text",
        ),
        (
            "unbalanced_quote.csv",
            "unbalanced_quote.csv:3: column \"title\" has text after the quote that closes it \
             (read as \"title\\\"\"); inside a quoted cell write a quote as two (\"ti\"\"tle\")",
        ),
        (
            "unclosed_quote.csv",
            "unclosed_quote.csv:3: a quote opened in this row is never closed",
        ),
        (
            "duplicate_header.csv",
            "duplicate_header.csv:1: the header has the column \"title\" twice (columns 2 and 4)",
        ),
        (
            "negative_stock_native.csv",
            "negative_stock_native.csv:3: stock \"-2\": must not be negative (a count of units in \
             stock); write 0, or `untracked` for a product that is always sellable",
        ),
    ] {
        shop.run(&["catalog", "import", &fx(file)])
            .code(1)
            .stderr_has(want);
        assert_eq!(shop.snapshot(), before, "{file}");
    }
    // The rows around a bad one are fine, and --skip-invalid imports them.
    let s = import(&shop, &[&fx("unbalanced_quote.csv"), "--skip-invalid"]);
    assert_eq!(counts(&s), (2, 0, 0, 1));
}

// ------------------------------------------------- bulk edits

fn bulk_shop() -> TestShop {
    let shop = usd_shop();
    import(&shop, &[&fx("base_native.csv")]);
    shop
}

/// Bullet 11: several SKUs, --search or --group, changed by --price-change (and the other
/// fields) in one transaction with one summary; --dry-run shows the changes and writes nothing.
#[test]
fn bulk_edit_by_skus_search_or_group_with_one_summary_and_a_dry_run() {
    let shop = bulk_shop();
    let before = shop.snapshot();
    let dry = shop.json(&[
        "catalog",
        "edit",
        "--group",
        "tee",
        "--price-change",
        "+10%",
        "--dry-run",
    ]);
    assert_eq!(
        dry,
        json!({
            "matched": 2, "updated": 2, "unchanged": 0, "dry_run": true,
            "changes": [
                {"sku": "TEE-M", "field": "price", "old": "29.00", "new": "31.90"},
                {"sku": "TEE-S", "field": "price", "old": "29.00", "new": "31.90"},
            ]
        })
    );
    assert_eq!(shop.snapshot(), before);
    let queued = outbox(&shop);
    let done = shop.json(&[
        "catalog",
        "edit",
        "--group",
        "tee",
        "--price-change",
        "+10%",
    ]);
    assert_eq!(
        (&done["updated"], &done["dry_run"]),
        (&json!(2), &json!(false))
    );
    assert_eq!(show(&shop, "TEE-S")["price"], "31.90");
    assert_eq!(outbox(&shop), queued + 2, "each product changed is queued");
    // Several SKUs: an amount off, a status and stock for all of them.
    let s = shop.json(&[
        "catalog",
        "edit",
        "TEE-S",
        "MUG",
        "--price-change",
        "-2.00",
        "--status",
        "draft",
        "--stock",
        "4",
    ]);
    assert_eq!((&s["matched"], &s["updated"]), (&json!(2), &json!(2)));
    let mug = show(&shop, "MUG");
    assert_eq!(
        (&mug["price"], &mug["status"], &mug["stock"]),
        (&json!("12.90"), &json!("draft"), &json!(4))
    );
    // --search, and a table for people.
    let table = shop
        .run(&["catalog", "edit", "--search", "batik", "--status", "active"])
        .ok()
        .stdout;
    assert!(
        table.contains("matched") && table.contains("status"),
        "{table}"
    );
    assert_eq!(show(&shop, "TEE-S")["status"], "active");
}

/// Bullet 11: an update file (`catalog edit --from FILE`) is an import in update mode: only
/// its columns change, and --dry-run lists them.
#[test]
fn bulk_edit_from_an_update_file() {
    let shop = bulk_shop();
    let before = shop.snapshot();
    let dry = shop.json(&[
        "catalog",
        "edit",
        "--from",
        &fx("update_stock_woocommerce.csv"),
        "--dry-run",
    ]);
    assert_eq!(
        (&dry["updated"], &dry["dry_run"]),
        (&json!(3), &json!(true))
    );
    assert_eq!(
        dry["changes"][0],
        json!({"sku": "TEE-S", "field": "stock", "old": "8", "new": "3"})
    );
    assert_eq!(shop.snapshot(), before);
    let s = shop.json(&[
        "catalog",
        "edit",
        "--from",
        &fx("update_stock_woocommerce.csv"),
    ]);
    assert_eq!(counts(&s), (0, 3, 0, 0));
    assert_eq!(show(&shop, "MUG")["stock"], 10);
}

/// Bullet 11: one transaction: a change that does not fit one product (its sale price would
/// be above its new price) changes none of them, and says which and why.
#[test]
fn a_bulk_edit_that_does_not_fit_one_product_changes_nothing() {
    let shop = bulk_shop();
    let before = shop.snapshot();
    shop.run(&[
        "catalog",
        "edit",
        "--group",
        "tee",
        "--price-change",
        "-20%",
    ])
    .code(1)
    .stderr_has("TEE-M: the sale price 25.00 is above the price 23.20");
    shop.run(&[
        "catalog",
        "edit",
        "--search",
        "nothing-like-this",
        "--price",
        "1",
    ])
    .code(1)
    .stderr_has("no product's SKU or title contains \"nothing-like-this\"");
    shop.run(&["catalog", "edit", "TEE-S", "NOPE", "--price", "1"])
        .code(1)
        .stderr_has("unknown SKU \"NOPE\"");
    shop.run(&[
        "catalog",
        "edit",
        "--group",
        "tee",
        "--price",
        "1",
        "--price-change",
        "+1%",
    ])
    .code(1)
    .stderr_has("give --price or --price-change, not both");
    assert_eq!(shop.snapshot(), before);
}

/// Bullet 1: migration 0007 lets a shop file from before untracked stock hold it, keeping
/// every product (stock, and the rowids the import queues outbox entries by) as it was; 0008
/// (the chat catalog) follows.
#[test]
fn a_shop_from_before_untracked_stock_is_migrated_with_its_products() {
    let shop = sgd_shop_with_untracked_tee();
    shop.run(&["catalog", "stock", "TEE-BLK-M", "4"]).ok();
    // Roll the products table back to schema 6 (stock NOT NULL), as an older shopctl left it.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let rows = |conn: &rusqlite::Connection| -> Vec<(i64, String, Option<i64>)> {
        let mut stmt = conn
            .prepare("SELECT rowid, sku, stock FROM products ORDER BY rowid")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = rows(&conn);
    conn.execute_batch(crate::support::BEFORE_0009).unwrap();
    conn.execute_batch(
        "CREATE TABLE old AS SELECT rowid AS rid, * FROM products;
         DROP TABLE products;
         CREATE TABLE products (sku TEXT NOT NULL PRIMARY KEY, group_id TEXT NOT NULL DEFAULT '',
           title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', status TEXT NOT NULL,
           price INTEGER NOT NULL, sale_price INTEGER, currency TEXT NOT NULL,
           stock INTEGER NOT NULL DEFAULT 0, category TEXT NOT NULL DEFAULT '',
           brand TEXT NOT NULL DEFAULT '', condition TEXT NOT NULL DEFAULT '',
           options TEXT NOT NULL DEFAULT '', images TEXT NOT NULL DEFAULT '',
           link TEXT NOT NULL DEFAULT '', availability TEXT NOT NULL DEFAULT '',
           created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
         INSERT INTO products (rowid, sku, group_id, title, description, status, price, sale_price,
           currency, stock, category, brand, condition, options, images, link, availability,
           created_at, updated_at)
           SELECT rid, sku, group_id, title, description, status, price, sale_price, currency,
           stock, category, brand, condition, options, images, link, availability, created_at,
           updated_at FROM old;
         DROP TABLE old;
         DROP TABLE chat_items;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    assert!(
        conn.execute("UPDATE products SET stock = NULL", [])
            .is_err(),
        "schema 6 holds no untracked stock"
    );
    drop(conn);
    let out = shop.json(&["db", "migrate"]);
    assert_eq!(
        (&out["from_version"], &out["changed"]),
        (&json!(6), &json!(true))
    );
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    assert_eq!(rows(&conn), before);
    drop(conn);
    let out = shop.json(&["catalog", "stock", "TEE-BLK-M", "untracked"]);
    assert_eq!(out["stock_tracked"], false);
    // And 0008 gave it the chat catalog's table (issue 13): the next sync publishes to the
    // sandbox chat and records it.
    shop.run(&["sync"]).ok();
    assert_eq!(
        shop.json(&["catalog", "show", "TEE-BLK-M"])["chat"]["state"],
        "published"
    );
}
