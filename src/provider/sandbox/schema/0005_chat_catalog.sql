-- 0005: the sandbox chat's catalog (issue 13): what the shop published to its chat
-- storefront, item by retailer id (the SKU), as Meta's catalog keeps it. `sandbox simulate`
-- customers browse it: they order only items published here and shown in stock.
-- It lives in the sandbox file beside the chat's messages: the sandbox chat plays Meta.

CREATE TABLE chat_catalog (
    retailer_id  TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    availability TEXT NOT NULL,
    price        INTEGER NOT NULL,              -- minor units of `currency`
    sale_price   INTEGER,
    currency     TEXT NOT NULL,
    data         TEXT NOT NULL,                 -- the item as published (JSON)
    batch        TEXT NOT NULL,                 -- the batch that last wrote it
    updated_at   TEXT NOT NULL
) STRICT;
