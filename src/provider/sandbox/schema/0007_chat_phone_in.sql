-- 0007: the chat's index by customer narrowed to what customers sent (issue 18).
-- Why: `chat_messages_phone` took every message, the shop's too, so each batch of messages a
-- sync sent landed at random places in it (one customer's thread is not another's): at
-- 100,000 orders over 500 customers, a batch of 500 dirtied about 340 of its pages, and the
-- sandbox's log carried 276 MB for 120 MB of messages, a second of a 12-second sync. What
-- reads by customer is the 24-hour window (`last_heard`: when the customer last wrote),
-- which only asks about what they sent, and `sandbox messages --to`, which a scan of the
-- chat serves at the sandbox's sizes.
DROP INDEX chat_messages_phone;
CREATE INDEX chat_messages_heard ON chat_messages (phone, at) WHERE direction = 'in';
