-- 0001: the shop itself, its settings, and the outbox.
-- Why: every command needs the shop's country, currency and provider; every change the
-- provider must learn is queued in `outbox` in the same transaction as the change (DESIGN.md,
-- Sync), and pulls keep one cursor per resource in `sync_cursors`.

CREATE TABLE shop (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,          -- ISO 3166-1 alpha-2
    currency   TEXT NOT NULL,          -- ISO 4217
    provider   TEXT NOT NULL,          -- sandbox | stripe
    created_at TEXT NOT NULL           -- RFC 3339 UTC, like every timestamp in this file
);

-- Small typed-by-convention settings (provider api base, key env var name, image rules, ...).
-- Never secrets: API keys come from the environment or a 0600 file the settings name.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,     -- product_upsert | product_archive | payment_method | fulfilment | order_cancel
    subject         TEXT NOT NULL,     -- the sku, method or order id the entry is about
    payload         TEXT NOT NULL,     -- JSON of provider::Change, in the shop's own types
    idempotency_key TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    pushed_at       TEXT
);
CREATE INDEX outbox_pending ON outbox (status, id);

CREATE TABLE sync_cursors (
    resource   TEXT PRIMARY KEY,       -- orders | refunds | payouts
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
