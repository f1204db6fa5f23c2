-- 0009: what a shop of ten million orders needs to answer a person at once (issue 18,
-- scripts/gen-big-shop.sh and bench-big.sh; figures in docs/performance.md).
-- Why, query by query (each read every row of a table before):
-- - `status` counted orders and payments with count(*), which reads a whole index (1 s for
--   10M orders): `row_counts` keeps the two counts, moved by triggers in the transaction
--   that inserts or deletes a row. Its orders "to ship" read the partial index `orders_open`
--   (open orders only), and its pending refunds `refunds_pending`.
-- - `orders list --customer C` matched part of the phone or name of every order: the distinct
--   (phone, name) pairs the orders carry are kept in `order_customers` (a few thousand rows
--   for millions of orders; a trigger adds a new pair), so that the matching pairs are found
--   there and their orders (and their count, from the index alone) by `orders_customer`.
-- - `orders show` read every fulfilment for the order's (`fulfilments_order`) and every refund
--   of the payment for the refundable amount (`refunds_payment`).
-- - `refunds list` sorted every refund (`refunds_created`, newest first).
-- - `payouts reconcile --since D` read every captured payment; now those of the window
--   (`payments_created`) and those the window's transactions name.
-- What it costs: each order written pays for one more index entry (orders_customer), one
-- counter update and one probe of order_customers; each payment for one index entry and one
-- counter update. Building them on an existing shop reads each table once (about a minute
-- for ten million orders, once, when the new shopctl first opens the file).
-- Rows are never replaced (INSERT OR REPLACE) in these tables: a replace would delete without
-- the delete trigger (recursive_triggers is off) and the count would drift.

CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,     -- the table counted
    n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO row_counts (name, n) SELECT 'orders', count(*) FROM orders;
INSERT INTO row_counts (name, n) SELECT 'payments', count(*) FROM payments;

CREATE TABLE order_customers (
    phone TEXT NOT NULL,
    name  TEXT NOT NULL,
    PRIMARY KEY (phone, name)
) WITHOUT ROWID;
INSERT INTO order_customers (phone, name) SELECT DISTINCT customer_phone, customer_name FROM orders;

CREATE TRIGGER orders_added AFTER INSERT ON orders BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'orders';
    INSERT OR IGNORE INTO order_customers (phone, name) VALUES (new.customer_phone, new.customer_name);
END;
CREATE TRIGGER orders_removed AFTER DELETE ON orders BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'orders';
END;
-- A pair no order carries any more stays: the list finds orders by their own (phone, name)
-- through orders_customer, so such a pair finds nothing.
CREATE TRIGGER orders_customer_changed AFTER UPDATE OF customer_phone, customer_name ON orders BEGIN
    INSERT OR IGNORE INTO order_customers (phone, name) VALUES (new.customer_phone, new.customer_name);
END;
CREATE TRIGGER payments_added AFTER INSERT ON payments BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'payments';
END;
CREATE TRIGGER payments_removed AFTER DELETE ON payments BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'payments';
END;

CREATE INDEX orders_customer ON orders (customer_phone, customer_name, created_at);
-- The statuses with something left to ship (`store::stats` spells the same list).
CREATE INDEX orders_open ON orders (status) WHERE status IN ('pending', 'processing', 'partially_shipped');
CREATE INDEX payments_created ON payments (created_at);
CREATE INDEX fulfilments_order ON fulfilments (order_id);
CREATE INDEX refunds_created ON refunds (created_at);
CREATE INDEX refunds_payment ON refunds (payment_id);
CREATE INDEX refunds_pending ON refunds (status) WHERE status = 'pending';
