-- 0003: the sandbox chat (`channel::sandbox`, the offline chat storefront): what the simulated
-- customers sent the shop (a cart per checkout of `sandbox simulate`, which the shop pulls as
-- WhatsApp-shaped webhooks) and every message the shop sent them (`shopctl sandbox messages`).
-- It lives in the sandbox file because its customers are the sandbox's: the cart a customer
-- sends and the payment they make for it are one story.

CREATE TABLE chat_messages (
    id              INTEGER PRIMARY KEY,
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    phone           TEXT NOT NULL,                 -- the customer's WhatsApp number, digits only
    message_id      TEXT NOT NULL UNIQUE,          -- wamid.sandbox.<id>
    kind            TEXT NOT NULL,                 -- in: order; out: payment_request | order_status | text
    order_id        INTEGER REFERENCES orders (id),  -- in: the sandbox checkout the cart became
    customer_name   TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',      -- out: what the customer reads
    payload         TEXT,                          -- out: the message as the shop sent it (JSON)
    idempotency_key TEXT UNIQUE,                   -- out: the shop's outbox key (a repeat is not sent again)
    at              TEXT NOT NULL
) STRICT;
CREATE INDEX chat_messages_phone ON chat_messages (phone, id);
