-- 0002: the catalog: products (one row per sellable SKU), images stored in the file by
-- content hash, and the links between them.
-- Why: DESIGN.md keys products by SKU and keeps images inside the shop file, deduplicated.

CREATE TABLE products (
    sku          TEXT PRIMARY KEY,
    group_id     TEXT NOT NULL DEFAULT '',   -- variants of one product share it (Shopify Handle, Woo Parent, Meta item_group_id)
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('active', 'draft', 'archived')),
    price        INTEGER NOT NULL CHECK (price >= 0),      -- minor units
    sale_price   INTEGER CHECK (sale_price >= 0),           -- minor units, NULL when not on sale
    currency     TEXT NOT NULL,
    stock        INTEGER NOT NULL DEFAULT 0,
    category     TEXT NOT NULL DEFAULT '',
    brand        TEXT NOT NULL DEFAULT '',
    condition    TEXT NOT NULL DEFAULT '',
    options      TEXT NOT NULL DEFAULT '',   -- Name=Value;Name=Value
    images       TEXT NOT NULL DEFAULT '',   -- ;-separated: sha256 hashes of stored images, or URLs kept as links
    link         TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT '',   -- Meta's availability as imported (in stock, preorder, ...); '' = follows stock
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX products_group ON products (group_id);

CREATE TABLE images (
    hash       TEXT PRIMARY KEY,            -- sha256 of the bytes, hex
    mime       TEXT NOT NULL,               -- image/jpeg | image/png
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    size       INTEGER NOT NULL,            -- bytes
    data       BLOB NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
