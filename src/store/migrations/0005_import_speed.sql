-- 0005: a lighter outbox, so that queueing a change costs one small row; no index on
-- products' groups.
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
-- - the pending index holds pending entries only.
-- And `products_group` goes: no query looks products up by group (export sorts the whole
-- table), and every product written paid for it.

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
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';

DROP INDEX products_group;
