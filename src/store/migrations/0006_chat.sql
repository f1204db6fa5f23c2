-- 0006: the chat loop (issue 12): the inbox of webhook deliveries, outbox entries that target
-- the chat channel beside the provider, and the messages the shop sends its customers.
-- Why:
-- - `inbox`: a webhook is stored raw and committed before it is answered (DESIGN.md,
--   "Webhooks"), then processed; a delivery seen before (Meta, Stripe and Razorpay retry) is
--   recognised by its source's dedupe key and changes nothing; a delivery whose processing
--   failed is kept with its error for `inbox retry`, never dropped.
-- - `outbox.target`: a change for the chat (a message now, Meta catalog items with issue 13)
--   is queued in the same transaction as the change, like a provider change; each target is
--   pushed in its own order, so that Meta being down never holds back the provider or the
--   reverse. `status = 'failed'`: an entry its target refused for good (Meta's 24-hour
--   window, code 131047) is kept with its error and not retried. `remote_ref`: what the
--   target answered with (the channel's message id).
-- - `messages`: one row per message to a customer, so that `orders show` can list them and a
--   delivery status from the channel (sent, delivered, read, failed) finds its message.
-- The outbox is rebuilt (a CHECK cannot be altered) keeping every entry, its key and the
-- AUTOINCREMENT sequence, as 0005 did.

CREATE TABLE inbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL,      -- whatsapp | sandbox_chat | stripe | razorpay
    dedupe_key   TEXT NOT NULL,      -- the source's delivery or event id, else sha256 of the body
    body         BLOB NOT NULL,      -- the bytes as received, after their signature was checked
    received_at  TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    processed_at TEXT,
    UNIQUE (source, dedupe_key)
);
-- What waits or failed: a processor finds its work without reading every delivery ever kept.
CREATE INDEX inbox_open ON inbox (status, id) WHERE status != 'processed';

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    target          TEXT NOT NULL DEFAULT 'provider' CHECK (target IN ('provider', 'channel')),
    kind            TEXT NOT NULL,     -- provider: product_upsert | product_archive | payment_method | fulfilment | order_cancel; channel: message
    subject         TEXT NOT NULL,     -- the sku, method, order or message id the entry is about
    payload         TEXT,              -- JSON of model::Change (provider) or model::ChannelChange (channel); NULL: product_upsert of the current product
    idempotency_key TEXT,              -- NULL: 'shopctl-outbox-' || id
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    remote_ref      TEXT,              -- what the target answered with, e.g. the channel's message id
    created_at      TEXT NOT NULL,
    pushed_at       TEXT
);
INSERT INTO outbox_new (id, kind, subject, payload, idempotency_key, status, attempts, last_error, created_at, pushed_at)
    SELECT id, kind, subject, payload, idempotency_key, status, attempts, last_error, created_at, pushed_at FROM outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    INTEGER REFERENCES orders (id),   -- NULL for a message about no order
    to_phone    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('payment_request', 'order_status', 'text')),
    summary     TEXT NOT NULL,                    -- what the customer reads, in one line
    status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'skipped')),
    outbox_id   INTEGER NOT NULL,                 -- the entry that sends it
    channel_ref TEXT,                             -- the channel's message id once sent (Meta's wamid)
    error       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX messages_order ON messages (order_id);
CREATE INDEX messages_channel_ref ON messages (channel_ref) WHERE channel_ref IS NOT NULL;
