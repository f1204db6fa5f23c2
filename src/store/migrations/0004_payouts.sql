-- 0004: payouts, the balance transactions that make them up, and reconciliation runs.
-- Why: reconciliation compares what the provider paid out against the shop's own payments and
-- refunds; each run is stored so that `status` can show the last one.

CREATE TABLE payouts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_ref TEXT NOT NULL UNIQUE,
    amount       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'in_transit', 'paid', 'failed', 'canceled')),
    created_at   TEXT NOT NULL,
    arrival_date TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE balance_transactions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_ref TEXT NOT NULL UNIQUE,
    payout_id    INTEGER REFERENCES payouts (id),
    kind         TEXT NOT NULL CHECK (kind IN ('charge', 'refund', 'fee', 'adjustment', 'payout')),
    source_ref   TEXT NOT NULL DEFAULT '',  -- the payment or refund this moves money for
    gross        INTEGER NOT NULL,
    fee          INTEGER NOT NULL,
    net          INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX balance_transactions_payout ON balance_transactions (payout_id);

CREATE TABLE reconcile_runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    scope         TEXT NOT NULL,            -- all | since DATE | payout ID | report FILE
    payouts       INTEGER NOT NULL,
    matched       INTEGER NOT NULL,
    discrepancies INTEGER NOT NULL,
    report        TEXT NOT NULL             -- the JSON document the run printed
);
