-- 0006: the change sequence indexed where pulls read by it (issue 18).
-- Why: each page of a pull (`WHERE seq > cursor ORDER BY seq LIMIT page`) read every order
-- the sandbox held and sorted those after the cursor, so pulling N orders a page of 1,000 at a
-- time cost N²/1,000 rows read: a tenth of a 10,000-order sync's instructions, more as the
-- file grows. A provider's API pages by an index; so does the sandbox now. Refunds and
-- payouts are pulled the same way.
CREATE INDEX orders_seq ON orders (seq);
CREATE INDEX refunds_seq ON refunds (seq);
CREATE INDEX payouts_seq ON payouts (seq);
