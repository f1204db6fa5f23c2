-- 0007: stock that is not tracked. `products.stock` may be NULL: the product is always
-- sellable and no count is kept (Shopify's empty `Variant Inventory Tracker`, WooCommerce's
-- `In stock?` 1 with no `Stock`, Meta's `in stock` with no quantity).
-- Why: importing those as 0 made every such product "out of stock" in the Meta export and at
-- the provider (issue 15). A separate flag beside a number would allow a product that is
-- untracked and at 7 at once; NULL is one state with one meaning.
-- SQLite cannot drop a NOT NULL constraint in place, so the table is rebuilt as 0005 did,
-- keeping every rowid (the import queues the outbox entries of new products by rowid).

CREATE TABLE products_new (
    sku          TEXT NOT NULL PRIMARY KEY,
    group_id     TEXT NOT NULL DEFAULT '',   -- variants of one product share it (Shopify Handle, Woo Parent, Meta item_group_id)
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',   -- as imported (HTML kept); exports to Meta take its plain text
    status       TEXT NOT NULL CHECK (status IN ('active', 'draft', 'archived')),
    price        INTEGER NOT NULL CHECK (price >= 0),      -- minor units
    sale_price   INTEGER CHECK (sale_price >= 0),           -- minor units, NULL when not on sale
    currency     TEXT NOT NULL,
    stock        INTEGER,                    -- units; NULL: not tracked (always sellable)
    category     TEXT NOT NULL DEFAULT '',
    brand        TEXT NOT NULL DEFAULT '',
    condition    TEXT NOT NULL DEFAULT '',
    options      TEXT NOT NULL DEFAULT '',   -- Name=Value;Name=Value
    images       TEXT NOT NULL DEFAULT '',   -- ;-separated: sha256 hashes of stored images, or URLs kept as links
    link         TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT '',   -- Meta's availability as imported (in stock, preorder, ...); '' = follows stock
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
INSERT INTO products_new (rowid, sku, group_id, title, description, status, price, sale_price, currency, stock,
                          category, brand, condition, options, images, link, availability, created_at, updated_at)
    SELECT rowid, sku, group_id, title, description, status, price, sale_price, currency, stock,
           category, brand, condition, options, images, link, availability, created_at, updated_at
    FROM products;
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
