//! Catalog: importing the files shop owners have (issue 3), images, editing, export round
//! trips. Real files come from ../shared/data/catalog (see its PROVENANCE.md); they are in
//! USD, so those tests use a US shop.

use std::path::Path;

use serde_json::Value;

use crate::support::{TestShop, fixture, shared_catalog};

/// A shop that sells in USD, for the real (US) sample files.
pub(crate) fn usd_shop() -> TestShop {
    let shop = TestShop::empty();
    shop.run(&["init", "--name", "US Shop", "--country", "US"])
        .ok();
    shop
}

pub(crate) fn import(shop: &TestShop, args: &[&str]) -> Value {
    let mut all = vec!["catalog", "import"];
    all.extend_from_slice(args);
    shop.json(&all)
}

pub(crate) fn show(shop: &TestShop, sku: &str) -> Value {
    shop.json(&["catalog", "show", sku])
}

fn write(shop: &TestShop, name: &str, text: &str) -> String {
    let path = shop.path(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn summary(v: &Value) -> (u64, u64, u64, u64) {
    (
        v["created"].as_u64().unwrap(),
        v["updated"].as_u64().unwrap(),
        v["unchanged"].as_u64().unwrap(),
        v["rejected"].as_u64().unwrap(),
    )
}

fn count(shop: &TestShop, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn images_of(v: &Value) -> usize {
    v["images"].as_array().unwrap().len()
}

const NATIVE_HEADER: &str = "sku,group,title,description,status,price,sale_price,currency,stock,category,brand,condition,options,images,link\n";

// ---------------------------------------------------------------- the real files

#[test]
fn shopify_template_groups_variants_by_handle_with_sale_prices() {
    let shop = usd_shop();
    let file = shared_catalog("shopify/product_template.csv");
    let s = import(&shop, &[file.to_str().unwrap()]);
    assert_eq!(summary(&s), (16, 0, 0, 0));
    let tee = show(&shop, "SRT_COT_111");
    assert_eq!(tee["group"], "example-shirt");
    assert_eq!(tee["title"], "Example T-Shirt");
    assert_eq!(tee["price"], "25.00");
    assert_eq!(tee["sale_price"], Value::Null);
    assert_eq!(tee["currency"], "USD");
    // An empty Variant Inventory Tracker: Shopify does not count it (issue 15).
    assert_eq!(
        (&tee["stock"], &tee["stock_tracked"]),
        (&Value::Null, &false.into())
    );
    assert_eq!(tee["status"], "active");
    assert_eq!(tee["options"], "Color=Green;Size=S");
    assert_eq!(tee["brand"], "Acme");
    // Six images on the handle's rows, shared by all twelve variants, each variant's own
    // `Variant Image` first (issue 15).
    assert_eq!(images_of(&tee), 6);
    let purple = show(&shop, "SRT_COT_433");
    assert_eq!(images_of(&purple), 6);
    assert_eq!(
        purple["images"][0],
        "https://burst.shopifycdn.com/photos/purple-t-shirt.jpg?width=1500"
    );
    assert_eq!(
        tee["images"][0],
        "https://burst.shopifycdn.com/photos/green-t-shirt.jpg?width=1500"
    );
    // Compare-at (64.95) below the price (95): not on sale.
    let jeans = show(&shop, "PNT_DEN_305");
    assert_eq!(
        (
            &jeans["price"],
            &jeans["sale_price"],
            &jeans["stock"],
            &jeans["status"]
        ),
        (&"95.00".into(), &Value::Null, &15.into(), &"draft".into())
    );
    // The image-only row adds the fourth image.
    assert_eq!(images_of(&jeans), 4);
    // Compare-at 22.99 above 17.99: on sale. One variant: no group.
    let hat = show(&shop, "HAT_GRY_275");
    assert_eq!(hat["price"], "22.99");
    assert_eq!(hat["sale_price"], "17.99");
    assert_eq!(hat["status"], "archived");
    // A missing value is null in JSON (issue 17).
    assert_eq!(hat["group"], Value::Null);
    assert_eq!(hat["options"], Value::Null);
    assert_eq!(hat["condition"], "refurbished");
    // Every product created is queued for the provider.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE kind = 'product_upsert'"
        ),
        16
    );
}

#[test]
fn shopify_legacy_layout_with_crlf_and_escaped_quotes() {
    let shop = usd_shop();
    let file = shared_catalog("shopify/product_template_2019_legacy.csv");
    let run = shop
        .run(&[
            "--format",
            "json",
            "catalog",
            "import",
            file.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(summary(&run.json()), (3, 0, 0, 0));
    // The first variant has no SKU: one is made from the handle, with a note.
    assert!(
        run.stderr_text()
            .contains("using \"example-t-shirt\" as the SKU"),
        "{}",
        run.stderr
    );
    let first = show(&shop, "example-t-shirt");
    assert_eq!(first["price"], "25.00");
    assert_eq!(first["group"], "example-t-shirt");
    let small = show(&shop, "example-shirt-s");
    assert_eq!(small["price"], "24.99");
    assert_eq!(small["sale_price"], "19.99");
    assert_eq!(small["title"], "Example T-Shirt");
    assert_eq!(small["status"], "active");
    assert_eq!(images_of(&small), 1);
}

#[test]
fn woocommerce_sample_products_variations_grouped_external() {
    let shop = usd_shop();
    let file = shared_catalog("woocommerce/sample_products.csv");
    let s = import(&shop, &[file.to_str().unwrap()]);
    assert_eq!(summary(&s), (22, 0, 0, 0));
    assert_eq!(
        s["skipped"], 1,
        "the grouped 'Logo Collection' is not an item"
    );
    let red = show(&shop, "woo-hoodie-red");
    assert_eq!(red["group"], "woo-hoodie");
    assert_eq!(red["title"], "Hoodie - Red, No");
    assert_eq!(red["price"], "45.00");
    assert_eq!(red["sale_price"], "42.00");
    assert_eq!(red["options"], "Color=Red;Logo=No");
    assert_eq!(red["category"], "Clothing > Hoodies", "from its parent");
    assert_eq!(show(&shop, "woo-vneck-tee-blue")["price"], "15.00");
    let pennant = show(&shop, "wp-pennant");
    assert_eq!(pennant["price"], "11.05");
    assert_eq!(
        pennant["link"],
        "https://mercantile.wordpress.org/product/wordpress-pennant/"
    );
    let single = show(&shop, "woo-single");
    assert_eq!(
        (&single["price"], &single["sale_price"]),
        (&"3.00".into(), &"2.00".into())
    );
    let hoodie = show(&shop, "woo-hoodie-with-logo");
    assert_eq!(images_of(&hoodie), 1);
    // Variable parents with variations are groups, not products.
    shop.run(&["catalog", "show", "woo-hoodie"])
        .code(1)
        .stderr_has("unknown SKU \"woo-hoodie\"");
    let list = shop.json(&["catalog", "list", "--search", "woo-hoodie-"]);
    assert_eq!(list.as_array().unwrap().len(), 7);
}

#[test]
fn woocommerce_fashion_sample_quoted_line_breaks_and_missing_price() {
    let shop = usd_shop();
    let file = shared_catalog("woocommerce/experimental_fashion_sample_9_products.csv");
    let run = shop
        .run(&[
            "--format",
            "json",
            "catalog",
            "import",
            file.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(summary(&run.json()), (9, 0, 0, 0));
    // A variable product without variations in the file is a product itself.
    let sweater = show(&shop, "woo-fasion-sweater");
    assert_eq!(sweater["price"], "18.00");
    assert_eq!(sweater["sale_price"], "16.00");
    assert_eq!(sweater["stock"], 5);
    assert_eq!(
        images_of(&sweater),
        2,
        "two images, no space after the comma"
    );
    assert!(sweater["description"].as_str().unwrap().contains('\n'));
    // No price: a draft at 0, with a note.
    let blouse = show(&shop, "woo-fasion-blouse");
    assert_eq!(
        (&blouse["price"], &blouse["status"]),
        (&"0.00".into(), &"draft".into())
    );
    assert!(
        run.stderr_text()
            .contains("\"woo-fasion-blouse\" has no Regular price")
    );
    assert_eq!(show(&shop, "woo-fasion-shirt")["stock"], 10);
    // In stock? 1 with no Stock: WooCommerce does not manage it (issue 15).
    assert_eq!(blouse["stock"], Value::Null);
}

#[test]
fn woocommerce_importer_fixture_variations_without_skus() {
    let shop = usd_shop();
    let file = shared_catalog("woocommerce/classic-commerce_tests_importer_sample.csv");
    let s = import(&shop, &[file.to_str().unwrap()]);
    assert_eq!(summary(&s), (5, 0, 0, 0));
    assert_eq!(s["skipped"], 1);
    let logo = show(&shop, "WOOLOGO");
    assert_eq!(
        (&logo["price"], &logo["sale_price"], &logo["stock"]),
        (&"20.00".into(), &"18.00".into(), &5.into())
    );
    // Variations without a SKU get the parent's SKU and their attribute values.
    let green = show(&shop, "WOOIDEA-green-l");
    assert_eq!(green["group"], "WOOIDEA");
    assert_eq!(green["title"], "Ship Your Idea - Green, L");
    assert_eq!(green["sale_price"], "17.99");
    assert_eq!(green["stock"], 10);
    assert_eq!(show(&shop, "WOOIDEA-black-m")["stock"], 6);
    assert_eq!(
        show(&shop, "woocommerce-product-csv-suite")["price"],
        "199.00"
    );
    assert_eq!(images_of(&show(&shop, "WOOALBUM")), 2);
}

#[test]
fn meta_feed_skips_instructions_and_reads_amounts_with_codes() {
    let shop = usd_shop();
    let file = shared_catalog("meta/catalog_products_template.csv");
    let s = import(&shop, &[file.to_str().unwrap()]);
    assert_eq!(summary(&s), (1, 0, 0, 0));
    let tee = show(&shop, "0");
    assert_eq!(tee["title"], "Blue Facebook T-Shirt (Unisex)");
    assert_eq!(tee["price"], "10.00");
    assert_eq!(tee["sale_price"], "10.00");
    assert_eq!(tee["stock"], 75);
    assert_eq!(tee["options"], "Color=royal blue;Size=M");
    assert_eq!(tee["condition"], "new");
    assert_eq!(
        tee["images"][0],
        "https://www.facebook.com/t_shirt_image_001.jpg"
    );
}

#[test]
fn meta_feed_in_another_currency_is_a_row_error_unless_currency_given() {
    let shop = TestShop::new(); // SGD
    let before = shop.snapshot();
    let file = shared_catalog("meta/catalog_products_template.csv");
    let file = file.to_str().unwrap();
    shop.run(&["catalog", "import", file])
        .code(1)
        .stderr_has("catalog_products_template.csv:3: price \"10.00 USD\" is in USD, expected SGD")
        .stderr_has("pass --currency USD");
    assert_eq!(shop.snapshot(), before);
    let s = import(&shop, &["--currency", "USD", file]);
    assert_eq!(summary(&s), (1, 0, 0, 0));
    assert_eq!(show(&shop, "0")["currency"], "USD");
}

#[test]
fn list_rows_show_people_an_image_count_and_scripts_the_images() {
    let shop = TestShop::new();
    let csv_out = shop.run(&["--format", "csv", "catalog", "list"]).ok();
    assert_eq!(
        csv_out.stdout,
        "sku,title,price,sale_price,currency,stock,stock_tracked,status,group,image_count,images\n",
        "an empty list still has its header"
    );
    let csv = write(
        &shop,
        "scarf.csv",
        &format!(
            "{NATIVE_HEADER}SCARF,,Scarf,,active,20,,,1,,,,,https://example.com/a.jpg;https://example.com/b.jpg,\n"
        ),
    );
    assert_eq!(summary(&import(&shop, &[&csv])), (1, 0, 0, 0));
    let list = shop.json(&["catalog", "list"]);
    assert_eq!(
        list[0]["images"],
        serde_json::json!(["https://example.com/a.jpg", "https://example.com/b.jpg"])
    );
    assert_eq!(
        list[0]["image_count"], 2,
        "one meaning per key: a count is *_count"
    );
    let table = shop.run(&["catalog", "list"]).ok().stdout;
    assert!(!table.contains("example.com"), "{table}");
    assert!(table.contains("image_count"), "{table}");
    let row = table.lines().find(|l| l.contains("SCARF")).unwrap();
    assert!(
        row.trim_end_matches(['│', ' '])
            .trim_end()
            .ends_with("┆           2"),
        "{row}"
    );
}

// ---------------------------------------------------------------- native text quirks

#[test]
fn native_import_list_show_and_identical_reimport_writes_nothing() {
    let shop = TestShop::new();
    let csv = write(
        &shop,
        "hats.csv",
        &format!(
            "{NATIVE_HEADER}\
             HAT-RED-S,hat-red,Red hat,\"Warm,\nwoolly\",active,12.50,,SGD,3,Hats,Kopi Co,new,Size=S,,\n\
             HAT-RED-M,hat-red,Red hat,,active,12.50,9.90,SGD,10,Hats,Kopi Co,new,Size=M,,\n\
             SCARF,,Scarf,,draft,20,,,0,Scarves,,,,https://example.com/scarf.jpg,\n"
        ),
    );
    assert_eq!(summary(&import(&shop, &[&csv])), (3, 0, 0, 0));
    let hat = show(&shop, "HAT-RED-S");
    assert_eq!(hat["description"], "Warm,\nwoolly");
    assert_eq!(hat["price"], "12.50");
    assert_eq!(show(&shop, "SCARF")["price"], "20.00");
    assert_eq!(
        show(&shop, "SCARF")["images"][0],
        "https://example.com/scarf.jpg"
    );
    let list = shop.json(&["catalog", "list"]);
    let skus: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sku"].as_str().unwrap())
        .collect();
    assert_eq!(skus, ["HAT-RED-M", "HAT-RED-S", "SCARF"]);
    let keys: Vec<&String> = list[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "sku",
            "title",
            "price",
            "sale_price",
            "currency",
            "stock",
            "stock_tracked",
            "status",
            "group",
            "image_count",
            "images"
        ]
    );
    // Filters.
    let n = |args: &[&str]| {
        let mut all = vec!["catalog", "list"];
        all.extend_from_slice(args);
        shop.json(&all).as_array().unwrap().len()
    };
    assert_eq!(n(&["--status", "draft"]), 1);
    assert_eq!(n(&["--search", "red"]), 2);
    assert_eq!(n(&["--category", "hats"]), 2);
    assert_eq!(n(&["--low-stock", "3"]), 2);
    // A page of one, and the two more it leaves out (issue 18).
    let page = shop.run(&["catalog", "list", "--limit", "1"]).ok();
    assert!(
        page.stderr.contains("… 2 more: --limit N or --all"),
        "{}",
        page.stderr
    );
    let csv_out = shop
        .run(&["--format", "csv", "catalog", "list", "--low-stock", "0"])
        .ok();
    assert_eq!(
        csv_out.stdout,
        "sku,title,price,sale_price,currency,stock,stock_tracked,status,group,image_count,images\nSCARF,Scarf,20.00,,SGD,0,yes,draft,,1,https://example.com/scarf.jpg\n"
    );
    shop.run(&["catalog", "list"]).ok(); // the table renders
    // The same file again: all unchanged, and the file is untouched (no outbox entries).
    let before = shop.snapshot();
    assert_eq!(summary(&import(&shop, &[&csv])), (0, 0, 3, 0));
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn bom_crlf_semicolons_tabs_and_spreadsheet_artefacts() {
    let shop = TestShop::new();
    let semi = shop.path("semi.csv");
    std::fs::write(
        &semi,
        "\u{feff}sku;title;price;stock\r\n'0888123;\"Barcode; kept\";1.50;2\r\n3.65E+11;Sci;2;1\r\n",
    )
    .unwrap();
    let tab = write(
        &shop,
        "tab.csv",
        "sku\ttitle\tprice\nTAB-1\tTabbed, with comma\t4.00\n",
    );
    let s = import(&shop, &[semi.to_str().unwrap(), &tab]);
    assert_eq!(summary(&s), (3, 0, 0, 0));
    assert_eq!(show(&shop, "'0888123")["title"], "Barcode; kept");
    assert_eq!(show(&shop, "3.65E+11")["price"], "2.00");
    assert_eq!(show(&shop, "TAB-1")["title"], "Tabbed, with comma");
}

#[test]
fn decimal_comma_needs_the_option() {
    let shop = TestShop::new();
    let csv = write(&shop, "eu.csv", "sku;title;price\nEU-1;Euro style;12,50\n");
    let before = shop.snapshot();
    shop.run(&["catalog", "import", &csv])
        .code(1)
        .stderr_has("eu.csv:2: price \"12,50\" has a decimal comma; pass --decimal-comma");
    assert_eq!(shop.snapshot(), before);
    import(&shop, &["--decimal-comma", &csv]);
    assert_eq!(show(&shop, "EU-1")["price"], "12.50");
}

#[test]
fn non_utf8_file_is_refused_with_offset_then_encoding_works() {
    let shop = TestShop::new();
    let path = shop.path("excel.csv");
    std::fs::write(&path, b"sku,title,price\nCAFE-1,Caf\xe9 mug,8.00\n").unwrap();
    let before = shop.snapshot();
    shop.run(&["catalog", "import", path.to_str().unwrap()])
        .code(1)
        .stderr_has("not UTF-8 text at byte 26 (line 2)")
        .stderr_has("--encoding windows-1252");
    assert_eq!(shop.snapshot(), before);
    import(
        &shop,
        &["--encoding", "windows-1252", path.to_str().unwrap()],
    );
    assert_eq!(show(&shop, "CAFE-1")["title"], "Café mug");
    shop.run(&[
        "catalog",
        "import",
        "--encoding",
        "klingon",
        path.to_str().unwrap(),
    ])
    .code(1)
    .stderr_has("unknown encoding \"klingon\"");
}

#[test]
fn unknown_layout_is_refused_with_the_way_out() {
    let shop = TestShop::new();
    let csv = write(&shop, "odd.csv", "foo,bar\n1,2\n");
    let before = shop.snapshot();
    shop.run(&["catalog", "import", &csv])
        .code(1)
        .stderr_has("odd.csv: cannot tell which layout this is from its header row")
        .stderr_has("pass --dialect native, shopify, woocommerce or meta");
    assert_eq!(shop.snapshot(), before);
}

// ---------------------------------------------------------------- invalid rows

#[test]
fn every_invalid_row_is_reported_and_nothing_is_written() {
    let shop = TestShop::new();
    let csv = write(
        &shop,
        "hats.csv",
        &format!(
            "{NATIVE_HEADER}\
             OK-1,,Fine,,active,1.00,,,1,,,,,,\n\
             BAD-1,,Decimals,,active,12.345,,,1,,,,,,\n\
             BAD-2,,Dollars,,active,5.00,,USD,1,,,,,,\n\
             BAD-3,,Stock,,active,5.00,,,lots,,,,,,\n\
             BAD-4,,Status,,sold,5.00,6.00,,1,,,,,,\n"
        ),
    );
    let before = shop.snapshot();
    let run = shop.run(&["catalog", "import", &csv]).code(1);
    let err = &run.stderr;
    assert!(
        err.contains("4 invalid rows; nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains("hats.csv:3: price \"12.345\": SGD has 2 decimal places"),
        "{err}"
    );
    assert!(
        err.contains("hats.csv:4: currency \"USD\": this import is in SGD; pass --currency USD"),
        "{err}"
    );
    assert!(
        err.contains("hats.csv:5: stock \"lots\": is not a whole number"),
        "{err}"
    );
    assert!(
        err.contains("hats.csv:6: sale_price \"6.00\": is above the price 5.00"),
        "{err}"
    );
    assert!(
        err.contains("hats.csv:6: status \"sold\": expected active, draft or archived"),
        "{err}"
    );
    assert!(err.contains("--skip-invalid"), "{err}");
    assert_eq!(shop.snapshot(), before);
}

/// Issue 19: a negative price must never reach the catalog (and from there order totals).
#[test]
fn negative_prices_are_refused_by_import_and_nothing_is_written() {
    let shop = TestShop::new();
    let csv = write(
        &shop,
        "neg.csv",
        &format!(
            "{NATIVE_HEADER}\
             OK-1,,Fine,,active,1.00,,,1,,,,,,\n\
             NEG-1,,Minus,,active,-1.00,,,1,,,,,,\n\
             NEG-2,,Minus sale,,active,5.00,-0.50,,1,,,,,,\n\
             NEG-3,,A cent under,,active,-0.01,,,1,,,,,,\n\
             ZERO,,Free,,active,0.00,,,1,,,,,,\n"
        ),
    );
    let before = shop.snapshot();
    let run = shop.run(&["catalog", "import", &csv]).code(1);
    for says in [
        "3 invalid rows; nothing was imported",
        "neg.csv:3: price \"-1.00\": must not be negative",
        "neg.csv:4: sale_price \"-0.50\": must not be negative",
        "neg.csv:5: price \"-0.01\": must not be negative",
    ] {
        assert!(run.stderr.contains(says), "{says}:\n{}", run.stderr);
    }
    assert!(
        !run.stderr.contains("neg.csv:6"),
        "zero is a price: {}",
        run.stderr
    );
    assert_eq!(shop.snapshot(), before);

    // --skip-invalid keeps the negative rows out, and says which.
    let v = import(&shop, &["--skip-invalid", "--rejects", "rejects.csv", &csv]);
    assert_eq!(summary(&v), (2, 0, 0, 3));
    let rejects = std::fs::read_to_string(shop.path("rejects.csv")).unwrap();
    for sku in ["NEG-1", "NEG-2", "NEG-3"] {
        assert!(rejects.contains(sku), "{rejects}");
    }
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM products WHERE price < 0 OR sale_price < 0"
        ),
        0
    );
    assert_eq!(show(&shop, "ZERO")["price"], "0.00");

    // Another dialect reads prices through the same check.
    let shopify = write(
        &shop,
        "shopify.csv",
        "Handle,Title,Variant SKU,Variant Price,Variant Compare At Price,Variant Inventory Qty,Status\n\
         tee,Tee,TEE-NEG,-2.00,,3,active\n",
    );
    let before = shop.snapshot();
    shop.run(&["catalog", "import", "--dialect", "shopify", &shopify])
        .code(1)
        .stderr_has("shopify.csv:2: Variant Price \"-2.00\": must not be negative");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn negative_prices_are_refused_by_add_and_edit_and_nothing_is_written() {
    let shop = TestShop::new();
    shop.json(&[
        "catalog", "add", "MUG-1", "--title", "Mug", "--price", "12.50",
    ]);
    let before = shop.snapshot();
    for (args, says) in [
        (
            vec!["catalog", "edit", "MUG-1", "--price=-1.00"],
            "--price \"-1.00\": must not be negative",
        ),
        (
            vec!["catalog", "edit", "MUG-1", "--price=-0.01"],
            "--price \"-0.01\": must not be negative",
        ),
        (
            vec!["catalog", "edit", "MUG-1", "--sale-price=-0.01"],
            "--sale-price \"-0.01\": must not be negative",
        ),
        (
            vec!["catalog", "add", "NEG", "--title", "Neg", "--price=-2.00"],
            "--price \"-2.00\": must not be negative",
        ),
    ] {
        shop.run(&args).code(1).stderr_has(says);
    }
    assert_eq!(shop.snapshot(), before);
    assert_eq!(show(&shop, "MUG-1")["price"], "12.50");
    // Zero is a price (a free sample), not a negative one.
    let p = shop.json(&[
        "catalog",
        "edit",
        "MUG-1",
        "--price",
        "0",
        "--sale-price",
        "0",
    ]);
    assert_eq!(
        (&p["price"], &p["sale_price"]),
        (&"0.00".into(), &"0.00".into())
    );
}

#[test]
fn many_invalid_rows_are_capped_then_counted() {
    let shop = TestShop::new();
    let mut text = String::from("sku,title,price\n");
    for i in 0..70 {
        text.push_str(&format!("S{i},T,1.999\n"));
    }
    let csv = write(&shop, "many.csv", &text);
    shop.run(&["catalog", "import", &csv])
        .code(1)
        .stderr_has("70 invalid rows")
        .stderr_has("many.csv:51: price \"1.999\"")
        .stderr_has("... and 20 more");
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let shop = TestShop::new();
    let ok = write(
        &shop,
        "ok.csv",
        "sku,title,price\nA,Apple,1.00\nB,Banana,2.00\n",
    );
    import(&shop, &[&ok]);
    let before = shop.snapshot();
    let next = write(
        &shop,
        "next.csv",
        "sku,title,price\nA,Apple,1.00\nB,Big banana,2.00\nC,Cherry,3.00\nD,Durian,x\n",
    );
    let run = shop
        .run(&["--format", "json", "catalog", "import", "--dry-run", &next])
        .code(3)
        .stderr_has("next.csv:5: price \"x\" is not an amount");
    let s = run.json();
    assert_eq!(summary(&s), (1, 1, 1, 1));
    assert_eq!(s["dry_run"], true);
    assert_eq!(shop.snapshot(), before);
    // A clean dry run exits 0 and still writes nothing.
    let run = shop
        .run(&["--format", "json", "catalog", "import", "--dry-run", &ok])
        .ok();
    assert_eq!(summary(&run.json()), (0, 0, 2, 0));
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn skip_invalid_writes_valid_rows_and_rejects_the_rest() {
    let shop = TestShop::new();
    let csv = write(
        &shop,
        "mixed.csv",
        "sku,title,price\nA,Apple,1.00\nB,Banana,1.234\nC,Cherry,3.00\n",
    );
    let rejects = shop.path("rejects.csv");
    let run = shop
        .run(&[
            "--format",
            "json",
            "catalog",
            "import",
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
            &csv,
        ])
        .ok()
        .stderr_has("mixed.csv:3: price \"1.234\": SGD has 2 decimal places");
    assert_eq!(summary(&run.json()), (2, 0, 0, 1));
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "sku,title,price,error\nB,Banana,1.234,\"price \"\"1.234\"\": SGD has 2 decimal places\"\n"
    );
    assert_eq!(shop.json(&["catalog", "list"]).as_array().unwrap().len(), 2);
    shop.run(&["catalog", "import", "--rejects", "r.csv", &csv])
        .code(1)
        .stderr_has("--rejects needs --skip-invalid");
}

#[test]
fn duplicate_skus_in_one_file_are_errors_on_both_lines() {
    let shop = TestShop::new();
    let csv = write(
        &shop,
        "dups.csv",
        "sku,title,price\nA,Apple,1.00\nB,Banana,2.00\nA,Another apple,1.50\n",
    );
    let before = shop.snapshot();
    shop.run(&["catalog", "import", &csv])
        .code(1)
        .stderr_has("2 invalid rows")
        .stderr_has(
            "dups.csv:2: sku \"A\": line 2 (\"Apple\") and line 4 (\"Another apple\") have the \
             same SKU; give one of them another SKU, or pass --on-duplicate first (or last)",
        )
        .stderr_has("dups.csv:4: sku \"A\": line 2 (\"Apple\") and line 4 (\"Another apple\")");
    assert_eq!(shop.snapshot(), before);
    // --skip-invalid writes neither copy.
    let s = import(&shop, &["--skip-invalid", &csv]);
    assert_eq!(summary(&s), (1, 0, 0, 2));
    shop.run(&["catalog", "show", "A"]).code(1);
}

/// Issue 3, speed: an import into an empty catalog skips the per-row lookups and writes new
/// products many per statement; a second file of the same import sees the first's products,
/// and each product written queues one outbox entry that names its SKU only.
#[test]
fn fresh_import_of_two_files_batches_writes_and_queues_light_outbox_entries() {
    let shop = TestShop::new();
    let mut first = String::from("sku,title,price,stock\n");
    for i in 0..150 {
        first.push_str(&format!("SKU-{i:03},Item {i},{}.00,{i}\n", i + 1));
    }
    let first = write(&shop, "first.csv", &first);
    let second = write(
        &shop,
        "second.csv",
        "sku,title,price,stock\nSKU-007,Item 7,99.00,7\nSKU-008,Item 8,9.00,8\nNEW,New,1.00,0\n",
    );
    let s = import(&shop, &[&first, &second]);
    assert_eq!(summary(&s), (151, 1, 1, 0));
    assert_eq!(show(&shop, "SKU-007")["price"], "99.00");
    assert_eq!(show(&shop, "SKU-149")["stock"], 149);
    // Rows of a full batch (the first 64) and of the last, partial one hold their own values.
    let (a, b) = (show(&shop, "SKU-010"), show(&shop, "SKU-140"));
    assert_eq!(
        (&a["title"], &a["price"]),
        (&"Item 10".into(), &"11.00".into())
    );
    assert_eq!(
        (&b["title"], &b["price"]),
        (&"Item 140".into(), &"141.00".into())
    );
    assert_eq!(count(&shop, "SELECT count(*) FROM products"), 151);
    // One entry per product written (the unchanged SKU-008 queues nothing), a file's new
    // products in file order, without a payload or a stored key: the push reads the product then, under the key
    // shopctl-outbox-<id>.
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE kind = 'product_upsert' \
             AND payload IS NULL AND idempotency_key IS NULL"
        ),
        152
    );
    // And one light entry for the chat's catalog (issue 13), after them: the import's scan,
    // which stands for every product it wrote (they carry the import's time).
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    let chat: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, kind, subject FROM outbox WHERE target = 'channel' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(chat.len(), 1, "{chat:?}");
    assert_eq!(
        (chat[0].0, chat[0].1.as_str(), chat[0].2.as_str()),
        (153, "catalog_scan", crate::support::NOW)
    );
    let order: Vec<String> = conn
        .prepare("SELECT subject FROM outbox WHERE target = 'provider' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let first_file: Vec<String> = (0..150).map(|i| format!("SKU-{i:03}")).collect();
    assert_eq!(order[..150], first_file[..]);
    let mut second_file = order[150..].to_vec();
    second_file.sort();
    assert_eq!(second_file, ["NEW", "SKU-007"]);
    // The second file again: nothing written.
    let before = shop.snapshot();
    assert_eq!(summary(&import(&shop, &[&second])), (0, 0, 3, 0));
    assert_eq!(shop.snapshot(), before);
}

/// A duplicate in a fresh import is still found (there is no catalog lookup to find it), also
/// when the first copy sits in a batch not yet written.
#[test]
fn duplicate_in_a_fresh_import_is_found_without_lookups() {
    let shop = TestShop::new();
    let csv = write(
        &shop,
        "dups.csv",
        "sku,title,price\nA,Apple,1.00\nB,Banana,2.00\nB,Banana again,2.00\n",
    );
    let before = shop.snapshot();
    shop.run(&["catalog", "import", &csv])
        .code(1)
        .stderr_has("dups.csv:3: sku \"B\": line 3 (\"Banana\") and line 4 (\"Banana again\")")
        .stderr_has("dups.csv:4: sku \"B\": line 3 (\"Banana\") and line 4 (\"Banana again\")");
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn modes_create_and_update() {
    let shop = TestShop::new();
    let csv = write(&shop, "a.csv", "sku,title,price\nA,Apple,1.00\n");
    import(&shop, &[&csv]);
    let before = shop.snapshot();
    shop.run(&["catalog", "import", "--mode", "create", &csv])
        .code(1)
        .stderr_has(
            "a.csv:2: sku \"A\": is already in the catalog (--mode create only adds new products)",
        );
    let b = write(&shop, "b.csv", "sku,title,price\nB,Banana,1.00\n");
    shop.run(&["catalog", "import", "--mode", "update", &b])
        .code(1)
        .stderr_has("b.csv:2: sku \"B\": is not in the catalog (--mode update only changes existing products)");
    assert_eq!(shop.snapshot(), before);
    let changed = write(&shop, "a2.csv", "sku,title,price\nA,Apple,1.10\n");
    assert_eq!(
        summary(&import(&shop, &["--mode", "update", &changed])),
        (0, 1, 0, 0)
    );
    assert_eq!(
        summary(&import(&shop, &["--mode", "create", &b])),
        (1, 0, 0, 0)
    );
}

// ---------------------------------------------------------------- images

fn copy_fixture_images(shop: &TestShop, names: &[&str]) {
    for n in names {
        std::fs::copy(fixture(&format!("catalog/img/{n}")), shop.path(n)).unwrap();
    }
}

#[test]
fn local_images_are_stored_once_by_hash_and_exported() {
    let shop = TestShop::new();
    copy_fixture_images(&shop, &["ok.png", "ok.jpg"]);
    let csv = write(
        &shop,
        "pics.csv",
        &format!(
            "{NATIVE_HEADER}\
             P-1,,One,,active,1.00,,,1,,,,,ok.png;ok.jpg,\n\
             P-2,,Two,,active,1.00,,,1,,,,,ok.png;https://cdn.example.com/p2.jpg,\n"
        ),
    );
    let s = import(&shop, &[&csv]);
    assert_eq!(s["images_stored"], 2);
    let png_hash = sha256(&std::fs::read(shop.path("ok.png")).unwrap());
    let one = show(&shop, "P-1");
    assert_eq!(one["images"][0], png_hash.as_str());
    assert_eq!(images_of(&one), 2);
    assert_eq!(
        show(&shop, "P-2")["images"][1],
        "https://cdn.example.com/p2.jpg"
    );
    assert_eq!(count(&shop, "SELECT count(*) FROM images"), 2);
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM images WHERE mime = 'image/jpeg' AND width = 512"
        ),
        1
    );
    // Again: nothing new stored, nothing changed.
    let before = shop.snapshot();
    let s = import(&shop, &[&csv]);
    assert_eq!(
        (s["images_stored"].as_u64(), summary(&s)),
        (Some(0), (0, 0, 2, 0))
    );
    assert_eq!(shop.snapshot(), before);
    // Exported under their hashes, byte for byte.
    let out = shop.path("exported");
    shop.run(&["catalog", "images", "export", out.to_str().unwrap()])
        .ok();
    let exported = std::fs::read(out.join(format!("{png_hash}.png"))).unwrap();
    assert_eq!(exported, std::fs::read(shop.path("ok.png")).unwrap());
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn images_folder_and_sku_named_files_are_picked_up() {
    let shop = TestShop::new();
    let dir = fixture("catalog/img");
    let csv = write(
        &shop,
        "tees.csv",
        "sku,title,price,images\nTEE-1,Tee,10.00,\nMUG-1,Mug,5.00,ok.jpg\n",
    );
    let s = shop
        .run(&[
            "--format",
            "json",
            "catalog",
            "import",
            "--images",
            dir.to_str().unwrap(),
            &csv,
        ])
        .ok()
        .json();
    assert_eq!(s["images_stored"], 3);
    let tee = show(&shop, "TEE-1");
    assert_eq!(images_of(&tee), 2, "TEE-1.png and TEE-1-2.png");
    assert_eq!(
        tee["images"][0],
        sha256(&std::fs::read(dir.join("TEE-1.png")).unwrap()).as_str()
    );
    assert_eq!(
        tee["images"][1],
        sha256(&std::fs::read(dir.join("TEE-1-2.png")).unwrap()).as_str()
    );
    assert_eq!(images_of(&show(&shop, "MUG-1")), 1);
}

#[test]
fn image_rule_violations_are_row_errors() {
    let shop = TestShop::new();
    copy_fixture_images(&shop, &["small.png", "fake.jpg", "anim.gif"]);
    let csv = write(
        &shop,
        "bad-pics.csv",
        "sku,title,price,images\nA,Missing,1.00,nowhere.jpg\nB,Small,1.00,small.png\nC,Fake,1.00,fake.jpg\nD,Gif,1.00,anim.gif\n",
    );
    let before = shop.snapshot();
    shop.run(&["catalog", "import", &csv])
        .code(1)
        .stderr_has("bad-pics.csv:2: images \"nowhere.jpg\": no such file (looked in")
        .stderr_has("bad-pics.csv:3: images \"small.png\": is 300x200 pixels; WhatsApp catalogs need at least 500x500")
        .stderr_has("bad-pics.csv:4: images \"fake.jpg\": is not a JPEG or PNG image")
        .stderr_has("bad-pics.csv:5: images \"anim.gif\": is a Gif image; WhatsApp catalogs take JPEG or PNG only");
    assert_eq!(shop.snapshot(), before);
    // The shop's settings can change the limits.
    let conn = rusqlite::Connection::open(&shop.db).unwrap();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('catalog.image_min_pixels', '100'), ('catalog.image_max_bytes', '100')",
        [],
    )
    .unwrap();
    drop(conn);
    let small = write(
        &shop,
        "small.csv",
        "sku,title,price,images\nB,Small,1.00,small.png\n",
    );
    shop.run(&["catalog", "import", &small])
        .code(1)
        .stderr_has("images \"small.png\": is 490 bytes; WhatsApp catalogs take at most 100 bytes");
}

// ---------------------------------------------------------------- editing

#[test]
fn add_edit_stock_archive_each_queue_a_change() {
    let shop = TestShop::new();
    // Each change queues one entry for the provider and one for the chat's catalog.
    let outbox = |shop: &TestShop| {
        let provider = count(
            shop,
            "SELECT count(*) FROM outbox WHERE target = 'provider'",
        );
        let chat = count(
            shop,
            "SELECT count(*) FROM outbox WHERE target = 'channel' AND kind = 'catalog_item'",
        );
        assert_eq!(provider, chat, "a provider entry without its chat entry");
        provider
    };
    let p = shop.json(&[
        "catalog", "add", "MUG-1", "--title", "Mug", "--price", "12.5", "--stock", "4",
    ]);
    assert_eq!(
        (&p["price"], &p["currency"], &p["stock"]),
        (&"12.50".into(), &"SGD".into(), &4.into())
    );
    assert_eq!(outbox(&shop), 1);
    let before = shop.snapshot();
    shop.run(&["catalog", "add", "MUG-1", "--title", "Mug", "--price", "1"])
        .code(1)
        .stderr_has("MUG-1 is already in the catalog");
    shop.run(&["catalog", "add", "X", "--title", "X", "--price", "1.001"])
        .code(1)
        .stderr_has("--price \"1.001\": SGD has 2 decimal places");
    // A new product needs both a title and a price (no product at 0.00 by omission), and a
    // SKU that is text.
    for args in [
        vec!["catalog", "add", "X", "--title", "X"],
        vec!["catalog", "add", "X", "--price", "1"],
    ] {
        shop.run(&args)
            .code(1)
            .stderr_has("a new product needs --title and --price");
    }
    for sku in ["", " ", "A\tB"] {
        shop.run(&["catalog", "add", sku, "--title", "X", "--price", "1"])
            .code(1)
            .stderr_has("is not usable: it must be non-empty text without control characters");
    }
    shop.run(&["catalog", "edit", "MUG-1", "--sale-price", "13"])
        .code(1)
        .stderr_has("the sale price 13.00 is above the price 12.50");
    shop.run(&["catalog", "edit", "NOPE", "--title", "x"])
        .code(1)
        .stderr_has("unknown SKU \"NOPE\"");
    assert_eq!(shop.snapshot(), before);
    let p = shop.json(&[
        "catalog",
        "edit",
        "MUG-1",
        "--sale-price",
        "9.90",
        "--title",
        "Big mug",
    ]);
    assert_eq!(
        (&p["sale_price"], &p["title"]),
        (&"9.90".into(), &"Big mug".into())
    );
    assert_eq!(outbox(&shop), 2);
    // No change: nothing written.
    let before = shop.snapshot();
    shop.json(&["catalog", "edit", "MUG-1", "--title", "Big mug"]);
    assert_eq!(shop.snapshot(), before);
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "+6"])["stock"], 10);
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "-3"])["stock"], 7);
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "2"])["stock"], 2);
    // Down to exactly none, by setting and by taking away, is allowed.
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "0"])["stock"], 0);
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "+2"])["stock"], 2);
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "-2"])["stock"], 0);
    assert_eq!(shop.json(&["catalog", "stock", "MUG-1", "2"])["stock"], 2);
    let before = shop.snapshot();
    shop.run(&["catalog", "stock", "MUG-1", "-5"])
        .code(1)
        // The change as it was typed (issue 17).
        .stderr_has("MUG-1 has 2 in stock; -5 would leave -3");
    assert_eq!(shop.snapshot(), before);
    assert_eq!(outbox(&shop), 9);
    shop.run(&["catalog", "archive", "MUG-1", "NOPE"])
        .code(1)
        .stderr_has("unknown SKU \"NOPE\"");
    assert_eq!(shop.snapshot(), before);
    let a = shop.json(&["catalog", "archive", "MUG-1"]);
    assert_eq!(a["archived_skus"][0], "MUG-1");
    assert_eq!(show(&shop, "MUG-1")["status"], "archived");
    assert_eq!(
        count(
            &shop,
            "SELECT count(*) FROM outbox WHERE kind = 'product_archive' AND subject = 'MUG-1'"
        ),
        1
    );
    // Archiving again changes nothing.
    let before = shop.snapshot();
    assert_eq!(
        shop.json(&["catalog", "archive", "MUG-1"])["already_archived_skus"][0],
        "MUG-1"
    );
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn add_with_an_image_file() {
    let shop = TestShop::new();
    let img = fixture("catalog/img/ok.png");
    let p = shop.json(&[
        "catalog",
        "add",
        "PIC",
        "--title",
        "Pic",
        "--price",
        "1",
        "--image",
        img.to_str().unwrap(),
    ]);
    assert_eq!(images_of(&p), 1);
    let small = fixture("catalog/img/small.png");
    shop.run(&["catalog", "edit", "PIC", "--image", small.to_str().unwrap()])
        .code(1)
        .stderr_has("is 300x200 pixels");
}

// ---------------------------------------------------------------- round trips

fn export(shop: &TestShop, dialect: &str) -> String {
    shop.run(&["catalog", "export", "--dialect", dialect])
        .ok()
        .stdout
}

#[test]
fn native_export_import_export_is_byte_identical_with_images() {
    let a = TestShop::new();
    copy_fixture_images(&a, &["ok.png", "ok.jpg"]);
    let csv = write(
        &a,
        "cat.csv",
        &format!(
            "{NATIVE_HEADER}\
             TEE-S,tee,Tee,\"Soft, \"\"cotton\"\"\nline two\",active,25.00,19.90,SGD,3,Apparel,Kopi,new,Size=S,ok.png;ok.jpg,https://shop.example/tee\n\
             TEE-M,tee,Tee,,draft,25.00,,SGD,0,Apparel,Kopi,new,Size=M,https://cdn.example/m.jpg,\n\
             MUG,,Mug,,archived,9.00,,SGD,12,,,,,ok.jpg,\n"
        ),
    );
    import(&a, &[&csv]);
    let first = a.path("first.csv");
    a.run(&["catalog", "export", "-o", first.to_str().unwrap()])
        .ok();
    let text = std::fs::read_to_string(&first).unwrap();
    let png = sha256(&std::fs::read(a.path("ok.png")).unwrap());
    assert!(text.contains(&format!("{png}.png;")), "{text}");
    // Images go along as files named by hash.
    let imgs = a.path("imgs");
    a.run(&["catalog", "images", "export", imgs.to_str().unwrap()])
        .ok();
    let b = TestShop::new();
    let s = import(
        &b,
        &["--images", imgs.to_str().unwrap(), first.to_str().unwrap()],
    );
    assert_eq!(
        (summary(&s), s["images_stored"].as_u64()),
        ((3, 0, 0, 0), Some(2))
    );
    assert_eq!(export(&b, "native"), text);
    // Into the same shop, the hashes resolve without the files: all unchanged.
    assert_eq!(
        summary(&import(&a, &[first.to_str().unwrap()])),
        (0, 0, 3, 0)
    );
}

/// Imports `file`, exports in `dialect`, imports that into a fresh shop: same catalog.
fn dialect_round_trip(file: &Path, dialect: &str) {
    let a = usd_shop();
    import(&a, &[file.to_str().unwrap()]);
    let exported = a.path(&format!("export.{dialect}.csv"));
    std::fs::write(&exported, export(&a, dialect)).unwrap();
    let b = usd_shop();
    let s = import(&b, &[exported.to_str().unwrap()]);
    assert_eq!(s["rejected"], 0);
    assert_eq!(
        export(&b, "native"),
        export(&a, "native"),
        "{dialect} round trip of {}",
        file.display()
    );
}

#[test]
fn shopify_export_reimports_to_the_same_catalog() {
    dialect_round_trip(&shared_catalog("shopify/product_template.csv"), "shopify");
    dialect_round_trip(
        &shared_catalog("shopify/product_template_2019_legacy.csv"),
        "shopify",
    );
}

#[test]
fn woocommerce_export_reimports_to_the_same_catalog() {
    dialect_round_trip(
        &shared_catalog("woocommerce/sample_products.csv"),
        "woocommerce",
    );
    dialect_round_trip(
        &shared_catalog("woocommerce/classic-commerce_tests_importer_sample.csv"),
        "woocommerce",
    );
}

#[test]
fn meta_export_reimports_to_the_same_catalog() {
    dialect_round_trip(
        &shared_catalog("meta/catalog_products_template.csv"),
        "meta",
    );
}

#[test]
fn the_vendored_real_files_match_the_shared_ones() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/catalog");
    if !shared.is_dir() {
        // A clean clone without the shared folder beside it: the copy is all there is.
        return;
    }
    let mut checked = 0;
    for dir in ["", "meta", "shopify", "woocommerce"] {
        for entry in std::fs::read_dir(shared.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let rel = path.strip_prefix(&shared).unwrap();
                let copy = crate::support::vendored_catalog(rel.to_str().unwrap());
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    std::fs::read(&copy).unwrap_or_default(),
                    "{} differs from its copy {}; copy it again",
                    path.display(),
                    copy.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 4, "only {checked} files compared");
}
