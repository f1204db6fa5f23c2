-- 0014: the messages a channel refused for good, as a partial index of those alone.
-- Why: `status` says how many messages never reached their customer (Meta's 24-hour window,
-- a number not on WhatsApp) and names the newest orders they were about; with no index on a
-- message's status, that count read every message (two or more an order on a chat shop).
-- What it costs: a message gets an entry only when it fails, which few do.
CREATE INDEX messages_failed ON messages (id) WHERE status = 'failed';
