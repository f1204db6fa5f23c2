-- 0003: payment methods, orders with their lines, payments, fulfilments and refunds.
-- Why: orders arrive by sync (provider) or by WhatsApp webhook import; every money column is
-- integer minor units in the order's currency; refunds carry the idempotency key chosen before
-- the provider is called so that a refund is never issued twice (DESIGN.md, Sync).

CREATE TABLE payment_methods (
    method         TEXT PRIMARY KEY,
    enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    provider_state TEXT NOT NULL DEFAULT 'pending' CHECK (provider_state IN ('pending', 'in_sync')),
    updated_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,  -- the short id people type
    provider_ref   TEXT UNIQUE,                        -- the provider's reference (PaymentIntent, sandbox order)
    source         TEXT NOT NULL CHECK (source IN ('provider', 'whatsapp', 'manual')),
    source_ref     TEXT UNIQUE,                        -- e.g. the WhatsApp message id, for idempotent import
    customer_phone TEXT NOT NULL DEFAULT '',
    customer_name  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'partially_shipped', 'shipped', 'completed', 'canceled')),
    payment_status TEXT NOT NULL CHECK (payment_status IN ('pending', 'captured', 'failed', 'partially_refunded', 'refunded')),
    currency       TEXT NOT NULL,
    total          INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX orders_created ON orders (created_at);
-- Short ids start at 1001 so they never look like a quantity.
INSERT INTO sqlite_sequence (name, seq) VALUES ('orders', 1000);

CREATE TABLE order_lines (
    order_id           INTEGER NOT NULL REFERENCES orders (id),
    sku                TEXT NOT NULL,
    title              TEXT NOT NULL DEFAULT '',
    quantity           INTEGER NOT NULL CHECK (quantity > 0),
    fulfilled_quantity INTEGER NOT NULL DEFAULT 0 CHECK (fulfilled_quantity >= 0 AND fulfilled_quantity <= quantity),
    refunded_quantity  INTEGER NOT NULL DEFAULT 0 CHECK (refunded_quantity >= 0 AND refunded_quantity <= quantity),
    unit_price         INTEGER NOT NULL CHECK (unit_price >= 0),  -- the price actually paid per unit
    PRIMARY KEY (order_id, sku)
);  -- a rowid table: lines keep the order they were added in

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    provider_ref TEXT NOT NULL UNIQUE,
    method       TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'captured', 'failed')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

CREATE TABLE fulfilments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    carrier    TEXT NOT NULL DEFAULT '',
    tracking   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE fulfilment_lines (
    fulfilment_id INTEGER NOT NULL REFERENCES fulfilments (id),
    sku           TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (fulfilment_id, sku)
);  -- a rowid table: lines keep the order they were added in

-- Every status change, for `orders show`'s history.
CREATE TABLE order_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    at         TEXT NOT NULL,
    what       TEXT NOT NULL,      -- e.g. status: pending -> processing
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id);

CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    payment_id      INTEGER REFERENCES payments (id),
    provider_ref    TEXT UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    currency        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    reason          TEXT NOT NULL DEFAULT '',
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE TABLE refund_lines (
    refund_id INTEGER NOT NULL REFERENCES refunds (id),
    sku       TEXT NOT NULL,
    quantity  INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (refund_id, sku)
);  -- a rowid table: lines keep the order they were added in
