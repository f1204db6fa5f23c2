-- 0012: the other tables' CHECK lists, and the partial index `orders_open`'s, become
-- comparisons, the same rules and the same rows (issue 18).
-- Why: as 0010 found for the orders table's CHECKs, SQLite builds the lookup table of an
-- `x IN (...)` of more than two values again each time it writes a row that the list judges:
-- an in-memory B-tree opened, filled and closed. A sync of 10,000 chat orders built 80,000 of
-- them, two for each order whose status moved (the old row's and the new row's entry in
-- `orders_open`), one for each payment, message and outbox entry written: about a tenth of
-- its instructions (callgrind; `sqlite3BtreeOpen` from `OP_OpenEphemeral`). `x = 'a' OR
-- x = 'b' ...` is the same rule without them.
-- How: as 0010, SQLite's documented procedure for changing a CHECK constraint in place
-- (lang_altertable, "Making Other Kinds Of Table Schema Changes"): the schema's text is
-- edited, no row is copied, so it costs nothing on a shop of ten million orders. The index's
-- condition is edited the same way: it selects the same rows, so the index it describes is
-- the one on disk (PRAGMA integrity_check checks each row's entry against the condition), and
-- `status`'s count of open orders, which names the condition word for word, still reads it.
-- The texts are the ones the earlier migrations wrote (a shipped migration is never edited);
-- a text that differed would be left as it is, still correct. The throw-away table moves the
-- schema cookie so that other connections read the new texts; RESET reloads them in this one.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (status IN (''pending'', ''captured'', ''failed''))',
        'CHECK (status = ''pending'' OR status = ''captured'' OR status = ''failed'')')
WHERE type = 'table' AND name = 'payments';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (status IN (''pending'', ''succeeded'', ''failed''))',
        'CHECK (status = ''pending'' OR status = ''succeeded'' OR status = ''failed'')')
WHERE type = 'table' AND name = 'refunds';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (status IN (''pending'', ''in_transit'', ''paid'', ''failed'', ''canceled''))',
        'CHECK (status = ''pending'' OR status = ''in_transit'' OR status = ''paid'' OR status = ''failed'' OR status = ''canceled'')')
WHERE type = 'table' AND name = 'payouts';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (kind IN (''charge'', ''refund'', ''fee'', ''adjustment'', ''payout''))',
        'CHECK (kind = ''charge'' OR kind = ''refund'' OR kind = ''fee'' OR kind = ''adjustment'' OR kind = ''payout'')')
WHERE type = 'table' AND name = 'balance_transactions';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (status IN (''pending'', ''processed'', ''failed''))',
        'CHECK (status = ''pending'' OR status = ''processed'' OR status = ''failed'')')
WHERE type = 'table' AND name = 'inbox';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (status IN (''pending'', ''done'', ''failed''))',
        'CHECK (status = ''pending'' OR status = ''done'' OR status = ''failed'')')
WHERE type = 'table' AND name = 'outbox';
UPDATE sqlite_schema
SET sql = replace(replace(sql,
        'CHECK (kind IN (''payment_request'', ''order_status'', ''text''))',
        'CHECK (kind = ''payment_request'' OR kind = ''order_status'' OR kind = ''text'')'),
        'CHECK (status IN (''queued'', ''sent'', ''delivered'', ''read'', ''failed'', ''skipped''))',
        'CHECK (status = ''queued'' OR status = ''sent'' OR status = ''delivered'' OR status = ''read'' OR status = ''failed'' OR status = ''skipped'')')
WHERE type = 'table' AND name = 'messages';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (status IN (''active'', ''draft'', ''archived''))',
        'CHECK (status = ''active'' OR status = ''draft'' OR status = ''archived'')')
WHERE type = 'table' AND name = 'products';
UPDATE sqlite_schema
SET sql = replace(sql,
        'CHECK (state IN (''published'', ''rejected'', ''deleted''))',
        'CHECK (state = ''published'' OR state = ''rejected'' OR state = ''deleted'')')
WHERE type = 'table' AND name = 'chat_items';
UPDATE sqlite_schema
SET sql = replace(sql,
        'WHERE status IN (''pending'', ''processing'', ''partially_shipped'')',
        'WHERE status = ''pending'' OR status = ''processing'' OR status = ''partially_shipped''')
WHERE type = 'index' AND name = 'orders_open';
PRAGMA writable_schema = RESET;
CREATE TABLE lists_as_comparisons_0012 (x);
DROP TABLE lists_as_comparisons_0012;
