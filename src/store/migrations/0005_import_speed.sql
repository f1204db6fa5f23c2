-- 0005: what a big `catalog import` pays per product: a lighter outbox, so that queueing a
-- change costs one small row; products in a rowid table; no index on products' groups.
-- Why: `catalog import` of a million products queues a million `product_upsert` entries in
-- its transaction. With the whole product as JSON, a UNIQUE text index on the idempotency key
-- and a per-row read of sqlite_sequence, the outbox cost more than the catalog itself (issue
-- 3, "Speed and memory"). Now:
-- - `payload` may be NULL for `product_upsert`: the entry pushes the product as it is when
--   pushed (read from `products` by `subject`); a failed push stores the state it tried, so
--   its retries send the same body under the same key.
-- - `idempotency_key` may be NULL: the key is then 'shopctl-outbox-' || id, which is what
--   every entry so far was given. AUTOINCREMENT never reuses an id, so keys stay unique
--   without an index.
-- - no index on pending entries: each product an import queues paid for an entry in it
--   (0.6 to 0.9 s of a million-row import here), while what it sped up (listing and counting
--   pending entries) reads the outbox once per sync or status.
-- And `products` becomes a rowid table with a unique SKU index. As a WITHOUT ROWID table keyed
-- by SKU, its ~250-byte rows filled index B-tree pages that split and rebalanced all through
-- an import; a rowid table appends its rows, and only the small SKU entries are sorted in.
-- `products_group` goes: no query looks products up by group (export sorts the whole table),
-- and every product written paid for it.

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,     -- product_upsert | product_archive | payment_method | fulfilment | order_cancel
    subject         TEXT NOT NULL,     -- the sku, method or order id the entry is about
    payload         TEXT,              -- JSON of provider::Change; NULL: product_upsert of the current product
    idempotency_key TEXT,              -- NULL: 'shopctl-outbox-' || id
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    pushed_at       TEXT
);
INSERT INTO outbox_new (id, kind, subject, payload, idempotency_key, status, attempts, last_error, created_at, pushed_at)
    SELECT id, kind, subject, payload, idempotency_key, status, attempts, last_error, created_at, pushed_at FROM outbox;
-- Keep the sequence where it was, so no id (and no key) is ever handed out twice.
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE TABLE products_new (
    sku          TEXT NOT NULL PRIMARY KEY,
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
);
INSERT INTO products_new (sku, group_id, title, description, status, price, sale_price, currency, stock,
                          category, brand, condition, options, images, link, availability, created_at, updated_at)
    SELECT sku, group_id, title, description, status, price, sale_price, currency, stock,
           category, brand, condition, options, images, link, availability, created_at, updated_at
    FROM products;
DROP TABLE products;  -- and its products_group index
ALTER TABLE products_new RENAME TO products;
