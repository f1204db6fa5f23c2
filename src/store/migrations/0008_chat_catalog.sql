-- 0008: the chat catalog (issue 13): what the chat storefront (Meta's catalog behind WhatsApp,
-- or the sandbox chat) was last told about each product, and what it said back.
-- Why:
-- - a product is published by `sync` from light `channel` outbox entries (kind `catalog_item`,
--   subject = SKU, no payload: the product as it is when pushed), like provider
--   `product_upsert`s (a `catalog import` queues one `catalog_scan` instead, subject = its time:
--   every product it wrote carries that `updated_at`). Whether to send an UPDATE, a DELETE or nothing depends on what the chat
--   already shows: a draft that was never published is not sent; an archived product that was
--   published is deleted; an item whose data is what was sent last is not sent again.
-- - Meta answers per item, later (a batch handle polled until finished): its errors and
--   warnings are kept on the product for `catalog show` and `catalog list --channel-errors`,
--   and an item it refused is not sent again until the product changes (its data hash).
-- One row per SKU that was ever sent (a product never published has none).

CREATE TABLE chat_items (
    sku          TEXT NOT NULL PRIMARY KEY,
    state        TEXT NOT NULL CHECK (state IN ('published', 'rejected', 'deleted')),
    data_hash    TEXT NOT NULL,        -- sha256 of the item data last sent ('' for a DELETE)
    errors       TEXT NOT NULL DEFAULT '[]',   -- JSON array of Meta's messages for the last send
    warnings     TEXT NOT NULL DEFAULT '[]',   -- JSON array
    batch_handle TEXT,                 -- the channel's handle of the batch that carried it
    sent_at      TEXT NOT NULL
) WITHOUT ROWID;
-- `catalog list --channel-errors` reads the rejected ones without scanning every item.
CREATE INDEX chat_items_rejected ON chat_items (state) WHERE state = 'rejected' OR warnings != '[]';
