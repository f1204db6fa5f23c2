-- 0001: the sandbox provider's whole state. It lives in its own file (<shop file>.sandbox) so
-- that the shop can learn about it only through the Provider trait, as from a remote provider.
-- Amounts are integer minor units beside their currency; times are RFC 3339 UTC text.

-- `seq`: the change sequence behind every pull cursor.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('seq', '0');

-- One row per applied outbox entry, so that a repeated push returns the first outcome.
CREATE TABLE pushes (
    idempotency_key TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    provider_ref    TEXT,
    at              TEXT NOT NULL
) STRICT;

-- The sandbox's own copy of the catalog (simulated checkouts decrement its stock).
CREATE TABLE products (
    sku         TEXT PRIMARY KEY,
    grp         TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    status      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    price       INTEGER NOT NULL,
    sale_price  INTEGER,
    stock       INTEGER NOT NULL,
    images      TEXT NOT NULL
) STRICT;

CREATE TABLE methods (
    method  TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL
) STRICT;

-- Fee overrides given with `sandbox simulate --fee`; methods not here use the defaults.
-- percent and fixed are decimal text (fixed in the currency's major units).
CREATE TABLE fees (
    method  TEXT PRIMARY KEY,
    percent TEXT NOT NULL,
    fixed   TEXT NOT NULL
) STRICT;

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    provider_ref   TEXT NOT NULL UNIQUE,
    customer_name  TEXT NOT NULL,
    customer_phone TEXT NOT NULL,
    currency       TEXT NOT NULL,
    total          INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    canceled_at    TEXT,
    cancel_reason  TEXT,
    seq            INTEGER NOT NULL
) STRICT;

CREATE TABLE order_lines (
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    line_no    INTEGER NOT NULL,
    sku        TEXT NOT NULL,
    quantity   INTEGER NOT NULL,
    unit_price INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
) STRICT;

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    provider_ref TEXT NOT NULL UNIQUE,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    method       TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    state        TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE fulfilments (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    lines    TEXT NOT NULL,
    carrier  TEXT NOT NULL,
    tracking TEXT NOT NULL,
    at       TEXT NOT NULL
) STRICT;

CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY,
    provider_ref    TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    payment_id      INTEGER NOT NULL REFERENCES payments (id),
    amount          INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    state           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    seq             INTEGER NOT NULL
) STRICT;

CREATE TABLE payouts (
    id           INTEGER PRIMARY KEY,
    provider_ref TEXT NOT NULL UNIQUE,
    currency     TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    state        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    arrival_date TEXT NOT NULL,
    seq          INTEGER NOT NULL
) STRICT;

-- Money moving through the sandbox balance; payout_id is NULL until a payout takes it.
CREATE TABLE balance_txns (
    id           INTEGER PRIMARY KEY,
    provider_ref TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    source_ref   TEXT NOT NULL,
    currency     TEXT NOT NULL,
    gross        INTEGER NOT NULL,
    fee          INTEGER NOT NULL,
    net          INTEGER NOT NULL,
    description  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    payout_id    INTEGER REFERENCES payouts (id)
) STRICT;
CREATE INDEX balance_txns_unpaid ON balance_txns (payout_id, created_at);
