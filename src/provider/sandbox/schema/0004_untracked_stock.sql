-- 0004: a product whose stock the shop does not track is pushed with no stock (NULL here):
-- simulated customers may buy any quantity of it, and checkouts leave it NULL.
-- Why: the shop file gained untracked stock (issue 15); as 0 such products could never be
-- ordered. STRICT tables cannot drop NOT NULL in place, so the table is rebuilt.
CREATE TABLE products_new (
    sku         TEXT PRIMARY KEY,
    grp         TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    status      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    price       INTEGER NOT NULL,
    sale_price  INTEGER,
    stock       INTEGER,          -- NULL: not tracked (always orderable)
    images      TEXT NOT NULL
) STRICT;
INSERT INTO products_new SELECT sku, grp, title, description, status, currency, price, sale_price, stock, images FROM products;
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
